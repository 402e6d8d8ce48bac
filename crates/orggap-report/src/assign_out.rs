//! The assignment (`orggap assign`) as JSON (`orggap.assign.v1`), text and Markdown.

use std::fmt::Write as _;

use orggap_analysis::Assignment;
use orggap_model::{Catalogue, RoleIdx, Roster, visible};
use serde::Serialize;

use crate::escape::markdown as md;
use crate::listing::{LISTED, first, more};
use crate::person::Person;
use crate::text::truncate;

/// The schema id of assignment reports.
pub const ASSIGN_SCHEMA: &str = "orggap.assign.v1";

/// The result of `orggap assign`, ready to render or serialise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AssignReport {
    /// Always [`ASSIGN_SCHEMA`].
    pub schema: &'static str,
    /// The scenario analysed (`--scenario`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<crate::ScenarioRef>,
    /// Owners, in catalogue order.
    pub assigned: Vec<AssignedOut>,
    /// Responsibilities without an owner, in catalogue order.
    pub unassigned: Vec<String>,
    /// Unassigned because nobody is qualified.
    pub skill_gaps: Vec<String>,
    /// Unassigned although someone is qualified: everyone qualified is at capacity.
    pub capacity_gaps: Vec<String>,
    /// How many owners are the declared owner.
    pub kept_owners: usize,
    /// Load of everyone who owns something, in roster order.
    pub load: Vec<LoadOut>,
    /// Overlapping pairs with the owner chosen on each side.
    pub overlaps: Vec<OverlapOwners>,
}

/// One owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AssignedOut {
    /// Responsibility id.
    pub responsibility: String,
    /// The owner.
    #[serde(flatten)]
    pub person: Person,
}

/// One person's load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LoadOut {
    /// Who.
    #[serde(flatten)]
    pub person: Person,
    /// Responsibilities assigned.
    pub assigned: u32,
    /// Capacity.
    pub capacity: u32,
}

/// An overlap pair with its owners.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OverlapOwners {
    /// The two responsibility ids.
    pub responsibilities: [String; 2],
    /// The owner of each side, if any.
    #[serde(serialize_with = "crate::person::optional_names")]
    #[schemars(with = "[Option<String>; 2]")]
    pub owners: [Option<Person>; 2],
    /// Their ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owners_ids: Option<[Option<String>; 2]>,
}

impl AssignReport {
    /// Builds the report from an assignment.
    pub fn new(catalogue: &Catalogue, roster: &Roster, assignment: &Assignment) -> AssignReport {
        let id = |r: orggap_model::RespIdx| catalogue.responsibility(r).id.clone();
        let owner_of =
            |r: orggap_model::RespIdx| assignment.owner[r.index()].map(|p| Person::of(roster, p));
        let owner_id = |r: orggap_model::RespIdx| {
            assignment.owner[r.index()]
                .and_then(|p| roster.id(p))
                .map(str::to_owned)
        };
        AssignReport {
            schema: ASSIGN_SCHEMA,
            scenario: None,
            assigned: catalogue
                .responsibility_indices()
                .filter_map(|r| {
                    owner_of(r).map(|person| AssignedOut {
                        responsibility: id(r),
                        person,
                    })
                })
                .collect(),
            unassigned: catalogue
                .responsibility_indices()
                .filter(|r| assignment.owner[r.index()].is_none())
                .map(id)
                .collect(),
            skill_gaps: assignment.skill_gaps.iter().map(|&r| id(r)).collect(),
            capacity_gaps: assignment.capacity_gaps.iter().map(|&r| id(r)).collect(),
            kept_owners: assignment.kept_owners,
            load: assignment
                .load
                .iter()
                .map(|&(p, assigned, capacity)| LoadOut {
                    person: Person::of(roster, p),
                    assigned,
                    capacity,
                })
                .collect(),
            overlaps: catalogue
                .overlaps()
                .iter()
                .map(|&(a, b)| OverlapOwners {
                    responsibilities: [id(a), id(b)],
                    owners: [owner_of(a), owner_of(b)],
                    owners_ids: roster.has_ids().then(|| [owner_id(a), owner_id(b)]),
                })
                .collect(),
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }

    fn owner(&self, id: &str) -> Option<&str> {
        self.assigned
            .iter()
            .find(|a| a.responsibility == id)
            .map(|a| a.person.label())
    }

    fn why_unassigned(&self, id: &str) -> &'static str {
        if self.skill_gaps.iter().any(|g| g == id) {
            "nobody is qualified (skill gap)"
        } else {
            "everyone qualified is at capacity (capacity gap)"
        }
    }
}

