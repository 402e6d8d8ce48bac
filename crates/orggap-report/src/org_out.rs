//! The organisation's shape (`orggap org`) as JSON (`orggap.org.v1`), text and Markdown.

use std::fmt::Write as _;
use std::sync::Arc;

use orggap_analysis::OrgShape;
use orggap_model::{Catalogue, PersonIdx, Roster, visible};
use serde::Serialize;

use crate::escape::markdown as md;
use crate::listing::{NAMES_SHOWN, first, more, some_names};
use crate::person::{Ids, Namer, People, Person, people};
use crate::text::fill;

/// The schema id of org reports.
pub const ORG_SCHEMA: &str = "orggap.org.v1";

/// The result of `orggap org`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OrgReport {
    /// Always [`ORG_SCHEMA`].
    pub schema: &'static str,
    /// The scenario analysed (`--scenario`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<crate::ScenarioRef>,
    /// Whether the roster says who reports to whom (without a manager column everyone is
    /// a top person).
    pub reporting_lines: bool,
    /// People analysed.
    pub people: usize,
    /// People with at least one direct report.
    pub managers: usize,
    /// The longest reporting chain, the top person being layer 1.
    pub layers: u32,
    /// People per layer, from the top.
    pub layer_sizes: Vec<usize>,
    /// Span of control: direct reports per manager.
    pub span: SpanOut,
    /// The widest span that is not `wide` (`--max-span`).
    pub max_span: u32,
    /// Managers with more reports than `max_span`: most first, ties in roster order.
    pub wide: Vec<WideOut>,
    /// Managers with exactly one report, in roster order: the first 1,000.
    pub narrow: Vec<Person>,
    /// How many managers have exactly one report.
    pub narrow_count: usize,
    /// Every duty in catalogue order with the units its qualified people sit in.
    pub duties: Vec<DutyUnitsOut>,
}

/// The median and widest span of control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SpanOut {
    /// The median (the lower middle value of an even count).
    pub median: u32,
    /// The widest.
    pub max: u32,
}

/// A manager with too many reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WideOut {
    /// Who.
    #[serde(flatten)]
    pub person: Person,
    /// Direct reports.
    pub reports: u32,
}

/// The units a duty's qualified people sit in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DutyUnitsOut {
    /// Responsibility id.
    pub id: String,
    /// The duty as a reader knows it: role and title (`CPO · Set the product strategy`).
    pub label: String,
    /// Each unit named by its head (a direct report of a top person, or a top person), in
    /// the order their first qualified person appears in the roster.
    pub units: People,
    /// The heads' ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_ids: Option<Ids>,
    /// The heads' teams (empty where a head has none), when the roster names any team.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<String>>")]
    pub unit_teams: Option<Teams>,
}

/// The teams of a list of people: each person's place in the roster's list of teams, four
/// bytes a person (without reporting lines every qualified person heads a unit, a million of
/// them), that list shared. Serialised as a list of texts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Teams {
    names: Arc<Vec<String>>,
    at: Vec<u32>,
}

impl Teams {
    /// The team of the `i`-th person (empty for none).
    pub fn get(&self, i: usize) -> &str {
        self.at
            .get(i)
            .map_or("", |&t| self.names[t as usize].as_str())
    }

    /// The teams of `people` of `roster`, when any of them has one.
    fn of(roster: &Roster, people: &[PersonIdx]) -> Option<Teams> {
        let at: Vec<u32> = people
            .iter()
            .map(|&p| roster.team_index(p) as u32)
            .collect();
        // Entry 0 of the roster's teams is no team.
        at.iter().any(|&t| t != 0).then(|| Teams {
            names: roster.shared_teams(),
            at,
        })
    }
}

impl Serialize for Teams {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.at.iter().map(|&t| self.names[t as usize].as_str()))
    }
}

impl DutyUnitsOut {
    /// The first few units as a reader sees them, so they do not read as qualified people:
    /// `Maya Chen's unit (Product)`, or `Maya Chen's unit` where the head has no team; then
    /// how many more.
    pub(crate) fn unit_labels(&self) -> Vec<String> {
        let first = self.units.first(NAMES_SHOWN);
        let (listed, more) = some_names(&first, self.units.len());
        let mut out: Vec<String> = listed
            .iter()
            .enumerate()
            .map(|(i, head)| {
                let team = self.unit_teams.as_ref().map_or("", |t| t.get(i));
                match team.is_empty() {
                    true => format!("{head}'s unit"),
                    false => format!("{head}'s unit ({team})"),
                }
            })
            .collect();
        if more > 0 {
            out.push(format!("and {more} more"));
        }
        out
    }
}

