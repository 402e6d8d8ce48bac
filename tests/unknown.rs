//! Unknown is not none: levels a roster does not give, worked out by hand on a small
//! catalogue (skills a, b, c with columns, d without).

use serde_json::{Value, json};

use crate::{check_json, duty, orggap, temp_file};

const CATALOGUE: &str = r#"
[[skills]]
id = "a"
name = "A"
[[skills]]
id = "b"
name = "B"
[[skills]]
id = "c"
name = "C"
[[skills]]
id = "d"
name = "D"
[[roles]]
id = "r"
name = "R"
[[responsibilities]]
id = "r.one"
role = "r"
title = "One"
requires = { a = 3 }
[[responsibilities]]
id = "r.two"
role = "r"
title = "Two"
requires = { a = 2, b = 2 }
min_owners = 1
[[responsibilities]]
id = "r.three"
role = "r"
title = "Three"
requires = { b = 4 }
min_owners = 1
[[responsibilities]]
id = "r.four"
role = "r"
title = "Four"
requires = { c = 3 }
min_owners = 1
[[responsibilities]]
id = "r.five"
role = "r"
title = "Five"
requires = { c = 2 }
[[responsibilities]]
id = "r.six"
role = "r"
title = "Six"
requires = { d = 1 }
min_owners = 1
"#;

/// P1's b and P2's a are not assessed; P3's b is empty; nobody has a column for d.
const WIDE: &str = "name,a,b,c\nP1,3,N/A,1\nP2,?,4,2\nP3,1,,0\n";

/// The same roster in long form: d has no row, P3 no row for b.
const LONG: &str = "name,skill,level\nP1,a,3\nP1,b,not assessed\nP1,c,1\n\
                    P2,a,unknown\nP2,b,4\nP2,c,2\nP3,a,1\nP3,c,0\n";

fn check(roster: &str, flags: &[&str]) -> (i32, Value) {
    let (_cat_dir, catalogue) = temp_file("catalogue.toml", CATALOGUE.as_bytes());
    let (_dir, path) = temp_file("roster.csv", roster.as_bytes());
    let catalogue = catalogue.display().to_string();
    let mut all = vec!["--catalogue", catalogue.as_str()];
    all.extend(flags);
    check_json(&path, &all)
}

/// (status, worst, best, qualified, unassessed) of a duty.
fn statuses(json: &Value, id: &str) -> (String, String, String, Value, Value) {
    let d = duty(json, id);
    let word = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
    (
        word("status"),
        word("worst"),
        word("best"),
        d["qualified"].clone(),
        d["unassessed"].clone(),
    )
}

fn expect(json: &Value, id: &str, status: &str, worst: &str, best: &str, q: Value, u: Value) {
    let want = (status.into(), worst.into(), best.into(), q, u);
    assert_eq!(statuses(json, id), want, "{id}");
}

fn every_status_as_worked_by_hand(json: &Value) {
    // a ≥ 3, two needed: P1 qualified, P2 unknown, P3 ruled out (1).
    expect(
        json,
        "r.one",
        "unassessed",
        "at-risk",
        "covered",
        json!(["P1"]),
        json!(["P2"]),
    );
    // a ≥ 2 and b ≥ 2: P1 lacks b, P2 lacks a, P3 ruled out by a = 1.
    let both = json!(["P1", "P2"]);
    expect(
        json,
        "r.two",
        "unassessed",
        "gap",
        "covered",
        json!([]),
        both,
    );
    // b ≥ 4, one needed: P2 proves it whatever P1's b is.
    expect(
        json,
        "r.three",
        "covered",
        "covered",
        "covered",
        json!(["P2"]),
        json!(["P1"]),
    );
    // c is known for everyone: proven gap and at risk.
    expect(json, "r.four", "gap", "gap", "gap", json!([]), json!([]));
    expect(
        json,
        "r.five",
        "at-risk",
        "at-risk",
        "at-risk",
        json!(["P2"]),
        json!([]),
    );
    // d has no column: everyone unassessed.
    let all = json!(["P1", "P2", "P3"]);
    expect(
        json,
        "r.six",
        "unassessed",
        "gap",
        "covered",
        json!([]),
        all,
    );
    assert_eq!(duty(json, "r.six")["unassessed_count"], 3);
    assert_eq!(
        json["summary"],
        json!({"covered": 1, "at_risk": 1, "gap": 1, "accepted": 0, "unassessed": 3})
    );
    assert_eq!(json["roles"][0]["unassessed"], 3);
    assert_eq!(json["assessment"]["skills_without_column"], json!(["d"]));
    // Nearest: only the people a known level rules out, by their known shortfall.
    let nearest = |id: &str| duty(json, id)["nearest"].clone();
    assert_eq!(
        nearest("r.four"),
        json!([
            {"person": "P2", "shortfall": 1},
            {"person": "P1", "shortfall": 2},
            {"person": "P3", "shortfall": 3}
        ])
    );
    assert_eq!(
        nearest("r.five"),
        json!([{"person": "P1", "shortfall": 1}, {"person": "P3", "shortfall": 2}])
    );
    assert_eq!(
        nearest("r.one"),
        json!([]),
        "no nearest for an unassessed duty"
    );
    // Key people count proven qualification, and say when unknowns could change them.
    assert_eq!(
        json["key_people"],
        json!([
            {"person": "P2", "sole_qualified_for": ["r.three", "r.five"], "provisional": true},
            {"person": "P1", "sole_qualified_for": ["r.one"], "provisional": true}
        ])
    );
    assert_eq!(json["truck_factor"]["provisional"], true);
}

