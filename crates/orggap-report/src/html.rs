//! `report.html`: one self-contained page (charts inline as SVG, CSS inline, no script, no
//! network) and `report.md`, the same content for a code host with the charts as PNG links.

use std::fmt::Write as _;

use orggap_analysis::Status;

use crate::against_out::{against_baseline, against_baseline_markdown};
use crate::assign_out::{AssignReport, render_assign_markdown};
use crate::charts::Chart;
use crate::check::{CheckReport, ResponsibilityOut};
use crate::impact_out::{ImpactReport, render_impact_markdown};
use crate::listing::{DutyView, duty_view, first, more, some_names};
use crate::markdown::render_markdown;
use crate::number::thousands;
use crate::org_out::{OrgReport, render_org_markdown};
use crate::palette;
use crate::person::Person;
use crate::plan_out::{PlanReport, render_plan_markdown};

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

/// A chart as an inline SVG figure, named by its title.
pub(crate) fn figure(out: &mut String, chart: &Chart) {
    let _ = writeln!(
        out,
        "<figure id=\"{}\" aria-label=\"{}\">\n{}\n</figure>",
        chart.name,
        html_escape(&chart.title),
        chart.svg.trim()
    );
}

/// The organisation section of the report: the shape and its chart.
#[derive(Clone, Copy, Debug)]
pub struct OrgSection<'a> {
    /// Layers, spans and units.
    pub report: &'a OrgReport,
    /// The layers and spans chart.
    pub chart: &'a Chart,
}

/// Text safe inside HTML elements and attribute values: markup characters as entities,
/// and control characters (which XML forbids and HTML calls errors) shown as `\u{…}`.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => push_shown(&mut out, c),
        }
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

/// A page made elsewhere (the workspace's, by maud, which escapes markup but not control
/// characters) with every control character shown as [`html_escape`] shows it: one pass
/// over the whole page, so no name, title or message can bring a raw `ESC` or `\x01` in.
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

/// A person's name in HTML: escaped, and isolated (`<bdi>`) so that right-to-left text or a
/// direction override in one name cannot reorder what stands around it.
pub fn html_name(name: &str) -> String {
    format!("<bdi>{}</bdi>", html_escape(name))
}

