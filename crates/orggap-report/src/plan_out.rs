//! The plan (`orggap plan`) as JSON (`orggap.plan.v1`), text and Markdown.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use orggap_analysis::Plan;
use orggap_model::{
    Catalogue, ChangeDoc, Entry, HireDoc, LevelValue, Levels, PersonIdx, RespIdx, Roster,
    ScenarioDoc, visible,
};
use serde::Serialize;

use crate::escape::markdown as md;
use crate::listing::{first, more};
use crate::person::Person;
use crate::text::{fill, fill_separated};

/// The schema id of plan reports.
pub const PLAN_SCHEMA: &str = "orggap.plan.v1";

/// The plan, with ids and names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    /// Whether the plan is proved the cheapest (fewest hires, then level steps, then people).
    pub optimal: bool,
    /// A proven lower bound on the level steps of any plan that hires as few.
    pub bound: u32,
    /// The assessments that could settle the unassessed duties, in roster order: to make
    /// before training, which reads an unknown level as 0.
    pub assess: Vec<AssessOut>,
    /// Training, in roster order.
    pub upskill: Vec<UpskillOut>,
    /// Hires, by role.
    pub hires: Vec<HireOut>,
    /// People to hire who must be: a first hire for a duty nobody holds even after the
    /// training.
    pub must_hire: u32,
    /// People to hire for the bench: to bring a duty someone holds up to its `min_owners`.
    pub bench_hire: u32,
}

/// Whom to assess in which skills.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AssessOut {
    /// Who.
    #[serde(flatten)]
    pub person: Person,
    /// Skill ids whose level is unknown, in catalogue order.
    pub skills: Vec<String>,
}

/// One person's training.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    /// Why this person, where the roster says who is interested in what: their interest in
    /// each skill they would learn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// One skill step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StepOut {
    /// Skill id.
    pub skill: String,
    /// Level now.
    pub from: u8,
    /// Level needed.
    pub to: u8,
}

/// One hire profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct HireOut {
    /// Role id.
    pub role: String,
    /// How many people.
    pub count: u32,
    /// How many of them are must-hires (the rest of `count` are bench hires).
    pub must_hire: u32,
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
            optimal: plan.optimal,
            bound: plan.bound,
            assess: plan
                .assess
                .iter()
                .map(|(p, skills)| AssessOut {
                    person: Person::of(roster, *p),
                    skills: skills
                        .iter()
                        .map(|&s| catalogue.skill(s).id.clone())
                        .collect(),
                })
                .collect(),
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
                    why: roster.has_interest().then(|| why(catalogue, roster, u)),
                })
                .collect(),
            hires: plan
                .hires
                .iter()
                .map(|h| HireOut {
                    role: catalogue.role(h.role).id.clone(),
                    count: h.count,
                    must_hire: h.must,
                    requires: h
                        .requires
                        .iter()
                        .map(|&(s, l)| (catalogue.skill(s).id.clone(), l))
                        .collect(),
                    closes: ids(&h.closes),
                })
                .collect(),
            must_hire: plan.must_hire_count(),
            bench_hire: plan.hire_count() - plan.must_hire_count(),
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }
}

/// Each step as `skill 2→4`; on a catalogue's own scale with the levels' names too
/// (`skill 2→4 (working→expert)`).
fn step_list(u: &UpskillOut, scale: &orggap_model::Scale) -> Vec<String> {
    let name = |n: u8| scale.name(level(n));
    u.steps
        .iter()
        .map(|s| match scale.is_builtin() {
            true => format!("{} {}→{}", s.skill, s.from, s.to),
            false => format!(
                "{} {}→{} ({}→{})",
                s.skill,
                s.from,
                s.to,
                name(s.from),
                name(s.to)
            ),
        })
        .collect()
}

fn level(n: u8) -> orggap_model::Level {
    orggap_model::Level::new(n).unwrap_or_default()
}

fn steps(u: &UpskillOut, scale: &orggap_model::Scale) -> String {
    step_list(u, scale).join(", ")
}

/// The titles of the duties `ids` names: a reader knows a duty by its title (JSON keeps the
/// ids). Titles hold commas, so lists of them are separated by `;`.
pub(crate) fn duty_titles(catalogue: &Catalogue, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            catalogue
                .find_responsibility(id)
                .map_or_else(|| id.clone(), |r| catalogue.responsibility(r).title.clone())
        })
        .collect()
}

