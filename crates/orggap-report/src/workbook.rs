//! `report.xlsx` and the single-sheet workbooks of `--format xlsx`: the analysis as a manager
//! opens it in a spreadsheet.
//!
//! Every cell holding text from the roster or the catalogue is written as a string, never as
//! a formula, whatever it starts with (`=HYPERLINK(…)` stays text); counts are numbers.
//! The document's creation time is fixed, so the same input gives the same bytes.

use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties, ExcelDateTime,
    Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::charts::Heatmap;
use crate::html::FullReport;
use crate::{AssignReport, CheckReport, ImpactReport, PlanReport, palette};
use orggap_analysis::Status;

/// Excel's longest cell text, in UTF-16 code units.
const MAX_CELL: usize = 32_767;

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

/// The whole report as a workbook: Summary, Duties, Skills, Owners, Plan and Departures.
/// `skills` is the heatmap's grid (people, or teams on a large roster).
pub fn render_workbook(full: &FullReport<'_>, skills: &Heatmap) -> Result<Vec<u8>, WorkbookError> {
    let mut book = new_workbook();
    let styles = Styles::new();
    summary_sheet(book.add_worksheet(), &styles, full)?;
    duties_sheet(book.add_worksheet(), &styles, full.check)?;
    skills_sheet(book.add_worksheet(), &styles, skills)?;
    owners_sheet(book.add_worksheet(), &styles, full.assign)?;
    plan_sheet(book.add_worksheet(), &styles, full.plan)?;
    departures_sheet(
        book.add_worksheet(),
        &styles,
        &full.impact.departures,
        MAX_DATA_ROWS,
    )?;
    Ok(book.save_to_buffer()?)
}

