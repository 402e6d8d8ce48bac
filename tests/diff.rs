//! `orggap diff OLD NEW`, with expectations worked out by hand.

use serde_json::{Value, json};

use crate::run;

const OLD: &str = "name,budgeting,business acumen\nAda,4,4\nBo,4,4\nCy,0,0\n";

fn diff(new: &str) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let (old_path, new_path) = (dir.path().join("old.csv"), dir.path().join("new.csv"));
    std::fs::write(&old_path, OLD).unwrap();
    std::fs::write(&new_path, new).unwrap();
    let (code, stdout, stderr) = run(&[
        "diff",
        &old_path.display().to_string(),
        &new_path.display().to_string(),
        "--format",
        "json",
    ]);
    (
        code,
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}")),
    )
}

#[test]
fn a_departure_that_leaves_one_qualified_person() {
    // cpo.budget (budgeting 4, business acumen 3, min 2): Ada and Bo before, Ada after.
    let (code, json) = diff("name,budgeting,business acumen\nAda,4,4\nDee,0,0\n");
    assert_eq!(code, 0, "no new gap");
    assert_eq!(
        json["changed"],
        json!([{"id": "cpo.budget", "from": "covered", "to": "at-risk", "qualified_count": [2, 1]}])
    );
    assert_eq!(json["new_gaps"], json!([]));
    assert_eq!(json["people_added"], json!(["Dee"]));
    assert_eq!(json["people_gone"], json!(["Bo", "Cy"]));
    assert_eq!(json["key_people_added"], json!(["Ada"]));
    assert_eq!(json["key_people_gone"], json!([]));
}

#[test]
fn a_new_gap_fails_the_diff() {
    let (code, json) = diff("name,budgeting,business acumen\nDee,3,3\n");
    assert_eq!(code, 1);
    // Dee's business acumen 3 rules her out of the duties that ask for 4, which were
    // unassessed before (nobody's marketing, sales or strategy is given): proven gaps now.
    assert_eq!(
        json["new_gaps"],
        json!([
            "cpo.commercial-functions",
            "cpo.budget",
            "cpo.product-strategy"
        ])
    );
    assert_eq!(
        json["summary"][0]["gap"].as_u64().unwrap() + 3,
        json["summary"][1]["gap"].as_u64().unwrap()
    );
}

#[test]
fn identical_snapshots_change_nothing() {
    let (code, json) = diff(OLD);
    assert_eq!(code, 0);
    assert_eq!(json["changed"], json!([]));
    assert_eq!(json["people_added"], json!([]));
}
