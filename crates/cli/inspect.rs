//! `orggap inspect`: how orggap read a roster, so that a person can trust the analysis —
//! encoding, delimiter, form, every column and what it matched (and how), suggestions for
//! columns that matched nothing, the people count and the warnings.
//!
//! The description is built here from `orggap-roster`'s `SourceInfo`: `orggap-report` does
//! not know the importer's types, and this is the one command that shows them.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use orggap_model::{Catalogue, Roster, visible};
use orggap_roster::{ColumnKind, Field, Form, NameSource, column_letters, matched_by, suggestions};
use serde::Serialize;

use crate::args::{Format, FormatArgs};
use orggap_report::describe_scenario;

use crate::input::{import_options, load_rules, load_scenario, read_any};
use crate::output::emit;

#[derive(Serialize, schemars::JsonSchema)]
struct InspectReport {
    schema: &'static str,
    file: String,
    encoding: String,
    bom: bool,
    delimiter: Option<String>,
    sheet: Option<String>,
    form: &'static str,
    /// The 1-based row (line) of the header.
    header_row: usize,
    /// Rows above the header that held something (titles, dates), skipped.
    skipped_rows: usize,
    people: usize,
    /// How each person's name is built.
    name: String,
    /// How people are told apart.
    identity: String,
    /// How reporting lines were read, when the roster has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    reporting: Option<String>,
    columns: Vec<ColumnOut>,
    warnings: Vec<String>,
    /// What `--scenario` changes, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<ScenarioOut>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct ScenarioOut {
    name: Option<String>,
    file: String,
    changes: Vec<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct ColumnOut {
    column: String,
    header: String,
    reads: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    matched_by: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<String>,
}

fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        d => (d as char).to_string(),
    }
}

fn columns(catalogue: &Catalogue, layout: &orggap_roster::Layout) -> Vec<ColumnOut> {
    layout
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (reads, how, near) = match c.kind {
                ColumnKind::Field(f) => (format!("field {}", f.label()), None, Vec::new()),
                ColumnKind::Rating(s, rater) => (
                    format!("skill {} ({} rating)", catalogue.skill(s).id, rater.word()),
                    None,
                    Vec::new(),
                ),
                ColumnKind::Interest(s) => (
                    format!("interest in skill {}", catalogue.skill(s).id),
                    None,
                    Vec::new(),
                ),
                ColumnKind::Skill(s) => (
                    format!("skill {}", catalogue.skill(s).id),
                    Some(matched_by(catalogue, s, &c.header).as_str()),
                    Vec::new(),
                ),
                ColumnKind::Unmatched => (
                    "nothing (ignored)".into(),
                    None,
                    suggestions(catalogue, &c.header),
                ),
            };
            ColumnOut {
                column: column_letters(i),
                header: c.header.clone(),
                reads,
                matched_by: how,
                suggestions: near,
            }
        })
        .collect()
}

/// How the layout builds each person's name.
fn name_source(layout: &orggap_roster::Layout) -> String {
    let header =
        |column: Option<usize>| column.map(|c| format!("'{}'", visible(&layout.columns[c].header)));
    match layout.name_source() {
        NameSource::Column(c) => format!("from {}", header(Some(c)).unwrap_or_default()),
        NameSource::Parts {
            first,
            last,
            preferred,
        } => {
            let parts: Vec<String> = [header(first), header(last)]
                .into_iter()
                .flatten()
                .collect();
            let joined = match parts.len() {
                0 => None,
                _ => Some(parts.join(" and ")),
            };
            match (header(preferred), joined) {
                (Some(p), Some(j)) => format!("{p} where given, else {j} joined by a space"),
                (Some(p), None) => format!("from {p}"),
                (None, Some(j)) => format!("{j} joined by a space"),
                (None, None) => String::new(),
            }
        }
    }
}

/// How people are told apart, and how many names are shared.
fn identity(roster: &Roster, layout: &orggap_roster::Layout) -> String {
    match layout.field(Field::Id) {
        Some(c) => {
            let shared = roster
                .people()
                .filter(|&p| roster.name_is_shared(p))
                .count();
            format!(
                "by id ('{}'); {shared} people share their name with someone",
                visible(&layout.columns[c].header)
            )
        }
        None => "by name (no id column, so every name must be unique)".into(),
    }
}

/// How many people report to someone, and how many are at the top.
fn reporting(roster: &Roster, layout: &orggap_roster::Layout) -> Option<String> {
    let c = layout.field(Field::Manager)?;
    let managed = roster
        .people()
        .filter(|&p| roster.manager(p).is_some())
        .count();
    Some(format!(
        "from '{}' ({}): {managed} people report to someone, {} at the top",
        visible(&layout.columns[c].header),
        if roster.has_ids() {
            "manager ids"
        } else {
            "manager names"
        },
        roster.len() - managed
    ))
}

