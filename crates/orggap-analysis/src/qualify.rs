//! Who is qualified for what: one bit per person and responsibility, person-major.

use std::sync::Arc;

use orggap_model::{Catalogue, PersonIdx, RespIdx, Roster};

/// Who is qualified for what: for each person, the responsibilities they are qualified for.
///
/// Person-major, filled in one pass over the roster's level matrix, and kept either as a
/// bitset per person (a few words, for catalogues of up to a few thousand duties or where
/// people qualify for much) or as each person's list of duties (where a catalogue of
/// thousands of duties makes the bitsets mostly zeros): whichever is smaller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qualified {
    store: Store,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Store {
    /// A bitset per person.
    Bits(Bits),
    /// Person `p`'s duties, ascending, are `list[starts[p]..starts[p + 1]]`.
    Lists { starts: Vec<usize>, list: Vec<u16> },
}

/// Who is qualified for what on a roster with everyone active, kept with the roster so
/// that copies of it changed here and there are qualified quickly
/// ([`Qualified::compute_from`]).
#[derive(Clone, Debug)]
pub struct QualifiedBase {
    roster: Roster,
    qualified: Qualified,
}

impl QualifiedBase {
    /// The qualifications of everyone on `roster` (a copy of it is kept: its blocks are
    /// shared, not copied).
    pub fn new(catalogue: &Catalogue, roster: &Roster) -> QualifiedBase {
        QualifiedBase {
            qualified: Qualified::compute(catalogue, roster, &vec![true; roster.len()]),
            roster: roster.clone(),
        }
    }

    /// The base of a copy of `roster`, from its qualifications already worked out (every
    /// person of it must be active in `qualified`, or inactive in the copies too).
    pub(crate) fn of(roster: &Roster, qualified: &Qualified) -> QualifiedBase {
        QualifiedBase {
            roster: roster.clone(),
            qualified: qualified.clone(),
        }
    }

    /// The qualifications, everyone active.
    pub fn qualified(&self) -> &Qualified {
        &self.qualified
    }
}

impl Qualified {
    /// Computes who is qualified for what. People outside `active` get none.
    pub fn compute(catalogue: &Catalogue, roster: &Roster, active: &[bool]) -> Qualified {
        Qualified::compute_with(catalogue, roster, active, MAX_TABLE_BYTES)
    }

    /// [`Qualified::compute`] by columns, kept as `keep` says.
    #[cfg(test)]
    pub(crate) fn by_columns(
        catalogue: &Catalogue,
        roster: &Roster,
        active: &[bool],
        keep: Keep,
    ) -> Qualified {
        let words = catalogue.responsibilities().len().div_ceil(64).max(1);
        Columns::new(catalogue, roster.skill_count()).qualify(roster, active, words, keep)
    }

    /// [`Qualified::compute`], with a byte table only when it takes at most `table_limit`
    /// bytes; otherwise by columns (see [`Columns`]).
    pub(crate) fn compute_with(
        catalogue: &Catalogue,
        roster: &Roster,
        active: &[bool],
        table_limit: usize,
    ) -> Qualified {
        let count = catalogue.responsibilities().len();
        let words = count.div_ceil(64).max(1);
        if ByteTable::bytes(roster.skill_count(), words) > table_limit {
            let columns = Columns::new(catalogue, roster.skill_count());
            return columns.qualify(roster, active, words, Keep::Smaller);
        }
        let table = ByteTable::new(catalogue, roster.skill_count(), words);
        let bits = Bits::build(roster.len(), words, |p, mine| {
            if active[p] {
                table.qualified(roster.row(PersonIdx::from_usize(p)).packed(), mine);
            }
        });
        Qualified {
            store: Store::Bits(bits),
        }
    }

