//! Hostile workbooks: each is a few kilobytes, built here part by part, and each used to
//! crash orggap, exhaust its memory or read silently wrong. Now each is a clear error.

use std::io::Write;

use crate::{run, temp_file};

/// An `.xlsx` archive with one sheet (`sheet`: the `<sheetData>` content), the shared
/// strings `strings` and, when `date_style` is set, a cell style 1 that formats dates.
pub(crate) fn xlsx(sheet: &str, strings: &[&str], date_style: bool) -> Vec<u8> {
    let mut parts: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>"#.into(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.into(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>"#
            ),
        ),
    ];
    let items: String = strings
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    parts.push((
        "xl/sharedStrings.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{items}</sst>"#,
            strings.len()
        ),
    ));
    let xfs = if date_style {
        r#"<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>"#
    } else {
        r#"<cellXfs count="1"><xf numFmtId="0"/></cellXfs>"#
    };
    parts.push((
        "xl/styles.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{xfs}</styleSheet>"#
        ),
    ));
    archive(&parts)
}

/// A zip archive of `parts`, deflated.
fn archive(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in parts {
        zip.start_file(*name, options).expect("start a part");
        zip.write_all(text.as_bytes()).expect("write a part");
    }
    zip.finish().expect("finish the archive").into_inner()
}

/// A header row `name, budgeting` (shared strings 0 and 1) and then `rows`.
fn roster_sheet(rows: &str) -> String {
    format!(r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>{rows}"#)
}

/// Runs `check` on a workbook and returns (exit code, standard error).
fn check_workbook(name: &str, bytes: &[u8]) -> (i32, String) {
    let (_dir, path) = temp_file(name, bytes);
    let (code, _, stderr) = run(&["check", &path.display().to_string()]);
    (code, stderr)
}

fn assert_refused(name: &str, bytes: &[u8], expected: &str) {
    let (code, stderr) = check_workbook(name, bytes);
    assert_eq!(code, 2, "{name}: {stderr}");
    assert!(
        stderr.contains(expected),
        "{name}: expected {expected:?} in {stderr:?}"
    );
}

#[test]
fn a_plain_workbook_built_here_reads() {
    let sheet =
        roster_sheet(r#"<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>4</v></c></row>"#);
    let (_dir, path) = temp_file(
        "ok.xlsx",
        &xlsx(&sheet, &["name", "budgeting", "Ada"], false),
    );
    let (code, json) = crate::check_json(&path, &["--fail-on", "never"]);
    assert_eq!(code, 0);
    assert_eq!(json["people"], 1);
}

#[test]
fn dates_that_are_no_dates_are_errors_not_panics() {
    for (serial, shown) in [
        ("1e12", "1e12"),
        ("-1e300", "-1e300"),
        ("inf", "inf"),
        ("NaN", "NaN"),
    ] {
        let sheet = format!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>{serial}</v></c></row>"#
        );
        let bytes = xlsx(&sheet, &["name", "leaves", "Ada"], true);
        assert_refused(
            "dates.xlsx",
            &bytes,
            &format!(
                "sheet 'People': row 2: column B 'leaves': date serial {shown} is no date of the years 1 to 9999"
            ),
        );
    }
}

#[test]
fn cells_outside_the_grid_or_far_apart_cost_nothing() {
    let far = roster_sheet(r#"<row r="4294967295"><c r="A4294967295"><v>1</v></c></row>"#);
    assert_refused(
        "far.xlsx",
        &xlsx(&far, &["name", "budgeting"], false),
        "row '4294967295' is outside the sheet (rows 1 to 1048576)",
    );
    let beyond = roster_sheet(r#"<row r="3"><c r="XFE3"><v>1</v></c></row>"#);
    assert_refused(
        "beyond.xlsx",
        &xlsx(&beyond, &["name", "budgeting"], false),
        "cell 'XFE3' is outside the sheet",
    );
    // A1 and XFD1048576: the corners of Excel's grid, streamed, never a grid in memory.
    let corners = roster_sheet(
        r#"<row r="2"><c r="A2" t="s"><v>2</v></c></row><row r="1048576"><c r="XFD1048576"><v>3</v></c></row>"#,
    );
    assert_refused(
        "corners.xlsx",
        &xlsx(&corners, &["name", "budgeting", "Ada"], false),
        "sheet 'People': row 1048576: has 16384 fields; the header has 2",
    );
}

#[test]
fn formulas_without_a_value_are_named_with_their_cell() {
    let sheet = roster_sheet(
        r#"<row r="2"><c r="A2"><f>CONCAT("A","da")</f></c><c r="B2"><v>3</v></c></row><row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><f>1+2</f></c></row><row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4"><f>1+2</f><v>3</v></c></row>"#,
    );
    let bytes = xlsx(&sheet, &["name", "budgeting", "Bo", "Cy"], false);
    let (code, stderr) = check_workbook("formulas.xlsx", &bytes);
    assert_eq!(code, 2, "{stderr}");
    for expected in [
        "sheet 'People': row 2: column A 'name': holds the formula '=CONCAT(\"A\",\"da\")' but no computed value",
        "sheet 'People': row 3: column B 'budgeting': holds the formula '=1+2' but no computed value",
        "open it in a spreadsheet and save it again",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in {stderr}");
    }
    assert!(
        !stderr.contains("row 4"),
        "a formula with its value reads: {stderr}"
    );
}

#[test]
fn shared_string_indices_outside_the_table_are_damage() {
    for index in ["-1", "1e20", "3", "0x1"] {
        let sheet = roster_sheet(&format!(
            r#"<row r="2"><c r="A2" t="s"><v>{index}</v></c><c r="B2"><v>1</v></c></row>"#
        ));
        let expected = format!(
            "sheet 'People': cell A2: shared string {index} is not in the workbook's table of 3 strings; the file is damaged"
        );
        assert_refused(
            "strings.xlsx",
            &xlsx(&sheet, &["name", "budgeting", "Ada"], false),
            &expected,
        );
    }
}

#[test]
fn parts_past_a_limit_are_refused_before_they_are_read() {
    // A name of 2 MiB: no roster cell is that long.
    let long = "x".repeat(2 << 20);
    let sheet = roster_sheet(r#"<row r="2"><c r="A2" t="s"><v>2</v></c></row>"#);
    assert_refused(
        "long.xlsx",
        &xlsx(&sheet, &["name", "budgeting", &long], false),
        "part 'xl/sharedStrings.xml' holds a text of more than 1 MiB",
    );
    // A table that declares a billion strings: calamine would set memory aside for them.
    let mut bytes = xlsx(&sheet, &["name", "budgeting", "Ada"], false);
    let declared = archive(&[]);
    assert!(declared.len() < bytes.len());
    let parts = unzip(&bytes)
        .into_iter()
        .map(|(name, text)| {
            let text = text.replace("uniqueCount=\"3\"", "uniqueCount=\"1000000000\"");
            (name, text)
        })
        .collect::<Vec<_>>();
    let borrowed: Vec<(&str, String)> =
        parts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    bytes = archive(&borrowed);
    assert_refused(
        "declared.xlsx",
        &bytes,
        "part 'xl/sharedStrings.xml' declares 1000000000 shared strings but holds 3",
    );
}

/// Every part of an archive with its text.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an archive");
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).expect("a part");
            let mut text = String::new();
            std::io::Read::read_to_string(&mut part, &mut text).expect("text");
            (part.name().expect("a name").into_owned(), text)
        })
        .collect()
}

