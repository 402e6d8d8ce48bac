//! How much of a long list a person-readable output shows: the first [`LISTED`] rows, then
//! how many more there are. JSON always holds everything; text, Markdown and HTML stay
//! readable for a catalogue of thousands of duties or a roster of a million people.

use crate::check::{CheckReport, ResponsibilityOut, RoleOut};
use crate::number::thousands;
use orggap_analysis::Status;

/// Rows a list shows in text, Markdown and HTML before it counts the rest.
pub const LISTED: usize = 200;

/// The first [`LISTED`] of `items`, and how many are left out.
pub(crate) fn first<T>(items: &[T]) -> (&[T], usize) {
    let shown = items.len().min(LISTED);
    (&items[..shown], items.len() - shown)
}

/// The line that says how many rows were left out, `None` when none were.
pub(crate) fn more(left_out: usize, what: &str) -> Option<String> {
    (left_out > 0).then(|| {
        format!(
            "… and {} more {what} (the JSON output lists every one)",
            thousands(left_out)
        )
    })
}

/// Names a row of a table or a line shows of one list (declared owners of a duty, say).
pub(crate) const NAMES_SHOWN: usize = 20;

/// The names of a list of `count` people to show (at most [`NAMES_SHOWN`] of `names`, which
/// may hold fewer than `count`), and how many more there are.
pub(crate) fn some_names<T>(names: &[T], count: usize) -> (&[T], usize) {
    let shown = names.len().min(NAMES_SHOWN);
    (&names[..shown], count.saturating_sub(shown))
}

/// What the duty listings of a check report show.
#[derive(Debug)]
pub(crate) struct DutyView<'a> {
    /// Every role with every duty, as for a catalogue of up to [`LISTED`] duties.
    pub(crate) full: bool,
    /// Otherwise: the roles with the most gaps (then at risk), in catalogue order…
    pub(crate) roles: Vec<&'a RoleOut>,
    pub(crate) more_roles: usize,
    /// …and the duties that need attention: gaps, then at-risk duties, in catalogue order.
    pub(crate) open: Vec<&'a ResponsibilityOut>,
    pub(crate) more_open: usize,
}

/// How the duties of `report` are listed.
pub(crate) fn duty_view(report: &CheckReport) -> DutyView<'_> {
    if report.responsibilities.len() <= LISTED {
        return DutyView {
            full: true,
            roles: report.roles.iter().collect(),
            more_roles: 0,
            open: Vec::new(),
            more_open: 0,
        };
    }
    let mut ranked: Vec<(usize, &RoleOut)> = report.roles.iter().enumerate().collect();
    ranked.sort_by_key(|&(i, r)| (std::cmp::Reverse((r.gap, r.at_risk)), i));
    let more_roles = ranked.len().saturating_sub(LISTED);
    ranked.truncate(LISTED);
    ranked.sort_by_key(|&(i, _)| i);
    let mut open: Vec<&ResponsibilityOut> = report
        .responsibilities
        .iter()
        .filter(|r| r.status == Status::Gap)
        .chain(
            report
                .responsibilities
                .iter()
                .filter(|r| r.status == Status::AtRisk),
        )
        .chain(report.unassessed())
        .collect();
    let more_open = open.len().saturating_sub(LISTED);
    open.truncate(LISTED);
    DutyView {
        full: false,
        roles: ranked.into_iter().map(|(_, r)| r).collect(),
        more_roles,
        open,
        more_open,
    }
}
