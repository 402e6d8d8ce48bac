//! Who should own what: a maximum b-matching of responsibilities to qualified people within
//! their capacities, found as a min-cost max-flow.
//!
//! The network is source → responsibility (capacity 1) → qualified person (capacity 1) →
//! sink. A person's edge to the sink is split into unit edges costing 1, 2, 3, … so that the
//! k-th duty given to one person costs k: a convex cost, so the cheapest flow spreads load as
//! evenly as it can. A person-to-duty edge costs nothing for a declared owner and `BIG` for
//! anyone else, with `BIG` larger than any possible difference in load cost. A min-cost
//! max-flow then gives, in this order of priority: (1) the most duties owned; (2) among
//! those, the most declared owners kept; (3) among those, the most even load.
//!
//! Scale: a duty with thousands of qualified people does not need them all in the network.
//! Each duty starts with its declared owners and its first few qualified people (roster
//! order); the flow is solved on that network (`flow.rs`: Dijkstra with potentials, and all
//! the shortest augmenting paths of a round at once), and then *proved* optimal for the whole
//! graph: no edge left out could lengthen the matching (no augmenting path through it) or
//! lower its cost (its reduced cost under the solution's potentials is not negative). Duties
//! whose left-out edges fail the proof get more candidates, and the flow is solved again;
//! the answer is always the optimum of the full graph.

use orggap_model::{Catalogue, PersonIdx, RespIdx, Roster};

use crate::coverage::Analysis;
use crate::flow::Network;

/// The owners chosen for every responsibility.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The owner of each responsibility, in catalogue order; `None` when unassigned.
    pub owner: Vec<Option<PersonIdx>>,
    /// Unassigned because nobody is qualified.
    pub skill_gaps: Vec<RespIdx>,
    /// Unassigned although someone is qualified: everyone qualified is full.
    pub capacity_gaps: Vec<RespIdx>,
    /// Load of every person who owns something, in roster order: (person, owned, capacity).
    pub load: Vec<(PersonIdx, u32, u32)>,
    /// How many assignments go to a declared owner.
    pub kept_owners: usize,
}

impl Assignment {
    /// How many responsibilities got an owner.
    pub fn assigned(&self) -> usize {
        self.owner.iter().filter(|o| o.is_some()).count()
    }
}

/// Qualified people (besides declared owners) a duty starts with.
const FIRST_CANDIDATES: usize = 8;

/// Finds owners for every responsibility of an analysed roster; people without a capacity
/// in the roster can own `default_capacity` duties.
pub fn assign(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    default_capacity: u32,
) -> Assignment {
    assign_from(
        catalogue,
        roster,
        analysis,
        default_capacity,
        FIRST_CANDIDATES,
    )
}

/// [`assign`], each duty starting with `first` candidates besides its declared owners.
pub(crate) fn assign_from(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    default_capacity: u32,
    first: usize,
) -> Assignment {
    let problem = Problem {
        catalogue,
        roster,
        analysis,
        default_capacity,
    };
    let duties = catalogue.responsibilities().len();
    let mut wanted = vec![first.max(1); duties];
    loop {
        let candidates = problem.candidates(&wanted);
        let solved = problem.solve(&candidates);
        let short = problem.unproven(&candidates, &solved);
        if short.is_empty() {
            return problem.summarise(solved.owner);
        }
        for r in short {
            wanted[r] = wanted[r].saturating_mul(4);
        }
    }
}

/// The candidates of every duty: its qualified declared owners, then its first qualified
/// people in roster order; `complete` when that is everyone qualified with room.
#[derive(Debug)]
struct Candidates {
    lists: Vec<Vec<PersonIdx>>,
    complete: Vec<bool>,
}

/// A network solved: the flow, and who owns what in it.
#[derive(Debug)]
struct Solved {
    network: Network,
    /// The network's node of each person in it, sorted by person.
    people: Vec<PersonIdx>,
    owner: Vec<Option<PersonIdx>>,
}

/// What [`assign`] works on.
struct Problem<'a> {
    catalogue: &'a Catalogue,
    roster: &'a Roster,
    analysis: &'a Analysis,
    default_capacity: u32,
}

/// Node numbers: source, sink, then the duties, then the people.
const SOURCE: usize = 0;
const SINK: usize = 1;

