//! A min-cost max-flow for unit-capacity networks with non-negative costs, by the primal-dual
//! method: Dijkstra on costs reduced by node potentials finds the length of the shortest
//! augmenting paths, and then every shortest path of that length is pushed at once (a
//! blocking flow on the edges of reduced cost 0, found as Dinic finds one). The rounds are as
//! many as the distinct path lengths, not as the units of flow.
//!
//! petgraph offers max-flow (Dinic) but not min-cost flow, hence this module; the tests check
//! the assignments it gives against petgraph's `dinics` (how many duties get an owner) and
//! against a plain successive-shortest-path solver on the whole graph (the cost).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// A residual network: edges in pairs, an edge `e` and its reverse `e ^ 1`.
#[derive(Debug)]
pub(crate) struct Network {
    adjacency: Vec<Vec<usize>>,
    to: Vec<usize>,
    capacity: Vec<i32>,
    cost: Vec<i64>,
}

const UNREACHED: i64 = i64::MAX;

impl Network {
    pub(crate) fn new(nodes: usize) -> Network {
        Network {
            adjacency: vec![Vec::new(); nodes],
            to: Vec::new(),
            capacity: Vec::new(),
            cost: Vec::new(),
        }
    }

    /// Adds `u → v` and its residual twin; returns the forward edge's index.
    pub(crate) fn add_edge(&mut self, u: usize, v: usize, capacity: i32, cost: i64) -> usize {
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
    pub(crate) fn used(&self, e: usize) -> bool {
        self.capacity[e ^ 1] > 0
    }

    fn from(&self, e: usize) -> usize {
        self.to[e ^ 1]
    }

    /// Pushes as much flow as possible from `s` to `t`, at the least cost.
    pub(crate) fn run(&mut self, s: usize, t: usize) {
        let n = self.adjacency.len();
        // Costs are not negative, so zero potentials are valid to begin with.
        let mut potential = vec![0i64; n];
        loop {
            let dist = self.dijkstra(s, &potential);
            if dist[t] == UNREACHED {
                return;
            }
            for (p, &d) in potential.iter_mut().zip(&dist) {
                *p += d.min(dist[t]);
            }
            // Every shortest path now has reduced cost 0: push along all of them.
            while self.blocking_flow(s, t, &potential) > 0 {}
        }
    }

    /// Shortest distances from `s` by reduced costs (which are never negative).
    fn dijkstra(&self, s: usize, potential: &[i64]) -> Vec<i64> {
        let mut dist = vec![UNREACHED; self.adjacency.len()];
        let mut heap = BinaryHeap::new();
        dist[s] = 0;
        heap.push(Reverse((0, s)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            for &e in &self.adjacency[u] {
                if self.capacity[e] <= 0 {
                    continue;
                }
                let v = self.to[e];
                let next = d + self.cost[e] + potential[u] - potential[v];
                if next < dist[v] {
                    dist[v] = next;
                    heap.push(Reverse((next, v)));
                }
            }
        }
        dist
    }

    /// One Dinic phase on the edges of reduced cost 0; returns the units pushed.
    fn blocking_flow(&mut self, s: usize, t: usize, potential: &[i64]) -> u32 {
        let admissible = |net: &Network, e: usize| {
            net.capacity[e] > 0 && net.cost[e] + potential[net.from(e)] - potential[net.to[e]] == 0
        };
        let mut level = vec![u32::MAX; self.adjacency.len()];
        let mut queue = VecDeque::from([s]);
        level[s] = 0;
        while let Some(u) = queue.pop_front() {
            for &e in &self.adjacency[u] {
                let v = self.to[e];
                if level[v] == u32::MAX && admissible(self, e) {
                    level[v] = level[u] + 1;
                    queue.push_back(v);
                }
            }
        }
        if level[t] == u32::MAX {
            return 0;
        }
        // Depth-first, each node's edges tried once (a pointer per node), iteratively.
        let mut next = vec![0usize; self.adjacency.len()];
        let mut pushed = 0;
        let mut path: Vec<usize> = Vec::new();
        let mut u = s;
        loop {
            if u == t {
                for &e in &path {
                    self.capacity[e] -= 1;
                    self.capacity[e ^ 1] += 1;
                }
                pushed += 1;
                path.clear();
                u = s;
                continue;
            }
            let mut advanced = false;
            while next[u] < self.adjacency[u].len() {
                let e = self.adjacency[u][next[u]];
                let v = self.to[e];
                if level[v] == level[u] + 1 && admissible(self, e) {
                    path.push(e);
                    u = v;
                    advanced = true;
                    break;
                }
                next[u] += 1;
            }
            if advanced {
                continue;
            }
            // A dead end: no more from here; step back.
            level[u] = u32::MAX;
            match path.pop() {
                Some(e) => {
                    u = self.from(e);
                    next[u] += 1;
                }
                None => return pushed,
            }
        }
    }

    /// Potentials under which every residual edge has a non-negative reduced cost: the
    /// shortest distances from a virtual root joined to every node at cost 0 (the residual
    /// network of a min-cost flow has no negative cycle, so they exist).
    pub(crate) fn potentials(&self) -> Vec<i64> {
        let n = self.adjacency.len();
        let mut dist = vec![0i64; n];
        let mut queued = vec![true; n];
        let mut queue: VecDeque<usize> = (0..n).collect();
        while let Some(u) = queue.pop_front() {
            queued[u] = false;
            for &e in &self.adjacency[u] {
                let v = self.to[e];
                if self.capacity[e] > 0 && dist[u] + self.cost[e] < dist[v] {
                    dist[v] = dist[u] + self.cost[e];
                    if !queued[v] {
                        queued[v] = true;
                        queue.push_back(v);
                    }
                }
            }
        }
        dist
    }

    /// The nodes reachable from `start` through residual edges (`backward`: the nodes that
    /// can reach it).
    pub(crate) fn reachable(&self, start: usize, backward: bool) -> Vec<bool> {
        let mut seen = vec![false; self.adjacency.len()];
        let mut queue = VecDeque::from([start]);
        seen[start] = true;
        while let Some(u) = queue.pop_front() {
            for &e in &self.adjacency[u] {
                // Forward: e leaves u. Backward: e's twin enters u with room.
                let (v, open) = if backward {
                    (self.to[e], self.capacity[e ^ 1] > 0)
                } else {
                    (self.to[e], self.capacity[e] > 0)
                };
                if open && !seen[v] {
                    seen[v] = true;
                    queue.push_back(v);
                }
            }
        }
        seen
    }
}
