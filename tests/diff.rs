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

#[test]
fn people_matched_by_id_who_changed_are_listed_with_what_changed() {
    let before = std::fs::read_to_string(crate::repo("data/example-hr.csv")).unwrap();
    // Aisha Bello becomes CMO and Olivia Grant goes by Olive; Maya Chen moves under Aisha.
    let after = before
        .replacen("Head of Marketing", "CMO", 1)
        .replacen(
            "E1001,Maya,Chen,,VP Product,Product,E1000",
            "E1001,Maya,Chen,,VP Product,Strategy,E1006",
            1,
        )
        .replacen(",Olivia,Grant,", ",Olive,Grant,", 1);
    assert_ne!(after, before);
    let (_dir, path) = crate::temp_file("after.csv", after.as_bytes());
    let path = path.display().to_string();
    let (_, text, err) = crate::run(&["diff", "data/example-hr.csv", &path]);
    assert!(text.contains("\nPeople changed (3)\n"), "{text}{err}");
    assert!(
        text.contains("  Aisha Bello: title: Head of Marketing → CMO\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  Maya Chen: team: Product → Strategy; manager: Olivia Grant → Aisha Bello\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  Olive Grant: name: Olivia Grant → Olive Grant\n"),
        "{text}"
    );
    let (_, json, _) = crate::run(&["diff", "data/example-hr.csv", &path, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["changed_people_count"], 3);
    assert_eq!(json["changed_people"][0]["id"], "E1006");
    // A roster without ids cannot tell a renamed person from a new one: no such list.
    let (_, plain, _) = crate::run(&[
        "diff",
        "data/example-roster.csv",
        "data/example-roster.csv",
        "--format",
        "json",
    ]);
    let plain: serde_json::Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(plain["changed_people_count"], 0);
}