/// Renders the assignment for a terminal, grouped by role.
pub fn render_assign_text(report: &AssignReport, catalogue: &Catalogue, width: usize) -> String {
    let mut out = crate::scenario_out::text_line(report.scenario.as_ref());
    let total = report.assigned.len() + report.unassigned.len();
    let _ = writeln!(
        out,
        "{} of {total} duties have an owner; {} skill gaps, {} capacity gaps; {} declared owners kept",
        report.assigned.len(),
        report.skill_gaps.len(),
        report.capacity_gaps.len(),
        report.kept_owners
    );
    let column = catalogue
        .responsibilities()
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(0);
    // Every duty of every role, as long as the list stays readable.
    let mut listed = 0;
    for (i, role) in catalogue.roles().iter().enumerate() {
        if listed >= LISTED {
            break;
        }
        let _ = writeln!(out, "\n{} ({})", role.name, role.id);
        for &r in catalogue.responsibilities_of(RoleIdx::from_usize(i)) {
            if listed == LISTED {
                break;
            }
            listed += 1;
            let id = &catalogue.responsibility(r).id;
            let who = match report.owner(id) {
                Some(person) => visible(person).into_owned(),
                None => format!("— {}", report.why_unassigned(id)),
            };
            let line = format!("  {id:<column$}  {who}");
            let _ = writeln!(out, "{}", truncate(&line, width));
        }
    }
    if let Some(line) = more(total.saturating_sub(listed), "duties") {
        let _ = writeln!(out, "\n  {line}");
    }
    let _ = writeln!(out, "\nLoad");
    let (load, left_out) = first(&report.load);
    let names: Vec<String> = load
        .iter()
        .map(|l| truncate(&visible(&l.person), 28))
        .collect();
    let column = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (l, name) in load.iter().zip(names) {
        let pad = column - name.chars().count();
        let _ = writeln!(
            out,
            "  {name}{}  {} of {}",
            " ".repeat(pad),
            l.assigned,
            l.capacity
        );
    }
    if let Some(line) = more(left_out, "owners") {
        let _ = writeln!(out, "  {line}");
    }
    if !report.overlaps.is_empty() {
        let _ = writeln!(out, "\nRole overlaps: owners on each side");
        let (shown, left_out) = first(&report.overlaps);
        for o in shown {
            let side = |i: usize| {
                o.owners[i]
                    .as_deref()
                    .map_or("nobody".into(), |p| visible(p).into_owned())
            };
            let line = format!(
                "  {} ({}) ↔ {} ({})",
                o.responsibilities[0],
                side(0),
                o.responsibilities[1],
                side(1)
            );
            let _ = writeln!(out, "{}", truncate(&line, width));
        }
        if let Some(line) = more(left_out, "overlaps") {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// Renders the assignment as Markdown.
pub fn render_assign_markdown(report: &AssignReport, catalogue: &Catalogue) -> String {
    let mut out = String::from("# Owners\n\n");
    out.push_str(&crate::scenario_out::markdown_line(
        report.scenario.as_ref(),
    ));
    let _ = writeln!(
        out,
        "{} of {} duties have an owner; {} skill gaps, {} capacity gaps.\n",
        report.assigned.len(),
        report.assigned.len() + report.unassigned.len(),
        report.skill_gaps.len(),
        report.capacity_gaps.len()
    );
    let _ = writeln!(out, "| Duty | Owner |\n|---|---|");
    let (duties, left_out) = first(catalogue.responsibilities());
    for r in duties {
        let who = match report.owner(&r.id) {
            Some(person) => md(person),
            None => format!("— {}", report.why_unassigned(&r.id)),
        };
        let _ = writeln!(out, "| `{}` | {who} |", r.id);
    }
    if let Some(line) = more(left_out, "duties") {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = writeln!(out, "\n| Person | Owns | Capacity |\n|---|---|---|");
    let (load, left_out) = first(&report.load);
    for l in load {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            md(&l.person),
            l.assigned,
            l.capacity
        );
    }
    if let Some(line) = more(left_out, "owners") {
        let _ = writeln!(out, "\n{line}");
    }
    out
}
