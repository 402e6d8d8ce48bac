//! `report.xlsx` and the single-sheet workbooks of `--format xlsx`: the analysis as a manager
//! opens, filters and prints it.
//!
//! Every table sheet has a frozen, filtered header row and prints on A4 landscape, one page
//! wide, the header repeated on every page. Duties are named by title (the id in a column of
//! its own), one plan step is one row, a level 0 is a blank cell and an unknown level the
//! word `unknown`. Every cell holding text from the roster or the catalogue is written as a
//! string, never as a formula, whatever it starts with (`=HYPERLINK(…)` stays text); counts
//! are numbers. The document's creation time is fixed, so the same input gives the same
//! bytes.

mod people;
mod sheets;
mod template;

use orggap_analysis::Status;
use orggap_model::Catalogue;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

pub use people::{PEOPLE_LISTED, PeopleTable, PersonRow};
pub use template::{render_template, render_template_csv, template_header, template_skills};

use crate::charts::Heatmap;
use crate::html::FullReport;
use crate::{AssignReport, CheckReport, ImpactReport, PlanReport, palette};

/// Excel's longest cell text, in UTF-16 code units.
const MAX_CELL: usize = 32_767;

/// The most data rows a sheet holds: Excel's 1,048,576 rows, less the header and a note.
const MAX_DATA_ROWS: usize = 1_048_576 - 2;

