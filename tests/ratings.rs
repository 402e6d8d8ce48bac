//! Ratings by rater: `Skill (self)`, `Skill (manager)`, `Skill (peer)` columns, `--rating`
//! choosing the level that counts, and calibration gaps.

use serde_json::{Value, json};

use crate::{check_json, repo, run};

const RATED: &str = "tests/data/rated.csv";

fn calibration(flags: &[&str]) -> Value {
    check_json(&repo(RATED), flags).1["calibration"].clone()
}

#[test]
fn calibration_gaps_are_listed_largest_first_in_json_text_and_markdown() {
    let expected = json!([
        {"person": "Ada", "skill": "budgeting", "self": 5, "manager": 2},
        {"person": "Bo", "skill": "budgeting", "self": 1, "manager": 4},
        {"person": "Bo", "skill": "product-strategy", "self": 5, "manager": 2}
    ]);
    assert_eq!(calibration(&[]), expected);
    // Which rating counts changes levels, not what the raters said.
    assert_eq!(calibration(&["--rating", "lowest"]), expected);
    let (_, text, _) = run(&["check", RATED]);
    assert!(
        text.contains("\nCalibration gaps (own and manager's ratings 2 or more apart)\n  Ada: budgeting self 5, manager 2\n  Bo: budgeting self 1, manager 4\n"),
        "{text}"
    );
    let (_, markdown, _) = run(&["check", RATED, "--format", "markdown"]);
    assert!(
        markdown.contains("| Ada | `budgeting` | 5 | 2 |"),
        "{markdown}"
    );
    // A roster without raters says nothing of it.
    let (_, plain) = check_json(&repo("data/example-roster.csv"), &[]);
    assert!(plain.get("calibration").is_none());
    let (_, text, _) = run(&["check", "data/example-roster.csv"]);
    assert!(!text.contains("Calibration"));
}

/// Each person's levels in the rated example as the graph draws them.
fn levels(rating: &str) -> Vec<(String, String, u64)> {
    levels_of(RATED, rating)
}

