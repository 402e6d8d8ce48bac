//! A plan to close every gap and at-risk duty: train the nearest people first, hire for what
//! training cannot reasonably close.
//!
//! Training: open duties are taken gaps first, then at-risk ones, each in catalogue order.
//! Each missing qualified person is found as the one whose *marginal* cost — the level steps
//! still needed after the training already planned — is smallest, so one person's training
//! is reused across duties and the total number of steps stays low; among equals, the one
//! carrying the fewest duties (qualified plus planned), then roster order.
//! A candidate who would need more than `max_steps` steps is not trained; the duty goes to
//! hiring.
//!
//! Hiring: per role, a greedy set cover. The open duty that needs the most hires seeds a
//! profile; the role's other open duties join it, in catalogue order, while the profile asks
//! for at most [`MAX_PROFILE_SKILLS`] skills (one believable person). The profile asks for the
//! highest level any of its duties asks, and is hired as many times as its neediest duty
//! needs. Repeat until every duty is covered.

use std::collections::BTreeMap;

use orggap_model::{
    Catalogue, Interner, Level, PersonFields, PersonIdx, RespIdx, RoleIdx, Roster, SkillIdx,
};

use crate::coverage::{Analysis, Status};

/// The most skills one hire profile asks for.
pub const MAX_PROFILE_SKILLS: usize = 6;

/// One person's training.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upskill {
    /// Who.
    pub person: PersonIdx,
    /// Skill steps: (skill, from, to).
    pub steps: Vec<(SkillIdx, u8, u8)>,
    /// The open duties this training makes them qualified for, in catalogue order.
    pub closes: Vec<RespIdx>,
}

impl Upskill {
    /// Level steps in total.
    pub fn total_steps(&self) -> u32 {
        self.steps
            .iter()
            .map(|&(_, from, to)| u32::from(to - from))
            .sum()
    }
}

/// A profile to hire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hire {
    /// The role whose duties it closes.
    pub role: RoleIdx,
    /// How many people of this profile.
    pub count: u32,
    /// Skills and minimum levels, in catalogue skill order.
    pub requires: Vec<(SkillIdx, u8)>,
    /// The duties it closes, in catalogue order.
    pub closes: Vec<RespIdx>,
}

/// Training first, then hiring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Training, in roster order.
    pub upskill: Vec<Upskill>,
    /// Hires, by role in catalogue order.
    pub hires: Vec<Hire>,
    /// The step limit used.
    pub max_steps: u32,
}

/// Planned target levels on top of the roster.
struct Targets<'a> {
    roster: &'a Roster,
    catalogue: &'a Catalogue,
    raised: BTreeMap<(PersonIdx, SkillIdx), u8>,
}

impl Targets<'_> {
    fn level(&self, p: PersonIdx, s: SkillIdx) -> u8 {
        let base = self.roster.level(p, s).get();
        self.raised.get(&(p, s)).map_or(base, |&t| t.max(base))
    }

    fn marginal(&self, p: PersonIdx, r: RespIdx) -> u32 {
        self.catalogue
            .responsibility(r)
            .requires
            .iter()
            .map(|q| u32::from(q.level.get().saturating_sub(self.level(p, q.skill))))
            .sum()
    }

    fn raise_for(&mut self, p: PersonIdx, r: RespIdx) {
        for q in &self.catalogue.responsibility(r).requires {
            if self.level(p, q.skill) < q.level.get() {
                self.raised.insert((p, q.skill), q.level.get());
            }
        }
    }

    fn trained(&self) -> impl Iterator<Item = PersonIdx> + '_ {
        let mut people: Vec<PersonIdx> = self.raised.keys().map(|&(p, _)| p).collect();
        people.dedup();
        people.into_iter()
    }
}

