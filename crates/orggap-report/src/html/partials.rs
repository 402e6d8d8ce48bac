//! The pieces of HTML that the report and the workspace both show, so that a duty, a status
//! or a list of names looks the same in `report.html` and live. Every value goes through
//! maud, which escapes markup; the page as a whole then goes through
//! [`controls_shown`](super::controls_shown), so one escaping rule holds everywhere.

use maud::{Markup, PreEscaped, html};
use orggap_analysis::Status;

use crate::charts::Chart;
use crate::check::{CheckReport, ResponsibilityOut};
use crate::listing::{NAMES_SHOWN, first, more, some_names};
use crate::number::thousands;
use crate::person::Person;

/// A status as a coloured word (`covered`, `at risk`, `gap`, …), styled by its class.
pub fn status_badge(status: Status) -> Markup {
    html! { span class={ "badge " (status.as_str()) } { (status.label()) } }
}

/// A person's name, isolated (`<bdi>`) so that right-to-left text or a direction override
/// in one name cannot reorder what stands around it.
pub fn name(name: &str) -> Markup {
    html! { bdi { (name) } }
}

/// Names, comma-separated, each isolated as [`name`] does.
pub fn names<T: AsRef<str>>(list: &[T]) -> Markup {
    html! { @for (i, n) in list.iter().enumerate() { @if i > 0 { ", " } (name(n.as_ref())) } }
}

/// Ids as `<code>` elements, comma-separated.
pub fn codes<T: AsRef<str>>(ids: &[T]) -> Markup {
    html! { @for (i, id) in ids.iter().enumerate() { @if i > 0 { ", " } code { (id.as_ref()) } } }
}

/// Up to twenty names of a list of `count` people, and how many more there are.
fn some(list: &[Person], count: usize) -> Markup {
    let (shown, more) = some_names(list, count);
    html! { (names(shown)) @if more > 0 { " and " (thousands(more)) " more" } }
}

/// A chart as an inline SVG figure, named by its title.
pub fn figure(chart: &Chart) -> Markup {
    // The SVG is drawn by this crate's charts, which escape every name they draw.
    html! { figure id=(chart.name) aria-label=(chart.title) { (PreEscaped(chart.svg.trim())) } }
}

/// A paragraph saying how many rows a table left out, if any.
pub fn left_out(count: usize, what: &str) -> Markup {
    html! { @if let Some(line) = more(count, what) { p class="muted" { (line) } } }
}

/// What the data leaves unknown, and the warnings of reading it, before any number.
pub fn caveats(check: &CheckReport) -> Markup {
    let lines = check.caveats();
    html! {
        @if !lines.is_empty() || !check.warnings.is_empty() {
            div class="caveats" role="note" {
                @for line in &lines { p { (line) "." } }
                @if !check.warnings.is_empty() {
                    p { strong { "Warnings" } }
                    ul { @for w in &check.warnings { li { (w) } } }
                }
            }
        }
    }
}

/// The duties table: each duty with its status, who is qualified (and who is not yet
/// assessed), its declared owners and who is nearest to qualifying.
pub fn duty_table<'a>(duties: impl IntoIterator<Item = &'a ResponsibilityOut>) -> Markup {
    html! {
        table class="duties" {
            thead { tr { th { "Duty" } th { "Status" } th { "Qualified" } th { "Declared owners" } th { "Nearest to qualifying" } } }
            tbody { @for r in duties { (duty_row(r)) } }
        }
    }
}

fn duty_row(r: &ResponsibilityOut) -> Markup {
    html! {
        tr {
            td { code { (r.id) } br; (r.title) }
            td { (status_badge(r.status)) @if let Some(why) = &r.accepted_reason { " " (why) } }
            td {
                @if r.qualified_count == 0 {
                    "0"
                } @else {
                    (r.qualified_count) " (needs " (r.min_owners) "): " (names(&r.qualified))
                    @let more = r.qualified_count - r.qualified.len();
                    @if more > 0 { " and " (more) " more" }
                }
                @if r.unassessed_count > 0 {
                    br; em { "unassessed " (thousands(r.unassessed_count)) ": " (some(&r.unassessed, r.unassessed_count)) }
                }
            }
            td {
                (some(&r.owners.first(NAMES_SHOWN), r.owners_count))
                @if r.unqualified_owners_count > 0 {
                    " " em { "(not qualified: " (some(&r.unqualified_owners.first(NAMES_SHOWN), r.unqualified_owners_count)) ")" }
                }
            }
            td {
                @if r.out_of_reach() {
                    span class="muted" { (crate::check::OUT_OF_REACH) }
                } @else {
                    @for (i, n) in r.near().enumerate() {
                        @if i > 0 { ", " } (name(&n.person)) " (" (n.shortfall) " short)"
                    }
                }
            }
        }
    }
}

/// The duties whose status differs between `before` and `now` (the same catalogue), with
/// both statuses, under the column heads `was` and `is` (`baseline`, `scenario`).
pub fn changed_duties(before: &CheckReport, now: &CheckReport, was: &str, is: &str) -> Markup {
    let changed = changed(before, now);
    let (shown, hidden) = first(&changed);
    html! {
        table class="changed" {
            thead { tr { th { "Duty" } th { (was) } th { (is) } } }
            tbody {
                @for (b, a) in shown {
                    tr { td { code { (b.id) } br; (b.title) } td { (status_badge(b.status)) } td { (status_badge(a.status)) } }
                }
            }
        }
        (left_out(hidden, "duties"))
    }
}

/// How many duties changed status between `before` and `now`.
pub fn changed_count(before: &CheckReport, now: &CheckReport) -> usize {
    changed(before, now).len()
}

/// Each duty whose status differs between `before` and `now`: as it was, as it is.
pub(crate) fn changed<'a>(
    before: &'a CheckReport,
    now: &'a CheckReport,
) -> Vec<(&'a ResponsibilityOut, &'a ResponsibilityOut)> {
    before
        .responsibilities
        .iter()
        .zip(&now.responsibilities)
        .filter(|(b, a)| b.status != a.status)
        .collect()
}
