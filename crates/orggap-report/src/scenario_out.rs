//! How outputs name the scenario they analyse (`--scenario`).

use serde::Serialize;

use crate::escape;

/// The scenario an output analyses: `"scenario": {"name": …, "file": …}` in JSON, a line
/// `scenario: NAME` at the top of text, Markdown and HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ScenarioRef {
    /// The scenario's name (its `name`, else its file's name).
    pub name: String,
    /// The scenario file, as given.
    pub file: String,
}

/// `scenario: NAME` and a blank line for the top of a text output; nothing without one.
pub(crate) fn text_line(scenario: Option<&ScenarioRef>) -> String {
    scenario.map_or_else(String::new, |s| format!("scenario: {}\n\n", s.name))
}

/// `**Scenario:** NAME` and a blank line for the top of a Markdown output.
pub(crate) fn markdown_line(scenario: Option<&ScenarioRef>) -> String {
    scenario.map_or_else(String::new, |s| {
        format!(
            "**Scenario:** {} (`{}`)\n\n",
            escape::markdown(&s.name),
            s.file.replace('`', "'")
        )
    })
}

/// What a scenario changes, a line per entry, as a person reads it: who leaves, what each
/// change does (levels from → to, team, capacity, ownership, manager), who is hired.
/// `roster` is the roster before the scenario.
pub fn describe_scenario(
    scenario: &orggap_model::Scenario,
    roster: &orggap_model::Roster,
    catalogue: &orggap_model::Catalogue,
) -> Vec<String> {
    let mut lines = Vec::new();
    let duties = |owns: &[orggap_model::RespIdx]| -> String {
        match owns.is_empty() {
            true => "nothing".into(),
            false => owns
                .iter()
                .map(|&r| catalogue.responsibility(r).id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    };
    if let Some(day) = scenario.as_of {
        let gone = scenario
            .leavers(roster, Some(day))
            .into_iter()
            .filter(|p| !scenario.leave.contains(p))
            .count();
        lines.push(format!(
            "as of {}: {} leaving by then",
            day,
            crate::count(gone, "person", "people")
        ));
    }
    for &p in &scenario.leave {
        lines.push(format!("{} leaves", roster.label(p)));
    }
    for change in &scenario.changes {
        let p = change.person;
        let mut parts: Vec<String> = change
            .levels
            .iter()
            .map(|&(s, level)| {
                format!(
                    "{} {}→{}",
                    catalogue.skill(s).id,
                    roster.level(p, s).get(),
                    level.get()
                )
            })
            .collect();
        // A level written as not assessed: `marketing 3→?`.
        parts.extend(change.unknown.iter().map(|&s| {
            let before = match roster.is_known(p, s) {
                true => roster.level(p, s).get().to_string(),
                false => "?".to_owned(),
            };
            format!("{} {before}→?", catalogue.skill(s).id)
        }));
        if let Some(team) = change.team.as_deref().filter(|&t| t != roster.team(p)) {
            parts.push(format!("team {} → {}", shown(roster.team(p)), shown(team)));
        }
        if let Some(capacity) = change.capacity {
            let before = roster
                .capacity(p)
                .map_or_else(|| "default".to_owned(), |c| c.to_string());
            parts.push(format!("capacity {before} → {capacity}"));
        }
        if let Some(owns) = &change.owns {
            let before: Vec<_> = roster.owned_by(p).collect();
            parts.push(format!("owns {} → {}", duties(&before), duties(owns)));
        }
        if let Some(manager) = change.manager {
            let name = |m: Option<orggap_model::PersonIdx>| {
                m.map_or_else(|| "(top)".to_owned(), |m| roster.label(m).into_owned())
            };
            parts.push(format!(
                "manager {} → {}",
                name(roster.manager(p)),
                name(manager)
            ));
        }
        if let Some(title) = change.title.as_deref().filter(|&t| t != roster.title(p)) {
            let before = roster.title(p);
            parts.push(format!("title {} → {}", shown(before), shown(title)));
        }
        if parts.is_empty() {
            parts.push("nothing changes".into());
        }
        lines.push(format!("{}: {}", roster.label(p), parts.join(", ")));
    }
    for hire in &scenario.hires {
        let mut about: Vec<&str> = [hire.title.as_str(), hire.team.as_str()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect();
        let capacity = hire.capacity.map(|c| format!("capacity {c}"));
        about.extend(capacity.as_deref());
        let levels: Vec<String> = hire
            .levels
            .iter()
            .map(|&(s, level)| format!("{} {}", catalogue.skill(s).id, level.get()))
            .collect();
        let mut line = format!("hire {}", hire.name);
        if !about.is_empty() {
            line.push_str(&format!(" ({})", about.join(", ")));
        }
        if !levels.is_empty() {
            line.push_str(&format!(": {}", levels.join(", ")));
        }
        if !hire.owns.is_empty() {
            line.push_str(&format!("; owns {}", duties(&hire.owns)));
        }
        if let Some(manager) = hire.manager {
            line.push_str(&format!("; reports to {}", roster.label(manager)));
        }
        lines.push(line);
    }
    for change in &scenario.requirements {
        let duty = catalogue.responsibility(change.duty);
        let mut parts = Vec::new();
        if let Some(requires) = &change.requires {
            let list = |requires: &[orggap_model::Requirement]| -> String {
                let items: Vec<String> = requires
                    .iter()
                    .map(|q| format!("{} {}", catalogue.skill(q.skill).id, q.level.get()))
                    .collect();
                match items.is_empty() {
                    true => "nothing".into(),
                    false => items.join(", "),
                }
            };
            parts.push(format!(
                "requires {} → {}",
                list(&duty.requires),
                list(requires)
            ));
        }
        if let Some(min_owners) = change.min_owners {
            parts.push(format!("min_owners {} → {min_owners}", duty.min_owners));
        }
        if parts.is_empty() {
            parts.push("nothing changes".into());
        }
        let label = catalogue.duty_label(change.duty);
        lines.push(format!("{label}: {}", parts.join(", ")));
    }
    lines
}

fn shown(team: &str) -> &str {
    match team {
        "" => "(none)",
        team => team,
    }
}