/// Plans training and hiring for every gap and at-risk duty of `analysis`.
pub fn plan(catalogue: &Catalogue, roster: &Roster, analysis: &Analysis, max_steps: u32) -> Plan {
    let mut targets = Targets {
        roster,
        catalogue,
        raised: BTreeMap::new(),
    };
    let mut open: Vec<RespIdx> = catalogue
        .responsibility_indices()
        .filter(|&r| matches!(analysis.coverage(r).status, Status::Gap | Status::AtRisk))
        .collect();
    open.sort_by_key(|&r| (analysis.coverage(r).status != Status::Gap, r));

    let mut chosen: BTreeMap<PersonIdx, Vec<RespIdx>> = BTreeMap::new();
    let load = |p: PersonIdx, chosen: &BTreeMap<PersonIdx, Vec<RespIdx>>| {
        let qualified: u32 = analysis
            .qualified
            .of(p)
            .iter()
            .map(|w| w.count_ones())
            .sum();
        qualified as usize + chosen.get(&p).map_or(0, Vec::len)
    };
    let mut hire_need: Vec<u32> = vec![0; catalogue.responsibilities().len()];
    for &r in &open {
        let newly = targets
            .trained()
            .filter(|&p| !analysis.qualified.is(p, r) && targets.marginal(p, r) == 0)
            .count();
        let have = analysis.coverage(r).qualified_count + newly;
        let mut need = (catalogue.responsibility(r).min_owners as usize).saturating_sub(have);
        while need > 0 {
            // Fewest steps; among equals, the person carrying the fewest duties, so that
            // training does not pile more onto the key people.
            let best = roster
                .people()
                .filter(|p| analysis.active[p.index()])
                .map(|p| (targets.marginal(p, r), p))
                .filter(|&(m, _)| m > 0 && m <= max_steps)
                .map(|(m, p)| (m, load(p, &chosen), p))
                .min();
            match best {
                Some((_, _, p)) => {
                    targets.raise_for(p, r);
                    chosen.entry(p).or_default().push(r);
                    need -= 1;
                }
                _ => break,
            }
        }
        hire_need[r.index()] = need as u32;
    }

    let upskill = chosen
        .into_iter()
        .map(|(person, mut closes)| {
            closes.sort_unstable();
            let steps = targets
                .raised
                .range((person, SkillIdx(0))..=(person, SkillIdx(u16::MAX)))
                .map(|(&(_, s), &to)| (s, roster.level(person, s).get(), to))
                .collect();
            Upskill {
                person,
                steps,
                closes,
            }
        })
        .collect();
    Plan {
        upskill,
        hires: hires(catalogue, &mut hire_need),
        max_steps,
    }
}

fn hires(catalogue: &Catalogue, need: &mut [u32]) -> Vec<Hire> {
    let mut out = Vec::new();
    for role in (0..catalogue.roles().len()).map(RoleIdx::from_usize) {
        loop {
            let remaining: Vec<RespIdx> = catalogue
                .responsibilities_of(role)
                .iter()
                .copied()
                .filter(|r| need[r.index()] > 0)
                .collect();
            let Some(&seed) = remaining
                .iter()
                .max_by_key(|r| (need[r.index()], std::cmp::Reverse(**r)))
            else {
                break;
            };
            let mut requires: BTreeMap<SkillIdx, u8> = BTreeMap::new();
            let mut closes = Vec::new();
            for r in std::iter::once(seed).chain(remaining.into_iter().filter(|&r| r != seed)) {
                let mut merged = requires.clone();
                for q in &catalogue.responsibility(r).requires {
                    let level = merged.entry(q.skill).or_insert(0);
                    *level = (*level).max(q.level.get());
                }
                if merged.len() <= MAX_PROFILE_SKILLS || closes.is_empty() {
                    requires = merged;
                    closes.push(r);
                }
            }
            let count = need[seed.index()];
            for &r in &closes {
                need[r.index()] = need[r.index()].saturating_sub(count);
            }
            closes.sort_unstable();
            out.push(Hire {
                role,
                count,
                requires: requires.into_iter().collect(),
                closes,
            });
        }
    }
    out
}

impl Plan {
    /// The roster as it would be after the plan: levels raised, hires added (named
    /// `Hire N (role)`).
    pub fn apply(&self, catalogue: &Catalogue, roster: &Roster) -> Roster {
        let mut after = roster.clone();
        for u in &self.upskill {
            for &(s, _, to) in &u.steps {
                after.set_level(u.person, s, Level::new(to).unwrap_or(Level::EXPERT));
            }
        }
        let mut interner = Interner::default();
        let mut n = 0;
        for h in &self.hires {
            for _ in 0..h.count {
                n += 1;
                let name = format!("Hire {n} ({})", catalogue.role(h.role).id);
                let fields = PersonFields {
                    name: &name,
                    ..PersonFields::default()
                };
                let p = after.push_person(fields, &mut interner);
                for &(s, level) in &h.requires {
                    after.set_level(p, s, Level::new(level).unwrap_or(Level::EXPERT));
                }
            }
        }
        after
    }

    /// Level steps of training in total.
    pub fn total_steps(&self) -> u32 {
        self.upskill.iter().map(Upskill::total_steps).sum()
    }
}
