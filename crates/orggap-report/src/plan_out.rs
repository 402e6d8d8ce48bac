//! The plan (`orggap plan`) as JSON (`orggap.plan.v1`), text and Markdown.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use orggap_analysis::Plan;
use orggap_model::{Catalogue, Roster, visible};
use serde::Serialize;

use crate::escape::markdown as md;
use crate::listing::{first, more};
use crate::person::Person;
use crate::text::fill;

/// The schema id of plan reports.
pub const PLAN_SCHEMA: &str = "orggap.plan.v1";

/// The plan, with ids and names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanReport {
    /// Always [`PLAN_SCHEMA`].
    pub schema: &'static str,
    /// The scenario analysed (`--scenario`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<crate::ScenarioRef>,
    /// The most level steps one person is trained for one duty.
    pub max_steps: u32,
    /// Level steps of training in total.
    pub total_steps: u32,
    /// Training, in roster order.
    pub upskill: Vec<UpskillOut>,
    /// Hires, by role.
    pub hires: Vec<HireOut>,
}

/// One person's training.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UpskillOut {
    /// Who.
    #[serde(flatten)]
    pub person: Person,
    /// The steps.
    pub steps: Vec<StepOut>,
    /// Level steps in total.
    pub total_steps: u32,
    /// Duties it closes.
    pub closes: Vec<String>,
}

/// One skill step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepOut {
    /// Skill id.
    pub skill: String,
    /// Level now.
    pub from: u8,
    /// Level needed.
    pub to: u8,
}

/// One hire profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HireOut {
    /// Role id.
    pub role: String,
    /// How many people.
    pub count: u32,
    /// Skill ids with minimum levels.
    pub requires: BTreeMap<String, u8>,
    /// Duties it closes.
    pub closes: Vec<String>,
}

impl PlanReport {
    /// Builds the report.
    pub fn new(catalogue: &Catalogue, roster: &Roster, plan: &Plan) -> PlanReport {
        let ids = |list: &[orggap_model::RespIdx]| {
            list.iter()
                .map(|&r| catalogue.responsibility(r).id.clone())
                .collect()
        };
        PlanReport {
            schema: PLAN_SCHEMA,
            scenario: None,
            max_steps: plan.max_steps,
            total_steps: plan.total_steps(),
            upskill: plan
                .upskill
                .iter()
                .map(|u| UpskillOut {
                    person: Person::of(roster, u.person),
                    steps: u
                        .steps
                        .iter()
                        .map(|&(s, from, to)| StepOut {
                            skill: catalogue.skill(s).id.clone(),
                            from,
                            to,
                        })
                        .collect(),
                    total_steps: u.total_steps(),
                    closes: ids(&u.closes),
                })
                .collect(),
            hires: plan
                .hires
                .iter()
                .map(|h| HireOut {
                    role: catalogue.role(h.role).id.clone(),
                    count: h.count,
                    requires: h
                        .requires
                        .iter()
                        .map(|&(s, l)| (catalogue.skill(s).id.clone(), l))
                        .collect(),
                    closes: ids(&h.closes),
                })
                .collect(),
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }
}

fn step_list(u: &UpskillOut) -> Vec<String> {
    u.steps
        .iter()
        .map(|s| format!("{} {}→{}", s.skill, s.from, s.to))
        .collect()
}

fn steps(u: &UpskillOut) -> String {
    step_list(u).join(", ")
}

fn profile(h: &HireOut) -> String {
    h.requires
        .iter()
        .map(|(s, l)| format!("{s} ≥ {l}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first item with `prefix` before it (so it follows a heading with a space).
fn prefixed(prefix: &str, items: &[String]) -> Vec<String> {
    let mut items = items.to_vec();
    if let Some(first) = items.first_mut() {
        first.insert_str(0, prefix);
    }
    items
}

fn role_name<'a>(catalogue: &'a Catalogue, id: &'a str) -> &'a str {
    catalogue
        .find_role(id)
        .map_or(id, |r| catalogue.role(r).name.as_str())
}

/// Renders the plan for a terminal.
pub fn render_plan_text(report: &PlanReport, catalogue: &Catalogue) -> String {
    let mut out = crate::scenario_out::text_line(report.scenario.as_ref());
    let hires: u32 = report.hires.iter().map(|h| h.count).sum();
    let _ = writeln!(
        out,
        "Plan: train {} people ({} level steps), then hire {hires}",
        report.upskill.len(),
        report.total_steps,
    );
    let _ = writeln!(
        out,
        "(training stops at {} level steps per duty)",
        report.max_steps
    );
    if report.upskill.is_empty() && report.hires.is_empty() {
        let _ = writeln!(out, "\nNothing to do: no gap and no duty at risk.");
    }
    if !report.upskill.is_empty() {
        let _ = writeln!(out, "\nTrain");
        let (shown, left_out) = first(&report.upskill);
        for u in shown {
            let head = format!("  {}:", visible(&u.person));
            fill(
                &mut out,
                &head,
                "    ",
                "",
                &prefixed(" ", &step_list(u)),
                80,
            );
            fill(&mut out, "    ", "      ", "closes", &u.closes, 80);
        }
        if let Some(line) = more(left_out, "people to train") {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !report.hires.is_empty() {
        let _ = writeln!(out, "\nHire");
        let (shown, left_out) = first(&report.hires);
        for h in shown {
            let head = format!("  {} × {}-type:", h.count, role_name(catalogue, &h.role));
            let needs: Vec<String> = h
                .requires
                .iter()
                .map(|(s, l)| format!("{s} ≥ {l}"))
                .collect();
            fill(&mut out, &head, "    ", "", &prefixed(" ", &needs), 80);
            fill(&mut out, "    ", "      ", "closes", &h.closes, 80);
        }
        if let Some(line) = more(left_out, "hiring profiles") {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// Renders the plan as Markdown.
pub fn render_plan_markdown(report: &PlanReport, catalogue: &Catalogue) -> String {
    let mut out = String::from("# Plan to close the gaps\n\n");
    out.push_str(&crate::scenario_out::markdown_line(
        report.scenario.as_ref(),
    ));
    let _ = writeln!(
        out,
        "Training stops at {} level steps per duty; past that, hire.\n",
        report.max_steps
    );
    let _ = writeln!(out, "| Train | Steps | Closes |\n|---|---|---|");
    let (shown, left_out) = first(&report.upskill);
    for u in shown {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            md(&u.person),
            steps(u),
            u.closes.join(", ")
        );
    }
    if let Some(line) = more(left_out, "people to train") {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = writeln!(out, "\n| Hire | Profile | Closes |\n|---|---|---|");
    let (shown, left_out) = first(&report.hires);
    for h in shown {
        let _ = writeln!(
            out,
            "| {} × {}-type | {} | {} |",
            h.count,
            md(role_name(catalogue, &h.role)),
            profile(h),
            h.closes.join(", ")
        );
    }
    if let Some(line) = more(left_out, "hiring profiles") {
        let _ = writeln!(out, "\n{line}");
    }
    out
}
