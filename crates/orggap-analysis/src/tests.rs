//! The definitions (qualified, gap, at risk, covered…), each checked on a roster built for it.

use orggap_model::{Catalogue, Level, PersonFields, PersonIdx, RespIdx, Roster};

use crate::{Analysis, Limits, Status, analyse, shortfall};

const CATALOGUE: &str = r#"
[[skills]]
id = "a"
name = "A"
[[skills]]
id = "b"
name = "B"
[[roles]]
id = "x"
name = "Role X"
[[roles]]
id = "y"
name = "Role Y"
[[responsibilities]]
id = "x.ab"
role = "x"
title = "Needs a3 and b2"
requires = { a = 3, b = 2 }
[[responsibilities]]
id = "x.free"
role = "x"
title = "Needs nothing"
min_owners = 1
[[responsibilities]]
id = "x.b5"
role = "x"
title = "Needs b5"
requires = { b = 5 }
min_owners = 1
[[responsibilities]]
id = "y.a4"
role = "y"
title = "Needs a4"
requires = { a = 4 }
overlaps = ["x.ab"]
"#;

fn catalogue() -> Catalogue {
    Catalogue::from_toml(CATALOGUE, "test").unwrap()
}

/// People as `name a b [owns,…]`, e.g. `"Ada 3 2 x.ab"`; a level `?` is unknown.
fn roster(cat: &Catalogue, people: &[&str]) -> Roster {
    let mut roster = Roster::new(cat.skills().len());
    for line in people {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let fields = PersonFields {
            name: parts[0],
            ..PersonFields::default()
        };
        let p = roster.add_person(fields);
        for (s, level) in parts[1..3].iter().enumerate() {
            let skill = orggap_model::SkillIdx(s as u16);
            match *level {
                "?" => roster.set_unknown(p, skill),
                level => roster.set_level(p, skill, Level::new(level.parse().unwrap()).unwrap()),
            }
        }
        for id in parts
            .get(3)
            .map_or("", |s| s)
            .split(',')
            .filter(|s| !s.is_empty())
        {
            roster.add_owner(p, cat.find_responsibility(id).unwrap());
        }
    }
    roster
}

fn run(people: &[&str], without: &[&str], limits: Limits) -> (Catalogue, Roster, Analysis) {
    let cat = catalogue();
    let roster = roster(&cat, people);
    let without: Vec<PersonIdx> = without
        .iter()
        .map(|n| roster.find_person(n).unwrap())
        .collect();
    let analysis = analyse(&cat, &roster, &without, limits);
    (cat, roster, analysis)
}

fn names(roster: &Roster, people: &[PersonIdx]) -> Vec<String> {
    people.iter().map(|&p| roster.name(p).to_owned()).collect()
}

fn r(cat: &Catalogue, id: &str) -> RespIdx {
    cat.find_responsibility(id).unwrap()
}

/// `status qualified_count [qualified]` of every responsibility, in catalogue order.
fn statuses(people: &[&str], without: &[&str]) -> Vec<String> {
    let (_, roster, analysis) = run(people, without, Limits::default());
    analysis
        .responsibilities
        .iter()
        .map(|c| {
            format!(
                "{} {} {:?}",
                c.status.as_str(),
                c.qualified_count,
                names(&roster, &c.qualified)
            )
        })
        .collect()
}

#[test]
fn qualified_means_every_requirement_at_least_the_minimum() {
    // Ada is exactly at the minimum of x.ab; Bo is one short in b; Cy is above.
    assert_eq!(
        statuses(&["Ada 3 2", "Bo 3 1", "Cy 5 5"], &[]),
        [
            "covered 2 [\"Ada\", \"Cy\"]",
            "covered 3 [\"Ada\", \"Bo\", \"Cy\"]",
            "covered 1 [\"Cy\"]",
            "at-risk 1 [\"Cy\"]",
        ]
    );
}

#[test]
fn no_requirements_qualifies_everyone_and_min_owners_one_covers_with_one() {
    assert_eq!(
        statuses(&["Ada 0 0"], &[]),
        ["gap 0 []", "covered 1 [\"Ada\"]", "gap 0 []", "gap 0 []"]
    );
}

#[test]
fn empty_roster_makes_everything_a_gap() {
    let (_, _, analysis) = run(&[], &[], Limits::default());
    assert_eq!(analysis.people, 0);
    assert_eq!((analysis.summary.gap, analysis.summary.covered), (4, 0));
    assert!(analysis.key_people.is_empty());
    assert!(analysis.roles.iter().all(|r| r.candidates.is_empty()));
}

