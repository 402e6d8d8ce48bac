//! Rosters as HR systems export them: employee ids, split names, shared names and reporting
//! lines, read without editing and named the same way in every output.

use serde_json::{Value, json};

use orggap_roster::column_letters;

use crate::{check_json, duty, repo, run, temp_file};

const HR: &str = "data/example-hr.csv";

/// The exact standard error of a run that must fail with exit status 2.
fn error(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    stderr
}

#[test]
fn bad_hr_exports_get_exact_messages() {
    assert_eq!(
        error(&["check", "tests/data/bad/repeated-id.csv"]),
        "orggap: tests/data/bad/repeated-id.csv: line 4: column 'Employee ID': id 'E1' is already on line 2\n"
    );
    assert_eq!(
        error(&["check", "tests/data/bad/manager-cycle.csv"]),
        "orggap: tests/data/bad/manager-cycle.csv: line 2: column 'manager': reporting lines go round in a circle: 'Ada Lovelace' (1) → 'Alan Turing' (3) → 'Grace Hopper' (2) → 'Ada Lovelace' (1)\n"
    );
    assert_eq!(
        error(&["check", "tests/data/bad/manager-unknown.csv", "--strict"]),
        "orggap: tests/data/bad/manager-unknown.csv: line 4: column 'reports to': manager 'Charles Babbage' is not on the roster\n"
    );
    assert_eq!(
        error(&[
            "check",
            "tests/data/bad/shared-name.csv",
            "--without",
            "Sam Taylor"
        ]),
        "orggap: --without 'Sam Taylor': 2 people in tests/data/bad/shared-name.csv have that name (id 7; id 8); name one by id\n"
    );
    // Without --strict an unknown manager is a warning, and the person a top person.
    let (_, json) = check_json(&repo("tests/data/bad/manager-unknown.csv"), &[]);
    assert_eq!(
        json["warnings"],
        json!([
            "line 4: manager 'Charles Babbage' is not on the roster, so the person is taken as a top person"
        ])
    );
}

/// Every person named in the JSON arrays `names` and `ids` of `value`, as (name, id).
fn pairs(value: &Value, names: &str, ids: &str) -> Vec<(String, String)> {
    let list = |key: &str| -> Vec<String> {
        value[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} is a list"))
            .iter()
            .map(|v| v.as_str().expect("a string").to_owned())
            .collect()
    };
    list(names).into_iter().zip(list(ids)).collect()
}

#[test]
fn json_keeps_names_and_adds_ids_beside_them() {
    let (_, json) = check_json(&repo(HR), &[]);
    assert_eq!(json["people"], 19);
    let process = duty(&json, "cpo.development-process");
    assert_eq!(
        pairs(process, "qualified", "qualified_ids"),
        [
            ("Maya Chen".to_owned(), "E1001".to_owned()),
            ("Hannah Müller".to_owned(), "E1011".to_owned()),
            ("Sam Taylor".to_owned(), "E1018".to_owned())
        ]
    );
    assert_eq!(
        pairs(process, "owners", "owners_ids"),
        [("Hannah Müller".to_owned(), "E1011".to_owned())]
    );
    assert_eq!(process["unqualified_owners_ids"], json!([]));
    for r in json["responsibilities"].as_array().unwrap() {
        for n in r["nearest"].as_array().unwrap() {
            assert!(
                n["id"].as_str().is_some_and(|id| id.starts_with("E10")),
                "{n}"
            );
        }
    }
    assert_eq!(
        json["key_people"][0],
        json!({"person": "Maya Chen", "id": "E1001", "sole_qualified_for": ["cpo.product-strategy", "cpo.new-offerings", "cpo.portfolio"]})
    );
    // A roster without ids gains no id fields.
    let (_, plain) = check_json(&repo("data/example-roster.csv"), &[]);
    let text = plain.to_string();
    assert!(
        !text.contains("_ids") && !text.contains("\"id\":\"E"),
        "{text}"
    );
}

#[test]
fn people_are_named_by_id_or_name_and_shared_names_read_with_their_ids() {
    let (_, by_id) = check_json(&repo(HR), &["--without", "E1017"]);
    assert_eq!(by_id["without"], json!(["Sam Taylor"]));
    assert_eq!(by_id["without_ids"], json!(["E1017"]));
    // A preferred name is the name; the id works too.
    let (_, lena) = check_json(&repo(HR), &["--without", "lena petrova"]);
    assert_eq!(lena["without_ids"], json!(["E1013"]));
    // Text output tells shared names apart by id.
    let (_, text, _) = run(&["assign", HR]);
    assert!(text.contains("Sam Taylor (E1018)"), "{text}");
    assert!(
        !text.contains("Maya Chen (E1001)"),
        "unique names stay bare: {text}"
    );
}

