//! `orggap check`: the JSON schema, exit statuses and output formats.

use serde_json::Value;

use crate::{check_json, duty, repo, run, temp_file};

const EXAMPLE: &str = "data/example-roster.csv";

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn json_has_every_field_of_the_schema() {
    let (_, json) = check_json(&repo(EXAMPLE), &[]);
    assert_eq!(
        keys(&json),
        [
            "assessment",
            "key_people",
            "overlap_sides",
            "overlaps",
            "people",
            "responsibilities",
            "roles",
            "schema",
            "summary",
            "truck_factor",
            "warnings",
            "without"
        ]
    );
    assert_eq!(json["schema"], "orggap.check.v1");
    assert_eq!(json["people"], 16);
    assert_eq!(
        keys(&json["summary"]),
        ["accepted", "at_risk", "covered", "gap", "unassessed"]
    );
    assert_eq!(
        json["assessment"],
        serde_json::json!({"skills_without_column": [], "unknown_cells": 0})
    );
    let r = &json["responsibilities"][0];
    assert_eq!(
        keys(r),
        [
            "best",
            "id",
            "min_owners",
            "nearest",
            "owners",
            "qualified",
            "qualified_count",
            "role",
            "status",
            "title",
            "unassessed",
            "unassessed_count",
            "unqualified_owners",
            "worst"
        ]
    );
    let role = &json["roles"][0];
    assert_eq!(
        keys(role),
        [
            "accepted",
            "at_risk",
            "candidates",
            "covered",
            "gap",
            "id",
            "name",
            "responsibilities",
            "unassessed"
        ]
    );
    assert_eq!(keys(&role["candidates"][0]), ["person", "qualified_for"]);
    assert_eq!(
        keys(&json["key_people"][0]),
        ["person", "sole_qualified_for"]
    );
    let open = json["responsibilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "gap")
        .unwrap();
    assert_eq!(keys(&open["nearest"][0]), ["person", "shortfall"]);
    assert_eq!(json["overlaps"][0].as_array().unwrap().len(), 2);
}

#[test]
fn json_counts_agree_with_each_other() {
    let (_, json) = check_json(&repo(EXAMPLE), &[]);
    let list = json["responsibilities"].as_array().unwrap();
    let count = |s: &str| list.iter().filter(|r| r["status"] == s).count();
    assert_eq!(json["summary"]["gap"], count("gap"));
    assert_eq!(json["summary"]["at_risk"], count("at-risk"));
    assert_eq!(json["summary"]["covered"], count("covered"));
    for r in list {
        let q = r["qualified_count"].as_u64().unwrap();
        let min = r["min_owners"].as_u64().unwrap();
        let status = if q == 0 {
            "gap"
        } else if q < min {
            "at-risk"
        } else {
            "covered"
        };
        assert_eq!(r["status"], status, "{}", r["id"]);
        assert_eq!(r["qualified"].as_array().unwrap().len() as u64, q.min(20));
    }
}

#[test]
fn exit_status_follows_fail_on() {
    let example = repo(EXAMPLE).display().to_string();
    assert_eq!(run(&["check", &example]).0, 1, "the example has gaps");
    assert_eq!(run(&["check", &example, "--fail-on", "never"]).0, 0);
    let (_dir, covered) = temp_file("ok.csv", b"name,budgeting\nA,0\n");
    let catalogue = repo("tests/data/tiny-catalogue.toml").display().to_string();
    let covered = covered.display().to_string();
    assert_eq!(run(&["check", &covered, "--catalogue", &catalogue]).0, 0);
    assert_eq!(
        run(&[
            "check",
            &covered,
            "--catalogue",
            &catalogue,
            "--fail-on",
            "at-risk"
        ])
        .0,
        1
    );
}

#[test]
fn bad_input_and_usage_exit_2_with_one_line_naming_the_file() {
    let (code, stdout, stderr) = run(&["check", "no/such/roster.csv"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("orggap: no/such/roster.csv: cannot read:"),
        "{stderr}"
    );

    let (code, _, stderr) = run(&["check", "data/example-roster.csv", "--no-such-flag"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--no-such-flag"), "{stderr}");

    let (_dir, bad) = temp_file("bad.csv", b"name,budgeting\nAda,7\n");
    let (code, _, stderr) = run(&["check", &bad.display().to_string()]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("bad.csv: line 2: column 'budgeting': level '7' is not 0..5"),
        "{stderr}"
    );
}

#[test]
fn without_removes_a_person_and_unknown_names_are_errors() {
    let example = repo(EXAMPLE);
    let (_, all) = check_json(&example, &[]);
    let (_, less) = check_json(&example, &["--without", "maya chen"]);
    assert_eq!(less["people"], 15);
    assert_eq!(less["without"], serde_json::json!(["Maya Chen"]));
    assert_eq!(duty(&all, "cpo.portfolio")["status"], "at-risk");
    assert_eq!(duty(&less, "cpo.portfolio")["status"], "gap");
    let (code, _, stderr) = run(&[
        "check",
        "data/example-roster.csv",
        "--without",
        "Nobody Here",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--without 'Nobody Here': nobody of that name in data/example-roster.csv"),
        "{stderr}"
    );
}

#[test]
fn text_fits_80_columns_and_colours_only_when_asked() {
    let (_, text, _) = run(&["check", EXAMPLE]);
    assert!(text.starts_with("32 duties, 16 people: "), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    assert!(!text.contains('\u{1b}'), "no colour on a pipe");
    let (_, coloured, _) = run(&["--color", "always", "check", EXAMPLE]);
    assert!(coloured.contains("\u{1b}["));
    insta::assert_snapshot!("check_text", text);
}

#[test]
fn markdown_and_csv_formats() {
    let (_, markdown, _) = run(&["check", EXAMPLE, "--format", "markdown"]);
    insta::assert_snapshot!("check_markdown", markdown);
    let (_, csv, _) = run(&["check", EXAMPLE, "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "role,id,title,status,min_owners,qualified_count,qualified,owners,unqualified_owners,nearest"
        )
    );
    assert_eq!(lines.count(), 32);
}

#[test]
fn json_of_the_example_is_stable() {
    let (_, json) = check_json(&repo(EXAMPLE), &[]);
    insta::assert_json_snapshot!("check_json", json);
}

#[test]
fn a_truck_factor_of_zero_says_why_and_gives_that_of_what_is_covered() {
    let args = check_without(6);
    let (_, text, _) = run(&args);
    assert!(
        text.contains("truck factor 0: already 17 of 32 duties have nobody qualified; departures cannot\n  make it worse"),
        "{text}"
    );
    assert!(
        text.contains("of the 15 duties covered today, truck factor 4:"),
        "{text}"
    );
    let mut json_args = args.clone();
    json_args.extend(["--format", "json"]);
    let (_, json, _) = run(&json_args);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let covered = &json["truck_factor"]["covered"];
    assert_eq!(
        (
            covered["scope"].as_str(),
            covered["size"].as_u64(),
            covered["duties"].as_u64()
        ),
        (Some("covered"), Some(4), Some(15))
    );
    // A truck factor above 0 has no `covered`.
    let (_, plain, _) = run(&["check", "data/example-roster.csv", "--format", "json"]);
    let plain: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert!(plain["truck_factor"].get("covered").is_none());
    let mut md_args = args.clone();
    md_args.extend(["--format", "markdown"]);
    let (_, md, _) = run(&md_args);
    assert!(
        md.contains("so the truck factor is 0: departures cannot make it worse."),
        "{md}"
    );
    assert!(md.contains("Of the 15 duties covered today, more than half would have nobody qualified if these 4 left:"), "{md}");
}

#[test]
fn readable_outputs_name_only_the_people_within_reach_and_json_keeps_them_all() {
    let args = check_without(7);
    // cpo.portfolio asks 4 + 4 = 8 levels: everyone left is 8 short, more than half of it.
    let (_, text, _) = run(&args);
    let portfolio = text
        .split("cpo.portfolio")
        .nth(1)
        .expect("the duty")
        .lines()
        .nth(1)
        .expect("its nearest line");
    assert_eq!(
        portfolio.trim(),
        "nearest: no one within reach: hire or train from scratch"
    );
    let mut md_args = args.clone();
    md_args.extend(["--format", "markdown"]);
    let (_, md, _) = run(&md_args);
    let row = md
        .lines()
        .find(|l| l.contains("`cpo.portfolio`"))
        .expect("the row");
    assert!(
        row.ends_with("| no one within reach: hire or train from scratch |"),
        "{row}"
    );
    let mut json_args = args.clone();
    json_args.extend(["--format", "json"]);
    let (_, json, _) = run(&json_args);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        duty(&json, "cpo.portfolio")["nearest"][0],
        serde_json::json!({"person": "Jonas Weber", "shortfall": 8})
    );
}

/// `check` of the example without its first `n` (at most 7) key people, who leave most gaps.
fn check_without(n: usize) -> Vec<&'static str> {
    let leavers = [
        "Maya Chen",
        "Aisha Bello",
        "Hannah Müller",
        "Grace Kim",
        "Liam O'Connor",
        "Tomás Ruiz",
        "Priya Nair",
    ];
    let mut args = vec!["check", "data/example-roster.csv"];
    for who in &leavers[..n] {
        args.extend(["--without", *who]);
    }
    args
}
