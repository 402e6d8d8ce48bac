//! The nearest unqualified people of every open duty, by columns: people are taken a block
//! at a time, the block's levels of every needed skill laid out one skill after another, and
//! each duty's shortfalls for the whole block summed a requirement at a time (a loop the
//! compiler turns into vector instructions). A block whose smallest shortfall cannot beat a
//! duty's kept candidates is passed over without looking at anyone in it.

use orggap_model::{Catalogue, PersonIdx, RespIdx, Roster};

use crate::top::TopK;

/// People per block: the block's columns of a thousand skills stay in the cache.
pub(crate) const BLOCK: usize = 2048;

/// A lane of the shortfall sums: 16 bits (16 people per 256-bit instruction) for every duty
/// whose largest possible shortfall fits, 32 for the rest.
trait Lane: Copy + Ord + From<u8> + Into<u32> {
    /// The sum of someone who does not count (qualified, or not analysed).
    const NONE: Self;
    const ZERO: Self;
    fn saturating_plus(self, other: Self) -> Self;
}

impl Lane for u16 {
    const NONE: u16 = u16::MAX;
    const ZERO: u16 = 0;
    fn saturating_plus(self, other: u16) -> u16 {
        self.saturating_add(other)
    }
}

impl Lane for u32 {
    const NONE: u32 = u32::MAX;
    const ZERO: u32 = 0;
    fn saturating_plus(self, other: u32) -> u32 {
        self.saturating_add(other)
    }
}

/// For each duty in `open`, the `k` unqualified active people with the smallest shortfall,
/// smallest first, ties in roster order.
pub(crate) fn nearest(
    catalogue: &Catalogue,
    roster: &Roster,
    active: &[bool],
    open: &[RespIdx],
    k: usize,
) -> Vec<Vec<(PersonIdx, u32)>> {
    let rank = Rank {
        max_shortfall: u32::MAX,
        tie: None,
    };
    nearest_in_blocks(catalogue, roster, active, open, k, rank, BLOCK)
}

/// Who counts as near, and how ties in shortfall are broken.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rank<'a> {
    /// Shortfalls above this do not count.
    pub(crate) max_shortfall: u32,
    /// Ties in shortfall go to the smaller value here (per person), then to roster order.
    pub(crate) tie: Option<&'a [u32]>,
}

/// [`nearest`] ranked by `rank`, with blocks of `block` people.
pub(crate) fn nearest_in_blocks(
    catalogue: &Catalogue,
    roster: &Roster,
    active: &[bool],
    open: &[RespIdx],
    k: usize,
    rank: Rank<'_>,
    block: usize,
) -> Vec<Vec<(PersonIdx, u32)>> {
    if open.is_empty() || k == 0 {
        return vec![Vec::new(); open.len()];
    }
    let needs = Needs::new(catalogue, roster.skill_count(), open, block, rank);
    let blocks = roster.len().div_ceil(block);
    let half = blocks.div_ceil(2);
    // Two halves on two threads; the later half's candidates are offered after the earlier
    // half's, which keeps ties in roster order.
    let (mut first, later) = std::thread::scope(|scope| {
        let later = scope.spawn(|| needs.scan(roster, active, half..blocks, k));
        let first = needs.scan(roster, active, 0..half, k);
        (
            first,
            later.join().expect("the nearest thread does not panic"),
        )
    });
    for (top, more) in first.iter_mut().zip(later) {
        for (shortfall, p) in more.into_sorted() {
            top.push(shortfall, p);
        }
    }
    first
        .into_iter()
        .map(|top| {
            top.into_sorted()
                .into_iter()
                .map(|(key, p)| (p, (key >> 32) as u32))
                .collect()
        })
        .collect()
}

/// What the open duties need: the skills they read and their requirements as
/// (column, level) pairs, one duty after another.
struct Needs<'a> {
    skills: Vec<usize>,
    pairs: Vec<(usize, u8)>,
    ends: Vec<usize>,
    /// People per block.
    block: usize,
    rank: Rank<'a>,
}

