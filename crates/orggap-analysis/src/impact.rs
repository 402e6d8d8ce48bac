//! What each departure would do, and the truck factor: how few departures leave most duties
//! without anyone qualified.

use std::cmp::Reverse;

use orggap_model::{Catalogue, PersonIdx, RespIdx, Roster};

use crate::coverage::{Analysis, Status};

/// What one person's departure would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Departure {
    /// Who leaves.
    pub person: PersonIdx,
    /// Duties that would become gaps (the person is their only qualified one).
    pub new_gaps: Vec<RespIdx>,
    /// Covered duties that would become at risk.
    pub new_at_risk: Vec<RespIdx>,
}

/// Every person whose departure changes a status, most harmful first (most new gaps, then
/// most newly at-risk duties, then roster order). One pass over the qualification matrix:
/// leaving only lowers the qualified count of the duties the person is qualified for by one.
pub fn departures(catalogue: &Catalogue, roster: &Roster, analysis: &Analysis) -> Vec<Departure> {
    let mut out = Vec::new();
    for p in roster.people().filter(|p| analysis.active[p.index()]) {
        let mut departure = Departure {
            person: p,
            new_gaps: Vec::new(),
            new_at_risk: Vec::new(),
        };
        for c in &analysis.responsibilities {
            if !analysis.qualified.is(p, c.responsibility) {
                continue;
            }
            let min = catalogue.responsibility(c.responsibility).min_owners;
            let before = c.status;
            if before == Status::Accepted {
                continue;
            }
            let after = Status::of(c.qualified_count - 1, min);
            match (before, after) {
                (_, Status::Gap) => departure.new_gaps.push(c.responsibility),
                (Status::Covered, Status::AtRisk) => departure.new_at_risk.push(c.responsibility),
                _ => {}
            }
        }
        if !departure.new_gaps.is_empty() || !departure.new_at_risk.is_empty() {
            out.push(departure);
        }
    }
    out.sort_by_key(|d| (Reverse(d.new_gaps.len()), Reverse(d.new_at_risk.len())));
    out
}

/// The smallest group (found greedily) whose departure leaves more than half of a set of
/// duties without anyone qualified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TruckFactor {
    /// The people removed, in the order the greedy chose them; its length is the factor.
    pub people: Vec<PersonIdx>,
    /// How many duties were considered.
    pub duties: usize,
    /// How many of them had nobody qualified before anyone left.
    pub gaps_before: usize,
    /// How many had nobody qualified after the group left.
    pub gaps_after: usize,
}

/// The method, for reports.
pub const TRUCK_FACTOR_METHOD: &str = "greedy, after Avelino et al. (2016): remove, one at a time, the person whose departure leaves the most duties with nobody qualified (ties: the person qualified for the most remaining duties, then roster order) until more than half of the duties have nobody qualified";

/// The truck factor of `duties`.
pub fn truck_factor(roster: &Roster, analysis: &Analysis, duties: &[RespIdx]) -> TruckFactor {
    let mut counts: Vec<usize> = duties
        .iter()
        .map(|&r| analysis.coverage(r).qualified_count)
        .collect();
    let gaps = |counts: &[usize]| counts.iter().filter(|&&q| q == 0).count();
    let gaps_before = gaps(&counts);
    let mut gone = vec![false; roster.len()];
    let mut people = Vec::new();
    while gaps(&counts) * 2 <= duties.len() && !duties.is_empty() {
        let mut best: Option<(usize, usize, PersonIdx)> = None;
        for p in roster.people() {
            if gone[p.index()] || !analysis.active[p.index()] {
                continue;
            }
            let (mut orphans, mut covers) = (0, 0);
            for (i, &r) in duties.iter().enumerate() {
                if counts[i] > 0 && analysis.qualified.is(p, r) {
                    covers += 1;
                    orphans += usize::from(counts[i] == 1);
                }
            }
            if covers > 0 && best.is_none_or(|(o, c, _)| (orphans, covers) > (o, c)) {
                best = Some((orphans, covers, p));
            }
        }
        // Nobody left is qualified for a duty that still has someone: cannot happen while
        // at most half are gaps, but stop rather than loop.
        let Some((_, _, p)) = best else { break };
        gone[p.index()] = true;
        people.push(p);
        for (i, &r) in duties.iter().enumerate() {
            if counts[i] > 0 && analysis.qualified.is(p, r) {
                counts[i] -= 1;
            }
        }
    }
    TruckFactor {
        people,
        duties: duties.len(),
        gaps_before,
        gaps_after: gaps(&counts),
    }
}
