//! Reporting lines: each person's manager cell resolved to a person of the roster, and the
//! lines checked for cycles.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU32, Ordering};

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

/// The work on reporting lines that needs only hashes and words: a table of every person's
/// key hash and word, and for each manager cell the first person of the table whose key hash
/// may be the cell's and whose key word is the cell's word (see [`word`]): for a cell of
/// eight bytes or fewer, that is its manager, or nobody's key is the cell. Done while the
/// parts of a file are still being joined (their texts are not all in one roster yet).
pub(crate) struct Probed {
    table: ByHash,
    /// The cells' hashes, in the parts of the file they were read in.
    cells: Vec<Vec<u64>>,
    /// Whether each cell is longer than eight bytes (its first candidate's key must then
    /// be compared as text).
    long: Vec<bool>,
    /// Each cell's first candidate, as index plus one (zero: none).
    first: Vec<AtomicU32>,
}

/// Lists of values in roster order, in the parts of the file they were read in.
pub(crate) type Parts = [Vec<u64>];

/// A text of at most eight bytes as one word, its bytes zero-padded (texts hold no NUL
/// byte, so the word tells the text); a longer text is [`LONG`].
pub(crate) fn word(text: &str) -> u64 {
    let bytes = text.as_bytes();
    if bytes.len() > 8 {
        return LONG;
    }
    let mut word = [0u8; 8];
    word[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// The word of a text longer than eight bytes (all bytes 0xFF, which no UTF-8 text of
/// eight bytes or fewer gives).
const LONG: u64 = u64::MAX;

impl Probed {
    /// `keys` and `cells`: each person's key (id, or name without ids) and manager cell,
    /// hashed alike, and `key_words`, `cell_words` their words, all in roster order, in the
    /// parts of the file they were read in (one part for the whole roster, say): the parts
    /// are never copied into one list.
    pub(crate) fn new(
        keys: &Parts,
        key_words: &Parts,
        cells: Vec<Vec<u64>>,
        cell_words: &Parts,
    ) -> Probed {
        let people = cells.iter().map(Vec::len).sum();
        let first: Vec<AtomicU32> = std::iter::repeat_with(AtomicU32::default)
            .take(people)
            .collect();
        // The cells of each shard are looked up as soon as its table is built, while it is
        // in the cache.
        let table = ByHash::new(keys, key_words, |k, table| {
            let words = cell_words.iter().flatten();
            for (i, (&hash, &cell_word)) in cells.iter().flatten().zip(words).enumerate() {
                if shard(hash) == k
                    && let Some(q) = ByHash::candidates_in(table, hash)
                        .find(|&(_, key_word)| key_word == cell_word)
                {
                    first[i].store(q.0.0 + 1, Ordering::Relaxed);
                }
            }
        });
        let long = cell_words.iter().flatten().map(|&w| w == LONG).collect();
        Probed {
            table,
            cells,
            long,
            first,
        }
    }
}

/// Each person's manager from their manager cell (`cell(i)`, trimmed; empty for a top
/// person): the person with that id when the roster has ids, else (or when no id matches)
/// the person with that name. Also every issue, in roster order, cycles last. Keys (ids, or
/// names without ids) and cells are hashed here, on every core (a file read in parts comes
/// with that work done: [`resolve_probed`]).
pub(crate) fn resolve<'a>(
    roster: &Roster,
    cell: impl Fn(usize) -> &'a str + Sync,
    hasher: &hashbrown::DefaultHashBuilder,
) -> (Vec<Option<PersonIdx>>, Vec<Issue>) {
    let people = || (0..roster.len()).into_par_iter();
    let key = |p: usize| key_of(roster, PersonIdx::from_usize(p));
    let ((keys, key_words), (cells, cell_words)) = rayon::join(
        || {
            people()
                .map(|p| (hasher.hash_one(key(p)), word(key(p))))
                .unzip()
        },
        || {
            people()
                .map(|i| (hasher.hash_one(cell(i)), word(cell(i))))
                .unzip()
        },
    );
    let probed = Probed::new(&[keys], &[key_words], vec![cells], &[cell_words]);
    resolve_probed(roster, cell, hasher, probed)
}

/// A person's key: their id when the roster has ids, else their name.
fn key_of(roster: &Roster, p: PersonIdx) -> &str {
    match roster.has_ids() {
        true => roster.id(p).unwrap_or_default(),
        false => roster.name(p),
    }
}

/// [`resolve`] from the work on hashes and words done ([`Probed`]): a cell of eight bytes or
/// fewer has its manager already; a longer one has its first candidate's key compared with
/// its text. Cells that match no key (a name where ids are expected, an unknown manager) are
/// then looked at one by one.
pub(crate) fn resolve_probed<'a>(
    roster: &Roster,
    cell: impl Fn(usize) -> &'a str + Sync,
    hasher: &hashbrown::DefaultHashBuilder,
    probed: Probed,
) -> (Vec<Option<PersonIdx>>, Vec<Issue>) {
    let by_id = roster.has_ids();
    let key = |p: PersonIdx| key_of(roster, p);
    let n = roster.len();
    let Probed {
        table,
        cells,
        long,
        first,
    } = probed;
    let hash_of = |i: usize| {
        let (mut part, mut at) = (0, i);
        while at >= cells[part].len() {
            at -= cells[part].len();
            part += 1;
        }
        cells[part][at]
    };
    // In batches: the keys of the long cells' candidates brought into the cache, then
    // compared, so that the memory reads of a batch overlap.
    const BATCH: usize = 64;
    let mut managers: Vec<Option<PersonIdx>> = vec![None; n];
    managers
        .par_chunks_mut(BATCH)
        .zip(first.par_chunks(BATCH).zip(long.par_chunks(BATCH)))
        .enumerate()
        .for_each(|(batch, (found, (first, long)))| {
            let candidate = |i: usize| {
                first[i]
                    .load(Ordering::Relaxed)
                    .checked_sub(1)
                    .map(PersonIdx)
            };
            let touched = (0..first.len())
                .filter(|&i| long[i])
                .filter_map(candidate)
                .fold(0, |t, q| t ^ key(q).as_bytes().last().map_or(0, |&b| b));
            std::hint::black_box(touched);
            for (i, found) in found.iter_mut().enumerate() {
                let at = batch * BATCH + i;
                *found = match candidate(i) {
                    found if !long[i] => found,
                    Some(q) if key(q) == cell(at) => Some(q),
                    _ => {
                        let text = cell(at);
                        table.find(hash_of(at), |q| key(q) == text)
                    }
                };
            }
        });
    drop((cells, first, long));
    // With ids, a manager cell may still hold a name: looked up by name, built when needed.
    let mut names: Option<HashTable<u32>> = None;
    let mut issues = Vec::new();
    for (p, manager) in managers.iter_mut().enumerate() {
        let text = cell(p);
        if manager.is_some() || text.is_empty() {
            continue;
        }
        let normal = normalize_name(text);
        if !by_id
            && let Some(m) = table.find(hasher.hash_one(normal.as_ref()), |q| key(q) == normal)
        {
            *manager = Some(m);
            continue;
        }
        let named = match by_id {
            true => {
                let names = names.get_or_insert_with(|| name_table(roster, hasher));
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
            [m] => *manager = Some(*m),
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

/// People by the hash of their key: open addressing with linear probing, at most half full,
/// in [`SHARDS`] tables by the hash's top bits, built side by side. A slot is the hash's
/// upper half (to pass over most other keys without reading them) with the person's index
/// plus one (zero: empty), and the key's word (see [`word`]), so that a short key is
/// compared in the slot.
struct ByHash {
    shards: Vec<Vec<Slot>>,
}

/// A slot of [`ByHash`]: the hash's upper half and the index plus one, and the key's word.
type Slot = (u64, u64);

/// Tables of [`ByHash`], built side by side.
const SHARDS: usize = 4;

impl ByHash {
    /// The table of every person's key hash and word, in roster order (so that of equal
    /// hashes, the first person comes first along a probe); the hashes and words come in
    /// parts, one after another. `then(shard, table)` is called with each shard's table once
    /// it is built, on the core that built it.
    fn new(hashes: &Parts, words: &Parts, then: impl Fn(usize, &[Slot]) + Sync) -> ByHash {
        let mut counts = [0usize; SHARDS];
        for &hash in hashes.iter().flatten() {
            counts[shard(hash)] += 1;
        }
        let shards = counts
            .into_par_iter()
            .enumerate()
            .map(|(k, count)| {
                let size = (count * 2).next_power_of_two().max(8);
                let mut slots = written(size, (0u64, 0u64));
                let mask = size - 1;
                let keys = hashes.iter().flatten().zip(words.iter().flatten());
                for (p, (&hash, &word)) in keys.enumerate() {
                    if shard(hash) != k {
                        continue;
                    }
                    let mut at = hash as usize & mask;
                    while slots[at].0 != 0 {
                        at = (at + 1) & mask;
                    }
                    slots[at] = ((hash >> 32) << 32 | (p as u64 + 1), word);
                }
                then(k, &slots);
                slots
            })
            .collect();
        ByHash { shards }
    }

    /// The people whose key hash may be `hash` (the upper half matches), along the probe.
    fn candidates(&self, hash: u64) -> impl Iterator<Item = PersonIdx> + '_ {
        ByHash::candidates_in(&self.shards[shard(hash)], hash).map(|(p, _)| p)
    }

    /// The people whose key hash may be `hash`, with their key's word, along the probe in
    /// the table of `hash`'s shard.
    fn candidates_in(table: &[Slot], hash: u64) -> impl Iterator<Item = (PersonIdx, u64)> + '_ {
        let mask = table.len() - 1;
        let start = hash as usize & mask;
        (0..table.len())
            .map(move |i| table[(start + i) & mask])
            .take_while(|&(tag, _)| tag != 0)
            .filter(move |&(tag, _)| tag >> 32 == hash >> 32)
            .map(|(tag, word)| (PersonIdx(tag as u32 - 1), word))
    }

    /// The first person whose key hash may be `hash` and who passes `same` (the key
    /// compared).
    fn find(&self, hash: u64, same: impl Fn(PersonIdx) -> bool) -> Option<PersonIdx> {
        self.candidates(hash).find(|&q| same(q))
    }
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

/// The shard of [`ByHash`] a hash is kept in: its top bits (the low bits place it within
/// the shard).
fn shard(hash: u64) -> usize {
    (hash >> (64 - SHARDS.trailing_zeros())) as usize
}

/// Every person by name (names may repeat: each person is in the table).
fn name_table(roster: &Roster, hasher: &hashbrown::DefaultHashBuilder) -> HashTable<u32> {
    let mut table = HashTable::with_capacity(roster.len());
    for p in roster.people() {
        table.insert_unique(hasher.hash_one(roster.name(p)), p.0, |&q| {
            hasher.hash_one(roster.name(PersonIdx(q)))
        });
    }
    table
}

/// The cycles of the manager relation, each in the order of its lines starting at its first
/// person on the roster, the cycles in the order of those people. Linear: each person is
/// walked once.
pub(crate) fn cycles(managers: &[Option<PersonIdx>]) -> Vec<Vec<PersonIdx>> {
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
            next = managers[p].map(PersonIdx::index);
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

    fn lines(managers: &[Option<u32>]) -> Vec<Option<PersonIdx>> {
        managers.iter().map(|m| m.map(PersonIdx)).collect()
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

    #[test]
    fn every_hash_alike_still_finds_each_manager_by_its_text() {
        // Keys and cells all hashed to one value: every probe meets every person, and only
        // the texts tell them apart; the answer is the one real hashes give.
        let hasher = hashbrown::DefaultHashBuilder::default();
        for (header, keys) in [
            ("id,name", ["E1", "E2", "E3", "E10", "E20"]),
            ("name", ["Ana", "Bo", "Cy", "Di", "Ed"]),
        ] {
            let roster = roster(header, &keys);
            let cells = ["", "E1", "Ana", "E3", "nobody"];
            let cell = |i: usize| cells[i];
            let real = resolve(&roster, cell, &hasher);
            let alike = vec![vec![7; keys.len()]];
            let words = |texts: &[&str]| vec![texts.iter().map(|t| word(t)).collect()];
            let probed = Probed::new(&alike, &words(&keys), alike.clone(), &words(&cells));
            let alike = resolve_probed(&roster, cell, &hasher, probed);
            assert_eq!(real, alike, "{header}");
            let found: Vec<Option<u32>> = real.0.iter().map(|m| m.map(|p| p.0)).collect();
            match header {
                "id,name" => assert_eq!(found, [None, Some(0), None, Some(2), None]),
                _ => assert_eq!(found, [None, None, Some(0), None, None]),
            }
        }
    }

    #[test]
    fn words_find_the_managers_the_texts_find() {
        // Short and long ids (over eight bytes, compared by text), every hash alike (so every
        // cell's first candidate is the first person, whose id is long), the words in two
        // parts: the managers are those found by the texts alone.
        let hasher = hashbrown::DefaultHashBuilder::default();
        let keys = [
            "Long-id-one",
            "Long-id-two",
            "E1",
            "E2",
            "E12345678",
            "E123456789",
        ];
        let roster = roster("id,name", &keys);
        let cells = [
            "",
            "E1",
            "Long-id-two",
            "E12345678",
            "E123456789",
            "Long-id-one",
        ];
        let cell = |i: usize| cells[i];
        let truth = resolve(&roster, cell, &hasher);
        let words = |texts: &[&str]| {
            let all: Vec<u64> = texts.iter().map(|t| word(t)).collect();
            vec![all[..2].to_vec(), all[2..].to_vec()]
        };
        let alike = vec![vec![7u64; 2], vec![7u64; 4]];
        let probed = Probed::new(&alike, &words(&keys), alike.clone(), &words(&cells));
        assert_eq!(resolve_probed(&roster, cell, &hasher, probed), truth);
        let found: Vec<Option<u32>> = truth.0.iter().map(|m| m.map(|p| p.0)).collect();
        assert_eq!(found, [None, Some(2), Some(1), Some(4), Some(5), Some(0)]);
        assert_eq!(word("E1"), u64::from_le_bytes(*b"E1\0\0\0\0\0\0"));
        assert_eq!(word("123456789"), LONG);
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
