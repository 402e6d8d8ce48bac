//! Two roster snapshots compared (`orggap diff`): statuses that changed, people added and
//! gone, key people changed.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use orggap_model::{Roster, visible};
use serde::Serialize;

use crate::check::{CheckReport, SummaryOut};
use crate::escape::markdown as md;

/// The schema id of diff reports.
pub const DIFF_SCHEMA: &str = "orggap.diff.v1";

/// The difference between two analyses of the same catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffReport {
    /// Always [`DIFF_SCHEMA`].
    pub schema: &'static str,
    /// Counts before and after.
    pub summary: [SummaryOut; 2],
    /// Duties whose status changed, in catalogue order.
    pub changed: Vec<StatusChange>,
    /// Duties that were not gaps before and are gaps now.
    pub new_gaps: Vec<String>,
    /// People in the new roster only, in its order.
    pub people_added: Vec<String>,
    /// People in the old roster only, in its order.
    pub people_gone: Vec<String>,
    /// Key people now who were not before.
    pub key_people_added: Vec<String>,
    /// Key people before who are not now.
    pub key_people_gone: Vec<String>,
}

/// One duty whose status changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// Responsibility id.
    pub id: String,
    /// Status before.
    pub from: &'static str,
    /// Status after.
    pub to: &'static str,
    /// Qualified people before and after.
    pub qualified_count: [usize; 2],
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn names(roster: &Roster) -> Vec<&str> {
    roster.people().map(|p| roster.name(p)).collect()
}

fn only_in(a: &[&str], b: &[&str]) -> Vec<String> {
    let other: BTreeSet<&str> = b.iter().copied().collect();
    a.iter()
        .filter(|n| !other.contains(*n))
        .map(|n| (*n).to_owned())
        .collect()
}

impl DiffReport {
    /// Compares the analyses of two rosters (same catalogue and policy).
    pub fn new(
        old: &CheckReport,
        new: &CheckReport,
        old_roster: &Roster,
        new_roster: &Roster,
    ) -> DiffReport {
        let mut changed = Vec::new();
        let mut new_gaps = Vec::new();
        for (a, b) in old.responsibilities.iter().zip(&new.responsibilities) {
            if a.status != b.status {
                changed.push(StatusChange {
                    id: b.id.clone(),
                    from: a.status,
                    to: b.status,
                    qualified_count: [a.qualified_count, b.qualified_count],
                });
                if b.status == "gap" {
                    new_gaps.push(b.id.clone());
                }
            }
        }
        let (before, after) = (names(old_roster), names(new_roster));
        let key = |r: &CheckReport| -> Vec<String> {
            r.key_people.iter().map(|k| k.person.clone()).collect()
        };
        let (key_old, key_new) = (key(old), key(new));
        DiffReport {
            schema: DIFF_SCHEMA,
            summary: [old.summary, new.summary],
            changed,
            new_gaps,
            people_added: only_in(&after, &before),
            people_gone: only_in(&before, &after),
            key_people_added: only_in(&refs(&key_new), &refs(&key_old)),
            key_people_gone: only_in(&refs(&key_old), &refs(&key_new)),
        }
    }

    /// The lists of people that changed, with their headings.
    fn people_lists(&self) -> [(&'static str, &Vec<String>); 4] {
        [
            ("People added", &self.people_added),
            ("People gone", &self.people_gone),
            ("New key people", &self.key_people_added),
            ("No longer key people", &self.key_people_gone),
        ]
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }
}

fn summary_line(s: &SummaryOut) -> String {
    format!(
        "{} covered, {} at risk, {} gaps",
        s.covered, s.at_risk, s.gap
    )
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|n| visible(n).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders the diff for a terminal.
pub fn render_diff_text(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "before: {}", summary_line(&report.summary[0]));
    let _ = writeln!(out, "after:  {}", summary_line(&report.summary[1]));
    if report.changed.is_empty() {
        let _ = writeln!(out, "\nNo duty changed status.");
    } else {
        let _ = writeln!(out, "\nChanged");
        let column = report.changed.iter().map(|c| c.id.len()).max().unwrap_or(0);
        for c in &report.changed {
            let mark = if c.to == "gap" { "  NEW GAP" } else { "" };
            let _ = writeln!(
                out,
                "  {:<column$}  {} → {} ({} → {} qualified){mark}",
                c.id, c.from, c.to, c.qualified_count[0], c.qualified_count[1]
            );
        }
    }
    for (label, items) in report.people_lists() {
        if !items.is_empty() {
            let _ = writeln!(out, "\n{label}: {}", list(items));
        }
    }
    out
}

/// Renders the diff as Markdown.
pub fn render_diff_markdown(report: &DiffReport) -> String {
    let mut out = String::from("# Coverage before and after\n\n");
    let _ = writeln!(
        out,
        "- Before: {}\n- After: {}\n",
        summary_line(&report.summary[0]),
        summary_line(&report.summary[1])
    );
    let _ = writeln!(
        out,
        "| Duty | Before | After | Qualified |\n|---|---|---|---|"
    );
    for c in &report.changed {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} → {} |",
            c.id, c.from, c.to, c.qualified_count[0], c.qualified_count[1]
        );
    }
    for (label, items) in report.people_lists() {
        let names: Vec<String> = items.iter().map(|n| md(n)).collect();
        let _ = writeln!(
            out,
            "\n**{label}:** {}",
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        );
    }
    out
}
