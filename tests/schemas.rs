//! `orggap schema NAME` and the outputs it describes: every JSON output of every command,
//! on rosters plain and awkward (HR ids and managers, unknown levels, ratings, a scenario),
//! is valid under its published schema — checked with the `jsonschema` crate.

use serde_json::Value;

use crate::run;

/// The schema `orggap schema NAME` prints.
fn schema(name: &str) -> Value {
    let (code, text, err) = run(&["schema", name]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("schema {name} is not JSON: {e}"))
}

/// The errors of `instance` under schema `name`, as text.
fn errors(name: &str, instance: &Value) -> Vec<String> {
    let schema = schema(name);
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("schema {name} is not a valid JSON Schema: {e}"));
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Runs orggap with `args` and parses its standard output as JSON.
fn json_of(args: &[&str]) -> Value {
    let (code, text, err) = run(args);
    assert!(code == 0 || code == 1, "{args:?}: {err}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {err}"))
}

#[test]
fn every_json_output_is_valid_under_its_schema() {
    let rosters = [
        vec!["data/example-roster.csv"],
        vec!["data/example-hr.csv"],
        vec!["data/example-ratings.csv"],
        vec!["tests/data/partial-roster.csv"],
        vec![
            "data/example-roster.csv",
            "--scenario",
            "data/example-scenario.toml",
        ],
        vec![
            "tests/data/scale/sfia-roster.csv",
            "--catalogue",
            "tests/data/scale/sfia-catalogue.toml",
        ],
    ];
    let mut checked = 0;
    for roster in &rosters {
        for (command, name, extra) in [
            ("check", "check", &[][..]),
            ("inspect", "inspect", &[][..]),
            ("assign", "assign", &[][..]),
            ("impact", "impact", &[][..]),
            ("plan", "plan", &[][..]),
            ("org", "org", &[][..]),
            ("graph", "graph", &[][..]),
            ("graph", "org-graph", &["--org"][..]),
        ] {
            if name == "org-graph" && roster[0] != "data/example-hr.csv" {
                continue;
            }
            let mut args = vec![command];
            args.extend(roster.iter().copied());
            args.extend(extra.iter().copied());
            args.extend(["--format", "json"]);
            let output = json_of(&args);
            assert_eq!(output["schema"], format!("orggap.{name}.v1"), "{args:?}");
            let wrong = errors(name, &output);
            assert!(wrong.is_empty(), "{args:?}:\n{}", wrong.join("\n"));
            checked += 1;
        }
    }
    // The commands of two rosters or several scenarios.
    let diff = json_of(&[
        "diff",
        "data/example-roster.csv",
        "tests/data/partial-roster.csv",
        "--format",
        "json",
    ]);
    let compare = json_of(&[
        "compare",
        "data/example-roster.csv",
        "data/example-scenario.toml",
        "--format",
        "json",
    ]);
    for (name, output) in [("diff", &diff), ("compare", &compare)] {
        let wrong = errors(name, output);
        assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
        checked += 1;
    }
    assert!(checked >= 40, "{checked}");
}

#[test]
fn a_schema_refuses_an_output_that_breaks_it() {
    let mut check = json_of(&["check", "data/example-roster.csv", "--format", "json"]);
    assert!(errors("check", &check).is_empty());
    // A count as text, and a required field gone: both are caught.
    check["people"] = Value::from("sixteen");
    assert!(!errors("check", &check).is_empty());
    let mut check = json_of(&["check", "data/example-roster.csv", "--format", "json"]);
    check.as_object_mut().expect("an object").remove("summary");
    assert!(!errors("check", &check).is_empty());
    // The list names every schema, and an unknown name is refused.
    let (code, list, _) = run(&["schema"]);
    assert_eq!(code, 0);
    assert_eq!(list.lines().count(), 10, "{list}");
    let (code, _, err) = run(&["schema", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no output 'nope'"), "{err}");
}