#[test]
fn without_the_only_qualified_person_opens_a_gap() {
    assert_eq!(
        statuses(&["Ada 5 5", "Bo 1 1"], &[])[2],
        "covered 1 [\"Ada\"]"
    );
    assert_eq!(statuses(&["Ada 5 5", "Bo 1 1"], &["Ada"])[2], "gap 0 []");
    let (_, _, analysis) = run(&["Ada 5 5", "Bo 1 1"], &["Ada"], Limits::default());
    assert_eq!(analysis.people, 1);
}

#[test]
fn status_thresholds() {
    assert_eq!(Status::of(0, 2), Status::Gap);
    assert_eq!(Status::of(1, 2), Status::AtRisk);
    assert_eq!(Status::of(2, 2), Status::Covered);
    assert_eq!(Status::of(1, 1), Status::Covered);
    assert_eq!(Status::of(0, 1), Status::Gap);
}

#[test]
fn shortfall_sums_missing_levels_and_is_zero_exactly_when_qualified() {
    let cat = catalogue();
    let ab = r(&cat, "x.ab");
    assert_eq!(shortfall(&cat, &[1, 0], ab), 2 + 2);
    assert_eq!(shortfall(&cat, &[4, 1], ab), 1);
    assert_eq!(shortfall(&cat, &[3, 2], ab), 0);
    assert_eq!(shortfall(&cat, &[0, 0], r(&cat, "x.free")), 0);
}

#[test]
fn nearest_smallest_shortfall_first_ties_in_roster_order_only_unqualified() {
    let (cat, roster, analysis) = run(
        &[
            "Ada 1 0", "Bo 3 4", "Cy 2 2", "Dee 2 1", "Eve 2 2", "Fay 3 2",
        ],
        &[],
        Limits::default(),
    );
    // y.a4 (a >= 4): nobody qualified; shortfalls Ada 3, Bo 1, Cy 2, Dee 2, Eve 2, Fay 1.
    let nearest = &analysis.coverage(r(&cat, "y.a4")).nearest;
    let got: Vec<(String, u32)> = nearest
        .iter()
        .map(|&(p, s)| (roster.name(p).to_owned(), s))
        .collect();
    assert_eq!(got, [("Bo".into(), 1), ("Fay".into(), 1), ("Cy".into(), 2)]);
    // x.ab is covered (Bo, Fay): no nearest.
    assert!(analysis.coverage(r(&cat, "x.ab")).nearest.is_empty());
    // x.b5 gap: Bo short 1, then Cy/Eve/Fay short 3 — ties in roster order.
    let nearest: Vec<String> = analysis
        .coverage(r(&cat, "x.b5"))
        .nearest
        .iter()
        .map(|&(p, _)| roster.name(p).to_owned())
        .collect();
    assert_eq!(nearest, ["Bo", "Cy", "Eve"]);
}

#[test]
fn owners_and_unqualified_owners_in_roster_order() {
    let (cat, roster, analysis) = run(
        &["Ada 1 1 y.a4,x.ab", "Bo 4 2 x.ab", "Cy 0 0 x.ab"],
        &[],
        Limits::default(),
    );
    let ab = analysis.coverage(r(&cat, "x.ab"));
    assert_eq!(names(&roster, &ab.owners), ["Ada", "Bo", "Cy"]);
    assert_eq!(names(&roster, &ab.unqualified_owners), ["Ada", "Cy"]);
    let a4 = analysis.coverage(r(&cat, "y.a4"));
    assert_eq!(names(&roster, &a4.owners), ["Ada"]);
    // An owner who might be qualified (an unknown level could close the shortfall) is not
    // said to be unqualified; one short in a known level is, whatever the unknown one.
    let (cat, roster, analysis) = run(
        &["Ada ? 2 x.ab", "Bo ? 1 x.ab", "Cy 3 2"],
        &[],
        Limits::default(),
    );
    let ab = analysis.coverage(r(&cat, "x.ab"));
    assert_eq!(names(&roster, &ab.owners), ["Ada", "Bo"]);
    assert_eq!(names(&roster, &ab.unqualified_owners), ["Bo"]);
    assert_eq!(names(&roster, &ab.unassessed), ["Ada"]);
    // Declared owners who left are not owners.
    let (_, roster, analysis) = run(
        &["Ada 1 1 x.ab", "Bo 4 2 x.ab"],
        &["Ada"],
        Limits::default(),
    );
    assert_eq!(
        names(&roster, &analysis.coverage(RespIdx(0)).owners),
        ["Bo"]
    );
}

