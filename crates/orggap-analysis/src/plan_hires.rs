//! The exact plan's hires: per role, the duties training leaves open split into the fewest
//! hires in the fewest profiles.

use std::collections::BTreeMap;

use orggap_model::{Catalogue, RespIdx, RoleIdx, SkillIdx};

use crate::plan::{Hire, MAX_PROFILE_SKILLS, greedy_hires, must_hire, raise_for, still_needed};

/// The most duties of one role that need hires for the exact partition into profiles
/// (2^16 subsets); above it, profiles are grown greedily.
const MAX_EXACT_HIRE_DUTIES: usize = 16;
/// The hires for `need` (per duty, what training leaves open): per role, the duties split
/// into profiles of at most [`MAX_PROFILE_SKILLS`] skills with the fewest hires, then the
/// fewest profiles, exactly when a role has at most [`MAX_EXACT_HIRE_DUTIES`] such duties.
/// Also whether every role was split exactly.
pub(crate) fn exact_hires(catalogue: &Catalogue, need: &[u32]) -> (Vec<Hire>, bool) {
    let mut hires = Vec::new();
    let mut exact = true;
    for role in (0..catalogue.roles().len()).map(RoleIdx::from_usize) {
        let duties = still_needed(catalogue, role, need);
        if duties.is_empty() {
            continue;
        }
        if duties.len() > MAX_EXACT_HIRE_DUTIES {
            let mut rest = vec![0; need.len()];
            for r in &duties {
                rest[r.index()] = need[r.index()];
            }
            hires.extend(greedy_hires(catalogue, &mut rest));
            exact = false;
            continue;
        }
        hires.extend(partition(catalogue, role, &duties, need));
    }
    (hires, exact)
}

/// The cheapest split of `duties` into profiles: (hires, profiles) least, by a dynamic
/// programme over subsets.
fn partition(catalogue: &Catalogue, role: RoleIdx, duties: &[RespIdx], need: &[u32]) -> Vec<Hire> {
    let n = duties.len();
    let full = (1usize << n) - 1;
    // Each subset's skills and levels (the highest any of its duties asks), built from the
    // subset without its lowest duty.
    let mut skills: Vec<BTreeMap<SkillIdx, u8>> = vec![BTreeMap::new(); full + 1];
    let mut most = vec![0u32; full + 1];
    for set in 1..=full {
        let low = set.trailing_zeros() as usize;
        let mut merged = skills[set & (set - 1)].clone();
        raise_for(catalogue, duties[low], &mut merged);
        skills[set] = merged;
        most[set] = most[set & (set - 1)].max(need[duties[low].index()]);
    }
    // best[set]: (hires, profiles) to cover `set`, and the profile holding its lowest duty.
    let mut best: Vec<((u32, u32), usize)> = vec![((0, 0), 0); full + 1];
    for set in 1..=full {
        let low = set & set.wrapping_neg();
        let rest = set ^ low;
        let mut choice: Option<((u32, u32), usize)> = None;
        // Every profile containing the lowest duty: `low` plus any subset of the rest.
        let mut sub = rest;
        loop {
            let group = sub | low;
            // A single duty is always a profile, however many skills it asks for.
            if skills[group].len() <= MAX_PROFILE_SKILLS || group == low {
                let (h, k) = best[set ^ group].0;
                let cost = (h + most[group], k + 1);
                if choice.is_none_or(|(c, g)| (cost, group) < (c, g)) {
                    choice = Some((cost, group));
                }
            }
            if sub == 0 {
                break;
            }
            sub = (sub - 1) & rest;
        }
        best[set] = choice.expect("the lowest duty alone is a profile");
    }
    let mut profiles = Vec::new();
    let mut set = full;
    while set != 0 {
        let group = best[set].1;
        let closes: Vec<RespIdx> = (0..n)
            .filter(|i| group >> i & 1 == 1)
            .map(|i| duties[i])
            .collect();
        profiles.push(Hire {
            role,
            count: most[group],
            must: must_hire(catalogue, &closes, need),
            requires: skills[group].iter().map(|(&s, &l)| (s, l)).collect(),
            closes,
        });
        set ^= group;
    }
    profiles.sort_by_key(|h| h.closes[0]);
    profiles
}