/// How many people to hire and in how many profiles, then how many must be hired and how
/// many are for the bench: `18 people (5 profiles): 5 must-hires, 13 for the bench`, one unit
/// (people) as `plan`'s first line, `compare` and the workspace count them.
pub(crate) fn hire_count(report: &PlanReport) -> String {
    let people = report.must_hire + report.bench_hire;
    let profiles = report.hires.len();
    let plural = |n: u32, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    format!(
        "{} ({}): {}, {}",
        plural(people, "person", "people"),
        plural(profiles as u32, "profile", "profiles"),
        plural(report.must_hire, "must-hire", "must-hires"),
        plural(report.bench_hire, "for the bench", "for the bench"),
    )
}

/// A profile's split after its role: `` (all must-hires), ` (bench)` or
/// ` (1 must, 1 bench)`.
fn profile_split(h: &HireOut) -> String {
    match h.must_hire {
        0 => " (bench)".to_owned(),
        m if m == h.count => String::new(),
        m => format!(" ({m} must, {} bench)", h.count - m),
    }
}

/// A hiring profile, each skill `≥` its level as the scale shows it.
pub(crate) fn profile_list(h: &HireOut, scale: &orggap_model::Scale) -> Vec<String> {
    h.requires
        .iter()
        .map(|(s, &l)| format!("{s} ≥ {}", scale.shown(level(l))))
        .collect()
}

