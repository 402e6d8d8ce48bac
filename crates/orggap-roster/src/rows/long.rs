//! A roster in long form: one row per person and skill, rows of one person merged.

use orggap_model::{Day, Level, PersonIdx, RespIdx, SkillIdx};

use crate::RatingPolicy;
use crate::cell::parse_level;
use crate::header::{Field, Rater};
use orggap_model::quoted;

use super::{Builder, Fields};

/// A person of a long-form roster while their rows are merged.
#[derive(Debug, Default)]
pub(super) struct LongPerson {
    pub(super) name: String,
    pub(super) id: Option<String>,
    /// The first row of the person.
    pub(super) row: usize,
    pub(super) manager: Option<(String, usize)>,
    pub(super) title: Option<(String, usize)>,
    pub(super) team: Option<(String, usize)>,
    pub(super) capacity: Option<(u32, usize)>,
    pub(super) leaves: Option<Day>,
    /// The newest date of the person's ratings.
    pub(super) assessed: Option<Day>,
    /// Each rating: skill, rater (`None`: unnamed), level, row, the row's date.
    pub(super) levels: Vec<LongRating>,
    pub(super) owns: Vec<RespIdx>,
}

/// One long-form rating: skill, rater (`None`: unnamed), level, row, the row's date.
/// The level is `None` where the row says it is unknown.
type LongRating = (SkillIdx, Option<Rater>, Option<Level>, usize, Option<Day>);

impl LongPerson {
    /// What rows are merged by: the id, or the name in a roster without ids.
    pub(super) fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }
}

impl<'c> Builder<'c> {
    pub(super) fn long_row(
        &mut self,
        row: usize,
        fields: &Fields<'_>,
        name: String,
        id: Option<&str>,
    ) {
        let index = match self.earlier(id.unwrap_or(&name)) {
            Some(i) => i as usize,
            None => {
                self.long.push(LongPerson {
                    name: name.clone(),
                    id: id.map(str::to_owned),
                    row,
                    ..LongPerson::default()
                });
                self.long.len() - 1
            }
        };
        if self.long[index].name != name {
            // Rows are merged by id: the name must agree.
            let message = format!(
                "name '{}' differs from '{}' on {} {} for id '{}'",
                quoted(&name),
                quoted(&self.long[index].name),
                self.row_word(),
                self.long[index].row,
                quoted(id.unwrap_or_default())
            );
            self.problem(row, self.name.column(), message);
        }
        for field in [Field::Title, Field::Team, Field::Manager] {
            let text = self.field_text(row, fields, field).unwrap_or("").trim();
            if !text.is_empty() {
                self.merge_text(index, row, field, text);
            }
        }
        if let Some(capacity) = self.capacity(row, fields) {
            let kept = *self.long[index].capacity.get_or_insert((capacity, row));
            if kept.0 != capacity {
                let message = format!(
                    "capacity {capacity} differs from {} on {} {} for '{}'",
                    kept.0,
                    self.row_word(),
                    kept.1,
                    quoted(&name)
                );
                self.problem(row, self.fields.get(&Field::Capacity).copied(), message);
            }
        }
        if let Some(date) = self.leaves(row, fields) {
            self.long[index].leaves = Some(date);
        }
        let date = self.assessed(row, fields);
        if let Some(date) = date {
            let kept = &mut self.long[index].assessed;
            *kept = Some(kept.map_or(date, |d| d.max(date)));
        }
        let owned = self.owns(row, fields);
        self.long[index].owns.extend(owned);
        self.long_level(index, row, fields, date);
    }

    pub(super) fn merge_text(&mut self, index: usize, row: usize, field: Field, text: &str) {
        let row_word = self.row_word();
        let person = &mut self.long[index];
        let slot = match field {
            Field::Title => &mut person.title,
            Field::Team => &mut person.team,
            _ => &mut person.manager,
        };
        let (kept, kept_row) = slot.get_or_insert_with(|| (text.to_owned(), row)).clone();
        if kept != text {
            let message = format!(
                "{} '{}' differs from '{}' on {} {kept_row} for '{}'",
                field.label(),
                quoted(text),
                quoted(&kept),
                row_word,
                quoted(&person.name)
            );
            self.problem(row, self.fields.get(&field).copied(), message);
        }
    }

