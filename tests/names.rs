//! Names as HR writes them: a preferred name replaces the first name, and a person is found
//! by id, name, legal first and last name, or "Last, First" — in manager cells, `--without`
//! and scenarios alike.

use serde_json::json;

use crate::{check_json, duty, run, temp_file};

const HR: &str = "Employee ID,First Name,Last Name,Preferred Name,Manager,Budget control,Business acumen\n\
                  E1,Abigail,Silva,Abby,,4,4\n\
                  E2,Robert,Chen,Bob,\"Silva, Abigail\",4,3\n\
                  E3,Cara,Diaz,,Abigail Silva,2,2\n\
                  E4,Dan,Wu,Dan Wu,\"Silva, Abby\",1,1\n";

#[test]
fn a_preferred_name_replaces_the_first_name() {
    let (_dir, path) = temp_file("hr.csv", HR.as_bytes());
    let (_, json) = check_json(&path, &["--fail-on", "never"]);
    assert_eq!(
        duty(&json, "cpo.budget")["qualified"],
        json!(["Abby Silva", "Bob Chen"])
    );
    assert_eq!(
        json["warnings"],
        json!([]),
        "every manager cell finds its manager"
    );
}

#[test]
fn managers_are_found_as_last_first_by_legal_name_and_ignoring_case() {
    let (_dir, path) = temp_file("hr.csv", HR.as_bytes());
    let (code, out, err) = run(&["org", &path.display().to_string(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let org: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Abby manages Bob ("Silva, Abigail"), Cara (legal name) and Dan ("Silva, Abby").
    assert_eq!(org["managers"], 1);
    assert_eq!(org["layers"], 2);
    assert_eq!(org["span"]["max"], 3);
}

#[test]
fn without_and_scenarios_find_people_as_hr_writes_them() {
    let (_dir, path) = temp_file("hr.csv", HR.as_bytes());
    for name in ["Chen, Bob", "robert chen", "Chen, Robert", "E2", "Bob Chen"] {
        let (code, json) = check_json(&path, &["--without", name, "--fail-on", "never"]);
        assert_eq!(code, 0);
        assert_eq!(json["without"], json!(["Bob Chen"]), "{name}");
    }
    // Written in NFD (a combining accent), a name is the same name.
    let roster = "Name,Budget control\nZo\u{eb},4\nAda,3\n";
    let (_dir2, plain) = temp_file("zoe.csv", roster.as_bytes());
    let (_, json) = check_json(&plain, &["--without", "Zoe\u{308}", "--fail-on", "never"]);
    assert_eq!(json["without"], json!(["Zo\u{eb}"]));
    let scenario = "leave = [\"Silva, Abigail\"]\n";
    let (_dir3, file) = temp_file("s.toml", scenario.as_bytes());
    let (_, json) = check_json(
        &path,
        &[
            "--scenario",
            &file.display().to_string(),
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(json["without"], json!(["Abby Silva"]));
}

#[test]
fn without_suggests_names_and_lists_who_shares_one() {
    let (_dir, path) = temp_file("hr.csv", HR.as_bytes());
    let (code, _, err) = run(&[
        "check",
        &path.display().to_string(),
        "--without",
        "Bob Chan",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("nobody of that id or name"), "{err}");
    assert!(err.contains("closest: 'Bob Chen'"), "{err}");
    let shared = "Employee ID,Name,Title,Team,Budget control\nE1,Sam Lee,Analyst,Finance,1\n\
                  E2,Sam Lee,Designer,Product,2\n";
    let (_dir, path) = temp_file("shared.csv", shared.as_bytes());
    let (code, _, err) = run(&["check", &path.display().to_string(), "--without", "Sam Lee"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("(id E1, Analyst, Finance; id E2, Designer, Product); name one by id"),
        "{err}"
    );
}

#[test]
fn ids_are_compared_in_unicode_nfc_as_names_are() {
    // "Café" written composed and decomposed is one id: a repeat, and found either way.
    let (_dir, repeated) = temp_file(
        "ids.csv",
        "id,name,budgeting\nCafe\u{301},Ada,3\nCaf\u{e9},Bo,2\n".as_bytes(),
    );
    let (code, _, err) = run(&["check", &repeated.display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("id 'Café' is already on line 2"), "{err}");
    let (_dir, roster) = temp_file(
        "ids.csv",
        "id,name,manager,budgeting\nCaf\u{e9},Ada,,3\nE2,Bo,Cafe\u{301},2\n".as_bytes(),
    );
    let roster = roster.display().to_string();
    let (code, out, err) = run(&["org", &roster]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("2 people, 1 manager, 2 layers"), "{out}");
    let (code, out, err) = run(&[
        "check",
        &roster,
        "--without",
        "Cafe\u{301}",
        "--format",
        "json",
    ]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(out.contains("\"without\": [\n    \"Ada\""), "{out}");
}
