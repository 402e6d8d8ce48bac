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
    /// bytes; otherwise each person's levels are checked against each requirement.
    pub(crate) fn compute_with(
        catalogue: &Catalogue,
        roster: &Roster,
        active: &[bool],
        table_limit: usize,
    ) -> Qualified {
        let count = catalogue.responsibilities().len();
        let words = count.div_ceil(64).max(1);
        let mut bits = vec![0u64; roster.len() * words];
        let table = (ByteTable::bytes(roster.skill_count(), words) <= table_limit)
            .then(|| ByteTable::new(catalogue, roster.skill_count(), words));
        let requirements = Requirements::new(catalogue, roster.skill_count());
        // Two halves of the roster on two threads: each writes only its own people's bits.
        let half = roster.len().div_ceil(2).max(1);
        std::thread::scope(|scope| {
            for (chunk, bits) in bits.chunks_mut(half * words).enumerate() {
                let table = &table;
                let requirements = &requirements;
                scope.spawn(move || {
                    let mut levels = vec![0u8; roster.skill_count()];
                    for (i, mine) in bits.chunks_mut(words).enumerate() {
                        let p = PersonIdx::from_usize(chunk * half + i);
                        if !active[p.index()] {
                            continue;
                        }
                        match table {
                            Some(table) => table.qualified(roster.row(p).packed(), mine),
                            None => {
                                roster.row(p).unpack_into(&mut levels);
                                requirements.qualified(&levels, mine);
                            }
                        }
                    }
                });
            }
        });
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
/// larger catalogue is checked requirement by requirement instead.
const MAX_TABLE_BYTES: usize = 32 << 20;

/// Every duty's requirements, for checking a person's levels one requirement at a time:
/// memory in what duties require, whatever the catalogue's size.
struct Requirements {
    /// (skill, level) pairs of all duties, one after another.
    pairs: Vec<(u16, u8)>,
    /// Where each duty's pairs end in `pairs`.
    ends: Vec<usize>,
}

impl Requirements {
    fn new(catalogue: &Catalogue, skill_count: usize) -> Requirements {
        let mut pairs = Vec::new();
        let mut ends = Vec::with_capacity(catalogue.responsibilities().len());
        for duty in catalogue.responsibilities() {
            pairs.extend(
                duty.requires
                    .iter()
                    .filter(|q| q.skill.index() < skill_count)
                    .map(|q| (q.skill.0, q.level.get())),
            );
            ends.push(pairs.len());
        }
        Requirements { pairs, ends }
    }

    /// Writes the qualifications of one person's levels (a byte each) into `out`.
    fn qualified(&self, levels: &[u8], out: &mut [u64]) {
        out.fill(0);
        let mut start = 0;
        for (r, &end) in self.ends.iter().enumerate() {
            let met = self.pairs[start..end]
                .iter()
                .all(|&(skill, level)| levels[usize::from(skill)] >= level);
            out[r / 64] |= u64::from(met) << (r % 64);
            start = end;
        }
    }
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
