//! Renders orggap analyses for people and programs: terminal text, JSON, Markdown and CSV.
//!
//! Rendering is pure: every function takes values and returns a string; only the binary
//! writes files. Untrusted text (names, titles) is escaped for each format.
#![deny(missing_docs)]

mod against_out;
mod assign_out;
mod catalogue_md;
pub mod charts;
mod check;
mod compare_out;
mod csv_out;
mod diff_out;
mod escape;
mod graph_out;
mod html;
mod impact_out;
mod listing;
mod markdown;
mod number;
mod org_out;
pub mod palette;
mod parts;
mod person;
mod plan_out;
mod report_md;
mod reporting_out;
mod scenario_out;
mod schema;
mod text;
mod workbook;

pub use assign_out::{
    ASSIGN_SCHEMA, AssignReport, AssignedOut, LoadOut, OverlapOwners, render_assign_markdown,
    render_assign_text,
};
pub use catalogue_md::render_catalogue_markdown;
pub use check::{
    CHECK_SCHEMA, CalibrationOut, CandidateOut, CheckReport, KeyPersonOut, NearestOut,
    OUT_OF_REACH, OverlapOut, ResponsibilityOut, RoleOut, SummaryOut, TRUCK_FACTOR_NAMES,
    TruckFactorOut, TruckFactorReport, overlap_sides,
};
pub use compare_out::{
    COMPARE_SCHEMA, CompareColumn, CompareReport, CompareRow, StatusRow, render_compare_markdown,
    render_compare_text,
};
pub use csv_out::render_csv;
pub use diff_out::{DIFF_SCHEMA, DiffReport, StatusChange, render_diff_markdown, render_diff_text};
pub use escape::{csv_cell, markdown as escape_markdown};
pub use graph_out::{GraphContext, render_dot, render_graph_json, render_mermaid};
pub use html::{BaselineSection, FullReport, OrgSection, controls_shown, partials, render_html};
pub use impact_out::{
    DepartureOut, IMPACT_SCHEMA, ImpactReport, render_impact_markdown, render_impact_text,
};
pub use listing::LISTED;
pub use markdown::render_markdown;
pub use org_out::{
    DutyUnitsOut, ORG_SCHEMA, OrgReport, SpanOut, WideOut, render_org_markdown, render_org_text,
};
pub use parts::{REPORT_MAX_SPAN, ReportParts};
pub use person::{Ids, Named, Namer, People, Person, ids, people};
pub use plan_out::{
    HireOut, PLAN_SCHEMA, PlanBase, PlanReport, StepOut, UpskillOut, render_plan_markdown,
    render_plan_scenario, render_plan_text,
};
pub use report_md::render_report_markdown;
pub use reporting_out::{
    ReportingContext, render_org_dot, render_org_graph_json, render_org_mermaid,
};
pub use scenario_out::{ScenarioRef, describe_scenario};
pub use schema::{JSON_SCHEMAS, json_schema, schema_of};
pub use text::{TextOptions, render_text, truncate};
pub use workbook::{
    PEOPLE_LISTED, PeopleTable, PersonRow, Table, WorkbookError, render_table_workbook,
    render_template, render_template_csv, render_workbook, template_header, template_skills,
};

/// `n` and the noun for it, singular or plural.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `n` and the noun for it, singular or plural, with thousands separated (`12,345 people`).
pub fn count_thousands(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        number::thousands(n),
        if n == 1 { one } else { many }
    )
}

/// Pretty-printed JSON with a final newline; report types always serialise.
pub(crate) fn pretty_json<T: serde::Serialize>(value: &T) -> String {
    to_json(value).expect("report types serialise to JSON")
}

/// Pretty-printed JSON with a final newline, every invisible or direction-changing
/// character in a string written as a `\uXXXX` escape: the same JSON value, but no byte
/// that can drive a terminal or reorder what a reader sees.
pub fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let mut bytes = Vec::new();
    write_json(value, &mut bytes)?;
    String::from_utf8(bytes)
        .map_err(|e| serde_json::Error::io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// [`to_json`] written into `out` as it is made, never whole in memory (a `check.json` of a
/// million declared owners is tens of megabytes).
pub fn write_json<T: serde::Serialize>(
    value: &T,
    out: impl std::io::Write,
) -> serde_json::Result<()> {
    // serde_json writes a few bytes at a time: they are escaped in blocks.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, escape::JsonInvisible::new(out));
    serde_json::to_writer_pretty(&mut buffered, value)?;
    std::io::Write::write_all(&mut buffered, b"\n").map_err(serde_json::Error::io)?;
    let escaped = buffered
        .into_inner()
        .map_err(|e| serde_json::Error::io(e.into_error()))?;
    escaped.into_inner().map_err(serde_json::Error::io)?;
    Ok(())
}
