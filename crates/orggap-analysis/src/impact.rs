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
        // Only the duties the person is qualified for can change, in catalogue order.
        let duties = analysis.qualified.duties(p).map(RespIdx::index);
        for r in duties {
            let c = &analysis.responsibilities[r];
            let min = catalogue.responsibility(c.responsibility).min_owners;
            // Proven qualification only: the worst case.
            let before = c.worst;
            if c.status == Status::Accepted {
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
/// wait in lists by covers (roster order within equal covers, bucketed as they are found),
/// and the few with orphans in a small heap; the best is the heap's top if any, else the
/// list's next person still there. Each duty keeps the XOR of its qualified people's
/// indices, so that when one is left, the XOR names them without a search.
pub fn truck_factor(roster: &Roster, analysis: &Analysis, duties: &[RespIdx]) -> TruckFactor {
    let mut sorted = duties.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let scope = Scope::new(sorted, analysis.responsibilities.len());
    let xor = holders_xor(roster, analysis);
    let mut members = Members::default();
    for p in roster.people().filter(|p| analysis.active[p.index()]) {
        members.push(p, scope.covers(analysis, p));
    }
    scope.greedy(analysis, &xor, &[members])
}

/// The truck factor of every duty and of each role's duties (in catalogue order), from one
/// pass over the people, the scopes then worked on in parallel.
pub fn truck_factors(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
) -> (TruckFactor, Vec<TruckFactor>) {
    let count = catalogue.responsibilities().len();
    let roles = catalogue.roles().len();
    // The overall scope first, then each role's.
    let scopes: Vec<Scope> = std::iter::once(catalogue.responsibility_indices().collect())
        .chain((0..roles).map(|i| {
            let role = orggap_model::RoleIdx::from_usize(i);
            catalogue.responsibilities_of(role).to_vec()
        }))
        .map(|duties| Scope::new(duties, count))
        .collect();
    let role_of: Vec<usize> = catalogue
        .responsibilities()
        .iter()
        .map(|r| r.role.index())
        .collect();
    // One pass over the people, in as many slices as there are cores, kept in order.
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let slice = roster.len().div_ceil(workers).max(1);
    let role_of = &role_of;
    let passes: Vec<Pass> = std::thread::scope(|threads| {
        let handles: Vec<_> = (0..roster.len().div_ceil(slice))
            .map(|i| {
                let people = i * slice..((i + 1) * slice).min(roster.len());
                threads.spawn(move || Pass::of(analysis, people, count, roles, role_of))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a truck-factor thread does not panic"))
            .collect()
    });
    // Each scope's members are the slices' lists as they are, in roster order.
    let mut xor = vec![0u32; count];
    let mut members: Vec<Vec<Members>> = scopes.iter().map(|_| Vec::new()).collect();
    for pass in passes {
        for (x, y) in xor.iter_mut().zip(&pass.xor) {
            *x ^= y;
        }
        for (lists, list) in members.iter_mut().zip(pass.scopes) {
            lists.push(list);
        }
    }
    // The scopes are independent: every core takes the next one until none is left,
    // largest first (most work); results keep the scopes' order.
    let size =
        |i: usize| members[i].iter().map(Members::len).sum::<usize>() + scopes[i].duties.len();
    let mut queue: Vec<usize> = (0..scopes.len()).collect();
    queue.sort_by_key(|&i| Reverse(size(i)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (queue, scopes, members, xor, next) = (&queue, &scopes, &members, &xor, &next);
    let mut done: Vec<(usize, TruckFactor)> = std::thread::scope(|threads| {
        let handles: Vec<_> = (0..workers.min(scopes.len()))
            .map(|_| {
                threads.spawn(move || {
                    let mut mine = Vec::new();
                    while let Some(&i) =
                        queue.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        mine.push((i, scopes[i].greedy(analysis, xor, &members[i])));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a truck-factor thread does not panic"))
            .collect()
    });
    done.sort_by_key(|&(i, _)| i);
    let mut done = done.into_iter().map(|(_, tf)| tf);
    let overall = done.next().expect("the overall scope");
    (overall, done.collect())
}

/// The XOR of the indices of each duty's qualified people.
fn holders_xor(roster: &Roster, analysis: &Analysis) -> Vec<u32> {
    let mut xor = vec![0u32; analysis.responsibilities.len()];
    for p in roster.people().filter(|p| analysis.active[p.index()]) {
        for r in analysis.qualified.duties(p) {
            xor[r.index()] ^= p.0;
        }
    }
    xor
}

/// What one slice of the people gives the truck factors: each duty's XOR of its qualified
/// people, and each scope's members (everyone, then each role's).
struct Pass {
    xor: Vec<u32>,
    scopes: Vec<Members>,
}

impl Pass {
    fn of(
        analysis: &Analysis,
        people: std::ops::Range<usize>,
        duties: usize,
        roles: usize,
        role_of: &[usize],
    ) -> Pass {
        let mut pass = Pass {
            xor: vec![0; duties],
            scopes: std::iter::repeat_with(Members::default)
                .take(roles + 1)
                .collect(),
        };
        let (mut fit, mut touched) = (vec![0u32; roles], Vec::new());
        for p in people
            .map(PersonIdx::from_usize)
            .filter(|p| analysis.active[p.index()])
        {
            let mut total = 0;
            for r in analysis.qualified.duties(p).map(RespIdx::index) {
                pass.xor[r] ^= p.0;
                total += 1;
                let role = role_of[r];
                if fit[role] == 0 {
                    touched.push(role);
                }
                fit[role] += 1;
            }
            pass.scopes[0].push(p, total);
            for role in touched.drain(..) {
                pass.scopes[role + 1].push(p, fit[role]);
                fit[role] = 0;
            }
        }
        pass
    }
}

/// The people of a slice of the roster who cover at least one of a scope's duties, by how
/// many they cover (`by_covers[c]`: those covering `c`, in roster order). Bucketed as they
/// come, the lists are the greedy's order without a sort or a copy, in four bytes a member
/// (which duties a member covers is read again from the matrix when they are removed).
#[derive(Debug, Default)]
struct Members {
    by_covers: Vec<Vec<PersonIdx>>,
}

impl Members {
    /// Adds `p`, who covers `covers` of the duties; nobody when `covers` is zero.
    fn push(&mut self, p: PersonIdx, covers: u32) {
        let c = covers as usize;
        if c == 0 {
            return;
        }
        if self.by_covers.len() <= c {
            self.by_covers.resize_with(c + 1, Vec::new);
        }
        self.by_covers[c].push(p);
    }

    fn len(&self) -> usize {
        self.by_covers.iter().map(Vec::len).sum()
    }
}

/// A set of duties a truck factor is found for.
struct Scope {
    /// The duties, sorted.
    duties: Vec<RespIdx>,
    /// The same as a bitset over the catalogue's responsibilities.
    mask: Vec<u64>,
}

impl Scope {
    fn new(duties: Vec<RespIdx>, catalogue_duties: usize) -> Scope {
        Scope {
            mask: crate::qualify::mask(&duties, catalogue_duties.div_ceil(64).max(1)),
            duties,
        }
    }

    /// Whether `r` is one of the duties.
    fn holds(&self, r: RespIdx) -> bool {
        self.mask[r.index() / 64] & (1 << (r.index() % 64)) != 0
    }

    /// Whether the duties are few enough for a bitmask of their own.
    fn small(&self) -> bool {
        self.duties.len() <= 64
    }

    /// How many of the duties `p` covers.
    fn covers(&self, analysis: &Analysis, p: PersonIdx) -> u32 {
        match self.small() {
            true => self.local(analysis, p).count_ones(),
            false => analysis
                .qualified
                .duties(p)
                .filter(|&r| self.holds(r))
                .count() as u32,
        }
    }

    /// Which of the (at most 64) duties `p` covers, as a bitmask over `duties`.
    fn local(&self, analysis: &Analysis, p: PersonIdx) -> u64 {
        let mut local = 0;
        if let [mask] = self.mask[..] {
            // Every duty of the catalogue fits one word: the person's word, placed; at once
            // when the duties follow one another (a role's, or all of them).
            let mut word = analysis.qualified.first_word(p) & mask;
            if let Some(&first) = self.duties.first()
                && mask >> first.index() == u64::MAX >> (64 - self.duties.len())
            {
                return word >> first.index();
            }
            while word != 0 {
                let r = RespIdx::from_usize(word.trailing_zeros() as usize);
                local |= 1 << self.position(r);
                word &= word - 1;
            }
            return local;
        }
        for r in analysis.qualified.duties(p).filter(|&r| self.holds(r)) {
            local |= 1 << self.position(r);
        }
        local
    }

    /// Where duty `r` sits in `duties`.
    fn position(&self, r: RespIdx) -> usize {
        self.duties.binary_search(&r).unwrap_or(usize::MAX)
    }

    /// The greedy itself; `xor` holds each duty's XOR of qualified people, `members` the
    /// scope's members slice by slice, in roster order.
    fn greedy(&self, analysis: &Analysis, xor: &[u32], members: &[Members]) -> TruckFactor {
        let mut counts: Vec<usize> = self
            .duties
            .iter()
            .map(|&r| analysis.coverage(r).qualified_count)
            .collect();
        let mut xor: Vec<u32> = self.duties.iter().map(|r| xor[r.index()]).collect();
        let gaps_before = counts.iter().filter(|&&q| q == 0).count();
        let cover = |p: PersonIdx| self.covers(analysis, p).min(u32::from(u16::MAX)) as u16;
        // Orphans: a duty down to one person has one holder, who would orphan it.
        let mut orphans = Orphans::new(analysis.active.len());
        let mut heap: BinaryHeap<(u16, u16, Reverse<PersonIdx>)> = BinaryHeap::new();
        // Duties with one qualified person already: that person orphans them on leaving.
        for (i, _) in counts.iter().enumerate().filter(|&(_, &c)| c == 1) {
            let sole = PersonIdx(xor[i]);
            heap.push((orphans.add(sole), cover(sole), Reverse(sole)));
        }
        // Everyone covering something, most covers first, roster order within equal covers.
        let most = members.iter().map(|m| m.by_covers.len()).max().unwrap_or(0);
        let mut order = (1..most).rev().flat_map(|c| {
            members
                .iter()
                .flat_map(move |m| m.by_covers.get(c).into_iter().flatten().copied())
        });
        let mut gone = Gone::new(analysis.active.len());
        let mut gaps = gaps_before;
        let mut people = Vec::new();
        while gaps * 2 <= self.duties.len() && !self.duties.is_empty() {
            let Some(p) = next_removal(&mut heap, &mut order, &orphans, &gone) else {
                break;
            };
            gone.insert(p);
            people.push(p);
            let mut leave = |i: usize| {
                counts[i] -= 1;
                xor[i] ^= p.0;
                match counts[i] {
                    0 => gaps += 1,
                    1 => {
                        // The one left becomes the only qualified person: promote them.
                        let last = PersonIdx(xor[i]);
                        heap.push((orphans.add(last), cover(last), Reverse(last)));
                    }
                    _ => {}
                }
            };
            if self.small() {
                // A role's few duties: the person's own bitmask over them.
                let mut mask = self.local(analysis, p);
                while mask != 0 {
                    leave(mask.trailing_zeros() as usize);
                    mask &= mask - 1;
                }
            } else {
                for r in analysis.qualified.duties(p).filter(|&r| self.holds(r)) {
                    leave(self.position(r));
                }
            }
        }
        TruckFactor {
            people,
            duties: self.duties.len(),
            gaps_before,
            gaps_after: gaps,
        }
    }
}

/// The people removed so far: a bit each (a greedy can remove a quarter of a million).
#[derive(Debug)]
struct Gone(Vec<u64>);

impl Gone {
    fn new(people: usize) -> Gone {
        Gone(vec![0; people.div_ceil(64)])
    }

    fn insert(&mut self, p: PersonIdx) {
        self.0[p.index() / 64] |= 1 << (p.index() % 64);
    }

    fn contains(&self, p: PersonIdx) -> bool {
        self.0[p.index() / 64] & (1 << (p.index() % 64)) != 0
    }
}

/// How many duties each person would orphan by leaving: few people (at most one per duty
/// and time a duty drops to one person), counted in a map, and a bit per person saying who
/// has any, read for everyone the list offers.
#[derive(Debug)]
struct Orphans {
    counts: std::collections::HashMap<PersonIdx, u16>,
    any: Gone,
}

impl Orphans {
    /// Nobody's orphans, for a roster of `people`.
    fn new(people: usize) -> Orphans {
        Orphans {
            counts: std::collections::HashMap::new(),
            any: Gone::new(people),
        }
    }

    fn of(&self, p: PersonIdx) -> u16 {
        match self.any.contains(p) {
            true => self.counts.get(&p).copied().unwrap_or(0),
            false => 0,
        }
    }

    /// Counts one more duty `p` alone holds; returns their count.
    fn add(&mut self, p: PersonIdx) -> u16 {
        self.any.insert(p);
        let count = self.counts.entry(p).or_insert(0);
        *count = count.saturating_add(1);
        *count
    }
}

/// The next person the greedy removes: most orphans, then most covers, then roster order.
fn next_removal(
    heap: &mut BinaryHeap<(u16, u16, Reverse<PersonIdx>)>,
    order: &mut impl Iterator<Item = PersonIdx>,
    orphans: &Orphans,
    gone: &Gone,
) -> Option<PersonIdx> {
    let is_gone = |p: PersonIdx| gone.contains(p);
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
    // Promoted people are in the heap already; removed ones are done.
    order.find(|&p| !is_gone(p) && !orphans.any.contains(p))
}
