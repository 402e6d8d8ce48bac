//! Two roster snapshots compared (`orggap diff`): statuses that changed, people added and
//! gone, key people changed, and people on both (by id) whose name, title, team, manager or
//! levels changed.

use orggap_analysis::Status;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use orggap_model::{Catalogue, PersonIdx, Roster, SkillIdx, visible};
use serde::Serialize;

use crate::check::{CheckReport, SummaryOut};
use crate::escape::markdown as md;
use crate::person::{Ids, Person, ids_of, names, people};

/// The schema id of diff reports.
pub const DIFF_SCHEMA: &str = "orggap.diff.v1";

/// The difference between two analyses of the same catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DiffReport {
    /// Always [`DIFF_SCHEMA`].
    pub schema: &'static str,
    /// Counts before and after.
    pub summary: [SummaryOut; 2],
    /// Duties whose status changed, in catalogue order.
    pub changed: Vec<StatusChange>,
    /// Duties that were not gaps before and are gaps now.
    pub new_gaps: Vec<String>,
    /// Whether people were matched by id (both rosters have ids) rather than by name.
    pub matched_by: &'static str,
    /// People in the new roster only, in its order.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub people_added: Vec<Person>,
    /// Their ids, when people are matched by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people_added_ids: Option<Ids>,
    /// People in the old roster only, in its order.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub people_gone: Vec<Person>,
    /// Their ids, when people are matched by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people_gone_ids: Option<Ids>,
    /// Key people now who were not before.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub key_people_added: Vec<Person>,
    /// Their ids, when people are matched by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_people_added_ids: Option<Ids>,
    /// Key people before who are not now.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub key_people_gone: Vec<Person>,
    /// Their ids, when people are matched by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_people_gone_ids: Option<Ids>,
    /// People on both rosters (matched by id) whose name, title, team, manager or levels
    /// changed, in the new roster's order: the first 50.
    pub changed_people: Vec<ChangedPerson>,
    /// How many people changed.
    pub changed_people_count: usize,
}

/// How many changed people a diff lists (`changed_people_count` counts them all).
pub const CHANGED_PEOPLE_SHOWN: usize = 50;

/// A person on both rosters who changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ChangedPerson {
    /// Who, as the new roster names them.
    #[serde(flatten)]
    pub person: Person,
    /// What changed, each `what: before → after` (`levels: budgeting 2→4, sales ?→3`, `?`
    /// for a level the roster does not give).
    pub changes: Vec<String>,
}

/// One duty whose status changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StatusChange {
    /// Responsibility id.
    pub id: String,
    /// Status before.
    pub from: Status,
    /// Status after.
    pub to: Status,
    /// Qualified people before and after.
    pub qualified_count: [usize; 2],
}

/// What tells a person apart from everyone else in both snapshots: their id when both
/// rosters have ids, else their name.
fn key(person: &Person, by_id: bool) -> &str {
    match (person.id(), by_id) {
        (Some(id), true) => id,
        _ => person.name(),
    }
}

/// The keys of every person of `roster`.
fn keys(roster: &Roster, by_id: bool) -> Vec<&str> {
    roster
        .people()
        .map(|p| match by_id {
            true => roster.id(p).unwrap_or_default(),
            false => roster.name(p),
        })
        .collect()
}

/// The people of `roster` (whose keys are `a`) whose key is not in `b`, in roster order.
fn only_in_roster(roster: &Roster, a: &[&str], b: &[&str]) -> Vec<Person> {
    let other: BTreeSet<&str> = b.iter().copied().collect();
    let only: Vec<PersonIdx> = a
        .iter()
        .enumerate()
        .filter(|(_, k)| !other.contains(*k))
        .map(|(i, _)| PersonIdx::from_usize(i))
        .collect();
    people(roster, &only)
}

/// The people of `a` whose key is not among `b`'s, in `a`'s order.
fn only_in(a: &[Person], b: &[Person], by_id: bool) -> Vec<Person> {
    let other: BTreeSet<&str> = b.iter().map(|p| key(p, by_id)).collect();
    a.iter()
        .filter(|p| !other.contains(key(p, by_id)))
        .cloned()
        .collect()
}

