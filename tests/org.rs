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

#[test]
fn graph_org_draws_the_reporting_tree_with_key_people_and_owners_marked() {
    let (code, dot, _) = run(&["graph", HR, "--org"]);
    assert_eq!(code, 0);
    assert!(dot.starts_with("digraph org {\n  rankdir=TB;"), "{dot}");
    assert!(
        dot.contains("size=\"11.7,8.3\";"),
        "fits an A4 landscape page"
    );
    // Maya's four reports who manage nobody are stacked in one box, a line each (name,
    // then title): 19 people in 16 boxes, 15 lines down from a manager.
    assert_eq!(
        dot.matches(" -> ").count(),
        15,
        "one line per report or stack"
    );
    assert_eq!(dot.lines().filter(|l| l.contains(" [label=")).count(), 16);
    let stack = dot
        .lines()
        .find(|l| l.starts_with("  stack"))
        .expect("a stack");
    for name in [
        "Priya Nair",
        "Lena Petrova (key person",
        "Kenji Tanaka",
        "Jonas Weber",
    ] {
        assert!(stack.contains(name), "{stack}");
    }
    assert!(stack.contains("\\l   Product Manager\\l"), "{stack}");
    // Olivia Grant leads Maya Chen; Maya is a key person who owns six duties.
    let node = |name: &str| {
        dot.lines()
            .find(|l| l.contains(&format!("label=\"{name}\\n")))
            .unwrap_or_else(|| panic!("no node for {name}"))
            .to_owned()
    };
    let maya = node("Maya Chen");
    assert!(
        maya.contains("key person · owns 6 duties") && maya.contains("fillcolor"),
        "{maya}"
    );
    assert!(
        maya.contains("peripheries=2"),
        "owners have a double border: {maya}"
    );
    let id = |line: &str| line.split_whitespace().next().unwrap().to_owned();
    assert!(dot.contains(&format!("{} -> {};", id(&node("Olivia Grant")), id(&maya))));
    assert!(
        dot.contains("Sam Taylor (E1018)"),
        "shared names with their ids"
    );
    let (_, mermaid, _) = run(&["graph", HR, "--org", "--format", "mermaid"]);
    assert!(mermaid.starts_with("flowchart TB\n"));
    assert_eq!(mermaid.matches(" --> ").count(), 15);
    assert!(mermaid.contains("Priya Nair (owns 2 duties) · Product Manager<br>"));
    assert!(mermaid.contains(":::key"));
    // Above --max-people: the top person and the units under them.
    let (code, dot, stderr) = run(&["graph", HR, "--org", "--max-people", "10"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("drawing the top people and their units"),
        "{stderr}"
    );
    assert!(dot.contains("label=\"19 people, drawn by unit\";"));
    assert!(
        dot.contains("label=\"Unit: Maya Chen\\n7 people · 2 key people · 6 owners\""),
        "{dot}"
    );
    assert_eq!(dot.matches(" -> ").count(), 5, "Olivia to her five units");
    // Fewer units than units to draw: the smallest are left out, and the drawing says so.
    let (_, json, _) = run(&[
        "graph",
        HR,
        "--org",
        "--format",
        "json",
        "--max-people",
        "5",
    ]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (&json["by_unit"], &json["units_left_out"]),
        (&json!(true), &json!(1))
    );
    let labels: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 5);
    assert!(
        !labels.iter().any(|l| l.contains("Ravi Kapoor")),
        "{labels:?}"
    );
}

#[test]
fn the_report_has_an_organisation_section_only_with_reporting_lines() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hr");
    let (code, _, stderr) = run(&["report", HR, "--out", &out.display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let section = &html[html.find("<h2 id=\"organisation\">").expect("a section")..];
    assert!(
        section.contains("19 people, 7 managers, 4 layers; span of control median 2, widest 5.")
    );
    assert!(section.contains("<figure id=\"org-shape\"") && section.contains("<svg"));
    assert!(
        section.contains("<bdi>Liam O'Connor</bdi>, <bdi>Tomás Ruiz</bdi>"),
        "narrow"
    );
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(markdown.contains("## Organisation") && markdown.contains("(org-shape.png)"));
    let png = std::fs::read(out.join("org-shape.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert!(out.join("org-shape.svg").exists());
    // Without a manager column: nothing about it.
    let plain = dir.path().join("plain");
    let (code, _, _) = run(&[
        "report",
        "data/example-roster.csv",
        "--out",
        &plain.display().to_string(),
    ]);
    assert_eq!(code, 0);
    assert!(!plain.join("org-shape.png").exists());
    let html = std::fs::read_to_string(plain.join("report.html")).unwrap();
    assert!(!html.contains("id=\"organisation\"") && !html.contains("org-shape"));
}

#[test]
fn a_chain_of_many_layers_is_one_short_line() {
    let mut csv = String::from("id,name,manager,budgeting\n");
    for i in 0..500 {
        let manager = if i == 0 {
            String::new()
        } else {
            format!("E{}", i - 1)
        };
        csv.push_str(&format!("E{i},P{i},{manager},3\n"));
    }
    let (_dir, roster) = crate::temp_file("chain.csv", csv.as_bytes());
    let (code, out, err) = run(&["org", &roster.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("people per layer"))
        .expect("the layers");
    assert!(
        line.ends_with("1 · … and 480 more layers (480 people)"),
        "{line}"
    );
    assert!(out.lines().all(|l| l.len() < 200), "a long line");
}

#[test]
fn org_and_graph_warn_of_a_manager_not_on_the_roster() {
    let (_dir, roster) = crate::temp_file(
        "managers.csv",
        b"id,name,manager,budgeting\n1,Ada,,3\n2,Bo,99,2\n",
    );
    let roster = roster.display().to_string();
    for args in [vec!["org", &roster], vec!["graph", "--org", &roster]] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains(
                "line 3: manager '99' is not on the roster, so the person is taken as a top person"
            ),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn graph_org_outputs_are_stable() {
    insta::assert_snapshot!("graph_org_dot", run(&["graph", HR, "--org"]).1);
    let mermaid = run(&["graph", HR, "--org", "--format", "mermaid"]).1;
    insta::assert_snapshot!("graph_org_mermaid", mermaid);
}
