//! Properties that hold for every roster: monotonicity of qualification, assignment limits,
//! determinism.

use orggap_model::{Catalogue, Level, PersonFields, PersonIdx, Roster, SkillIdx};
use proptest::prelude::*;

use crate::{Limits, Qualified, analyse, assign, truck_factor};

pub(crate) fn catalogue() -> Catalogue {
    Catalogue::builtin()
}

/// A roster from a flat list of levels and capacities.
pub(crate) fn roster(cat: &Catalogue, levels: &[u8], capacities: &[u32]) -> Roster {
    let skills = cat.skills().len();
    let mut roster = Roster::new(skills);
    for (i, row) in levels.chunks(skills).enumerate() {
        let name = format!("P{i}");
        let fields = PersonFields {
            name: &name,
            capacity: capacities.get(i).copied(),
            ..PersonFields::default()
        };
        let p = roster.add_person(fields);
        for (s, &l) in row.iter().enumerate() {
            roster.set_level(p, SkillIdx(s as u16), Level::new(l % 6).unwrap_or_default());
        }
    }
    roster
}

fn counts(cat: &Catalogue, r: &Roster, without: &[PersonIdx]) -> Vec<usize> {
    analyse(cat, r, without, Limits::default())
        .responsibilities
        .iter()
        .map(|c| c.qualified_count)
        .collect()
}

pub(crate) fn people() -> impl Strategy<Value = (Vec<u8>, Vec<u32>)> {
    let skills = Catalogue::builtin().skills().len();
    (1usize..12).prop_flat_map(move |n| {
        (
            proptest::collection::vec(0u8..6, n * skills),
            proptest::collection::vec(0u32..4, n),
        )
    })
}

/// A catalogue of skills a, b, c and `n` duties of one role, duty `i` needing the levels
/// of `i` written in base 6.
fn many_duties(n: usize) -> Catalogue {
    let mut toml = String::new();
    for skill in ["a", "b", "c"] {
        toml.push_str(&format!(
            "[[skills]]\nid = \"{skill}\"\nname = \"{skill}\"\n\n"
        ));
    }
    toml.push_str("[[roles]]\nid = \"x\"\nname = \"X\"\n");
    for i in 0..n {
        let (a, b, c) = (i % 6, i / 6 % 6, i / 36 % 6);
        toml.push_str(&format!(
            "\n[[responsibilities]]\nid = \"x.d{i}\"\nrole = \"x\"\n"
        ));
        toml.push_str(&format!(
            "title = \"Duty {i}\"\nrequires = {{ a = {a}, b = {b}, c = {c} }}\n"
        ));
    }
    Catalogue::from_toml(&toml, "many.toml").expect("a valid catalogue")
}

/// `people` people with levels in a, b, c spread by `spread(i)`.
fn three_skill_roster(people: u32, spread: impl Fn(u32) -> [u32; 3]) -> Roster {
    let levels: Vec<u8> = (0..people)
        .flat_map(|i| spread(i).map(|l| (l % 6) as u8))
        .collect();
    roster(&many_duties(1), &levels, &[])
}

/// More than 64 responsibilities take the several-words path of qualification; it agrees
/// with checking every requirement one by one.
#[test]
fn many_responsibilities_use_several_words() {
    let cat = many_duties(150);
    let r = three_skill_roster(216, |i| [i, i / 6, i / 36]);
    let active: Vec<bool> = (0..r.len()).map(|i| i % 9 != 4).collect();
    let q = Qualified::compute(&cat, &r, &active);
    let mut qualified = 0;
    for p in r.people() {
        for (i, duty) in cat.responsibilities().iter().enumerate() {
            let simple = active[p.index()]
                && duty
                    .requires
                    .iter()
                    .all(|need| r.level(p, need.skill) >= need.level);
            assert_eq!(
                q.is(p, orggap_model::RespIdx::from_usize(i)),
                simple,
                "{p:?} {i}"
            );
            qualified += usize::from(simple);
        }
    }
    assert!(qualified > 1000, "{qualified}");
}

/// Over several blocks of people: a copy changed in one block, with people added after
/// the last, and one person of another block left out, is qualified from the base as
/// afresh.
#[test]
fn qualification_from_a_base_over_several_blocks() {
    let cat = many_duties(70);
    let base_roster = three_skill_roster(140_000, |i| [i % 6, (i / 6) % 6, (i / 36) % 6]);
    let base = crate::QualifiedBase::new(&cat, &base_roster);
    let mut copy = base_roster.clone();
    let raised = PersonIdx(70_000);
    let five = Level::new(5).unwrap_or_default();
    for s in 0..3 {
        copy.set_level(raised, SkillIdx(s), five);
    }
    let hire = copy.add_person(PersonFields {
        name: "Hire",
        ..PersonFields::default()
    });
    copy.set_level(hire, SkillIdx(0), five);
    assert_eq!(copy.rows_differing_from(&base_roster), [raised]);
    let mut active = vec![true; copy.len()];
    active[3] = false;
    let from = Qualified::compute_from(&cat, &copy, &active, &base);
    assert_eq!(from, Qualified::compute(&cat, &copy, &active));
    assert!(from.count(raised) > base.qualified().count(raised));
    assert_eq!(from.count(PersonIdx(3)), 0);
    assert!(from.count(hire) > 0);
}

