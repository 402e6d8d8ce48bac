//! `orggap assign` and `orggap impact` on the example roster.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{check_json, repo, run};

const EXAMPLE: &str = "data/example-roster.csv";

fn json_of(args: &[&str]) -> (i32, Value) {
    let (code, stdout, stderr) = run(args);
    (
        code,
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}")),
    )
}

fn statuses(json: &Value) -> BTreeMap<String, String> {
    json["responsibilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn impact_agrees_with_check_without_for_every_person() {
    let (_, impact) = json_of(&["impact", EXAMPLE, "--format", "json"]);
    let (_, base) = check_json(&repo(EXAMPLE), &[]);
    let before = statuses(&base);
    let people: Vec<String> = (1..=16)
        .map(|i| {
            let csv = std::fs::read_to_string(repo(EXAMPLE)).unwrap();
            let line = csv.lines().nth(i).unwrap().to_owned();
            line.split(',').next().unwrap().to_owned()
        })
        .collect();
    let mut affected = 0;
    for person in &people {
        let (_, without) = check_json(&repo(EXAMPLE), &["--without", person]);
        let after = statuses(&without);
        let changed = |from: &[&str], to: &str| -> Vec<String> {
            before
                .iter()
                .filter(|(id, s)| from.contains(&s.as_str()) && after[*id] == to)
                .map(|(id, _)| id.clone())
                .collect()
        };
        let mut new_gaps = changed(&["covered", "at-risk"], "gap");
        let mut new_at_risk = changed(&["covered"], "at-risk");
        let entry = impact["departures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["person"] == person.as_str());
        match entry {
            None => assert!(
                new_gaps.is_empty() && new_at_risk.is_empty(),
                "{person} missing from impact"
            ),
            Some(d) => {
                affected += 1;
                let list = |key: &str| -> Vec<String> {
                    let mut v: Vec<String> = d[key]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap().to_owned())
                        .collect();
                    v.sort();
                    v
                };
                new_gaps.sort();
                new_at_risk.sort();
                assert_eq!(list("new_gaps"), new_gaps, "{person}");
                assert_eq!(list("new_at_risk"), new_at_risk, "{person}");
            }
        }
    }
    assert_eq!(impact["departures"].as_array().unwrap().len(), affected);
    assert_eq!(impact["unaffected"], 16 - affected);
    let first = &impact["departures"][0];
    assert_eq!(
        first["person"], "Maya Chen",
        "the most harmful departure comes first"
    );
}

#[test]
fn assign_owns_every_duty_someone_is_qualified_for_within_capacity() {
    let (code, json) = json_of(&["assign", EXAMPLE, "--format", "json"]);
    assert_eq!(code, 1, "skill gaps stay unassigned");
    assert_eq!(json["schema"], "orggap.assign.v1");
    let (_, check) = check_json(&repo(EXAMPLE), &[]);
    let gaps = crate::duty_ids(&check, "gap");
    assert_eq!(json["skill_gaps"], serde_json::json!(gaps));
    assert_eq!(json["unassigned"], serde_json::json!(gaps));
    assert_eq!(json["capacity_gaps"], serde_json::json!([]));
    for a in json["assigned"].as_array().unwrap() {
        let duty = crate::duty(&check, a["responsibility"].as_str().unwrap());
        let qualified = duty["qualified"].as_array().unwrap();
        assert!(qualified.contains(&a["person"]), "{a} is not qualified");
    }
    for l in json["load"].as_array().unwrap() {
        assert!(l["assigned"].as_u64() <= l["capacity"].as_u64(), "{l}");
    }
    let maya = json["load"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["person"] == "Maya Chen")
        .unwrap();
    assert_eq!(
        maya["assigned"], 4,
        "Maya declares six duties but can take four"
    );
}

#[test]
fn capacity_flag_is_the_default_for_people_without_one() {
    let (_dir, path) = crate::temp_file(
        "cap.csv",
        b"name,budgeting,business acumen\nAda,4,4\nBo,4,4\n",
    );
    let path = path.display().to_string();
    let (code, json) = json_of(&["assign", &path, "--format", "json", "--capacity", "0"]);
    assert_eq!(code, 1);
    assert!(
        json["capacity_gaps"]
            .as_array()
            .unwrap()
            .contains(&Value::from("cpo.budget"))
    );
    assert_eq!(json["assigned"], serde_json::json!([]));
}
