//! A roster in wide form: one row per person, a column per skill (and per rater).

use std::hash::BuildHasher;

use orggap_model::{Interest, Level, NameCandidates, PersonFields, PersonIdx, SkillIdx};

use crate::cell::{UNKNOWN, normalize_name, parse_level};
use crate::header::Field;
use orggap_model::quoted;

use super::{Builder, Fields};

/// The columns from the first skill column to the last, each with the slot of the level row
/// it fills (its skill, or a spare slot past the skills for a column that is no skill) and
/// whether it is a skill.
#[derive(Debug, Default)]
pub(super) struct SkillSpan {
    pub(super) first: usize,
    pub(super) slots: Vec<(usize, bool)>,
}

impl SkillSpan {
    pub(super) fn new(skill_cols: &[(usize, SkillIdx)], skill_count: usize) -> SkillSpan {
        let (Some(first), Some(last)) = (
            skill_cols.iter().map(|c| c.0).min(),
            skill_cols.iter().map(|c| c.0).max(),
        ) else {
            return SkillSpan::default();
        };
        let mut slots = vec![(skill_count, false); last - first + 1];
        for &(column, skill) in skill_cols {
            slots[column - first] = (skill.index(), true);
        }
        SkillSpan { first, slots }
    }
}

/// Reads the levels of a row's skill cells that are empty or one digit 0..top — almost every
/// cell — into `levels` (one byte per skill and a spare), walking the cells in column order
/// without branching on their contents (they come in no predictable order). Returns which
/// cells of the span need the full parser (a level word, say): bit `i` for the span's
/// `i`-th column, all bits when the span is wider than 64.
#[inline]
fn simple_levels(span: &SkillSpan, fields: &Fields<'_>, levels: &mut [u8], top: u8) -> u64 {
    if span.slots.is_empty() {
        return 0;
    }
    let ends = &fields.ends[span.first..span.first + span.slots.len()];
    let gap = usize::from(fields.delimiter.is_some());
    let mut start = fields.start(span.first);
    let mut hard = 0u64;
    for (i, (&end, &(slot, skill))) in ends.iter().zip(&span.slots).enumerate() {
        let len = end.wrapping_sub(start);
        let digit = fields.data.get(start).map_or(0, |b| b.wrapping_sub(b'0'));
        let simple = !skill | (len == 0) | ((len == 1) & (digit <= top));
        hard |= u64::from(!simple) << (i % 64);
        levels[slot] = digit & u8::from(len != 0).wrapping_neg();
        start = end + gap;
    }
    if span.slots.len() > 64 && hard != 0 {
        return u64::MAX;
    }
    hard
}

impl<'c> Builder<'c> {
    /// The levels of the skills rated by rater in this row, combined as the policy says,
    /// into `levels`; self and manager ratings 2 or more apart are noted.
    pub(super) fn rate(
        &mut self,
        row: usize,
        fields: &Fields<'_>,
        p: PersonIdx,
        levels: &mut [u8],
    ) {
        for i in 0..self.rated.len() {
            let (skill, plain_col) = (self.rated[i].skill, self.rated[i].plain);
            let given = |cell: &[u8]| !cell.iter().all(u8::is_ascii_whitespace);
            // A cell that says "not assessed" (or is empty, with `--blank unknown`) is no
            // rating; a skill nobody rated then is unknown.
            let mut unknown = plain_col.is_some() && levels[skill.index()] == UNKNOWN;
            let plain = plain_col
                .filter(|&c| given(fields.get(c)))
                .map(|_| levels[skill.index()])
                .filter(|&l| l != UNKNOWN);
            let mut by = [None; 3];
            for k in 0..self.rated[i].raters.len() {
                let (column, rater) = self.rated[i].raters[k];
                let cell = fields.get(column);
                if !given(cell) {
                    unknown |= self.blank_unknown;
                    continue;
                }
                match parse_level(cell, self.catalogue.scale(), self.blank_unknown) {
                    Ok(Some(level)) => by[rater as usize] = Some(level.get()),
                    Ok(None) => unknown = true,
                    Err(message) => self.problem(row, Some(column), message),
                }
            }
            let [own, manager, peer] = by;
            let combined = self.policy.combine(plain, own, manager, peer);
            levels[skill.index()] = combined.unwrap_or(if unknown { UNKNOWN } else { 0 });
            if let (Some(own), Some(manager)) = (own, manager)
                && own.abs_diff(manager) >= 2
            {
                self.roster.add_calibration(p, skill, own, manager);
            }
        }
    }

