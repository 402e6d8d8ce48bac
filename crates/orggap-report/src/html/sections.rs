//! The sections of `report.html`, in order, each its own piece of markup.

use maud::{Markup, PreEscaped, html};
use orggap_analysis::Status;

use super::partials::{caveats, codes, duty_table, figure, left_out, name, names, status_badge};
use super::{FullReport, OrgSection};
use crate::against_out::against_baseline;
use crate::check::TruckFactorOut;
use crate::listing::{DutyView, duty_view, first, some_names};
use crate::number::thousands;
use crate::plan_out::{duty_titles, profile_list};

/// Every section of the report, in the order it reads.
pub(super) fn all(report: &FullReport<'_>) -> Vec<Markup> {
    let mut out = vec![header(report)];
    if let Some(section) = report.baseline {
        out.push(against_baseline(report, section));
    }
    out.push(html! {
        h2 { "At a glance" }
        @for chart in report.charts { (figure(chart)) }
    });
    out.push(duties(report));
    out.push(people(report));
    if let Some(org) = report.org {
        out.push(organisation(org));
    }
    out.extend([overlaps(report), assignment(report), plan(report)]);
    out
}

/// Non-breaking spaces between the counts of the summary line.
const GAP: PreEscaped<&str> = PreEscaped(" &nbsp; ");

fn header(report: &FullReport<'_>) -> Markup {
    let c = report.check;
    let s = &c.summary;
    let tf = &c.truck_factor.overall;
    let who = |tf: &TruckFactorOut| {
        html! {
            @if !tf.people.is_empty() {
                " (" (names(&tf.people)) @if tf.unnamed() > 0 { " and " (thousands(tf.unnamed())) " more" } ")"
            }
        }
    };
    html! {
        h1 { "Product-leadership coverage" }
        (caveats(c))
        @if let Some(scenario) = &c.scenario {
            p class="scenario" { "scenario: " strong { bdi { (scenario.name) } } " (" code { (scenario.file) } ")" }
        }
        p class="muted" {
            (thousands(c.people)) " people in " code { (report.origin) } ", checked against "
            (c.responsibilities.len()) " duties of " (c.roles.len()) " roles"
            @if let Some(day) = &c.as_of { ", as of " (day) }
            "."
        }
        p class="summary" {
            (s.covered) " " (status_badge(Status::Covered)) (GAP)
            (s.at_risk) " " (status_badge(Status::AtRisk)) (GAP)
            (s.gap) " " (status_badge(Status::Gap))
            @for (n, status) in [(s.accepted, Status::Accepted), (s.unassessed, Status::Unassessed)] {
                @if n > 0 { (GAP) (n) " " (status_badge(status)) }
            }
        }
        @match &c.truck_factor.covered {
            Some(covered) if tf.size == 0 => p {
                "Truck factor " strong { "0" } ": already " (thousands(tf.gaps_before)) " of "
                (thousands(tf.duties)) " duties have nobody " (c.truck_factor.qualified_word())
                ", so departures cannot make it worse. Of the " (thousands(covered.duties))
                " duties covered today, " strong { (thousands(covered.size)) }
                " departures would leave more than half with nobody qualified" (who(covered)) "."
            },
            _ => p {
                "Truck factor " strong { (thousands(tf.size)) } ": the fewest departures that would leave more than half of the duties with nobody qualified" (who(tf)) "."
            },
        }
        @if c.truck_factor.provisional {
            p class="muted" { "Provisional: unknown levels could change it (people not yet assessed may turn out qualified)." }
        }
        @if !c.without.is_empty() {
            p { "Analysed as if these people had left: " (names(&c.without)) "." }
        }
    }
}

fn duties(report: &FullReport<'_>) -> Markup {
    let view = duty_view(report.check);
    if !view.full {
        return attention(report, &view);
    }
    html! {
        h2 id="duties" { "Every duty" }
        @for role in &report.check.roles {
            h3 { (role.name) " (" (role.id) ")" }
            (duty_table(report.check.responsibilities_of(&role.id)))
        }
    }
}

