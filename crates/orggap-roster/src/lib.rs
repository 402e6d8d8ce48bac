//! Reads team rosters into orggap's [`Roster`]: wide form (a column per skill) or long form
//! (a row per person and skill), from CSV text with any of `,` `;` or tab.
//!
//! Every problem of a file is collected and reported together, each with the file, the line
//! and the column; nothing here writes anything.
#![deny(missing_docs)]

mod cell;
mod csv;
mod error;
mod generate;
mod header;
mod managers;
mod rows;
mod workbook;

use orggap_model::{Roster, quoted};

pub use crate::cell::{normalize_name, parse_date, parse_level};
pub use crate::csv::{MAX_RECORD, detect_delimiter, encoding_for, read_csv, read_csv_file};
pub use crate::error::{ImportError, MAX_PROBLEMS, Place, Problem, column_letters};
pub use crate::generate::{Style, generate, generate_catalogue, generate_styled};
pub use crate::header::{
    Column, ColumnKind, FIELD_NAMES, Field, Form, HEADER_ROWS, Layout, MatchedBy, NameSource,
    Rater, matched_by, suggestions,
};
pub use crate::workbook::{MAX_CELLS, MAX_ODS_CELLS, MAX_PART_BYTES, read_workbook};

/// Which level counts where a skill is rated by several people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RatingPolicy {
    /// The manager's rating, else the plain column, else self, else peer.
    #[default]
    Manager,
    /// The person's own rating, else the plain column, else manager, else peer.
    Own,
    /// The lowest rating given.
    Lowest,
    /// The mean of the ratings given, rounded down.
    Mean,
}

impl RatingPolicy {
    /// The level that counts of `plain`, `own`, `manager` and `peer` ratings (each `None`
    /// where not given); `None` when none is.
    pub fn combine(
        self,
        plain: Option<u8>,
        own: Option<u8>,
        manager: Option<u8>,
        peer: Option<u8>,
    ) -> Option<u8> {
        let given = [plain, own, manager, peer];
        match self {
            RatingPolicy::Manager => manager.or(plain).or(own).or(peer),
            RatingPolicy::Own => own.or(plain).or(manager).or(peer),
            RatingPolicy::Lowest => given.into_iter().flatten().min(),
            RatingPolicy::Mean => {
                let levels: Vec<u32> = given.into_iter().flatten().map(u32::from).collect();
                (!levels.is_empty())
                    .then(|| (levels.iter().sum::<u32>() / levels.len() as u32) as u8)
            }
        }
    }
}

/// How to read a roster.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Which rating counts where a skill has several (`Skill (self)`, `Skill (manager)`…).
    pub rating: RatingPolicy,
    /// The day of the analysis (`yyyymmdd`, `--as-of`): no rating may be dated after it.
    pub as_of: Option<orggap_model::Day>,
    /// The delimiter; `None` to find it from the header line.
    pub delimiter: Option<u8>,
    /// Read empty level cells as unknown (`--blank unknown`) instead of level 0.
    pub blank_unknown: bool,
    /// Turn warnings about unknown columns, skills and responsibilities into errors.
    pub strict: bool,
    /// The text encoding (a label such as `windows-1252`); `None` for UTF-8.
    pub encoding: Option<String>,
    /// The sheet of a workbook to read; `None` for the first.
    pub sheet: Option<String>,
    /// The 1-based row of the header; `None` to find it: the first of the first 20 rows
    /// that holds a name and a skill (else the first row that is not blank).
    pub header_row: Option<usize>,
    /// The input's size in bytes, when known: lets a large import allocate once.
    pub size_hint: Option<u64>,
}

/// How the file was read, for `inspect` and for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceInfo {
    /// The text encoding (CSV), or `xlsx`/`ods` for workbooks.
    pub encoding: String,
    /// The sheet read (workbooks only).
    pub sheet: Option<String>,
    /// The delimiter used (CSV only).
    pub delimiter: Option<u8>,
    /// Whether the file started with a UTF-8 byte-order mark.
    pub bom: bool,
    /// The columns and the form.
    pub layout: Layout,
    /// The 1-based row (CSV: line) of the header, and how many rows above it that were not
    /// blank were skipped (titles, dates).
    pub header_row: usize,
    /// Rows above the header that held something, skipped.
    pub skipped_rows: usize,
}