    /// [`Qualified::compute`] for `roster`, a copy of `base.roster` changed here and there
    /// (by a scenario, say): the base's qualifications are kept for everyone whose levels
    /// are those of the base roster, and only the others, and people added after it, are
    /// worked out again. The same answer as `compute`, in a fraction of its time when
    /// little changed. `base` must have been made with this `catalogue`.
    pub fn compute_from(
        catalogue: &Catalogue,
        roster: &Roster,
        active: &[bool],
        base: &QualifiedBase,
    ) -> Qualified {
        let words = catalogue.responsibilities().len().div_ceil(64).max(1);
        let Store::Bits(base_bits) = &base.qualified.store else {
            return Qualified::compute(catalogue, roster, active);
        };
        if base_bits.words != words || roster.skill_count() != base.roster.skill_count() {
            return Qualified::compute(catalogue, roster, active);
        }
        let table = ByteTable::new(catalogue, roster.skill_count(), words);
        // The base's blocks, shared; a block is copied only where a person in it changes.
        let kept = roster.len().min(base.roster.len());
        let mut bits = base_bits.clone();
        bits.resize(roster.len());
        let changed = roster.rows_differing_from(&base.roster).into_iter();
        for p in changed.chain((kept..roster.len()).map(PersonIdx::from_usize)) {
            table.qualified(roster.row(p).packed(), bits.row_mut(p.index()));
        }
        for (p, _) in active.iter().enumerate().filter(|(_, active)| !**active) {
            if bits.row(p).iter().any(|&w| w != 0) {
                bits.row_mut(p).fill(0);
            }
        }
        Qualified {
            store: Store::Bits(bits),
        }
    }

    /// The bytes the matrix takes at most for `people` and `duties`: one bit each, a
    /// person's bits rounded up to whole 64-bit words.
    pub fn bytes_needed(people: usize, duties: usize) -> u64 {
        people as u64 * duties.div_ceil(64).max(1) as u64 * 8
    }

    /// Whether `p` is qualified for `r`.
    #[inline]
    pub fn is(&self, p: PersonIdx, r: RespIdx) -> bool {
        match &self.store {
            Store::Bits(bits) => bits.row(p.index())[r.index() / 64] & (1 << (r.index() % 64)) != 0,
            Store::Lists { .. } => self.list(p).binary_search(&r.0).is_ok(),
        }
    }

    /// The responsibilities `p` is qualified for, in catalogue order.
    #[inline]
    pub fn duties(&self, p: PersonIdx) -> Duties<'_> {
        match &self.store {
            Store::Bits(bits) => {
                let mine = bits.row(p.index());
                Duties::Bits {
                    words: mine,
                    at: 0,
                    word: mine.first().copied().unwrap_or(0),
                }
            }
            Store::Lists { .. } => Duties::List(self.list(p).iter()),
        }
    }

    /// How many responsibilities `p` is qualified for.
    pub fn count(&self, p: PersonIdx) -> u32 {
        match &self.store {
            Store::Bits(bits) => bits.row(p.index()).iter().map(|w| w.count_ones()).sum(),
            Store::Lists { .. } => self.list(p).len() as u32,
        }
    }

    /// The first 64 responsibilities `p` is qualified for, as a bitmask (all of them, for a
    /// catalogue of at most 64).
    #[inline]
    pub fn first_word(&self, p: PersonIdx) -> u64 {
        match &self.store {
            Store::Bits(bits) => bits.row(p.index())[0],
            Store::Lists { .. } => self
                .list(p)
                .iter()
                .take_while(|&&r| r < 64)
                .fold(0, |word, &r| word | 1 << r),
        }
    }

    /// How many (person, responsibility) pairs are qualified.
    fn pairs(&self) -> usize {
        match &self.store {
            Store::Bits(bits) => bits
                .blocks
                .iter()
                .flat_map(|block| block.iter())
                .map(|w| w.count_ones() as usize)
                .sum(),
            Store::Lists { list, .. } => list.len(),
        }
    }

    fn list(&self, p: PersonIdx) -> &[u16] {
        match &self.store {
            Store::Lists { starts, list } => &list[starts[p.index()]..starts[p.index() + 1]],
            Store::Bits(_) => &[],
        }
    }
}

/// People in a block of [`Bits`].
const BLOCK: usize = 1 << 16;

/// `words` words of bits per person, in blocks of [`BLOCK`] people that copies share, so
/// that a copy changed here and there (a scenario's) copies the blocks it changes only.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Bits {
    words: usize,
    blocks: Vec<Arc<Vec<u64>>>,
}

