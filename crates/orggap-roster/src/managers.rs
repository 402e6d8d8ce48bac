//! Reporting lines: each person's manager cell resolved to a person of the roster, and the
//! lines checked for cycles.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use hashbrown::HashTable;
use orggap_model::{PersonIdx, Roster};
use rayon::prelude::*;

use crate::cell::normalize_name;

/// What is wrong with a reporting line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Issue {
    /// The person's manager cell names nobody on the roster.
    Unknown { person: usize, text: String },
    /// The manager cell is a name several people share (and no id).
    Shared {
        person: usize,
        text: String,
        people: Vec<PersonIdx>,
    },
    /// These people's reporting lines go round in a circle, in the order of the lines,
    /// starting at the one first on the roster.
    Cycle { people: Vec<PersonIdx> },
}

/// The work on reporting lines that needs only identities (see [`identity`]): for each
/// manager cell, the first person whose key's identity is the cell's — for a cell of eight
/// bytes or fewer, its manager, or nobody's key is the cell. Done while the parts of a file
/// are still being joined (their texts are not all in one roster yet).
pub(crate) struct Probed {
    /// Each cell's first candidate, as index plus one (zero: none).
    first: Vec<AtomicU32>,
    /// Whether two keys have one identity: the same key twice, or (vanishingly rarely) two
    /// long keys whose hashes meet.
    pub(crate) repeated: bool,
}

/// No manager: the person is at the top.
pub(crate) const TOP: u32 = u32::MAX;

/// Identities (see [`identity`]) grouped as they come by the top bits of their mixed value
/// (see [`mixed`]), each with its index among those pushed: a part of a file's keys or
/// manager cells, ready for [`Probed::new`] without being grouped again.
#[derive(Debug)]
pub(crate) struct Buckets {
    /// Bits of the mixed identity that choose the bucket.
    bits: u32,
    lists: Vec<Bucket>,
    len: usize,
}

/// The identities of one bucket and the index of each, side by side (twelve bytes an
/// identity rather than a padded pair's sixteen).
#[derive(Clone, Debug, Default)]
struct Bucket {
    identities: Vec<u64>,
    at: Vec<u32>,
}

impl Bucket {
    fn len(&self) -> usize {
        self.at.len()
    }

    fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.identities.iter().copied().zip(self.at.iter().copied())
    }
}

/// Bits of the mixed identity that choose a bucket: few enough that a part's buckets being
/// filled stay in the first-level cache while it reads, and at a million people a bucket's
/// table (32 bytes a key, half a megabyte) still fits in the second-level cache.
const BUCKET_BITS: u32 = 6;

impl Default for Buckets {
    fn default() -> Buckets {
        Buckets::with_bits(BUCKET_BITS)
    }
}

impl Buckets {
    /// No identities yet, in buckets chosen by `bits` bits.
    fn with_bits(bits: u32) -> Buckets {
        Buckets {
            bits,
            lists: vec![Bucket::default(); 1 << bits],
            len: 0,
        }
    }

    /// Adds the next identity.
    pub(crate) fn push(&mut self, identity: u64) {
        let bucket = match self.bits {
            0 => 0,
            bits => (mixed(identity) >> (64 - bits)) as usize,
        };
        let list = &mut self.lists[bucket];
        list.identities.push(identity);
        list.at.push(self.len as u32);
        self.len += 1;
    }

    /// Makes room for about `more` identities.
    pub(crate) fn reserve(&mut self, more: usize) {
        let each = more >> self.bits;
        for list in &mut self.lists {
            list.identities.reserve(each + each / 8 + 8);
            list.at.reserve(each + each / 8 + 8);
        }
    }

