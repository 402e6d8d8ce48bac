//! A scenario is the roster file edited the same way: property tests in process, the
//! libraries together as the binary uses them (roster reader, scenario, analysis, report).

use orggap_analysis::{Limits, analyse};
use orggap_model::{
    Catalogue, ChangeDoc, HireDoc, LevelValue, Lookup, PersonIdx, Policy, Roster, ScenarioDoc,
};
use orggap_report::CheckReport;
use orggap_roster::{ImportOptions, read_csv};
use proptest::prelude::*;

/// A person as a roster row says: name, team, capacity, owns, a level per skill.
#[derive(Clone, Debug)]
struct Row {
    name: String,
    team: String,
    capacity: Option<u32>,
    owns: Vec<usize>,
    levels: Vec<u8>,
}

const TEAMS: [&str; 3] = ["", "Product", "Marketing"];

fn csv(rows: &[Row], catalogue: &Catalogue) -> String {
    let mut text = String::from("name,team,capacity,owns");
    for skill in catalogue.skills() {
        text.push(',');
        text.push_str(&skill.id);
    }
    text.push('\n');
    for row in rows {
        let owns: Vec<&str> = row
            .owns
            .iter()
            .map(|&r| catalogue.responsibilities()[r].id.as_str())
            .collect();
        let capacity = row.capacity.map(|c| c.to_string()).unwrap_or_default();
        text.push_str(&format!(
            "{},{},{capacity},{}",
            row.name,
            row.team,
            owns.join(";")
        ));
        for level in &row.levels {
            text.push_str(&format!(",{level}"));
        }
        text.push('\n');
    }
    text
}

fn read(text: &str, catalogue: &Catalogue) -> Roster {
    read_csv(
        text.as_bytes(),
        "roster.csv",
        catalogue,
        &ImportOptions::default(),
    )
    .expect("a valid roster")
    .roster
}

fn check_json(catalogue: &Catalogue, roster: &Roster, without: &[PersonIdx]) -> String {
    let analysis = analyse(catalogue, roster, without, Limits::default());
    CheckReport::new(catalogue, roster, &analysis, &Policy::default(), &[], None).to_json()
}

/// A change drawn at random: who (any number, taken modulo the roster), levels by skill
/// index, a team index, a capacity, owned duties by index.
type RandomChange = (
    usize,
    Vec<(usize, u8)>,
    Option<usize>,
    Option<u32>,
    Option<Vec<usize>>,
);
/// A hire drawn at random: levels by skill index, a team index, owned duties.
type RandomHire = (Vec<(usize, u8)>, usize, Vec<usize>);

