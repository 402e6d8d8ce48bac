//! Domain types of orggap: skills and their levels, roles and their responsibilities, the
//! catalogue that lists them, and the roster of people with their levels.
//!
//! This crate does no I/O: it parses catalogue text handed to it and holds data. Everything is
//! addressed by dense indices ([`SkillIdx`], [`RoleIdx`], [`RespIdx`], [`PersonIdx`]).
#![deny(missing_docs)]

mod catalogue;
mod day;
mod field;
mod index;
mod interest;
mod level;
mod limits;
mod policy;
mod roster;
mod scale;
mod scenario;
mod text;

pub use catalogue::{
    BUILTIN_ORIGIN, BUILTIN_TOML, Catalogue, CatalogueError, CatalogueFile, CatalogueProblem,
    RawResponsibility, RawRole, RawSkill, Requirement, Responsibility, Role, Skill,
};
pub use day::Day;
pub use field::{FIELD_NAMES, Field};
pub use index::{PersonIdx, RespIdx, RoleIdx, SkillIdx};
pub use interest::Interest;
pub use level::Level;
pub use limits::{MAX_TOML_BYTES, MAX_TOML_VALUES, check_toml_size, too_large};
pub use policy::Policy;
pub use roster::{
    LevelRow, Lookup, NameCandidates, PersonFields, Roster, RosterBuilder, SharedNames,
    SimilarNames,
};
pub use scale::Scale;
pub use scenario::{
    Change, ChangeDoc, Edit, EditRefused, Entry, Hire, HireDoc, LevelValue, Levels,
    RequirementChange, RequirementDoc, Scenario, ScenarioDoc,
};
pub use text::{is_invisible, normalize_name, quoted, terminal_safe, visible};

/// Normalises a header or skill name for matching: trimmed, lowercase, with `_` and `-`
/// read as spaces and runs of spaces folded into one.
///
/// ```
/// assert_eq!(orggap_model::normalize_key("  Market_Research "), "market research");
/// assert_eq!(orggap_model::normalize_key("Job-Title"), "job title");
/// ```
pub fn normalize_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}
