//! `orggap template`: an empty roster for the catalogue in use reads back clean, and one
//! filled in with the drop-down's choices (numbers, the scale's words, `?`) reads as meant.

use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::{check_json, repo, run, temp_file};

/// A file of the workbook's zip (its XML), as text.
fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("the workbook");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut text)
        .expect("UTF-8 XML");
    text
}

#[test]
fn the_workbook_template_reads_back_clean_and_offers_the_scales_levels() {
    let dir = tempfile::tempdir().expect("a folder");
    let book = dir.path().join("team.xlsx");
    let path = book.display().to_string();
    let (code, _, err) = run(&["template", "--output", &path]);
    assert_eq!(code, 0, "{err}");

    // Read back unedited: every column is a field or a skill, nothing refused or warned.
    let (code, out, err) = run(&["inspect", &path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 people"), "{out}");
    assert!(
        !out.contains("ignored") && !out.contains("unknown column"),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    let (catalogue_code, catalogue, _) = run(&["catalogue", "--format", "json"]);
    assert_eq!(catalogue_code, 0);
    let catalogue: serde_json::Value = serde_json::from_str(&catalogue).expect("JSON");
    let skills = catalogue["skills"].as_array().expect("skills");
    let matched = out.matches("→ skill ").count();
    assert_eq!(matched, skills.len(), "{out}");

    // The Roster sheet: people's columns, then one column per skill; the Levels sheet: each
    // level's number and word, then `?`.
    let mut workbook: Xlsx<_> = open_workbook(&book).expect("calamine reads it");
    assert_eq!(workbook.sheet_names(), ["Roster", "Instructions", "Levels"]);
    let roster = workbook.worksheet_range("Roster").expect("the roster");
    let header: Vec<String> = roster
        .rows()
        .next()
        .expect("a header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..7],
        ["id", "name", "title", "team", "manager", "capacity", "owns"]
    );
    assert_eq!(header.len(), 7 + skills.len());
    assert_eq!(roster.rows().count(), 1, "only the header");
    let levels = workbook.worksheet_range("Levels").expect("the levels");
    let choices: Vec<String> = levels.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(
        choices,
        [
            "0",
            "1",
            "2",
            "3",
            "4",
            "5",
            "none",
            "novice",
            "advanced beginner",
            "competent",
            "proficient",
            "expert",
            "?"
        ]
    );
    assert!(matches!(
        levels.rows().nth(1).expect("level 0")[0],
        Data::Float(_)
    ));

    // Every skill cell offers the list (a warning, not a stop, for anything else), and each
    // skill's header has a note saying which duties need it.
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<dataValidation type=\"list\""), "{sheet}");
    assert!(sheet.contains("errorStyle=\"warning\""), "{sheet}");
    assert!(
        sheet.contains("<formula1>Levels!$A$2:$A$14</formula1>"),
        "{sheet}"
    );
    assert!(
        sheet.contains("<pane xSplit=\"2\" ySplit=\"1\""),
        "frozen header: {sheet}"
    );
    let notes = part(&book, "xl/comments1.xml");
    assert!(notes.contains("Needed by:"), "{notes}");
    assert!(
        notes.contains("CPO · Set the product strategy (level 4)"),
        "{notes}"
    );
}

#[test]
fn a_filled_in_template_reads_numbers_words_and_question_marks() {
    let (code, header, err) = run(&["template", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(header.lines().count(), 1, "the header row only");
    let columns: Vec<&str> = header.trim_end().split(',').collect();
    let at = |name: &str| columns.iter().position(|c| *c == name).expect(name);
    let mut row = vec![String::new(); columns.len()];
    row[at("id")] = "7".into();
    row[at("name")] = "Ana Lima".into();
    row[at("Product strategy")] = "expert".into();
    row[at("Business acumen")] = "4".into();
    row[at("Market research")] = "competent".into();
    row[at("Marketing")] = "?".into();
    let roster = format!("{header}{}\n", row.join(","));
    let (_dir, path) = temp_file("team.csv", roster.as_bytes());
    let (code, check) = check_json(&path, &["--blank", "unknown"]);
    assert!(code <= 1, "{check}");
    assert_eq!(check["people"], 1);
    let (_, levels, _) = run(&["inspect", &path.display().to_string()]);
    assert!(
        levels.contains("1 people") || levels.contains("1 person"),
        "{levels}"
    );
    // The filled-in levels are read: with product strategy "expert", business acumen 4 and
    // market research "competent", Ana qualifies for the product strategy duty (4, 4, 3).
    let strategy = crate::duty(&check, "cpo.product-strategy");
    assert_eq!(
        strategy["qualified"],
        serde_json::json!(["Ana Lima"]),
        "{strategy}"
    );
}

#[test]
fn a_template_follows_the_catalogues_scale() {
    let dir = tempfile::tempdir().expect("a folder");
    let book = dir.path().join("sfia.xlsx");
    let catalogue = repo("tests/data/scale/sfia-catalogue.toml")
        .display()
        .to_string();
    let path = book.display().to_string();
    let (code, _, err) = run(&["template", "--catalogue", &catalogue, "-o", &path]);
    assert_eq!(code, 0, "{err}");
    let mut workbook: Xlsx<_> = open_workbook(&book).expect("calamine reads it");
    let levels = workbook.worksheet_range("Levels").expect("the levels");
    let choices: Vec<String> = levels.rows().skip(1).map(|r| r[0].to_string()).collect();
    let (_, toml, _) = run(&["catalogue", "--catalogue", &catalogue]);
    let words: Vec<&str> = toml
        .lines()
        .find(|l| l.starts_with("levels = "))
        .expect("the scale's levels")
        .trim_start_matches("levels = [")
        .trim_end_matches(']')
        .split(", ")
        .map(|w| w.trim_matches('"'))
        .collect();
    assert_eq!(choices.len(), words.len() * 2 + 1, "{choices:?}");
    assert_eq!(&choices[words.len()..choices.len() - 1], words.as_slice());
    let (code, out, err) = run(&["inspect", &path, "--catalogue", &catalogue]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 people"), "{out}");
}