#[test]
fn key_people_most_first_ties_in_roster_order() {
    // Cy alone: x.b5 and y.a4 (2). Ada alone: none. Bo and Dee each alone for nothing...
    let (cat, roster, analysis) = run(
        &["Ada 3 2", "Bo 0 0", "Cy 5 5", "Dee 1 1"],
        &[],
        Limits::default(),
    );
    let got: Vec<(String, Vec<String>)> = analysis
        .key_people
        .iter()
        .map(|k| {
            let ids = k
                .sole_qualified_for
                .iter()
                .map(|&r| cat.responsibility(r).id.clone())
                .collect();
            (roster.name(k.person).to_owned(), ids)
        })
        .collect();
    assert_eq!(
        got,
        [("Cy".to_owned(), vec!["x.b5".to_owned(), "y.a4".to_owned()])]
    );
    // Two people each sole for one duty: roster order.
    let (_, roster, analysis) = run(&["Bo 0 5", "Ada 4 0"], &[], Limits::default());
    let order: Vec<&str> = analysis
        .key_people
        .iter()
        .map(|k| roster.name(k.person))
        .collect();
    assert_eq!(order, ["Bo", "Ada"]);
}

#[test]
fn role_fit_candidates_highest_first_at_least_one_ties_in_roster_order() {
    let limits = Limits {
        candidates: 2,
        ..Limits::default()
    };
    // Role x: x.ab, x.free, x.b5. Ada: ab, free (2); Bo: free (1); Cy: ab, free, b5 (3); Dee: ab, free (2).
    let (_, roster, analysis) = run(&["Ada 3 2", "Bo 0 0", "Cy 3 5", "Dee 3 2"], &[], limits);
    let fit: Vec<(String, u32)> = analysis.roles[0]
        .candidates
        .iter()
        .map(|&(p, n)| (roster.name(p).to_owned(), n))
        .collect();
    assert_eq!(fit, [("Cy".into(), 3), ("Ada".into(), 2)]);
    // Role y (y.a4): nobody fits, so nobody is a candidate.
    assert!(analysis.roles[1].candidates.is_empty());
    assert_eq!(
        (
            analysis.roles[0].responsibilities,
            analysis.roles[0].covered
        ),
        (3, 3)
    );
}

#[test]
fn max_names_bounds_the_list_not_the_count() {
    let limits = Limits {
        max_names: 1,
        ..Limits::default()
    };
    let (_, roster, analysis) = run(&["Ada 0 0", "Bo 0 0", "Cy 0 0"], &[], limits);
    let free = &analysis.responsibilities[1];
    assert_eq!(free.qualified_count, 3);
    assert_eq!(names(&roster, &free.qualified), ["Ada"]);
}

#[test]
fn overlaps_come_from_the_catalogue() {
    let cat = catalogue();
    assert_eq!(cat.overlaps(), [(r(&cat, "x.ab"), r(&cat, "y.a4"))]);
}

#[test]
fn departures_list_new_gaps_and_new_at_risk_most_harmful_first() {
    // x.ab (min 2): Ada, Cy qualified -> covered; Cy leaving makes it at risk, so does Ada.
    // x.b5 (min 1): Cy only -> Cy leaving opens a gap. y.a4 (min 2): Cy only (at risk) -> gap.
    let (cat, roster, analysis) = run(&["Ada 3 2", "Bo 0 0", "Cy 5 5"], &[], Limits::default());
    let got: Vec<(String, Vec<String>, Vec<String>)> = crate::departures(&cat, &roster, &analysis)
        .iter()
        .map(|d| {
            let ids = |list: &[RespIdx]| {
                list.iter()
                    .map(|&r| cat.responsibility(r).id.clone())
                    .collect()
            };
            (
                roster.name(d.person).to_owned(),
                ids(&d.new_gaps),
                ids(&d.new_at_risk),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Cy".to_owned(),
                vec!["x.b5".to_owned(), "y.a4".to_owned()],
                vec!["x.ab".to_owned()]
            ),
            ("Ada".to_owned(), vec![], vec!["x.ab".to_owned()]),
        ]
    );
}