/// A roster that was read successfully.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The people and their levels.
    pub roster: Roster,
    /// Things worth knowing that did not stop the import, e.g. unmatched columns.
    pub warnings: Vec<String>,
    /// How the file was read.
    pub info: SourceInfo,
}

#[cfg(test)]
mod tests {
    use super::*;
    use orggap_model::Catalogue;

    /// One line per person: `name|title|team|capacity|owns|skill=level …` (non-zero levels).
    fn describe(roster: &Roster, cat: &Catalogue) -> Vec<String> {
        roster
            .people()
            .map(|p| {
                let levels: Vec<String> = (0..cat.skills().len())
                    .filter(|&s| roster.row(p).get(s) > 0)
                    .map(|s| format!("{}={}", cat.skills()[s].id, roster.row(p).get(s)))
                    .collect();
                let owns: Vec<&str> = roster
                    .owned_by(p)
                    .map(|r| cat.responsibility(r).id.as_str())
                    .collect();
                let capacity = roster.capacity(p).map_or("-".to_owned(), |c| c.to_string());
                format!(
                    "{}|{}|{}|{capacity}|{}|{}",
                    roster.name(p),
                    roster.title(p),
                    roster.team(p),
                    owns.join(";"),
                    levels.join(" ")
                )
            })
            .collect()
    }

    fn read(text: &str, strict: bool) -> Result<Imported, ImportError> {
        let options = ImportOptions {
            strict,
            ..ImportOptions::default()
        };
        read_csv(text.as_bytes(), "r.csv", &Catalogue::builtin(), &options)
    }

    /// Reads `text` and compares the people (or the error text) with `expected`.
    fn check(text: &str, expected: &[&str]) {
        let cat = Catalogue::builtin();
        let got = match read(text, false) {
            Ok(imported) => describe(&imported.roster, &cat),
            Err(e) => e.to_string().lines().map(str::to_owned).collect(),
        };
        assert_eq!(got, expected, "for roster:\n{text}");
    }

    const ADA: &str = "Ada|CPO|Product|2|cpo.budget|budgeting=4 market-research=3";

    const RATED: &str = "name,budgeting (self),Budget control [manager],product strategy,Product strategy - self,product-strategy: manager,marketing (peer)\n\
                         Ada,5,2,3,,4,3\n\
                         Bo,1,4,,5,2,\n\
                         Cy,,,2,2,,4\n";

    #[test]
    fn each_rating_policy_picks_its_level_and_empty_cells_are_no_rating() {
        let cat = Catalogue::builtin();
        let read_with = |rating: RatingPolicy| {
            let options = ImportOptions {
                rating,
                ..ImportOptions::default()
            };
            read_csv(RATED.as_bytes(), "r.csv", &cat, &options).expect("a roster")
        };
        for (policy, expected) in [
            (
                RatingPolicy::Manager,
                [
                    "Ada|||||marketing=3 budgeting=2 product-strategy=4",
                    "Bo|||||budgeting=4 product-strategy=2",
                    "Cy|||||marketing=4 product-strategy=2",
                ],
            ),
            (
                RatingPolicy::Own,
                [
                    "Ada|||||marketing=3 budgeting=5 product-strategy=3",
                    "Bo|||||budgeting=1 product-strategy=5",
                    "Cy|||||marketing=4 product-strategy=2",
                ],
            ),
            (
                RatingPolicy::Lowest,
                [
                    "Ada|||||marketing=3 budgeting=2 product-strategy=3",
                    "Bo|||||budgeting=1 product-strategy=2",
                    "Cy|||||marketing=4 product-strategy=2",
                ],
            ),
            (
                RatingPolicy::Mean,
                [
                    "Ada|||||marketing=3 budgeting=3 product-strategy=3",
                    "Bo|||||budgeting=2 product-strategy=3",
                    "Cy|||||marketing=4 product-strategy=2",
                ],
            ),
        ] {
            let imported = read_with(policy);
            let got: Vec<String> = describe(&imported.roster, &cat)
                .into_iter()
                .map(|line| line.replace("|-|", "||"))
                .collect();
            assert_eq!(got, expected, "{policy:?}");
            assert!(imported.roster.has_ratings());
        }
        // Self and manager 2 or more apart, in roster then catalogue order.
        let roster = read_with(RatingPolicy::Manager).roster;
        let gaps: Vec<(String, &str, u8, u8)> = roster
            .calibration()
            .iter()
            .map(|&(p, s, own, manager)| {
                (
                    roster.name(p).to_owned(),
                    cat.skill(s).id.as_str(),
                    own,
                    manager,
                )
            })
            .collect();
        assert_eq!(
            gaps,
            [
                ("Ada".into(), "budgeting", 5, 2),
                ("Bo".into(), "budgeting", 1, 4),
                ("Bo".into(), "product-strategy", 5, 2),
            ]
        );
        // A roster without raters has none of it.
        let plain = read("name,budgeting\nAda,3\n", false)
            .expect("a roster")
            .roster;
        assert!(!plain.has_ratings() && plain.calibration().is_empty());
    }