impl OrgReport {
    /// Builds the report of `shape`, taking it: each person's manager and unit and every
    /// span are freed before the report is made (a chain a million deep has a million of
    /// each, and a million layers, which move into the report).
    pub fn new(
        catalogue: &Catalogue,
        roster: &Roster,
        shape: OrgShape,
        max_span: u32,
    ) -> OrgReport {
        let OrgShape {
            people: analysed,
            managers,
            layers,
            layer_sizes,
            span_median,
            span_max,
            wide,
            narrow,
            duty_units,
            spans,
            manager,
            unit,
        } = shape;
        drop((spans, manager, unit));
        // Without reporting lines every qualified person heads a unit: each is named once.
        let mut namer = Namer::new(roster);
        for units in &duty_units {
            namer.add(units);
        }
        let named = namer.finish();
        OrgReport {
            schema: ORG_SCHEMA,
            scenario: None,
            reporting_lines: roster.has_managers(),
            people: analysed,
            managers,
            layers,
            layer_sizes,
            span: SpanOut {
                median: span_median,
                max: span_max,
            },
            max_span,
            wide: wide
                .iter()
                .map(|&(p, reports)| WideOut {
                    person: Person::of(roster, p),
                    reports,
                })
                .collect(),
            narrow: people(roster, &narrow[..narrow.len().min(NARROW_LISTED)]),
            narrow_count: narrow.len(),
            duties: catalogue
                .responsibility_indices()
                .zip(&duty_units)
                .map(|(r, units)| {
                    let (units_named, unit_ids) = named.list_and_ids(units);
                    DutyUnitsOut {
                        id: catalogue.responsibility(r).id.clone(),
                        label: catalogue.duty_label(r),
                        units: units_named,
                        unit_ids,
                        unit_teams: Teams::of(roster, units),
                    }
                })
                .collect(),
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }

    /// The one-line summary: people, managers, layers and spans.
    pub(crate) fn headline(&self) -> String {
        format!(
            "{}, {}, {}; span of control median {}, widest {}",
            crate::count_thousands(self.people, "person", "people"),
            crate::count_thousands(self.managers, "manager", "managers"),
            crate::count(self.layers as usize, "layer", "layers"),
            self.span.median,
            self.span.max
        )
    }

    /// People per layer, `1 · 5 · 12`: the first [`LAYERS_SHOWN`], then how many more layers
    /// and people, so a chain a million deep makes one short line.
    fn layer_line(&self) -> String {
        let shown = &self.layer_sizes[..self.layer_sizes.len().min(LAYERS_SHOWN)];
        let mut line: Vec<String> = shown.iter().map(usize::to_string).collect();
        let rest = &self.layer_sizes[shown.len()..];
        if !rest.is_empty() {
            let people: usize = rest.iter().sum();
            line.push(format!(
                "… and {} more layers ({people} people)",
                rest.len()
            ));
        }
        line.join(" · ")
    }

    /// The duties whose qualified people all sit in one unit (or none), in catalogue order.
    fn single_unit_duties(&self) -> impl Iterator<Item = &DutyUnitsOut> {
        self.duties.iter().filter(|d| d.units.len() <= 1)
    }
}

/// How many managers with one report the report lists by name (`narrow_count` says how
/// many there are): a chain a million deep has a million, and a list of them is no help.
pub const NARROW_LISTED: usize = 1000;

/// How many layers the people-per-layer line names one by one.
const LAYERS_SHOWN: usize = 20;

/// The labels of `people` (of `total` in all): the first few, then how many more.
fn shown<'a>(
    people: &'a [Person],
    total: usize,
    fmt: impl Fn(&'a Person) -> String,
) -> Vec<String> {
    let (listed, more) = some_names(people, total);
    let mut out: Vec<String> = listed.iter().map(fmt).collect();
    if more > 0 {
        out.push(format!("and {more} more"));
    }
    out
}

/// Renders the organisation's shape for a terminal.
pub fn render_org_text(report: &OrgReport, width: usize) -> String {
    let mut out = crate::scenario_out::text_line(report.scenario.as_ref());
    let _ = writeln!(out, "{}", report.headline());
    if !report.reporting_lines {
        let _ = writeln!(
            out,
            "(no manager column: everyone is a top person and a unit of their own)"
        );
    }
    if !report.layer_sizes.is_empty() {
        let _ = writeln!(
            out,
            "people per layer, from the top: {}",
            report.layer_line()
        );
    }
    let _ = writeln!(out, "\nWide (more than {} direct reports)", report.max_span);
    if report.wide.is_empty() {
        let _ = writeln!(out, "  nobody");
    }
    let (wide, left_out) = first(&report.wide);
    for w in wide {
        let _ = writeln!(out, "  {:>4}  {}", w.reports, visible(&w.person));
    }
    if let Some(line) = more(left_out, "wide managers") {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "\nNarrow (exactly one direct report)");
    let narrow = shown(&report.narrow, report.narrow_count, |p| {
        visible(p).into_owned()
    });
    match narrow.is_empty() {
        true => {
            let _ = writeln!(out, "  nobody");
        }
        false => fill(&mut out, "  ", "  ", "", &narrow, width),
    }
    let _ = writeln!(
        out,
        "\nUnits of each duty's qualified people\n  (a unit: a direct report of a top person, with everyone below them)"
    );
    // Titles are long: each duty on a line of its own, its units indented below.
    let (duties, left_out) = first(&report.duties);
    for d in duties {
        let _ = writeln!(out, "  {}", visible(&d.label));
        let units = match d.units.is_empty() {
            true => vec!["nobody qualified".to_owned()],
            false => d
                .unit_labels()
                .iter()
                .map(|u| visible(u).into_owned())
                .collect(),
        };
        fill(&mut out, "      ", "      ", "", &units, width);
    }
    if let Some(line) = more(left_out, "duties") {
        let _ = writeln!(out, "  {line}");
    }
    let single: Vec<&str> = report
        .single_unit_duties()
        .filter(|d| !d.units.is_empty())
        .map(|d| d.id.as_str())
        .collect();
    if !single.is_empty() {
        let _ = writeln!(
            out,
            "\n{} duties rest on a single unit: reorganising it touches all of them",
            single.len()
        );
    }
    out
}

/// Renders the organisation's shape as Markdown.
pub fn render_org_markdown(report: &OrgReport) -> String {
    let mut out = String::from("# Organisation\n\n");
    out.push_str(&crate::scenario_out::markdown_line(
        report.scenario.as_ref(),
    ));
    let _ = writeln!(out, "{}.\n", report.headline());
    if !report.reporting_lines {
        let _ = writeln!(
            out,
            "The roster has no manager column, so everyone is a top person and a unit of their own.\n"
        );
    }
    if !report.layer_sizes.is_empty() {
        let _ = writeln!(
            out,
            "People per layer, from the top: {}.\n",
            report.layer_line()
        );
    }
    let _ = writeln!(
        out,
        "## Wide spans (more than {} direct reports)\n",
        report.max_span
    );
    if report.wide.is_empty() {
        let _ = writeln!(out, "None.");
    } else {
        let _ = writeln!(out, "| Manager | Direct reports |\n|---|---|");
        let (wide, left_out) = first(&report.wide);
        for w in wide {
            let _ = writeln!(out, "| {} | {} |", md(&w.person), w.reports);
        }
        if let Some(line) = more(left_out, "wide managers") {
            let _ = writeln!(out, "\n{line}");
        }
    }
    let _ = writeln!(out, "\n## Narrow spans (exactly one direct report)\n");
    let narrow = shown(&report.narrow, report.narrow_count, |p| md(p));
    let _ = writeln!(
        out,
        "{}",
        if narrow.is_empty() {
            "None.".to_owned()
        } else {
            narrow.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "\n## Units per duty\n\nA unit is a direct report of a top person with everyone below them (a top person is a unit of their own).\n\n| Duty | Units of its qualified people |\n|---|---|"
    );
    let (duties, left_out) = first(&report.duties);
    for d in duties {
        let units = match d.units.is_empty() {
            true => "nobody qualified".to_owned(),
            false => d
                .unit_labels()
                .iter()
                .map(|u| md(u))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let _ = writeln!(out, "| {} | {units} |", md(&d.label));
    }
    if let Some(line) = more(left_out, "duties") {
        let _ = writeln!(out, "\n{line}");
    }
    out
}

#[cfg(test)]
mod tests {
    use orggap_model::PersonFields;

    use super::*;

    #[test]
    fn teams_share_the_rosters_list_and_read_in_order() {
        let mut roster = Roster::new(0);
        for (name, team) in [
            ("a", "Product"),
            ("b", ""),
            ("c", "Product"),
            ("d", "Sales"),
        ] {
            roster.add_person(PersonFields {
                name,
                team,
                ..PersonFields::default()
            });
        }
        let all: Vec<PersonIdx> = roster.people().collect();
        let teams = Teams::of(&roster, &all).expect("some have a team");
        // The roster's own list, shared, each team once.
        assert_eq!(*teams.names, ["", "Product", "Sales"]);
        assert!(Arc::ptr_eq(&teams.names, &roster.shared_teams()));
        let read: Vec<&str> = (0..4).map(|i| teams.get(i)).collect();
        assert_eq!(read, ["Product", "", "Product", "Sales"]);
        assert_eq!(
            serde_json::to_string(&teams).unwrap(),
            r#"["Product","","Product","Sales"]"#
        );
        assert_eq!(Teams::of(&roster, &[PersonIdx(1)]), None);
    }
}
