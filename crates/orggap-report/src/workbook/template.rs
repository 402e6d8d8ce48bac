//! `orggap template`: an empty roster to fill in, for the catalogue in use — the workbook
//! (people's columns, one column per skill grouped by role, a drop-down of the scale's levels
//! in every level cell, an instructions sheet) or the CSV header row.

use orggap_model::{Catalogue, RoleIdx, SkillIdx};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Note, Worksheet, XlsxError,
};

use super::{Styles, WorkbookError, new_workbook, print_setup, text, text_with};

/// The people's columns before the skills, each with its width and what to write in it.
const PERSON_COLUMNS: [(&str, f64, &str); 7] = [
    (
        "id",
        10.0,
        "A unique id per person (an employee number): tells apart two people of one name.",
    ),
    (
        "name",
        24.0,
        "The person's name, as \"First Last\" or \"Last, First\".",
    ),
    ("title", 24.0, "Job title (shown in the report)."),
    ("team", 16.0, "Team or department."),
    (
        "manager",
        12.0,
        "The id of the person's manager (empty at the top): the org chart.",
    ),
    (
        "capacity",
        10.0,
        "How many duties the person can own (empty: the default, 3).",
    ),
    (
        "owns",
        28.0,
        "Duties the person owns now, by id, separated by ';' (e.g. cpo.budget).",
    ),
];

/// Rows that get the level drop-down (the sheet takes more; they read the same without it).
const ROWS_WITH_PICKER: u32 = 5_000;

/// The skills in column order: those each role's duties need, role by role in catalogue
/// order (a skill under the first role that needs it), then those no duty needs; each with
/// the role it is listed under.
pub fn template_skills(catalogue: &Catalogue) -> Vec<(SkillIdx, Option<RoleIdx>)> {
    let mut placed = vec![false; catalogue.skills().len()];
    let mut order = Vec::new();
    for role in (0..catalogue.roles().len()).map(RoleIdx::from_usize) {
        for &r in catalogue.responsibilities_of(role) {
            for req in &catalogue.responsibility(r).requires {
                if !std::mem::replace(&mut placed[req.skill.index()], true) {
                    order.push((req.skill, Some(role)));
                }
            }
        }
    }
    let rest = (0..placed.len()).filter(|&i| !placed[i]);
    order.extend(rest.map(|i| (SkillIdx::from_usize(i), None)));
    order
}

/// The header row of a roster for `catalogue`: the people's columns, then each skill by name.
pub fn template_header(catalogue: &Catalogue) -> Vec<String> {
    let people = PERSON_COLUMNS.iter().map(|(name, _, _)| (*name).to_owned());
    let skills = template_skills(catalogue)
        .into_iter()
        .map(|(s, _)| catalogue.skill(s).name.clone());
    people.chain(skills).collect()
}

/// The CSV template: the header row only.
pub fn render_template_csv(catalogue: &Catalogue) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = out.write_record(template_header(catalogue));
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The workbook template: a Roster sheet to fill in, Instructions, and the Levels its
/// drop-downs offer.
pub fn render_template(catalogue: &Catalogue) -> Result<Vec<u8>, WorkbookError> {
    let mut book = new_workbook();
    let styles = Styles::new();
    let levels = level_choices(catalogue);
    roster_sheet(book.add_worksheet(), &styles, catalogue, levels.len())?;
    instructions(book.add_worksheet(), &styles, catalogue)?;
    levels_sheet(book.add_worksheet(), &styles, &levels)?;
    Ok(book.save_to_buffer()?)
}

/// What a level cell may hold: each level's number and its name, then `?` for a level not
/// assessed.
fn level_choices(catalogue: &Catalogue) -> Vec<(String, String)> {
    let scale = catalogue.scale();
    let mut choices: Vec<(String, String)> = scale
        .names()
        .iter()
        .enumerate()
        .map(|(level, name)| (level.to_string(), format!("level {level}: {name}")))
        .collect();
    choices.extend(
        scale
            .names()
            .iter()
            .enumerate()
            .map(|(level, name)| (name.clone(), format!("level {level}"))),
    );
    choices.push((
        "?".into(),
        "not assessed (unknown; not the same as none)".into(),
    ));
    choices
}