    #[test]
    fn rater_columns_that_name_no_skill_or_repeat_a_rater_are_errors() {
        check(
            "name,juggling (self),budgeting (manager),Budget control [manager]\nAda,1,2,3\n",
            &[
                "r.csv: line 1: column 'juggling (self)': names the rater 'self', but 'juggling' is no skill of the catalogue",
                "r.csv: line 1: column 'Budget control [manager]': columns 'budgeting (manager)' and 'Budget control [manager]' both give the manager rating of skill 'budgeting'",
            ],
        );
    }

    #[test]
    fn comma_semicolon_and_tab_read_alike() {
        for d in [",", ";", "\t"] {
            let text = [
                "Name,Title,Team,Capacity,Owns,Budgeting,Market research",
                "Ada,CPO,Product,2,cpo.budget,4,3",
            ]
            .join("\n")
            .replace(',', d);
            check(&text, &[ADA]);
        }
    }

    #[test]
    fn bom_crlf_and_aliases() {
        check(
            "\u{feff}Employee Name,Job Title,Department,capacity,OWNS,budget_management,MARKET-ANALYSIS\r\nAda,CPO,Product,2,cpo.budget,proficient,Competent\r\n",
            &[ADA],
        );
    }

    #[test]
    fn skill_columns_in_any_order_with_other_columns_between() {
        check(
            "Market research,notes,name,Budgeting,owns\n3,hello 12,Ada,4,cpo.budget\n,7,Bo,expert,\n",
            &[
                "Ada|||-|cpo.budget|budgeting=4 market-research=3",
                "Bo|||-||budgeting=5",
            ],
        );
    }