impl Bits {
    /// The bits of `people`, each person's filled by `fill(person, words)` (zeroed before),
    /// half of the blocks on each of two threads.
    fn build(people: usize, words: usize, fill: impl Fn(usize, &mut [u64]) + Sync) -> Bits {
        let block = |b: usize| {
            let first = b * BLOCK;
            let count = BLOCK.min(people - first);
            let mut bits = vec![0u64; count * words];
            for (i, mine) in bits.chunks_mut(words).enumerate() {
                fill(first + i, mine);
            }
            Arc::new(bits)
        };
        let count = people.div_ceil(BLOCK);
        let half = count.div_ceil(2);
        let (mut blocks, later) = std::thread::scope(|scope| {
            let later = scope.spawn(|| (half..count).map(block).collect::<Vec<_>>());
            let first: Vec<_> = (0..half).map(block).collect();
            (
                first,
                later.join().expect("a qualification thread does not panic"),
            )
        });
        blocks.extend(later);
        Bits { words, blocks }
    }

    /// Person `p`'s words.
    #[inline]
    fn row(&self, p: usize) -> &[u64] {
        let at = (p % BLOCK) * self.words;
        &self.blocks[p / BLOCK][at..at + self.words]
    }

    /// Person `p`'s words, to change (their block is copied first if it is shared).
    fn row_mut(&mut self, p: usize) -> &mut [u64] {
        let at = (p % BLOCK) * self.words;
        &mut Arc::make_mut(&mut self.blocks[p / BLOCK])[at..at + self.words]
    }

    /// Makes it `people` long: people added have no bits.
    fn resize(&mut self, people: usize) {
        let blocks = people.div_ceil(BLOCK);
        self.blocks.truncate(blocks);
        while self.blocks.len() < blocks {
            self.blocks.push(Arc::default());
        }
        for (b, block) in self.blocks.iter_mut().enumerate() {
            let size = BLOCK.min(people - b * BLOCK) * self.words;
            if block.len() != size {
                Arc::make_mut(block).resize(size, 0);
            }
        }
    }
}

/// The responsibilities one person is qualified for, in catalogue order.
#[derive(Clone, Debug)]
pub enum Duties<'a> {
    /// Read from a bitset.
    #[doc(hidden)]
    Bits {
        /// The person's words.
        words: &'a [u64],
        /// The word being read.
        at: usize,
        /// Its bits not yet read.
        word: u64,
    },
    /// Read from a list.
    #[doc(hidden)]
    List(std::slice::Iter<'a, u16>),
}

impl Iterator for Duties<'_> {
    type Item = RespIdx;

    #[inline]
    fn next(&mut self) -> Option<RespIdx> {
        match self {
            Duties::Bits { words, at, word } => loop {
                if *word != 0 {
                    let r = *at * 64 + word.trailing_zeros() as usize;
                    *word &= *word - 1;
                    return Some(RespIdx::from_usize(r));
                }
                *at += 1;
                *word = *words.get(*at)?;
            },
            Duties::List(list) => list.next().map(|&r| RespIdx(r)),
        }
    }
}

/// How [`Columns::qualify`] keeps what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Lists or bitsets, whichever takes less memory.
    Smaller,
    /// Lists (for tests).
    #[cfg(test)]
    Lists,
    /// Bitsets (for tests).
    #[cfg(test)]
    Bits,
}

/// The most memory the byte table may take (it takes 16 bytes per skill and duty); a
/// larger catalogue is qualified by columns instead.
const MAX_TABLE_BYTES: usize = 32 << 20;

/// Qualification by columns, for catalogues too large for a byte table: people are taken 64
/// at a time, each needed skill's levels for those 64 become a word per level up to the
/// highest any duty asks (who is at least at level 1, 2, …), and a duty's qualified people among the 64 are the AND of one such
/// word per requirement. Memory in what duties require: a few words per skill, whatever the
/// catalogue's size.
struct Columns {
    /// The skills some duty requires, and each one's slot in the block's words.
    skills: Vec<usize>,
    /// Every duty's requirements as (slot × top + level − 1), one duty after another.
    reads: Vec<u32>,
    /// The highest level any duty asks: the words per needed skill.
    top: u32,
    /// Where each duty's requirements end in `reads`.
    ends: Vec<usize>,
}

