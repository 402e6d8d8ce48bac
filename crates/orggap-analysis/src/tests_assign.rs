//! `assign`: maximum, within capacity, only qualified owners, owners kept, load spread.

use orggap_model::{Catalogue, Level, PersonFields, PersonIdx, Roster, SkillIdx};
use petgraph::Graph;
use petgraph::algo::dinics;

use crate::assign::assign_from;
use crate::{Assignment, Limits, analyse, assign};

/// `n` duties `d0..`, each requiring its own skill `s0..` at level 1.
fn catalogue(n: usize) -> Catalogue {
    let mut text = String::from("[[roles]]\nid = \"r\"\nname = \"R\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[skills]]\nid = \"s{i}\"\nname = \"S{i}\"\n[[responsibilities]]\nid = \"r.d{i}\"\nrole = \"r\"\ntitle = \"D{i}\"\nrequires = {{ s{i} = 1 }}\n"
        ));
    }
    Catalogue::from_toml(&text, "test").unwrap()
}

/// People as (capacity, duties they are qualified for, duties they declare owning).
fn roster(cat: &Catalogue, people: &[(u32, &[usize], &[usize])]) -> Roster {
    let mut roster = Roster::new(cat.skills().len());
    for (i, (capacity, skills, owns)) in people.iter().enumerate() {
        let name = format!("P{i}");
        let fields = PersonFields {
            name: &name,
            capacity: Some(*capacity),
            ..PersonFields::default()
        };
        let p = roster.add_person(fields);
        for &s in *skills {
            roster.set_level(p, SkillIdx(s as u16), Level::new(1).unwrap());
        }
        for &r in *owns {
            roster.add_owner(p, orggap_model::RespIdx(r as u16));
        }
    }
    roster
}

fn run(n: usize, people: &[(u32, &[usize], &[usize])]) -> (Roster, Assignment) {
    let cat = catalogue(n);
    let roster = roster(&cat, people);
    let analysis = analyse(&cat, &roster, &[], Limits::default());
    let assignment = assign(&cat, &roster, &analysis, 3);
    check_valid(&roster, &assignment, |p, r| roster.row(p).get(r) > 0);
    (roster, assignment)
}

/// Nobody unqualified, nobody over capacity.
fn check_valid(roster: &Roster, a: &Assignment, qualified: impl Fn(PersonIdx, usize) -> bool) {
    let mut load = vec![0u32; roster.len()];
    for (r, owner) in a.owner.iter().enumerate() {
        if let Some(p) = owner {
            assert!(
                qualified(*p, r),
                "{} is not qualified for d{r}",
                roster.name(*p)
            );
            load[p.index()] += 1;
        }
    }
    for p in roster.people() {
        assert!(
            load[p.index()] <= roster.capacity(p).unwrap_or(3),
            "{} over capacity",
            roster.name(p)
        );
    }
}

/// The maximum number of duties that can get an owner, by petgraph's Dinic max-flow.
fn max_flow(n: usize, people: &[(u32, &[usize], &[usize])]) -> u32 {
    let mut g = Graph::<(), u32>::new();
    let s = g.add_node(());
    let t = g.add_node(());
    let duties: Vec<_> = (0..n).map(|_| g.add_node(())).collect();
    for &d in &duties {
        g.add_edge(s, d, 1);
    }
    for (capacity, skills, _) in people {
        let p = g.add_node(());
        g.add_edge(p, t, *capacity);
        for &d in *skills {
            g.add_edge(duties[d], p, 1);
        }
    }
    dinics(&g, s, t).0
}

#[test]
fn beats_a_greedy_pass() {
    // Greedy in catalogue order gives d0 to P0 and leaves d1 unowned.
    let people: &[(u32, &[usize], &[usize])] = &[(1, &[0, 1], &[]), (1, &[0], &[])];
    let (roster, a) = run(2, people);
    assert_eq!(a.assigned(), 2);
    let owners: Vec<&str> = a.owner.iter().map(|o| roster.name(o.unwrap())).collect();
    assert_eq!(owners, ["P1", "P0"]);
}

