//! Who should own what: a maximum b-matching of responsibilities to qualified people within
//! their capacities, found as a min-cost max-flow.
//!
//! The network is source → responsibility (capacity 1) → qualified person (capacity 1) →
//! sink. A person's edge to the sink is split into unit edges costing 1, 2, 3, … so that the
//! k-th duty given to one person costs k: a convex cost, so the cheapest flow spreads load as
//! evenly as it can. A person-to-duty edge costs nothing for a declared owner and `BIG` for
//! anyone else, with `BIG` larger than any possible difference in load cost. Successive
//! shortest paths then give, in this order of priority: (1) the most duties owned — every
//! augmentation adds one, and it stops only when no augmenting path is left, which is the
//! max-flow condition; (2) among those, the most declared owners kept; (3) among those, the
//! most even load. petgraph offers max-flow (Dinic) but not min-cost flow, hence the small
//! solver below; the tests check its flow value against petgraph's `dinics`.
//!
//! Scale: a duty never needs more candidates than there are duties. If duty r keeps R
//! candidates with free capacity, the other R − 1 duties use at most R − 1 of them, so any
//! maximum assignment can be rerouted onto the kept candidates: the count stays maximal.

use std::collections::VecDeque;

use orggap_model::{Catalogue, PersonIdx, RespIdx, Roster};

use crate::coverage::Analysis;

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

/// Finds owners for every responsibility of an analysed roster; people without a capacity
/// in the roster can own `default_capacity` duties.
pub fn assign(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    default_capacity: u32,
) -> Assignment {
    let duties = catalogue.responsibilities().len();
    let capacity = |p: PersonIdx| roster.capacity(p).unwrap_or(default_capacity);
    let is_owner = |p: PersonIdx, r: RespIdx| roster.owned_by(p).any(|o| o == r);

    // Candidates: qualified declared owners, then the first `duties` qualified people with
    // free capacity in roster order.
    let mut candidates: Vec<Vec<PersonIdx>> = vec![Vec::new(); duties];
    for &(p, r) in roster.owns() {
        if analysis.active[p.index()] && capacity(p) > 0 && analysis.qualified.is(p, r) {
            candidates[r.index()].push(p);
        }
    }
    let mut open = candidates.iter().filter(|c| c.len() < duties).count();
    for p in roster.people() {
        if open == 0 {
            break;
        }
        if !analysis.active[p.index()] || capacity(p) == 0 {
            continue;
        }
        for r in catalogue.responsibility_indices() {
            let list = &mut candidates[r.index()];
            if list.len() < duties && analysis.qualified.is(p, r) && !list.contains(&p) {
                list.push(p);
                if list.len() == duties {
                    open -= 1;
                }
            }
        }
    }

    // Nodes: 0 source, 1 sink, 2.. duties, then each candidate person once.
    let mut people: Vec<PersonIdx> = candidates.iter().flatten().copied().collect();
    people.sort_unstable();
    people.dedup();
    let person_node = |p: PersonIdx| 2 + duties + people.binary_search(&p).unwrap_or(0);
    let big = (duties as i64 + 1) * (duties as i64 + 1);
    let mut flow = Network::new(2 + duties + people.len());
    let mut duty_edges = Vec::new();
    for (r, list) in candidates.iter().enumerate() {
        flow.add_edge(0, 2 + r, 1, 0);
        for &p in list {
            let cost = if is_owner(p, RespIdx::from_usize(r)) {
                0
            } else {
                big
            };
            let e = flow.add_edge(2 + r, person_node(p), 1, cost);
            duty_edges.push((e, r, p));
        }
    }
    for &p in &people {
        let units = capacity(p).min(duties as u32);
        for k in 1..=units {
            flow.add_edge(person_node(p), 1, 1, i64::from(k));
        }
    }
    flow.run(0, 1);

    let mut owner = vec![None; duties];
    for (e, r, p) in duty_edges {
        if flow.used(e) {
            owner[r] = Some(p);
        }
    }
    summarise(catalogue, roster, analysis, owner, default_capacity)
}

fn summarise(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    owner: Vec<Option<PersonIdx>>,
    default_capacity: u32,
) -> Assignment {
    let mut skill_gaps = Vec::new();
    let mut capacity_gaps = Vec::new();
    let mut kept_owners = 0;
    let mut counts: Vec<(PersonIdx, u32)> = Vec::new();
    for r in catalogue.responsibility_indices() {
        match owner[r.index()] {
            None if analysis.coverage(r).qualified_count == 0 => skill_gaps.push(r),
            None => capacity_gaps.push(r),
            Some(p) => {
                if roster.owned_by(p).any(|o| o == r) {
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
            _ => load.push((p, n, roster.capacity(p).unwrap_or(default_capacity))),
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

/// A residual network for min-cost flow by successive shortest paths (SPFA).
#[derive(Debug)]
struct Network {
    adjacency: Vec<Vec<usize>>,
    to: Vec<usize>,
    capacity: Vec<i32>,
    cost: Vec<i64>,
}

impl Network {
    fn new(nodes: usize) -> Network {
        Network {
            adjacency: vec![Vec::new(); nodes],
            to: Vec::new(),
            capacity: Vec::new(),
            cost: Vec::new(),
        }
    }

    /// Adds `u → v` and its residual twin; returns the forward edge's index.
    fn add_edge(&mut self, u: usize, v: usize, capacity: i32, cost: i64) -> usize {
        let e = self.to.len();
        for (from, to, cap, c) in [(u, v, capacity, cost), (v, u, 0, -cost)] {
            self.adjacency[from].push(self.to.len());
            self.to.push(to);
            self.capacity.push(cap);
            self.cost.push(c);
        }
        e
    }

    /// Whether the forward edge `e` carries flow.
    fn used(&self, e: usize) -> bool {
        self.capacity[e ^ 1] > 0
    }

    /// Pushes as much flow as possible from `s` to `t`, always along a cheapest path.
    fn run(&mut self, s: usize, t: usize) {
        let n = self.adjacency.len();
        loop {
            let mut dist = vec![i64::MAX; n];
            let mut via = vec![usize::MAX; n];
            let mut queued = vec![false; n];
            let mut queue = VecDeque::from([s]);
            dist[s] = 0;
            while let Some(u) = queue.pop_front() {
                queued[u] = false;
                for &e in &self.adjacency[u] {
                    let v = self.to[e];
                    if self.capacity[e] > 0 && dist[u] + self.cost[e] < dist[v] {
                        dist[v] = dist[u] + self.cost[e];
                        via[v] = e;
                        if !queued[v] {
                            queued[v] = true;
                            queue.push_back(v);
                        }
                    }
                }
            }
            if dist[t] == i64::MAX {
                return;
            }
            // Every source edge has capacity 1, so each path carries one unit.
            let mut v = t;
            while v != s {
                let e = via[v];
                self.capacity[e] -= 1;
                self.capacity[e ^ 1] += 1;
                v = self.to[e ^ 1];
            }
        }
    }
}
