//! The blocks a roster keeps its per-person data in: full blocks of [`BLOCK_ROWS`] people
//! that copies share (`Arc`), then the block being filled, which each copy owns.

use std::sync::Arc;

use super::BLOCK_ROWS;

/// One value per person, in full blocks of [`BLOCK_ROWS`] people that copies of a roster
/// share, then the block being filled, which each copy owns: growing never copies what is
/// there, adding a person touches no shared count, and changing one person in a copy copies
/// at most one block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Column<T> {
    blocks: Vec<Arc<Vec<T>>>,
    open: Vec<T>,
}

impl<T> Default for Column<T> {
    fn default() -> Column<T> {
        Column {
            blocks: Vec::new(),
            open: Vec::new(),
        }
    }
}

impl<T: Clone> Column<T> {
    pub(super) fn len(&self) -> usize {
        self.blocks.len() * BLOCK_ROWS + self.open.len()
    }

    #[inline]
    pub(super) fn get(&self, i: usize) -> Option<&T> {
        match self.blocks.get(i / BLOCK_ROWS) {
            Some(block) => Some(&block[i % BLOCK_ROWS]),
            None => self.open.get(i - self.blocks.len() * BLOCK_ROWS),
        }
    }

    pub(super) fn set(&mut self, i: usize, value: T) {
        let full = self.blocks.len() * BLOCK_ROWS;
        match self.blocks.get_mut(i / BLOCK_ROWS) {
            Some(block) => Arc::make_mut(block)[i % BLOCK_ROWS] = value,
            None => self.open[i - full] = value,
        }
    }

    pub(super) fn close_if_full(&mut self) {
        close_if_full(&mut self.blocks, &mut self.open, BLOCK_ROWS);
    }

    pub(super) fn push(&mut self, value: T) {
        self.open.push(value);
        self.close_if_full();
    }

    pub(super) fn resize(&mut self, len: usize, value: T) {
        let more = len.saturating_sub(self.len());
        self.extend(std::iter::repeat_n(value, more));
    }

    /// Appends `values`, the open block filled and closed a block at a time.
    pub(super) fn extend(&mut self, values: impl IntoIterator<Item = T>) {
        let mut values = values.into_iter().peekable();
        while values.peek().is_some() {
            let room = BLOCK_ROWS - self.open.len();
            self.open.extend(values.by_ref().take(room));
            self.close_if_full();
        }
    }

    /// Makes room for `more` values in the open block (the blocks after it are made with
    /// room for a whole block).
    pub(super) fn reserve(&mut self, more: usize) {
        let room = BLOCK_ROWS - self.open.len();
        self.open.reserve(room.min(more));
    }

    /// Appends `other`'s values as `f` maps them, each of its blocks freed once copied, so
    /// that joining parts holds at most one block twice.
    pub(super) fn append_map(&mut self, other: Column<T>, f: impl Fn(T) -> T) {
        self.append_map_into(other, f);
    }

    /// [`Column::append_map`] from a column of another type.
    pub(super) fn append_map_into<U: Clone>(&mut self, other: Column<U>, f: impl Fn(U) -> T) {
        for block in other.blocks {
            self.extend(block.iter().cloned().map(&f));
        }
        self.extend(other.open.into_iter().map(&f));
    }

    /// Every value, in order.
    pub(super) fn values(&self) -> impl Iterator<Item = &T> {
        self.blocks
            .iter()
            .flat_map(|block| block.iter())
            .chain(&self.open)
    }
}

/// Indexes into a short list (titles, teams), one per person: two bytes each while every
/// index fits in two, else four (the column is widened once, when the first larger index
/// comes), so that a roster's titles and teams take 4 bytes a person, not 8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Indexes {
    Narrow(Column<u16>),
    Wide(Column<u32>),
}

impl Default for Indexes {
    fn default() -> Indexes {
        Indexes::Narrow(Column::default())
    }
}

impl Indexes {
    #[inline]
    pub(super) fn get(&self, i: usize) -> Option<u32> {
        match self {
            Indexes::Narrow(column) => column.get(i).map(|&v| u32::from(v)),
            Indexes::Wide(column) => column.get(i).copied(),
        }
    }

    pub(super) fn set(&mut self, i: usize, value: u32) {
        match self.fitted(value) {
            Indexes::Narrow(column) => column.set(i, value as u16),
            Indexes::Wide(column) => column.set(i, value),
        }
    }

    pub(super) fn push(&mut self, value: u32) {
        match self.fitted(value) {
            Indexes::Narrow(column) => column.push(value as u16),
            Indexes::Wide(column) => column.push(value),
        }
    }

    pub(super) fn reserve(&mut self, more: usize) {
        match self {
            Indexes::Narrow(column) => column.reserve(more),
            Indexes::Wide(column) => column.reserve(more),
        }
    }

