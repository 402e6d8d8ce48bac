//! The terminal report of `orggap check`: a summary line, the open duties by role with the
//! nearest candidates, then key people, overlaps and warnings; fits 80 columns.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use orggap_analysis::Status;
use orggap_model::visible;

use crate::listing::{NAMES_SHOWN, duty_view, first, more, some_names};
use unicode_width::UnicodeWidthStr;

use crate::check::{CheckReport, ResponsibilityOut};

/// How the text is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextOptions {
    /// Columns to fit in.
    pub width: usize,
    /// Whether to colour status words with ANSI escapes.
    pub color: bool,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            width: 80,
            color: false,
        }
    }
}

const INDENT: &str = "           ";

fn style_of(status: Status) -> Style {
    match status {
        Status::Gap => AnsiColor::Red.on_default().bold(),
        Status::AtRisk => AnsiColor::Yellow.on_default().bold(),
        Status::Unassessed => AnsiColor::Cyan.on_default(),
        Status::Covered | Status::Accepted => AnsiColor::Green.on_default(),
    }
}

fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

/// `text` cut to `width` columns, with an ellipsis when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Counts as `3 covered · 2 at risk · 1 gap`, leaving out zeros (but never all of them).
fn counts(
    covered: usize,
    at_risk: usize,
    gap: usize,
    accepted: usize,
    unassessed: usize,
    color: bool,
) -> String {
    let mut parts = Vec::new();
    if covered > 0 || (at_risk == 0 && gap == 0) {
        parts.push(paint(
            &format!("{covered} covered"),
            style_of(Status::Covered),
            color,
        ));
    }
    if at_risk > 0 {
        parts.push(paint(
            &format!("{at_risk} at risk"),
            style_of(Status::AtRisk),
            color,
        ));
    }
    if gap > 0 {
        let word = if gap == 1 { "gap" } else { "gaps" };
        parts.push(paint(
            &format!("{gap} {word}"),
            style_of(Status::Gap),
            color,
        ));
    }
    if accepted > 0 {
        parts.push(format!("{accepted} accepted"));
    }
    if unassessed > 0 {
        parts.push(paint(
            &format!("{unassessed} unassessed"),
            style_of(Status::Unassessed),
            color,
        ));
    }
    parts.join(" · ")
}

/// Writes `label` and `items` joined by `, `, filling lines up to `width` after `first`
/// (the first line's prefix) and `indent` (later lines), never splitting an item.
pub(crate) fn fill(
    out: &mut String,
    first: &str,
    indent: &str,
    label: &str,
    items: &[String],
    width: usize,
) {
    fill_separated(out, first, indent, label, items, width, ",");
}

/// [`fill`], the items separated by `separator` (`;` where items hold commas themselves).
pub(crate) fn fill_separated(
    out: &mut String,
    first: &str,
    indent: &str,
    label: &str,
    items: &[String],
    width: usize,
    separator: &str,
) {
    let mut line = format!("{first}{label}");
    let mut fresh = label.is_empty();
    for (i, item) in items.iter().enumerate() {
        let sep = if i + 1 < items.len() { separator } else { "" };
        let piece = format!("{item}{sep}");
        let gap = if fresh { "" } else { " " };
        if i > 0 && line.width() + 1 + piece.width() > width {
            let _ = writeln!(out, "{line}");
            line = format!("{indent}{piece}");
        } else {
            line.push_str(gap);
            line.push_str(&piece);
        }
        fresh = false;
    }
    let _ = writeln!(out, "{line}");
}

/// Writes `words` joined by spaces, filling lines up to `width`, later lines indented.
pub(crate) fn wrap(out: &mut String, words: &[String], width: usize) {
    let mut line = String::new();
    for word in words {
        if !line.trim().is_empty() && line.width() + 1 + word.width() > width {
            let _ = writeln!(out, "{line}");
            line = "  ".to_owned();
        } else if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "{line}");
}

fn detail(out: &mut String, label: &str, items: &[String], width: usize) {
    fill(out, INDENT, INDENT, label, items, width);
}

fn visible_names<T: AsRef<str>>(names: &[T]) -> Vec<String> {
    names
        .iter()
        .map(|n| visible(n.as_ref()).into_owned())
        .collect()
}

