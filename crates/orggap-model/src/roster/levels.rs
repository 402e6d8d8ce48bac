//! The level matrix: two levels a byte, in blocks of people, and the levels a roster does
//! not give (see `unknown.rs`).

use std::sync::Arc;

use super::blocks::close_if_full;
use super::unknown::UnknownCells;
use super::{BLOCK_ROWS, Roster, RosterBuilder};
use crate::{Level, PersonIdx, SkillIdx};

/// One person's levels, read from the packed matrix.
#[derive(Clone, Copy, Debug)]
pub struct LevelRow<'a> {
    packed: &'a [u8],
    len: usize,
}

impl<'a> LevelRow<'a> {
    /// The level of skill `i`, as a number 0..=5.
    #[inline]
    pub fn get(&self, i: usize) -> u8 {
        (self.packed[i / 2] >> ((i % 2) * 4)) & 0x0f
    }

    /// Number of skills.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for a catalogue without skills.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every level in skill order.
    pub fn iter(self) -> impl Iterator<Item = u8> + 'a {
        (0..self.len).map(move |i| self.get(i))
    }

    /// The packed bytes: skill `2i` in the low four bits of byte `i`, skill `2i + 1` in the
    /// high four bits (0 past the last skill).
    pub fn packed(&self) -> &'a [u8] {
        self.packed
    }

    /// Writes the levels, one byte each, into `out` (at least [`LevelRow::len`] long).
    #[inline]
    pub fn unpack_into(&self, out: &mut [u8]) {
        for (pair, &byte) in out.chunks_mut(2).zip(self.packed) {
            pair[0] = byte & 0x0f;
            if let Some(high) = pair.get_mut(1) {
                *high = byte >> 4;
            }
        }
    }
}

impl Roster {
    /// The person's level in `skill`.
    pub fn level(&self, p: PersonIdx, skill: SkillIdx) -> Level {
        Level(self.row(p).get(skill.index()))
    }

    /// Bytes of one packed row.
    pub(super) fn row_bytes(&self) -> usize {
        self.skill_count.div_ceil(2)
    }