    pub(super) fn long_level(
        &mut self,
        index: usize,
        row: usize,
        fields: &Fields<'_>,
        date: Option<Day>,
    ) {
        let Some(skill_text) = self.field_text(row, fields, Field::Skill) else {
            return;
        };
        let skill_text = skill_text.trim();
        let level_col = self.fields[&Field::Level];
        let level = match parse_level(
            fields.get(level_col),
            self.catalogue.scale(),
            self.blank_unknown,
        ) {
            Ok(level) => level,
            Err(message) => return self.problem(row, Some(level_col), message),
        };
        if skill_text.is_empty() {
            if level.is_some_and(|l| l != Level::NONE) {
                let column = self.fields.get(&Field::Skill).copied();
                self.problem(row, column, "skill is empty but a level is given".into());
            }
            return;
        }
        let Some(skill) = self.catalogue.find_skill(skill_text) else {
            return self.unknown_value(row, Field::Skill, "skill", skill_text);
        };
        self.named_skills[skill.index()] = true;
        let rater_text = self
            .field_text(row, fields, Field::Rater)
            .unwrap_or("")
            .trim();
        let rater = match rater_text {
            "" => None,
            text => match Rater::from_word(text) {
                Some(rater) => Some(rater),
                None => {
                    let column = self.fields.get(&Field::Rater).copied();
                    let message = format!("rater '{}' is not self, manager or peer", quoted(text));
                    return self.problem(row, column, message);
                }
            },
        };
        if rater.is_some() {
            self.roster.use_ratings();
        }
        let row_word = self.row_word();
        let person = &mut self.long[index];
        match person
            .levels
            .iter()
            .find(|(s, r, _, _, _)| *s == skill && *r == rater)
        {
            Some(&(_, _, kept, kept_row, _)) if kept != level => {
                let by = rater
                    .map(|r| format!(" ({})", r.word()))
                    .unwrap_or_default();
                let word = |l: Option<Level>| l.map_or("unknown".to_owned(), |l| l.to_string());
                let (level, kept) = (word(level), word(kept));
                let message = format!(
                    "level {level} of '{}'{by} differs from {kept} on {} {kept_row} for '{}'",
                    self.catalogue.skill(skill).id,
                    row_word,
                    quoted(&person.name)
                );
                self.problem(row, Some(level_col), message);
            }
            Some(_) => {}
            None => person.levels.push((skill, rater, level, row, date)),
        }
    }

    /// A long-form person's ratings as levels: per skill, the ratings of each rater
    /// combined as the policy says (an unnamed rating is the plain one); self and manager
    /// ratings 2 or more apart are noted.
    pub(super) fn long_levels(&mut self, p: PersonIdx, mut ratings: Vec<LongRating>) {
        ratings.sort_by_key(|&(skill, _, _, _, _)| skill);
        for same in ratings.chunk_by(|a, b| a.0 == b.0) {
            let by = |rater: Option<Rater>| {
                same.iter()
                    .find(|&&(_, r, level, _, _)| r == rater && level.is_some())
                    .map(|&(_, _, level, _, date)| (level.map_or(0, Level::get), date))
            };
            let level_by = |rater| by(rater).map(|(level, _)| level);
            let (plain, own, manager, peer) = (
                level_by(None),
                level_by(Some(Rater::Own)),
                level_by(Some(Rater::Manager)),
                level_by(Some(Rater::Peer)),
            );
            let skill = same[0].0;
            let Some(level) = self.policy.combine(plain, own, manager, peer) else {
                // Only ratings that say "unknown".
                self.roster.roster_mut().set_unknown(p, skill);
                continue;
            };
            self.roster
                .roster_mut()
                .set_level(p, skill, Level::new(level).unwrap_or_default());
            // The date of the rating the level rests on: the one chosen (the lowest, in the
            // policy's order), or for a mean the oldest of those given.
            let (m, o, e) = (Some(Rater::Manager), Some(Rater::Own), Some(Rater::Peer));
            let order = match self.policy {
                RatingPolicy::Manager => [m, None, o, e],
                RatingPolicy::Own => [o, None, m, e],
                RatingPolicy::Lowest | RatingPolicy::Mean => [None, o, m, e],
            };
            let date = match self.policy {
                RatingPolicy::Mean => same.iter().filter_map(|r| r.4).min(),
                RatingPolicy::Lowest => order
                    .iter()
                    .find_map(|&r| by(r).filter(|&(l, _)| l == level))
                    .and_then(|(_, date)| date),
                _ => order.iter().find_map(|&r| by(r)).and_then(|(_, date)| date),
            };
            if let Some(date) = date {
                self.roster.set_rating_date(p, skill, date);
            }
            if let (Some(own), Some(manager)) = (own, manager)
                && own.abs_diff(manager) >= 2
            {
                self.roster.add_calibration(p, skill, own, manager);
            }
        }
    }
}
