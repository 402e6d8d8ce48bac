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
/// wait in one list sorted by covers (roster order within equal covers, by counting sort),
/// and the few with orphans in a small heap; the best is the heap's top if any, else the
/// list's next person still there. Each duty keeps the XOR of its qualified people's
/// indices, so that when one is left, the XOR names them without a search.
pub fn truck_factor(roster: &Roster, analysis: &Analysis, duties: &[RespIdx]) -> TruckFactor {
    let mut sorted = duties.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut scope = Scope::new(sorted, analysis.responsibilities.len());
    let xor = holders_xor(roster, analysis);
    for p in roster.people().filter(|p| analysis.active[p.index()]) {
        let mut covers = 0;
        let mut local = 0u64;
        for r in analysis.qualified.duties(p).filter(|&r| scope.holds(r)) {
            covers += 1;
            if scope.small() {
                local |= 1 << scope.position(r);
            }
        }
        if covers > 0 {
            scope.push(p, covers, local);
        }
    }
    scope.greedy(analysis, &xor)
}

/// The truck factor of every duty and of each role's duties (in catalogue order), from one
/// pass over the people, the scopes then worked on in parallel.
pub fn truck_factors(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
) -> (TruckFactor, Vec<TruckFactor>) {
    let count = catalogue.responsibilities().len();
    let mut all = Scope::new(catalogue.responsibility_indices().collect(), count);
    let roles = catalogue.roles().len();
    let mut scopes: Vec<Scope> = (0..roles)
        .map(|i| {
            let duties = catalogue.responsibilities_of(orggap_model::RoleIdx::from_usize(i));
            Scope::new(duties.to_vec(), count)
        })
        .collect();
    let role_of: Vec<usize> = catalogue
        .responsibilities()
        .iter()
        .map(|r| r.role.index())
        .collect();
    // Each duty's place among its role's duties, for the roles' own bitmasks.
    let mut place = vec![0u32; role_of.len()];
    for scope in &scopes {
        for (i, r) in scope.duties.iter().enumerate() {
            place[r.index()] = i as u32;
        }
    }
    // One pass over the people, in as many slices as there are cores, joined in order.
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let slice = roster.len().div_ceil(workers).max(1);
    let (role_of, place) = (&role_of, &place);
    let passes: Vec<Pass> = std::thread::scope(|threads| {
        let handles: Vec<_> = (0..roster.len().div_ceil(slice))
            .map(|i| {
                let people = i * slice..((i + 1) * slice).min(roster.len());
                threads.spawn(move || Pass::of(analysis, people, count, roles, role_of, place))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a truck-factor thread does not panic"))
            .collect()
    });
    let mut xor = vec![0u32; count];
    all.reserve(passes.iter().map(|pass| pass.all.len()).sum());
    for (i, scope) in scopes.iter_mut().enumerate() {
        scope.reserve(passes.iter().map(|pass| pass.roles[i].len()).sum());
    }
    for pass in passes {
        for (x, y) in xor.iter_mut().zip(&pass.xor) {
            *x ^= y;
        }
        all.extend(pass.all);
        for (scope, members) in scopes.iter_mut().zip(pass.roles) {
            scope.extend(members);
        }
    }
    scopes.insert(0, all);
    // The scopes are independent: every core takes the next one until none is left,
    // largest first (most work); results keep the scopes' order.
    let mut queue: Vec<usize> = (0..scopes.len()).collect();
    queue.sort_by_key(|&i| std::cmp::Reverse(scopes[i].members.len() + scopes[i].duties.len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (queue, scopes, xor, next) = (&queue, &scopes, &xor, &next);
    let mut done: Vec<(usize, TruckFactor)> = std::thread::scope(|threads| {
        let handles: Vec<_> = (0..workers.min(scopes.len()))
            .map(|_| {
                threads.spawn(move || {
                    let mut mine = Vec::new();
                    while let Some(&i) =
                        queue.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        mine.push((i, scopes[i].greedy(analysis, xor)));
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

/// The duties of one truck factor and the people who cover any of them.
#[derive(Debug)]
/// What one slice of the people gives the truck factors: each duty's XOR of its qualified
/// people, everyone covering a duty with how many and which (when every duty fits a word,
/// the person's first word of qualifications), and each role's members with how many of
/// its duties they cover and which (a bitmask over the role's duties).
struct Pass {
    xor: Vec<u32>,
    all: Vec<(PersonIdx, u32, u64)>,
    roles: Vec<Vec<(PersonIdx, u32, u64)>>,
}

impl Pass {
    fn of(
        analysis: &Analysis,
        people: std::ops::Range<usize>,
        duties: usize,
        roles: usize,
        role_of: &[usize],
        place: &[u32],
    ) -> Pass {
        let mut pass = Pass {
            xor: vec![0; duties],
            all: Vec::new(),
            roles: vec![Vec::new(); roles],
        };
        let (mut fit, mut local, mut touched) = (vec![0u32; roles], vec![0u64; roles], Vec::new());
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
                local[role] |= 1u64.checked_shl(place[r]).unwrap_or(0);
            }
            if total > 0 {
                let word = match duties <= 64 {
                    true => analysis.qualified.first_word(p),
                    false => 0,
                };
                pass.all.push((p, total, word));
            }
            for role in touched.drain(..) {
                pass.roles[role].push((p, fit[role], local[role]));
                (fit[role], local[role]) = (0, 0);
            }
        }
        pass
    }
}

struct Scope {
    /// The duties, sorted.
    duties: Vec<RespIdx>,
    /// The same as a bitset over the catalogue's responsibilities.
    mask: Vec<u64>,
    /// Everyone covering at least one of the duties, with how many, in roster order.
    members: Vec<(PersonIdx, u32)>,
    /// When there are at most 64 duties: which of them each member covers, as a bitmask
    /// over `duties` (parallel to `members`).
    locals: Vec<u64>,
}

impl Scope {
    fn new(duties: Vec<RespIdx>, catalogue_duties: usize) -> Scope {
        Scope {
            mask: crate::qualify::mask(&duties, catalogue_duties.div_ceil(64).max(1)),
            duties,
            members: Vec::new(),
            locals: Vec::new(),
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

    /// Adds a member: `p` covers `covers` of the duties, those of `local` (see
    /// [`Scope::locals`]).
    fn push(&mut self, p: PersonIdx, covers: u32, local: u64) {
        self.members.push((p, covers));
        if self.small() {
            self.locals.push(local);
        }
    }

    /// Makes room for `more` members.
    fn reserve(&mut self, more: usize) {
        self.members.reserve(more);
        if self.small() {
            self.locals.reserve(more);
        }
    }

    /// Adds members in roster order, as [`Scope::push`] does one by one.
    fn extend(&mut self, members: Vec<(PersonIdx, u32, u64)>) {
        self.members.extend(members.iter().map(|&(p, c, _)| (p, c)));
        if self.small() {
            self.locals
                .extend(members.iter().map(|&(_, _, local)| local));
        }
    }

    /// How many of the duties `p` covers.
    fn covers(&self, p: PersonIdx) -> u32 {
        self.members
            .binary_search_by_key(&p, |&(q, _)| q)
            .map_or(0, |i| self.members[i].1)
    }

    /// Which of the (at most 64) duties `p` covers, as a bitmask over `duties`.
    fn local(&self, analysis: &Analysis, p: PersonIdx) -> u64 {
        if let [mask] = self.mask[..] {
            // Every duty of the catalogue fits one word: the person's word, placed.
            let mut word = analysis.qualified.first_word(p) & mask;
            let mut local = 0;
            while word != 0 {
                let r = RespIdx::from_usize(word.trailing_zeros() as usize);
                local |= 1 << self.position(r);
                word &= word - 1;
            }
            return local;
        }
        self.members
            .binary_search_by_key(&p, |&(q, _)| q)
            .map_or(0, |i| self.locals[i])
    }

    /// Where duty `r` sits in `duties`.
    fn position(&self, r: RespIdx) -> usize {
        self.duties.binary_search(&r).unwrap_or(usize::MAX)
    }

    /// The greedy itself; `xor` holds each duty's XOR of qualified people.
    fn greedy(&self, analysis: &Analysis, xor: &[u32]) -> TruckFactor {
        let mut counts: Vec<usize> = self
            .duties
            .iter()
            .map(|&r| analysis.coverage(r).qualified_count)
            .collect();
        let mut xor: Vec<u32> = self.duties.iter().map(|r| xor[r.index()]).collect();
        let gaps_before = counts.iter().filter(|&&q| q == 0).count();
        let cover = |p: PersonIdx| self.covers(p).min(u32::from(u16::MAX)) as u16;
        // Orphans: a duty down to one person has one holder, who would orphan it.
        let mut orphans = Orphans::new(analysis.active.len());
        let mut heap: BinaryHeap<(u16, u16, Reverse<PersonIdx>)> = BinaryHeap::new();
        // Duties with one qualified person already: that person orphans them on leaving.
        for (i, _) in counts.iter().enumerate().filter(|&(_, &c)| c == 1) {
            let sole = PersonIdx(xor[i]);
            heap.push((orphans.add(sole), cover(sole), Reverse(sole)));
        }
        // Everyone covering something, most covers first, roster order within equal covers
        // (a counting sort).
        let most = self
            .members
            .iter()
            .map(|&(_, c)| c as usize)
            .max()
            .unwrap_or(0);
        let mut next_at = vec![0usize; most + 2];
        for &(_, c) in &self.members {
            next_at[c as usize] += 1;
        }
        let mut at = 0;
        for c in (1..next_at.len()).rev() {
            let here = next_at[c];
            next_at[c] = at;
            at += here;
        }
        // Each with their bitmask over a few duties, so that removing them reads on along
        // the list rather than about the whole matrix.
        let mut order = vec![(PersonIdx(0), 0u64); self.members.len()];
        for (i, &(p, c)) in self.members.iter().enumerate() {
            order[next_at[c as usize]] = (p, self.locals.get(i).copied().unwrap_or(0));
            next_at[c as usize] += 1;
        }
        let mut cursor = 0;
        let mut gone = Gone::new(analysis.active.len());
        let mut gaps = gaps_before;
        let mut people = Vec::new();
        while gaps * 2 <= self.duties.len() && !self.duties.is_empty() {
            let Some((p, local)) = next_removal(&mut heap, &order, &mut cursor, &orphans, &gone)
            else {
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
                let mut mask = local.unwrap_or_else(|| self.local(analysis, p));
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
/// Someone taken from the list comes with their bitmask over the scope's duties.
fn next_removal(
    heap: &mut BinaryHeap<(u16, u16, Reverse<PersonIdx>)>,
    order: &[(PersonIdx, u64)],
    cursor: &mut usize,
    orphans: &Orphans,
    gone: &Gone,
) -> Option<(PersonIdx, Option<u64>)> {
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
        return Some((p, None));
    }
    while let Some(&(p, local)) = order.get(*cursor) {
        *cursor += 1;
        // Promoted people are in the heap already; removed ones are done.
        if !is_gone(p) && !orphans.any.contains(p) {
            return Some((p, Some(local)));
        }
    }
    None
}
