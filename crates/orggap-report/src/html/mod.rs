//! `report.html`: one self-contained page (charts inline as SVG, CSS inline, no script, no
//! network), built with maud from the [`partials`] the workspace shows too.

pub mod partials;
mod sections;

use maud::{DOCTYPE, PreEscaped, html};

use crate::assign_out::AssignReport;
use crate::charts::Chart;
use crate::check::CheckReport;
use crate::impact_out::ImpactReport;
use crate::org_out::OrgReport;
use crate::palette;
use crate::plan_out::PlanReport;

/// Everything the report shows.
#[derive(Clone, Copy, Debug)]
pub struct FullReport<'a> {
    /// The roster's file name, shown in the header.
    pub origin: &'a str,
    /// Coverage.
    pub check: &'a CheckReport,
    /// The charts, in order.
    pub charts: &'a [Chart],
    /// Owners.
    pub assign: &'a AssignReport,
    /// Departures and the truck factor.
    pub impact: &'a ImpactReport,
    /// Training and hiring.
    pub plan: &'a PlanReport,
    /// The catalogue, for role names.
    pub catalogue: &'a orggap_model::Catalogue,
    /// The organisation's shape, when the roster says who reports to whom.
    pub org: Option<OrgSection<'a>>,
    /// The baseline, when the report is of a scenario.
    pub baseline: Option<BaselineSection<'a>>,
}

/// "Against the baseline": what a scenario changes, and the analysis without it.
#[derive(Clone, Copy, Debug)]
pub struct BaselineSection<'a> {
    /// What the scenario changes, a line per entry.
    pub changes: &'a [String],
    /// The check report of the roster without the scenario.
    pub before: &'a CheckReport,
    /// Each role before and with the scenario.
    pub chart: &'a Chart,
}

/// The organisation section of the report: the shape and its chart.
#[derive(Clone, Copy, Debug)]
pub struct OrgSection<'a> {
    /// Layers, spans and units.
    pub report: &'a OrgReport,
    /// The layers and spans chart.
    pub chart: &'a Chart,
}

const STYLE: &str = r#"
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; margin: 2rem auto; max-width: 1000px; padding: 0 1rem; line-height: 1.4; }
h1 { margin-bottom: .2rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.summary { font-size: 1.1rem; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .3rem; color: #fff; font-size: .85rem; white-space: nowrap; }
.badge.covered { background: COVERED; } .badge.at-risk { background: AT_RISK; color: #222; }
.badge.gap { background: GAP; } .badge.accepted { background: ACCEPTED; }
.badge.unassessed { background: UNASSESSED; color: #222; outline: 1px dashed #555; }
.caveats { border-left: 4px solid #0072B2; background: #F2F8FC; padding: .4rem .8rem; margin: .8rem 0; }
.caveats p { margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .6rem 0; }
th, td { border-bottom: 1px solid #e4e4e4; padding: .3rem .4rem; text-align: left; vertical-align: top; }
th { background: #f6f6f6; }
table.duties { table-layout: fixed; }
table.duties th:nth-child(1) { width: 30%; } table.duties th:nth-child(2) { width: 10%; }
table.duties th:nth-child(3) { width: 24%; } table.duties th:nth-child(4) { width: 14%; }
code { font-size: .85rem; }
figure { margin: 1.2rem 0; }
figure svg { max-width: 100%; height: auto; }
.muted { color: #666; font-size: .9rem; }
@media print {
  body { margin: 0; max-width: none; }
  figure, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"#;

fn style() -> String {
    STYLE
        .replace("UNASSESSED", palette::UNASSESSED)
        .replace("COVERED", palette::COVERED)
        .replace("AT_RISK", palette::AT_RISK)
        .replace("GAP", palette::GAP)
        .replace("ACCEPTED", palette::ACCEPTED)
}

/// Renders the self-contained HTML page.
pub fn render_html(report: &FullReport<'_>) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Product-leadership coverage — " (report.origin) }
                style { (PreEscaped(style())) }
            }
            body {
                @for section in sections::all(report) { "\n" (section) }
                "\n"
                p class="muted" { "Made by orggap. Truck factor method: " (report.check.truck_factor.method) "." }
                "\n"
            }
        }
    };
    let mut page = controls_shown(page.into_string());
    page.push('\n');
    page
}

/// A page with every control character (other than a line feed or tab) and noncharacter
/// shown as its `\u{…}` escape: maud escapes markup but not control characters, so one pass
/// over the whole page makes sure no name, title or message brings a raw `ESC` or `\x01` in.
pub fn controls_shown(page: String) -> String {
    if !page
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{fffe}' | '\u{ffff}'))
    {
        return page;
    }
    let mut out = String::with_capacity(page.len() + 16);
    for c in page.chars() {
        push_shown(&mut out, c);
    }
    out
}

/// `c`, or where it is a control character (other than a line feed or tab) or a
/// noncharacter, its `\u{…}` escape: what no page shows as itself.
fn push_shown(out: &mut String, c: char) {
    match c {
        '\n' | '\t' => out.push(c),
        c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::controls_shown;

    #[test]
    fn shows_control_characters_as_escapes() {
        assert_eq!(
            controls_shown("a\u{1b}[31mb\n\tc".into()),
            "a\\u{1b}[31mb\n\tc"
        );
        assert_eq!(controls_shown("plain".into()), "plain");
    }
}