/// A roster of 2 to 9 people and a scenario for it: some leave (fate 1), some change
/// (levels, team, capacity, owns), some are hired.
fn roster_and_scenario()
-> impl Strategy<Value = (Vec<Row>, Vec<u8>, Vec<RandomChange>, Vec<RandomHire>)> {
    let skills = Catalogue::builtin().skills().len();
    let duties = Catalogue::builtin().responsibilities().len();
    let row = (
        0..TEAMS.len(),
        proptest::option::of(0u32..5),
        proptest::collection::vec(0..duties, 0..3),
        proptest::collection::vec(0u8..=5, skills),
    );
    (
        proptest::collection::vec(row, 2..10),
        proptest::collection::vec(0u8..3, 10),
        proptest::collection::vec(
            (
                0usize..10,
                proptest::collection::vec((0..skills, 0u8..=5), 0..4),
                proptest::option::of(0..TEAMS.len()),
                proptest::option::of(0u32..6),
                proptest::option::of(proptest::collection::vec(0..duties, 0..3)),
            ),
            0..4,
        ),
        proptest::collection::vec(
            (
                proptest::collection::vec((0..skills, 0u8..=5), 0..6),
                0..TEAMS.len(),
                proptest::collection::vec(0..duties, 0..2),
            ),
            0..3,
        ),
    )
        .prop_map(|(rows, fate, changes, hires)| {
            let rows = rows
                .into_iter()
                .enumerate()
                .map(|(i, (team, capacity, owns, levels))| Row {
                    name: format!("Person {i}"),
                    team: TEAMS[team].into(),
                    capacity,
                    owns,
                    levels,
                })
                .collect();
            (rows, fate, changes, hires)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_scenario_is_the_roster_file_edited_the_same_way(
        (rows, fate, changes, hires) in roster_and_scenario()
    ) {
        let catalogue = Catalogue::builtin();
        let skill_id = |s: usize| catalogue.skills()[s].id.clone();
        let duty_id = |r: usize| catalogue.responsibilities()[r].id.clone();
        // fate 1: leaves; the changes go to people who stay, each at most once.
        let leaving: Vec<usize> = (0..rows.len()).filter(|&i| fate[i] == 1).collect();
        let mut doc = ScenarioDoc {
            leave: leaving.iter().map(|&i| rows[i].name.clone()).collect(),
            ..ScenarioDoc::default()
        };
        let mut edited = rows.clone();
        let mut changed = Vec::new();
        for (who, levels, team, capacity, owns) in changes {
            let who = who % rows.len();
            if leaving.contains(&who) || changed.contains(&who) {
                continue;
            }
            changed.push(who);
            let mut given = Vec::new();
            let mut change = ChangeDoc { person: rows[who].name.clone(), ..ChangeDoc::default() };
            for (skill, level) in levels {
                if given.contains(&skill) {
                    continue;
                }
                given.push(skill);
                // By id, or by the skill's name: both are accepted.
                let key = match level % 2 {
                    0 => skill_id(skill),
                    _ => catalogue.skills()[skill].name.clone(),
                };
                change.levels.0.push((key, LevelValue::Number(f64::from(level))));
                edited[who].levels[skill] = level;
            }
            if let Some(team) = team {
                change.team = Some(TEAMS[team].into());
                edited[who].team = TEAMS[team].into();
            }
            if let Some(capacity) = capacity {
                change.capacity = Some(u64::from(capacity));
                edited[who].capacity = Some(capacity);
            }
            if let Some(owns) = owns {
                change.owns = Some(owns.iter().map(|&r| duty_id(r)).collect());
                edited[who].owns = owns;
            }
            doc.change.push(change);
        }
        for (i, (levels, team, owns)) in hires.into_iter().enumerate() {
            let name = format!("Hire {i}");
            let mut row = Row {
                name: name.clone(),
                team: TEAMS[team].into(),
                capacity: None,
                owns: owns.clone(),
                levels: vec![0; catalogue.skills().len()],
            };
            let mut hire = HireDoc {
                name,
                team: Some(TEAMS[team].into()),
                owns: Some(owns.iter().map(|&r| duty_id(r)).collect()),
                ..HireDoc::default()
            };
            let mut given = Vec::new();
            for (skill, level) in levels {
                if !given.contains(&skill) {
                    given.push(skill);
                    hire.levels.0.push((skill_id(skill), LevelValue::Number(f64::from(level))));
                    row.levels[skill] = level;
                }
            }
            edited.push(row);
            doc.hire.push(hire);
        }
        // Through the file format, as a person would write it.
        let toml = doc.to_toml(|_| None);
        let base = read(&csv(&rows, &catalogue), &catalogue);
        let (_, scenario) = ScenarioDoc::from_toml(&toml, "s.toml", &base, &catalogue)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{toml}")))?;
        let applied = scenario.apply(&base);
        let without = scenario.leavers(&base, None);
        let by_hand = read(&csv(&edited, &catalogue), &catalogue);
        let gone: Vec<PersonIdx> = leaving
            .iter()
            .map(|&i| match by_hand.lookup(&rows[i].name) {
                Lookup::Found(p) => p,
                other => panic!("{other:?}"),
            })
            .collect();
        prop_assert_eq!(
            check_json(&catalogue, &applied, &without),
            check_json(&catalogue, &by_hand, &gone),
            "{}", toml
        );
    }
}
