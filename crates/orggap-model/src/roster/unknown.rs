//! The levels a roster does not give: one bit per person and skill, set where the level is
//! unknown. The level matrix holds 0 there, so every reader of levels sees the worst case
//! (and the plan's "unknown is 0") without knowing of this part; only what needs the best
//! case, or shows unknown cells, asks here.
//!
//! Invariant: the rows are those of the roster, in its blocks of people (full blocks shared
//! between copies, the block being filled owned by each), and a set bit's level is 0.

use std::sync::Arc;

use crate::{PersonIdx, SkillIdx};

/// People per block, as in the level matrix.
const BLOCK_ROWS: usize = 1 << 16;

/// Which cells of a roster are unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UnknownCells {
    /// 64-bit words per person.
    words: usize,
    blocks: Vec<Arc<Vec<u64>>>,
    open: Vec<u64>,
    /// The skills no column (or, in long form, no row) gives: unknown for everyone as read.
    pub(crate) columns: Vec<SkillIdx>,
    /// How many cells the roster itself marked unknown (`N/A`, `?`, …).
    pub(crate) cells: u64,
}

impl UnknownCells {
    /// No unknown cell yet, for `people` people and `skills` skills.
    pub(crate) fn new(people: usize, skills: usize) -> UnknownCells {
        let mut cells = UnknownCells {
            words: skills.div_ceil(64).max(1),
            blocks: Vec::new(),
            open: Vec::new(),
            columns: Vec::new(),
            cells: 0,
        };
        cells.push_people(people);
        cells
    }

    fn people(&self) -> usize {
        (self.blocks.len() * BLOCK_ROWS) + self.open.len() / self.words
    }

    /// Adds `more` people with every level known.
    pub(crate) fn push_people(&mut self, mut more: usize) {
        let full = BLOCK_ROWS * self.words;
        while more > 0 {
            let room = (full - self.open.len()) / self.words;
            let take = room.min(more);
            self.open.resize(self.open.len() + take * self.words, 0);
            more -= take;
            if self.open.len() == full {
                self.blocks.push(Arc::new(std::mem::take(&mut self.open)));
            }
        }
    }

    /// Appends the rows of `other` (of the same skills), or `people` known rows for `None`.
    pub(crate) fn append(&mut self, other: Option<&UnknownCells>, people: usize) {
        let Some(other) = other else {
            self.push_people(people);
            return;
        };
        let start = self.people();
        self.push_people(people);
        for p in 0..people {
            let row = other.row(p);
            if row.iter().any(|&w| w != 0) {
                self.row_mut(start + p).copy_from_slice(row);
            }
        }
        self.cells += other.cells;
        for &s in &other.columns {
            if !self.columns.contains(&s) {
                self.columns.push(s);
            }
        }
        self.columns.sort_unstable();
    }

    /// Person `p`'s bits.
    pub(crate) fn row(&self, p: usize) -> &[u64] {
        let at = (p % BLOCK_ROWS) * self.words;
        match self.blocks.get(p / BLOCK_ROWS) {
            Some(block) => &block[at..at + self.words],
            None => &self.open[at..at + self.words],
        }
    }

    fn row_mut(&mut self, p: usize) -> &mut [u64] {
        let at = (p % BLOCK_ROWS) * self.words;
        match self.blocks.get_mut(p / BLOCK_ROWS) {
            Some(block) => &mut Arc::make_mut(block)[at..at + self.words],
            None => &mut self.open[at..at + self.words],
        }
    }

    /// Whether `p`'s level in `s` is unknown.
    pub(crate) fn get(&self, p: PersonIdx, s: SkillIdx) -> bool {
        self.row(p.index())[s.index() / 64] & (1 << (s.index() % 64)) != 0
    }

    /// Marks `p`'s level in `s` unknown or known; a block shared with a copy is copied only
    /// when a bit changes.
    pub(crate) fn set(&mut self, p: PersonIdx, s: SkillIdx, unknown: bool) {
        let (word, bit) = (s.index() / 64, 1u64 << (s.index() % 64));
        if (self.row(p.index())[word] & bit != 0) == unknown {
            return;
        }
        self.row_mut(p.index())[word] ^= bit;
    }