/// A workbook could not be made (a limit of the format, such as a sheet's size).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the workbook: {0}")]
pub struct WorkbookError(#[from] XlsxError);

/// One table of a command, for `--format xlsx`.
#[derive(Clone, Copy, Debug)]
pub enum Table<'a> {
    /// `check`: the duties.
    Check(&'a CheckReport),
    /// `assign`: the owners and each person's load.
    Assign(&'a AssignReport),
    /// `impact`: the departures.
    Impact(&'a ImpactReport),
    /// `plan`: training and hiring.
    Plan(&'a PlanReport),
}

/// The whole report as a workbook: Summary, People, Duties, Skills, Owners, Plan and
/// Departures. `skills` is the skills grid (people, or teams on a large roster), `people` the
/// People sheet's rows.
pub fn render_workbook(
    full: &FullReport<'_>,
    skills: &Heatmap,
    people: &PeopleTable,
) -> Result<Vec<u8>, WorkbookError> {
    let mut book = new_workbook();
    let styles = Styles::new();
    let catalogue = full.catalogue;
    sheets::summary(book.add_worksheet(), &styles, full)?;
    // The longest sheet (up to 50,000 rows) is written a row at a time, each row flushed to
    // an unnamed temporary file as the next begins, instead of kept as a table of cells
    // (the same workbook; without a writable temporary folder, kept in memory after all).
    if book.add_worksheet_with_low_memory().is_err() {
        book.add_worksheet();
    }
    people::sheet(book.worksheet_from_index(1)?, &styles, people)?;
    sheets::duties(book.add_worksheet(), &styles, full.check)?;
    sheets::skills(book.add_worksheet(), &styles, skills)?;
    sheets::owners(book.add_worksheet(), &styles, catalogue, full.assign)?;
    sheets::plan(book.add_worksheet(), &styles, catalogue, full.plan)?;
    sheets::departures(
        book.add_worksheet(),
        &styles,
        catalogue,
        &full.impact.departures,
        MAX_DATA_ROWS,
    )?;
    Ok(book.save_to_buffer()?)
}

/// One command's table as a workbook of one sheet; `catalogue` names the duties.
pub fn render_table_workbook(
    table: Table<'_>,
    catalogue: &Catalogue,
) -> Result<Vec<u8>, WorkbookError> {
    let mut book = new_workbook();
    let styles = Styles::new();
    let sheet = book.add_worksheet();
    match table {
        Table::Check(check) => sheets::duties(sheet, &styles, check)?,
        Table::Assign(assign) => sheets::owners(sheet, &styles, catalogue, assign)?,
        Table::Impact(impact) => {
            let departures = &impact.departures;
            sheets::departures(sheet, &styles, catalogue, departures, MAX_DATA_ROWS)?;
        }
        Table::Plan(plan) => sheets::plan(sheet, &styles, catalogue, plan)?,
    }
    Ok(book.save_to_buffer()?)
}

fn new_workbook() -> Workbook {
    let mut book = Workbook::new();
    // A fixed creation time: the same input, the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).expect("a valid date");
    let properties = DocProperties::new()
        .set_creation_datetime(&created)
        .set_title("orggap report");
    book.set_properties(&properties);
    book
}

/// The formats shared by the sheets.
struct Styles {
    header: Format,
    title: Format,
    /// Text that wraps, aligned to the top (long lists of names).
    wrap: Format,
    /// Every other cell of a table: aligned to the top, as a wrapped neighbour is.
    top: Format,
    /// `unknown` in the Skills sheet: grey and italic, so it reads apart from a level.
    unknown: Format,
    /// Indexed by [`Status`] (its declaration order).
    status: [Format; 5],
}

impl Styles {
    fn new() -> Styles {
        let fill = |hex: &str| {
            let rgb = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
            Format::new()
                .set_background_color(Color::RGB(rgb))
                .set_font_color(Color::White)
                .set_bold()
                .set_align(FormatAlign::Top)
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xF2F2F2))
                .set_align(FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(14),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            top: Format::new().set_align(FormatAlign::Top),
            unknown: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x767676))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            status: [
                fill(palette::GAP),
                fill(palette::AT_RISK),
                fill(palette::COVERED),
                fill(palette::ACCEPTED),
                fill(palette::UNASSESSED).set_font_color(Color::Black),
            ],
        }
    }

    fn status(&self, status: Status) -> &Format {
        &self.status[status as usize]
    }
}

/// One cell of a table row.
enum Cell {
    /// Text from the roster or the catalogue: always a string cell.
    Text(String),
    /// Long text (lists of names or duties): wraps.
    Long(String),
    /// A count or a level.
    Number(f64),
    /// A status, in its colour.
    Status(Status),
    /// An unknown level.
    Unknown,
    /// Nothing (a level 0, a hire's level now).
    Blank,
}

/// Writes a table sheet named `name`: the header row (`columns`: each name and width in
/// characters) (frozen, filtered, repeated on every
/// printed page), then `rows` (at most [`MAX_DATA_ROWS`]; a note below says how many `what`
/// more there are), then the page set up to print one page wide.
fn table(
    sheet: &mut Worksheet,
    styles: &Styles,
    name: &str,
    columns: &[(impl AsRef<str>, f64)],
    rows: impl ExactSizeIterator<Item = Vec<Cell>>,
    what: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    for (i, (name, width)) in columns.iter().enumerate() {
        let col = i as u16;
        text_with(sheet, 0, col, name.as_ref(), &styles.header)?;
        sheet.set_column_width(col, *width)?;
    }
    let total = rows.len();
    let mut written = 0u32;
    for cells in rows.take(MAX_DATA_ROWS) {
        written += 1;
        // Wrapped text needs a taller row: a spreadsheet that does not fit rows on opening
        // (LibreOffice printing to PDF) would draw the lines over the next row.
        let lines = cells
            .iter()
            .zip(columns)
            .map(|(cell, (_, width))| match cell {
                Cell::Long(text) => wrapped_lines(text, *width),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(written, ROW_HEIGHT * lines as f64)?;
        }
        for (col, cell) in cells.into_iter().enumerate() {
            write(sheet, styles, written, col as u16, cell)?;
        }
    }
    let more = total - written as usize;
    if more > 0 {
        let note = format!(
            "… and {more} more {what}: a sheet holds at most 1,048,576 rows (the JSON output lists them all)"
        );
        text(sheet, written + 1, 0, &note)?;
    }
    let last = columns.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, written.max(1), last)?;
    print_setup(sheet)?;
    Ok(())
}

/// The height of one line of text in a row, in points (the default row's).
const ROW_HEIGHT: f64 = 15.0;

/// How many lines `text` wraps to in a column `width` characters wide, at most 20 (a row
/// taller than that is cut; the cell keeps all of its text).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width * 1.1).max(1.0) as usize;
    let mut lines = 0;
    for paragraph in text.split('\n') {
        lines += paragraph.chars().count().div_ceil(per_line).max(1);
    }
    lines.min(20)
}

