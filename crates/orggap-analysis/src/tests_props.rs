//! Properties that hold for every roster: monotonicity of qualification, assignment limits,
//! determinism.

use orggap_model::{Catalogue, Interner, Level, PersonFields, PersonIdx, Roster, SkillIdx};
use proptest::prelude::*;

use crate::{Limits, analyse, assign};

fn catalogue() -> Catalogue {
    Catalogue::builtin()
}

/// A roster from a flat list of levels and capacities.
fn roster(cat: &Catalogue, levels: &[u8], capacities: &[u32]) -> Roster {
    let skills = cat.skills().len();
    let mut roster = Roster::new(skills);
    let mut interner = Interner::default();
    for (i, row) in levels.chunks(skills).enumerate() {
        let name = format!("P{i}");
        let fields = PersonFields {
            name: &name,
            capacity: capacities.get(i).copied(),
            ..PersonFields::default()
        };
        let p = roster.push_person(fields, &mut interner);
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

fn people() -> impl Strategy<Value = (Vec<u8>, Vec<u32>)> {
    let skills = Catalogue::builtin().skills().len();
    (1usize..12).prop_flat_map(move |n| {
        (
            proptest::collection::vec(0u8..6, n * skills),
            proptest::collection::vec(0u32..4, n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

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
