//! What each departure would do (`orggap impact`), as JSON, text and Markdown.

use std::fmt::Write as _;

use orggap_analysis::{Analysis, Departure};
use orggap_model::{Catalogue, Roster, visible};
use serde::Serialize;

use crate::check::{OverlapOut, TruckFactorReport, overlap_sides};
use crate::escape::markdown as md;
use crate::listing::{first, more};
use crate::person::Person;
use crate::text::fill;

/// The schema id of impact reports.
pub const IMPACT_SCHEMA: &str = "orggap.impact.v1";

/// The result of `orggap impact`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ImpactReport {
    /// Always [`IMPACT_SCHEMA`].
    pub schema: &'static str,
    /// The scenario analysed (`--scenario`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<crate::ScenarioRef>,
    /// People analysed.
    pub people: usize,
    /// Every person whose departure changes a status, most harmful first.
    pub departures: Vec<DepartureOut>,
    /// How many people could leave without changing any status.
    pub unaffected: usize,
    /// The truck factor, overall and per role.
    pub truck_factor: TruckFactorReport,
    /// Role overlaps with who is qualified on each side.
    pub overlaps: Vec<OverlapOut>,
}

/// One person's departure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DepartureOut {
    /// Who leaves.
    #[serde(flatten)]
    pub person: Person,
    /// Duties that would become gaps.
    pub new_gaps: Vec<String>,
    /// Covered duties that would become at risk.
    pub new_at_risk: Vec<String>,
}

impl ImpactReport {
    /// Builds the report.
    pub fn new(
        catalogue: &Catalogue,
        roster: &Roster,
        analysis: &Analysis,
        departures: &[Departure],
    ) -> ImpactReport {
        let ids = |list: &[orggap_model::RespIdx]| {
            list.iter()
                .map(|&r| catalogue.responsibility(r).id.clone())
                .collect()
        };
        ImpactReport {
            schema: IMPACT_SCHEMA,
            scenario: None,
            people: analysis.people,
            departures: departures
                .iter()
                .map(|d| DepartureOut {
                    person: Person::of(roster, d.person),
                    new_gaps: ids(&d.new_gaps),
                    new_at_risk: ids(&d.new_at_risk),
                })
                .collect(),
            unaffected: analysis.people - departures.len(),
            truck_factor: TruckFactorReport::new(catalogue, roster, analysis),
            overlaps: overlap_sides(catalogue, roster, analysis),
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }
}

/// Renders the impact report for a terminal.
pub fn render_impact_text(report: &ImpactReport) -> String {
    let mut out = crate::scenario_out::text_line(report.scenario.as_ref());
    let _ = writeln!(
        out,
        "{} of {} people would change the coverage by leaving; {} would not",
        report.departures.len(),
        report.people,
        report.unaffected
    );
    let (shown, left_out) = first(&report.departures);
    for d in shown {
        let _ = writeln!(
            out,
            "\n  {}: {} new gaps, {} newly at risk",
            visible(&d.person),
            d.new_gaps.len(),
            d.new_at_risk.len()
        );
        for id in &d.new_gaps {
            let _ = writeln!(out, "    gap      {id}");
        }
        for id in &d.new_at_risk {
            let _ = writeln!(out, "    at risk  {id}");
        }
    }
    if let Some(line) = more(left_out, "people whose departure changes a status") {
        let _ = writeln!(out, "\n  {line}");
    }
    let tf = &report.truck_factor;
    let _ = writeln!(
        out,
        "\nTruck factor (fewest departures that leave most duties with nobody qualified)"
    );
    let (roles, left_out) = first(&tf.roles);
    for t in std::iter::once(&tf.overall).chain(roles) {
        let who: Vec<String> = t.people.iter().map(|p| visible(p).into_owned()).collect();
        let head = format!("  {:<4} {:>2}  ", t.scope, t.size);
        fill(&mut out, &head, &" ".repeat(head.len()), "", &who, 80);
    }
    if let Some(line) = more(left_out, "roles") {
        let _ = writeln!(out, "  {line}");
    }
    if !report.overlaps.is_empty() {
        let _ = writeln!(out, "\nRole overlaps (people qualified on each side)");
        let (shown, left_out) = first(&report.overlaps);
        for o in shown {
            let [a, b] = &o.responsibilities;
            let [na, nb] = o.qualified_count;
            let _ = writeln!(out, "  {a} ({na}) ↔ {b} ({nb})");
        }
        if let Some(line) = more(left_out, "overlaps") {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// Renders the impact report as Markdown.
pub fn render_impact_markdown(report: &ImpactReport) -> String {
    let mut out = String::from("# Departure impact\n\n");
    out.push_str(&crate::scenario_out::markdown_line(
        report.scenario.as_ref(),
    ));
    let _ = writeln!(out, "| Person | New gaps | Newly at risk |\n|---|---|---|");
    let (shown, left_out) = first(&report.departures);
    for d in shown {
        let list = |ids: &[String]| {
            ids.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            md(&d.person),
            list(&d.new_gaps),
            list(&d.new_at_risk)
        );
    }
    if let Some(line) = more(left_out, "people whose departure changes a status") {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = writeln!(
        out,
        "\n{} people could leave without changing any duty's status.",
        report.unaffected
    );
    let tf = &report.truck_factor;
    let _ = writeln!(
        out,
        "\n## Truck factor\n\n| Scope | Truck factor | People |\n|---|---|---|"
    );
    let (roles, left_out) = first(&tf.roles);
    for t in std::iter::once(&tf.overall).chain(roles) {
        let who: Vec<String> = t.people.iter().map(|p| md(p)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            md(&t.scope),
            t.size,
            who.join(", ")
        );
    }
    if let Some(line) = more(left_out, "roles") {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = writeln!(out, "\nMethod: {}.", tf.method);
    out
}
