//! `orggap compare`: the baseline and each scenario side by side.

use orggap_analysis::Status;
use std::fmt::Write as _;

use serde::Serialize;

use crate::check::SummaryOut;
use crate::person::{Person, names};
use crate::{AssignReport, CheckReport, PlanReport, escape};

/// Schema id of the compare JSON.
pub const COMPARE_SCHEMA: &str = "orggap.compare.v1";

/// The baseline and each scenario, one column each, and the duties whose status differs.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CompareReport {
    /// Always [`COMPARE_SCHEMA`].
    pub schema: &'static str,
    /// The baseline first, then each scenario in the order given.
    pub columns: Vec<CompareColumn>,
    /// Every duty whose status differs between columns, in catalogue order, with its
    /// status in each column.
    pub responsibilities: Vec<StatusRow>,
}

/// One column: a roster as a scenario makes it (or as it is).
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CompareColumn {
    /// `baseline`, or the scenario's name.
    pub name: String,
    /// The scenario file, for a scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// People analysed.
    pub people: usize,
    /// Duties by status.
    pub summary: SummaryOut,
    /// The truck factor of the whole catalogue.
    pub truck_factor: usize,
    /// Key people (sole qualified person for some duty), most duties first.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub key_people: Vec<Person>,
    /// Duties `assign` leaves without an owner.
    pub unowned: usize,
    /// Level steps of training `plan` still proposes.
    pub training_steps: u32,
    /// People `plan` still proposes to hire (as `plan` counts them: every person of every
    /// profile).
    pub hires: usize,
    /// The hiring profiles those people fall into.
    pub hire_profiles: usize,
    /// Of those people, the must-hires: a first hire for a duty nobody holds even after the
    /// training (the rest are for the bench).
    pub must_hires: usize,
    /// Each duty's id, role, title and status, in catalogue order (not serialised: the
    /// differing rows are).
    #[serde(skip)]
    statuses: Vec<(String, String, String, Status)>,
}

/// A duty's status in each column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StatusRow {
    /// Responsibility id.
    pub id: String,
    /// The role's id.
    pub role: String,
    /// The duty's title.
    pub title: String,
    /// Its status in each column, in column order.
    pub status: Vec<Status>,
}

impl StatusRow {
    /// The duty as a reader knows it: `CPO · Set the product strategy`.
    pub fn label(&self) -> String {
        format!("{} · {}", self.role.to_uppercase(), self.title)
    }
}

impl CompareColumn {
    /// A column from the reports of one roster: the check, the assignment and the plan.
    pub fn new(
        name: &str,
        file: Option<&str>,
        check: &CheckReport,
        assign: &AssignReport,
        plan: &PlanReport,
    ) -> CompareColumn {
        CompareColumn {
            name: name.to_owned(),
            file: file.map(str::to_owned),
            people: check.people,
            summary: check.summary,
            truck_factor: check.truck_factor.overall.size,
            key_people: check.key_people.iter().map(|k| k.person.clone()).collect(),
            unowned: assign.unassigned.len(),
            training_steps: plan.total_steps,
            hires: plan.hires.iter().map(|h| h.count as usize).sum(),
            hire_profiles: plan.hires.len(),
            must_hires: plan.hires.iter().map(|h| h.must_hire as usize).sum(),
            statuses: check
                .responsibilities
                .iter()
                .map(|r| (r.id.clone(), r.role.clone(), r.title.clone(), r.status))
                .collect(),
        }
    }
}

impl CompareReport {
    /// The report of `columns` (the baseline first), all of one catalogue.
    pub fn new(columns: Vec<CompareColumn>) -> CompareReport {
        let duties = columns.first().map_or(0, |c| c.statuses.len());
        let responsibilities = (0..duties)
            .filter_map(|i| {
                let status: Vec<Status> = columns.iter().map(|c| c.statuses[i].3).collect();
                let differs = status.iter().any(|s| *s != status[0]);
                let (id, role, title, _) = &columns[0].statuses[i];
                differs.then(|| StatusRow {
                    id: id.clone(),
                    role: role.clone(),
                    title: title.clone(),
                    status,
                })
            })
            .collect();
        CompareReport {
            schema: COMPARE_SCHEMA,
            columns,
            responsibilities,
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }

    /// The side-by-side table as rows: each with its label, one value per column and
    /// which of them are the best (none when the values are equal or neither way is better).
    pub fn table(&self) -> Vec<CompareRow> {
        self.rows()
            .into_iter()
            .map(|(label, values, higher)| CompareRow {
                best: best(&values, higher),
                label,
                values,
            })
            .collect()
    }

    /// The rows of the side-by-side table: label, one value per column, and which way is
    /// better (`Some(true)`: higher; `None`: neither).
    fn rows(&self) -> Vec<(&'static str, Vec<u64>, Option<bool>)> {
        let row = |f: &dyn Fn(&CompareColumn) -> u64| self.columns.iter().map(f).collect();
        let unassessed: Vec<u64> = row(&|c| c.summary.unassessed as u64);
        let mut rows = vec![
            ("people", row(&|c| c.people as u64), None),
            ("covered", row(&|c| c.summary.covered as u64), Some(true)),
            ("at risk", row(&|c| c.summary.at_risk as u64), Some(false)),
            ("gaps", row(&|c| c.summary.gap as u64), Some(false)),
            ("accepted", row(&|c| c.summary.accepted as u64), None),
            ("truck factor", row(&|c| c.truck_factor as u64), Some(true)),
            (
                "key people",
                row(&|c| c.key_people.len() as u64),
                Some(false),
            ),
            ("unowned (assign)", row(&|c| c.unowned as u64), Some(false)),
            (
                "training steps (plan)",
                row(&|c| u64::from(c.training_steps)),
                Some(false),
            ),
            (
                "people to hire (plan)",
                row(&|c| c.hires as u64),
                Some(false),
            ),
            (
                "  of whom must-hires",
                row(&|c| c.must_hires as u64),
                Some(false),
            ),
        ];
        // Only where some column has unassessed duties: a roster without unknowns keeps
        // its table.
        if unassessed.iter().any(|&n| n > 0) {
            rows.insert(5, ("unassessed", unassessed, Some(false)));
        }
        rows
    }
}

/// One row of the side-by-side table ([`CompareReport::table`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompareRow {
    /// What it counts: `covered`, `gaps`, `truck factor`…
    pub label: &'static str,
    /// One value per column.
    pub values: Vec<u64>,
    /// Which values are the best of the row.
    pub best: Vec<bool>,
}