    /// How many identities were pushed.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// `count` values (`value(i)`, on every core) in parts of 65,536.
    fn of(count: usize, value: impl Fn(usize) -> u64 + Sync) -> Vec<Buckets> {
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
    if bytes.len() > 8 {
        return LONG | hasher.hash_one(text) >> 8;
    }
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// The top byte of a long text's [`identity`].
const LONG: u64 = 0xFF << 56;

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
    /// with linear probing, twice as many slots as keys and one, in roster order so that of
    /// equal identities the first person comes first along a probe) and the cells looked up
    /// in it.
    pub(crate) fn new(keys: &[Buckets], cells: &[Buckets]) -> Probed {
        let starts = |parts: &[Buckets]| -> Vec<usize> {
            parts
                .iter()
                .scan(0, |end, part| {
                    *end += part.len;
                    Some(*end - part.len)
                })
                .collect()
        };
        let (key_starts, cell_starts) = (starts(keys), starts(cells));
        let first: Vec<AtomicU32> = std::iter::repeat_with(AtomicU32::default)
            .take(cells.iter().map(Buckets::len).sum())
            .collect();
        let repeated = AtomicBool::new(false);
        let buckets = keys.iter().chain(cells).map(|b| b.lists.len()).max();
        assert!(
            keys.iter()
                .chain(cells)
                .all(|b| Some(b.lists.len()) == buckets),
            "one way of bucketing"
        );
        (0..buckets.unwrap_or(0)).into_par_iter().for_each_init(
            Vec::new,
            |table: &mut Vec<(u64, u32)>, bucket: usize| {
                let size = 2 * keys.iter().map(|k| k.lists[bucket].len()).sum::<usize>() + 1;
                table.clear();
                table.resize(size, (0, 0));
                for (part, &start) in keys.iter().zip(&key_starts) {
                    for (key, j) in part.lists[bucket].iter() {
                        let mut at = place(key, size);
                        while table[at].1 != 0 {
                            if table[at].0 == key {
                                repeated.store(true, Ordering::Relaxed);
                            }
                            at = if at + 1 == size { 0 } else { at + 1 };
                        }
                        table[at] = (key, (start + j as usize) as u32 + 1);
                    }
                }
                for (part, &start) in cells.iter().zip(&cell_starts) {
                    for (cell, j) in part.lists[bucket].iter() {
                        let mut at = place(cell, size);
                        // The table has an empty slot, where the probe ends.
                        while table[at].1 != 0 {
                            if table[at].0 == cell {
                                first[start + j as usize].store(table[at].1, Ordering::Relaxed);
                                break;
                            }
                            at = if at + 1 == size { 0 } else { at + 1 };
                        }
                    }
                }
            },
        );
        Probed {
            first,
            repeated: repeated.into_inner(),
        }
    }
}

/// Where an identity's probe starts in a table of `len` slots: the low half of its mixed
/// identity scaled to the table (the top bits chose the bucket).
fn place(identity: u64, len: usize) -> usize {
    (((mixed(identity) & u64::from(u32::MAX)) * len as u64) >> 32) as usize
}

/// Each person's manager from their manager cell (`cell(i)`, trimmed; empty for a top
/// person): the person with that id when the roster has ids, else (or when no id matches)
/// the person with that name. Also every issue, in roster order, cycles last. The keys' (ids,
/// or names without ids) and cells' identities are taken here, on every core (a file read in
/// parts comes with that work done: [`resolve_probed`]).
pub(crate) fn resolve<'a>(
    roster: &Roster,
    cell: impl Fn(usize) -> &'a str + Sync,
    hasher: &hashbrown::DefaultHashBuilder,
) -> (Vec<u32>, Vec<Issue>) {
    let n = roster.len();
    let (keys, cells) = rayon::join(
        || {
            Buckets::of(n, |p| {
                identity(hasher, key_of(roster, PersonIdx::from_usize(p)))
            })
        },
        || Buckets::of(n, |i| identity(hasher, cell(i))),
    );
    let probed = Probed::new(&keys, &cells);
    resolve_probed(roster, cell, hasher, probed)
}

/// A person's key: their id when the roster has ids, else their name.
fn key_of(roster: &Roster, p: PersonIdx) -> &str {
    match roster.has_ids() {
        true => roster.id(p).unwrap_or_default(),
        false => roster.name(p),
    }
}

