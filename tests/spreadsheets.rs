//! `report.xlsx` and `--format xlsx`: read back with calamine, as a spreadsheet user's
//! program would.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::{check_json, run, temp_file};

fn sheets(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("a workbook calamine reads")
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// A header row's column of each name.
fn header_columns(header: &[Data]) -> impl Fn(&str) -> usize {
    let names: Vec<String> = header.iter().map(cell_text).collect();
    move |name| {
        names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("no column {name} in {names:?}"))
    }
}

#[test]
fn report_xlsx_has_every_sheet_and_the_duties_of_check_json() {
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("r");
    let (code, _, err) = run(&[
        "report",
        "data/example-roster.csv",
        "--out",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let path = folder.join("report.xlsx");
    let mut book = sheets(&path);
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "People",
            "Duties",
            "Skills",
            "Owners",
            "Plan",
            "Departures"
        ]
    );
    let (_, check) = check_json(Path::new("data/example-roster.csv"), &[]);
    let duties = book.worksheet_range("Duties").unwrap();
    let rows: Vec<&[Data]> = duties.rows().collect();
    let column = header_columns(rows[0]);
    let expected = check["responsibilities"].as_array().unwrap();
    assert_eq!(rows.len() - 1, expected.len());
    for (row, duty) in rows[1..].iter().zip(expected) {
        // Named by title; the id in a column of its own.
        assert_eq!(
            cell_text(&row[column("Duty")]),
            duty["title"].as_str().unwrap()
        );
        assert_eq!(cell_text(&row[column("Id")]), duty["id"].as_str().unwrap());
        assert_eq!(
            cell_text(&row[column("Status")]),
            duty["status"].as_str().unwrap()
        );
        // Counts are numbers, not text.
        assert_eq!(
            row[column("Qualified")],
            Data::Float(duty["qualified_count"].as_f64().unwrap())
        );
        assert_eq!(
            row[column("Needed")],
            Data::Float(duty["min_owners"].as_f64().unwrap())
        );
    }
    // A level 0 is a blank cell, never the number 0; every person is listed.
    let skills = book.worksheet_range("Skills").unwrap();
    assert!(skills.used_cells().all(|(_, _, c)| *c != Data::Float(0.0)));
    let people = book.worksheet_range("People").unwrap();
    assert_eq!(
        people.height() - 1,
        check["people"].as_u64().unwrap() as usize
    );
    // The summary's counts are check.json's.
    let summary = book.worksheet_range("Summary").unwrap();
    let gaps = summary
        .rows()
        .find(|r| cell_text(&r[0]) == "Gaps")
        .expect("a Gaps line");
    assert_eq!(
        gaps[1],
        Data::Float(check["summary"]["gap"].as_f64().unwrap())
    );
    // The same input, the same bytes.
    let again = out.path().join("again");
    run(&[
        "report",
        "data/example-roster.csv",
        "--out",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(again.join("report.xlsx")).unwrap()
    );
}

#[test]
fn names_that_look_like_formulas_stay_text() {
    let names = [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+SUM(1,2)",
        "@cmd",
        "<script>alert(1)</script>",
    ];
    let mut csv = String::from("Name,Team,Product strategy,Market research,Marketing\n");
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!(
            "\"{}\",T,{},4,{}\n",
            name.replace('"', "\"\""),
            5 - i,
            i + 1
        ));
    }
    let (dir, roster) = temp_file("r.csv", csv.as_bytes());
    let folder = dir.path().join("out");
    let (code, _, err) = run(&[
        "report",
        roster.to_str().unwrap(),
        "--out",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut book = sheets(&folder.join("report.xlsx"));
    let mut seen = Vec::new();
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "a formula in {name}"
        );
        let range = book.worksheet_range(&name).unwrap();
        seen.extend(range.used_cells().map(|(_, _, c)| cell_text(c)));
    }
    for name in names {
        assert!(seen.iter().any(|s| s == name), "{name} not found as text");
    }
}

#[test]
fn format_xlsx_writes_one_sheet_to_the_output_file_and_needs_one() {
    // Without --output, on a pipe: the workbook's bytes.
    let (code, out, err) = run(&["check", "data/example-roster.csv", "--format", "xlsx"]);
    assert_ne!(code, 2, "{err}");
    assert!(out.starts_with("PK"), "a zip (xlsx) on the pipe");
    let dir = tempfile::tempdir().unwrap();
    for (command, sheet) in [
        ("check", "Duties"),
        ("assign", "Owners"),
        ("impact", "Departures"),
        ("plan", "Plan"),
    ] {
        let path = dir.path().join(format!("{command}.xlsx"));
        let (code, out, err) = run(&[
            command,
            "data/example-roster.csv",
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ]);
        assert!(code == 0 || code == 1, "{command}: {err}");
        assert!(out.is_empty(), "{command} printed {out}");
        let mut book = sheets(&path);
        assert_eq!(book.sheet_names(), [sheet], "{command}");
        assert!(
            book.worksheet_range(sheet).unwrap().height() > 1,
            "{command}"
        );
    }
    // --output takes the other formats too, written whole.
    let json = dir.path().join("check.json");
    run(&[
        "check",
        "data/example-roster.csv",
        "--format",
        "json",
        "--output",
        json.to_str().unwrap(),
    ]);
    let (_, expected) = check_json(Path::new("data/example-roster.csv"), &[]);
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(written, expected);
}

#[test]
fn a_workbook_of_a_partial_roster_says_first_what_is_unknown() {
    let roster = "name,budgeting,business acumen\nAda,4,N/A\nBo,2,4\n";
    let (_dir, path) = temp_file("partial.csv", roster.as_bytes());
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("r");
    let (code, _, err) = run(&[
        "report",
        &path.display().to_string(),
        "--out",
        &folder.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut book = sheets(&folder.join("report.xlsx"));
    let summary = book.worksheet_range("Summary").unwrap();
    let first: Vec<String> = summary.rows().take(6).map(|r| cell_text(&r[0])).collect();
    let unassessed = first.iter().position(|t| t.ends_with("duties are unassessed: the roster does not give the levels that decide them (counted as gaps or at risk only when proven)"));
    let people = summary.rows().position(|r| cell_text(&r[0]) == "People");
    assert!(unassessed.is_some() && unassessed < people, "{first:?}");
    let duties = book.worksheet_range("Duties").unwrap();
    let head: Vec<String> = duties
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(cell_text)
        .collect();
    assert_eq!(head[7..10], ["Worst", "Best", "Unassessed"]);
    let budget = duties
        .rows()
        .find(|r| cell_text(&r[10]) == "cpo.budget")
        .expect("the budget duty");
    // Budgeting 4 and acumen 3: Ada's acumen is unknown, Bo's budgeting too low.
    let row: Vec<String> = budget.iter().map(cell_text).collect();
    assert_eq!(row[2], "unassessed");
    assert_eq!(row[7..10], ["gap", "at-risk", "Ada"]);
    // The Skills sheet: Ada's unknown acumen reads `unknown`, as does a skill no column
    // gives.
    let skills = book.worksheet_range("Skills").unwrap();
    let rows: Vec<&[Data]> = skills.rows().collect();
    let column = header_columns(rows[0]);
    let ada = rows.iter().find(|r| cell_text(&r[0]) == "Ada").unwrap();
    assert_eq!(cell_text(&ada[column("Business acumen")]), "unknown");
    assert_eq!(ada[column("Budget control")], Data::Float(4.0));
    assert_eq!(cell_text(&ada[column("Product strategy")]), "unknown");
}
