//! Every bad input gets a clear answer: exit status 2 and a message naming the file, the
//! line and the column, what was found and what was expected — never a panic (101).

use serde_json::json;

use crate::{check_json, duty, repo, run, temp_file};

/// (file under tests/data/bad, extra flags, the parts the message must have)
const CASES: &[(&str, &[&str], &[&str])] = &[
    (
        "empty.csv",
        &[],
        &["empty.csv: the file is empty; expected a header row"],
    ),
    (
        "no-name-column.csv",
        &[],
        &["no-name-column.csv: line 1: no name column; expected one of 'name'"],
    ),
    (
        "duplicate-names.csv",
        &[],
        &["duplicate-names.csv: line 4: column 'name': name 'Ada' is already on line 2"],
    ),
    (
        "level-6.csv",
        &[],
        &["level-6.csv: line 2: column 'budgeting': level '6' is not 0..5 or a level word"],
    ),
    (
        "level-minus-1.csv",
        &[],
        &["line 2: column 'budgeting': level '-1' is not a whole number 0..5"],
    ),
    (
        "level-3.5.csv",
        &[],
        &["line 2: column 'budgeting': level '3.5' is not a whole number 0..5"],
    ),
    (
        "level-abc.csv",
        &[],
        &["line 2: column 'budgeting': level 'abc' is not 0..5 or a level word (none, novice"],
    ),
    (
        "level-arabic-indic.csv",
        &[],
        &["line 2: column 'budgeting': level '\u{663}' is not 0..5"],
    ),
    (
        "more-fields.csv",
        &[],
        &["more-fields.csv: line 2: has 4 fields; the header has 3"],
    ),
    (
        "fewer-fields.csv",
        &[],
        &["fewer-fields.csv: line 2: has 2 fields; the header has 3"],
    ),
    (
        "truncated-last-line.csv",
        &[],
        &["line 3: has 2 fields; the header has 3"],
    ),
    (
        "windows-1252.csv",
        &[],
        &[
            "windows-1252.csv: line 2: column 'name': is not valid UTF-8",
            "try --encoding windows-1252",
        ],
    ),
    (
        "unterminated-quote.csv",
        &[],
        &["line 3: a quoted field that starts in this record is never closed"],
    ),
    (
        "nul-byte.csv",
        &[],
        &["nul-byte.csv: line 2: holds a NUL byte: the file is binary, not CSV text"],
    ),
    (
        "binary.csv",
        &[],
        &["binary.csv: line 3: holds a NUL byte: the file is binary"],
    ),
    (
        "utf-32.csv",
        &[],
        &["utf-32.csv: the file is UTF-32, which orggap does not read; save it as UTF-8"],
    ),
    (
        "blank-lines-only.csv",
        &[],
        &["blank-lines-only.csv: the file holds only blank lines; expected a header row"],
    ),
    (
        "capacity-too-large.csv",
        &[],
        &[
            "line 2: column 'capacity': capacity '4294967296' is too large; at most 4294967295",
            "line 3: column 'capacity': capacity '123456789012345678901234567890' is too large",
        ],
    ),
    (
        "two-columns-one-skill.csv",
        &[],
        &[
            "line 1: column 'finance': columns 'Budget control' and 'finance' both match skill 'budgeting'",
        ],
    ),
    (
        "owns-unknown.csv",
        &["--strict"],
        &["line 2: column 'owns': 'cpo.nothing' is not a responsibility of the catalogue"],
    ),
    (
        "capacity-not-whole.csv",
        &[],
        &["line 2: column 'capacity': capacity '2.5' is not a whole number ≥ 0"],
    ),
    (
        "utf-16.csv",
        &[],
        &["utf-16.csv: the file is UTF-16", "--encoding utf-16"],
    ),
    (
        "cr-only.csv",
        &[],
        &["cr-only.csv: line 3: column 'budgeting': level '9'"],
    ),
    (
        "crlf.csv",
        &[],
        &["crlf.csv: line 3: column 'budgeting': level '9'"],
    ),
    (
        "nfc-nfd.csv",
        &[],
        &["nfc-nfd.csv: line 3: column 'name': name 'Zo\u{eb}' is already on line 2"],
    ),
];