#[test]
fn each_status_of_a_wide_roster_as_worked_by_hand() {
    let (code, json) = check(WIDE, &[]);
    assert_eq!(code, 1, "--fail-on gap judges the worst case");
    every_status_as_worked_by_hand(&json);
    assert_eq!(json["assessment"]["unknown_cells"], 2);
}

#[test]
fn a_long_roster_is_unknown_where_no_row_names_a_skill() {
    let (_, json) = check(LONG, &[]);
    every_status_as_worked_by_hand(&json);
    assert_eq!(json["assessment"]["unknown_cells"], 2);
}

#[test]
fn blank_cells_are_unknown_when_asked() {
    let (_, json) = check(WIDE, &["--blank", "unknown"]);
    assert_eq!(json["assessment"]["unknown_cells"], 3);
    // P3's empty b no longer rules P3 out of r.three.
    let three = duty(&json, "r.three");
    assert_eq!(three["unassessed"], json!(["P1", "P3"]));
    assert_eq!(three["status"], "covered");
}

#[test]
fn fail_on_judges_the_worst_case() {
    // Without r.four (a proven gap), r.two and r.six are still gaps in the worst case.
    let (code, _) = check(WIDE, &["--fail-on", "never"]);
    assert_eq!(code, 0);
    let (code, _) = check(
        "name,a,b,c,d\nP1,5,5,5,5\nP2,5,5,5,5\n",
        &["--fail-on", "at-risk"],
    );
    assert_eq!(
        code, 0,
        "a roster without unknowns that covers everything passes"
    );
    let (code, json) = check(
        "name,a,b,c\nP1,5,5,5\nP2,5,5,5\n",
        &["--fail-on", "at-risk"],
    );
    assert_eq!(code, 1, "r.six: a gap unless d is assessed");
    assert_eq!(duty(&json, "r.six")["status"], "unassessed");
}

#[test]
fn every_text_format_says_first_what_is_unknown() {
    let (_cat_dir, catalogue) = temp_file("catalogue.toml", CATALOGUE.as_bytes());
    let (_dir, path) = temp_file("roster.csv", WIDE.as_bytes());
    for format in ["text", "markdown"] {
        let output = orggap()
            .arg("check")
            .arg(&path)
            .arg("--catalogue")
            .arg(&catalogue)
            .args(["--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        let unassessed = text.find("3 of 6 duties are unassessed").expect(&text);
        let column = text.find("no column for 1 required skill: d").expect(&text);
        let cells = text
            .find("2 cells say the level is not assessed")
            .expect(&text);
        let first_duty = text.find("r.one").expect(&text);
        assert!(unassessed < first_duty && column < first_duty && cells < first_duty);
    }
    let csv = orggap()
        .arg("check")
        .arg(&path)
        .arg("--catalogue")
        .arg(&catalogue)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",worst,best,unassessed_count,unassessed"),
        "{header}"
    );
    assert!(
        csv.contains(",unassessed,2,1,P1,,,,at-risk,covered,1,P2"),
        "{csv}"
    );
}

#[test]
fn the_plan_asks_before_it_trains() {
    let (_cat_dir, catalogue) = temp_file("catalogue.toml", CATALOGUE.as_bytes());
    let (_dir, path) = temp_file("roster.csv", WIDE.as_bytes());
    let output = orggap()
        .arg("plan")
        .arg(&path)
        .arg("--catalogue")
        .arg(&catalogue)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["assess"],
        json!([
            {"person": "P1", "skills": ["b", "d"]},
            {"person": "P2", "skills": ["a", "d"]},
            {"person": "P3", "skills": ["d"]}
        ])
    );
    // Training reads an unknown level as 0: r.six is closed by training d from 0.
    let trained: Vec<&Value> = json["upskill"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["steps"].as_array().unwrap())
        .filter(|s| s["skill"] == "d")
        .collect();
    assert!(
        trained.iter().all(|s| s["from"] == 0) && !trained.is_empty(),
        "{json}"
    );
}

#[test]
fn warnings_are_never_hidden() {
    let roster = "name,budgeting,juggling,owns\nAda,4,5,cpo.nothing\n";
    let (_dir, path) = temp_file("warned.csv", roster.as_bytes());
    let path = path.display().to_string();
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report").display().to_string();
    for args in [
        vec!["assign", path.as_str()],
        vec!["impact", path.as_str()],
        vec!["plan", path.as_str()],
        vec!["org", path.as_str()],
        vec!["graph", path.as_str()],
        vec!["report", path.as_str(), "--out", report.as_str()],
    ] {
        let output = orggap().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("orggap: warning: column 'juggling' matches no skill"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("owns 'cpo.nothing'"), "{args:?}: {stderr}");
    }
    // The report shows them at the top, before any number.
    let html = std::fs::read_to_string(out.path().join("report/report.html")).unwrap();
    let warning = html
        .find("matches no skill")
        .expect("the warning in report.html");
    let first_number = html.find("people in").expect("the people count");
    assert!(warning < first_number);
}