    /// Appends `other`'s indexes as `f` maps them, each of its blocks freed once copied.
    pub(super) fn append_map(&mut self, other: Indexes, f: impl Fn(u32) -> u32) {
        let largest = match &other {
            Indexes::Narrow(column) => column.values().map(|&v| f(u32::from(v))).max(),
            Indexes::Wide(column) => column.values().map(|&v| f(v)).max(),
        };
        self.fitted(largest.unwrap_or(0));
        match (self, other) {
            (Indexes::Narrow(mine), Indexes::Narrow(theirs)) => {
                mine.append_map_into(theirs, |v| f(u32::from(v)) as u16);
            }
            (Indexes::Narrow(mine), Indexes::Wide(theirs)) => {
                mine.append_map_into(theirs, |v| f(v) as u16);
            }
            (Indexes::Wide(mine), Indexes::Narrow(theirs)) => {
                mine.append_map_into(theirs, |v| f(u32::from(v)));
            }
            (Indexes::Wide(mine), Indexes::Wide(theirs)) => mine.append_map_into(theirs, f),
        }
    }

    /// This column, widened first when `value` does not fit in two bytes.
    fn fitted(&mut self, value: u32) -> &mut Indexes {
        if let Indexes::Narrow(column) = self
            && u16::try_from(value).is_err()
        {
            let mut wide = Column::default();
            wide.append_map_into(std::mem::take(column), u32::from);
            *self = Indexes::Wide(wide);
        }
        self
    }
}

/// Moves the `open` block among the shared `blocks` once it holds `full` values; the next
/// is made with room for as many. The shared mechanism of [`Column`] and the level matrix.
pub(super) fn close_if_full<T>(blocks: &mut Vec<Arc<Vec<T>>>, open: &mut Vec<T>, full: usize) {
    if open.len() == full {
        let next = Vec::with_capacity(full);
        blocks.push(Arc::new(std::mem::replace(open, next)));
    }
}

/// One short text per person (names, ids), in full blocks of [`BLOCK_ROWS`] people that
/// copies of a roster share, then the block being filled, which each copy owns (as in
/// [`Column`]); each block is one string and where each text ends in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Texts {
    blocks: Vec<Arc<TextBlock>>,
    open: TextBlock,
}

/// The texts of one block of people.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct TextBlock {
    text: String,
    ends: Vec<u32>,
}

impl TextBlock {
    #[inline]
    pub(super) fn get(&self, at: usize) -> &str {
        let end = self.ends[at] as usize;
        let start = match at {
            0 => 0,
            _ => self.ends[at - 1] as usize,
        };
        &self.text[start..end]
    }
}

impl Texts {
    pub(super) fn len(&self) -> usize {
        self.blocks.len() * BLOCK_ROWS + self.open.ends.len()
    }

    #[inline]
    pub(super) fn get(&self, i: usize) -> &str {
        match self.blocks.get(i / BLOCK_ROWS) {
            Some(block) => block.get(i % BLOCK_ROWS),
            None => self.open.get(i - self.blocks.len() * BLOCK_ROWS),
        }
    }

    pub(super) fn push(&mut self, text: &str) {
        self.open.text.push_str(text);
        let end = u32::try_from(self.open.text.len()).expect("a block of texts fits in 4 GiB");
        self.open.ends.push(end);
        self.close_if_full();
    }

    /// Moves the open block among the shared ones once it is full; the next is made with
    /// about as many bytes as it took.
    pub(super) fn close_if_full(&mut self) {
        if self.open.ends.len() == BLOCK_ROWS {
            let hint = self.open.text.len();
            let next = TextBlock {
                text: String::with_capacity(hint + hint / 8),
                ends: Vec::with_capacity(BLOCK_ROWS),
            };
            self.blocks
                .push(Arc::new(std::mem::replace(&mut self.open, next)));
        }
    }

    /// Appends texts given as one string and where each ends in it.
    pub(super) fn extend(&mut self, text: &str, mut ends: &[u32]) {
        let mut start = 0;
        while !ends.is_empty() {
            let room = BLOCK_ROWS - self.open.ends.len();
            let (now, later) = ends.split_at(room.min(ends.len()));
            let end = *now.last().expect("at least one text") as usize;
            let shift = self.open.text.len();
            self.open.text.push_str(&text[start..end]);
            let ends_in_block = |e: &u32| {
                u32::try_from(*e as usize - start + shift).expect("a block of texts fits in 4 GiB")
            };
            self.open.ends.extend(now.iter().map(ends_in_block));
            self.close_if_full();
            start = end;
            ends = later;
        }
    }

    /// Appends `other`'s texts, each of its blocks freed once copied.
    pub(super) fn append(&mut self, other: Texts) {
        for block in other.blocks {
            self.extend(&block.text, &block.ends);
        }
        self.extend(&other.open.text, &other.open.ends);
    }
}
