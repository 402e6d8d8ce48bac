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

/// Each person's levels as the graph draws them: (person, skill name, level).
fn levels(rating: &str) -> Vec<(String, String, u64)> {
    let (code, stdout, stderr) = run(&[
        "graph", RATED, "--skills", "--format", "json", "--rating", rating,
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
