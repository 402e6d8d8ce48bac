//! `assign`: maximum, within capacity, only qualified owners, owners kept, load spread.

use orggap_model::{Catalogue, Interner, Level, PersonFields, PersonIdx, Roster, SkillIdx};
use petgraph::Graph;
use petgraph::algo::dinics;

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
    let mut interner = Interner::default();
    for (i, (capacity, skills, owns)) in people.iter().enumerate() {
        let name = format!("P{i}");
        let fields = PersonFields {
            name: &name,
            capacity: Some(*capacity),
            ..PersonFields::default()
        };
        let p = roster.push_person(fields, &mut interner);
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

#[test]
fn matches_dinic_on_many_random_rosters() {
    let mut seed = 0x9e37_79b9_u64;
    let mut next = move |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    for _ in 0..200 {
        let n = 1 + next(8) as usize;
        let people: Vec<(u32, Vec<usize>, Vec<usize>)> = (0..1 + next(7))
            .map(|_| {
                let skills: Vec<usize> = (0..n).filter(|_| next(3) == 0).collect();
                let owns: Vec<usize> = (0..n).filter(|_| next(5) == 0).collect();
                (next(3) as u32, skills, owns)
            })
            .collect();
        let refs: Vec<(u32, &[usize], &[usize])> = people
            .iter()
            .map(|(c, s, o)| (*c, s.as_slice(), o.as_slice()))
            .collect();
        let (_, a) = run(n, &refs);
        assert_eq!(a.assigned() as u32, max_flow(n, &refs), "{refs:?}");
        let again = run(n, &refs).1;
        assert_eq!(a, again, "deterministic");
    }
}