impl Columns {
    fn new(catalogue: &Catalogue, skill_count: usize) -> Columns {
        let mut slot = vec![u32::MAX; skill_count];
        let mut skills = Vec::new();
        let mut reads = Vec::new();
        let mut ends = Vec::with_capacity(catalogue.responsibilities().len());
        let top = catalogue
            .responsibilities()
            .iter()
            .flat_map(|duty| duty.requires.iter().map(|q| u32::from(q.level.get())))
            .max()
            .unwrap_or(1)
            .max(1);
        for duty in catalogue.responsibilities() {
            for q in duty.requires.iter().filter(|q| q.level.get() > 0) {
                let s = q.skill.index();
                if slot[s] == u32::MAX {
                    slot[s] = skills.len() as u32;
                    skills.push(s);
                }
                reads.push(slot[s] * top + u32::from(q.level.get()) - 1);
            }
            ends.push(reads.len());
        }
        Columns {
            skills,
            reads,
            ends,
            top,
        }
    }

    /// Who is qualified for what, by blocks of 64 people, half of the blocks on each of two
    /// threads; kept as lists, or as bitsets of `words` words where those take less.
    fn qualify(&self, roster: &Roster, active: &[bool], words: usize, keep: Keep) -> Qualified {
        let blocks = roster.len().div_ceil(64);
        let half = blocks.div_ceil(2) * 64;
        let lists = |people: std::ops::Range<usize>| {
            let mut scratch = BlockScratch::default();
            let (mut starts, mut list) = (Vec::with_capacity(people.len()), Vec::new());
            let mut first = people.start;
            while first < people.end {
                let count = 64.min(people.end - first);
                self.qualify_block(roster, first, &active[first..first + count], &mut scratch);
                for mine in &mut scratch.lists[..count] {
                    starts.push(list.len());
                    list.append(mine);
                }
                first += count;
            }
            (starts, list)
        };
        let ((mut starts, mut list), (later_starts, later_list)) = std::thread::scope(|scope| {
            let later = scope.spawn(|| lists(half.min(roster.len())..roster.len()));
            let first = lists(0..half.min(roster.len()));
            (
                first,
                later
                    .join()
                    .expect("the qualification thread does not panic"),
            )
        });
        let offset = list.len();
        starts.extend(later_starts.into_iter().map(|s| s + offset));
        list.extend(later_list);
        starts.push(list.len());
        let lists = Qualified {
            store: Store::Lists { starts, list },
        };
        // Bitsets where people qualify for so much that they take less.
        let list_bytes = lists.pairs() * 2 + (roster.len() + 1) * 8;
        let smaller = list_bytes as u64 <= Qualified::bytes_needed(roster.len(), words * 64);
        let as_lists = match keep {
            Keep::Smaller => smaller,
            #[cfg(test)]
            Keep::Lists => true,
            #[cfg(test)]
            Keep::Bits => false,
        };
        if as_lists {
            return lists;
        }
        let bits = Bits::build(roster.len(), words, |p, mine| {
            for r in lists.duties(PersonIdx::from_usize(p)) {
                mine[r.index() / 64] |= 1 << (r.index() % 64);
            }
        });
        Qualified {
            store: Store::Bits(bits),
        }
    }

