//! Lower bounds on the level steps of any plan, printed with a plan not proved optimal: from
//! every candidate of each open duty when they were all found, else from the nearest people
//! the greedy plan found.

use std::collections::BTreeMap;

use orggap_model::{Catalogue, PersonIdx, RespIdx, Roster};

use crate::plan::Nearest;
use crate::plan_exact::Open;
#[cfg(test)]
use crate::{coverage::Analysis, plan::plan_greedy_nearest};

/// A lower bound on the training steps of any plan, the larger of two. First: each open duty trains at least its
/// cheapest candidates (as many as it lacks, or all it has), and duties that ask for none
/// of the same skills cannot share a step (a step is one person's one skill), so the sum
/// over such a set holds. The set: duties taken dearest first, each if it shares no skill
/// with those taken (cheap, and far stronger than the dearest duty alone on a large
/// catalogue).
pub(crate) fn lower_bound(catalogue: &Catalogue, roster: &Roster, open: &[Open]) -> u32 {
    disjoint_bound(catalogue, open).max(per_skill_bound(catalogue, roster, open))
}

/// [`lower_bound`]'s first: the cheapest candidates of duties that share no skill.
fn disjoint_bound(catalogue: &Catalogue, open: &[Open]) -> u32 {
    let mut cost: Vec<(u32, RespIdx)> = open
        .iter()
        .map(|o| {
            let mut steps: Vec<u32> = o.candidates.iter().map(|&(_, m)| m).collect();
            steps.sort_unstable();
            (steps.iter().take(o.need as usize).sum::<u32>(), o.duty)
        })
        .filter(|&(c, _)| c > 0)
        .collect();
    cost.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut taken = vec![false; catalogue.skills().len()];
    let mut bound = 0;
    for (c, duty) in cost {
        let skills = &catalogue.responsibility(duty).requires;
        if skills.iter().all(|q| !taken[q.skill.index()]) {
            skills.iter().for_each(|q| taken[q.skill.index()] = true);
            bound += c;
        }
    }
    bound
}

/// [`disjoint_bound`] from each duty's nearest people as the greedy plan found them (see
/// [`crate::plan::plan_greedy_nearest`]) instead of every candidate: they are the cheapest candidates
/// within `--max-steps` (a candidate only through other training is further), so the
/// cheapest a duty needs are among them, or, where fewer are, their steps are less: each
/// duty's cost is at most its true one, and any duties that share no skill sum to a bound.
/// (Not the per-skill bound: the nearest by all of a duty's skills need not be the nearest
/// in each skill.)
pub(crate) fn nearest_bound(catalogue: &Catalogue, open: &mut [Open], nearest: Nearest) -> u32 {
    let mut nearest: BTreeMap<RespIdx, Vec<(PersonIdx, u32)>> = nearest.into_iter().collect();
    for o in open.iter_mut() {
        let mut near = nearest.remove(&o.duty).unwrap_or_default();
        near.retain(|&(_, m)| m > 0);
        o.candidates = near;
    }
    disjoint_bound(catalogue, open)
}

/// Another lower bound: steps on different skills are different steps, and the steps on one
/// skill are at least what the duty that needs most of that skill alone needs of it (its
/// cheapest candidates in that skill). Summed over the skills.
fn per_skill_bound(catalogue: &Catalogue, roster: &Roster, open: &[Open]) -> u32 {
    let mut most = vec![0u32; catalogue.skills().len()];
    let mut short: Vec<u32> = Vec::new();
    for o in open {
        for q in &catalogue.responsibility(o.duty).requires {
            short.clear();
            short.extend(o.candidates.iter().map(|&(p, _)| {
                u32::from(
                    q.level
                        .get()
                        .saturating_sub(roster.row(p).get(q.skill.index())),
                )
            }));
            short.sort_unstable();
            let steps = short.iter().take(o.need as usize).sum::<u32>();
            let at = &mut most[q.skill.index()];
            *at = (*at).max(steps);
        }
    }
    most.iter().sum()
}

/// The lower bound [`crate::plan_with`] proves on the training steps of any plan of `analysis` (for
/// the tests: it never exceeds the optimum).
#[cfg(test)]
pub(crate) fn training_bound(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    max_steps: u32,
) -> u32 {
    let mut open = crate::plan_exact::open_duties(catalogue, analysis);
    crate::plan_exact::find_candidates(catalogue, roster, analysis, max_steps, &mut open);
    lower_bound(catalogue, roster, &open)
}

/// The lower bound [`crate::plan_with`] proves for a roster too large to search (for the tests: it
/// never exceeds the optimum).
#[cfg(test)]
pub(crate) fn nearest_training_bound(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    max_steps: u32,
) -> u32 {
    let (_, nearest) = plan_greedy_nearest(catalogue, roster, analysis, max_steps);
    let mut open = crate::plan_exact::open_duties(catalogue, analysis);
    nearest_bound(catalogue, &mut open, nearest)
}
