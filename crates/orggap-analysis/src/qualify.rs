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
        let count = catalogue.responsibilities().len();
        let words = count.div_ceil(64).max(1);
        let mut bits = vec![0u64; roster.len() * words];
        // Flattened requirements: (skill column, minimum level) runs per responsibility.
        let needs: Vec<Vec<(usize, u8)>> = catalogue
            .responsibilities()
            .iter()
            .map(|r| {
                r.requires
                    .iter()
                    .map(|q| (q.skill.index(), q.level.get()))
                    .collect()
            })
            .collect();
        // Two halves of the roster on two threads: each writes only its own people's bits.
        let half = roster.len().div_ceil(2).max(1);
        std::thread::scope(|scope| {
            for (chunk, bits) in bits.chunks_mut(half * words).enumerate() {
                let needs = &needs;
                scope.spawn(move || {
                    let mut row = vec![0u8; roster.skill_count()];
                    for (i, mine) in bits.chunks_mut(words).enumerate() {
                        let p = PersonIdx::from_usize(chunk * half + i);
                        if !active[p.index()] {
                            continue;
                        }
                        roster.row(p).unpack_into(&mut row);
                        for (r, need) in needs.iter().enumerate() {
                            if need.iter().all(|&(s, min)| row[s] >= min) {
                                mine[r / 64] |= 1 << (r % 64);
                            }
                        }
                    }
                });
            }
        });
        Qualified { words, bits }
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
