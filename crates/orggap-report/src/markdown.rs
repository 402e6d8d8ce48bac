//! The check report as Markdown: renders on a code host, every name escaped.

use std::fmt::Write as _;

use orggap_analysis::Status;

use crate::check::{CheckReport, ResponsibilityOut, RoleOut, TruckFactorOut};
use crate::escape::markdown as md;
use crate::listing::{DutyView, NAMES_SHOWN, duty_view, first, more, some_names};
use crate::person::Person;

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Gap => "**gap**",
        Status::AtRisk => "*at risk*",
        Status::Accepted => "accepted",
        Status::Unassessed => "*unassessed*",
        Status::Covered => "covered",
    }
}

fn names<T: AsRef<str>>(list: &[T]) -> String {
    list.iter()
        .map(|n| md(n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The named truck-factor people, and how many more there are.
fn truck_names(t: &TruckFactorOut) -> String {
    match t.unnamed() {
        0 => names(&t.people),
        more => format!("{} and {more} more", names(&t.people)),
    }
}

fn qualified_cell(r: &ResponsibilityOut) -> String {
    let listed = names(&r.qualified);
    let more = r.qualified_count.saturating_sub(r.qualified.len());
    let mut cell = match (r.qualified_count, more) {
        (0, _) => "0".to_owned(),
        (n, 0) => format!("{n} (needs {}): {listed}", r.min_owners),
        (n, more) => format!("{n} (needs {}): {listed} and {more} more", r.min_owners),
    };
    if r.unassessed_count > 0 {
        let (shown, more) = some_names(&r.unassessed, r.unassessed_count);
        let _ = write!(
            cell,
            "; unassessed {}: {}",
            r.unassessed_count,
            names(shown)
        );
        if more > 0 {
            let _ = write!(cell, " and {more} more");
        }
    }
    cell
}

fn role_section(out: &mut String, report: &CheckReport, role: &RoleOut) {
    let _ = writeln!(out, "\n## {} ({})\n", md(&role.name), md(&role.id));
    let _ = write!(
        out,
        "{} duties: {} covered, {} at risk, {} gaps{}.",
        role.responsibilities,
        role.covered,
        role.at_risk,
        role.gap,
        match role.unassessed {
            0 => String::new(),
            n => format!(", {n} unassessed"),
        }
    );
    if !role.candidates.is_empty() {
        let best: Vec<String> = role
            .candidates
            .iter()
            .map(|c| {
                format!(
                    "{} ({} of {})",
                    md(&c.person),
                    c.qualified_for,
                    role.responsibilities
                )
            })
            .collect();
        let _ = write!(out, " Best fit: {}.", best.join(", "));
    }
    let _ = writeln!(out, "\n\n{DUTY_HEAD}");
    for r in report.responsibilities_of(&role.id) {
        duty_row(out, r);
    }
}

const DUTY_HEAD: &str =
    "| Duty | Status | Qualified | Declared owners | Nearest |\n|---|---|---|---|---|";

fn duty_row(out: &mut String, r: &ResponsibilityOut) {
    let listed = |list: &[Person], count: usize| {
        let (shown, more) = some_names(list, count);
        match more {
            0 => names(shown),
            more => format!("{} and {more} more", names(shown)),
        }
    };
    let mut owners = listed(&r.owners.first(NAMES_SHOWN), r.owners_count);
    if r.unqualified_owners_count > 0 {
        let _ = write!(
            owners,
            " (not qualified: {})",
            listed(
                &r.unqualified_owners.first(NAMES_SHOWN),
                r.unqualified_owners_count
            )
        );
    }
    let nearest: Vec<String> = r
        .near()
        .map(|n| format!("{} ({} short)", md(&n.person), n.shortfall))
        .collect();
    let _ = writeln!(
        out,
        "| `{}` {} | {} | {} | {} | {} |",
        r.id,
        md(&r.title),
        match &r.accepted_reason {
            Some(why) => format!("accepted: {}", md(why)),
            None => status_label(r.status).to_owned(),
        },
        qualified_cell(r),
        owners,
        match r.out_of_reach() {
            true => crate::check::OUT_OF_REACH.to_owned(),
            false => nearest.join(", "),
        }
    );
}

/// The roles and duties of a catalogue too large to list whole: a table of roles, then the
/// duties that need attention.
fn attention(out: &mut String, report: &CheckReport, view: &DutyView<'_>) {
    let _ = writeln!(
        out,
        "\n## Roles\n\n{} roles; the {} with the most gaps.\n\n| Role | Duties | Covered | At risk | Gaps |\n|---|---|---|---|---|",
        report.roles.len(),
        view.roles.len()
    );
    for role in &view.roles {
        let _ = writeln!(
            out,
            "| {} (`{}`) | {} | {} | {} | {} |",
            md(&role.name),
            md(&role.id),
            role.responsibilities,
            role.covered,
            role.at_risk,
            role.gap
        );
    }
    if let Some(line) = more(view.more_roles, "roles") {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = writeln!(
        out,
        "\n## Duties that need attention\n\nGaps first.\n\n{DUTY_HEAD}"
    );
    for r in &view.open {
        duty_row(out, r);
    }
    if let Some(line) = more(view.more_open, "duties that need attention") {
        let _ = writeln!(out, "\n{line}");
    }
}

/// The overlap pairs with who is qualified on each side.
pub(crate) fn overlaps(out: &mut String, report: &CheckReport) {
    if report.overlap_sides.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n## Role overlaps\n\nThe same duty appears in two roles; decide who owns it.\n"
    );
    let _ = writeln!(
        out,
        "| Duty | Qualified | Overlaps with | Qualified |\n|---|---|---|---|"
    );
    let (shown, left_out) = first(&report.overlap_sides);
    for o in shown {
        let side = |i: usize| match o.qualified_count[i] {
            0 => "nobody".to_owned(),
            _ => names(&o.qualified[i]),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` | {} |",
            o.responsibilities[0],
            side(0),
            o.responsibilities[1],
            side(1)
        );
    }
    if let Some(line) = more(left_out, "overlaps") {
        let _ = writeln!(out, "\n{line}");
    }
}

/// Renders the check report as a Markdown document.
pub fn render_markdown(report: &CheckReport) -> String {
    let mut out = String::from("# Product-leadership coverage\n\n");
    out.push_str(&crate::scenario_out::markdown_line(
        report.scenario.as_ref(),
    ));
    let s = &report.summary;
    let _ = writeln!(
        out,
        "{} people, {} duties: **{} covered**, **{} at risk**, **{} gaps**{}.",
        report.people,
        report.responsibilities.len(),
        s.covered,
        s.at_risk,
        s.gap,
        match s.unassessed {
            0 => String::new(),
            n => format!(", **{n} unassessed**"),
        }
    );
    for line in report.caveats() {
        let _ = writeln!(out, "\n> **Note:** {}.", md(&line));
    }
    if !report.without.is_empty() {
        let _ = writeln!(
            out,
            "\nAnalysed as if these people had left: {}.",
            names(&report.without)
        );
    }
    let view = duty_view(report);
    if view.full {
        for role in &report.roles {
            role_section(&mut out, report, role);
        }
    } else {
        attention(&mut out, report, &view);
    }
    let _ = writeln!(out, "\n## Key people\n");
    if report.key_people.is_empty() {
        let _ = writeln!(out, "Nobody is the only qualified person for a duty.");
    } else {
        let _ = writeln!(out, "| Person | Only qualified for |\n|---|---|");
        let (shown, left_out) = first(&report.key_people);
        for k in shown {
            let ids: Vec<String> = k
                .sole_qualified_for
                .iter()
                .map(|id| format!("`{id}`"))
                .collect();
            let provisional = match k.provisional {
                true => " (provisional: unassessed people could share these)",
                false => "",
            };
            let _ = writeln!(
                out,
                "| {} | {}{provisional} |",
                md(&k.person),
                ids.join(", ")
            );
        }
        if let Some(line) = more(left_out, "key people") {
            let _ = writeln!(out, "\n{line}");
        }
    }
    overlaps(&mut out, report);
    let tf = &report.truck_factor;
    let _ = writeln!(out, "\n## Truck factor\n");
    if tf.overall.size == 0 {
        let _ = writeln!(
            out,
            "{} of {} duties already have nobody {}, so the truck factor is 0: \
             departures cannot make it worse.\n",
            tf.overall.gaps_before,
            tf.overall.duties,
            tf.qualified_word()
        );
        if let Some(covered) = &tf.covered {
            let _ = writeln!(
                out,
                "Of the {} duties covered today, more than half would have nobody qualified if \
                 these {} left: {}.\n",
                covered.duties,
                covered.size,
                truck_names(covered)
            );
        }
    } else {
        let _ = writeln!(
            out,
            "{} of {} duties would have nobody qualified if these {} left: {}.\n",
            tf.overall.duties / 2 + 1,
            tf.overall.duties,
            tf.overall.size,
            truck_names(&tf.overall)
        );
    }
    let _ = writeln!(out, "| Scope | Truck factor | People |\n|---|---|---|");
    let (roles, left_out) = first(&tf.roles);
    for t in std::iter::once(&tf.overall).chain(roles) {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            md(&t.scope),
            t.size,
            truck_names(t)
        );
    }
    if let Some(line) = more(left_out, "roles") {
        let _ = writeln!(out, "\n{line}");
    }
    let _ = writeln!(out, "\nMethod: {}.", tf.method);
    if report
        .responsibilities
        .iter()
        .any(|r| r.unverified.is_some())
    {
        let unverified: Vec<String> = report.unverified().map(|r| format!("`{}`", r.id)).collect();
        let _ = writeln!(
            out,
            "\n## Unverified\n\nDuties whose every qualified person's ratings are stale: {}.",
            if unverified.is_empty() {
                "none".to_owned()
            } else {
                unverified.join(", ")
            }
        );
    }
    if let Some(gaps) = &report.calibration {
        let _ = writeln!(
            out,
            "\n## Calibration gaps\n\nOwn and manager's ratings 2 or more apart, in skills some duty requires.\n"
        );
        if gaps.is_empty() {
            let _ = writeln!(out, "None.");
        } else {
            let _ = writeln!(
                out,
                "| Person | Skill | Self | Manager |\n|---|---|---:|---:|"
            );
            let (shown, left_out) = crate::listing::first(gaps);
            for g in shown {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} |",
                    md(&g.person),
                    g.skill,
                    g.own,
                    g.manager
                );
            }
            if let Some(line) = more(left_out, "calibration gaps") {
                let _ = writeln!(out, "\n{line}");
            }
        }
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(out, "\n## Warnings\n");
        for w in &report.warnings {
            let _ = writeln!(out, "- {}", md(w));
        }
    }
    out
}
