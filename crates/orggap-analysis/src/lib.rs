//! The analysis of a roster against a catalogue: who is qualified for what, the status of
//! every responsibility, the nearest candidates for gaps, role fit, key people and overlaps.
//!
//! Pure functions over [`orggap_model`] values: no printing, no files. Everything works on
//! indices; names appear only when a report renders the result.
#![deny(missing_docs)]

mod assess;
mod assign;
mod columns;
mod coverage;
mod flow;
mod freshness;
mod graph;
mod impact;
mod nearest;
mod org;
mod plan;
mod plan_bound;
mod plan_exact;
mod plan_hires;
mod plan_model;
mod qualify;
mod reporting;
mod top;

pub use assess::assessments;
pub use assign::{Assignment, assign};
pub use coverage::{
    Analysis, Coverage, KeyPerson, Limits, RoleCoverage, Status, Summary, analyse, analyse_under,
    analyse_under_from,
};
pub use freshness::{MaxAge, Staleness, stale_people, stale_qualified};
pub use graph::{Edge, GraphOptions, Node, OrgGraph, build_graph};
pub use impact::{
    Departure, TRUCK_FACTOR_METHOD, TruckFactor, departures, truck_factor, truck_factors,
};
pub use org::{OrgShape, org_shape};
pub use plan::{Hire, MAX_PROFILE_SKILLS, Plan, Upskill, plan};
pub use plan_exact::{PlanOptions, plan as plan_with};
pub use qualify::{Qualified, QualifiedBase, shortfall};
pub use reporting::{ReportNode, ReportingGraph, build_reporting_graph};
pub use top::TopK;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_assign;
#[cfg(test)]
mod tests_plan;
#[cfg(test)]
mod tests_plan_exact;
#[cfg(test)]
mod tests_props;