#[test]
fn every_bad_roster_exits_2_with_a_message_naming_file_line_and_column() {
    for (file, flags, parts) in CASES {
        let path = repo("tests/data/bad").join(file).display().to_string();
        let mut args = vec!["check", path.as_str()];
        args.extend_from_slice(flags);
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{file}: exit {code}, stderr: {stderr}");
        assert!(stdout.is_empty(), "{file}: a bad roster prints no report");
        assert!(stderr.starts_with("orggap: "), "{file}: {stderr}");
        for part in *parts {
            assert!(
                stderr.contains(part),
                "{file}: expected {part:?} in {stderr:?}"
            );
        }
    }
}

#[test]
fn valid_but_unusual_files_are_read_as_documented() {
    // Header only: zero people, every duty a gap.
    let (code, json) = check_json(&repo("tests/data/bad/header-only.csv"), &[]);
    assert_eq!((code, json["people"].clone()), (1, json!(0)));
    // N/A is 0; " 3 ", "03" and "3.0" are 3.
    let (_, json) = check_json(
        &repo("tests/data/bad/level-forms.csv"),
        &["--max-names", "5"],
    );
    assert_eq!(
        duty(&json, "cpo.product-strategy")["nearest"][0],
        json!({"person": "Ada", "shortfall": 1 + 1})
    );
    // A quote inside an unquoted field is kept as written.
    let (_, json) = check_json(&repo("tests/data/bad/quote-in-unquoted.csv"), &[]);
    assert_eq!(json["roles"][0]["candidates"], json!([]));
    let (_, text, _) = run(&[
        "check",
        "tests/data/bad/quote-in-unquoted.csv",
        "--format",
        "csv",
    ]);
    assert!(text.contains("Bob \"\"the builder\"\" Li"), "{text}");
    // Unknown owns ids are a warning without --strict.
    let (_, json) = check_json(&repo("tests/data/bad/owns-unknown.csv"), &[]);
    assert_eq!(
        json["warnings"],
        json!(["line 2: owns 'cpo.nothing', which is not a responsibility of the catalogue"])
    );
    assert_eq!(duty(&json, "cpo.budget")["owners"], json!(["Ada"]));
}