#[test]
fn inspect_says_how_names_ids_and_managers_were_read() {
    let (code, text, _) = run(&["inspect", HR]);
    assert_eq!(code, 0);
    for line in [
        "  names: 'Preferred Name' where given, else 'First Name' and 'Last Name' joined by a space",
        "  people told apart by id ('Employee ID'); 2 people share their name with someone",
        "  reporting lines from 'Manager' (manager ids): 18 people report to someone, 1 at the top",
    ] {
        assert!(text.contains(line), "{line:?} in {text}");
    }
}

#[test]
fn diff_matches_people_by_id_when_both_snapshots_have_ids() {
    let old = std::fs::read_to_string(repo(HR)).unwrap();
    // Maya Chen marries and changes her name; Sam Taylor (sales) leaves; a new hire.
    let mut new: Vec<String> = old
        .lines()
        .filter(|l| !l.starts_with("E1017,"))
        .map(|l| l.replacen("E1001,Maya,Chen,", "E1001,Maya,Lindqvist,", 1))
        .collect();
    let hire = new[1].replacen("E1006,Aisha,Bello,", "E1019,Aisha,Bello,", 1);
    new.push(hire);
    let (_dir, path) = temp_file("after.csv", (new.join("\n") + "\n").as_bytes());
    let (_, stdout, stderr) = run(&["diff", HR, &path.display().to_string(), "--format", "json"]);
    let diff: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(diff["matched_by"], "id");
    assert_eq!(diff["people_gone"], json!(["Sam Taylor"]));
    assert_eq!(diff["people_gone_ids"], json!(["E1017"]));
    // The renamed person is the same person; the new Aisha Bello is someone new.
    assert_eq!(diff["people_added"], json!(["Aisha Bello"]));
    assert_eq!(diff["people_added_ids"], json!(["E1019"]));
}

/// The CSV file at `path` as an `.xlsx` workbook, the way a spreadsheet saves an HR export:
/// whole numbers as number cells, all other text as shared strings, empty cells left out.
fn csv_as_xlsx(path: &str) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(repo(path))
        .expect("open the CSV twin");
    let mut strings: Vec<String> = Vec::new();
    let mut sheet = String::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.expect("a CSV record");
        let line = row + 1;
        sheet.push_str(&format!(r#"<row r="{line}">"#));
        for (column, cell) in record.iter().enumerate() {
            let at = format!("{}{line}", column_letters(column));
            if cell.is_empty() {
                continue;
            } else if cell.parse::<u32>().is_ok() {
                sheet.push_str(&format!(r#"<c r="{at}"><v>{cell}</v></c>"#));
            } else {
                let escaped = cell
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                sheet.push_str(&format!(
                    r#"<c r="{at}" t="s"><v>{}</v></c>"#,
                    strings.len()
                ));
                strings.push(escaped);
            }
        }
        sheet.push_str("</row>");
    }
    let strings: Vec<&str> = strings.iter().map(String::as_str).collect();
    crate::workbooks::xlsx(&sheet, &strings, false)
}

#[test]
fn an_xlsx_hr_export_reads_like_its_csv_twin() {
    let (_dir, workbook) = temp_file("example-hr.xlsx", &csv_as_xlsx(HR));
    let (code, csv) = check_json(&repo(HR), &["--without", "E1017"]);
    let (workbook_code, xlsx) = check_json(&workbook, &["--without", "E1017"]);
    assert_eq!((code, workbook_code), (1, 1), "gaps in both");
    assert_eq!(csv, xlsx);
    assert_eq!(csv["without_ids"], json!(["E1017"]));
    let org = |path: &str| {
        let (code, stdout, stderr) = run(&["org", path, "--format", "json"]);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str::<Value>(&stdout).expect("org JSON")
    };
    let from_workbook = org(&workbook.display().to_string());
    assert_eq!(org(HR), from_workbook);
    assert_eq!(from_workbook["layer_sizes"], json!([1, 5, 11, 2]));
    let (code, stdout, _) = run(&["inspect", &workbook.display().to_string()]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("people told apart by id ('Employee ID')"),
        "{stdout}"
    );
}
