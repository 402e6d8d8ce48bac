//! Roster files in every supported shape give the same analysis.

use serde_json::{Value, json};

use crate::{check_json, duty, temp_file};

/// The reference roster, comma-separated with LF line ends.
const REFERENCE: &str = "name,team,budgeting,market research,product strategy,business acumen\n\
Ada,Product,4,3,4,4\n\
Bo,Marketing,2,4,1,3\n";

/// The analysis of a roster file, without the warnings.
fn analysis(name: &str, contents: &[u8]) -> Value {
    let (_dir, path) = temp_file(name, contents);
    let (_, mut json) = check_json(&path, &[]);
    json.as_object_mut().unwrap().remove("warnings");
    json
}

fn same_as_reference(name: &str, contents: &str) {
    assert_eq!(
        analysis(name, contents.as_bytes()),
        analysis("reference.csv", REFERENCE.as_bytes()),
        "{name} differs from the reference"
    );
}

#[test]
fn semicolon_and_tab_delimiters() {
    same_as_reference("semicolon.csv", &REFERENCE.replace(',', ";"));
    same_as_reference("tab.tsv", &REFERENCE.replace(',', "\t"));
}

#[test]
fn bom_and_crlf() {
    same_as_reference("bom.csv", &format!("\u{feff}{REFERENCE}"));
    same_as_reference("crlf.csv", &REFERENCE.replace('\n', "\r\n"));
    same_as_reference(
        "bom-crlf.csv",
        &format!("\u{feff}{}", REFERENCE.replace('\n', "\r\n")),
    );
}

#[test]
fn header_aliases_and_level_words_in_any_case() {
    same_as_reference(
        "aliases.csv",
        "Employee Name,Department,Budget_Management,MARKET ANALYSIS,product-strategy,Business\n\
         Ada,Product,PROFICIENT,competent,Proficient,proficient\n\
         Bo,Marketing,advanced beginner,proficient,novice,Competent\n",
    );
}

#[test]
fn long_form() {
    same_as_reference(
        "long.csv",
        "name,team,skill,level\n\
         Ada,Product,budgeting,4\nAda,Product,market research,3\nAda,,product strategy,4\nAda,,business acumen,4\n\
         Bo,Marketing,budgeting,2\nBo,,market research,4\nBo,,product strategy,1\nBo,,business acumen,3\n",
    );
}

#[test]
fn unknown_skill_column_is_a_warning_and_changes_nothing() {
    let with_extra = REFERENCE
        .replace("acumen\n", "acumen,Juggling\n")
        .replace("4\nBo", "4,5\nBo")
        .replace("3\n", "3,1\n");
    same_as_reference("extra.csv", &with_extra);
    let (_dir, path) = temp_file("extra.csv", with_extra.as_bytes());
    let (_, json) = check_json(&path, &[]);
    assert_eq!(
        json["warnings"],
        json!(["column 'Juggling' matches no skill"])
    );
}

#[test]
fn quoted_names_keep_commas_quotes_and_newlines() {
    let text = "name,budgeting,business acumen\n\"Lovelace, Ada\",4,3\n\"Bo \"\"The Boss\"\" Li\",4,3\n\"Two\r\nLines\",4,3\n";
    let (_dir, path) = temp_file("quoted.csv", text.as_bytes());
    let (_, json) = check_json(&path, &[]);
    let budget = duty(&json, "cpo.budget");
    assert_eq!(
        budget["qualified"],
        json!(["Lovelace, Ada", "Bo \"The Boss\" Li", "Two\r\nLines"])
    );
    assert_eq!(json["people"], 3);
}

#[test]
fn header_only_is_zero_people_and_every_duty_a_gap() {
    let (_dir, path) = temp_file("empty.csv", b"name,budgeting\n");
    let (code, json) = check_json(&path, &[]);
    assert_eq!(code, 1);
    assert_eq!(json["people"], 0);
    assert_eq!(
        json["summary"]["gap"],
        json["responsibilities"].as_array().unwrap().len()
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let output = crate::orggap()
        .args(["check", "-", "--format", "json"])
        .write_stdin(REFERENCE)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["people"], 2);
}

#[test]
fn inspect_shows_how_every_column_was_read() {
    let (_dir, path) = temp_file(
        "inspect.csv",
        "\u{feff}Employee Name;Dept;Finance;Budgetting;Market-Research\nAda;Product;3;2;4\n"
            .as_bytes(),
    );
    let (code, stdout, _) =
        crate::run(&["inspect", &path.display().to_string(), "--format", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["encoding"], "UTF-8");
    assert_eq!(
        (
            json["bom"].clone(),
            json["delimiter"].clone(),
            json["form"].clone()
        ),
        (json!(true), json!(";"), json!("wide"))
    );
    assert_eq!(json["people"], 1);
    let columns: Vec<(String, String)> = json["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["reads"].as_str().unwrap().to_owned(),
                c["matched_by"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect();
    let expected = [
        ("field name", "-"),
        ("field team", "-"),
        ("skill budgeting", "alias"),
        ("nothing (ignored)", "-"),
        ("skill market-research", "id"),
    ];
    assert_eq!(columns, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    assert_eq!(json["columns"][3]["suggestions"], json!(["budgeting"]));
    assert_eq!(
        json["warnings"],
        json!(["column 'Budgetting' matches no skill"])
    );
}