#[test]
fn other_encodings_are_read_when_named() {
    let (_, json) = check_json(
        &repo("tests/data/bad/windows-1252.csv"),
        &["--encoding", "windows-1252", "--max-names", "5"],
    );
    assert_eq!(json["people"], 2);
    // cpo.budget asks budgeting 4 and business acumen 3 (no column): Zoë (4) could
    // qualify, Renée (3) is ruled out.
    assert_eq!(duty(&json, "cpo.budget")["unassessed"], json!(["Zo\u{eb}"]));
    assert_eq!(
        duty(&json, "cpo.product-strategy")["status"],
        "unassessed",
        "no column gives product strategy"
    );
    assert_eq!(
        duty(&json, "pm.product-lifecycle")["unassessed"],
        json!(["Ren\u{e9}e", "Zo\u{eb}"])
    );
    let (_, json) = check_json(
        &repo("tests/data/bad/windows-1252.csv"),
        &["--encoding", "latin1"],
    );
    assert_eq!(json["people"], 2);
    let (_, json) = check_json(
        &repo("tests/data/bad/utf-16.csv"),
        &["--encoding", "utf-16"],
    );
    assert_eq!(json["people"], 1);
    let (code, _, stderr) = run(&["check", "data/example-roster.csv", "--encoding", "klingon"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown encoding 'klingon'"), "{stderr}");
}

#[test]
fn invisible_characters_in_names_are_shown_escaped_in_the_terminal() {
    let (_, text, _) = run(&["check", "tests/data/bad/invisible-names.csv"]);
    assert!(text.contains("Eve\\u{202e}liM"), "{text}");
    assert!(text.contains("Zero\\u{200b}Width"), "{text}");
    assert!(
        !text.contains('\u{202e}'),
        "no raw bidi override reaches the terminal"
    );
    let (_, json) = check_json(&repo("tests/data/bad/invisible-names.csv"), &[]);
    assert_eq!(
        duty(&json, "cpo.budget")["qualified"][0],
        "Eve\u{202e}liM",
        "data keeps the name as written"
    );
}

#[test]
fn a_ten_megabyte_field_is_refused() {
    let mut text = b"name,budgeting\n\"".to_vec();
    text.extend(std::iter::repeat_n(b'x', 10 << 20));
    text.extend_from_slice(b"\",3\n");
    let (_dir, path) = temp_file("huge.csv", &text);
    let (code, _, stderr) = run(&["check", &path.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("huge.csv: line 2: a record is longer than 1 MiB"),
        "{stderr}"
    );
}

#[test]
fn paths_that_are_not_readable_files() {
    let (code, _, stderr) = run(&["check", "tests/data/bad"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("tests/data/bad: is a directory, not a roster file"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["check", "tests/data/bad/no-such.csv"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no-such.csv: cannot read: No such file or directory"),
        "{stderr}"
    );
    // A file that opens but cannot be read (even by root): the kernel refuses reads at 0.
    if cfg!(target_os = "linux") {
        let (code, _, stderr) = run(&["check", "/proc/self/mem"]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("/proc/self/mem: cannot read: Input/output error"),
            "{stderr}"
        );
        assert_eq!(
            stderr.matches("Input/output error").count(),
            1,
            "the cause is said once: {stderr}"
        );
    }
}

/// (file under tests/data/bad-catalogue, the message parts)
const CATALOGUES: &[(&str, &[&str])] = &[
    (
        "syntax.toml",
        &["syntax.toml: line 9: not a valid catalogue"],
    ),
    (
        "unknown-skill.toml",
        &["unknown-skill.toml: line 10: responsibility 'r.x': requires unknown skill 'b'"],
    ),
    (
        "unknown-role.toml",
        &[
            "unknown-role.toml: line 10: responsibility 'r.x': role 'q' is not a role of the catalogue",
        ],
    ),
    (
        "duplicate-id.toml",
        &["duplicate-id.toml: line 15: responsibility 'r.x': id is used twice"],
    ),
    (
        "level-out-of-range.toml",
        &["line 10: responsibility 'r.x': level 9 for skill 'a' is not a whole number 0..5"],
    ),
    (
        "overlaps-nothing.toml",
        &[
            "line 10: responsibility 'r.x': overlaps 's.y', which is not a responsibility of the catalogue",
        ],
    ),
    (
        "no-responsibilities.toml",
        &[
            "no-responsibilities.toml: the catalogue has no responsibilities; expected at least one [[responsibilities]] entry",
        ],
    ),
    (
        "roster-field-names.toml",
        &[
            "roster-field-names.toml: line 6: skill 'owns': 'owns' is the header of the roster's owns column, so no column could ever be read as this skill",
            "roster-field-names.toml: line 6: skill 'owns': 'Job Title' is the header of the roster's title column",
            "roster-field-names.toml: line 15: responsibility 'r.x': min_owners 99999999999 is too large; at most 4294967295",
        ],
    ),
];

#[test]
fn every_bad_catalogue_exits_2_naming_file_line_and_entry() {
    for (file, parts) in CATALOGUES {
        let path = repo("tests/data/bad-catalogue")
            .join(file)
            .display()
            .to_string();
        let (code, _, stderr) = run(&["check", "data/example-roster.csv", "--catalogue", &path]);
        assert_eq!(code, 2, "{file}: {stderr}");
        for part in *parts {
            assert!(
                stderr.contains(part),
                "{file}: expected {part:?} in {stderr:?}"
            );
        }
    }
}