fn render_text(r: &InspectReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", visible(&r.file));
    let how = match (&r.sheet, &r.delimiter) {
        (Some(sheet), _) => format!("workbook, sheet '{}'", visible(sheet)),
        (None, Some(d)) => format!(
            "CSV, {}{}, delimiter '{d}'",
            r.encoding,
            if r.bom { " with BOM" } else { "" }
        ),
        (None, None) => "CSV".into(),
    };
    let _ = writeln!(out, "  read as {how}, {} form", r.form);
    if r.skipped_rows > 0 {
        let rows = if r.skipped_rows == 1 { "row" } else { "rows" };
        let _ = writeln!(
            out,
            "  header on row {}: {} {rows} above it skipped (titles, dates)",
            r.header_row, r.skipped_rows
        );
    }
    let _ = writeln!(out, "  {} people", r.people);
    let _ = writeln!(out, "  names: {}", r.name);
    let _ = writeln!(out, "  people told apart {}", r.identity);
    if let Some(reporting) = &r.reporting {
        let _ = writeln!(out, "  reporting lines {reporting}");
    }
    let _ = writeln!(out, "  columns:");
    let width = r
        .columns
        .iter()
        .map(|c| visible(&c.header).chars().count())
        .max()
        .unwrap_or(0)
        .min(30);
    for c in &r.columns {
        let header = orggap_report::truncate(&visible(&c.header), 30);
        let pad = width.saturating_sub(header.chars().count());
        let mut line = format!(
            "    {:<3} {header}{}  → {}",
            c.column,
            " ".repeat(pad),
            c.reads
        );
        if let Some(how) = c.matched_by {
            let _ = write!(line, " (by {how})");
        }
        if !c.suggestions.is_empty() {
            let _ = write!(line, "; did you mean {}?", c.suggestions.join(", "));
        }
        let _ = writeln!(out, "{line}");
    }
    for w in &r.warnings {
        let _ = writeln!(out, "  warning: {}", visible(w));
    }
    if let Some(s) = &r.scenario {
        let name = s.name.as_deref().map(|n| format!(" '{}'", visible(n)));
        let _ = writeln!(
            out,
            "scenario{} ({}) changes:",
            name.unwrap_or_default(),
            visible(&s.file)
        );
        for change in &s.changes {
            let _ = writeln!(out, "  {}", visible(change));
        }
    }
    out
}

fn render_markdown(r: &InspectReport) -> String {
    let mut out = format!("# How `{}` was read\n\n", r.file.replace('`', "'"));
    if r.skipped_rows > 0 {
        let _ = writeln!(
            out,
            "The header is on row {}; {} rows above it were skipped (titles, dates).\n",
            r.header_row, r.skipped_rows
        );
    }
    let _ = writeln!(
        out,
        "{} people, {} form. Names: {}. People told apart {}.{}\n\n| Column | Header | Reads | Matched by | Did you mean |\n|---|---|---|---|---|",
        r.people,
        r.form,
        orggap_report::escape_markdown(&r.name),
        orggap_report::escape_markdown(&r.identity),
        r.reporting
            .as_ref()
            .map(|s| format!(" Reporting lines {}.", orggap_report::escape_markdown(s)))
            .unwrap_or_default()
    );
    for c in &r.columns {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            c.column,
            orggap_report::escape_markdown(&c.header),
            c.reads,
            c.matched_by.unwrap_or(""),
            c.suggestions.join(", ")
        );
    }
    if let Some(s) = &r.scenario {
        let _ = writeln!(
            out,
            "\n## What the scenario `{}` changes\n",
            s.file.replace('`', "'")
        );
        for change in &s.changes {
            let _ = writeln!(out, "- {}", orggap_report::escape_markdown(change));
        }
    }
    out
}

/// Runs `orggap inspect`.
pub fn run(args: &FormatArgs) -> Result<ExitCode> {
    let (catalogue, _) = load_rules(&args.input.options)?;
    let imported = read_any(
        &args.input.roster,
        &catalogue,
        &import_options(&args.input.options),
    )?;
    let info = &imported.info;
    let scenario = match &args.input.options.scenario {
        None => None,
        Some(file) => {
            let (_, scenario) = load_scenario(file, &imported.roster, &catalogue)?;
            Some(ScenarioOut {
                name: scenario.name.clone(),
                file: file.display().to_string(),
                changes: describe_scenario(&scenario, &imported.roster, &catalogue),
            })
        }
    };
    let report = InspectReport {
        schema: "orggap.inspect.v1",
        file: args.input.roster.display().to_string(),
        encoding: info.encoding.clone(),
        bom: info.bom,
        delimiter: info.delimiter.map(delimiter_name),
        sheet: info.sheet.clone(),
        form: match info.layout.form {
            Form::Wide => "wide",
            Form::Long => "long",
        },
        header_row: info.header_row,
        skipped_rows: info.skipped_rows,
        people: imported.roster.len(),
        name: name_source(&info.layout),
        identity: identity(&imported.roster, &info.layout),
        reporting: reporting(&imported.roster, &info.layout),
        columns: columns(&catalogue, &info.layout),
        warnings: imported.warnings.clone(),
        scenario,
    };
    let text = match args.format {
        Format::Text => render_text(&report),
        Format::Json => orggap_report::to_json(&report)?,
        Format::Markdown => render_markdown(&report),
    };
    let mut read = crate::files::Inputs::default();
    read.add(&args.input.roster);
    emit(text, args.output.as_deref(), &read)?;
    Ok(ExitCode::SUCCESS)
}

/// The JSON Schema of `inspect --format json` (`orggap.inspect.v1`).
pub fn schema() -> String {
    orggap_report::schema_of::<InspectReport>("inspect")
}