fn open_duty(out: &mut String, r: &ResponsibilityOut, options: TextOptions) {
    let label = match r.status {
        Status::Gap => "GAP",
        Status::Accepted => "ACCEPTED",
        Status::AtRisk => "AT RISK",
        Status::Unassessed => "UNASSESSED",
        Status::Covered => "COVERED",
    };
    let head = truncate(
        &format!("{}  {}", r.id, r.title),
        options.width.saturating_sub(11),
    );
    let _ = writeln!(
        out,
        "  {}{}{head}",
        paint(&format!("{label:<9}"), style_of(r.status), options.color),
        if label.len() >= 9 { " " } else { "" }
    );
    let width = options.width;
    if r.qualified_count > 0 {
        let label = format!(
            "qualified {} of {} needed:",
            r.qualified_count, r.min_owners
        );
        detail(out, &label, &visible_names(&r.qualified), width);
    }
    if r.unassessed_count > 0 {
        let (shown, more) = some_names(&r.unassessed, r.unassessed_count);
        let mut names = visible_names(shown);
        if more > 0 {
            names.push(format!("and {more} more"));
        }
        let label = format!(
            "unassessed {} (not proven, not ruled out):",
            r.unassessed_count
        );
        detail(out, &label, &names, width);
    }
    if r.near().next().is_some() {
        let near: Vec<String> = r
            .near()
            .map(|n| format!("{} ({} short)", visible(&n.person), n.shortfall))
            .collect();
        detail(out, "nearest:", &near, width);
    } else if r.out_of_reach() {
        detail(
            out,
            "nearest:",
            &[crate::check::OUT_OF_REACH.to_owned()],
            width,
        );
    }
    if r.unqualified_owners_count > 0 {
        let first = r.unqualified_owners.first(NAMES_SHOWN);
        let (shown, more) = some_names(&first, r.unqualified_owners_count);
        let mut owners = visible_names(shown);
        if more > 0 {
            owners.push(format!("and {more} more"));
        }
        detail(out, "declared owner not qualified:", &owners, width);
    }
}

/// Renders the check report for a terminal.
pub fn render_text(report: &CheckReport, options: TextOptions) -> String {
    let mut out = crate::scenario_out::text_line(report.scenario.as_ref());
    let s = &report.summary;
    let duties = report.responsibilities.len();
    let people = if report.people == 1 {
        "person"
    } else {
        "people"
    };
    let _ = writeln!(
        out,
        "{duties} duties, {} {people}: {}",
        report.people,
        counts(
            s.covered,
            s.at_risk,
            s.gap,
            s.accepted,
            s.unassessed,
            options.color
        )
    );
    for line in report.caveats() {
        let words: Vec<String> = line.split(' ').map(str::to_owned).collect();
        wrap(&mut out, &words, options.width);
    }
    let tf = &report.truck_factor.overall;
    if tf.size == 0 {
        let why = format!(
            "truck factor 0: already {} of {} duties have nobody {}; departures cannot make it worse",
            tf.gaps_before,
            tf.duties,
            report.truck_factor.qualified_word()
        );
        let words: Vec<String> = why.split(' ').map(str::to_owned).collect();
        wrap(&mut out, &words, options.width);
        if let Some(covered) = &report.truck_factor.covered {
            let who = visible_names(&covered.people);
            let label = format!(
                "  of the {} duties covered today, truck factor {}:",
                covered.duties, covered.size
            );
            fill(&mut out, "", "    ", &label, &who, options.width);
        }
    } else if tf.size <= 8 {
        let who = visible_names(&tf.people);
        let label = format!("truck factor {}:", tf.size);
        fill(&mut out, "", "  ", &label, &who, options.width);
    } else {
        let _ = writeln!(
            out,
            "truck factor {}: no small group holds most duties",
            tf.size
        );
    }
    if report.truck_factor.provisional {
        let _ = writeln!(out, "  provisional: unknown levels could change it");
    }
    if !report.without.is_empty() {
        let gone = visible_names(&report.without);
        fill(
            &mut out,
            "",
            "  ",
            "as if these people had left:",
            &gone,
            options.width,
        );
    }
    let view = duty_view(report);
    if !view.full {
        let _ = writeln!(
            out,
            "\n{} roles; the {} with the most gaps:",
            report.roles.len(),
            view.roles.len()
        );
    }
    for role in &view.roles {
        let _ = writeln!(
            out,
            "{}{} ({}): {}",
            if view.full { "\n" } else { "  " },
            visible(&role.name),
            visible(&role.id),
            counts(
                role.covered,
                role.at_risk,
                role.gap,
                role.accepted,
                role.unassessed,
                options.color
            )
        );
        if !view.full {
            continue;
        }
        for r in report
            .responsibilities_of(&role.id)
            .filter(|r| r.status != Status::Covered)
        {
            open_duty(&mut out, r, options);
        }
        if let Some(best) = role.candidates.first() {
            let _ = writeln!(
                out,
                "  best fit: {} ({} of {})",
                truncate(&visible(&best.person), options.width.saturating_sub(24)),
                best.qualified_for,
                role.responsibilities
            );
        }
    }
    if !view.full {
        if let Some(line) = more(view.more_roles, "roles") {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "\nDuties that need attention (gaps first)");
        for r in &view.open {
            open_duty(&mut out, r, options);
        }
        if let Some(line) = more(view.more_open, "duties that need attention") {
            let _ = writeln!(out, "  {line}");
        }
    }
    key_people(&mut out, report, options);
    overlaps(&mut out, report, options);
    if report
        .responsibilities
        .iter()
        .any(|r| r.unverified.is_some())
    {
        let unverified: Vec<String> = report.unverified().map(|r| r.id.clone()).collect();
        let _ = writeln!(
            out,
            "\nUnverified (every qualified person's ratings are stale)"
        );
        match unverified.is_empty() {
            true => {
                let _ = writeln!(out, "  none");
            }
            false => fill(&mut out, "  ", "  ", "", &unverified, options.width),
        }
    }
    if let Some(gaps) = &report.calibration {
        let _ = writeln!(
            out,
            "\nCalibration gaps (own and manager's ratings 2 or more apart)"
        );
        if gaps.is_empty() {
            let _ = writeln!(out, "  none");
        }
        let (shown, left_out) = crate::listing::first(gaps);
        for g in shown {
            let _ = writeln!(
                out,
                "  {}: {} self {}, manager {}",
                visible(&g.person),
                g.skill,
                g.own,
                g.manager
            );
        }
        if let Some(line) = more(left_out, "calibration gaps") {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings");
        for w in &report.warnings {
            let _ = writeln!(out, "  {}", visible(w));
        }
    }
    out
}

/// The overlap pairs with how many are qualified on each side.
fn overlaps(out: &mut String, report: &CheckReport, options: TextOptions) {
    if report.overlap_sides.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nRole overlaps (the same duty in two roles; decide who owns it)"
    );
    let side = |id: &str, n: usize| format!("{id} ({n})");
    let column = report
        .overlap_sides
        .iter()
        .map(|o| side(&o.responsibilities[0], o.qualified_count[0]).width())
        .max()
        .unwrap_or(0);
    let (shown, left_out) = first(&report.overlap_sides);
    for o in shown {
        let left = side(&o.responsibilities[0], o.qualified_count[0]);
        let right = side(&o.responsibilities[1], o.qualified_count[1]);
        let line = format!("  {left:<column$}  ↔  {right}");
        let _ = writeln!(out, "{}", truncate(&line, options.width));
    }
    if let Some(line) = more(left_out, "overlaps") {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "  (n) = people qualified on that side");
}