/// The people of both rosters, matched by id, who changed, in the new roster's order.
fn changed_people(catalogue: &Catalogue, old: &Roster, new: &Roster) -> Vec<ChangedPerson> {
    let before: HashMap<&str, PersonIdx> =
        old.people().filter_map(|p| Some((old.id(p)?, p))).collect();
    let manager = |roster: &Roster, p: PersonIdx| {
        roster
            .manager(p)
            .map_or_else(|| "nobody".to_owned(), |m| roster.label(m).into_owned())
    };
    let level = |roster: &Roster, p: PersonIdx, s: SkillIdx| match roster.is_known(p, s) {
        true => roster.level(p, s).get().to_string(),
        false => "?".to_owned(),
    };
    let mut found: Vec<(PersonIdx, Vec<String>)> = Vec::new();
    for q in new.people() {
        let Some(&p) = new.id(q).and_then(|id| before.get(id)) else {
            continue;
        };
        let mut changes = Vec::new();
        let mut compare = |what: &str, a: &str, b: &str| {
            if a != b {
                changes.push(format!("{what}: {} → {}", visible(a), visible(b)));
            }
        };
        compare("name", old.name(p), new.name(q));
        compare("title", old.title(p), new.title(q));
        compare("team", old.team(p), new.team(q));
        // The same manager is the same id, whatever their name became.
        let (was, is) = (old.manager(p), new.manager(q));
        let moved = was.and_then(|m| old.id(m)) != is.and_then(|m| new.id(m));
        if moved {
            compare("manager", &manager(old, p), &manager(new, q));
        }
        let levels: Vec<String> = (0..catalogue.skills().len())
            .map(SkillIdx::from_usize)
            .filter_map(|s| {
                let (a, b) = (level(old, p, s), level(new, q, s));
                (a != b).then(|| format!("{} {a}→{b}", catalogue.skill(s).id))
            })
            .collect();
        if !levels.is_empty() {
            changes.push(format!("levels: {}", levels.join(", ")));
        }
        if !changes.is_empty() {
            found.push((q, changes));
        }
    }
    let changed: Vec<PersonIdx> = found.iter().map(|&(q, _)| q).collect();
    people(new, &changed)
        .into_iter()
        .zip(found)
        .map(|(person, (_, changes))| ChangedPerson { person, changes })
        .collect()
}

impl DiffReport {
    /// Compares the analyses of two rosters (same catalogue and policy).
    pub fn new(
        catalogue: &Catalogue,
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
                if b.status == Status::Gap {
                    new_gaps.push(b.id.clone());
                }
            }
        }
        let by_id = old_roster.has_ids() && new_roster.has_ids();
        let (before, after) = (keys(old_roster, by_id), keys(new_roster, by_id));
        let key_people = |r: &CheckReport| -> Vec<Person> {
            r.key_people.iter().map(|k| k.person.clone()).collect()
        };
        let (key_old, key_new) = (key_people(old), key_people(new));
        let people_added = only_in_roster(new_roster, &after, &before);
        let people_gone = only_in_roster(old_roster, &before, &after);
        let key_people_added = only_in(&key_new, &key_old, by_id);
        let key_people_gone = only_in(&key_old, &key_new, by_id);
        let changed_people = match by_id {
            true => changed_people(catalogue, old_roster, new_roster),
            false => Vec::new(),
        };
        DiffReport {
            schema: DIFF_SCHEMA,
            summary: [old.summary, new.summary],
            changed,
            new_gaps,
            matched_by: if by_id { "id" } else { "name" },
            people_added_ids: ids_of(&people_added, by_id),
            people_added,
            people_gone_ids: ids_of(&people_gone, by_id),
            people_gone,
            key_people_added_ids: ids_of(&key_people_added, by_id),
            key_people_added,
            key_people_gone_ids: ids_of(&key_people_gone, by_id),
            key_people_gone,
            changed_people_count: changed_people.len(),
            changed_people: changed_people
                .into_iter()
                .take(CHANGED_PEOPLE_SHOWN)
                .collect(),
        }
    }

    /// The lists of people that changed, with their headings.
    fn people_lists(&self) -> [(&'static str, &Vec<Person>); 4] {
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

fn list(items: &[Person]) -> String {
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
            let mark = if c.to == Status::Gap { "  NEW GAP" } else { "" };
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
    if !report.changed_people.is_empty() {
        let _ = writeln!(out, "\nPeople changed ({})", report.changed_people_count);
        for c in &report.changed_people {
            let _ = writeln!(out, "  {}: {}", visible(&c.person), c.changes.join("; "));
        }
        if let Some(line) = more_people(report) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// "… and N more people changed", when the list is cut.
fn more_people(report: &DiffReport) -> Option<String> {
    let more = report.changed_people_count - report.changed_people.len();
    (more > 0).then(|| format!("… and {more} more people changed"))
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
    if !report.changed_people.is_empty() {
        let _ = writeln!(
            out,
            "\n## People changed ({})\n\n| Person | What changed |\n|---|---|",
            report.changed_people_count
        );
        for c in &report.changed_people {
            let _ = writeln!(out, "| {} | {} |", md(&c.person), md(&c.changes.join("; ")));
        }
        if let Some(line) = more_people(report) {
            let _ = writeln!(out, "\n{line}");
        }
    }
    out
}