    #[test]
    fn level_words_across_more_than_64_columns() {
        let notes: Vec<String> = (0..70).map(|i| format!("note {i}")).collect();
        let header = format!("name,budgeting,{},market research\n", notes.join(","));
        let ada = format!("Ada,expert,{},competent\n", ["x"; 70].join(","));
        check(
            &format!("{header}{ada}"),
            &["Ada|||-||budgeting=5 market-research=3"],
        );
        let bo = format!("Bo,novice,{},wizard\n", ["7"; 70].join(","));
        let error = read(&format!("{header}{ada}{bo}"), false).expect_err("a bad level");
        let error = error.to_string();
        assert!(
            error.contains("line 3: column 'market research'"),
            "{error}"
        );
        assert_eq!(error.lines().count(), 1, "{error}");
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_newlines() {
        check(
            "name,budgeting\n\"Lovelace, Ada \"\"The Countess\"\"\",2\n\"Two\nLines\",1\n",
            &[
                "Lovelace, Ada \"The Countess\"|||-||budgeting=2",
                "Two\nLines|||-||budgeting=1",
            ],
        );
    }

    #[test]
    fn header_only_is_an_empty_roster_and_blank_rows_are_skipped() {
        check("name,budgeting\n", &[]);
        check(
            "name,budgeting\n\n,\nBo,1\n ,  \n",
            &["Bo|||-||budgeting=1"],
        );
        // Delimiters inside quotes are text: the row is not blank.
        check(
            "name,budgeting,team\n\",,\",,\n\";\",,\" \"\n",
            &[",,|||-||", ";|||-||"],
        );
    }

    #[test]
    fn long_form_rows_are_merged() {
        check(
            "name,team,skill,level,owns\nAda,Product,Budgeting,4,cpo.budget\nAda,,market research,competent,\nBo,,budgeting,1,\n",
            &[
                "Ada||Product|-|cpo.budget|budgeting=4 market-research=3",
                "Bo|||-||budgeting=1",
            ],
        );
    }

    #[test]
    fn long_form_conflicts_name_both_lines() {
        check(
            "name,team,skill,level\nAda,Product,budgeting,4\nAda,Sales,budgeting,3\n",
            &[
                "r.csv: line 3: column 'team': team 'Sales' differs from 'Product' on line 2 for 'Ada'",
                "r.csv: line 3: column 'level': level 3 of 'budgeting' differs from 4 on line 2 for 'Ada'",
            ],
        );
    }

    /// One line per person: `label|id|manager label` of a roster read from `text`, or the
    /// error's lines.
    fn people_and_managers(text: &str, strict: bool) -> Vec<String> {
        match read(text, strict) {
            Ok(imported) => {
                let roster = &imported.roster;
                roster
                    .people()
                    .map(|p| {
                        let manager = roster.manager(p).map(|m| roster.label(m).into_owned());
                        format!(
                            "{}|{}|{}",
                            roster.label(p),
                            roster.id(p).unwrap_or("-"),
                            manager.unwrap_or_default()
                        )
                    })
                    .chain(imported.warnings.iter().map(|w| format!("warning: {w}")))
                    .collect()
            }
            Err(e) => e.to_string().lines().map(str::to_owned).collect(),
        }
    }

    const HR: &str = "Employee ID,First Name,Last Name,Known as,Manager,Department,Budgeting\n\
        E3,John,Smith,,E1,Sales,2\n\
        E1,Ada,Lovelace,,,Board,4\n\
        E2,John,Smith,,E1,Product,\n\
        E4,Margaret,Hamilton,Maggie Hamilton,E2,Product,1\n";

    #[test]
    fn hr_exports_read_with_ids_split_names_and_managers() {
        assert_eq!(
            people_and_managers(HR, true),
            [
                "John Smith (E3)|E3|Ada Lovelace",
                "Ada Lovelace|E1|",
                "John Smith (E2)|E2|Ada Lovelace",
                "Maggie Hamilton|E4|John Smith (E2)",
            ]
        );
        // A manager given by name where the roster has ids, when the name is unique.
        let by_name = HR.replace("Maggie Hamilton,E2", "Maggie Hamilton,Ada Lovelace");
        assert_eq!(
            people_and_managers(&by_name, true)[3],
            "Maggie Hamilton|E4|Ada Lovelace"
        );
    }

    #[test]
    fn hr_export_problems_name_their_lines() {
        let error = |text: &str, strict: bool| people_and_managers(text, strict).join("\n");
        assert_eq!(
            error(&HR.replace("E2,John", "E3,John"), false),
            "r.csv: line 4: column 'Employee ID': id 'E3' is already on line 2"
        );
        assert_eq!(
            error(&HR.replace("E2,John", " ,John"), false),
            "r.csv: line 4: column 'Employee ID': id is empty"
        );
        assert_eq!(
            error(
                &HR.replace("E4,Margaret,Hamilton,Maggie Hamilton", "E4,,,"),
                false
            ),
            "r.csv: line 5: column 'First Name': name is empty: no first, last or preferred name"
        );
        assert_eq!(
            error(
                &HR.replace("Maggie Hamilton,E2", "Maggie Hamilton,John Smith"),
                false
            ),
            "r.csv: line 5: column 'Manager': manager 'John Smith' is the name of 2 people (ids E3, E2); give the manager's id"
        );
        assert_eq!(
            error(
                &HR.replace("E1,Ada,Lovelace,,,", "E1,Ada,Lovelace,,E4,"),
                false
            ),
            "r.csv: line 3: column 'Manager': reporting lines go round in a circle: 'Ada Lovelace' (E1) → 'Maggie Hamilton' (E4) → 'John Smith' (E2) → 'Ada Lovelace' (E1)"
        );
        assert_eq!(
            error(&HR.replace("E3,John,Smith,,E1", "E3,John,Smith,,E3"), false),
            "r.csv: line 2: column 'Manager': 'John Smith' (E3) is their own manager"
        );
        // An unknown manager: the person is a top person, with a warning; an error with
        // --strict.
        let unknown = HR.replace(
            "E4,Margaret,Hamilton,Maggie Hamilton,E2",
            "E4,Margaret,Hamilton,Maggie Hamilton,E9",
        );
        assert_eq!(
            people_and_managers(&unknown, false)[3..],
            [
                "Maggie Hamilton|E4|",
                "warning: line 5: manager 'E9' is not on the roster, so the person is taken as a top person"
            ]
        );
        assert_eq!(
            error(&unknown, true),
            "r.csv: line 5: column 'Manager': manager 'E9' is not on the roster"
        );
    }

    #[test]
    fn long_form_with_ids_merges_by_id() {
        let text = "id,name,manager,skill,level\n\
            7,Ann Lee,,budgeting,4\n\
            8,Ann Lee,7,budgeting,2\n\
            7,Ann Lee,,market research,3\n\
            8,Ann Leigh,7,market research,1\n";
        assert_eq!(
            people_and_managers(text, false),
            [
                "r.csv: line 5: column 'name': name 'Ann Leigh' differs from 'Ann Lee' on line 3 for id '8'"
            ]
        );
        let text = text.replace("Ann Leigh", "Ann Lee");
        assert_eq!(
            people_and_managers(&text, false),
            ["Ann Lee (7)|7|", "Ann Lee (8)|8|Ann Lee (7)"]
        );
    }

    #[test]
    fn duplicates_name_both_lines_even_in_other_normal_forms() {
        check(
            "name,budgeting\nZo\u{e9},1\nBo,2\nZoe\u{301},3\n",
            &["r.csv: line 4: column 'name': name 'Zo\u{e9}' is already on line 2"],
        );
    }

    #[test]
    fn every_problem_is_reported_in_line_order() {
        check(
            "name,budgeting,capacity\nAda,7,1\n,1,1\nBo,abc,x\nCy,1\nDee,1,1,extra\n",
            &[
                "r.csv: line 2: column 'budgeting': level '7' is not 0..5 or a level word",
                "r.csv: line 3: column 'name': name is empty",
                "r.csv: line 4: column 'capacity': capacity 'x' is not a whole number ≥ 0",
                "r.csv: line 4: column 'budgeting': level 'abc' is not 0..5 or a level word (none, novice, advanced beginner, competent, proficient, expert)",
                "r.csv: line 5: has 2 fields; the header has 3",
                "r.csv: line 6: has 4 fields; the header has 3",
            ],
        );
    }

    #[test]
    fn line_numbers_hold_for_crlf_and_cr_only() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = ["name,budgeting", "\"A", "B\",1", "", "C,9"].join(ending);
            check(
                &text,
                &["r.csv: line 5: column 'budgeting': level '9' is not 0..5 or a level word"],
            );
        }
    }

    #[test]
    fn unknown_columns_and_owns_warn_or_fail_when_strict() {
        let text = "name,juggling,owns\nAda,3,cpo.nothing\nBo,1,cpo.nothing|cpo.budget\n";
        let imported = read(text, false).unwrap();
        assert_eq!(
            imported.warnings,
            [
                "column 'juggling' matches no skill",
                "no column matches a skill of the catalogue, so every level is 0",
                "line 2 (2 rows): owns 'cpo.nothing', which is not a responsibility of the catalogue"
            ]
        );
        let error = read(text, true).unwrap_err().to_string();
        assert_eq!(
            error,
            "r.csv: line 1: column 'juggling': column 'juggling' matches no skill"
        );
        let error = read("name,owns\nAda,cpo.nothing\n", true)
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "r.csv: line 2: column 'owns': 'cpo.nothing' is not a responsibility of the catalogue"
        );
    }

    #[test]
    fn errors_keep_their_lines_across_many_batches() {
        let mut text = String::from("name,budgeting\r\n");
        for i in 0..5_000 {
            let level = if i == 4_321 || i == 4_999 { "9" } else { "3" };
            text.push_str(&format!("P{i},{level}\r\n"));
        }
        check(
            &text,
            &[
                "r.csv: line 4323: column 'budgeting': level '9' is not 0..5 or a level word",
                "r.csv: line 5001: column 'budgeting': level '9' is not 0..5 or a level word",
            ],
        );
        let fine = text.replace(",9", ",2");
        assert_eq!(read(&fine, false).unwrap().roster.len(), 5_000);
    }

    #[test]
    fn files_that_are_not_csv_text() {
        check(
            "",
            &["r.csv: the file is empty; expected a header row such as 'name,title,team,…'"],
        );
        for blank in ["\n\n", " \n\t \r\n,,\n , \n", "\n\n \n"] {
            check(
                blank,
                &["r.csv: the file holds only blank lines; expected a header row"],
            );
        }
        // Blank lines before the header, with spaces and delimiters, are skipped.
        check("  \n;;\n\nname;budgeting\nBo;2\n", &["Bo|||-||budgeting=2"]);
        check(
            "name\u{0},x\n",
            &["r.csv: line 1: holds a NUL byte: the file is binary, not CSV text"],
        );
    }
}