/// Which values of a row are the best (all of them when they are equal: nothing stands out).
fn best(values: &[u64], higher: Option<bool>) -> Vec<bool> {
    let Some(higher) = higher else {
        return vec![false; values.len()];
    };
    let target = match higher {
        true => values.iter().max(),
        false => values.iter().min(),
    };
    let all_equal = values.windows(2).all(|w| w[0] == w[1]);
    values
        .iter()
        .map(|v| !all_equal && Some(v) == target)
        .collect()
}

/// Longest column header before it is cut (the full names are listed above the table).
const HEADER_CHARS: usize = 18;

/// The side-by-side table for a terminal: one column per roster, the best value of each
/// row marked `*`, then every duty whose status differs.
pub fn render_compare_text(report: &CompareReport) -> String {
    let mut out = String::new();
    for (i, c) in report.columns.iter().enumerate() {
        let file = c
            .file
            .as_deref()
            .map(|f| format!(" ({f})"))
            .unwrap_or_default();
        let _ = writeln!(out, "{}: {}{file}", letter(i), c.name);
    }
    out.push('\n');
    let headers: Vec<String> = report
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {}", letter(i), crate::truncate(&c.name, HEADER_CHARS)))
        .collect();
    let label_width = 22;
    let widths: Vec<usize> = headers.iter().map(|h| h.chars().count().max(8)).collect();
    let _ = write!(out, "{:label_width$}", "");
    for (h, w) in headers.iter().zip(&widths) {
        let _ = write!(out, "  {h:>w$}");
    }
    out.push('\n');
    for (label, values, higher) in report.rows() {
        let _ = write!(out, "{label:label_width$}");
        for ((v, w), is_best) in values.iter().zip(&widths).zip(best(&values, higher)) {
            let cell = match is_best {
                true => format!("*{v}"),
                false => v.to_string(),
            };
            let _ = write!(out, "  {cell:>w$}");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "\n(* the best value of its row)");
    if report.responsibilities.is_empty() {
        let _ = writeln!(out, "\nNo duty changes status.");
        return out;
    }
    let _ = writeln!(out, "\nDuties whose status differs");
    let id_width = report
        .responsibilities
        .iter()
        .map(|r| r.label().chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    let (rows, left_out) = crate::listing::first(&report.responsibilities);
    for row in rows {
        let _ = write!(out, "  {:id_width$}", crate::truncate(&row.label(), 40));
        for (status, w) in row.status.iter().zip(&widths) {
            let _ = write!(out, "  {status:>w$}");
        }
        out.push('\n');
    }
    if let Some(more) = crate::listing::more(left_out, "duties") {
        let _ = writeln!(out, "  {more}");
    }
    out
}

/// The same as Markdown: the table with the best values in bold, and the differing duties.
pub fn render_compare_markdown(report: &CompareReport) -> String {
    let mut out = String::from("# Scenarios compared\n\n| |");
    for c in &report.columns {
        let _ = write!(out, " {} |", escape::markdown(&c.name));
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(report.columns.len()));
    out.push('\n');
    for (label, values, higher) in report.rows() {
        let _ = write!(out, "| {label} |");
        for (v, is_best) in values.iter().zip(best(&values, higher)) {
            match is_best {
                true => {
                    let _ = write!(out, " **{v}** |");
                }
                false => {
                    let _ = write!(out, " {v} |");
                }
            }
        }
        out.push('\n');
    }
    out.push_str("\nThe best value of each row is in bold.\n");
    if report.responsibilities.is_empty() {
        out.push_str("\nNo duty changes status.\n");
        return out;
    }
    out.push_str("\n## Duties whose status differs\n\n| Duty |");
    for c in &report.columns {
        let _ = write!(out, " {} |", escape::markdown(&c.name));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(report.columns.len()));
    out.push('\n');
    let (rows, left_out) = crate::listing::first(&report.responsibilities);
    for row in rows {
        let _ = write!(out, "| {} |", escape::markdown(&row.label()));
        for status in &row.status {
            let _ = write!(out, " {status} |");
        }
        out.push('\n');
    }
    if let Some(more) = crate::listing::more(left_out, "duties") {
        let _ = writeln!(out, "\n{more}");
    }
    out
}

/// The column letter shown before each name: A for the baseline, then B, C, … (numbers
/// past Z).
fn letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(i) if i < 26 => char::from(b'A' + i).to_string(),
        _ => format!("#{}", i + 1),
    }
}
