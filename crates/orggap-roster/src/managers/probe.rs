//! Finding each manager cell's first candidate by identities alone: the keys' and cells'
//! identities (a short text itself, a long one a hash) bucketed as a file is read, then a
//! bucket at a time put in a table in the cache and looked up, while the parts of the file
//! are joined.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use rayon::prelude::*;

/// The work on reporting lines that needs only identities (see [`identity`]): for each
/// manager cell, the first person whose key's identity is the cell's — for a cell of eight
/// bytes or fewer, its manager, or nobody's key is the cell. Done while the parts of a file
/// are still being joined (their texts are not all in one roster yet).
pub(crate) struct Probed {
    /// Each cell's first candidate, as index plus one (zero: none, or an empty cell).
    pub(super) first: Vec<AtomicU32>,
    /// The cells that are not empty and whose identity is no key's: index and identity,
    /// in roster order.
    pub(super) missed: Vec<(u32, u64)>,
    /// Whether two keys have one identity: the same key twice, or (vanishingly rarely) two
    /// long keys whose hashes meet.
    pub(crate) repeated: bool,
}

/// Identities (see [`identity`]) grouped as they come by the top bits of their mixed value
/// (see [`mixed`]): a part of a file's keys or manager cells, ready for [`Probed::new`]
/// without being grouped again. Each is kept with where it was pushed within its run of
/// [`RUN`] pushes (two bytes, not four), and each bucket with its list's length where each
/// run began, which tells the run.
#[derive(Debug)]
pub(crate) struct Buckets {
    /// Bits of the mixed identity that choose the bucket.
    bits: u32,
    lists: Vec<Vec<Entry>>,
    /// For each bucket, its list's length when each run of [`RUN`] pushes began.
    runs: Vec<Vec<u32>>,
    len: usize,
}

/// Pushes a run: where a push is within its run fits in two bytes.
pub(super) const RUN: usize = 1 << 16;

/// An identity and where it was pushed within its run, in ten bytes (a `u64` and a `u32`
/// take sixteen, twelve packed).
#[derive(Clone, Copy, Debug)]
struct Entry([u16; 5]);

impl Entry {
    fn new(identity: u64, within: u16) -> Entry {
        let word = |k: u32| (identity >> (16 * k)) as u16;
        Entry([word(0), word(1), word(2), word(3), within])
    }

    fn identity(self) -> u64 {
        let [a, b, c, d, _] = self.0.map(u64::from);
        a | b << 16 | c << 32 | d << 48
    }

    fn within(self) -> usize {
        usize::from(self.0[4])
    }
}

/// Bits of the mixed identity that choose a bucket: few enough that a part's buckets being
/// filled stay in the first-level cache while it reads, and at a million people a bucket's
/// table (64 bytes a key, a megabyte) still fits in the second-level cache.
pub(super) const BUCKET_BITS: u32 = 6;

impl Default for Buckets {
    fn default() -> Buckets {
        Buckets::with_bits(BUCKET_BITS)
    }
}

impl Buckets {
    /// No identities yet, in buckets chosen by `bits` bits.
    pub(super) fn with_bits(bits: u32) -> Buckets {
        Buckets {
            bits,
            lists: vec![Vec::new(); 1 << bits],
            runs: vec![Vec::new(); 1 << bits],
            len: 0,
        }
    }

    /// Adds the next identity; an empty text's (zero) is counted but not kept, for an empty
    /// text is nobody's key and an empty cell names nobody.
    pub(crate) fn push(&mut self, identity: u64) {
        let within = self.len % RUN;
        if within == 0 {
            for (list, runs) in self.lists.iter().zip(&mut self.runs) {
                runs.push(list.len() as u32);
            }
        }
        if identity != 0 {
            let bucket = match self.bits {
                0 => 0,
                bits => (mixed(identity) >> (64 - bits)) as usize,
            };
            self.lists[bucket].push(Entry::new(identity, within as u16));
        }
        self.len += 1;
    }