/// One command's table as a workbook of one sheet.
pub fn render_table_workbook(table: Table<'_>) -> Result<Vec<u8>, WorkbookError> {
    let mut book = new_workbook();
    let styles = Styles::new();
    let sheet = book.add_worksheet();
    match table {
        Table::Check(check) => duties_sheet(sheet, &styles, check)?,
        Table::Assign(assign) => owners_sheet(sheet, &styles, assign)?,
        Table::Impact(impact) => {
            departures_sheet(sheet, &styles, &impact.departures, MAX_DATA_ROWS)?;
        }
        Table::Plan(plan) => plan_sheet(sheet, &styles, plan)?,
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
    wrap: Format,
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
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xF2F2F2))
                .set_align(FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(14),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
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

fn number(sheet: &mut Worksheet, row: u32, col: u16, value: f64) -> Result<(), XlsxError> {
    sheet.write_number(row, col, value)?;
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

/// The header row, frozen, with column widths; an autofilter over `rows` data rows.
fn header(
    sheet: &mut Worksheet,
    styles: &Styles,
    row: u32,
    columns: &[(&str, f64)],
    rows: u32,
) -> Result<(), XlsxError> {
    for (i, &(name, width)) in columns.iter().enumerate() {
        let col = i as u16;
        text_with(sheet, row, col, name, &styles.header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    let last = columns.len().saturating_sub(1) as u16;
    let rows = rows.clamp(1, MAX_DATA_ROWS as u32);
    sheet.autofilter(row, 0, row + rows, last)?;
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    full: &FullReport<'_>,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 60)?;
    let check = full.check;
    text_with(sheet, 0, 0, "orggap report", &styles.title)?;
    let mut row = 2;
    // What the data leaves unknown comes before any number.
    let caveats = check.caveats();
    for caveat in &caveats {
        text_with(sheet, row, 0, caveat, &styles.header)?;
        row += 1;
    }
    row += u32::from(!caveats.is_empty());
    let mut line = |sheet: &mut Worksheet, label: &str, value: Value<'_>| {
        text_with(sheet, row, 0, label, &styles.header)?;
        match value {
            Value::Text(value) => text(sheet, row, 1, value)?,
            Value::Number(value) => number(sheet, row, 1, value as f64)?,
        }
        row += 1;
        Ok::<(), XlsxError>(())
    };
    line(sheet, "Roster", Value::Text(full.origin))?;
    if let Some(scenario) = &check.scenario {
        line(sheet, "Scenario", Value::Text(&scenario.name))?;
        line(sheet, "Scenario file", Value::Text(&scenario.file))?;
    }
    if let Some(as_of) = &check.as_of {
        line(sheet, "As of", Value::Text(as_of))?;
    }
    line(sheet, "People", Value::Number(check.people))?;
    line(sheet, "Duties", Value::Number(check.responsibilities.len()))?;
    line(sheet, "Covered", Value::Number(check.summary.covered))?;
    line(sheet, "At risk", Value::Number(check.summary.at_risk))?;
    line(sheet, "Gaps", Value::Number(check.summary.gap))?;
    line(sheet, "Accepted", Value::Number(check.summary.accepted))?;
    if check.has_unknown() {
        line(sheet, "Unassessed", Value::Number(check.summary.unassessed))?;
    }
    let truck = &check.truck_factor.overall;
    line(sheet, "Truck factor", Value::Number(truck.size))?;
    line(sheet, "Key people", Value::Number(check.key_people.len()))?;
    row += 1;
    text_with(sheet, row, 0, "Key person", &styles.header)?;
    text_with(sheet, row, 1, "Sole qualified for", &styles.header)?;
    row += 1;
    for key in &check.key_people {
        text(sheet, row, 0, key.person.label())?;
        text(sheet, row, 1, &key.sole_qualified_for.join(", "))?;
        row += 1;
    }
    Ok(())
}

/// A summary value.
enum Value<'a> {
    Text(&'a str),
    Number(usize),
}

fn duties_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    check: &CheckReport,
) -> Result<(), XlsxError> {
    sheet.set_name("Duties")?;
    let mut columns = vec![
        ("Role", 10.0),
        ("Duty", 30.0),
        ("Title", 44.0),
        ("Status", 11.0),
        ("Qualified", 10.0),
        ("Needed", 9.0),
        ("Owners", 36.0),
        ("Nearest", 44.0),
    ];
    // A roster that leaves levels unknown: the worst and best case and who is unassessed.
    let unknown = check.has_unknown();
    if unknown {
        columns.extend([("Worst", 11.0), ("Best", 11.0), ("Unassessed", 44.0)]);
    }
    header(
        sheet,
        styles,
        0,
        &columns,
        check.responsibilities.len() as u32,
    )?;
    for (i, duty) in check.responsibilities.iter().enumerate() {
        let row = i as u32 + 1;
        text(sheet, row, 0, &duty.role)?;
        text(sheet, row, 1, &duty.id)?;
        text(sheet, row, 2, &duty.title)?;
        text_with(
            sheet,
            row,
            3,
            duty.status.as_str(),
            styles.status(duty.status),
        )?;
        number(sheet, row, 4, duty.qualified_count as f64)?;
        number(sheet, row, 5, f64::from(duty.min_owners))?;
        let owners: Vec<&str> = duty.owners.iter().map(|p| p.label()).collect();
        text(sheet, row, 6, &owners.join(", "))?;
        let nearest: Vec<String> = duty
            .near()
            .map(|n| format!("{} ({} short)", n.person.label(), n.shortfall))
            .collect();
        let nearest = match duty.out_of_reach() {
            true => crate::check::OUT_OF_REACH.to_owned(),
            false => nearest.join(", "),
        };
        text(sheet, row, 7, &nearest)?;
        if unknown {
            text_with(
                sheet,
                row,
                8,
                duty.worst.as_str(),
                styles.status(duty.worst),
            )?;
            text_with(sheet, row, 9, duty.best.as_str(), styles.status(duty.best))?;
            let names: Vec<&str> = duty.unassessed.iter().map(|p| p.label()).collect();
            let more = duty.unassessed_count - duty.unassessed.len();
            let tail = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            text(sheet, row, 10, &format!("{}{tail}", names.join(", ")))?;
        }
    }
    Ok(())
}

fn skills_sheet(sheet: &mut Worksheet, styles: &Styles, grid: &Heatmap) -> Result<(), XlsxError> {
    sheet.set_name("Skills")?;
    let corner = match grid.by_team {
        true => "Team (mean level)",
        false => "Person",
    };
    text_with(sheet, 0, 0, corner, &styles.header)?;
    sheet.set_column_width(0, 28)?;
    for (j, skill) in grid.columns.iter().enumerate() {
        let col = j as u16 + 1;
        text_with(sheet, 0, col, skill, &styles.wrap.clone().set_bold())?;
        sheet.set_column_width(col, 11)?;
    }
    sheet.set_row_height(0, 48)?;
    sheet.set_freeze_panes(1, 1)?;
    let width = grid.columns.len();
    for (i, label) in grid.rows.iter().enumerate() {
        let row = i as u32 + 1;
        text(sheet, row, 0, label)?;
        for (j, &value) in grid.values[i * width..(i + 1) * width].iter().enumerate() {
            let value = match grid.by_team {
                true => (f64::from(value) * 10.0).round() / 10.0,
                false => f64::from(value),
            };
            number(sheet, row, j as u16 + 1, value)?;
        }
    }
    if !grid.rows.is_empty() && width > 0 {
        // The heatmap's colours: level 0 light grey, 2.5 mid blue, 5 dark blue.
        let scale = ConditionalFormat3ColorScale::new()
            .set_minimum(ConditionalFormatType::Number, 0)
            .set_midpoint(ConditionalFormatType::Number, 2.5)
            .set_maximum(ConditionalFormatType::Number, 5)
            .set_minimum_color(Color::RGB(0xF2F2F2))
            .set_midpoint_color(Color::RGB(0x6BAED6))
            .set_maximum_color(Color::RGB(0x08519C));
        sheet.add_conditional_format(1, 1, grid.rows.len() as u32, width as u16, &scale)?;
    }
    let mut row = grid.rows.len() as u32 + 2;
    if grid.hidden_rows > 0 {
        let note = format!("… and {} more teams", grid.hidden_rows);
        text(sheet, row, 0, &note)?;
        row += 1;
    }
    if grid.hidden_columns > 0 {
        let note = format!(
            "{} skills left out: those the most duties need are shown",
            grid.hidden_columns
        );
        text(sheet, row, 0, &note)?;
    }
    Ok(())
}

/// The most data rows a sheet holds: Excel's 1,048,576 rows, less the header and a note.
const MAX_DATA_ROWS: usize = 1_048_576 - 2;

/// Below the last row that fits, says how many `what` are left out and where they all are.
fn more_rows(sheet: &mut Worksheet, row: u32, more: usize, what: &str) -> Result<(), XlsxError> {
    if more == 0 {
        return Ok(());
    }
    let note = format!(
        "… and {more} more {what}: a sheet holds at most 1,048,576 rows (the JSON output lists them all)"
    );
    text(sheet, row, 0, &note)
}

fn owners_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    assign: &AssignReport,
) -> Result<(), XlsxError> {
    sheet.set_name("Owners")?;
    let columns = [
        ("Duty", 30.0),
        ("Owner", 32.0),
        ("Owner's duties", 14.0),
        ("Owner's capacity", 16.0),
    ];
    let rows = assign.assigned.len() + assign.unassigned.len();
    header(sheet, styles, 0, &columns, rows as u32)?;
    let load: std::collections::HashMap<&str, (u32, u32)> = assign
        .load
        .iter()
        .map(|l| (l.person.label(), (l.assigned, l.capacity)))
        .collect();
    let mut row = 1;
    let assigned = &assign.assigned[..assign.assigned.len().min(MAX_DATA_ROWS)];
    let room = MAX_DATA_ROWS - assigned.len();
    let unassigned = &assign.unassigned[..assign.unassigned.len().min(room)];
    for owned in assigned {
        text(sheet, row, 0, &owned.responsibility)?;
        text(sheet, row, 1, owned.person.label())?;
        if let Some(&(assigned, capacity)) = load.get(owned.person.label()) {
            number(sheet, row, 2, f64::from(assigned))?;
            number(sheet, row, 3, f64::from(capacity))?;
        }
        row += 1;
    }
    for duty in unassigned {
        text(sheet, row, 0, duty)?;
        text(sheet, row, 1, "(nobody)")?;
        row += 1;
    }
    more_rows(sheet, row, rows - assigned.len() - unassigned.len(), "rows")
}

fn plan_sheet(sheet: &mut Worksheet, styles: &Styles, plan: &PlanReport) -> Result<(), XlsxError> {
    sheet.set_name("Plan")?;
    let columns = [
        ("Person or hire", 32.0),
        ("Steps", 44.0),
        ("Level steps", 11.0),
        ("Closes", 50.0),
    ];
    let rows = plan.upskill.len() + plan.hires.len();
    header(sheet, styles, 0, &columns, rows as u32)?;
    let mut row = 1;
    let upskill = &plan.upskill[..plan.upskill.len().min(MAX_DATA_ROWS)];
    let hires = &plan.hires[..plan.hires.len().min(MAX_DATA_ROWS - upskill.len())];
    for person in upskill {
        text(sheet, row, 0, person.person.label())?;
        let steps: Vec<String> = person
            .steps
            .iter()
            .map(|s| format!("{} {}→{}", s.skill, s.from, s.to))
            .collect();
        text(sheet, row, 1, &steps.join(", "))?;
        number(sheet, row, 2, f64::from(person.total_steps))?;
        text(sheet, row, 3, &person.closes.join(", "))?;
        row += 1;
    }
    for hire in hires {
        let who = format!("Hire: {} × {}", hire.count, hire.role);
        text(sheet, row, 0, &who)?;
        let requires: Vec<String> = hire
            .requires
            .iter()
            .map(|(skill, level)| format!("{skill} {level}"))
            .collect();
        text(sheet, row, 1, &requires.join(", "))?;
        text(sheet, row, 3, &hire.closes.join(", "))?;
        row += 1;
    }
    more_rows(sheet, row, rows - upskill.len() - hires.len(), "rows")
}

/// The departures, at most `max_rows` of them (a note says how many more).
fn departures_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    departures: &[crate::impact_out::DepartureOut],
    max_rows: usize,
) -> Result<(), XlsxError> {
    sheet.set_name("Departures")?;
    let columns = [
        ("Person", 32.0),
        ("New gaps", 12.0),
        ("Duties that become gaps", 50.0),
        ("New at risk", 12.0),
        ("Duties that become at risk", 50.0),
    ];
    let shown = &departures[..departures.len().min(max_rows)];
    header(sheet, styles, 0, &columns, shown.len() as u32)?;
    for (i, departure) in shown.iter().enumerate() {
        let row = i as u32 + 1;
        text(sheet, row, 0, departure.person.label())?;
        number(sheet, row, 1, departure.new_gaps.len() as f64)?;
        text(sheet, row, 2, &departure.new_gaps.join(", "))?;
        number(sheet, row, 3, departure.new_at_risk.len() as f64)?;
        text(sheet, row, 4, &departure.new_at_risk.join(", "))?;
    }
    let more = departures.len() - shown.len();
    more_rows(
        sheet,
        shown.len() as u32 + 1,
        more,
        "people whose departure matters",
    )
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
        let mut book = new_workbook();
        let styles = Styles::new();
        departures_sheet(book.add_worksheet(), &styles, &departures, 3).unwrap();
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