/// Each person's levels in `roster` read with `rating`, as the graph draws them: (person,
/// skill name, level).
fn levels_of(roster: &str, rating: &str) -> Vec<(String, String, u64)> {
    let (code, stdout, stderr) = run(&[
        "graph", roster, "--skills", "--format", "json", "--rating", rating,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let graph: Value = serde_json::from_str(&stdout).expect("JSON");
    let label = |id: &Value| {
        graph["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .find(|n| n["id"] == *id)
            .and_then(|n| n["label"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    graph["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["kind"] == "has-skill")
        .map(|e| {
            (
                label(&e["from"]),
                label(&e["to"]),
                e["value"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn the_rating_that_counts_is_the_one_asked_for() {
    let bo = |rating: &str| -> Vec<(String, u64)> {
        levels(rating)
            .into_iter()
            .filter(|(who, _, _)| who == "Bo")
            .map(|(_, skill, level)| (skill, level))
            .collect()
    };
    // Bo: budgeting self 1, manager 4; product strategy self 5, manager 2, no plain rating.
    let pair = |a: u64, b: u64| {
        vec![
            ("Budget control".to_owned(), a),
            ("Product strategy".to_owned(), b),
        ]
    };
    assert_eq!(bo("manager"), pair(4, 2));
    assert_eq!(bo("self"), pair(1, 5));
    assert_eq!(bo("lowest"), pair(1, 2));
    assert_eq!(bo("mean"), pair(2, 3));
    let (code, _, stderr) = run(&["check", RATED, "--rating", "sometimes"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("possible values: manager, self, lowest, mean"),
        "{stderr}"
    );
    let (_, stdout, _) = run(&["inspect", RATED]);
    assert!(
        stdout.contains("budgeting (self)           → skill budgeting (self rating)"),
        "{stdout}"
    );
}

/// The example roster with an `Assessed` column: Maya Chen 2024-01-01, Aisha Bello
/// 2023-01-01, Liam O'Connor 2024-06-01, everyone else 2026-05-01.
fn dated_roster() -> (tempfile::TempDir, std::path::PathBuf) {
    let example = std::fs::read_to_string(repo("data/example-roster.csv")).expect("the example");
    let mut out = String::new();
    for (i, line) in example.lines().enumerate() {
        let (name, rest) = line.split_once(',').expect("a name and more");
        let date = match (i, name) {
            (0, _) => "Assessed",
            (_, "Maya Chen") => "2024-01-01",
            (_, "Aisha Bello") => "2023-01-01",
            (_, "Liam O'Connor") => "2024-06-01",
            _ => "2026-05-01",
        };
        out.push_str(&format!("{name},{date},{rest}\n"));
    }
    crate::temp_file("dated.csv", out.as_bytes())
}

#[test]
fn stale_ratings_are_counted_per_duty_and_unverified_duties_fail_when_asked() {
    let (_dir, roster) = dated_roster();
    // --max-age on a roster without dates says that nothing can be stale.
    let (_, undated) = check_json(&repo("data/example-roster.csv"), &["--max-age", "1y"]);
    assert_eq!(
        undated["warnings"],
        json!([
            "--max-age is given, but the roster has no assessed column (also 'assessed on', 'rated on', 'last review'), so no rating is stale"
        ])
    );
    // Without --max-age nothing is said of freshness.
    let (_, plain) = check_json(&roster, &[]);
    assert!(
        plain["responsibilities"][0]
            .get("stale_qualified")
            .is_none()
    );
    // 18 months before the newest date (2026-05-01): before 2024-11-01 is stale, which is
    // Maya Chen, Aisha Bello and Liam O'Connor.
    let (code, fresh) = check_json(&roster, &["--max-age", "18mo", "--fail-on", "never"]);
    assert_eq!(code, 0);
    let duty = |id: &str| crate::duty(&fresh, id).clone();
    // cpo.product-strategy: Maya Chen alone is qualified, and stale.
    assert_eq!(
        duty("cpo.product-strategy")["qualified"],
        json!(["Maya Chen"])
    );
    assert_eq!(duty("cpo.product-strategy")["stale_qualified"], 1);
    assert_eq!(duty("cpo.product-strategy")["unverified"], true);
    // cmo.demand-leadership: Aisha Bello and Liam O'Connor, both stale.
    assert_eq!(duty("cmo.demand-leadership")["stale_qualified"], 2);
    assert_eq!(duty("cmo.demand-leadership")["unverified"], true);
    // cpo.budget: Maya Chen (stale) and Ravi Kapoor (fresh).
    assert_eq!(duty("cpo.budget")["stale_qualified"], 1);
    assert_eq!(duty("cpo.budget")["unverified"], false);
    let (code, _) = check_json(&roster, &["--max-age", "18mo", "--fail-on", "unverified"]);
    assert_eq!(code, 1);
    // With a longer limit nobody is stale, and nothing fails.
    let (code, _) = check_json(&roster, &["--max-age", "4y", "--fail-on", "unverified"]);
    assert_eq!(code, 0);
    // Ignored, stale ratings count as level 0: never more qualified people.
    let (_, ignored) = check_json(&roster, &["--max-age", "18mo", "--stale", "ignore"]);
    for (a, b) in fresh["responsibilities"]
        .as_array()
        .expect("duties")
        .iter()
        .zip(ignored["responsibilities"].as_array().expect("duties"))
    {
        assert!(b["qualified_count"].as_u64() <= a["qualified_count"].as_u64());
    }
    assert_eq!(
        crate::duty(&ignored, "cpo.product-strategy")["qualified_count"],
        0
    );
    let (_, text, _) = run(&["check", &roster.display().to_string(), "--max-age", "18mo"]);
    assert!(text.contains("\nUnverified (every qualified person's ratings are stale)\n  cpo.product-strategy, cpo.new-offerings, cpo.portfolio,\n"), "{text}");
}

#[test]
fn bad_dates_and_ages_are_refused() {
    let (_dir, roster) = dated_roster();
    let roster = roster.display().to_string();
    let (code, _, stderr) = run(&["check", &roster, "--as-of", "2025-01-01"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("line 3: column 'Assessed': assessed date '2026-05-01' is after the day of the analysis (2025-01-01)"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["check", &roster, "--max-age", "18m"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("'18m' is not an age like 540d, 18mo or 2y"),
        "{stderr}"
    );
    let (_dir2, bad) =
        crate::temp_file("bad.csv", b"name,assessed on,budgeting\nAda,2025-13-01,3\n");
    let (code, _, stderr) = run(&["check", &bad.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "line 2: column 'assessed on': date '2025-13-01' is not a date written YYYY-MM-DD"
        ),
        "{stderr}"
    );
}

#[test]
fn the_example_ratings_export_reads_as_the_readme_says() {
    let (code, json) = check_json(
        &repo("data/example-ratings.csv"),
        &["--max-age", "18mo", "--fail-on", "never"],
    );
    assert_eq!(code, 0);
    // Worked by hand from the file: self and manager 2 apart, in roster then catalogue order.
    assert_eq!(
        json["calibration"],
        json!([
            {"person": "Tomás Ruiz", "skill": "budgeting", "self": 4, "manager": 2},
            {"person": "Tomás Ruiz", "skill": "product-strategy", "self": 5, "manager": 3},
            {"person": "Priya Nair", "skill": "product-strategy", "self": 4, "manager": 2}
        ])
    );
    // The manager's ratings count by default: the same coverage as the plain example.
    let (_, plain) = check_json(&repo("data/example-roster.csv"), &[]);
    assert_eq!(json["summary"], plain["summary"]);
    // Counting his own rating instead brings Tomás Ruiz a step nearer to product strategy.
    let shortfall = |report: &Value| {
        crate::duty(report, "cpo.product-strategy")["nearest"]
            .as_array()
            .expect("nearest")
            .iter()
            .find(|n| n["person"] == "Tomás Ruiz")
            .and_then(|n| n["shortfall"].as_u64())
    };
    let (_, own) = check_json(&repo("data/example-ratings.csv"), &["--rating", "self"]);
    assert_eq!(shortfall(&json), Some(2));
    assert_eq!(shortfall(&own), Some(1));
}

/// The example roster with interest in manufacturing (Hannah Müller none, Daniel Okafor
/// high) and marketing (Maya Chen low, Marcus Johnson high).
fn interested_roster(extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let example = std::fs::read_to_string(repo("data/example-roster.csv")).expect("the example");
    let mut out = String::new();
    for (i, line) in example.lines().enumerate() {
        let name = line.split(',').next().unwrap_or_default();
        let cells = match (i, name) {
            (0, _) => "Manufacturing and operations (interest),Marketing [interest]",
            (_, "Hannah Müller") => extra,
            (_, "Daniel Okafor") => "high,",
            (_, "Maya Chen") => ",1",
            (_, "Marcus Johnson") => ",3",
            _ => ",",
        };
        out.push_str(&format!("{line},{cells}\n"));
    }
    crate::temp_file("interest.csv", out.as_bytes())
}

#[test]
fn the_plan_prefers_interest_and_trains_nobody_in_a_skill_they_refuse() {
    let (_dir, roster) = interested_roster("none,");
    let (code, stdout, stderr) = run(&["plan", &roster.display().to_string(), "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let plan: Value = serde_json::from_str(&stdout).expect("JSON");
    let trained: Vec<&str> = plan["upskill"]
        .as_array()
        .expect("training")
        .iter()
        .map(|u| u["person"].as_str().unwrap_or_default())
        .collect();
    // Without interest the plan trains Hannah Müller and Daniel Okafor in manufacturing.
    let (_, plain, _) = run(&["plan", "data/example-roster.csv", "--format", "json"]);
    assert!(plain.contains("\"person\": \"Hannah Müller\""));
    assert!(
        !plain.contains("\"why\""),
        "no interest, nothing said of it"
    );
    // Hannah Müller said none: someone else (Elena Petrova, a step further) is trained.
    assert!(!trained.contains(&"Hannah Müller"), "{trained:?}");
    assert!(trained.contains(&"Elena Petrova"), "{trained:?}");
    assert!(trained.contains(&"Daniel Okafor"), "{trained:?}");
    let daniel = plan["upskill"]
        .as_array()
        .expect("training")
        .iter()
        .find(|u| u["person"] == "Daniel Okafor")
        .expect("Daniel Okafor");
    assert_eq!(
        daniel["why"],
        "fewest level steps, then the most interest: manufacturing high"
    );
    // An interest that is no interest is an error naming the cell.
    let (_dir, bad) = interested_roster("keen,");
    let (code, _, stderr) = run(&["check", &bad.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("column 'Manufacturing and operations (interest)': interest 'keen' is not 0..3 or none, low, medium, high"),
        "{stderr}"
    );
}

#[test]
fn long_form_rows_name_their_rater_and_combine_like_wide_columns() {
    const LONG: &str = "tests/data/rated-long.csv";
    let budget = |rating: &str| -> Vec<(String, u64)> {
        levels_of(LONG, rating)
            .into_iter()
            .filter(|(_, skill, _)| skill == "Budget control")
            .map(|(who, _, level)| (who, level))
            .collect()
    };
    // Ada: self 5, manager 2; Bo: plain 4, self 1.
    let pairs = |a: u64, b: u64| vec![("Ada".to_owned(), a), ("Bo".to_owned(), b)];
    assert_eq!(budget("manager"), pairs(2, 4));
    assert_eq!(budget("self"), pairs(5, 1));
    assert_eq!(budget("lowest"), pairs(2, 1));
    assert_eq!(budget("mean"), pairs(3, 2));
    let (_, json) = check_json(&repo(LONG), &[]);
    assert_eq!(
        json["calibration"],
        json!([{"person": "Ada", "skill": "budgeting", "self": 5, "manager": 2}])
    );
    let (code, _, stderr) = run(&["check", "tests/data/bad/rater-unknown.csv"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "orggap: tests/data/bad/rater-unknown.csv: line 2: column 'rater': rater 'boss' is not self, manager or peer\n\
         tests/data/bad/rater-unknown.csv: line 4: column 'level': level 4 of 'budgeting' (self) differs from 3 on line 3 for 'Ada'\n"
    );
}

#[test]
fn bad_rating_files_get_exact_messages() {
    let refused = |args: &[&str]| {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{stderr}");
        assert!(stdout.is_empty());
        stderr
    };
    let bad = "tests/data/bad";
    assert_eq!(
        refused(&["check", &format!("{bad}/rater-no-skill.csv")]),
        format!(
            "orggap: {bad}/rater-no-skill.csv: line 1: column 'Juggling (self)': names the rater 'self', but 'Juggling' is no skill of the catalogue\n"
        )
    );
    assert_eq!(
        refused(&["check", &format!("{bad}/rater-twice.csv")]),
        format!(
            "orggap: {bad}/rater-twice.csv: line 1: column 'Budget control [manager]': columns 'budgeting (manager)' and 'Budget control [manager]' both give the manager rating of skill 'budgeting'\n"
        )
    );
    assert_eq!(
        refused(&["check", &format!("{bad}/interest-bad.csv")]),
        format!(
            "orggap: {bad}/interest-bad.csv: line 2: column 'Budget control (interest)': interest 'keen' is not 0..3 or none, low, medium, high\n\
             {bad}/interest-bad.csv: line 3: column 'Budget control (interest)': interest '4' is not 0..3 or none, low, medium, high\n"
        )
    );
    assert_eq!(
        refused(&["check", &format!("{bad}/assessed-bad-date.csv")]),
        format!(
            "orggap: {bad}/assessed-bad-date.csv: line 2: column 'assessed': date '2025-02-30' is not a date written YYYY-MM-DD\n\
             {bad}/assessed-bad-date.csv: line 3: column 'assessed': date 'last year' is not a date written YYYY-MM-DD\n"
        )
    );
    assert_eq!(
        refused(&[
            "check",
            &format!("{bad}/assessed-future.csv"),
            "--as-of",
            "2026-12-31"
        ]),
        format!(
            "orggap: {bad}/assessed-future.csv: line 3: column 'rated on': assessed date '2027-06-01' is after the day of the analysis (2026-12-31)\n"
        )
    );
    // Without --as-of the same file reads: nothing is in the future of the newest date.
    let (code, _, _) = run(&[
        "check",
        &format!("{bad}/assessed-future.csv"),
        "--fail-on",
        "never",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn in_long_form_each_rating_has_its_own_date() {
    // Ada's budgeting is rated 2023-01-01, her market research 2026-02-01 (the newest date):
    // with --max-age 1y only her budgeting rating is stale.
    let flags = [
        "--catalogue",
        "tests/data/two-skill-catalogue.toml",
        "--max-age",
        "1y",
        "--fail-on",
        "never",
    ];
    let (_, json) = check_json(&repo("tests/data/rated-long-dated.csv"), &flags);
    let stale = |id: &str| crate::duty(&json, id)["stale_qualified"].clone();
    assert_eq!(stale("y.budget"), 1);
    assert_eq!(stale("y.research"), 0);
    let mut ignore = flags.to_vec();
    ignore.extend(["--stale", "ignore"]);
    let (_, ignored) = check_json(&repo("tests/data/rated-long-dated.csv"), &ignore);
    assert_eq!(
        crate::duty(&ignored, "y.budget")["qualified"],
        json!(["Bo"])
    );
    assert_eq!(
        crate::duty(&ignored, "y.research")["qualified"],
        json!(["Ada", "Bo"])
    );
}
