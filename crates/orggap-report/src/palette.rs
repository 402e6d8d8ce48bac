//! The one palette of orggap: status colours used by every chart, graph and page.
//!
//! Taken from the Okabe–Ito palette, which stays distinguishable for the common forms of
//! colour blindness; status is never shown by colour alone (a word or a line style goes
//! with it).

use orggap_analysis::Status;

/// A gap: vermillion.
pub const GAP: &str = "#D55E00";
/// At risk: orange.
pub const AT_RISK: &str = "#E69F00";
/// Covered: bluish green.
pub const COVERED: &str = "#009E73";
/// Accepted on purpose: grey.
pub const ACCEPTED: &str = "#999999";
/// Unassessed (the missing assessments decide): a pale sky blue, lighter in grey than every
/// other status, always drawn with an outline or a word.
pub const UNASSESSED: &str = "#A6D8F0";
/// People and their links: blue.
pub const PERSON: &str = "#0072B2";
/// Skills and neutral marks: grey.
pub const NEUTRAL: &str = "#7F7F7F";
/// Roles: reddish purple.
pub const ROLE: &str = "#CC79A7";

/// The colour of a status.
pub fn status_color(status: Status) -> &'static str {
    match status {
        Status::Gap => GAP,
        Status::AtRisk => AT_RISK,
        Status::Covered => COVERED,
        Status::Accepted => ACCEPTED,
        Status::Unassessed => UNASSESSED,
    }
}
