//! Scenarios: a what-if written down. A [`ScenarioDoc`] is the file as written (TOML, or
//! the same keys as JSON); [`ScenarioDoc::resolve`] checks it against a roster and a
//! catalogue, every problem at once, into a [`Scenario`] of indices; [`Scenario::apply`]
//! gives the roster as if its file had been edited the same way.
//!
//! A scenario sits on top of its roster: the roster's blocks are shared, and applying a
//! scenario copies only the blocks of the people it changes (and the last block, where
//! hires go), so its cost is the size of the scenario, not of the roster.

mod apply;
mod doc;
mod edit;
mod read;
mod resolve;

pub use doc::{ChangeDoc, Entry, HireDoc, LevelValue, Levels, RequirementDoc, ScenarioDoc};
pub use edit::{Edit, EditRefused};

use crate::{Catalogue, Day, Level, PersonIdx, Requirement, RespIdx, SkillIdx};

/// A scenario checked against a roster and a catalogue: people, skills and duties as
/// indices, ready to apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    /// The scenario's name, when it gives one.
    pub name: Option<String>,
    /// The day whose departures count (`yyyymmdd`), when the scenario gives one.
    pub as_of: Option<Day>,
    /// People analysed as gone, in the order written (without repeats).
    pub leave: Vec<PersonIdx>,
    /// Changes to people already on the roster, in the order written.
    pub changes: Vec<Change>,
    /// People who join, appended after the roster in the order written.
    pub hires: Vec<Hire>,
    /// What-ifs on the catalogue, in the order written (a duty at most once).
    pub requirements: Vec<RequirementChange>,
}

/// A duty that asks for something else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequirementChange {
    /// The duty.
    pub duty: RespIdx,
    /// Its requirements, replaced, when given.
    pub requires: Option<Vec<Requirement>>,
    /// How many qualified people it needs, when given (at least 1).
    pub min_owners: Option<u32>,
}

/// A change to one person of the roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Who changes.
    pub person: PersonIdx,
    /// New levels, exactly; skills not named keep theirs.
    pub levels: Vec<(SkillIdx, Level)>,
    /// Skills whose level the change says was not assessed (`?`, `unknown`, `n/a`…): unknown
    /// from now on, as an `N/A` cell of the roster would be.
    pub unknown: Vec<SkillIdx>,
    /// A new team, when the person moves.
    pub team: Option<String>,
    /// A new capacity.
    pub capacity: Option<u32>,
    /// The person's declared ownership, replaced, when given.
    pub owns: Option<Vec<RespIdx>>,
    /// A new manager (`Some(None)`: the person becomes a top person).
    pub manager: Option<Option<PersonIdx>>,
    /// A new job title.
    pub title: Option<String>,
}

/// Someone who joins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hire {
    /// The hire's name (not on the roster, not hired twice).
    pub name: String,
    /// Job title, empty when not given.
    pub title: String,
    /// Team, empty when not given.
    pub team: String,
    /// Capacity; `None` for the default.
    pub capacity: Option<u32>,
    /// Levels; skills not named are 0.
    pub levels: Vec<(SkillIdx, Level)>,
    /// Duties the hire is the declared owner of.
    pub owns: Vec<RespIdx>,
    /// The hire's manager, a person of the roster, when given.
    pub manager: Option<PersonIdx>,
}

impl Scenario {
    /// Whether the scenario changes nothing at all.
    pub fn is_empty(&self) -> bool {
        self.as_of.is_none()
            && self.leave.is_empty()
            && self.changes.is_empty()
            && self.hires.is_empty()
            && self.requirements.is_empty()
    }

    /// The catalogue as the scenario's `[[requirement]]` entries edit it, or `None` when
    /// the scenario leaves the catalogue as it is.
    pub fn catalogue(&self, catalogue: &Catalogue) -> Option<Catalogue> {
        if self.requirements.is_empty() {
            return None;
        }
        let mut edited = catalogue.clone();
        for change in &self.requirements {
            if let Some(requires) = &change.requires {
                edited.set_requires(change.duty, requires.clone());
            }
            if let Some(min_owners) = change.min_owners {
                edited.set_min_owners(change.duty, min_owners);
            }
        }
        Some(edited)
    }

    /// The people a day's departures and `leave` take out, in roster order: everyone whose
    /// leaving date is on or before `as_of` (the scenario's own day unless a command line
    /// gives one, `as_of_flag`), and everyone the scenario says leaves.
    pub fn leavers(&self, roster: &crate::Roster, as_of_flag: Option<Day>) -> Vec<PersonIdx> {
        let mut gone: Vec<PersonIdx> = self.leave.clone();
        if let Some(day) = as_of_flag.or(self.as_of) {
            gone.extend(
                roster
                    .leaves()
                    .iter()
                    .filter(|&&(_, leaves)| leaves <= day)
                    .map(|&(p, _)| p),
            );
        }
        gone.sort_unstable();
        gone.dedup();
        gone
    }
}