impl<'a> Needs<'a> {
    fn new(
        catalogue: &Catalogue,
        skill_count: usize,
        open: &[RespIdx],
        block: usize,
        rank: Rank<'a>,
    ) -> Needs<'a> {
        let mut column = vec![usize::MAX; skill_count];
        let mut skills = Vec::new();
        let mut pairs = Vec::new();
        let mut ends = Vec::with_capacity(open.len());
        for &r in open {
            for q in &catalogue.responsibility(r).requires {
                let s = q.skill.index();
                if column[s] == usize::MAX {
                    column[s] = skills.len();
                    skills.push(s);
                }
                pairs.push((column[s], q.level.get()));
            }
            ends.push(pairs.len());
        }
        Needs {
            skills,
            pairs,
            ends,
            block,
            rank,
        }
    }

    /// The candidates of every open duty among the people of `blocks`.
    fn scan(
        &self,
        roster: &Roster,
        active: &[bool],
        blocks: std::ops::Range<usize>,
        k: usize,
    ) -> Vec<TopK<u64, PersonIdx>> {
        let mut tops: Vec<TopK<u64, PersonIdx>> = self.ends.iter().map(|_| TopK::new(k)).collect();
        let width = self.block;
        let mut columns = vec![0u8; self.skills.len() * width];
        let (mut narrow, mut wide) = (vec![0u16; width], Vec::new());
        for block in blocks {
            let first = block * width;
            let size = width.min(roster.len() - first);
            crate::columns::transpose(roster, first, size, &self.skills, width, &mut columns);
            let block = Block {
                columns: &columns,
                width,
                active: &active[first..first + size],
                first,
                rank: self.rank,
            };
            let mut start = 0;
            for (top, &end) in tops.iter_mut().zip(&self.ends) {
                let pairs = &self.pairs[start..end];
                start = end;
                let most: u32 = pairs.iter().map(|&(_, need)| u32::from(need)).sum();
                if most < u32::from(u16::MAX) {
                    block.offer(pairs, &mut narrow[..size], top);
                } else {
                    wide.resize(size, 0u32);
                    block.offer(pairs, &mut wide[..size], top);
                }
            }
        }
        tops
    }
}

/// One block of people: its columns of levels (`width` apart), who of it is analysed, its
/// first person, and how people are ranked.
struct Block<'a> {
    columns: &'a [u8],
    width: usize,
    active: &'a [bool],
    first: usize,
    rank: Rank<'a>,
}

impl Block<'_> {
    /// Sums the shortfalls of the block's people for one duty's `pairs` into `sums` and
    /// offers the people who can beat `top`'s kept candidates.
    fn offer<T: Lane>(
        &self,
        pairs: &[(usize, u8)],
        sums: &mut [T],
        top: &mut TopK<u64, PersonIdx>,
    ) {
        // People not analysed start out of reach; the sums saturate.
        for (sum, &on) in sums.iter_mut().zip(self.active) {
            *sum = if on { T::ZERO } else { T::NONE };
        }
        for &(c, need) in pairs {
            let column = &self.columns[c * self.width..c * self.width + sums.len()];
            for (sum, &level) in sums.iter_mut().zip(column) {
                *sum = sum.saturating_plus(T::from(need.saturating_sub(level)));
            }
        }
        // Qualified people (shortfall 0) and those too far do not count.
        let max = self.rank.max_shortfall;
        for sum in sums.iter_mut() {
            if *sum == T::ZERO || (*sum).into() > max {
                *sum = T::NONE;
            }
        }
        // The key: the shortfall, then the tie-breaker; the block's least shortfall with no
        // tie-breaker is a bound below every key in it.
        let key = |sum: T, i: usize| {
            let tie = self.rank.tie.map_or(0, |tie| tie[self.first + i]);
            u64::from(sum.into()) << 32 | u64::from(tie)
        };
        let best = sums.iter().copied().min().unwrap_or(T::NONE);
        if best == T::NONE || !top.admits(u64::from(best.into()) << 32) {
            return;
        }
        for (i, &sum) in sums.iter().enumerate() {
            if sum != T::NONE && top.admits(key(sum, i)) {
                top.push(key(sum, i), PersonIdx::from_usize(self.first + i));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::tests_props::{catalogue, people, roster};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// By columns and in blocks, on two threads: what sorting every unqualified person by
        /// shortfall, then roster order, gives.
        #[test]
        fn nearest_matches_sorting_everyone(
            (levels, caps) in people(),
            block in 1usize..9,
            k in 0usize..5,
            skip in 0usize..4,
            max_shortfall in prop_oneof![Just(u32::MAX), 1u32..12],
            ranked in any::<bool>(),
        ) {
            let cat = catalogue();
            let r = roster(&cat, &levels, &caps);
            let active: Vec<bool> = (0..r.len()).map(|i| i % 4 != skip).collect();
            let open: Vec<RespIdx> = cat.responsibility_indices().collect();
            // A tie-breaker that reorders people (capacities, as plan uses loads).
            let tie: Vec<u32> = (0..r.len()).map(|i| caps.get(i).copied().unwrap_or(0)).collect();
            let rank = Rank { max_shortfall, tie: ranked.then_some(tie.as_slice()) };
            let found = nearest_in_blocks(&cat, &r, &active, &open, k, rank, block);
            for (&duty, got) in open.iter().zip(found) {
                let mut all: Vec<(u32, u32, PersonIdx)> = r
                    .people()
                    .filter(|p| active[p.index()])
                    .map(|p| {
                        let row: Vec<u8> = r.row(p).iter().collect();
                        let t = if ranked { tie[p.index()] } else { 0 };
                        (crate::qualify::shortfall(&cat, &row, duty), t, p)
                    })
                    .filter(|&(s, _, _)| s > 0 && s <= max_shortfall)
                    .collect();
                all.sort();
                let expected: Vec<(PersonIdx, u32)> =
                    all.into_iter().take(k).map(|(s, _, p)| (p, s)).collect();
                prop_assert_eq!(got, expected);
            }
        }
    }
}
