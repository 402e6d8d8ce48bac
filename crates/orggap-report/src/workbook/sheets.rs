//! The report's sheets other than People: Summary, Duties, Skills, Owners, Plan and
//! Departures.

use orggap_model::Catalogue;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Cell, Styles, print_setup, table, text, text_with};
use crate::charts::Heatmap;
use crate::html::FullReport;
use crate::impact_out::DepartureOut;
use crate::plan_out::duty_titles;
use crate::{AssignReport, CheckReport, PlanReport};

/// The titles of the duties `ids`, separated by `;` (titles hold commas).
fn titles(catalogue: &Catalogue, ids: &[String]) -> String {
    duty_titles(catalogue, ids).join("; ")
}

/// The name of the skill `id`, or the id where the catalogue has no such skill.
fn skill_name(catalogue: &Catalogue, id: &str) -> String {
    catalogue
        .skills()
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_owned(), |s| s.name.clone())
}

/// A summary value.
enum Value<'a> {
    Text(&'a str),
    Number(usize),
}

/// Label and value side by side, then the key people; prints on one page wide, so a value
/// never lands on another page than its label.
pub(super) fn summary(
    sheet: &mut Worksheet,
    styles: &Styles,
    full: &FullReport<'_>,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 90)?;
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
            Value::Number(value) => {
                sheet.write_number(row, 1, value as f64)?;
            }
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
    text_with(sheet, row, 1, "Only they are qualified for", &styles.header)?;
    row += 1;
    for key in &check.key_people {
        text_with(sheet, row, 0, key.person.label(), &styles.wrap)?;
        let duties = titles(full.catalogue, &key.sole_qualified_for);
        text_with(sheet, row, 1, &duties, &styles.wrap)?;
        let lines = super::wrapped_lines(&duties, 90.0);
        if lines > 1 {
            sheet.set_row_height(row, super::ROW_HEIGHT * lines as f64)?;
        }
        row += 1;
    }
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// One row a duty, by title; the worst and best case and who is unassessed on a roster
/// that leaves levels unknown; the id last.
pub(super) fn duties(
    sheet: &mut Worksheet,
    styles: &Styles,
    check: &CheckReport,
) -> Result<(), XlsxError> {
    let mut columns: Vec<(&str, f64)> = vec![
        ("Role", 8.0),
        ("Duty", 40.0),
        ("Status", 11.0),
        ("Qualified", 10.0),
        ("Needed", 8.0),
        ("Owners", 30.0),
        ("Nearest", 40.0),
    ];
    let unknown = check.has_unknown();
    if unknown {
        columns.extend([("Worst", 11.0), ("Best", 11.0), ("Unassessed", 30.0)]);
    }
    columns.push(("Id", 26.0));
    let rows = check.responsibilities.iter().map(|duty| {
        let owners: Vec<&str> = duty.owners.labels().collect();
        let nearest = match duty.out_of_reach() {
            true => crate::check::OUT_OF_REACH.to_owned(),
            false => duty
                .near()
                .map(|n| format!("{} ({} short)", n.person.label(), n.shortfall))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let mut cells = vec![
            Cell::Text(duty.role.to_uppercase()),
            Cell::Long(duty.title.clone()),
            Cell::Status(duty.status),
            Cell::Number(duty.qualified_count as f64),
            Cell::Number(f64::from(duty.min_owners)),
            Cell::Long(owners.join(", ")),
            Cell::Long(nearest),
        ];
        if unknown {
            let names: Vec<&str> = duty.unassessed.iter().map(|p| p.label()).collect();
            let more = duty.unassessed_count - duty.unassessed.len();
            let tail = match more {
                0 => String::new(),
                more => format!(" and {more} more"),
            };
            cells.extend([
                Cell::Status(duty.worst),
                Cell::Status(duty.best),
                Cell::Long(format!("{}{tail}", names.join(", "))),
            ]);
        }
        cells.push(Cell::Text(duty.id.clone()));
        cells
    });
    table(sheet, styles, "Duties", &columns, rows, "duties")
}

/// People (grouped by team) or teams × skills: a level 0 blank, an unknown level `unknown`,
/// a team's mean to one decimal.
pub(super) fn skills(
    sheet: &mut Worksheet,
    styles: &Styles,
    grid: &Heatmap,
) -> Result<(), XlsxError> {
    let mut columns: Vec<(&str, f64)> = match grid.by_team {
        true => vec![("Team (people): mean level", 28.0)],
        false => vec![("Person", 28.0), ("Team", 18.0)],
    };
    let leading = columns.len();
    // Skill names are long and the levels short: the header wraps.
    columns.extend(grid.columns.iter().map(|_| ("", 8.0)));
    let width = grid.columns.len();
    let rows = grid.rows.iter().enumerate().map(|(i, label)| {
        let mut cells = vec![Cell::Text(label.clone())];
        if !grid.by_team {
            cells.push(Cell::Text(grid.teams[i].clone()));
        }
        cells.extend(
            grid.values[i * width..(i + 1) * width]
                .iter()
                .map(|value| match value {
                    None => Cell::Unknown,
                    Some(v) if *v == 0.0 => Cell::Blank,
                    Some(v) if grid.by_team => Cell::Number((f64::from(*v) * 10.0).round() / 10.0),
                    Some(v) => Cell::Number(f64::from(*v)),
                }),
        );
        cells
    });
    let what = if grid.by_team { "teams" } else { "people" };
    table(sheet, styles, "Skills", &columns, rows, what)?;
    for (j, skill) in grid.columns.iter().enumerate() {
        text_with(sheet, 0, (leading + j) as u16, skill, &styles.header)?;
    }
    sheet.set_row_height(0, 64)?;
    sheet.set_freeze_panes(1, leading as u16)?;
    if !grid.rows.is_empty() && width > 0 {
        // The heatmap's colours: light for low levels, dark blue for 5.
        let scale = rust_xlsxwriter::ConditionalFormat3ColorScale::new()
            .set_minimum(rust_xlsxwriter::ConditionalFormatType::Number, 0)
            .set_midpoint(rust_xlsxwriter::ConditionalFormatType::Number, 2.5)
            .set_maximum(rust_xlsxwriter::ConditionalFormatType::Number, 5)
            .set_minimum_color(rust_xlsxwriter::Color::RGB(0xF2F2F2))
            .set_midpoint_color(rust_xlsxwriter::Color::RGB(0x6BAED6))
            .set_maximum_color(rust_xlsxwriter::Color::RGB(0x08519C));
        let (first, last) = (leading as u16, (leading + width - 1) as u16);
        sheet.add_conditional_format(1, first, grid.rows.len() as u32, last, &scale)?;
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
    print_setup(sheet)
}

/// One row an owned duty (then those without an owner), with the owner's load.
pub(super) fn owners(
    sheet: &mut Worksheet,
    styles: &Styles,
    catalogue: &Catalogue,
    assign: &AssignReport,
) -> Result<(), XlsxError> {
    let columns = [
        ("Duty", 42.0),
        ("Owner", 30.0),
        ("Owner's duties", 10.0),
        ("Owner's capacity", 10.0),
        ("Id", 26.0),
    ];
    let load: std::collections::HashMap<&str, (u32, u32)> = assign
        .load
        .iter()
        .map(|l| (l.person.label(), (l.assigned, l.capacity)))
        .collect();
    let title = |id: &str| titles(catalogue, std::slice::from_ref(&id.to_owned()));
    let owned = assign.assigned.iter().map(|owned| {
        let (assigned, capacity) = match load.get(owned.person.label()) {
            Some(&(assigned, capacity)) => (
                Cell::Number(f64::from(assigned)),
                Cell::Number(f64::from(capacity)),
            ),
            None => (Cell::Blank, Cell::Blank),
        };
        vec![
            Cell::Long(title(&owned.responsibility)),
            Cell::Text(owned.person.label().to_owned()),
            assigned,
            capacity,
            Cell::Text(owned.responsibility.clone()),
        ]
    });
    let unowned = assign.unassigned.iter().map(|id| {
        vec![
            Cell::Long(title(id)),
            Cell::Text("(nobody)".into()),
            Cell::Blank,
            Cell::Blank,
            Cell::Text(id.clone()),
        ]
    });
    let rows = Counted(
        owned.chain(unowned),
        assign.assigned.len() + assign.unassigned.len(),
    );
    table(sheet, styles, "Owners", &columns, rows, "rows")
}

/// One plan step a row: whom to assess, train (one row a skill) and hire (one row a
/// profile's skill), with the duties each person or hire closes.
pub(super) fn plan(
    sheet: &mut Worksheet,
    styles: &Styles,
    catalogue: &Catalogue,
    plan: &PlanReport,
) -> Result<(), XlsxError> {
    let columns = [
        ("Step", 8.0),
        ("Person or hire", 28.0),
        ("Skill", 26.0),
        ("From", 7.0),
        ("To", 7.0),
        ("Level steps", 8.0),
        ("Closes", 60.0),
    ];
    let assess = plan.assess.iter().flat_map(|a| {
        a.skills.iter().map(|skill| {
            vec![
                Cell::Text("Assess".into()),
                Cell::Text(a.person.label().to_owned()),
                Cell::Text(skill_name(catalogue, skill)),
                Cell::Unknown,
                Cell::Blank,
                Cell::Blank,
                Cell::Blank,
            ]
        })
    });
    let train = plan.upskill.iter().flat_map(|person| {
        let closes = titles(catalogue, &person.closes);
        person.steps.iter().map(move |step| {
            vec![
                Cell::Text("Train".into()),
                Cell::Text(person.person.label().to_owned()),
                Cell::Text(skill_name(catalogue, &step.skill)),
                Cell::Number(f64::from(step.from)),
                Cell::Number(f64::from(step.to)),
                Cell::Number(f64::from(step.to.saturating_sub(step.from))),
                Cell::Long(closes.clone()),
            ]
        })
    });
    let hire = plan.hires.iter().flat_map(|hire| {
        let who = format!("Hire {} ({})", hire.count, hire.role.to_uppercase());
        let closes = titles(catalogue, &hire.closes);
        hire.requires.iter().map(move |(skill, &level)| {
            vec![
                Cell::Text("Hire".into()),
                Cell::Text(who.clone()),
                Cell::Text(skill_name(catalogue, skill)),
                Cell::Blank,
                Cell::Number(f64::from(level)),
                Cell::Blank,
                Cell::Long(closes.clone()),
            ]
        })
    });
    let count = plan.assess.iter().map(|a| a.skills.len()).sum::<usize>()
        + plan.upskill.iter().map(|p| p.steps.len()).sum::<usize>()
        + plan.hires.iter().map(|h| h.requires.len()).sum::<usize>();
    let rows = Counted(assess.chain(train).chain(hire), count);
    table(sheet, styles, "Plan", &columns, rows, "steps")
}

/// The departures, at most `max_rows` of them (a note says how many more).
pub(super) fn departures(
    sheet: &mut Worksheet,
    styles: &Styles,
    catalogue: &Catalogue,
    departures: &[DepartureOut],
    max_rows: usize,
) -> Result<(), XlsxError> {
    let columns = [
        ("Person", 30.0),
        ("New gaps", 9.0),
        ("Duties that become gaps", 55.0),
        ("New at risk", 9.0),
        ("Duties that become at risk", 55.0),
    ];
    let shown = &departures[..departures.len().min(max_rows)];
    let rows = shown.iter().map(|departure| {
        vec![
            Cell::Text(departure.person.label().to_owned()),
            Cell::Number(departure.new_gaps.len() as f64),
            Cell::Long(titles(catalogue, &departure.new_gaps)),
            Cell::Number(departure.new_at_risk.len() as f64),
            Cell::Long(titles(catalogue, &departure.new_at_risk)),
        ]
    });
    table(sheet, styles, "Departures", &columns, rows, "rows")?;
    let more = departures.len() - shown.len();
    if more > 0 {
        let note = format!(
            "… and {more} more people whose departure matters: a sheet holds at most 1,048,576 rows (the JSON output lists them all)"
        );
        text(sheet, shown.len() as u32 + 1, 0, &note)?;
    }
    Ok(())
}

/// An iterator whose length is known ahead (a chain of maps over lists).
struct Counted<I>(I, usize);

impl<I: Iterator> Iterator for Counted<I> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        let item = self.0.next()?;
        self.1 -= 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.1, Some(self.1))
    }
}

impl<I: Iterator> ExactSizeIterator for Counted<I> {}