impl Problem<'_> {
    fn capacity(&self, p: PersonIdx) -> u32 {
        self.roster.capacity(p).unwrap_or(self.default_capacity)
    }

    fn can_own(&self, p: PersonIdx) -> bool {
        self.analysis.active[p.index()] && self.capacity(p) > 0
    }

    fn is_owner(&self, p: PersonIdx, r: RespIdx) -> bool {
        self.roster.owned_by(p).any(|o| o == r)
    }

    /// Each duty's declared owners (qualified, with room) and its first `wanted[r]` other
    /// qualified people with room, in roster order.
    fn candidates(&self, wanted: &[usize]) -> Candidates {
        let duties = wanted.len();
        let mut lists: Vec<Vec<PersonIdx>> = vec![Vec::new(); duties];
        let mut owners = vec![0usize; duties];
        for &(p, r) in self.roster.owns() {
            if self.can_own(p) && self.analysis.qualified.is(p, r) {
                lists[r.index()].push(p);
                owners[r.index()] += 1;
            }
        }
        let mut open = (0..duties).filter(|&r| wanted[r] > 0).count();
        let mut full = vec![false; duties];
        for p in self.roster.people() {
            if open == 0 {
                break;
            }
            if !self.can_own(p) {
                continue;
            }
            for r in self.analysis.qualified.duties(p).map(RespIdx::index) {
                if full[r] || lists[r][..owners[r]].contains(&p) {
                    continue;
                }
                lists[r].push(p);
                if lists[r].len() - owners[r] == wanted[r] {
                    full[r] = true;
                    open -= 1;
                }
            }
        }
        // A list that did not fill holds everyone qualified with room.
        let complete = full.iter().map(|&f| !f).collect();
        Candidates { lists, complete }
    }

    /// The min-cost max-flow on the candidates' network.
    fn solve(&self, candidates: &Candidates) -> Solved {
        let duties = candidates.lists.len();
        let mut people: Vec<PersonIdx> = candidates.lists.iter().flatten().copied().collect();
        people.sort_unstable();
        people.dedup();
        let node = |p: PersonIdx| 2 + duties + people.binary_search(&p).unwrap_or(0);
        let big = big(duties);
        let mut network = Network::new(2 + duties + people.len());
        let mut duty_edges = Vec::new();
        for (r, list) in candidates.lists.iter().enumerate() {
            network.add_edge(SOURCE, 2 + r, 1, 0);
            for &p in list {
                let cost = if self.is_owner(p, RespIdx::from_usize(r)) {
                    0
                } else {
                    big
                };
                duty_edges.push((network.add_edge(2 + r, node(p), 1, cost), r, p));
            }
        }
        for &p in &people {
            for k in 1..=self.capacity(p).min(duties as u32) {
                network.add_edge(node(p), SINK, 1, i64::from(k));
            }
        }
        network.run(SOURCE, SINK);
        let mut owner = vec![None; duties];
        for (e, r, p) in duty_edges {
            if network.used(e) {
                owner[r] = Some(p);
            }
        }
        Solved {
            network,
            people,
            owner,
        }
    }

    /// The duties whose left-out edges could lengthen the matching or lower its cost: empty
    /// when the solution is optimal for the whole graph.
    ///
    /// With potentials `π` under which every residual edge of the solved network has a
    /// non-negative reduced cost, a left-out edge `r → q` (unused, cost `c`) keeps the
    /// solution optimal when `c + π(r) − π(q) ≥ 0` and it opens no augmenting path (`r`
    /// reachable from the source and `q` able to reach the sink). A person outside the
    /// network has room and no duty: their potential may be as low as `π(sink) − 1`.
    fn unproven(&self, candidates: &Candidates, solved: &Solved) -> Vec<usize> {
        let duties = candidates.lists.len();
        let network = &solved.network;
        let potential = network.potentials();
        let from_source = network.reachable(SOURCE, false);
        let to_sink = network.reachable(SINK, true);
        let big = big(duties);
        let node_of = |p: PersonIdx| solved.people.binary_search(&p).ok().map(|i| 2 + duties + i);
        // The network's duty–person pairs, for telling left-out edges apart.
        let mut in_network: Vec<(usize, PersonIdx)> = candidates
            .lists
            .iter()
            .enumerate()
            .flat_map(|(r, list)| list.iter().map(move |&p| (r, p)))
            .collect();
        in_network.sort_unstable();
        let mut short = vec![false; duties];
        // People in the network, through their left-out duties.
        for &q in &solved.people {
            let Some(v) = node_of(q) else { continue };
            for r in self.analysis.qualified.duties(q).map(RespIdx::index) {
                if candidates.complete[r] || in_network.binary_search(&(r, q)).is_ok() {
                    continue;
                }
                let u = 2 + r;
                let reduced = big + potential[u] - potential[v];
                if reduced < 0 || (from_source[u] && to_sink[v]) {
                    short[r] = true;
                }
            }
        }
        // People outside it: any duty whose list is not complete has some.
        let fresh = potential[SINK] - 1;
        for (r, flag) in short.iter_mut().enumerate() {
            if candidates.complete[r] {
                continue;
            }
            let u = 2 + r;
            if big + potential[u] - fresh < 0 || from_source[u] {
                *flag = true;
            }
        }
        (0..duties).filter(|&r| short[r]).collect()
    }

    fn summarise(&self, owner: Vec<Option<PersonIdx>>) -> Assignment {
        let mut skill_gaps = Vec::new();
        let mut capacity_gaps = Vec::new();
        let mut kept_owners = 0;
        let mut counts: Vec<(PersonIdx, u32)> = Vec::new();
        for r in self.catalogue.responsibility_indices() {
            match owner[r.index()] {
                None if self.analysis.coverage(r).qualified_count == 0 => skill_gaps.push(r),
                None => capacity_gaps.push(r),
                Some(p) => {
                    if self.is_owner(p, r) {
                        kept_owners += 1;
                    }
                    counts.push((p, 1));
                }
            }
        }
        counts.sort_unstable();
        let mut load: Vec<(PersonIdx, u32, u32)> = Vec::new();
        for (p, n) in counts {
            match load.last_mut() {
                Some(last) if last.0 == p => last.1 += n,
                _ => load.push((p, n, self.capacity(p))),
            }
        }
        Assignment {
            owner,
            skill_gaps,
            capacity_gaps,
            load,
            kept_owners,
        }
    }
}

/// The cost of giving a duty to someone who does not declare it: more than any difference
/// in load cost a whole assignment can make.
fn big(duties: usize) -> i64 {
    (duties as i64 + 1) * (duties as i64 + 1)
}