/// A4 landscape, one page wide (as many pages tall as it takes), the header row on every
/// page.
fn print_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

fn write(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: u16,
    cell: Cell,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(value) => text_with(sheet, row, col, &value, &styles.top),
        Cell::Long(value) => text_with(sheet, row, col, &value, &styles.wrap),
        Cell::Number(value) => {
            sheet.write_number_with_format(row, col, value, &styles.top)?;
            Ok(())
        }
        Cell::Status(status) => {
            let word = status.as_str();
            text_with(sheet, row, col, word, styles.status(status))
        }
        Cell::Unknown => text_with(sheet, row, col, "unknown", &styles.unknown),
        Cell::Blank => Ok(()),
    }
}

/// Text as a string cell (never a formula), cut to Excel's longest cell.
fn text(sheet: &mut Worksheet, row: u32, col: u16, value: &str) -> Result<(), XlsxError> {
    sheet.write_string(row, col, fit(value))?;
    Ok(())
}

fn text_with(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, col, fit(value), format)?;
    Ok(())
}

/// At most [`MAX_CELL`] UTF-16 code units, cut at a character, with an ellipsis when cut.
fn fit(value: &str) -> String {
    let mut units = 0;
    for (at, c) in value.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL - 1 {
            return format!("{}…", &value[..at]);
        }
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_past_its_rows_keeps_the_first_and_says_how_many_more() {
        use orggap_model::{PersonFields, Roster};
        let mut roster = Roster::new(0);
        let departures: Vec<crate::impact_out::DepartureOut> = (0..5)
            .map(|i| {
                let name = format!("P{i}");
                let p = roster.add_person(PersonFields {
                    name: &name,
                    ..PersonFields::default()
                });
                crate::impact_out::DepartureOut {
                    person: crate::Person::of(&roster, p),
                    new_gaps: vec!["cpo.budget".into()],
                    new_at_risk: Vec::new(),
                }
            })
            .collect();
        let catalogue = Catalogue::builtin();
        let mut book = new_workbook();
        let styles = Styles::new();
        let sheet = book.add_worksheet();
        sheets::departures(sheet, &styles, &catalogue, &departures, 3).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let mut read: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = calamine::Reader::worksheet_range(&mut read, "Departures").unwrap();
        let first: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
        assert_eq!(first[..4], ["Person", "P0", "P1", "P2"]);
        assert!(
            first[4].starts_with("… and 2 more people whose departure matters"),
            "{first:?}"
        );
        assert_eq!(first.len(), 5);
        // Duties by title.
        let row: Vec<String> = range
            .rows()
            .nth(1)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(row[2], "Control the product budget and spending");
    }

    #[test]
    fn wrapped_text_is_given_the_lines_it_needs_within_a_bound() {
        assert_eq!(wrapped_lines("short", 30.0), 1);
        assert_eq!(wrapped_lines(&"x".repeat(34), 30.0), 2);
        assert_eq!(wrapped_lines("a\nb\nc", 30.0), 3);
        assert_eq!(wrapped_lines(&"x".repeat(100_000), 30.0), 20);
    }

    #[test]
    fn long_text_is_cut_to_excels_longest_cell_at_a_character() {
        let long = "é".repeat(40_000);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL);
        assert!(cut.ends_with('…'));
        assert_eq!(fit("=HYPERLINK(\"x\")"), "=HYPERLINK(\"x\")");
    }
}
