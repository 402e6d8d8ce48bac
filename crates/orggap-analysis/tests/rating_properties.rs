//! Rating policies over random rated rosters, in process: the roster reader and the
//! analysis together.

use orggap_analysis::{Limits, MaxAge, analyse, stale_people};
use orggap_model::Catalogue;
use orggap_roster::{ImportOptions, RatingPolicy, read_csv};
use proptest::prelude::*;

/// Qualified people per duty of `text` read with `rating`.
fn counts(text: &str, rating: RatingPolicy) -> Vec<usize> {
    let catalogue = Catalogue::builtin();
    let options = ImportOptions {
        rating,
        ..ImportOptions::default()
    };
    let roster = read_csv(text.as_bytes(), "r.csv", &catalogue, &options)
        .expect("a roster")
        .roster;
    let analysis = analyse(&catalogue, &roster, &[], Limits::default());
    analysis
        .responsibilities
        .iter()
        .map(|c| c.qualified_count)
        .collect()
}

const SKILLS: [&str; 4] = [
    "budgeting",
    "product-strategy",
    "business-acumen",
    "marketing",
];

/// A roster whose skills have a plain, a self, a manager and a peer column, each cell
/// empty or a level.
fn rated_roster() -> impl Strategy<Value = String> {
    let cell = prop_oneof![Just(String::new()), (0u8..=5).prop_map(|l| l.to_string())];
    proptest::collection::vec(proptest::collection::vec(cell, SKILLS.len() * 4), 1..12).prop_map(
        |rows| {
            let mut text = String::from("name");
            for skill in SKILLS {
                text.push_str(&format!(
                    ",{skill},{skill} (self),{skill} (manager),{skill} (peer)"
                ));
            }
            text.push('\n');
            for (i, cells) in rows.iter().enumerate() {
                text.push_str(&format!("P{i},{}\n", cells.join(",")));
            }
            text
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn lowest_never_qualifies_more_people_than_manager_or_self(text in rated_roster()) {
        let lowest = counts(&text, RatingPolicy::Lowest);
        for other in [RatingPolicy::Manager, RatingPolicy::Own, RatingPolicy::Mean] {
            let more = counts(&text, other);
            for (l, m) in lowest.iter().zip(&more) {
                prop_assert!(l <= m, "{:?}: {} > {}\n{}", other, l, m, text);
            }
        }
    }

    #[test]
    fn ignoring_stale_ratings_never_raises_a_count(
        levels in proptest::collection::vec(proptest::collection::vec(0u8..=5, SKILLS.len()), 1..12),
        days in proptest::collection::vec(0u32..1500, 12),
        age in 1u32..1000,
    ) {
        let catalogue = Catalogue::builtin();
        let mut text = format!("name,assessed,{}\n", SKILLS.join(","));
        for (i, row) in levels.iter().enumerate() {
            // Days from 2022-01-01, as a date.
            let date = jiff::civil::date(2022, 1, 1)
                .checked_add(jiff::Span::new().days(i64::from(days[i])))
                .expect("a day");
            let row: Vec<String> = row.iter().map(u8::to_string).collect();
            text.push_str(&format!("P{i},{date},{}\n", row.join(",")));
        }
        let roster = read_csv(text.as_bytes(), "r.csv", &catalogue, &ImportOptions::default())
            .expect("a roster")
            .roster;
        let stale = stale_people(&roster, MaxAge::Days(age), None);
        let mut ignored = roster.clone();
        let zeros = vec![0u8; roster.skill_count()];
        for &p in &stale {
            ignored.set_row(p, &zeros);
        }
        let before = analyse(&catalogue, &roster, &[], Limits::default());
        let after = analyse(&catalogue, &ignored, &[], Limits::default());
        for (b, a) in before.responsibilities.iter().zip(&after.responsibilities) {
            prop_assert!(a.qualified_count <= b.qualified_count);
        }
        // The newest-dated person is never stale.
        let newest = (0..levels.len()).max_by_key(|&i| (days[i], std::cmp::Reverse(i))).expect("someone");
        prop_assert!(!stale.iter().any(|p| p.index() == newest));
    }
}