fn profile(h: &HireOut, scale: &orggap_model::Scale) -> String {
    profile_list(h, scale)
        .into_iter()
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

/// How good the plan is proved to be: optimal, or within a share of the optimum's steps.
fn proof(report: &PlanReport) -> String {
    if report.optimal {
        return "proved optimal".into();
    }
    match report.total_steps {
        // No bound: the search did not run (`--plan-time 0s`, or too large a model).
        steps if report.bound == 0 || steps == 0 => "not proved optimal".into(),
        // The greedy plan of a roster too large to search, meeting the bound on steps.
        steps if steps == report.bound => {
            "the fewest level steps; not proved to train the fewest people".into()
        }
        steps => {
            let gap = f64::from(steps.saturating_sub(report.bound)) / f64::from(steps) * 100.0;
            format!(
                "within {gap:.0}% of the optimum (at least {} level steps)",
                report.bound
            )
        }
    }
}

/// What the plan says before training: whom to assess first (none for a roster that
/// gives every level).
const ASSESS_FIRST: &str = "Assess first: these levels are unknown, and knowing them could \
settle the unassessed duties; the training below reads an unknown level as 0";

/// Renders the plan for a terminal.
pub fn render_plan_text(report: &PlanReport, catalogue: &Catalogue) -> String {
    let mut out = crate::scenario_out::text_line(report.scenario.as_ref());
    if !report.assess.is_empty() {
        let words: Vec<String> = ASSESS_FIRST.split(' ').map(str::to_owned).collect();
        crate::text::wrap(&mut out, &words, 80);
        let (shown, left_out) = first(&report.assess);
        for a in shown {
            let head = format!("  {}:", visible(&a.person));
            fill(&mut out, &head, "    ", "", &prefixed(" ", &a.skills), 80);
        }
        if let Some(line) = more(left_out, "people to assess") {
            let _ = writeln!(out, "  {line}");
        }
        out.push('\n');
    }
    let hires = match (report.must_hire, report.bench_hire) {
        (0, bench) => bench.to_string(),
        (must, bench) => format!("{} ({must} must)", must + bench),
    };
    let _ = writeln!(
        out,
        "Plan: train {} people ({} level steps), then hire {hires}",
        report.upskill.len(),
        report.total_steps,
    );
    let _ = writeln!(
        out,
        "(training stops at {} level steps per duty; {})",
        report.max_steps,
        proof(report)
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
                &prefixed(" ", &step_list(u, catalogue.scale())),
                80,
            );
            fill_separated(
                &mut out,
                "    ",
                "      ",
                "closes",
                &duty_titles(catalogue, &u.closes),
                80,
                ";",
            );
            if let Some(why) = &u.why {
                let _ = writeln!(out, "    why: {why}");
            }
        }
        if let Some(line) = more(left_out, "people to train") {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !report.hires.is_empty() {
        let _ = writeln!(out, "\nHire {}", hire_count(report));
        let (shown, left_out) = first(&report.hires);
        for h in shown {
            let head = format!(
                "  {} × {}-type{}:",
                h.count,
                role_name(catalogue, &h.role),
                profile_split(h)
            );
            let needs = profile_list(h, catalogue.scale());
            fill(&mut out, &head, "    ", "", &prefixed(" ", &needs), 80);
            fill_separated(
                &mut out,
                "    ",
                "      ",
                "closes",
                &duty_titles(catalogue, &h.closes),
                80,
                ";",
            );
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
    if !report.assess.is_empty() {
        let _ = writeln!(
            out,
            "> **{ASSESS_FIRST}.**\n\n| Assess | Skills |\n|---|---|"
        );
        let (shown, left_out) = first(&report.assess);
        for a in shown {
            let _ = writeln!(out, "| {} | {} |", md(&a.person), a.skills.join(", "));
        }
        if let Some(line) = more(left_out, "people to assess") {
            let _ = writeln!(out, "\n{line}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Training stops at {} level steps per duty; past that, hire. The plan is {}.\n",
        report.max_steps,
        proof(report)
    );
    let _ = writeln!(out, "| Train | Steps | Closes |\n|---|---|---|");
    let (shown, left_out) = first(&report.upskill);
    for u in shown {
        let why = u
            .why
            .as_ref()
            .map(|why| format!("<br>_{}_", md(why)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {}{why} | {} | {} |",
            md(&u.person),
            steps(u, catalogue.scale()),
            md(&duty_titles(catalogue, &u.closes).join("; "))
        );
    }
    if let Some(line) = more(left_out, "people to train") {
        let _ = writeln!(out, "\n{line}");
    }
    if !report.hires.is_empty() {
        let _ = writeln!(out, "\nHire {}.", hire_count(report));
    }
    let _ = writeln!(out, "\n| Hire | Profile | Closes |\n|---|---|---|");
    let (shown, left_out) = first(&report.hires);
    for h in shown {
        let _ = writeln!(
            out,
            "| {} × {}-type{} | {} | {} |",
            h.count,
            md(role_name(catalogue, &h.role)),
            profile_split(h),
            profile(h, catalogue.scale()),
            md(&duty_titles(catalogue, &h.closes).join("; "))
        );
    }
    if let Some(line) = more(left_out, "hiring profiles") {
        let _ = writeln!(out, "\n{line}");
    }
    out
}

/// What a plan is written on top of: the scenario already applied (if any) and the people
/// the analysis left out.
#[derive(Clone, Copy, Debug)]
pub struct PlanBase<'a> {
    /// The roster before any scenario (people of `roster` past its end are hires).
    pub baseline: &'a Roster,
    /// The scenario the plan was made under, as written.
    pub scenario: Option<&'a ScenarioDoc>,
    /// Who the analysis left out (`--without`, `--as-of`, the scenario's leavers).
    pub without: &'a [PersonIdx],
    /// The day of the analysis, `YYYY-MM-DD`.
    pub as_of: Option<&'a str>,
}

/// The plan as a scenario file (TOML) that a person can edit and compare: each trained
/// person a `[[change]]` with their levels after training, each hiring profile a `[[hire]]`
/// per person to hire, each with a comment saying what it closes. Applied to the roster the
/// plan was made for (with the same leavers, written in), it leaves no gap and no duty at
/// risk. A plan made under a scenario extends that scenario.
pub fn render_plan_scenario(
    plan: &Plan,
    catalogue: &Catalogue,
    roster: &Roster,
    base: PlanBase<'_>,
) -> String {
    let mut doc = base.scenario.cloned().unwrap_or_default();
    doc.name = Some(match &doc.name {
        Some(name) => format!("{name}, then the plan"),
        None => "Plan to close the gaps".into(),
    });
    if doc.as_of.is_none() {
        doc.as_of = base.as_of.map(str::to_owned);
    }
    let who = |p: PersonIdx| roster.reference(p).to_owned();
    for &p in base.without {
        let text = who(p);
        if p.index() < base.baseline.len() && !doc.leave.contains(&text) {
            doc.leave.push(text);
        }
    }
    let mut comments: Vec<(Entry, String)> = Vec::new();
    let duty_ids = |duties: &[RespIdx]| -> String {
        duties
            .iter()
            .map(|&r| catalogue.responsibility(r).id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for upskill in &plan.upskill {
        let p = upskill.person;
        let levels: Vec<(String, LevelValue)> = upskill
            .steps
            .iter()
            .map(|&(s, _, to)| {
                (
                    catalogue.skill(s).id.clone(),
                    LevelValue::Number(f64::from(to)),
                )
            })
            .collect();
        let comment = format!(
            "plan: train {} ({}); closes {}",
            roster.label(p),
            crate::count(upskill.total_steps() as usize, "level step", "level steps"),
            duty_ids(&upskill.closes)
        );
        // A hire of the scenario is trained in their own entry; someone the scenario
        // already changes, in that change.
        let entry = match p.index().checked_sub(base.baseline.len()) {
            Some(h) if h < doc.hire.len() => {
                merge_levels(&mut doc.hire[h].levels, levels, catalogue);
                Entry::Hire(h)
            }
            _ => {
                let text = who(p);
                let found = doc
                    .change
                    .iter()
                    .position(|c| c.person == text || c.person == roster.name(p));
                let i = found.unwrap_or_else(|| {
                    doc.change.push(ChangeDoc {
                        person: text,
                        ..ChangeDoc::default()
                    });
                    doc.change.len() - 1
                });
                merge_levels(&mut doc.change[i].levels, levels, catalogue);
                Entry::Change(i)
            }
        };
        comments.push((entry, comment));
    }
    for hire in &plan.hires {
        let role = catalogue.role(hire.role);
        for n in 1..=hire.count {
            let mut name = format!("{} hire {n}", role.id);
            while roster.find_person(&name).is_some() || doc.hire.iter().any(|h| h.name == name) {
                name.push('+');
            }
            doc.hire.push(HireDoc {
                name,
                title: Some(role.name.clone()),
                levels: Levels(
                    hire.requires
                        .iter()
                        .map(|&(s, level)| {
                            (
                                catalogue.skill(s).id.clone(),
                                LevelValue::Number(f64::from(level)),
                            )
                        })
                        .collect(),
                ),
                ..HireDoc::default()
            });
            comments.push((
                Entry::Hire(doc.hire.len() - 1),
                format!(
                    "plan: hire for {} ({} of {}); closes {}",
                    role.id,
                    n,
                    hire.count,
                    duty_ids(&hire.closes)
                ),
            ));
        }
    }
    let header = "# Written by `orggap plan --scenario-out`: the plan as a scenario. Edit it, then\n\
                  # `orggap check ROSTER --scenario FILE` or `orggap compare ROSTER FILE`.\n";
    let body = doc.to_toml(|entry| {
        let lines: Vec<&str> = comments
            .iter()
            .filter(|(e, _)| *e == entry)
            .map(|(_, c)| c.as_str())
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    });
    format!("{header}{body}")
}

/// `levels` with `more` set on top (a skill given again, under any of its names, takes the
/// new level).
fn merge_levels(levels: &mut Levels, more: Vec<(String, LevelValue)>, catalogue: &Catalogue) {
    for (skill, level) in more {
        let same =
            |key: &str| key == skill || catalogue.find_skill(key) == catalogue.find_skill(&skill);
        match levels.0.iter_mut().find(|(s, _)| same(s)) {
            Some(entry) => entry.1 = level,
            None => levels.0.push((skill, level)),
        }
    }
}

/// Why the plan trains this person: the fewest level steps among the people who could close
/// the duties, and their interest in each skill to learn (`none` only where nobody else could).
fn why(catalogue: &Catalogue, roster: &Roster, upskill: &orggap_analysis::Upskill) -> String {
    let interests: Vec<String> = upskill
        .steps
        .iter()
        .map(|&(s, _, _)| {
            let said = roster
                .interest(upskill.person, s)
                .map(orggap_model::Interest::word);
            format!("{} {}", catalogue.skill(s).id, said.unwrap_or("not said"))
        })
        .collect();
    format!(
        "fewest level steps, then the most interest: {}",
        interests.join(", ")
    )
}