    /// Marks the skills of `bits` unknown for `p` (besides those that are).
    pub(crate) fn or_row(&mut self, p: PersonIdx, bits: &[u64]) {
        for (w, b) in self.row_mut(p.index()).iter_mut().zip(bits) {
            *w |= b;
        }
    }

    /// Marks `skills` unknown for everyone, as skills without a column.
    pub(crate) fn set_columns(&mut self, skills: &[SkillIdx]) {
        let mut mask = vec![0u64; self.words];
        for &s in skills {
            mask[s.index() / 64] |= 1 << (s.index() % 64);
            if !self.columns.contains(&s) {
                self.columns.push(s);
            }
        }
        self.columns.sort_unstable();
        let words = self.words;
        let blocks = self
            .blocks
            .iter_mut()
            .map(|b| Arc::make_mut(b).as_mut_slice());
        for block in blocks.chain([self.open.as_mut_slice()]) {
            for row in block.chunks_mut(words) {
                for (w, m) in row.iter_mut().zip(&mask) {
                    *w |= m;
                }
            }
        }
    }

    /// The people with at least one unknown level, in roster order.
    pub(crate) fn people_with_unknown(&self) -> Vec<PersonIdx> {
        let words = self.words;
        let blocks = self.blocks.iter().map(|b| b.as_slice());
        blocks
            .chain([self.open.as_slice()])
            .enumerate()
            .flat_map(|(b, block)| {
                block
                    .chunks(words)
                    .enumerate()
                    .filter(|(_, row)| row.iter().any(|&w| w != 0))
                    .map(move |(i, _)| PersonIdx::from_usize(b * BLOCK_ROWS + i))
            })
            .collect()
    }

    /// The skills unknown for `p`, ascending.
    pub(crate) fn skills_of(&self, p: PersonIdx) -> impl Iterator<Item = SkillIdx> + '_ {
        self.row(p.index())
            .iter()
            .enumerate()
            .flat_map(|(w, &word)| {
                (0..64)
                    .filter(move |b| word & (1 << b) != 0)
                    .map(move |b| SkillIdx::from_usize(w * 64 + b))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_across_blocks_and_copies() {
        let mut cells = UnknownCells::new(BLOCK_ROWS + 3, 70);
        let (p, q) = (
            PersonIdx::from_usize(5),
            PersonIdx::from_usize(BLOCK_ROWS + 1),
        );
        cells.set(p, SkillIdx::from_usize(69), true);
        let copy = cells.clone();
        cells.set(q, SkillIdx::from_usize(0), true);
        assert!(cells.get(p, SkillIdx::from_usize(69)));
        assert!(!copy.get(q, SkillIdx::from_usize(0)));
        assert_eq!(cells.people_with_unknown(), vec![p, q]);
        cells.set(p, SkillIdx::from_usize(69), false);
        assert_eq!(cells.people_with_unknown(), vec![q]);
        cells.set_columns(&[SkillIdx::from_usize(2)]);
        assert_eq!(cells.people_with_unknown().len(), BLOCK_ROWS + 3);
        let unknown: Vec<usize> = cells.skills_of(q).map(SkillIdx::index).collect();
        assert_eq!(unknown, vec![0, 2]);
    }

    #[test]
    fn append_keeps_rows_in_order() {
        let mut first = UnknownCells::new(2, 3);
        let mut second = UnknownCells::new(2, 3);
        second.set(PersonIdx::from_usize(1), SkillIdx::from_usize(1), true);
        second.cells = 1;
        first.append(Some(&second), 2);
        first.append(None, 1);
        assert_eq!(first.people_with_unknown(), vec![PersonIdx::from_usize(3)]);
        assert_eq!(first.people(), 5);
        assert_eq!(first.cells, 1);
    }
}