    pub(super) fn wide_row(
        &mut self,
        row: usize,
        fields: &Fields<'_>,
        name: &str,
        id: Option<&str>,
    ) {
        if self.roster.roster().len() >= u32::MAX as usize {
            self.problem(row, None, "more than 4 billion people".into());
            return;
        }
        if let Some(first) = self.earlier(id.unwrap_or(name)) {
            let first_row = self.rows.get(first as usize);
            let (what, key, column) = match id {
                Some(id) => ("id", id, self.id_col),
                None => ("name", name, self.name.column()),
            };
            let message = format!(
                "{what} '{}' is already on {} {first_row}",
                quoted(key),
                self.row_word()
            );
            self.problem(row, column, message);
            return;
        }
        let title = self
            .field_text(row, fields, Field::Title)
            .unwrap_or("")
            .trim();
        let team = self
            .field_text(row, fields, Field::Team)
            .unwrap_or("")
            .trim();
        let capacity = self.capacity(row, fields);
        let leaves = self.leaves(row, fields);
        let assessed = self.assessed(row, fields);
        let owned = self.owns(row, fields);
        let manager = self.manager_cell(row, fields);
        let person = PersonFields {
            name,
            id,
            title,
            team,
            capacity,
        };
        let p = self.roster.push_person(person);
        if !self.legal.is_empty() {
            let legal = std::mem::take(&mut self.legal);
            self.roster.set_legal_name(p, &normalize_name(&legal));
            self.legal = legal;
        }
        self.rows.push(u32::try_from(row).unwrap_or(u32::MAX));
        if let Some(later) = self.later.as_mut().filter(|_| id.is_some()) {
            later
                .names
                .push(NameCandidates::half(self.hasher.hash_one(name)));
        }
        self.push_manager(manager);
        for r in owned {
            self.roster.roster_mut().add_owner(p, r);
        }
        if let Some(date) = leaves {
            self.roster.roster_mut().set_leaves(p, date);
        }
        if let Some(date) = assessed {
            self.roster.set_assessed(p, date);
        }
        // Parse into a reused one-byte-per-skill row, then pack it into the roster.
        let mut levels = std::mem::take(&mut self.levels);
        levels.clear();
        // One spare slot for the columns between skill columns that are no skill.
        levels.resize(self.roster.roster().skill_count() + 1, 0);
        let hard = match self.blank_unknown {
            // Every cell through the parser, which knows what an empty one means.
            true => u64::MAX,
            false => {
                let top = self.catalogue.scale().top().get();
                simple_levels(&self.skill_span, fields, &mut levels, top)
            }
        };
        // Only the cells that need it (all of them past 64 columns), in column order.
        let first = self.skill_span.first;
        let (mut bits, wide) = (hard, hard == u64::MAX);
        let mut k = 0;
        loop {
            let (column, slot) = if wide || self.blank_unknown {
                let Some(&(column, skill)) = self.skill_cols.get(k) else {
                    break;
                };
                k += 1;
                (column, skill.index())
            } else if bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                (first + i, self.skill_span.slots[i].0)
            } else {
                break;
            };
            match parse_level(
                fields.get(column),
                self.catalogue.scale(),
                self.blank_unknown,
            ) {
                Ok(level) => levels[slot] = level.map_or(UNKNOWN, Level::get),
                Err(message) => self.problem(row, Some(column), message),
            }
        }
        if !self.rated.is_empty() {
            self.rate(row, fields, p, &mut levels);
        }
        // Unknown levels are rare: only a row the parser marked looks for them.
        if hard != 0 || !self.rated.is_empty() {
            let skills = self.roster.roster().skill_count();
            let mut unknown = std::mem::take(&mut self.unknown_bits);
            unknown.clear();
            unknown.resize(skills.div_ceil(64), 0);
            for (s, level) in levels[..skills].iter_mut().enumerate() {
                if *level == UNKNOWN {
                    *level = 0;
                    unknown[s / 64] |= 1 << (s % 64);
                }
            }
            if unknown.iter().any(|&w| w != 0) {
                self.roster.set_unknown_row(p, &unknown);
            }
            self.unknown_bits = unknown;
        }
        for k in 0..self.interest_cols.len() {
            let (column, skill) = self.interest_cols[k];
            match parse_interest(fields.get(column)) {
                Ok(Some(interest)) => self.roster.set_interest(p, skill, interest),
                Ok(None) => {}
                Err(message) => self.problem(row, Some(column), message),
            }
        }
        let skills = self.roster.roster().skill_count();
        self.roster.roster_mut().set_row(p, &levels[..skills]);
        self.levels = levels;
    }
}

/// An interest cell: empty (not said), 0..3, or `none`, `low`, `medium`, `high` (any case).
fn parse_interest(cell: &[u8]) -> Result<Option<Interest>, String> {
    let text = String::from_utf8_lossy(cell);
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Interest::parse(text).map(Some).ok_or_else(|| {
        format!(
            "interest '{}' is not 0..3 or none, low, medium, high",
            quoted(text)
        )
    })
}