fn key_people(out: &mut String, report: &CheckReport, options: TextOptions) {
    if report.key_people.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nKey people (the only one qualified for a duty)");
    let (shown, left_out) = first(&report.key_people);
    let names: Vec<String> = shown
        .iter()
        .map(|k| truncate(&visible(&k.person), 24))
        .collect();
    let column = names.iter().map(|n| n.width()).max().unwrap_or(0);
    for (k, name) in shown.iter().zip(names) {
        let pad = column - name.width();
        let head = format!(
            "  {name}{}  {:>2}  ",
            " ".repeat(pad),
            k.sole_qualified_for.len()
        );
        let indent = " ".repeat(head.width());
        fill(
            out,
            &head,
            &indent,
            "",
            &k.sole_qualified_for,
            options.width,
        );
        if k.provisional {
            let _ = writeln!(
                out,
                "{indent}provisional: unassessed people could share these"
            );
        }
    }
    if let Some(line) = more(left_out, "key people") {
        let _ = writeln!(out, "  {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_respects_display_width() {
        assert_eq!(truncate("abcdef", 6), "abcdef");
        assert_eq!(truncate("abcdefg", 6), "abcde…");
        assert_eq!(truncate("日本語テキスト", 6), "日本…");
    }

    #[test]
    fn counts_leave_out_zeros() {
        assert_eq!(counts(3, 0, 1, 0, 0, false), "3 covered · 1 gap");
        assert_eq!(counts(0, 0, 0, 0, 0, false), "0 covered");
        assert_eq!(
            counts(0, 2, 2, 1, 0, false),
            "2 at risk · 2 gaps · 1 accepted"
        );
        assert_eq!(counts(1, 0, 0, 0, 4, false), "1 covered · 4 unassessed");
        assert!(counts(1, 0, 0, 0, 0, true).contains("\u{1b}["));
    }

    #[test]
    fn fill_never_splits_an_item() {
        let mut out = String::new();
        let items: Vec<String> = [
            "Ada Lovelace (1 short)",
            "Grace Hopper (2 short)",
            "Alan Turing (3 short)",
        ]
        .map(String::from)
        .to_vec();
        fill(&mut out, "  ", "    ", "nearest:", &items, 40);
        assert_eq!(
            out,
            "  nearest: Ada Lovelace (1 short),\n    Grace Hopper (2 short),\n    Alan Turing (3 short)\n"
        );
    }
}