/// Whatever the bytes, reading gives a roster or a clear error — never a panic.
#[cfg(test)]
pub(crate) mod props {
    use proptest::prelude::*;

    use super::*;
    use orggap_model::Catalogue;

    /// Bytes that look like a roster often enough to reach deep into the importer.
    pub(crate) fn rosterish() -> impl Strategy<Value = Vec<u8>> {
        let pieces = prop_oneof![
            Just(b"name,budgeting,owns,capacity\n".to_vec()),
            Just(b"\"".to_vec()),
            Just(b",".to_vec()),
            Just(b";".to_vec()),
            Just(b"\t".to_vec()),
            Just(b" ".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\r".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"Ada".to_vec()),
            Just(b"expert".to_vec()),
            Just(b"cpo.budget".to_vec()),
            Just(b"7".to_vec()),
            Just(b"3".to_vec()),
            Just(vec![0xe9]),
            Just("\u{feff}".as_bytes().to_vec()),
            proptest::collection::vec(any::<u8>(), 0..8),
        ];
        proptest::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_bytes_give_a_roster_or_a_clear_error(bytes in rosterish(), strict in any::<bool>()) {
            let cat = Catalogue::builtin();
            let options = ImportOptions { strict, ..ImportOptions::default() };
            match read_csv(bytes.as_slice(), "fuzz.csv", &cat, &options) {
                Ok(imported) => prop_assert!(imported.roster.len() <= bytes.len()),
                Err(e) => {
                    let text = e.to_string();
                    prop_assert!(!text.is_empty());
                    for line in text.lines() {
                        prop_assert!(line.starts_with("fuzz.csv: "), "{}", line);
                    }
                }
            }
        }

        #[test]
        fn reading_is_deterministic(bytes in rosterish()) {
            let cat = Catalogue::builtin();
            let options = ImportOptions::default();
            let once = read_csv(bytes.as_slice(), "r.csv", &cat, &options).map(|i| i.roster).map_err(|e| e.to_string());
            let twice = read_csv(bytes.as_slice(), "r.csv", &cat, &options).map(|i| i.roster).map_err(|e| e.to_string());
            prop_assert_eq!(once, twice);
        }
    }
}