/// For a catalogue too large to list whole: the roles with the most gaps, then the duties
/// that need attention.
fn attention(report: &FullReport<'_>, view: &DutyView<'_>) -> Markup {
    html! {
        h2 id="duties" { "Roles and the duties that need attention" }
        p {
            (thousands(report.check.roles.len())) " roles and " (thousands(report.check.responsibilities.len()))
            " duties; the " (view.roles.len()) " roles with the most gaps:"
        }
        table {
            tr { th { "Role" } th { "Duties" } th { "Covered" } th { "At risk" } th { "Gaps" } }
            @for role in &view.roles {
                tr {
                    td { (role.name) " (" code { (role.id) } ")" }
                    td { (role.responsibilities) } td { (role.covered) } td { (role.at_risk) } td { (role.gap) }
                }
            }
        }
        (left_out(view.more_roles, "roles"))
        h3 { "Duties that need attention (gaps first)" }
        (duty_table(view.open.iter().copied()))
        (left_out(view.more_open, "duties that need attention"))
    }
}

/// Unverified duties, calibration gaps, key people and departures.
fn people(report: &FullReport<'_>) -> Markup {
    let c = report.check;
    let unverified: Vec<&str> = c.unverified().map(|r| r.id.as_str()).collect();
    html! {
        @if c.responsibilities.iter().any(|r| r.unverified.is_some()) {
            h2 id="unverified" { "Unverified" }
            p {
                "Duties whose every qualified person's ratings are stale: "
                @if unverified.is_empty() { "none" } @else { (codes(&unverified)) } "."
            }
        }
        @if let Some(gaps) = &c.calibration {
            h2 id="calibration" { "Calibration gaps" }
            p { "Own and manager's ratings 2 or more apart, in skills some duty requires." }
            @if gaps.is_empty() {
                p { "None." }
            } @else {
                @let (shown, hidden) = first(gaps);
                table {
                    tr { th { "Person" } th { "Skill" } th { "Self" } th { "Manager" } }
                    @for g in shown {
                        tr { td { (name(&g.person)) } td { code { (g.skill) } } td { (g.own) } td { (g.manager) } }
                    }
                }
                (left_out(hidden, "calibration gaps"))
            }
        }
        h2 { "Key people" }
        @if c.key_people.is_empty() {
            p { "Nobody is the only qualified person for a duty." }
        } @else {
            @let (shown, hidden) = first(&c.key_people);
            table {
                tr { th { "Person" } th { "Only qualified person for" } }
                @for k in shown {
                    tr {
                        td { (name(&k.person)) }
                        td {
                            (codes(&k.sole_qualified_for))
                            @if k.provisional { " " em { "(provisional: unassessed people could share these)" } }
                        }
                    }
                }
            }
            (left_out(hidden, "key people"))
        }
        h2 { "If someone leaves" }
        table {
            tr { th { "Person" } th { "New gaps" } th { "Newly at risk" } }
            @for d in report.impact.departures.iter().take(15) {
                tr { td { (name(&d.person)) } td { (codes(&d.new_gaps)) } td { (codes(&d.new_at_risk)) } }
            }
        }
        p class="muted" { (report.impact.unaffected) " people could leave without changing any duty's status." }
    }
}

fn overlaps(report: &FullReport<'_>) -> Markup {
    let (shown, hidden) = first(&report.check.overlap_sides);
    html! {
        h2 { "Role overlaps" }
        p { "The same duty appears in two roles; decide who owns it." }
        table {
            tr { th { "Duty" } th { "Qualified" } th { "Overlaps with" } th { "Qualified" } th { "Owners chosen" } }
            @for (o, a) in shown.iter().zip(&report.assign.overlaps) {
                tr {
                    @for i in 0..2 {
                        td { code { (o.responsibilities[i]) } }
                        td { @if o.qualified_count[i] == 0 { "nobody" } @else { (names(&o.qualified[i])) } }
                    }
                    td {
                        @for i in 0..2 {
                            @if i > 0 { " / " }
                            @match &a.owners[i] { Some(owner) => (name(owner)), None => "nobody" }
                        }
                    }
                }
            }
        }
        (left_out(hidden, "overlaps"))
    }
}