    /// Makes room for about `more` identities.
    pub(crate) fn reserve(&mut self, more: usize) {
        let each = more >> self.bits;
        for list in &mut self.lists {
            list.reserve(each + each / 8 + 8);
        }
    }

    /// How many identities were pushed.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// `count` values (`value(i)`, on every core) in parts of 65,536.
    pub(super) fn of(count: usize, value: impl Fn(usize) -> u64 + Sync) -> Vec<Buckets> {
        const PART: usize = 1 << 16;
        (0..count.div_ceil(PART))
            .into_par_iter()
            .map(|part| {
                let mut buckets = Buckets::default();
                (part * PART..count.min((part + 1) * PART)).for_each(|i| buckets.push(value(i)));
                buckets
            })
            .collect()
    }
}

/// What stands for a key or a manager cell in the tables: a text of at most eight bytes is
/// itself, its bytes zero-padded in one word (texts hold no NUL byte, so the word tells the
/// text, and its top byte is never 0xFF, which UTF-8 never uses); a longer text is 0xFF then
/// 56 bits of its hash. Equal identities are equal texts for short ones, and for long ones
/// must be compared as texts.
pub(crate) fn identity(hasher: &hashbrown::DefaultHashBuilder, text: &str) -> u64 {
    let bytes = text.as_bytes();
    if bytes.len() > SHORT {
        return LONG | hasher.hash_one(text) >> 8;
    }
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// The bytes of the longest text that is its own [`identity`].
pub(super) const SHORT: usize = 8;

/// The top byte of a long text's [`identity`].
pub(super) const LONG: u64 = 0xFF << 56;

/// An [`identity`] mixed so that every bit depends on every bit (the folded multiply of
/// foldhash), for placing it in a table.
pub(crate) fn mixed(identity: u64) -> u64 {
    let product = u128::from(identity) * 0x9E37_79B9_7F4A_7C15;
    (product as u64) ^ (product >> 64) as u64
}

impl Probed {
    /// `keys` and `cells`: the identities (see [`identity`]) of each person's key (id, or
    /// name without ids) and manager cell, in roster order, in the parts of the file they
    /// were read in (one part for the whole roster, say), grouped into buckets. Bucket by
    /// bucket, on every core, the keys are put in a table in the cache (open addressing
    /// with linear probing, four times as many slots as keys and one, so that probes are
    /// short and their branches seldom mispredicted; in roster order so that of equal
    /// identities the first person comes first along a probe) and the cells looked up in
    /// it; the cells that find nobody are listed.
    pub(crate) fn new(mut keys: Vec<Buckets>, mut cells: Vec<Buckets>) -> Probed {
        let starts = |parts: &[Buckets]| -> Vec<usize> {
            parts
                .iter()
                .scan(0, |end, part| {
                    *end += part.len();
                    Some(*end - part.len())
                })
                .collect()
        };
        let (key_starts, cell_starts) = (starts(&keys), starts(&cells));
        let first: Vec<AtomicU32> = std::iter::repeat_with(AtomicU32::default)
            .take(cells.iter().map(Buckets::len).sum())
            .collect();
        let repeated = AtomicBool::new(false);
        let buckets = keys.iter().chain(&cells).map(|b| b.lists.len()).max();
        assert!(
            keys.iter()
                .chain(&cells)
                .all(|b| Some(b.lists.len()) == buckets),
            "one way of bucketing"
        );
        // Bucket by bucket, each part's lists of it, so that a bucket is freed once probed:
        // the lists are most of the memory reading in parts keeps, and the parts are being
        // joined meanwhile.
        let key_runs: Vec<Vec<Vec<u32>>> = keys
            .iter_mut()
            .map(|p| std::mem::take(&mut p.runs))
            .collect();
        let cell_runs: Vec<Vec<Vec<u32>>> = cells
            .iter_mut()
            .map(|p| std::mem::take(&mut p.runs))
            .collect();
        let by_bucket = |parts: Vec<Buckets>| -> Vec<Vec<Vec<Entry>>> {
            let mut lists: Vec<_> = parts.into_iter().map(|p| p.lists.into_iter()).collect();
            (0..buckets.unwrap_or(0))
                .map(|_| lists.iter_mut().flat_map(Iterator::next).collect())
                .collect()
        };
        let work: Vec<_> = by_bucket(keys)
            .into_iter()
            .zip(by_bucket(cells))
            .enumerate()
            .collect();
        let mut missed: Vec<(u32, u64)> = work
            .into_par_iter()
            .map_init(
                Table::default,
                |table: &mut Table, (bucket, (keys, cells))| {
                    let size = 4 * keys.iter().map(Vec::len).sum::<usize>() + 1;
                    let round = table.next_round(size);
                    let slots = &mut table.slots[..size];
                    each_placed(keys, bucket, &key_runs, &key_starts, |key, person| {
                        let mut at = place(key, size);
                        while slots[at].round == round {
                            if slots[at].identity == key {
                                repeated.store(true, Ordering::Relaxed);
                            }
                            at = if at + 1 == size { 0 } else { at + 1 };
                        }
                        slots[at] = Slot {
                            identity: key,
                            person: person as u32,
                            round,
                        };
                    });
                    let mut missed = Vec::new();
                    each_placed(cells, bucket, &cell_runs, &cell_starts, |cell, i| {
                        let mut at = place(cell, size);
                        // The table has an empty slot, where the probe ends.
                        loop {
                            if slots[at].round != round {
                                missed.push((i as u32, cell));
                                break;
                            }
                            if slots[at].identity == cell {
                                first[i].store(slots[at].person + 1, Ordering::Relaxed);
                                break;
                            }
                            at = if at + 1 == size { 0 } else { at + 1 };
                        }
                    });
                    missed
                },
            )
            .flatten_iter()
            .collect();
        missed.sort_unstable();
        Probed {
            first,
            missed,
            repeated: repeated.into_inner(),
        }
    }
}

/// Calls `f` with each identity of bucket `bucket`'s `lists` (one list a part, each freed
/// once read) and where it was pushed among all the parts' pushes: the part's start
/// (`starts`), its run (told by the part's `runs` of the bucket) and where it is in the run.
fn each_placed(
    lists: Vec<Vec<Entry>>,
    bucket: usize,
    runs: &[Vec<Vec<u32>>],
    starts: &[usize],
    mut f: impl FnMut(u64, usize),
) {
    for ((list, runs), &start) in lists.into_iter().zip(runs).zip(starts) {
        let runs = &runs[bucket];
        let mut run = 0;
        for (k, entry) in list.into_iter().enumerate() {
            while runs.get(run + 1).is_some_and(|&began| began as usize <= k) {
                run += 1;
            }
            f(entry.identity(), start + run * RUN + entry.within());
        }
    }
}

/// One bucket's keys by identity at a time, each thread's table kept from bucket to bucket:
/// a slot is filled when it was written in this round (this bucket), so that a table is
/// never cleared.
#[derive(Default)]
struct Table {
    slots: Vec<Slot>,
    round: u32,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    identity: u64,
    person: u32,
    /// The round that wrote the slot; rounds start at one.
    round: u32,
}

impl Table {
    /// Starts a round of at least `size` slots, all empty; returns its number.
    fn next_round(&mut self, size: usize) -> u32 {
        self.round += 1;
        if self.slots.len() < size {
            self.slots.resize(size, Slot::default());
        }
        self.round
    }
}

/// Where an identity's probe starts in a table of `len` slots: the low half of its mixed
/// identity scaled to the table (the top bits chose the bucket).
fn place(identity: u64, len: usize) -> usize {
    (((mixed(identity) & u64::from(u32::MAX)) * len as u64) >> 32) as usize
}