    /// The qualifications of up to 64 people (`first` on, whose `active` flags are given)
    /// into `scratch.lists`, one ascending list each.
    fn qualify_block(
        &self,
        roster: &Roster,
        first: usize,
        active: &[bool],
        scratch: &mut BlockScratch,
    ) {
        let BlockScratch {
            columns,
            at_least,
            lists,
        } = scratch;
        lists.resize_with(64, Vec::new);
        columns.resize(64 * self.skills.len(), 0);
        let top = self.top as usize;
        at_least.resize(self.skills.len() * top, 0);
        let mut present = 0u64;
        for (i, &on) in active.iter().enumerate() {
            present |= u64::from(on) << i;
        }
        // Each needed skill's levels for the block side by side (absent people are 0).
        columns.fill(0);
        crate::columns::transpose(roster, first, active.len(), &self.skills, 64, columns);
        // Who is at least at each level, eight people a word: a byte `x` (at most 15) is
        // at least `l` exactly when `(x | 0x80) - l` keeps its high bit.
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const ONES: u64 = 0x0101_0101_0101_0101;
        for (slot, column) in columns.chunks_exact(64).enumerate() {
            for l in 1..=top as u64 {
                let mut word = 0u64;
                for (g, eight) in column.chunks_exact(8).enumerate() {
                    let x = u64::from_le_bytes(eight.try_into().expect("eight levels"));
                    let ge = ((x | HIGH) - l * ONES) & HIGH;
                    // The eight high bits gathered into one byte, person 0 lowest.
                    let byte = ((ge >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
                    word |= byte << (8 * g);
                }
                at_least[slot * top + l as usize - 1] = word;
            }
        }
        let mut start = 0;
        for (r, &end) in self.ends.iter().enumerate() {
            let mut who = present;
            for &read in &self.reads[start..end] {
                who &= at_least[read as usize];
            }
            start = end;
            while who != 0 {
                let i = who.trailing_zeros() as usize;
                who &= who - 1;
                lists[i].push(r as u16);
            }
        }
    }
}

/// Buffers [`Columns::qualify_block`] reuses from block to block.
#[derive(Debug, Default)]
struct BlockScratch {
    /// Each of the 64 people's duties.
    lists: Vec<Vec<u16>>,
    /// The needed skills' levels, 64 people per skill.
    columns: Vec<u8>,
    /// Who of the 64 is at least at level 1..=5 of each needed skill.
    at_least: Vec<u64>,
}

/// Who qualifies for what, looked up a packed byte (two skills' levels) at a time: for each
/// byte of a roster row and each of its 256 values, the responsibilities whose requirements
/// on those two skills the byte meets. A person's qualifications are then the AND of one
/// entry per byte — no branch on any level.
struct ByteTable {
    words: usize,
    /// Every responsibility, for a start.
    all: Vec<u64>,
    /// The bytes of a row that some requirement reads.
    used: Vec<usize>,
    /// `row_bytes × 256` entries of `words` words.
    entries: Vec<u64>,
}

impl ByteTable {
    /// The bytes a table for `skill_count` skills and `words` words of duties takes.
    fn bytes(skill_count: usize, words: usize) -> usize {
        skill_count
            .div_ceil(2)
            .saturating_mul(256 * 8)
            .saturating_mul(words)
    }

    fn new(catalogue: &Catalogue, skill_count: usize, words: usize) -> ByteTable {
        let count = catalogue.responsibilities().len();
        let all = mask(
            &(0..count).map(RespIdx::from_usize).collect::<Vec<_>>(),
            words,
        );
        let row_bytes = skill_count.div_ceil(2);
        let mut entries = vec![!0u64; row_bytes * 256 * words];
        let mut used = Vec::new();
        for (r, resp) in catalogue.responsibilities().iter().enumerate() {
            for q in &resp.requires {
                let (byte, shift) = (q.skill.index() / 2, (q.skill.index() % 2) * 4);
                used.push(byte);
                for value in 0..256 {
                    if (value >> shift) & 0x0f < usize::from(q.level.get()) {
                        entries[(byte * 256 + value) * words + r / 64] &= !(1 << (r % 64));
                    }
                }
            }
        }
        used.sort_unstable();
        used.dedup();
        ByteTable {
            words,
            all,
            used,
            entries,
        }
    }

    /// Writes the qualifications of a packed row into `out` (`words` long).
    #[inline]
    fn qualified(&self, packed: &[u8], out: &mut [u64]) {
        if let ([one], [all]) = (&mut *out, self.all.as_slice()) {
            // Up to 64 responsibilities (the usual case): one word, no inner loop.
            *one = self.used.iter().fold(*all, |bits, &byte| {
                bits & self.entries[byte * 256 + usize::from(packed[byte])]
            });
            return;
        }
        out.copy_from_slice(&self.all);
        for &byte in &self.used {
            let at = (byte * 256 + usize::from(packed[byte])) * self.words;
            for (o, e) in out.iter_mut().zip(&self.entries[at..at + self.words]) {
                *o &= e;
            }
        }
    }
}

/// A bitset over responsibilities with the given members, `words` long.
pub fn mask(members: &[RespIdx], words: usize) -> Vec<u64> {
    let mut mask = vec![0u64; words];
    for r in members {
        mask[r.index() / 64] |= 1 << (r.index() % 64);
    }
    mask
}

/// The shortfall of a roster row for a responsibility: the sum over its requirements of
/// how many levels the person is short.
pub fn shortfall(catalogue: &Catalogue, row: &[u8], r: RespIdx) -> u32 {
    catalogue
        .responsibility(r)
        .requires
        .iter()
        .map(|q| u32::from(q.level.get().saturating_sub(row[q.skill.index()])))
        .sum()
}