#[test]
fn capacity_gaps_are_told_apart_from_skill_gaps() {
    let people: &[(u32, &[usize], &[usize])] = &[(1, &[0, 1], &[]), (0, &[2], &[])];
    let (_, a) = run(4, people);
    assert_eq!(a.assigned(), 1);
    assert_eq!(
        a.capacity_gaps.iter().map(|r| r.0).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(a.skill_gaps.iter().map(|r| r.0).collect::<Vec<_>>(), [3]);
}

#[test]
fn keeps_qualified_declared_owners_then_spreads_load() {
    // P0 could take everything; P1 declares d2. Spread: 2 + 1 + ... not 3 + 0.
    let people: &[(u32, &[usize], &[usize])] = &[
        (3, &[0, 1, 2], &[]),
        (3, &[0, 1, 2], &[2]),
        (3, &[0, 1, 2], &[]),
    ];
    let (_, a) = run(3, people);
    assert_eq!(
        a.owner[2],
        Some(PersonIdx(1)),
        "the declared owner keeps d2"
    );
    assert_eq!(a.kept_owners, 1);
    assert!(
        a.load.iter().all(|&(_, n, _)| n == 1),
        "one duty each: {:?}",
        a.load
    );
    // An unqualified declared owner is not kept.
    let people: &[(u32, &[usize], &[usize])] = &[(3, &[0], &[]), (3, &[], &[0])];
    let (_, a) = run(1, people);
    assert_eq!(a.owner[0], Some(PersonIdx(0)));
    assert_eq!(a.kept_owners, 0);
}

/// People as [`roster`] takes them.
type People = Vec<(u32, Vec<usize>, Vec<usize>)>;

/// `rounds` random rosters (seeded xorshift, so the same every run): up to `duties` duties
/// and `people` people, each qualified for a duty with chance 1 in `qualified`.
fn random_rosters(rounds: usize, duties: u64, people: u64, qualified: u64) -> Vec<(usize, People)> {
    let mut seed = 0x9e37_79b9_u64;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    (0..rounds)
        .map(|_| {
            let n = 1 + next(duties) as usize;
            let list = (0..1 + next(people))
                .map(|_| {
                    let skills: Vec<usize> = (0..n).filter(|_| next(qualified) == 0).collect();
                    let owns: Vec<usize> = (0..n).filter(|_| next(5) == 0).collect();
                    (next(4) as u32, skills, owns)
                })
                .collect();
            (n, list)
        })
        .collect()
}

fn as_refs(people: &People) -> Vec<(u32, &[usize], &[usize])> {
    people
        .iter()
        .map(|(c, s, o)| (*c, s.as_slice(), o.as_slice()))
        .collect()
}

#[test]
fn matches_dinic_on_many_random_rosters() {
    for (n, people) in random_rosters(200, 8, 7, 3) {
        let refs = as_refs(&people);
        let (_, a) = run(n, &refs);
        assert_eq!(a.assigned() as u32, max_flow(n, &refs), "{refs:?}");
        let again = run(n, &refs).1;
        assert_eq!(a, again, "deterministic");
    }
}

/// What an assignment is worth, in the order it is optimised: duties owned, declared owners
/// kept, then the load cost (the k-th duty of a person costs k) — lower is better for the
/// last.
fn objective(a: &Assignment) -> (usize, usize, u64) {
    let cost = a
        .load
        .iter()
        .map(|&(_, n, _)| u64::from(n) * u64::from(n + 1) / 2)
        .sum();
    (a.assigned(), a.kept_owners, cost)
}

/// The optimum found plainly: every qualified edge in the network, one successive shortest
/// path (Bellman–Ford) per unit of flow — the solver orggap used before, kept as an oracle.
fn oracle(n: usize, people: &[(u32, &[usize], &[usize])]) -> (usize, usize, u64) {
    let duties = n;
    let big = (duties as i64 + 1) * (duties as i64 + 1);
    // Nodes: 0 source, 1 sink, 2.. duties, then people.
    let nodes = 2 + duties + people.len();
    let mut edges: Vec<(usize, usize, i32, i64)> = Vec::new();
    let mut duty_edges = Vec::new();
    for r in 0..duties {
        edges.push((0, 2 + r, 1, 0));
    }
    for (i, (capacity, skills, owns)) in people.iter().enumerate() {
        for &r in *skills {
            let cost = if owns.contains(&r) { 0 } else { big };
            duty_edges.push((edges.len(), r, i));
            edges.push((2 + r, 2 + duties + i, 1, cost));
        }
        for k in 1..=(*capacity).min(duties as u32) {
            edges.push((2 + duties + i, 1, 1, i64::from(k)));
        }
    }
    // Residual: forward 2e, backward 2e + 1.
    let mut to = Vec::new();
    let mut cap = Vec::new();
    let mut cost = Vec::new();
    let mut adjacency = vec![Vec::new(); nodes];
    for &(u, v, c, w) in &edges {
        for (a, b, c, w) in [(u, v, c, w), (v, u, 0, -w)] {
            adjacency[a].push(to.len());
            to.push(b);
            cap.push(c);
            cost.push(w);
        }
    }
    loop {
        let mut dist = vec![i64::MAX; nodes];
        let mut via = vec![usize::MAX; nodes];
        dist[0] = 0;
        for _ in 0..nodes {
            let mut changed = false;
            for u in 0..nodes {
                if dist[u] == i64::MAX {
                    continue;
                }
                for &e in &adjacency[u] {
                    if cap[e] > 0 && dist[u] + cost[e] < dist[to[e]] {
                        dist[to[e]] = dist[u] + cost[e];
                        via[to[e]] = e;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if dist[1] == i64::MAX {
            break;
        }
        let mut v = 1;
        while v != 0 {
            let e = via[v];
            cap[e] -= 1;
            cap[e ^ 1] += 1;
            v = to[e ^ 1];
        }
    }
    let mut load = vec![0u64; people.len()];
    let (mut assigned, mut kept) = (0, 0);
    for (e, r, i) in duty_edges {
        if cap[2 * e] == 0 {
            assigned += 1;
            load[i] += 1;
            kept += usize::from(people[i].2.contains(&r));
        }
    }
    (assigned, kept, load.iter().map(|&n| n * (n + 1) / 2).sum())
}

#[test]
fn the_pruned_network_reaches_the_optimum_of_the_whole_graph() {
    for (round, (n, people)) in random_rosters(300, 9, 12, 2).into_iter().enumerate() {
        let refs = as_refs(&people);
        let cat = catalogue(n);
        let r = roster(&cat, &refs);
        let analysis = analyse(&cat, &r, &[], Limits::default());
        let best = oracle(n, &refs);
        // From one candidate a duty (so the proof must ask for more), and from the default.
        for first in [1, 2, 8] {
            let a = assign_from(&cat, &r, &analysis, 3, first);
            check_valid(&r, &a, |p, d| r.row(p).get(d) > 0);
            assert_eq!(objective(&a), best, "round {round}, from {first}: {refs:?}");
        }
    }
}
