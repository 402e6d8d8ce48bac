//! The report's section "Against the baseline" (HTML and Markdown): what a scenario changes,
//! duty by duty and in numbers.

use std::fmt::Write as _;

use maud::{Markup, html};

use crate::check::CheckReport;
use crate::html::partials::{changed, changed_count, changed_duties, figure, names};
use crate::html::{BaselineSection, FullReport};
use crate::listing::{first, more};
use crate::number::thousands;
use crate::person::Person;

/// The numbers before and after: label, baseline, scenario.
fn before_after(before: &CheckReport, after: &CheckReport) -> Vec<(&'static str, String, String)> {
    let row = |label, f: &dyn Fn(&CheckReport) -> usize| {
        (label, thousands(f(before)), thousands(f(after)))
    };
    vec![
        row("people", &|c| c.people),
        row("covered", &|c| c.summary.covered),
        row("at risk", &|c| c.summary.at_risk),
        row("gaps", &|c| c.summary.gap),
        row("unassessed", &|c| c.summary.unassessed),
        row("truck factor", &|c| c.truck_factor.overall.size),
    ]
    .into_iter()
    .filter(|(label, b, a)| *label != "unassessed" || b != "0" || a != "0")
    .collect()
}

/// The section "Against the baseline" of `report.html`.
pub(crate) fn against_baseline(report: &FullReport<'_>, section: BaselineSection<'_>) -> Markup {
    let (before, after) = (section.before, report.check);
    let key = |c: &CheckReport| -> Vec<Person> {
        c.key_people.iter().map(|k| k.person.clone()).collect()
    };
    html! {
        h2 id="against-baseline" { "Against the baseline" }
        p { "What the scenario changes:" }
        ul { @for change in section.changes { li { bdi { (change) } } } }
        table {
            tr { th {} th { "baseline" } th { "scenario" } }
            @for (label, b, a) in before_after(before, after) {
                tr { td { (label) } td { (b) } td { (a) } }
            }
            tr { td { "key people" } td { (names(&key(before))) } td { (names(&key(after))) } }
        }
        (figure(section.chart))
        @if changed_count(before, after) == 0 {
            p { "No duty changes status." }
        } @else {
            (changed_duties(before, after, "baseline", "scenario"))
        }
    }
}

/// The section "Against the baseline" of `report.md`.
pub(crate) fn against_baseline_markdown(
    report: &FullReport<'_>,
    section: BaselineSection<'_>,
) -> String {
    let (before, after) = (section.before, report.check);
    let mut out = String::from("## Against the baseline\n\nWhat the scenario changes:\n\n");
    for change in section.changes {
        let _ = writeln!(out, "- {}", crate::escape::markdown(change));
    }
    out.push_str("\n| | baseline | scenario |\n|---|---:|---:|\n");
    for (label, b, a) in before_after(before, after) {
        let _ = writeln!(out, "| {label} | {b} | {a} |");
    }
    let key = |c: &CheckReport| -> String {
        c.key_people
            .iter()
            .map(|k| crate::escape::markdown(&k.person))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "| key people | {} | {} |", key(before), key(after));
    let _ = writeln!(
        out,
        "\n![{}]({}.png)\n",
        section.chart.title, section.chart.name
    );
    let changed = changed(before, after);
    if changed.is_empty() {
        out.push_str("No duty changes status.\n");
        return out;
    }
    out.push_str("| Duty | baseline | scenario |\n|---|---|---|\n");
    let (shown, left_out) = first(&changed);
    for (b, a) in shown {
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} |",
            b.id,
            crate::escape::markdown(&b.title),
            b.status,
            a.status
        );
    }
    if let Some(more) = more(left_out, "duties") {
        let _ = writeln!(out, "\n{more}");
    }
    out
}