/// With more duties than a byte counts, the truck factor takes its other ordering path and
/// still removes whom the plain greedy removes.
#[test]
fn truck_factor_with_hundreds_of_duties() {
    let cat = many_duties(300);
    let r = three_skill_roster(60, |i| [i * 7, i * 11, i * 13]);
    let a = analyse(&cat, &r, &[], Limits::default());
    let duties: Vec<_> = cat.responsibility_indices().collect();
    let fast = truck_factor(&r, &a, &duties).people;
    assert!(!fast.is_empty());
    assert_eq!(fast, plain_truck_factor(&cat, &r, &[]));
}

/// The truck-factor greedy done plainly: at every step, count each remaining person's
/// orphans and covers from scratch.
fn plain_truck_factor(cat: &Catalogue, r: &Roster, without: &[PersonIdx]) -> Vec<PersonIdx> {
    let a = analyse(cat, r, without, Limits::default());
    let duties: Vec<_> = cat.responsibility_indices().collect();
    let mut left: Vec<PersonIdx> = r.people().filter(|p| a.active[p.index()]).collect();
    let mut gone = Vec::new();
    loop {
        let holders = |d| left.iter().filter(|&&p| a.qualified.is(p, d)).count();
        let gaps = duties.iter().filter(|&&d| holders(d) == 0).count();
        if duties.is_empty() || gaps * 2 > duties.len() {
            return gone;
        }
        let score = |p: PersonIdx| {
            let covers = duties.iter().filter(|&&d| a.qualified.is(p, d)).count();
            let orphans = duties
                .iter()
                .filter(|&&d| a.qualified.is(p, d) && holders(d) == 1)
                .count();
            (orphans, covers, std::cmp::Reverse(p))
        };
        let Some(best) = left
            .iter()
            .copied()
            .filter(|&p| score(p).1 > 0)
            .max_by_key(|&p| score(p))
        else {
            return gone;
        };
        left.retain(|&p| p != best);
        gone.push(best);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Counting on two threads gives what one plain pass in roster order gives: counts, the
    /// first names, and the best-fitting candidates (ties in roster order).
    #[test]
    fn analysis_matches_one_plain_pass((levels, caps) in people(), max_names in 0usize..4) {
        let cat = catalogue();
        let r = roster(&cat, &levels, &caps);
        let limits = Limits { max_names, ..Limits::default() };
        let a = analyse(&cat, &r, &[], limits);
        for (i, c) in a.responsibilities.iter().enumerate() {
            let holders: Vec<PersonIdx> =
                r.people().filter(|&p| a.qualified.is(p, c.responsibility)).collect();
            prop_assert_eq!(c.qualified_count, holders.len(), "duty {}", i);
            prop_assert_eq!(&c.qualified[..], &holders[..holders.len().min(max_names)]);
        }
        for role in &a.roles {
            let duties = cat.responsibilities_of(role.role);
            let mut fits: Vec<(PersonIdx, u32)> = r
                .people()
                .map(|p| (p, duties.iter().filter(|&&d| a.qualified.is(p, d)).count() as u32))
                .filter(|&(_, fit)| fit > 0)
                .collect();
            fits.sort_by_key(|&(p, fit)| (std::cmp::Reverse(fit), p));
            fits.truncate(limits.candidates);
            prop_assert_eq!(&role.candidates, &fits);
        }
    }

    /// The linear-time truck factor removes the same people as the plain greedy.
    #[test]
    fn truck_factor_matches_the_plain_greedy((levels, caps) in people(), leaves in 0usize..4) {
        let cat = catalogue();
        let r = roster(&cat, &levels, &caps);
        let without: Vec<PersonIdx> = r.people().filter(|p| p.index() % 4 == leaves).collect();
        let a = analyse(&cat, &r, &without, Limits::default());
        let duties: Vec<_> = cat.responsibility_indices().collect();
        let plain = plain_truck_factor(&cat, &r, &without);
        prop_assert_eq!(truck_factor(&r, &a, &duties).people, plain);
        // All scopes from one pass give what each scope alone gives.
        let (overall, roles) = crate::truck_factors(&cat, &r, &a);
        prop_assert_eq!(&overall, &truck_factor(&r, &a, &duties));
        for (i, tf) in roles.iter().enumerate() {
            let role = orggap_model::RoleIdx::from_usize(i);
            prop_assert_eq!(tf, &truck_factor(&r, &a, cat.responsibilities_of(role)));
        }
    }

    /// The byte-table qualification gives what checking every requirement one by one gives.
    #[test]
    fn qualification_matches_checking_each_requirement(
        (levels, caps) in people(),
        skip in 0usize..5,
    ) {
        let cat = catalogue();
        let r = roster(&cat, &levels, &caps);
        let active: Vec<bool> = (0..r.len()).map(|i| i % 5 != skip).collect();
        // By byte table, and by columns kept as lists and as bitsets.
        use crate::qualify::Keep;
        let ways = [
            Qualified::compute(&cat, &r, &active),
            Qualified::by_columns(&cat, &r, &active, Keep::Lists),
            Qualified::by_columns(&cat, &r, &active, Keep::Bits),
        ];
        for p in r.people() {
            let row: Vec<u8> = r.row(p).iter().collect();
            let simple: Vec<orggap_model::RespIdx> = cat
                .responsibility_indices()
                .filter(|&d| {
                    active[p.index()]
                        && cat.responsibility(d).requires.iter().all(|q| row[q.skill.index()] >= q.level.get())
                })
                .collect();
            let word = simple.iter().filter(|d| d.index() < 64).fold(0u64, |w, d| w | 1 << d.index());
            for q in &ways {
                prop_assert_eq!(q.duties(p).collect::<Vec<_>>(), simple.clone());
                prop_assert_eq!(q.count(p) as usize, simple.len());
                prop_assert_eq!(q.first_word(p), word);
                for d in cat.responsibility_indices() {
                    prop_assert_eq!(q.is(p, d), simple.contains(&d));
                }
            }
        }
    }

    /// Qualifying a changed copy of a roster from the original's qualifications gives what
    /// qualifying the copy afresh gives: people changed, added, and left out.
    #[test]
    fn qualification_from_a_base_matches_computing_afresh(
        (levels, caps) in people(),
        changes in proptest::collection::vec((any::<usize>(), 0u8..6), 0..6),
        (added, skip) in (0usize..4, 0usize..6),
    ) {
        let cat = catalogue();
        let base_roster = roster(&cat, &levels, &caps);
        let base = crate::QualifiedBase::new(&cat, &base_roster);
        let mut copy = base_roster.clone();
        let skills = cat.skills().len();
        for &(pick, level) in &changes {
            let p = PersonIdx((pick % copy.len()) as u32);
            let s = SkillIdx(((pick / copy.len()) % skills) as u16);
            copy = copy.with_level(p, s, Level::new(level).unwrap_or_default());
        }
        for i in 0..added {
            let name = format!("Hire {i}");
            let fields = PersonFields { name: &name, ..PersonFields::default() };
            let p = copy.add_person(fields);
            copy.set_level(p, SkillIdx((i % skills) as u16), Level::new(5).unwrap_or_default());
        }
        let active: Vec<bool> = (0..copy.len()).map(|i| i % 6 != skip).collect();
        prop_assert_eq!(
            Qualified::compute_from(&cat, &copy, &active, &base),
            Qualified::compute(&cat, &copy, &active)
        );
    }

    #[test]
    fn raising_a_level_never_lowers_a_qualified_count((levels, caps) in people(), pick in any::<usize>(), up in 1u8..6) {
        let cat = catalogue();
        let before = roster(&cat, &levels, &caps);
        let cell = pick % levels.len();
        let skills = cat.skills().len();
        let (p, s) = (PersonIdx((cell / skills) as u32), SkillIdx((cell % skills) as u16));
        let raised = (before.level(p, s).get() + up).min(5);
        let after = before.with_level(p, s, Level::new(raised).unwrap_or_default());
        for (b, a) in counts(&cat, &before, &[]).iter().zip(counts(&cat, &after, &[])) {
            prop_assert!(a >= *b);
        }
    }

    #[test]
    fn removing_a_person_never_raises_a_qualified_count((levels, caps) in people(), pick in any::<usize>()) {
        let cat = catalogue();
        let r = roster(&cat, &levels, &caps);
        let gone = PersonIdx((pick % r.len()) as u32);
        for (b, a) in counts(&cat, &r, &[]).iter().zip(counts(&cat, &r, &[gone])) {
            prop_assert!(a <= *b);
        }
    }

    #[test]
    fn assign_gives_only_qualified_owners_within_capacity((levels, caps) in people(), default in 0u32..4) {
        let cat = catalogue();
        let r = roster(&cat, &levels, &caps);
        let analysis = analyse(&cat, &r, &[], Limits::default());
        let a = assign(&cat, &r, &analysis, default);
        let mut load = vec![0u32; r.len()];
        for (i, owner) in a.owner.iter().enumerate() {
            if let Some(p) = owner {
                prop_assert!(analysis.qualified.is(*p, orggap_model::RespIdx(i as u16)));
                load[p.index()] += 1;
            }
        }
        for p in r.people() {
            prop_assert!(load[p.index()] <= r.capacity(p).unwrap_or(default));
        }
        prop_assert_eq!(a, assign(&cat, &r, &analysis, default), "deterministic");
    }
}
