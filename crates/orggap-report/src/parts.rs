//! The one report builder: everything of the whole report that comes from one analysis
//! besides its check report — the charts, the owners, the departures, the plan and, when the
//! roster says who reports to whom, the organisation. `orggap report` and the workspace's
//! downloaded report build it the same way, so they hold the same sections.

use orggap_analysis::{Analysis, Plan, assign, departures, org_shape};
use orggap_model::{Catalogue, Roster};

use crate::charts::{
    Chart, ChartError, ChartInputs, OrgChartInputs, render_charts, render_org_chart,
};
use crate::{
    AssignReport, BaselineSection, CheckReport, FullReport, ImpactReport, OrgReport, OrgSection,
    PlanReport,
};

/// The widest span of control the organisation section does not call wide (as `org`'s
/// default).
pub const REPORT_MAX_SPAN: u32 = 10;

/// The parts of the whole report besides its check report.
#[derive(Debug)]
pub struct ReportParts {
    /// The charts, in the report's order.
    pub charts: Vec<Chart>,
    /// Owners within capacity.
    pub assign: AssignReport,
    /// Departures and the truck factor.
    pub impact: ImpactReport,
    /// Training and hiring.
    pub plan: PlanReport,
    /// The organisation's shape and its chart, when the roster has reporting lines.
    pub org: Option<(OrgReport, Chart)>,
}

impl ReportParts {
    /// The parts of `analysis` of `roster` (whose check report is `check`), owners chosen
    /// within `capacity`, with `plan` as planned.
    pub fn new(
        catalogue: &Catalogue,
        roster: &Roster,
        analysis: &Analysis,
        check: &CheckReport,
        capacity: u32,
        plan: &Plan,
    ) -> Result<ReportParts, ChartError> {
        let leaving = departures(catalogue, roster, analysis);
        let charts = render_charts(&ChartInputs::new(
            catalogue, roster, analysis, check, &leaving,
        ))?;
        let org = match roster.has_managers() {
            true => {
                let shape = org_shape(roster, analysis, REPORT_MAX_SPAN);
                let chart = render_org_chart(&OrgChartInputs::new(&shape, REPORT_MAX_SPAN))?;
                let report = OrgReport::new(catalogue, roster, shape, REPORT_MAX_SPAN);
                Some((report, chart))
            }
            false => None,
        };
        let assignment = assign(catalogue, roster, analysis, capacity);
        Ok(ReportParts {
            charts,
            assign: AssignReport::new(catalogue, roster, &assignment),
            impact: ImpactReport::new(catalogue, roster, analysis, &leaving),
            plan: PlanReport::new(catalogue, roster, plan),
            org,
        })
    }

    /// The whole report of these parts: `check` of the roster read from `origin`, and what a
    /// scenario changed when there is one.
    pub fn full<'a>(
        &'a self,
        origin: &'a str,
        check: &'a CheckReport,
        catalogue: &'a Catalogue,
        baseline: Option<BaselineSection<'a>>,
    ) -> FullReport<'a> {
        FullReport {
            origin,
            check,
            charts: &self.charts,
            assign: &self.assign,
            impact: &self.impact,
            plan: &self.plan,
            catalogue,
            org: self
                .org
                .as_ref()
                .map(|(report, chart)| OrgSection { report, chart }),
            baseline,
        }
    }
}