/// An `.ods` document whose one table has `rows` (the `<table:table-row>` elements).
fn ods(rows: &str) -> Vec<u8> {
    archive(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet".into()),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.into(),
        ),
        (
            "content.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="People"><table:table-row><table:table-cell office:value-type="string"><text:p>name</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>budgeting</text:p></table:table-cell></table:table-row>{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
            ),
        ),
    ])
}

#[test]
fn an_ods_that_repeats_a_cell_millions_of_times_is_refused_for_what_it_is() {
    let plain = ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Ada</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell></table:table-row>"#,
    );
    let (_dir, path) = temp_file("plain.ods", &plain);
    let (code, json) = crate::check_json(&path, &["--fail-on", "never"]);
    assert_eq!((code, json["people"].as_u64()), (0, Some(1)));
    let repeated = ods(
        r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="100"><text:p>1</text:p></table:table-cell></table:table-row>"#,
    );
    assert_refused(
        "repeated.ods",
        &repeated,
        "sheet 'People' expands to more than 4000000 cells; orggap reads at most that many from an .ods workbook",
    );
    let formula = ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Ada</text:p></table:table-cell><table:table-cell table:formula="of:=[.A1]+1"/></table:table-row>"#,
    );
    assert_refused(
        "formula.ods",
        &formula,
        "sheet 'People': row 2: column B 'budgeting': holds the formula '=[.A1]+1' but no computed value",
    );
}

#[test]
fn other_spreadsheet_formats_are_named() {
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend_from_slice(&[0; 504]);
    assert_refused(
        "old.xls",
        &xls,
        "old .xls workbooks are not read; save it as .xlsx",
    );
    let xlsb = archive(&[("xl/workbook.bin", "binary".into())]);
    assert_refused("binary.xlsb", &xlsb, "binary .xlsb workbooks are not read");
    assert_refused(
        "text.xlsx",
        b"name,budgeting\n",
        "not a readable .xlsx or .ods workbook",
    );
}

