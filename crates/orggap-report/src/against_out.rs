//! The report's section "Against the baseline" (HTML and Markdown): what a scenario changes,
//! duty by duty and in numbers.

use std::fmt::Write as _;

use orggap_analysis::Status;

use crate::check::{CheckReport, ResponsibilityOut};
use crate::html::{BaselineSection, FullReport, badge, figure, html_escape, left_out, names};
use crate::listing::{first, more};
use crate::number::thousands;
use crate::person::Person;

/// The duties whose status the scenario changes: id, title, before, after.
fn status_changes<'a>(
    before: &'a CheckReport,
    after: &'a CheckReport,
) -> Vec<(&'a ResponsibilityOut, Status, Status)> {
    before
        .responsibilities
        .iter()
        .zip(&after.responsibilities)
        .filter(|(b, a)| b.status != a.status)
        .map(|(b, a)| (b, b.status, a.status))
        .collect()
}

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
pub(crate) fn against_baseline(
    out: &mut String,
    report: &FullReport<'_>,
    section: BaselineSection<'_>,
) {
    let (before, after) = (section.before, report.check);
    let _ = writeln!(
        out,
        "<h2 id=\"against-baseline\">Against the baseline</h2>\n<p>What the scenario changes:</p>\n<ul>"
    );
    for change in section.changes {
        let _ = writeln!(out, "<li><bdi>{}</bdi></li>", html_escape(change));
    }
    let _ = writeln!(
        out,
        "</ul>\n<table>\n<tr><th></th><th>baseline</th><th>scenario</th></tr>"
    );
    for (label, b, a) in before_after(before, after) {
        let _ = writeln!(out, "<tr><td>{label}</td><td>{b}</td><td>{a}</td></tr>");
    }
    let key = |c: &CheckReport| -> Vec<Person> {
        c.key_people.iter().map(|k| k.person.clone()).collect()
    };
    let _ = writeln!(
        out,
        "<tr><td>key people</td><td>{}</td><td>{}</td></tr>\n</table>",
        names(&key(before)),
        names(&key(after))
    );
    figure(out, section.chart);
    let changed = status_changes(before, after);
    if changed.is_empty() {
        let _ = writeln!(out, "<p>No duty changes status.</p>");
        return;
    }
    let _ = writeln!(
        out,
        "<table>\n<tr><th>Duty</th><th>baseline</th><th>scenario</th></tr>"
    );
    let (shown, hidden) = first(&changed);
    for (r, b, a) in shown {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code><br>{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&r.id),
            html_escape(&r.title),
            badge(*b),
            badge(*a)
        );
    }
    let _ = writeln!(out, "</table>");
    left_out(out, hidden, "duties");
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
    let changed = status_changes(before, after);
    if changed.is_empty() {
        out.push_str("No duty changes status.\n");
        return out;
    }
    out.push_str("| Duty | baseline | scenario |\n|---|---|---|\n");
    let (shown, left_out) = first(&changed);
    for (r, b, a) in shown {
        let _ = writeln!(
            out,
            "| `{}` {} | {b} | {a} |",
            r.id,
            crate::escape::markdown(&r.title)
        );
    }
    if let Some(more) = more(left_out, "duties") {
        let _ = writeln!(out, "\n{more}");
    }
    out
}
