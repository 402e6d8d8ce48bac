//! `against-baseline`: per role, the baseline's bar of duties by status above the
//! scenario's, so that what a scenario changes shows role by role.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::coverage::stacked_bar;
use super::{Draw, DrawResult, LABEL_SIZE, ROW, TOP, WIDTH, row_label, status_legend, title};
use crate::CheckReport;

const LEFT: i32 = 260;
/// Space between one role's pair of bars and the next.
const GAP_BETWEEN: i32 = 22;
/// Space between the two bars of a role.
const PAIR_GAP: i32 = 4;
/// Roles drawn at most (those the scenario changes most, in catalogue order).
const ROLES_SHOWN: usize = 20;

/// The chart's data: each role's duties by status before and with the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgainstInputs {
    /// The scenario's name.
    pub scenario: String,
    /// Each role's label, its counts in the baseline and with the scenario.
    pub roles: Vec<RolePair>,
    /// Roles not drawn.
    pub hidden_roles: usize,
}

/// A role's label and its duties by status (covered, at risk, gap, accepted) in the
/// baseline and with the scenario.
pub type RolePair = (String, [usize; 5], [usize; 5]);

impl AgainstInputs {
    /// The roles of two check reports of one catalogue: the baseline's and the scenario's.
    pub fn new(baseline: &CheckReport, scenario: &CheckReport, name: &str) -> AgainstInputs {
        let counts =
            |r: &crate::check::RoleOut| [r.covered, r.at_risk, r.gap, r.accepted, r.unassessed];
        let mut roles: Vec<(usize, RolePair)> = baseline
            .roles
            .iter()
            .zip(&scenario.roles)
            .enumerate()
            .map(|(i, (before, after))| {
                (
                    i,
                    (
                        format!("{} ({})", before.name, before.id),
                        counts(before),
                        counts(after),
                    ),
                )
            })
            .collect();
        let hidden_roles = roles.len().saturating_sub(ROLES_SHOWN);
        if hidden_roles > 0 {
            // The roles whose counts change most, then in catalogue order.
            let change =
                |(_, b, a): &RolePair| b.iter().zip(a).map(|(x, y)| x.abs_diff(*y)).sum::<usize>();
            roles.sort_by(|x, y| change(&y.1).cmp(&change(&x.1)).then(x.0.cmp(&y.0)));
            roles.truncate(ROLES_SHOWN);
            roles.sort_by_key(|r| r.0);
        }
        AgainstInputs {
            scenario: name.to_owned(),
            roles: roles.into_iter().map(|(_, r)| r).collect(),
            hidden_roles,
        }
    }
}

struct Against<'a>(&'a AgainstInputs);

impl Draw for Against<'_> {
    fn name(&self) -> &'static str {
        "against-baseline"
    }

    fn title(&self) -> String {
        "Against the baseline, by role".into()
    }

    fn height(&self) -> u32 {
        (TOP + self.0.roles.len() as i32 * (2 * ROW + PAIR_GAP + GAP_BETWEEN) + 30) as u32
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let shown = match self.0.hidden_roles {
            0 => String::new(),
            hidden => format!(
                "; the {} roles it changes most, {hidden} more not",
                self.0.roles.len()
            ),
        };
        let subtitle = format!(
            "each role's duties by status: the baseline, then with '{}'{shown}",
            crate::truncate(&self.0.scenario, 40)
        );
        title(area, &self.title(), &subtitle)?;
        let any = |i: usize| self.0.roles.iter().any(|r| r.1[i] + r.2[i] > 0);
        status_legend(area, (LEFT, 58), any(3), any(4))?;
        let right = WIDTH as i32 - 30;
        let most = self
            .0
            .roles
            .iter()
            .flat_map(|r| [r.1.iter().sum::<usize>(), r.2.iter().sum()])
            .max()
            .unwrap_or(1);
        let small = LABEL_SIZE - 2.0;
        for (i, (label, before, after)) in self.0.roles.iter().enumerate() {
            let y = TOP + 10 + i as i32 * (2 * ROW + PAIR_GAP + GAP_BETWEEN);
            row_label(area, label, (LEFT - 10, y + ROW / 2), LABEL_SIZE)?;
            stacked_bar(area, before, most, (LEFT, right), y)?;
            let y = y + ROW + PAIR_GAP;
            row_label(area, "with the scenario", (LEFT - 10, y + ROW / 2), small)?;
            stacked_bar(area, after, most, (LEFT, right), y)?;
        }
        Ok(())
    }
}

/// The chart of a scenario against its baseline.
pub fn render_against_chart(inputs: &AgainstInputs) -> Result<super::Chart, super::ChartError> {
    super::render(&Against(inputs))
}