#[test]
fn a_librarys_message_never_breaks_the_one_line_per_problem_rule() {
    // quick-xml quotes the mismatched tag, line break and all (found by the fuzzer).
    let broken = ods("<table:table-row><table:table-cell></table:table-ce\nll></table:table-row>");
    let (code, stderr) = check_workbook("broken.ods", &broken);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is not well-formed XML"), "{stderr}");
    assert!(stderr.contains("\\u{a}"), "{stderr}");
}

#[test]
fn a_workbook_part_at_the_top_of_the_archive_is_no_panic() {
    // Found by the fuzzer: the main part named without a folder.
    let sheet =
        roster_sheet(r#"<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>4</v></c></row>"#);
    let parts: Vec<(String, String)> = unzip(&xlsx(&sheet, &["name", "budgeting", "Ada"], false))
        .into_iter()
        .map(|(name, text)| match name.as_str() {
            "_rels/.rels" => (
                name,
                text.replace("Target=\"xl/workbook.xml\"", "Target=\"workbook.xml\""),
            ),
            "xl/workbook.xml" => ("workbook.xml".to_owned(), text),
            "xl/_rels/workbook.xml.rels" => (
                "_rels/workbook.xml.rels".to_owned(),
                text.replace("worksheets/", "xl/worksheets/")
                    .replace("\"sharedStrings.xml", "\"xl/sharedStrings.xml")
                    .replace("\"styles.xml", "\"xl/styles.xml"),
            ),
            _ => (name, text),
        })
        .collect();
    let borrowed: Vec<(&str, String)> =
        parts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let (code, stderr) = check_workbook("top.xlsx", &archive(&borrowed));
    assert!(code == 1 || code == 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // And named by nothing at all.
    let empty: Vec<(&str, String)> = borrowed
        .iter()
        .map(|(n, t)| (*n, t.replace("Target=\"workbook.xml\"", "Target=\"\"")))
        .collect();
    assert_refused("empty.xlsx", &archive(&empty), "part '' cannot be read");
}

#[test]
fn title_rows_above_the_header_are_skipped_and_inspect_says_so() {
    // Row 1 a title, row 2 a date, row 3 blank (no cells), row 4 the header.
    let sheet = r#"<row r="1"><c r="A1" t="s"><v>3</v></c></row><row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>46000</v></c></row><row r="4"><c r="A4" t="s"><v>0</v></c><c r="B4" t="s"><v>1</v></c></row><row r="5"><c r="A5" t="s"><v>2</v></c><c r="B5"><v>4</v></c></row><row r="6"><c r="A6" t="s"><v>5</v></c><c r="B6"><v>x</v></c></row>"#;
    let strings = [
        "name",
        "budgeting",
        "Ada",
        "Skills export",
        "Exported on",
        "Bo",
    ];
    let (_dir, path) = temp_file("titled.xlsx", &xlsx(sheet, &strings, false));
    let path = path.display().to_string();
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("sheet 'People': row 6: column B 'budgeting': level 'x'"),
        "rows keep their numbers: {stderr}"
    );
    let (_dir2, fixed) = temp_file(
        "titled.xlsx",
        &xlsx(&sheet.replace("<v>x</v>", "<v>2</v>"), &strings, false),
    );
    let (_, json) = crate::check_json(&fixed, &[]);
    assert_eq!(json["people"], 2);
    let (code, out, _) = run(&["inspect", &fixed.display().to_string()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("header on row 4: 2 rows above it skipped"),
        "{out}"
    );
    // --header-row names a row that is not the header: its problems are the header's.
    let (code, _, stderr) = run(&["check", &fixed.display().to_string(), "--header-row", "2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no name column"), "{stderr}");
}

#[test]
fn title_lines_above_a_csv_header_are_skipped() {
    let csv = "Employee skills export\nGenerated on 2026-11-30;;;\n\n\
               Name;Title;Budget control;Business acumen\nAda;CFO;4;3\nBo;Analyst;2;x\n";
    let (_dir, path) = temp_file("titled.csv", csv.as_bytes());
    let path = path.display().to_string();
    let (code, _, stderr) = run(&["check", &path]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("line 6: column 'Business acumen': level 'x'"),
        "lines keep their numbers: {stderr}"
    );
    let fixed = csv.replace(";x\n", ";2\n");
    let (_dir, path) = temp_file("titled.csv", fixed.as_bytes());
    let (_, json) = crate::check_json(&path, &[]);
    assert_eq!(json["people"], 2);
    let (_, out, _) = run(&["inspect", &path.display().to_string()]);
    assert!(
        out.contains("delimiter ';'"),
        "found on the header line: {out}"
    );
    assert!(
        out.contains("header on row 4: 2 rows above it skipped"),
        "{out}"
    );
    let (_, json) = crate::check_json(&path, &["--header-row", "4"]);
    assert_eq!(json["people"], 2);
}
