//! `orggap catalogue`, and `--catalogue` files.

use crate::{check_json, repo, run, temp_file};

#[test]
fn printed_toml_loads_back_and_gives_identical_results() {
    let (code, toml, _) = run(&["catalogue"]);
    assert_eq!(code, 0);
    let (_dir, path) = temp_file("catalogue.toml", toml.as_bytes());
    let example = repo("data/example-roster.csv");
    let (_, builtin) = check_json(&example, &[]);
    let (_, reloaded) = check_json(&example, &["--catalogue", &path.display().to_string()]);
    assert_eq!(builtin, reloaded);
    let (_, again, _) = run(&["catalogue", "--catalogue", &path.display().to_string()]);
    assert_eq!(toml, again, "printing is a fixed point");
}

#[test]
fn json_and_markdown_formats() {
    let (_, json, _) = run(&["catalogue", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["roles"].as_array().unwrap().len(), 3);
    assert_eq!(
        value["responsibilities"][0]["id"],
        "cpo.product-development"
    );
    assert!(value["responsibilities"][0]["requires"].is_object());
    let (_, markdown, _) = run(&["catalogue", "--format", "markdown"]);
    assert!(markdown.contains("## Chief Marketing Officer (`cmo`)"));
    assert!(markdown.contains("| `cpo.product-strategy` Set the product strategy |"));
}

#[test]
fn a_bad_catalogue_is_refused_with_file_line_and_entry() {
    let (_dir, path) = temp_file(
        "bad.toml",
        b"[[skills]]\nid = \"a\"\nname = \"A\"\n[[roles]]\nid = \"r\"\nname = \"R\"\n[[responsibilities]]\nid = \"r.x\"\nrole = \"r\"\ntitle = \"X\"\nrequires = { b = 2 }\n",
    );
    let path = path.display().to_string();
    let (code, _, stderr) = run(&["check", "data/example-roster.csv", "--catalogue", &path]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("bad.toml: line 8: responsibility 'r.x': requires unknown skill 'b'"),
        "{stderr}"
    );
}

#[test]
fn a_catalogue_without_skills_still_analyses_and_reports() {
    let (_dir, catalogue) = temp_file(
        "no-skills.toml",
        b"[[roles]]\nid = \"x\"\nname = \"Role X\"\n\n[[responsibilities]]\nid = \"x.free\"\nrole = \"x\"\ntitle = \"Anyone\"\nmin_owners = 1\n",
    );
    let catalogue = catalogue.display().to_string();
    let roster = repo("data/example-roster.csv");
    let (code, json) = check_json(&roster, &["--catalogue", &catalogue]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["covered"], 1);
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report");
    let (code, _, stderr) = run(&[
        "report",
        &roster.display().to_string(),
        "--catalogue",
        &catalogue,
        "--out",
        &report.display().to_string(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(report.join("report.html").is_file());
}
