//! A scenario applied to a roster: the roster as if its file had been edited the same way.

use super::Scenario;
use crate::{PersonFields, Roster};

impl Scenario {
    /// The roster with every change made and every hire appended, in the order written.
    /// The catalogue's what-ifs are not made here (see [`Scenario::catalogue`]).
    /// Leavers (`leave`, `as_of`) are not taken out here: they are analysed as gone, like
    /// `--without` (see [`Scenario::leavers`]).
    ///
    /// The copy shares the roster's blocks; only the blocks of changed people (and the
    /// last, where hires go) are copied, so a scenario of a few entries costs next to
    /// nothing on a roster of millions.
    pub fn apply(&self, roster: &Roster) -> Roster {
        let mut out = roster.clone();
        for change in &self.changes {
            let p = change.person;
            for &(skill, level) in &change.levels {
                out.set_level(p, skill, level);
            }
            for &skill in &change.unknown {
                out.set_unknown(p, skill);
            }
            if let Some(team) = &change.team {
                out.set_team(p, team);
            }
            if let Some(capacity) = change.capacity {
                out.set_capacity(p, Some(capacity));
            }
            if let Some(owns) = &change.owns {
                out.set_owned(p, owns);
            }
            if let Some(manager) = change.manager {
                out.set_manager(p, manager);
            }
            if let Some(title) = &change.title {
                out.set_title(p, title);
            }
        }
        for hire in &self.hires {
            let p = out.add_person(PersonFields {
                name: &hire.name,
                id: None,
                title: &hire.title,
                team: &hire.team,
                capacity: hire.capacity,
            });
            for &(skill, level) in &hire.levels {
                out.set_level(p, skill, level);
            }
            out.set_owned(p, &hire.owns);
            if let Some(manager) = hire.manager {
                out.set_manager(p, Some(manager));
            }
        }
        out
    }
}