fn roster_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    catalogue: &Catalogue,
    choices: usize,
) -> Result<(), XlsxError> {
    sheet.set_name("Roster")?;
    for (col, (name, width, _)) in PERSON_COLUMNS.iter().enumerate() {
        text_with(sheet, 0, col as u16, name, &styles.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let first = PERSON_COLUMNS.len() as u16;
    let skills = template_skills(catalogue);
    for (i, &(skill, role)) in skills.iter().enumerate() {
        let col = first + i as u16;
        let skill_row = catalogue.skill(skill);
        text_with(sheet, 0, col, &skill_row.name, &role_header(styles, role))?;
        sheet.set_column_width(
            col,
            (skill_row.name.chars().count() as f64).clamp(8.0, 22.0),
        )?;
        let note = Note::new(skill_note(catalogue, skill))
            .add_author_prefix(false)
            .set_width(360);
        sheet.insert_note(0, col, &note)?;
    }
    if !skills.is_empty() {
        let last = first + skills.len() as u16 - 1;
        let list = Formula::new(format!("=Levels!$A$2:$A${}", choices + 1));
        let picker = DataValidation::new()
            .allow_list_formula(list)
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("Not a level")?
            .set_error_message(
                "Write a level of the scale (a number or its name), ? for not assessed, or leave it empty for none.",
            )?;
        sheet.add_data_validation(1, first, ROWS_WITH_PICKER, last, &picker)?;
    }
    sheet.set_row_height(0, 45.0)?;
    sheet.set_freeze_panes(1, 2)?;
    // Printed as it is filled in: landscape, the header on every page, as many pages wide as
    // the skills take (one page wide would shrink 40 columns past reading).
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The header format of a skill listed under `role`: the roles alternate shades, so the
/// groups read apart.
fn role_header(styles: &Styles, role: Option<RoleIdx>) -> Format {
    let shade = match role.map(|r| r.index() % 3) {
        Some(0) => 0xDDEBF7,
        Some(1) => 0xE2EFDA,
        Some(_) => 0xFFF2CC,
        None => 0xF2F2F2,
    };
    styles
        .header
        .clone()
        .set_background_color(rust_xlsxwriter::Color::RGB(shade))
}

/// A skill's note: its id, and the duties that need it at which level.
fn skill_note(catalogue: &Catalogue, skill: SkillIdx) -> String {
    let mut note = format!(
        "{} (id {})",
        catalogue.skill(skill).name,
        catalogue.skill(skill).id
    );
    let needed: Vec<String> = catalogue
        .responsibility_indices()
        .filter_map(|r| {
            let level = catalogue
                .responsibility(r)
                .requires
                .iter()
                .find(|req| req.skill == skill)?
                .level;
            Some(format!(
                "{} (level {})",
                catalogue.duty_label(r),
                level.get()
            ))
        })
        .collect();
    match needed.is_empty() {
        true => note.push_str("\nNo duty needs it."),
        false => {
            note.push_str("\nNeeded by:");
            for line in needed.iter().take(8) {
                note.push_str("\n• ");
                note.push_str(line);
            }
            if needed.len() > 8 {
                note.push_str(&format!("\n… and {} more", needed.len() - 8));
            }
        }
    }
    note
}

fn instructions(
    sheet: &mut Worksheet,
    styles: &Styles,
    catalogue: &Catalogue,
) -> Result<(), XlsxError> {
    sheet.set_name("Instructions")?;
    sheet.set_column_width(0, 16.0)?;
    sheet.set_column_width(1, 90.0)?;
    text_with(sheet, 0, 0, "How to fill in this roster", &styles.title)?;
    let scale = catalogue.scale();
    let top = scale.top().get();
    let lines: Vec<(String, String)> = [
        ("rows", "One row per person on the Roster sheet. Only name is required; keep the header row as it is.".to_owned()),
        ("levels", format!(
            "Each skill column holds the person's level, 0 to {top} ({}), as a number or its name; pick it from the cell's list.",
            scale.names().join(", ")
        )),
        ("?", "A skill nobody assessed: write ? (or unknown). orggap then says the duty is undecided rather than a gap: unknown is not none.".to_owned()),
        ("empty", "An empty level cell is level 0, no skill (run with --blank unknown to read empty cells as not assessed).".to_owned()),
        ("notes", "The note on each skill's header says which duties need it, and at which level.".to_owned()),
        ("then", "Save it and run: orggap check ROSTER.xlsx, orggap report ROSTER.xlsx --out report, or orggap serve ROSTER.xlsx.".to_owned()),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b))
    .collect();
    for (row, (label, line)) in lines.iter().enumerate() {
        let row = row as u32 + 2;
        text_with(sheet, row, 0, label, &styles.header)?;
        text_with(sheet, row, 1, line, &styles.wrap)?;
        sheet.set_row_height(row, 32.0)?;
    }
    for (row, (name, _, what)) in PERSON_COLUMNS.iter().enumerate() {
        let row = (row + lines.len() + 3) as u32;
        text_with(sheet, row, 0, name, &styles.header)?;
        text(sheet, row, 1, what)?;
    }
    print_setup(sheet)?;
    Ok(())
}

fn levels_sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    choices: &[(String, String)],
) -> Result<(), XlsxError> {
    sheet.set_name("Levels")?;
    let left = Format::new().set_align(rust_xlsxwriter::FormatAlign::Left);
    text_with(sheet, 0, 0, "level", &styles.header)?;
    text_with(sheet, 0, 1, "means", &styles.header)?;
    sheet.set_column_width(0, 22.0)?;
    sheet.set_column_width(1, 50.0)?;
    for (row, (choice, means)) in choices.iter().enumerate() {
        let row = row as u32 + 1;
        match choice.parse::<f64>() {
            Ok(number) => {
                sheet.write_number_with_format(row, 0, number, &left)?;
            }
            Err(_) => text(sheet, row, 0, choice)?,
        }
        text(sheet, row, 1, means)?;
    }
    print_setup(sheet)?;
    Ok(())
}
