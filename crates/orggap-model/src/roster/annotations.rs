//! What a roster may say beside levels: ratings by rater and their calibration gaps, the
//! dates of assessments, and interest in skills.

use std::sync::Arc;

use super::{Roster, RosterBuilder};
use crate::{Day, Interest, PersonIdx, SkillIdx};

impl Roster {
    /// Whether the roster says who is interested in what (it had `Skill (interest)`).
    pub fn has_interest(&self) -> bool {
        self.interest.is_some()
    }

    /// `p`'s interest in `skill`, when the roster says.
    pub fn interest(&self, p: PersonIdx, skill: SkillIdx) -> Option<Interest> {
        let all = self.interest.as_ref()?;
        all.binary_search_by_key(&(p, skill), |&(q, s, _)| (q, s))
            .ok()
            .map(|i| all[i].2)
    }

    /// Whether the roster dates its ratings (it had an assessed column).
    pub fn has_assessed(&self) -> bool {
        self.assessed.is_some()
    }

    /// The dates of single ratings (long form), sorted by person then skill.
    pub fn rating_dates(&self) -> &[(PersonIdx, SkillIdx, Day)] {
        &self.rating_dates
    }

    /// The dates of people's ratings, sorted by person; most rosters have none.
    pub fn assessed(&self) -> &[(PersonIdx, Day)] {
        self.assessed.as_deref().map_or(&[], Vec::as_slice)
    }

    /// Whether the roster rates skills by rater (it had `Skill (self)`-like columns).
    pub fn has_ratings(&self) -> bool {
        self.calibration.is_some()
    }

    /// Every calibration gap noted: person, skill, own rating, manager's rating.
    pub fn calibration(&self) -> &[(PersonIdx, SkillIdx, u8, u8)] {
        self.calibration.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl RosterBuilder {
    /// Marks the roster as one with interest columns.
    pub fn use_interest(&mut self) {
        self.roster.interest.get_or_insert_default();
    }

    /// Records `p`'s interest in `skill`; people are added in roster order, each person's
    /// skills in catalogue order.
    pub fn set_interest(&mut self, p: PersonIdx, skill: SkillIdx, interest: Interest) {
        let all = Arc::make_mut(self.roster.interest.get_or_insert_default());
        match all.binary_search_by_key(&(p, skill), |&(q, s, _)| (q, s)) {
            Ok(i) => all[i].2 = interest,
            Err(i) => all.insert(i, (p, skill, interest)),
        }
    }

    /// Marks the roster as one that dates its ratings.
    pub fn use_assessed(&mut self) {
        self.roster.assessed.get_or_insert_default();
    }

    /// Records the day of `p`'s ratings; people are added in roster order.
    pub fn set_assessed(&mut self, p: PersonIdx, day: Day) {
        let dates = Arc::make_mut(self.roster.assessed.get_or_insert_default());
        match dates.binary_search_by_key(&p, |&(q, _)| q) {
            Ok(i) => dates[i].1 = day,
            Err(i) => dates.insert(i, (p, day)),
        }
    }

    /// Records the day of the rating `p`'s level of `skill` rests on (long form, where each
    /// row has its date); people in roster order.
    pub fn set_rating_date(&mut self, p: PersonIdx, skill: SkillIdx, day: Day) {
        let dates = Arc::make_mut(&mut self.roster.rating_dates);
        match dates.binary_search_by_key(&(p, skill), |&(q, s, _)| (q, s)) {
            Ok(i) => dates[i].2 = day,
            Err(i) => dates.insert(i, (p, skill, day)),
        }
    }

    /// Marks the roster as one with ratings by rater.
    pub fn use_ratings(&mut self) {
        self.roster.calibration.get_or_insert_default();
    }

    /// Notes that `p`'s own and manager's ratings of `skill` differ by 2 or more (people
    /// are noted in roster order, each person's skills in catalogue order).
    pub fn add_calibration(&mut self, p: PersonIdx, skill: SkillIdx, own: u8, manager: u8) {
        Arc::make_mut(self.roster.calibration.get_or_insert_default())
            .push((p, skill, own, manager));
    }
}