pub(crate) fn names<T: AsRef<str>>(list: &[T]) -> String {
    list.iter()
        .map(|n| html_name(n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ids as `<code>` elements, comma-separated.
fn codes(ids: &[String]) -> String {
    ids.iter()
        .map(|i| format!("<code>{}</code>", html_escape(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn badge(status: Status) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        status.as_str(),
        status.label()
    )
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

fn duty_row(out: &mut String, r: &ResponsibilityOut) {
    let qualified = if r.qualified_count == 0 {
        "0".to_owned()
    } else {
        let more = r.qualified_count - r.qualified.len();
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "{} (needs {}): {}{tail}",
            r.qualified_count,
            r.min_owners,
            names(&r.qualified)
        )
    };
    let listed = |list: &[Person], count: usize| {
        let (shown, more) = some_names(list, count);
        match more {
            0 => names(shown),
            more => format!("{} and {} more", names(shown), thousands(more)),
        }
    };
    let qualified = match r.unassessed_count {
        0 => qualified,
        n => format!(
            "{qualified}<br><em>unassessed {}: {}</em>",
            thousands(n),
            listed(&r.unassessed, n)
        ),
    };
    let mut owners = listed(&r.owners, r.owners_count);
    if r.unqualified_owners_count > 0 {
        let _ = write!(
            owners,
            " <em>(not qualified: {})</em>",
            listed(&r.unqualified_owners, r.unqualified_owners_count)
        );
    }
    let nearest: Vec<String> = r
        .near()
        .map(|n| format!("{} ({} short)", html_name(&n.person), n.shortfall))
        .collect();
    let status = match &r.accepted_reason {
        Some(why) => format!("{} {}", badge(r.status), html_escape(why)),
        None => badge(r.status),
    };
    let _ = writeln!(
        out,
        "<tr><td><code>{}</code><br>{}</td><td>{status}</td><td>{qualified}</td><td>{owners}</td><td>{}</td></tr>",
        html_escape(&r.id),
        html_escape(&r.title),
        match r.out_of_reach() {
            true => format!(
                "<span class=\"muted\">{}</span>",
                crate::check::OUT_OF_REACH
            ),
            false => nearest.join(", "),
        }
    );
}

/// What the data leaves unknown, and the warnings of reading it, before any number.
pub(crate) fn caveats(out: &mut String, check: &CheckReport) {
    let lines = check.caveats();
    if lines.is_empty() && check.warnings.is_empty() {
        return;
    }
    let _ = writeln!(out, "<div class=\"caveats\" role=\"note\">");
    for line in lines {
        let _ = writeln!(out, "<p>{}.</p>", html_escape(&line));
    }
    if !check.warnings.is_empty() {
        let _ = writeln!(out, "<p><strong>Warnings</strong></p>\n<ul>");
        for w in &check.warnings {
            let _ = writeln!(out, "<li>{}</li>", html_escape(w));
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</div>");
}

fn header(out: &mut String, report: &FullReport<'_>) {
    let c = report.check;
    let s = &c.summary;
    let _ = writeln!(out, "<h1>Product-leadership coverage</h1>");
    caveats(out, c);
    if let Some(scenario) = &c.scenario {
        let _ = writeln!(
            out,
            "<p class=\"scenario\">scenario: <strong><bdi>{}</bdi></strong> (<code>{}</code>)</p>",
            html_escape(&scenario.name),
            html_escape(&scenario.file)
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"muted\">{} people in <code>{}</code>, checked against {} duties of {} roles{}.</p>",
        thousands(c.people),
        html_escape(report.origin),
        c.responsibilities.len(),
        c.roles.len(),
        c.as_of
            .as_ref()
            .map_or(String::new(), |d| format!(", as of {}", html_escape(d)))
    );
    let _ = writeln!(
        out,
        "<p class=\"summary\">{} {} &nbsp; {} {} &nbsp; {} {}{}</p>",
        s.covered,
        badge(Status::Covered),
        s.at_risk,
        badge(Status::AtRisk),
        s.gap,
        badge(Status::Gap),
        [
            (s.accepted, Status::Accepted),
            (s.unassessed, Status::Unassessed)
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|&(n, status)| format!(" &nbsp; {n} {}", badge(status)))
        .collect::<String>()
    );
    let tf = &c.truck_factor.overall;
    let who = |tf: &crate::check::TruckFactorOut| match (tf.people.is_empty(), tf.unnamed()) {
        (true, _) => String::new(),
        (false, 0) => format!(" ({})", names(&tf.people)),
        (false, more) => format!(" ({} and {} more)", names(&tf.people), thousands(more)),
    };
    match &c.truck_factor.covered {
        Some(covered) if tf.size == 0 => {
            let _ = writeln!(
                out,
                "<p>Truck factor <strong>0</strong>: already {} of {} duties have nobody {}, so departures cannot make it worse. Of the {} duties covered today, <strong>{}</strong> departures would leave more than half with nobody qualified{}.</p>",
                thousands(tf.gaps_before),
                thousands(tf.duties),
                c.truck_factor.qualified_word(),
                thousands(covered.duties),
                thousands(covered.size),
                who(covered)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "<p>Truck factor <strong>{}</strong>: the fewest departures that would leave more than half of the duties with nobody qualified{}.</p>",
                thousands(tf.size),
                who(tf)
            );
        }
    }
    if c.truck_factor.provisional {
        let _ = writeln!(
            out,
            "<p class=\"muted\">Provisional: unknown levels could change it (people not yet assessed may turn out qualified).</p>"
        );
    }
    if !c.without.is_empty() {
        let _ = writeln!(
            out,
            "<p>Analysed as if these people had left: {}.</p>",
            names(&c.without)
        );
    }
}

const DUTY_HEAD: &str = "<table class=\"duties\">\n<tr><th>Duty</th><th>Status</th><th>Qualified</th><th>Declared owners</th><th>Nearest to qualifying</th></tr>";

fn duties(out: &mut String, report: &FullReport<'_>) {
    let view = duty_view(report.check);
    if !view.full {
        return attention(out, report, &view);
    }
    let _ = writeln!(out, "<h2 id=\"duties\">Every duty</h2>");
    for role in &report.check.roles {
        let _ = writeln!(
            out,
            "<h3>{} ({})</h3>\n{DUTY_HEAD}",
            html_escape(&role.name),
            html_escape(&role.id)
        );
        for r in report.check.responsibilities_of(&role.id) {
            duty_row(out, r);
        }
        let _ = writeln!(out, "</table>");
    }
}

/// A paragraph saying how many rows a table left out, if any.
pub(crate) fn left_out(out: &mut String, count: usize, what: &str) {
    if let Some(line) = more(count, what) {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", html_escape(&line));
    }
}

/// For a catalogue too large to list whole: the roles with the most gaps, then the duties
/// that need attention.
fn attention(out: &mut String, report: &FullReport<'_>, view: &DutyView<'_>) {
    let _ = writeln!(
        out,
        "<h2 id=\"duties\">Roles and the duties that need attention</h2>\n<p>{} roles and {} duties; the {} roles with the most gaps:</p>\n<table>\n<tr><th>Role</th><th>Duties</th><th>Covered</th><th>At risk</th><th>Gaps</th></tr>",
        thousands(report.check.roles.len()),
        thousands(report.check.responsibilities.len()),
        view.roles.len()
    );
    for role in &view.roles {
        let _ = writeln!(
            out,
            "<tr><td>{} (<code>{}</code>)</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&role.name),
            html_escape(&role.id),
            role.responsibilities,
            role.covered,
            role.at_risk,
            role.gap
        );
    }
    let _ = writeln!(out, "</table>");
    left_out(out, view.more_roles, "roles");
    let _ = writeln!(
        out,
        "<h3>Duties that need attention (gaps first)</h3>\n{DUTY_HEAD}"
    );
    for r in &view.open {
        duty_row(out, r);
    }
    let _ = writeln!(out, "</table>");
    left_out(out, view.more_open, "duties that need attention");
}

fn people_sections(out: &mut String, report: &FullReport<'_>) {
    let c = report.check;
    if c.responsibilities.iter().any(|r| r.unverified.is_some()) {
        let unverified: Vec<String> = c
            .unverified()
            .map(|r| format!("<code>{}</code>", html_escape(&r.id)))
            .collect();
        let _ = writeln!(
            out,
            "<h2 id=\"unverified\">Unverified</h2>\n<p>Duties whose every qualified person's ratings are stale: {}.</p>",
            if unverified.is_empty() {
                "none".to_owned()
            } else {
                unverified.join(", ")
            }
        );
    }
    if let Some(gaps) = &c.calibration {
        let _ = writeln!(
            out,
            "<h2 id=\"calibration\">Calibration gaps</h2>\n<p>Own and manager's ratings 2 or more apart, in skills some duty requires.</p>"
        );
        if gaps.is_empty() {
            let _ = writeln!(out, "<p>None.</p>");
        } else {
            let _ = writeln!(
                out,
                "<table>\n<tr><th>Person</th><th>Skill</th><th>Self</th><th>Manager</th></tr>"
            );
            let (shown, hidden) = first(gaps);
            for g in shown {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                    html_name(&g.person),
                    html_escape(&g.skill),
                    g.own,
                    g.manager
                );
            }
            let _ = writeln!(out, "</table>");
            left_out(out, hidden, "calibration gaps");
        }
    }
    let _ = writeln!(out, "<h2>Key people</h2>");
    if c.key_people.is_empty() {
        let _ = writeln!(
            out,
            "<p>Nobody is the only qualified person for a duty.</p>"
        );
    } else {
        let _ = writeln!(
            out,
            "<table>\n<tr><th>Person</th><th>Only qualified person for</th></tr>"
        );
        let (shown, more_people) = first(&c.key_people);
        for k in shown {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}{}</td></tr>",
                html_name(&k.person),
                codes(&k.sole_qualified_for),
                match k.provisional {
                    true => " <em>(provisional: unassessed people could share these)</em>",
                    false => "",
                }
            );
        }
        let _ = writeln!(out, "</table>");
        left_out(out, more_people, "key people");
    }
    let _ = writeln!(
        out,
        "<h2>If someone leaves</h2>\n<table>\n<tr><th>Person</th><th>New gaps</th><th>Newly at risk</th></tr>"
    );
    for d in report.impact.departures.iter().take(15) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            html_name(&d.person),
            codes(&d.new_gaps),
            codes(&d.new_at_risk)
        );
    }
    let _ = writeln!(
        out,
        "</table>\n<p class=\"muted\">{} people could leave without changing any duty's status.</p>",
        report.impact.unaffected
    );
}

fn overlaps(out: &mut String, report: &FullReport<'_>) {
    let _ = writeln!(
        out,
        "<h2>Role overlaps</h2>\n<p>The same duty appears in two roles; decide who owns it.</p>"
    );
    let _ = writeln!(
        out,
        "<table>\n<tr><th>Duty</th><th>Qualified</th><th>Overlaps with</th><th>Qualified</th><th>Owners chosen</th></tr>"
    );
    let (shown, more_overlaps) = first(&report.check.overlap_sides);
    for (o, a) in shown.iter().zip(&report.assign.overlaps) {
        let side = |i: usize| {
            if o.qualified_count[i] == 0 {
                "nobody".to_owned()
            } else {
                names(&o.qualified[i])
            }
        };
        let owner = |i: usize| {
            a.owners[i]
                .as_deref()
                .map_or("nobody".to_owned(), html_name)
        };
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{} / {}</td></tr>",
            html_escape(&o.responsibilities[0]),
            side(0),
            html_escape(&o.responsibilities[1]),
            side(1),
            owner(0),
            owner(1)
        );
    }
    let _ = writeln!(out, "</table>");
    left_out(out, more_overlaps, "overlaps");
}

fn assignment(out: &mut String, report: &FullReport<'_>) {
    let a = report.assign;
    let _ = writeln!(
        out,
        "<h2>Who should own what</h2>\n<p>{} of {} duties get an owner within everyone's capacity ({} skill gaps, {} capacity gaps; {} declared owners kept).</p>",
        a.assigned.len(),
        a.assigned.len() + a.unassigned.len(),
        a.skill_gaps.len(),
        a.capacity_gaps.len(),
        a.kept_owners
    );
    let _ = writeln!(
        out,
        "<table>\n<tr><th>Person</th><th>Owns</th><th>Load</th></tr>"
    );
    let (shown, more_people) = first(&a.load);
    for l in shown {
        let owned: Vec<String> = a
            .assigned
            .iter()
            .filter(|x| x.person == l.person)
            .map(|x| x.responsibility.clone())
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{} of {}</td></tr>",
            html_name(&l.person),
            codes(&owned),
            l.assigned,
            l.capacity
        );
    }
    let _ = writeln!(out, "</table>");
    left_out(out, more_people, "owners");
}

fn plan(out: &mut String, report: &FullReport<'_>) {
    let p = report.plan;
    let _ = writeln!(out, "<h2>Plan to close the gaps</h2>");
    if p.upskill.is_empty() && p.hires.is_empty() {
        let _ = writeln!(out, "<p>Nothing to do: no gap and no duty at risk.</p>");
        return;
    }
    let _ = writeln!(
        out,
        "<p>Train first ({} level steps in all; at most {} per duty), then hire.</p>",
        p.total_steps, p.max_steps
    );
    let _ = writeln!(
        out,
        "<table>\n<tr><th>Train</th><th>Steps</th><th>Closes</th></tr>"
    );
    let (shown, more_training) = first(&p.upskill);
    for u in shown {
        let steps: Vec<String> = u
            .steps
            .iter()
            .map(|s| format!("{} {}→{}", html_escape(&s.skill), s.from, s.to))
            .collect();
        let why = u
            .why
            .as_ref()
            .map(|why| format!("<br><span class=\"muted\">{}</span>", html_escape(why)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td>{}{why}</td><td>{}</td><td>{}</td></tr>",
            html_name(&u.person),
            steps.join(", "),
            html_escape(&crate::plan_out::duty_titles(report.catalogue, &u.closes).join("; "))
        );
    }
    let _ = writeln!(out, "</table>");
    left_out(out, more_training, "people to train");
    let _ = writeln!(
        out,
        "<table>\n<tr><th>Hire</th><th>Profile</th><th>Closes</th></tr>"
    );
    let (shown, more_hires) = first(&p.hires);
    for h in shown {
        let role = report
            .catalogue
            .find_role(&h.role)
            .map_or(h.role.as_str(), |r| report.catalogue.role(r).name.as_str());
        let profile: Vec<String> = crate::plan_out::profile_list(h, report.catalogue.scale())
            .iter()
            .map(|need| html_escape(need))
            .collect();
        let _ = writeln!(
            out,
            "<tr><td>{} × {}-type</td><td>{}</td><td>{}</td></tr>",
            h.count,
            html_escape(role),
            profile.join(", "),
            html_escape(&crate::plan_out::duty_titles(report.catalogue, &h.closes).join("; "))
        );
    }
    let _ = writeln!(out, "</table>");
    left_out(out, more_hires, "hiring profiles");
}

/// The organisation's shape: the numbers, the chart, wide and narrow spans, and the units
/// each duty's qualified people sit in.
fn organisation(out: &mut String, org: OrgSection<'_>) {
    let r = org.report;
    let _ = writeln!(
        out,
        "<h2 id=\"organisation\">Organisation</h2>\n<p>{}.</p>",
        r.headline()
    );
    figure(out, org.chart);
    if r.wide.is_empty() {
        let _ = writeln!(
            out,
            "<p>No manager has more than {} direct reports.</p>",
            r.max_span
        );
    } else {
        let _ = writeln!(
            out,
            "<h3>Wide spans (more than {} direct reports)</h3>\n<table>\n<tr><th>Manager</th><th>Direct reports</th></tr>",
            r.max_span
        );
        let (wide, more_wide) = first(&r.wide);
        for w in wide {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                html_name(&w.person),
                w.reports
            );
        }
        let _ = writeln!(out, "</table>");
        left_out(out, more_wide, "wide managers");
    }
    if !r.narrow.is_empty() {
        let (shown, more_narrow) = some_names(&r.narrow, r.narrow_count);
        let more_text = match more_narrow {
            0 => String::new(),
            n => format!(" and {} more", thousands(n)),
        };
        let _ = writeln!(
            out,
            "<h3>Narrow spans (exactly one direct report)</h3>\n<p>{}{more_text}.</p>",
            names(shown)
        );
    }
    let _ = writeln!(
        out,
        "<h3>Units of each duty's qualified people</h3>\n<p class=\"muted\">A unit is a direct report of a top person with everyone below them; a top person is a unit of their own. A duty whose people all sit in one unit changes with that unit.</p>\n<table>\n<tr><th>Duty</th><th>Units</th></tr>"
    );
    let (duties, more_duties) = first(&r.duties);
    for d in duties {
        let units = match d.units.len() {
            0 => "<em>nobody qualified</em>".to_owned(),
            1 => format!("{} <em>(one unit)</em>", names(&d.unit_labels())),
            _ => names(&d.unit_labels()),
        };
        let _ = writeln!(
            out,
            "<tr><td title=\"{}\">{}</td><td>{units}</td></tr>",
            html_escape(&d.id),
            html_escape(&d.label)
        );
    }
    let _ = writeln!(out, "</table>");
    left_out(out, more_duties, "duties");
}

/// Renders the self-contained HTML page.
pub fn render_html(report: &FullReport<'_>) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    );
    let _ = writeln!(
        out,
        "<title>Product-leadership coverage — {}</title>",
        html_escape(report.origin)
    );
    let _ = writeln!(out, "<style>{}</style>\n</head>\n<body>", style());
    header(&mut out, report);
    if let Some(section) = report.baseline {
        against_baseline(&mut out, report, section);
    }
    let _ = writeln!(out, "<h2>At a glance</h2>");
    for chart in report.charts {
        figure(&mut out, chart);
    }
    duties(&mut out, report);
    people_sections(&mut out, report);
    if let Some(org) = report.org {
        organisation(&mut out, org);
    }
    overlaps(&mut out, report);
    assignment(&mut out, report);
    plan(&mut out, report);
    let _ = writeln!(
        out,
        "<p class=\"muted\">Made by orggap. Truck factor method: {}.</p>",
        html_escape(report.check.truck_factor.method)
    );
    out.push_str("</body>\n</html>\n");
    out
}

/// One level deeper: `# X` becomes `## X`, so a section fits under the report's title.
fn demote(markdown: &str) -> String {
    markdown
        .lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("#{l}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders `report.md`: the check report with the charts (PNG links) after its summary,
/// then owners, departures and the plan.
pub fn render_report_markdown(report: &FullReport<'_>) -> String {
    let check = render_markdown(report.check);
    let (head, rest) = check.split_once("\n## ").unwrap_or((check.as_str(), ""));
    let mut out = head.trim_end().to_owned();
    out.push_str("\n\n");
    for chart in report.charts {
        let _ = writeln!(out, "![{}]({}.png)\n", chart.title, chart.name);
    }
    if let Some(section) = report.baseline {
        out.push_str(&against_baseline_markdown(report, section));
        out.push('\n');
    }
    if !rest.is_empty() {
        out.push_str("## ");
        out.push_str(rest.trim_end());
        out.push('\n');
    }
    let org = report.org.map(|org| {
        let markdown = render_org_markdown(org.report);
        // The chart goes under the section's first paragraph.
        let (head, rest) = markdown
            .split_once("\n## ")
            .unwrap_or((markdown.as_str(), ""));
        format!(
            "{}\n\n![{}]({}.png)\n\n## {rest}",
            head.trim_end(),
            org.chart.title,
            org.chart.name
        )
    });
    for section in [
        render_assign_markdown(report.assign, report.catalogue),
        render_impact_markdown(report.impact),
        render_plan_markdown(report.plan, report.catalogue),
    ]
    .into_iter()
    .chain(org)
    {
        out.push('\n');
        out.push_str(demote(section.trim_end()).as_str());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::html_escape;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            html_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
