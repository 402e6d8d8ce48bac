//! Nothing the tool reads is changed, workbooks read like their CSV twins, and names that
//! look like code stay text in every output format.

use std::time::SystemTime;

use crate::{check_json, repo, run, temp_file};

/// Names a spreadsheet or a browser might run.
const HOSTILE: [&str; 4] = [
    "a\"b\nc",
    "=HYPERLINK(\"http://x\")",
    "<img src=x onerror=alert(1)>",
    "\"; drop",
];

fn hostile_roster() -> String {
    let mut text = String::from("name,budgeting,business acumen,owns\n");
    for name in HOSTILE {
        text.push_str(&format!(
            "\"{}\",5,5,cpo.budget\n",
            name.replace('"', "\"\"")
        ));
    }
    text
}

#[test]
fn an_xlsx_made_by_openpyxl_gives_the_same_check_as_its_csv_twin() {
    let (_, csv) = check_json(&repo("data/example-roster.csv"), &[]);
    let (_, xlsx) = check_json(&repo("tests/data/example-roster.xlsx"), &[]);
    assert_eq!(csv, xlsx);
    let (_, sheet) = check_json(
        &repo("tests/data/example-roster.xlsx"),
        &["--sheet", "Team"],
    );
    assert_eq!(csv, sheet);
}

#[test]
fn workbook_errors_name_the_sheet_row_and_column_letter() {
    let (code, _, stderr) = run(&["check", "tests/data/bad-levels.xlsx", "--sheet", "People"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad-levels.xlsx: sheet 'People': row 3: column C 'Budget control': level '7' is not 0..5"), "{stderr}");
    assert!(
        stderr.contains(
            "sheet 'People': row 3: column D 'Business acumen': level '2.5' is not a whole number"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["check", "tests/data/bad-levels.xlsx", "--sheet", "Nope"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no sheet 'Nope'; the sheets are: Intro, People"),
        "{stderr}"
    );
}

#[test]
fn hostile_names_stay_text_in_every_format() {
    let (_dir, path) = temp_file("hostile.csv", hostile_roster().as_bytes());
    let path = path.display().to_string();
    let out = |args: &[&str]| {
        let mut all = args.to_vec();
        all.insert(1, &path);
        let (code, stdout, stderr) = run(&all);
        assert!(code == 0 || code == 1, "{args:?}: {stderr}");
        stdout
    };
    let csv = out(&["check", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell: {cell:?}"
            );
        }
    }
    let (_dir2, alone) = temp_file(
        "alone.csv",
        b"name,budgeting,business acumen\n\"=HYPERLINK(\"\"http://x\"\")\",5,5\n",
    );
    let (_, csv, _) = run(&["check", &alone.display().to_string(), "--format", "csv"]);
    assert!(
        csv.contains("'=HYPERLINK"),
        "neutralised with a quote: {csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&out(&["check", "--format", "json"])).unwrap();
    assert_eq!(
        crate::duty(&json, "cpo.budget")["qualified"],
        serde_json::json!(HOSTILE),
        "JSON keeps names exactly"
    );
    let markdown = out(&["check", "--format", "markdown"]);
    assert!(
        !markdown.contains("<img") && markdown.contains("&lt;img"),
        "markdown escapes HTML"
    );
    let dot = out(&["graph", "--format", "dot"]);
    assert!(
        dot.contains(r#"label="=HYPERLINK(\"http://x\")""#),
        "DOT quotes and escapes: {dot}"
    );
    assert!(dot.contains(r#"label="a\"b\nc""#));
    assert!(dot.starts_with("digraph") && dot.trim_end().ends_with('}'));
    let mermaid = out(&["graph", "--format", "mermaid"]);
    assert!(mermaid.contains("#lt;img src=x onerror=alert(1)#gt;") && !mermaid.contains("<img"));
    assert!(mermaid.contains("#quot;; drop"));
    let text = out(&["check"]);
    assert!(
        text.contains("a\"b\\u{a}c"),
        "line breaks in names are shown, not obeyed: {text}"
    );
}

#[test]
fn no_command_changes_the_files_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("team.csv");
    std::fs::copy(repo("data/example-roster.csv"), &roster).unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "[min_owners]\ncmo = 1\n").unwrap();
    let catalogue = dir.path().join("catalogue.toml");
    std::fs::write(&catalogue, run(&["catalogue"]).1).unwrap();
    let stamp = |p: &std::path::Path| -> (Vec<u8>, SystemTime) {
        (
            std::fs::read(p).unwrap(),
            std::fs::metadata(p).unwrap().modified().unwrap(),
        )
    };
    let before: Vec<_> = [&roster, &policy, &catalogue]
        .iter()
        .map(|p| stamp(p))
        .collect();
    let r = roster.display().to_string();
    let common = [
        "--policy",
        &policy.display().to_string(),
        "--catalogue",
        &catalogue.display().to_string(),
    ];
    let out = dir.path().join("out").display().to_string();
    let commands: [Vec<&str>; 9] = [
        vec!["check", &r],
        vec!["assign", &r],
        vec!["impact", &r],
        vec!["plan", &r],
        vec!["graph", &r],
        vec!["diff", &r, &r],
        vec!["inspect", &r],
        vec!["report", &r, "--out", &out],
        vec!["check", &r, "--format", "csv"],
    ];
    for command in commands {
        let mut args = command.clone();
        args.extend_from_slice(&common);
        let (code, _, stderr) = run(&args);
        assert!(code == 0 || code == 1, "{command:?}: {stderr}");
    }
    let after: Vec<_> = [&roster, &policy, &catalogue]
        .iter()
        .map(|p| stamp(p))
        .collect();
    assert!(before == after, "an input file changed");
}
