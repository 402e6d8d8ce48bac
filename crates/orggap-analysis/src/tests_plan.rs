//! `plan` by columns gives exactly the plan of the plain greedy it replaced (kept here as the
//! oracle): each missing qualified person the one with the fewest marginal steps, then the
//! fewest duties held, then roster order.

use std::collections::BTreeMap;

use orggap_model::{Catalogue, PersonIdx, RespIdx, Roster, SkillIdx};
use proptest::prelude::*;

use crate::coverage::{Analysis, Status};
use crate::plan::plan_with_spare;
use crate::tests_props::{catalogue, people, roster};
use crate::{Limits, analyse};

/// Planned target levels on top of the roster, as the plain greedy kept them.
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
}

/// The training the plain greedy plans: (person, duties closed, steps), in roster order.
type Training = Vec<(PersonIdx, Vec<RespIdx>, Vec<(SkillIdx, u8, u8)>)>;

fn plain_training(cat: &Catalogue, roster: &Roster, a: &Analysis, max_steps: u32) -> Training {
    let mut targets = Targets {
        roster,
        catalogue: cat,
        raised: BTreeMap::new(),
    };
    let mut open: Vec<RespIdx> = cat
        .responsibility_indices()
        .filter(|&r| matches!(a.coverage(r).status, Status::Gap | Status::AtRisk))
        .collect();
    open.sort_by_key(|&r| (a.coverage(r).status != Status::Gap, r));
    let mut chosen: BTreeMap<PersonIdx, Vec<RespIdx>> = BTreeMap::new();
    let load = |p: PersonIdx, chosen: &BTreeMap<PersonIdx, Vec<RespIdx>>| {
        let held = a.qualified.count(p);
        held as usize + chosen.get(&p).map_or(0, Vec::len)
    };
    for &r in &open {
        let mut trained: Vec<PersonIdx> = targets.raised.keys().map(|&(p, _)| p).collect();
        trained.dedup();
        let newly = trained
            .into_iter()
            .filter(|&p| !a.qualified.is(p, r) && targets.marginal(p, r) == 0)
            .count();
        let have = a.coverage(r).qualified_count + newly;
        let mut need = (cat.responsibility(r).min_owners as usize).saturating_sub(have);
        while need > 0 {
            let best = roster
                .people()
                .filter(|p| a.active[p.index()])
                .map(|p| (targets.marginal(p, r), p))
                .filter(|&(m, _)| m > 0 && m <= max_steps)
                .map(|(m, p)| (m, load(p, &chosen), p))
                .min();
            let Some((_, _, p)) = best else { break };
            for q in &cat.responsibility(r).requires {
                if targets.level(p, q.skill) < q.level.get() {
                    targets.raised.insert((p, q.skill), q.level.get());
                }
            }
            chosen.entry(p).or_default().push(r);
            need -= 1;
        }
    }
    chosen
        .into_iter()
        .map(|(p, mut closes)| {
            closes.sort_unstable();
            let steps = targets
                .raised
                .range((p, SkillIdx(0))..=(p, SkillIdx(u16::MAX)))
                .map(|(&(_, s), &to)| (s, roster.level(p, s).get(), to))
                .collect();
            (p, closes, steps)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn plan_by_columns_is_the_plain_greedys_plan(
        (levels, caps) in people(),
        max_steps in 1u32..9,
        gone in 0usize..3,
    ) {
        let cat = catalogue();
        let r = roster(&cat, &levels, &caps);
        let without: Vec<PersonIdx> = r.people().filter(|p| p.index() % 5 == gone).collect();
        let a = analyse(&cat, &r, &without, Limits::default());
        let plain = plain_training(&cat, &r, &a, max_steps);
        // With the usual spare candidates, and with none (so that people trained for earlier
        // duties use up the candidates found and the plan must look at everyone again).
        for spare in [8, 0] {
            let fast: Training = plan_with_spare(&cat, &r, &a, max_steps, spare)
                .0
                .upskill
                .into_iter()
                .map(|u| (u.person, u.closes, u.steps))
                .collect();
            prop_assert_eq!(&fast, &plain, "spare {}", spare);
        }
    }
}
