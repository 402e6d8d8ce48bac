//! What each departure would do, and the truck factor: how few departures leave most duties
//! without anyone qualified.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

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
///
/// Linear in the roster: a person's "covers" count never changes while they stay (a duty
/// they are qualified for cannot reach zero without them leaving), and their "orphans" count
/// grows only when a duty drops to one qualified person — at most once per duty. So people
/// wait in one list sorted by covers (roster order within equal covers, by counting sort),
/// and the few with orphans in a small heap; the best is the heap's top if any, else the
/// list's next person still there. Each duty keeps the XOR of its qualified people's
/// indices, so that when one is left, the XOR names them without a search.
pub fn truck_factor(roster: &Roster, analysis: &Analysis, duties: &[RespIdx]) -> TruckFactor {
    let mut counts: Vec<usize> = duties
        .iter()
        .map(|&r| analysis.coverage(r).qualified_count)
        .collect();
    let gaps_before = counts.iter().filter(|&&q| q == 0).count();
    let words = analysis.qualified.words();
    let mask = crate::qualify::mask(duties, words);
    // How many of `duties` a person covers: fixed while they stay, so recomputed when needed
    // rather than stored for a million people.
    let covers = |p: PersonIdx| crate::qualify::common(analysis.qualified.of(p), &mask) as u16;
    let active = || roster.people().filter(|p| analysis.active[p.index()]);
    // Where each responsibility sits in `duties`.
    let mut position = vec![usize::MAX; words * 64];
    for (i, r) in duties.iter().enumerate() {
        position[r.index()] = i;
    }
    let mut xor = vec![0u32; duties.len()];
    let mut with_covers = vec![0usize; duties.len() + 1];
    // Each person's covers, kept (a byte each) when they fit, for the ordering pass below.
    let small = duties.len() <= usize::from(u8::MAX);
    let mut covers_of: Vec<u8> = Vec::with_capacity(if small { roster.len() } else { 0 });
    for p in roster.people() {
        let mut c = 0;
        if analysis.active[p.index()] {
            for (w, (&bits, &m)) in analysis.qualified.of(p).iter().zip(&mask).enumerate() {
                let mut bits = bits & m;
                c += bits.count_ones() as usize;
                while bits != 0 {
                    xor[position[w * 64 + bits.trailing_zeros() as usize]] ^= p.0;
                    bits &= bits - 1;
                }
            }
            with_covers[c] += 1;
        }
        if small {
            covers_of.push(c as u8);
        }
    }
    // Orphans are rare (a duty down to one person; at most one holder per duty), so they
    // are kept in a short list.
    let mut orphans = Orphans::default();
    let mut heap: BinaryHeap<(u16, u16, Reverse<PersonIdx>)> = BinaryHeap::new();
    // Duties with one qualified person already: that person orphans them on leaving.
    for (i, _) in counts.iter().enumerate().filter(|&(_, &c)| c == 1) {
        let sole = PersonIdx(xor[i]);
        heap.push((orphans.add(sole), covers(sole), Reverse(sole)));
    }
    // Everyone covering something, most covers first, roster order within equal covers.
    let mut next_at = vec![0usize; duties.len() + 1];
    let mut at = 0;
    for c in (1..with_covers.len()).rev() {
        next_at[c] = at;
        at += with_covers[c];
    }
    let mut order = vec![PersonIdx(0); at];
    let mut place = |p: PersonIdx, c: usize| {
        if c > 0 {
            order[next_at[c]] = p;
            next_at[c] += 1;
        }
    };
    if small {
        for (p, &c) in roster.people().zip(&covers_of) {
            place(p, usize::from(c));
        }
    } else {
        for p in active() {
            place(p, usize::from(covers(p)));
        }
    }
    drop(covers_of);
    let mut cursor = 0;
    let mut gone = vec![0u64; roster.len().div_ceil(64)];
    let mut gaps = gaps_before;
    let mut people = Vec::new();
    while gaps * 2 <= duties.len() && !duties.is_empty() {
        let Some(p) = next_removal(&mut heap, &order, &mut cursor, &orphans, &gone) else {
            break;
        };
        gone[p.index() / 64] |= 1 << (p.index() % 64);
        people.push(p);
        for (w, (&bits, &m)) in analysis.qualified.of(p).iter().zip(&mask).enumerate() {
            let mut bits = bits & m;
            while bits != 0 {
                let i = position[w * 64 + bits.trailing_zeros() as usize];
                bits &= bits - 1;
                counts[i] -= 1;
                xor[i] ^= p.0;
                match counts[i] {
                    0 => gaps += 1,
                    1 => {
                        // The one left becomes the only qualified person: promote them.
                        let last = PersonIdx(xor[i]);
                        heap.push((orphans.add(last), covers(last), Reverse(last)));
                    }
                    _ => {}
                }
            }
        }
    }
    TruckFactor {
        people,
        duties: duties.len(),
        gaps_before,
        gaps_after: gaps,
    }
}

/// How many duties each person would orphan by leaving, for the few people with any.
#[derive(Debug, Default)]
struct Orphans(Vec<(PersonIdx, u16)>);

impl Orphans {
    fn of(&self, p: PersonIdx) -> u16 {
        self.0.iter().find(|&&(q, _)| q == p).map_or(0, |&(_, o)| o)
    }

    /// Counts one more duty `p` alone holds; returns their count.
    fn add(&mut self, p: PersonIdx) -> u16 {
        match self.0.iter_mut().find(|(q, _)| *q == p) {
            Some((_, o)) => {
                *o += 1;
                *o
            }
            None => {
                self.0.push((p, 1));
                1
            }
        }
    }
}

/// The next person the greedy removes: most orphans, then most covers, then roster order.
fn next_removal(
    heap: &mut BinaryHeap<(u16, u16, Reverse<PersonIdx>)>,
    order: &[PersonIdx],
    cursor: &mut usize,
    orphans: &Orphans,
    gone: &[u64],
) -> Option<PersonIdx> {
    let is_gone = |p: PersonIdx| gone[p.index() / 64] & (1 << (p.index() % 64)) != 0;
    let orphans_of = |p: PersonIdx| orphans.of(p);
    // Stale heap entries (removed, or promoted again since) are dropped.
    while let Some(&(o, _, Reverse(p))) = heap.peek() {
        if is_gone(p) || o != orphans_of(p) {
            heap.pop();
        } else {
            break;
        }
    }
    if let Some((_, _, Reverse(p))) = heap.pop() {
        return Some(p);
    }
    while let Some(&p) = order.get(*cursor) {
        *cursor += 1;
        // Promoted people are in the heap already; removed ones are done.
        if !is_gone(p) && orphans_of(p) == 0 {
            return Some(p);
        }
    }
    None
}
