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
    pub(super) fn append_map<U: Clone>(&mut self, other: Column<U>, f: impl Fn(U) -> T) {
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
                mine.append_map(theirs, |v| f(u32::from(v)) as u16);
            }
            (Indexes::Narrow(mine), Indexes::Wide(theirs)) => {
                mine.append_map(theirs, |v| f(v) as u16);
            }
            (Indexes::Wide(mine), Indexes::Narrow(theirs)) => {
                mine.append_map(theirs, |v| f(u32::from(v)));
            }
            (Indexes::Wide(mine), Indexes::Wide(theirs)) => mine.append_map(theirs, f),
        }
    }

    /// This column, widened first when `value` does not fit in two bytes.
    fn fitted(&mut self, value: u32) -> &mut Indexes {
        if let Indexes::Narrow(column) = self
            && u16::try_from(value).is_err()
        {
            let mut wide = Column::default();
            wide.append_map(std::mem::take(column), u32::from);
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
    ends: Ends,
}

/// Where each text of a block ends in its string: nothing kept while every text has one
/// width (the ids of most HR systems: four bytes a person saved), else each end. Which one
/// a block has follows from its texts alone.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ends {
    /// `count` texts of `width` bytes each.
    Even { width: u32, count: u32 },
    /// Where each text ends.
    Varied(Vec<u32>),
}

impl Default for Ends {
    fn default() -> Ends {
        Ends::Even { width: 0, count: 0 }
    }
}

impl Ends {
    fn len(&self) -> usize {
        match self {
            Ends::Even { count, .. } => *count as usize,
            Ends::Varied(ends) => ends.len(),
        }
    }

    /// Where text `at` ends.
    #[inline]
    fn end(&self, at: usize) -> usize {
        match self {
            Ends::Even { width, .. } => (at + 1) * *width as usize,
            Ends::Varied(ends) => ends[at] as usize,
        }
    }

    /// Where text `at` starts.
    #[inline]
    fn start(&self, at: usize) -> usize {
        at.checked_sub(1).map_or(0, |before| self.end(before))
    }

    /// Adds a text that ends at `end`.
    fn push(&mut self, end: u32) {
        match self {
            Ends::Even { width, count } if *count == 0 => (*width, *count) = (end, 1),
            Ends::Even { width, count }
                if u64::from(*count + 1) * u64::from(*width) == u64::from(end) =>
            {
                *count += 1;
            }
            Ends::Even { width, count } => {
                let mut ends = Vec::with_capacity(BLOCK_ROWS);
                ends.extend((1..=*count).map(|k| k * *width));
                ends.push(end);
                *self = Ends::Varied(ends);
            }
            Ends::Varied(ends) => ends.push(end),
        }
    }
}

impl TextBlock {
    #[inline]
    pub(super) fn get(&self, at: usize) -> &str {
        &self.text[self.ends.start(at)..self.ends.end(at)]
    }

    /// Adds a text at the end.
    fn push(&mut self, text: &str) {
        self.text.push_str(text);
        let end = u32::try_from(self.text.len()).expect("a block of texts fits in 4 GiB");
        self.ends.push(end);
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
        self.open.push(text);
        self.close_if_full();
    }

    /// Moves the open block among the shared ones once it is full; the next is made with
    /// about as many bytes as it took.
    pub(super) fn close_if_full(&mut self) {
        if self.open.ends.len() == BLOCK_ROWS {
            let hint = self.open.text.len();
            let next = TextBlock {
                text: String::with_capacity(hint + hint / 8),
                ends: Ends::default(),
            };
            self.blocks
                .push(Arc::new(std::mem::replace(&mut self.open, next)));
        }
    }

    /// Appends the texts of `block`, its string copied a run at a time.
    fn append_block(&mut self, block: &TextBlock) {
        let (mut from, len) = (0, block.ends.len());
        while from < len {
            let room = BLOCK_ROWS - self.open.ends.len();
            let to = len.min(from + room);
            let (start, shift) = (block.ends.start(from), self.open.text.len());
            self.open
                .text
                .push_str(&block.text[start..block.ends.end(to - 1)]);
            for at in from..to {
                let end = block.ends.end(at) - start + shift;
                self.open
                    .ends
                    .push(u32::try_from(end).expect("a block of texts fits in 4 GiB"));
            }
            self.close_if_full();
            from = to;
        }
    }

    /// Appends `other`'s texts, each of its blocks freed once copied.
    pub(super) fn append(&mut self, other: Texts) {
        for block in other.blocks {
            self.append_block(&block);
        }
        self.append_block(&other.open);
    }
}