/// The status the rule of Words gives `q` qualified people against `min_owners`.
fn status_of(q: u64, min: u64) -> &'static str {
    match q {
        0 => "gap",
        q if q < min => "at-risk",
        _ => "covered",
    }
}

#[test]
fn a_roster_that_assesses_a_third_of_the_catalogue_proves_what_it_says() {
    // tests/data/partial-roster.csv: the example roster with 12 of the 35 skill columns and
    // three cells not assessed.
    let (code, json) = crate::check_json(&crate::repo("tests/data/partial-roster.csv"), &[]);
    let skills = json["assessment"]["skills_without_column"]
        .as_array()
        .unwrap();
    assert_eq!(skills.len(), 23);
    assert_eq!(json["assessment"]["unknown_cells"], 3);
    let mut worst_gap = false;
    for r in json["responsibilities"].as_array().unwrap() {
        let (q, u) = (
            r["qualified_count"].as_u64().unwrap(),
            r["unassessed_count"].as_u64().unwrap(),
        );
        let min = r["min_owners"].as_u64().unwrap();
        assert_eq!(r["worst"], status_of(q, min), "{}", r["id"]);
        assert_eq!(r["best"], status_of(q + u, min), "{}", r["id"]);
        let proven = r["worst"] == r["best"];
        let status = if proven {
            r["worst"].clone()
        } else {
            json!("unassessed")
        };
        assert_eq!(r["status"], status, "{}", r["id"]);
        // A gap or at-risk duty is proven: nobody unassessed could change it.
        if r["status"] == "gap" || r["status"] == "at-risk" {
            assert!(
                u == 0 || status_of(q + u, min) == r["status"],
                "{}",
                r["id"]
            );
        }
        assert_eq!(r["unassessed"].as_array().unwrap().len() as u64, u.min(20));
        worst_gap |= r["worst"] == "gap";
    }
    assert_eq!(
        code,
        i32::from(worst_gap),
        "--fail-on gap judges the worst case"
    );
    let unassessed = json["summary"]["unassessed"].as_u64().unwrap();
    assert!(
        unassessed > 20,
        "most duties ask for skills without a column: {unassessed}"
    );
}

/// The example roster with Aisha Bello's marketing cell written `N/A`.
fn example_with_aisha_unassessed() -> String {
    let text =
        std::fs::read_to_string(crate::repo("data/example-roster.csv")).expect("the example");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let column = header
        .iter()
        .position(|h| h == "Marketing")
        .expect("Marketing");
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&header).expect("written");
    for record in reader.records() {
        let mut record: Vec<String> = record.expect("a row").iter().map(str::to_owned).collect();
        if record[0] == "Aisha Bello" {
            record[column] = "N/A".into();
        }
        out.write_record(&record).expect("written");
    }
    String::from_utf8(out.into_inner().expect("flushed")).expect("UTF-8")
}

#[test]
fn a_scenario_can_say_a_level_was_not_assessed_as_the_file_would() {
    let scenario = "[[change]]\nperson = \"Aisha Bello\"\nlevels = { marketing = \"?\" }\n";
    let (_s, scenario_file) = temp_file("unassessed.toml", scenario.as_bytes());
    let (_r, edited) = temp_file("edited.csv", example_with_aisha_unassessed().as_bytes());
    let roster = crate::repo("data/example-roster.csv");
    let scenario_arg = scenario_file.display().to_string();
    let (_, with_scenario) = check_json(&roster, &["--scenario", &scenario_arg]);
    let (_, with_file) = check_json(&edited, &[]);
    // The same analysis as the roster file edited that way: statuses, counts, unknown cells.
    assert_eq!(with_scenario["summary"], with_file["summary"]);
    assert_eq!(with_scenario["assessment"], with_file["assessment"]);
    assert_eq!(with_scenario["assessment"]["unknown_cells"], 1);
    for id in ["cmo.marketing-ownership", "cpo.product-marketing"] {
        assert_eq!(duty(&with_scenario, id), duty(&with_file, id), "{id}");
        assert_eq!(duty(&with_scenario, id)["status"], "unassessed", "{id}");
    }
    // Said in words, and refused for a hire (a hire's levels are what the hire brings).
    let output = orggap()
        .args([
            "inspect",
            &roster.display().to_string(),
            "--scenario",
            &scenario_arg,
        ])
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("Aisha Bello: marketing 5→?"), "{said}");
    let hire = "[[hire]]\nname = \"New\"\nlevels = { marketing = \"?\" }\n";
    let (_h, hire_file) = temp_file("hire.toml", hire.as_bytes());
    let output = orggap()
        .args([
            "check",
            &roster.display().to_string(),
            "--scenario",
            &hire_file.display().to_string(),
        ])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("'?' for 'marketing' says not assessed, which only a change"),
        "{err}"
    );
}
