//! Who is qualified for what: one bit per person and responsibility, person-major.

use orggap_model::{Catalogue, PersonIdx, RespIdx, Roster};

/// The qualification matrix: for each person, a bitset over the catalogue's responsibilities.
///
/// Person-major, so that a person's role fit is a popcount of a few words, and filled in one
/// pass over the roster's level matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qualified {
    words: usize,
    bits: Vec<u64>,
}

impl Qualified {
    /// Computes who is qualified for what. People outside `active` get no bits.
    pub fn compute(catalogue: &Catalogue, roster: &Roster, active: &[bool]) -> Qualified {
        Qualified::compute_with(catalogue, roster, active, MAX_TABLE_BYTES)
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
        let mut bits = vec![0u64; roster.len() * words];
        if ByteTable::bytes(roster.skill_count(), words) <= table_limit {
            let table = ByteTable::new(catalogue, roster.skill_count(), words);
            // Two halves of the roster on two threads: each writes only its own people's bits.
            let half = roster.len().div_ceil(2).max(1);
            std::thread::scope(|scope| {
                for (chunk, bits) in bits.chunks_mut(half * words).enumerate() {
                    let table = &table;
                    scope.spawn(move || {
                        for (i, mine) in bits.chunks_mut(words).enumerate() {
                            let p = PersonIdx::from_usize(chunk * half + i);
                            if active[p.index()] {
                                table.qualified(roster.row(p).packed(), mine);
                            }
                        }
                    });
                }
            });
        } else {
            let columns = Columns::new(catalogue, roster.skill_count());
            // Blocks of 64 people, half of them on each of two threads.
            let blocks = roster.len().div_ceil(64);
            let half = blocks.div_ceil(2).max(1) * 64;
            std::thread::scope(|scope| {
                for (chunk, bits) in bits.chunks_mut(half * words).enumerate() {
                    let columns = &columns;
                    scope.spawn(move || {
                        let mut scratch = BlockScratch::default();
                        for (b, block) in bits.chunks_mut(64 * words).enumerate() {
                            let first = chunk * half + b * 64;
                            let flags = &active[first..first + block.len() / words];
                            columns.qualify_block(roster, first, flags, block, words, &mut scratch);
                        }
                    });
                }
            });
        }
        Qualified { words, bits }
    }

    /// The bytes the matrix takes for `people` and `duties`: one bit each, a person's bits
    /// rounded up to whole 64-bit words.
    pub fn bytes_needed(people: usize, duties: usize) -> u64 {
        people as u64 * duties.div_ceil(64).max(1) as u64 * 8
    }

    /// Whether `p` is qualified for `r`.
    pub fn is(&self, p: PersonIdx, r: RespIdx) -> bool {
        self.bits[p.index() * self.words + r.index() / 64] & (1 << (r.index() % 64)) != 0
    }

    /// `p`'s bitset over responsibilities.
    pub fn of(&self, p: PersonIdx) -> &[u64] {
        &self.bits[p.index() * self.words..(p.index() + 1) * self.words]
    }

    /// Words per person.
    pub fn words(&self) -> usize {
        self.words
    }
}

/// The most memory the byte table may take (it takes 16 bytes per skill and duty); a
/// larger catalogue is qualified by columns instead.
const MAX_TABLE_BYTES: usize = 32 << 20;

/// Qualification by columns, for catalogues too large for a byte table: people are taken 64
/// at a time, each needed skill's levels for those 64 become five words (who is at least at
/// level 1, 2, …, 5), and a duty's qualified people among the 64 are the AND of one such
/// word per requirement. Memory in what duties require: a few words per skill, whatever the
/// catalogue's size.
struct Columns {
    /// The skills some duty requires, and each one's slot in the block's words.
    skills: Vec<usize>,
    /// Every duty's requirements as (slot × 5 + level − 1), one duty after another.
    reads: Vec<u32>,
    /// Where each duty's requirements end in `reads`.
    ends: Vec<usize>,
}

impl Columns {
    fn new(catalogue: &Catalogue, skill_count: usize) -> Columns {
        let mut slot = vec![u32::MAX; skill_count];
        let mut skills = Vec::new();
        let mut reads = Vec::new();
        let mut ends = Vec::with_capacity(catalogue.responsibilities().len());
        for duty in catalogue.responsibilities() {
            for q in duty.requires.iter().filter(|q| q.level.get() > 0) {
                let s = q.skill.index();
                if slot[s] == u32::MAX {
                    slot[s] = skills.len() as u32;
                    skills.push(s);
                }
                reads.push(slot[s] * 5 + u32::from(q.level.get()) - 1);
            }
            ends.push(reads.len());
        }
        Columns {
            skills,
            reads,
            ends,
        }
    }

    /// Writes the qualifications of up to 64 people (`first` on, their rows' bits in
    /// `bits`, `words` words each) whose `active` flags are given. `scratch` holds the
    /// block's levels between calls.
    fn qualify_block(
        &self,
        roster: &Roster,
        first: usize,
        active: &[bool],
        bits: &mut [u64],
        words: usize,
        scratch: &mut BlockScratch,
    ) {
        let BlockScratch { columns, at_least } = scratch;
        columns.resize(64 * self.skills.len(), 0);
        at_least.resize(self.skills.len() * 5, 0);
        let mut present = 0u64;
        for (i, &on) in active.iter().enumerate() {
            present |= u64::from(on) << i;
        }
        // Each needed skill's levels for the block side by side (absent people are 0).
        columns.fill(0);
        crate::columns::transpose(roster, first, active.len(), &self.skills, 64, columns);
        // Who is at least at each level, eight people a word: a byte `x` (at most 5) is
        // at least `l` exactly when `(x | 0x80) - l` keeps its high bit.
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const ONES: u64 = 0x0101_0101_0101_0101;
        for (slot, column) in columns.chunks_exact(64).enumerate() {
            for l in 1..=5u64 {
                let mut word = 0u64;
                for (g, eight) in column.chunks_exact(8).enumerate() {
                    let x = u64::from_le_bytes(eight.try_into().expect("eight levels"));
                    let ge = ((x | HIGH) - l * ONES) & HIGH;
                    // The eight high bits gathered into one byte, person 0 lowest.
                    let byte = ((ge >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
                    word |= byte << (8 * g);
                }
                at_least[slot * 5 + l as usize - 1] = word;
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
                bits[i * words + r / 64] |= 1 << (r % 64);
            }
        }
    }
}

/// Buffers [`Columns::qualify_block`] reuses from block to block.
#[derive(Debug, Default)]
struct BlockScratch {
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

/// How many bits `a` and `b` share.
#[inline]
pub fn common(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
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
