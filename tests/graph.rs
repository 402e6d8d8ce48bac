//! `orggap graph`: DOT, Mermaid and JSON, and its filters.

use serde_json::Value;

use crate::run;

fn graph_json(extra: &[&str]) -> Value {
    let mut args = vec!["graph", "data/example-roster.csv", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn count(json: &Value, key: &str, kind: &str) -> usize {
    json[key]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .count()
}

#[test]
fn json_lists_nodes_and_edges_with_kinds() {
    let json = graph_json(&[]);
    assert_eq!(count(&json, "nodes", "person"), 16);
    assert_eq!(count(&json, "nodes", "responsibility"), 32);
    assert_eq!(count(&json, "nodes", "role"), 3);
    assert_eq!(
        count(&json, "nodes", "skill"),
        0,
        "skills only with --skills"
    );
    assert_eq!(count(&json, "edges", "includes"), 32);
    assert!(count(&json, "edges", "owns") > 0);
    assert_eq!(
        count(&json, "edges", "owns-unqualified"),
        1,
        "Sofia owns cmo.demand-analysis"
    );
    let with_skills = graph_json(&["--skills"]);
    assert_eq!(count(&with_skills, "nodes", "skill"), 35);
    assert!(count(&with_skills, "edges", "has-skill") > 100);
}

#[test]
fn role_and_team_filters() {
    let json = graph_json(&["--role", "cmo"]);
    assert_eq!(count(&json, "nodes", "responsibility"), 7);
    assert_eq!(count(&json, "nodes", "role"), 1);
    let json = graph_json(&["--team", "Marketing"]);
    assert_eq!(count(&json, "nodes", "person"), 4);
    let (code, _, stderr) = run(&["graph", "data/example-roster.csv", "--role", "cfo"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--role 'cfo': no such role; the catalogue has cpo, cmo, pm"),
        "{stderr}"
    );
}

#[test]
fn dot_and_mermaid() {
    let (_, dot, _) = run(&["graph", "data/example-roster.csv"]);
    assert!(dot.starts_with("digraph orggap {"));
    assert!(
        dot.contains("label=\"cpo.manufacturing (GAP)\""),
        "gaps are labelled"
    );
    assert!(
        dot.contains("style=\"filled,bold,dashed\""),
        "gaps are drawn apart"
    );
    let (_, mermaid, _) = run(&["graph", "data/example-roster.csv", "--format", "mermaid"]);
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(mermaid.contains(":::gap"));
}

#[test]
fn large_rosters_are_drawn_by_team_and_say_so() {
    let (code, json, stderr) = run(&[
        "graph",
        "data/example-roster.csv",
        "--format",
        "json",
        "--max-people",
        "5",
    ]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("16 people are too many to draw one by one"),
        "{stderr}"
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["by_team"], true);
    assert_eq!(count(&json, "nodes", "person"), 0);
    assert_eq!(count(&json, "nodes", "team"), 8);
}