/// [`resolve`] from the work on identities done ([`Probed`]): a cell of eight bytes or fewer
/// has its manager already; a longer one has its first candidate's key compared with its
/// text. Cells that match no key (a long one whose identity another key has too, a name
/// where ids are expected or written otherwise, an unknown manager) are then looked at one
/// by one.
pub(crate) fn resolve_probed<'a>(
    roster: &Roster,
    cell: impl Fn(usize) -> &'a str + Sync,
    hasher: &hashbrown::DefaultHashBuilder,
    probed: Probed,
) -> (Vec<u32>, Vec<Issue>) {
    let by_id = roster.has_ids();
    let key = |p: PersonIdx| key_of(roster, p);
    let Probed { first, .. } = probed;
    // Each cell's first candidate (TOP: none), in the list the candidates were in.
    let mut managers: Vec<u32> = first
        .into_iter()
        .map(|first| first.into_inner().wrapping_sub(1))
        .collect();
    // In batches: the keys of the long cells' candidates brought into the cache, then
    // compared, so that the memory reads of a batch overlap. A long cell whose candidate's
    // key is another text (of the same identity) is collided: looked at again below.
    const BATCH: usize = 64;
    let long = |text: &str| text.len() > 8;
    let collided: Vec<usize> = managers
        .par_chunks_mut(BATCH)
        .enumerate()
        .flat_map_iter(|(batch, found)| {
            let at = batch * BATCH;
            let compared = |found: &[u32], i: usize| found[i] != TOP && long(cell(at + i));
            let touched = (0..found.len())
                .filter(|&i| compared(found, i))
                .map(|i| key(PersonIdx(found[i])).as_bytes().last().map_or(0, |&b| b))
                .fold(0, |t, b| t ^ b);
            std::hint::black_box(touched);
            let mut collided = Vec::new();
            for i in 0..found.len() {
                if compared(found, i) && key(PersonIdx(found[i])) != cell(at + i) {
                    found[i] = TOP;
                    collided.push(at + i);
                }
            }
            collided
        })
        .collect();
    // Every key by identity, built when a cell needs more than its first candidate.
    let mut keys: Option<HashTable<u32>> = None;
    let mut by_key = |text: &str| {
        // By their key's identity, mixed (long keys may share an identity).
        let keys =
            keys.get_or_insert_with(|| table_by(roster, |p| mixed(identity(hasher, key(p)))));
        let wanted = identity(hasher, text);
        keys.iter_hash(mixed(wanted))
            .map(|&q| PersonIdx(q))
            .find(|&q| key(q) == text)
    };
    // With ids, a manager cell may still hold a name: looked up by name, built when needed.
    let mut names: Option<HashTable<u32>> = None;
    let mut issues = Vec::new();
    for (p, manager) in managers.iter_mut().enumerate() {
        if *manager != TOP {
            continue;
        }
        let text = cell(p);
        if text.is_empty() {
            continue;
        }
        if collided.binary_search(&p).is_ok()
            && let Some(m) = by_key(text)
        {
            *manager = m.0;
            continue;
        }
        let normal = normalize_name(text);
        if !by_id
            && normal != text
            && let Some(m) = by_key(&normal)
        {
            *manager = m.0;
            continue;
        }
        let named = match by_id {
            true => {
                let names = names
                    .get_or_insert_with(|| table_by(roster, |p| hasher.hash_one(roster.name(p))));
                let hash = hasher.hash_one(normal.as_ref());
                names
                    .iter_hash(hash)
                    .map(|&q| PersonIdx(q))
                    .filter(|&q| roster.name(q) == normal)
                    .collect()
            }
            false => Vec::new(),
        };
        match named.as_slice() {
            [m] => *manager = m.0,
            [] => issues.push(Issue::Unknown {
                person: p,
                text: text.to_owned(),
            }),
            _ => {
                let mut people = named;
                people.sort_unstable();
                issues.push(Issue::Shared {
                    person: p,
                    text: text.to_owned(),
                    people,
                });
            }
        }
    }
    issues.extend(
        cycles(&managers)
            .into_iter()
            .map(|people| Issue::Cycle { people }),
    );
    (managers, issues)
}

/// `len` copies of `value`, written out rather than allocated zeroed: a page of a zeroed
/// allocation that is read before it is written is copied again on its first write, with
/// every core told to forget it (on a table read while it is filled, that cost more than
/// filling it).
fn written<T: Clone>(len: usize, value: T) -> Vec<T> {
    let mut values = Vec::with_capacity(len);
    values.resize(len, value);
    values
}

/// Every person of `roster` by `hash` of them (hashes may repeat: each person is in the
/// table).
fn table_by(roster: &Roster, hash: impl Fn(PersonIdx) -> u64) -> HashTable<u32> {
    let mut table = HashTable::with_capacity(roster.len());
    for p in roster.people() {
        table.insert_unique(hash(p), p.0, |&q| hash(PersonIdx(q)));
    }
    table
}

