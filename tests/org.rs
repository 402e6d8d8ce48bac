//! `orggap org`: the organisation's shape, checked against the example HR export worked out
//! by hand, and its outputs kept stable.

use serde_json::{Value, json};

use crate::run;

const HR: &str = "data/example-hr.csv";

fn org_json(args: &[&str]) -> Value {
    let mut all = vec!["org", HR, "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).expect("JSON")
}

fn units(json: &Value, duty: &str) -> Value {
    let d = json["duties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == duty)
        .unwrap_or_else(|| panic!("no duty {duty}"));
    json!([d["units"], d["unit_ids"]])
}

#[test]
fn the_example_agrees_with_the_hand_worked_shape() {
    // Olivia Grant (top) leads Maya Chen, Aisha Bello, Hannah Müller, Marcus Johnson and
    // Ravi Kapoor; Maya leads five, Tomás one (Noah), Aisha two, Liam one (Sofia), Hannah
    // two, Marcus two. Spans [1, 1, 2, 2, 2, 5, 5].
    let org = org_json(&[]);
    assert_eq!(
        (&org["people"], &org["managers"], &org["layers"]),
        (&json!(19), &json!(7), &json!(4))
    );
    assert_eq!(org["layer_sizes"], json!([1, 5, 11, 2]));
    assert_eq!(org["span"], json!({"median": 2, "max": 5}));
    assert_eq!(org["wide"], json!([]));
    assert_eq!(
        org["narrow"],
        json!([{"person": "Liam O'Connor", "id": "E1007"}, {"person": "Tomás Ruiz", "id": "E1002"}])
    );
    // Budgeting sits with Maya (Product), Olivia (a top person, her own unit) and Ravi.
    assert_eq!(
        units(&org, "cpo.budget"),
        json!([
            ["Maya Chen", "Olivia Grant", "Ravi Kapoor"],
            ["E1001", "E1000", "E1016"]
        ])
    );
    assert_eq!(units(&org, "cpo.commercial-functions"), json!([[], []]));
    // With a wide limit of 4, the two managers of five are wide, in roster order.
    let tight = org_json(&["--max-span", "4"]);
    assert_eq!(
        tight["wide"],
        json!([
            {"person": "Maya Chen", "id": "E1001", "reports": 5},
            {"person": "Olivia Grant", "id": "E1000", "reports": 5}
        ])
    );
}

#[test]
fn a_leaver_hands_their_reports_up() {
    // Maya leaves: her five reports move to Olivia, who now has nine, and the product
    // people become units of their own.
    let org = org_json(&["--without", "Maya Chen", "--max-span", "8"]);
    assert_eq!((&org["people"], &org["managers"]), (&json!(18), &json!(6)));
    assert_eq!(
        org["wide"],
        json!([{"person": "Olivia Grant", "id": "E1000", "reports": 9}])
    );
    // Layer 3: Noah, Liam, Grace, Daniel, both Sams, Chloé; layer 4: Sofia.
    assert_eq!(org["layer_sizes"], json!([1, 9, 7, 1]));
    // Use cases sat in Maya's unit alone; now each qualified report is a unit.
    assert_eq!(
        units(&org, "cpo.use-cases"),
        json!([
            ["Priya Nair", "Tomás Ruiz", "Kenji Tanaka"],
            ["E1003", "E1002", "E1010"]
        ])
    );
}

#[test]
fn org_outputs_are_stable() {
    let (code, text, _) = run(&["org", HR]);
    assert_eq!(code, 0);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    insta::assert_snapshot!("org_text", text);
    let (_, markdown, _) = run(&["org", HR, "--format", "markdown"]);
    insta::assert_snapshot!("org_markdown", markdown);
    insta::assert_json_snapshot!("org_json", org_json(&[]));
}

#[test]
fn without_a_manager_column_everyone_is_a_top_person() {
    let (code, stdout, stderr) = run(&["org", "data/example-roster.csv", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("the roster has no manager column"),
        "{stderr}"
    );
    let org: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (&org["reporting_lines"], &org["managers"], &org["layers"]),
        (&json!(false), &json!(0), &json!(1))
    );
    assert_eq!(org["span"], json!({"median": 0, "max": 0}));
}