    /// The person's levels, one per catalogue skill.
    #[inline]
    pub fn row(&self, p: PersonIdx) -> LevelRow<'_> {
        let (block, at) = (p.index() / BLOCK_ROWS, p.index() % BLOCK_ROWS);
        let bytes = self.row_bytes();
        let start = at * bytes;
        LevelRow {
            // A catalogue without skills has no level blocks at all.
            packed: match (bytes, self.levels.get(block)) {
                (0, _) => &[],
                (_, Some(block)) => &block[start..start + bytes],
                (_, None) => &self.open_levels[start..start + bytes],
            },
            len: self.skill_count,
        }
    }

    /// The people of `base` (up to the shorter roster's length) whose levels differ here:
    /// for a copy of `base` changed here and there (a scenario's), the blocks of levels the
    /// copy still shares with it are passed over without being read. People past `base`'s
    /// length are not listed. Every person when the two have different skills.
    pub fn rows_differing_from(&self, base: &Roster) -> Vec<PersonIdx> {
        let shared = self.len().min(base.len());
        if self.skill_count != base.skill_count {
            return (0..shared).map(PersonIdx::from_usize).collect();
        }
        let bytes = self.row_bytes();
        let mut differing = Vec::new();
        if bytes == 0 {
            return differing;
        }
        for (b, ((mine_block, mine), (theirs_block, theirs))) in
            self.level_blocks().zip(base.level_blocks()).enumerate()
        {
            if let (Some(a), Some(b)) = (mine_block, theirs_block)
                && Arc::ptr_eq(a, b)
            {
                continue;
            }
            let first = b * BLOCK_ROWS;
            let rows = (shared.saturating_sub(first)).min(BLOCK_ROWS);
            let pairs = mine.chunks(bytes).zip(theirs.chunks(bytes)).take(rows);
            differing.extend(
                pairs
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .map(|(i, _)| PersonIdx::from_usize(first + i)),
            );
        }
        differing
    }

    /// The blocks of the level matrix, each with its shared block (`None` for the open one).
    pub(super) fn level_blocks(&self) -> impl Iterator<Item = (Option<&Arc<Vec<u8>>>, &[u8])> {
        let closed = self
            .levels
            .iter()
            .map(|block| (Some(block), block.as_slice()));
        closed.chain([(None, self.open_levels.as_slice())])
    }

    pub(super) fn packed_mut(&mut self, p: PersonIdx) -> &mut [u8] {
        let (block, at) = (p.index() / BLOCK_ROWS, p.index() % BLOCK_ROWS);
        let bytes = self.row_bytes();
        if bytes == 0 {
            return &mut [];
        }
        let start = at * bytes;
        match self.levels.get_mut(block) {
            Some(block) => &mut Arc::make_mut(block)[start..start + bytes],
            None => &mut self.open_levels[start..start + bytes],
        }
    }

    /// Sets all of `p`'s levels from one byte per skill; every byte must be a level 0..=5
    /// (importers parse each cell into a [`Level`] first).
    pub fn set_row(&mut self, p: PersonIdx, levels: &[u8]) {
        let packed = self.packed_mut(p);
        for (byte, pair) in packed.iter_mut().zip(levels.chunks(2)) {
            let high = pair.get(1).copied().unwrap_or(0);
            *byte = (pair[0] & 0x0f) | (high << 4);
        }
    }

    /// Every level of every person, row by row.
    pub fn levels(&self) -> impl Iterator<Item = u8> + '_ {
        self.people().flat_map(move |p| self.row(p).iter())
    }

    /// Sets `p`'s level in `skill` (known from now on).
    pub fn set_level(&mut self, p: PersonIdx, skill: SkillIdx, level: Level) {
        self.put_level(p, skill, level);
        if let Some(unknown) = &mut self.unknown {
            unknown.set(p, skill, false);
        }
    }

    pub(super) fn put_level(&mut self, p: PersonIdx, skill: SkillIdx, level: Level) {
        let (byte, shift) = (skill.index() / 2, (skill.index() % 2) * 4);
        let packed = self.packed_mut(p);
        packed[byte] = (packed[byte] & !(0x0f << shift)) | (level.get() << shift);
    }

    pub(super) fn unknown_mut(&mut self) -> &mut UnknownCells {
        let (people, skills) = (self.len(), self.skill_count);
        self.unknown
            .get_or_insert_with(|| UnknownCells::new(people, skills))
    }

    /// Marks `p`'s level in `skill` unknown, as a cell of the roster (`N/A`, `?`, …): its
    /// level reads as 0 (the worst case), and [`Roster::is_known`] says it is not known.
    pub fn set_unknown(&mut self, p: PersonIdx, skill: SkillIdx) {
        self.put_level(p, skill, Level::NONE);
        let unknown = self.unknown_mut();
        if !unknown.get(p, skill) {
            unknown.set(p, skill, true);
            unknown.cells += 1;
        }
    }

    /// Whether the roster has any unknown level (a skill without a column, an `N/A` cell);
    /// a roster without is analysed exactly as one where every level is given.
    pub fn has_unknown(&self) -> bool {
        self.unknown.is_some()
    }

    /// Whether `p`'s level in `skill` is known.
    pub fn is_known(&self, p: PersonIdx, skill: SkillIdx) -> bool {
        self.unknown.as_ref().is_none_or(|u| !u.get(p, skill))
    }

    /// The skills the roster has no column (long form: no row) for, in catalogue order.
    pub fn skills_without_column(&self) -> &[SkillIdx] {
        self.unknown.as_ref().map_or(&[], |u| u.columns.as_slice())
    }

    /// How many cells the roster marked unknown (skills without a column not counted).
    pub fn unknown_cells(&self) -> u64 {
        self.unknown.as_ref().map_or(0, |u| u.cells)
    }

    /// The people with at least one unknown level, in roster order.
    pub fn people_with_unknown(&self) -> Vec<PersonIdx> {
        self.unknown
            .as_ref()
            .map_or_else(Vec::new, UnknownCells::people_with_unknown)
    }

    /// The best case: a copy in which every unknown level is `top`, and which knows of no
    /// unknown; `None` when every level is known. Blocks without an unknown level stay
    /// shared with this roster.
    pub fn raised(&self, top: Level) -> Option<Roster> {
        let unknown = self.unknown.as_ref()?;
        let mut copy = self.clone();
        copy.unknown = None;
        for p in unknown.people_with_unknown() {
            let packed = copy.packed_mut(p);
            for s in unknown.skills_of(p) {
                let (byte, shift) = (s.index() / 2, (s.index() % 2) * 4);
                packed[byte] = (packed[byte] & !(0x0f << shift)) | (top.get() << shift);
            }
        }
        Some(copy)
    }

    /// Appends packed level rows (whole rows) to the matrix, block by block.
    pub(super) fn push_levels(&mut self, mut packed: &[u8]) {
        let bytes = self.row_bytes();
        if bytes == 0 {
            return;
        }
        let block = BLOCK_ROWS * bytes;
        // The first block is made whole at once (later ones are made so when closed).
        if self.open_levels.capacity() == 0 {
            self.open_levels.reserve_exact(block);
        }
        while !packed.is_empty() {
            let take = (block - self.open_levels.len()).min(packed.len());
            self.open_levels.extend_from_slice(&packed[..take]);
            packed = &packed[take..];
            close_if_full(&mut self.levels, &mut self.open_levels, block);
        }
    }

    /// A copy with one person's levels replaced, for what-if analyses and tests.
    pub fn with_level(&self, p: PersonIdx, skill: SkillIdx, level: Level) -> Roster {
        let mut copy = self.clone();
        copy.set_level(p, skill, level);
        copy
    }
}

impl RosterBuilder {
    /// Marks the skills of `unknown` (bit `s % 64` of word `s / 64` for skill `s`) unknown for
    /// `p`, as cells of the roster, whose levels there must already be 0: what an importer
    /// does once per row that has any.
    pub fn set_unknown_row(&mut self, p: PersonIdx, unknown: &[u64]) {
        let cells = self.roster.unknown_mut();
        cells.cells += unknown
            .iter()
            .map(|w| u64::from(w.count_ones()))
            .sum::<u64>();
        cells.or_row(p, unknown);
    }

    /// Marks `skills` unknown for everyone: the roster has no column (no row) for them.
    pub fn set_skills_without_column(&mut self, skills: &[SkillIdx]) {
        if skills.is_empty() {
            return;
        }
        for p in self.roster.people() {
            for &s in skills {
                self.roster.put_level(p, s, Level::NONE);
            }
        }
        self.roster.unknown_mut().set_columns(skills);
    }
}
