//! Every ordering rule of SPEC.md, on a roster built so that each rule (and its tie-break)
//! is observable: names are in reverse alphabetical order, ids out of alphabetical order.

use serde_json::{Value, json};

use crate::{check_json, duty, ids, repo};

fn checked(flags: &[&str]) -> Value {
    let mut all = vec!["--catalogue", "tests/data/order-catalogue.toml"];
    all.extend_from_slice(flags);
    check_json(&repo("tests/data/order-roster.csv"), &all).1
}

#[test]
fn responsibilities_and_roles_in_catalogue_order() {
    let json = checked(&[]);
    assert_eq!(
        ids(&json, "responsibilities"),
        [
            "zed.s1",
            "alpha.s2",
            "zed.both",
            "zed.s1high",
            "zed.high2",
            "alpha.high",
            "alpha.s2high"
        ]
    );
    let roles = ids(&json, "roles");
    assert_eq!(roles, ["zed", "alpha"]);
}

#[test]
fn people_lists_in_roster_order_and_bounded_by_max_names() {
    let json = checked(&[]);
    assert_eq!(
        duty(&json, "alpha.s2")["qualified"],
        json!(["Yan", "Xia", "Val"])
    );
    assert_eq!(
        duty(&json, "alpha.s2")["owners"],
        json!(["Zoe", "Wes", "Val"])
    );
    assert_eq!(
        duty(&json, "alpha.s2")["unqualified_owners"],
        json!(["Zoe", "Wes"])
    );
    assert_eq!(
        duty(&json, "zed.s1")["owners"],
        json!(["Zoe", "Xia", "Uma"])
    );
    assert_eq!(duty(&json, "zed.s1")["unqualified_owners"], json!([]));
    let json = checked(&["--max-names", "2"]);
    assert_eq!(duty(&json, "alpha.s2")["qualified"], json!(["Yan", "Xia"]));
    assert_eq!(duty(&json, "alpha.s2")["qualified_count"], 3);
}

#[test]
fn nearest_only_for_open_duties_smallest_first_ties_in_roster_order() {
    let json = checked(&[]);
    let s1high = duty(&json, "zed.s1high");
    assert_eq!(s1high["status"], "at-risk");
    assert_eq!(
        s1high["nearest"],
        json!([
            {"person": "Zoe", "shortfall": 1},
            {"person": "Xia", "shortfall": 1},
            {"person": "Wes", "shortfall": 2}
        ])
    );
    assert_eq!(duty(&json, "zed.s1")["status"], "covered");
    assert_eq!(duty(&json, "zed.s1")["nearest"], json!([]));
}

#[test]
fn candidates_highest_fit_first_ties_in_roster_order() {
    let json = checked(&[]);
    assert_eq!(
        json["roles"][0]["candidates"],
        json!([
            {"person": "Xia", "qualified_for": 2},
            {"person": "Uma", "qualified_for": 2},
            {"person": "Zoe", "qualified_for": 1}
        ])
    );
    assert_eq!(
        json["roles"][1]["candidates"],
        json!([
            {"person": "Val", "qualified_for": 2},
            {"person": "Yan", "qualified_for": 1},
            {"person": "Xia", "qualified_for": 1}
        ])
    );
}

#[test]
fn key_people_most_first_ties_in_roster_order_duties_in_catalogue_order() {
    let json = checked(&[]);
    assert_eq!(
        json["key_people"],
        json!([
            {"person": "Val", "sole_qualified_for": ["zed.high2", "alpha.s2high"]},
            {"person": "Uma", "sole_qualified_for": ["zed.s1high", "alpha.high"]}
        ])
    );
    // Without Val, Uma is the only key person and Val's duties become gaps.
    let json = checked(&["--without", "Val"]);
    assert_eq!(json["key_people"].as_array().unwrap().len(), 1);
    assert_eq!(duty(&json, "zed.high2")["status"], "gap");
}