#[test]
fn truck_factor_by_hand() {
    // Four duties. Ada: ab, free; Bo: free; Cy: ab, free, b5, a4.
    // Before: no gaps. Step 1: Cy orphans b5 and a4 (2) -> 2 of 4 gaps, not more than half.
    // Step 2: Ada orphans ab (1; Bo orphans none) -> 3 of 4. Factor 2: Cy, Ada.
    let (cat, roster, analysis) = run(&["Ada 3 2", "Bo 0 0", "Cy 5 5"], &[], Limits::default());
    let all: Vec<RespIdx> = cat.responsibility_indices().collect();
    let tf = crate::truck_factor(&roster, &analysis, &all);
    assert_eq!(names(&roster, &tf.people), ["Cy", "Ada"]);
    assert_eq!((tf.duties, tf.gaps_before, tf.gaps_after), (4, 0, 3));
    // Role y has one duty, covered by Cy alone: one departure orphans it.
    let y: Vec<RespIdx> = vec![r(&cat, "y.a4")];
    assert_eq!(
        names(&roster, &crate::truck_factor(&roster, &analysis, &y).people),
        ["Cy"]
    );
    // Already more than half gaps: factor 0.
    let (_, roster, analysis) = run(&["Bo 0 0"], &[], Limits::default());
    let tf = crate::truck_factor(&roster, &analysis, &all);
    assert!(tf.people.is_empty());
    assert_eq!(tf.gaps_before, 3);
}

#[test]
fn plan_trains_the_nearest_reuses_training_and_hires_the_rest() {
    // Gaps first: x.b5 (b5, min 1): Ada and Bo are 3 steps short; Bo carries fewer duties
    // (1 against Ada's 2) -> Bo b 2->5. y.a4 (a4, min 2): Ada 1 step (a 3->4), then Bo
    // 2 steps (a 2->4). At risk: x.ab (a3 b2, min 2) had Ada; Bo's training qualifies him
    // (and says so). Six steps, two people: the optimum.
    let (cat, roster, analysis) = run(&["Ada 3 2", "Bo 2 2", "Cy 0 0"], &[], Limits::default());
    let plan = crate::plan(&cat, &roster, &analysis, 3);
    let described: Vec<String> = plan
        .upskill
        .iter()
        .map(|u| {
            let steps: Vec<String> = u
                .steps
                .iter()
                .map(|&(s, from, to)| format!("{}:{from}->{to}", cat.skill(s).id))
                .collect();
            let closes: Vec<&str> = u
                .closes
                .iter()
                .map(|&r| cat.responsibility(r).id.as_str())
                .collect();
            format!(
                "{} {} [{}]",
                roster.name(u.person),
                steps.join(","),
                closes.join(",")
            )
        })
        .collect();
    assert_eq!(
        described,
        ["Ada a:3->4 [y.a4]", "Bo a:2->4,b:2->5 [x.ab,x.b5,y.a4]"]
    );
    assert!(plan.optimal);
    assert_eq!(plan.bound, 6);
    assert!(plan.hires.is_empty());
    assert_eq!(plan.total_steps(), 1 + 3 + 2);
    let after = plan.apply(&cat, &roster);
    let analysis = analyse(&cat, &after, &[], Limits::default());
    assert_eq!((analysis.summary.gap, analysis.summary.at_risk), (0, 0));
}

#[test]
fn plan_hires_when_training_is_too_far() {
    // Nobody has any skill: x.b5 needs 5 steps, over max_steps 2 -> hire; y.a4 (a4, min 2)
    // needs 4 steps each -> 2 hires of one profile; x.ab (a3 b2, min 2) -> 2 hires.
    let (cat, roster, analysis) = run(&["Cy 0 0"], &[], Limits::default());
    let plan = crate::plan(&cat, &roster, &analysis, 2);
    assert!(plan.upskill.is_empty());
    let hires: Vec<String> = plan
        .hires
        .iter()
        .map(|h| {
            let req: Vec<String> = h
                .requires
                .iter()
                .map(|&(s, l)| format!("{}>={l}", cat.skill(s).id))
                .collect();
            let closes: Vec<&str> = h
                .closes
                .iter()
                .map(|&r| cat.responsibility(r).id.as_str())
                .collect();
            format!(
                "{}x{} {} [{}]",
                h.count,
                cat.role(h.role).id,
                req.join(","),
                closes.join(",")
            )
        })
        .collect();
    assert_eq!(hires, ["2xx a>=3,b>=5 [x.ab,x.b5]", "2xy a>=4 [y.a4]"]);
    let after = plan.apply(&cat, &roster);
    let analysis = analyse(&cat, &after, &[], Limits::default());
    assert_eq!((analysis.summary.gap, analysis.summary.at_risk), (0, 0));
}