/// The cycles of the manager relation, each in the order of its lines starting at its first
/// person on the roster, the cycles in the order of those people. Linear: each person is
/// walked once.
pub(crate) fn cycles(managers: &[u32]) -> Vec<Vec<PersonIdx>> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = written(managers.len(), NEW);
    let mut found = Vec::new();
    let mut path = Vec::new();
    for start in 0..managers.len() {
        let mut next = Some(start);
        path.clear();
        while let Some(p) = next.filter(|&p| state[p] == NEW) {
            state[p] = ON_PATH;
            path.push(p);
            next = (managers[p] != TOP).then_some(managers[p] as usize);
        }
        // The walk stopped at a top person, at someone walked before, or back on its path.
        if let Some(p) = next.filter(|&p| state[p] == ON_PATH) {
            let at = path.iter().position(|&q| q == p).expect("p is on the path");
            let mut cycle: Vec<PersonIdx> = path[at..]
                .iter()
                .map(|&q| PersonIdx::from_usize(q))
                .collect();
            let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
            cycle.rotate_left(first);
            found.push(cycle);
        }
        for &q in &path {
            state[q] = DONE;
        }
    }
    found.sort_unstable_by_key(|c| c[0]);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(managers: &[Option<u32>]) -> Vec<u32> {
        managers.iter().map(|m| m.unwrap_or(TOP)).collect()
    }

    /// Each person's manager, `None` at the top.
    fn found(managers: &[u32]) -> Vec<Option<u32>> {
        managers.iter().map(|&m| (m != TOP).then_some(m)).collect()
    }

    fn ids(cycle: &[PersonIdx]) -> Vec<u32> {
        cycle.iter().map(|p| p.0).collect()
    }

    /// A roster of `ids` (with ids) or of names, read from CSV.
    fn roster(header: &str, keys: &[&str]) -> Roster {
        let text: String = std::iter::once(format!("{header}\n"))
            .chain(keys.iter().enumerate().map(|(i, k)| match header {
                "id,name" => format!("{k},Person {i}\n"),
                _ => format!("{k}\n"),
            }))
            .collect();
        let catalogue = orggap_model::Catalogue::builtin();
        let options = crate::ImportOptions::default();
        crate::read_csv(text.as_bytes(), "r.csv", &catalogue, &options)
            .unwrap()
            .roster
    }

    /// The identities of `texts` with every long text's made the same (as if all their
    /// hashes met), in parts of `split` then the rest.
    fn alike(hasher: &hashbrown::DefaultHashBuilder, texts: &[&str], split: usize) -> Vec<Buckets> {
        let all: Vec<u64> = texts
            .iter()
            .map(|t| match identity(hasher, t) {
                long if is_long(long) => LONG | 7,
                short => short,
            })
            .collect();
        parts(&all, split, BUCKET_BITS)
    }

    /// The managers and issues of `roster` (keys `keys`) whose manager cells are `cells`,
    /// checked to be the same when every long identity is made alike.
    fn resolved_alike(roster: &Roster, keys: &[&str], cells: &[&str]) -> (Vec<u32>, Vec<Issue>) {
        let hasher = hashbrown::DefaultHashBuilder::default();
        let cell = |i: usize| cells[i];
        let real = resolve(roster, cell, &hasher);
        let probed = Probed::new(&alike(&hasher, keys, 2), &alike(&hasher, cells, 2));
        assert_eq!(resolve_probed(roster, cell, &hasher, probed), real);
        real
    }

    /// Whether an identity is a long text's.
    fn is_long(identity: u64) -> bool {
        identity & LONG == LONG
    }

    /// `all` in two parts, split at `split`, bucketed by `bits` bits.
    fn parts(all: &[u64], split: usize, bits: u32) -> Vec<Buckets> {
        [&all[..split], &all[split..]]
            .iter()
            .map(|part| {
                let mut buckets = Buckets::with_bits(bits);
                part.iter().for_each(|&identity| buckets.push(identity));
                buckets
            })
            .collect()
    }

    #[test]
    fn long_keys_alike_are_told_apart_by_their_texts() {
        // Every long key and cell given one identity: every probe meets every person, and
        // only the texts tell them apart; the answer is the one real identities give.
        for (header, keys) in [
            (
                "id,name",
                [
                    "Employee-1",
                    "Employee-2",
                    "Employee-3",
                    "Employee-10",
                    "Employee-20",
                ],
            ),
            (
                "name",
                [
                    "Ana Alvarez",
                    "Bo Bergstrom",
                    "Cy Castillo",
                    "Di Dimitrov",
                    "Ed Eriksson",
                ],
            ),
        ] {
            let roster = roster(header, &keys);
            let cells = [
                "",
                "Employee-1",
                "Ana Alvarez",
                "Employee-3",
                "nobody at all",
            ];
            let found = found(&resolved_alike(&roster, &keys, &cells).0);
            match header {
                "id,name" => assert_eq!(found, [None, Some(0), None, Some(2), None]),
                _ => assert_eq!(found, [None, None, Some(0), None, None]),
            }
        }
    }

    #[test]
    fn short_keys_are_found_by_their_identity_and_long_ones_by_text() {
        // Short and long ids (over eight bytes, compared by text), every long identity alike
        // (so every long cell's first candidate is the first person, whose id is long), in
        // two parts: the managers are those real identities find. A short cell that is a
        // long id's first eight bytes finds nobody.
        let hasher = hashbrown::DefaultHashBuilder::default();
        let keys = [
            "Long-id-one",
            "Long-id-two",
            "E1",
            "E2",
            "E12345678",
            "E123456789",
            "E3",
        ];
        let roster = roster("id,name", &keys);
        let cells = [
            "",
            "E1",
            "Long-id-two",
            "E12345678",
            "E123456789",
            "Long-id-one",
            "E1234567",
        ];
        let truth = resolved_alike(&roster, &keys, &cells);
        let found = found(&truth.0);
        let issues = [
            Issue::Unknown {
                person: 6,
                text: "E1234567".into(),
            },
            Issue::Cycle {
                people: vec![PersonIdx(1), PersonIdx(2)],
            },
        ];
        assert_eq!(
            found,
            [None, Some(2), Some(1), Some(4), Some(5), Some(0), None]
        );
        assert_eq!(truth.1, issues);
        assert_eq!(
            identity(&hasher, "E1"),
            u64::from_le_bytes(*b"E1\0\0\0\0\0\0")
        );
        assert!(!is_long(identity(&hasher, "E1234567")));
        assert!(is_long(identity(&hasher, "E12345678")));
        assert!(
            !is_long(identity(&hasher, "ÿÿÿÿ")),
            "four two-byte letters are short"
        );
    }

    proptest::proptest! {
        #[test]
        fn each_cell_finds_the_first_person_with_its_identity(
            keys in proptest::collection::vec(0u64..40, 0..300),
            cells in proptest::collection::vec(0u64..50, 0..300),
            split in 0usize..300,
            bits in 0u32..5,
        ) {
            // Identities repeat among the keys (long keys may share one): each cell's first
            // candidate is the first person in roster order with its identity, whatever the
            // buckets and wherever the parts split.
            let n = keys.len().min(cells.len());
            let value = |v: u64| if v.is_multiple_of(3) { LONG | v } else { v << 8 | 1 };
            let keys: Vec<u64> = keys[..n].iter().map(|&v| value(v)).collect();
            let cells: Vec<u64> = cells[..n].iter().map(|&v| value(v)).collect();
            let split = split.min(n);
            let probed = Probed::new(&parts(&keys, split, bits), &parts(&cells, split, bits));
            for (i, &cell) in cells.iter().enumerate() {
                let truth = keys.iter().position(|&k| k == cell).map_or(0, |p| p as u32 + 1);
                proptest::prop_assert_eq!(probed.first[i].load(Ordering::Relaxed), truth);
            }
            let repeated = (0..n).any(|i| keys[..i].contains(&keys[i]));
            proptest::prop_assert_eq!(probed.repeated, repeated);
        }
    }

    #[test]
    fn cycles_are_found_once_each_from_their_first_person() {
        // 0 → 1 → 2 → 0; 3 → 0 (into the cycle); 4 top; 5 → 5; 6 → 7 → 6.
        let managers = lines(&[
            Some(1),
            Some(2),
            Some(0),
            Some(0),
            None,
            Some(5),
            Some(7),
            Some(6),
        ]);
        let found: Vec<Vec<u32>> = cycles(&managers).iter().map(|c| ids(c)).collect();
        assert_eq!(found, [vec![0, 1, 2], vec![5], vec![6, 7]]);
        // Entered from the middle, a cycle still starts at its first person.
        let managers = lines(&[None, Some(3), Some(1), Some(2), Some(2)]);
        let found: Vec<Vec<u32>> = cycles(&managers).iter().map(|c| ids(c)).collect();
        assert_eq!(found, [vec![1, 3, 2]]);
        assert!(cycles(&lines(&[None, Some(0), Some(1)])).is_empty());
    }
}