fn assignment(report: &FullReport<'_>) -> Markup {
    let a = report.assign;
    let (shown, hidden) = first(&a.load);
    html! {
        h2 { "Who should own what" }
        p {
            (a.assigned.len()) " of " (a.assigned.len() + a.unassigned.len())
            " duties get an owner within everyone's capacity (" (a.skill_gaps.len()) " skill gaps, "
            (a.capacity_gaps.len()) " capacity gaps; " (a.kept_owners) " declared owners kept)."
        }
        table {
            tr { th { "Person" } th { "Owns" } th { "Load" } }
            @for l in shown {
                @let owned: Vec<&str> = a.assigned.iter().filter(|x| x.person == l.person).map(|x| x.responsibility.as_str()).collect();
                tr { td { (name(&l.person)) } td { (codes(&owned)) } td { (l.assigned) " of " (l.capacity) } }
            }
        }
        (left_out(hidden, "owners"))
    }
}

fn plan(report: &FullReport<'_>) -> Markup {
    let p = report.plan;
    let catalogue = report.catalogue;
    let (training, more_training) = first(&p.upskill);
    let (hires, more_hires) = first(&p.hires);
    html! {
        h2 { "Plan to close the gaps" }
        @if p.upskill.is_empty() && p.hires.is_empty() {
            p { "Nothing to do: no gap and no duty at risk." }
        } @else {
            p { "Train first (" (p.total_steps) " level steps in all; at most " (p.max_steps) " per duty), then hire." }
            table {
                tr { th { "Train" } th { "Steps" } th { "Closes" } }
                @for u in training {
                    tr {
                        td { (name(&u.person)) @if let Some(why) = &u.why { br; span class="muted" { (why) } } }
                        td { @for (i, s) in u.steps.iter().enumerate() { @if i > 0 { ", " } (s.skill) " " (s.from) "→" (s.to) } }
                        td { (duty_titles(catalogue, &u.closes).join("; ")) }
                    }
                }
            }
            (left_out(more_training, "people to train"))
            table {
                tr { th { "Hire" } th { "Profile" } th { "Closes" } }
                @for h in hires {
                    @let role = catalogue.find_role(&h.role).map_or(h.role.as_str(), |r| catalogue.role(r).name.as_str());
                    tr {
                        td { (h.count) " × " (role) "-type" }
                        td { (profile_list(h, catalogue.scale()).join(", ")) }
                        td { (duty_titles(catalogue, &h.closes).join("; ")) }
                    }
                }
            }
            (left_out(more_hires, "hiring profiles"))
        }
    }
}

/// The organisation's shape: the numbers, the chart, wide and narrow spans, and the units
/// each duty's qualified people sit in.
fn organisation(org: OrgSection<'_>) -> Markup {
    let r = org.report;
    let (wide, more_wide) = first(&r.wide);
    let (narrow, more_narrow) = some_names(&r.narrow, r.narrow_count);
    let (duties, more_duties) = first(&r.duties);
    html! {
        h2 id="organisation" { "Organisation" }
        p { (r.headline()) "." }
        (figure(org.chart))
        @if r.wide.is_empty() {
            p { "No manager has more than " (r.max_span) " direct reports." }
        } @else {
            h3 { "Wide spans (more than " (r.max_span) " direct reports)" }
            table {
                tr { th { "Manager" } th { "Direct reports" } }
                @for w in wide { tr { td { (name(&w.person)) } td { (w.reports) } } }
            }
            (left_out(more_wide, "wide managers"))
        }
        @if !r.narrow.is_empty() {
            h3 { "Narrow spans (exactly one direct report)" }
            p { (names(narrow)) @if more_narrow > 0 { " and " (thousands(more_narrow)) " more" } "." }
        }
        h3 { "Units of each duty's qualified people" }
        p class="muted" {
            "A unit is a direct report of a top person with everyone below them; a top person is a unit of their own. A duty whose people all sit in one unit changes with that unit."
        }
        table {
            tr { th { "Duty" } th { "Units" } }
            @for d in duties {
                tr {
                    td title=(d.id) { (d.label) }
                    td {
                        @match d.units.len() {
                            0 => em { "nobody qualified" },
                            1 => { (names(&d.unit_labels())) " " em { "(one unit)" } },
                            _ => (names(&d.unit_labels())),
                        }
                    }
                }
            }
        }
        (left_out(more_duties, "duties"))
    }
}
