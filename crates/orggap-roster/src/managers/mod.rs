//! Reporting lines: each person's manager cell resolved to a person of the roster, and the
//! lines checked for cycles.

use std::borrow::Cow;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use orggap_model::{PersonIdx, Roster};
use rayon::prelude::*;

use crate::cell::normalize_name;

mod probe;

use probe::SHORT;
pub(crate) use probe::{Buckets, Probed, identity, mixed};

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

/// No manager: the person is at the top.
pub(crate) const TOP: u32 = u32::MAX;

/// Each person's manager cell that is longer than eight bytes, kept as text: a shorter one
/// is its identity (see [`identity`]), so that the cells of an export whose ids are short
/// keep nothing at all.
#[derive(Debug, Default)]
pub(crate) struct LongCells {
    /// The long cells one after another.
    text: String,
    /// Where each person's cell ends in `text` (a short one where the one before did), up to
    /// the last long cell at least: the people past its end have short cells.
    ends: Vec<u32>,
    people: usize,
}

impl LongCells {
    /// Adds the next person's cell (trimmed; empty for a top person).
    pub(crate) fn push(&mut self, cell: &str) {
        if cell.len() > SHORT {
            self.ends.resize(self.people, self.end());
            self.text.push_str(cell);
            self.ends.push(self.end());
        }
        self.people += 1;
    }

    fn end(&self) -> u32 {
        u32::try_from(self.text.len()).expect("manager cells fit in 4 GiB")
    }

    /// Appends the cells of the people after these.
    pub(crate) fn append(&mut self, other: &LongCells) {
        if !other.ends.is_empty() {
            let shift = self.end();
            self.ends.resize(self.people, shift);
            self.text.push_str(&other.text);
            self.ends.extend(other.ends.iter().map(|&end| end + shift));
        }
        self.people += other.people;
    }

    /// How many people, from the first, may have long cells: those after have short ones.
    fn covered(&self) -> usize {
        self.ends.len()
    }

    /// Person `i`'s cell, when it is long.
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        (end > start).then(|| &self.text[start..end])
    }

    /// Person `i`'s cell, whose identity is `identity`.
    fn text(&self, i: usize, identity: u64) -> Cow<'_, str> {
        match self.get(i) {
            Some(text) => Cow::Borrowed(text),
            None => {
                let bytes = identity.to_le_bytes();
                let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                Cow::Owned(String::from_utf8_lossy(&bytes[..len]).into_owned())
            }
        }
    }
}

/// Each person's manager from their manager cell (trimmed; empty for a top person), given as
/// the identities of the cells (see [`Buckets::push`], in roster order) and the long cells'
/// texts: the person with that id when the roster has ids, else (or when no id matches) the
/// person with that name. Also every issue, in roster order, cycles last. The keys' (ids, or
/// names without ids) identities are taken here, on every core (a file read in parts comes
/// with that work done: [`resolve_probed`]).
pub(crate) fn resolve(
    roster: &Roster,
    cells: Buckets,
    long: &LongCells,
    hasher: &hashbrown::DefaultHashBuilder,
) -> (Vec<u32>, Vec<Issue>) {
    let keys = Buckets::of(roster.len(), |p| {
        identity(hasher, key_of(roster, PersonIdx::from_usize(p)))
    });
    let probed = Probed::new(keys, vec![cells]);
    resolve_probed(roster, long, hasher, probed)
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
pub(crate) fn resolve_probed(
    roster: &Roster,
    long: &LongCells,
    hasher: &hashbrown::DefaultHashBuilder,
    probed: Probed,
) -> (Vec<u32>, Vec<Issue>) {
    let by_id = roster.has_ids();
    let key = |p: PersonIdx| key_of(roster, p);
    let Probed { first, missed, .. } = probed;
    // Each cell's first candidate (TOP: none), in the list the candidates were in.
    let mut managers: Vec<u32> = first
        .into_iter()
        .map(|first| first.into_inner().wrapping_sub(1))
        .collect();
    // In batches: the keys of the long cells' candidates brought into the cache, then
    // compared, so that the memory reads of a batch overlap. A long cell whose candidate's
    // key is another text (of the same identity) is collided: looked at again below.
    // Only people up to the last long cell can have one: none at all when every cell is
    // short.
    const BATCH: usize = 64;
    let collided: Vec<usize> = managers[..long.covered()]
        .par_chunks_mut(BATCH)
        .enumerate()
        .flat_map_iter(|(batch, found)| {
            let at = batch * BATCH;
            let compared = |found: &[u32], i: usize| long.get(at + i).filter(|_| found[i] != TOP);
            let touched = (0..found.len())
                .filter(|&i| compared(found, i).is_some())
                .map(|i| key(PersonIdx(found[i])).as_bytes().last().map_or(0, |&b| b))
                .fold(0, |t, b| t ^ b);
            std::hint::black_box(touched);
            let mut collided = Vec::new();
            for i in 0..found.len() {
                if let Some(text) = compared(found, i)
                    && key(PersonIdx(found[i])) != text
                {
                    found[i] = TOP;
                    collided.push(at + i);
                }
            }
            collided
        })
        .collect();
    // The cells left without a manager, in roster order: whether each was collided.
    let mut unmatched: Vec<(usize, Cow<'_, str>, bool)> = collided
        .iter()
        .map(|&p| (p, long.text(p, 0), true))
        .chain(
            missed
                .iter()
                .map(|&(p, identity)| (p as usize, long.text(p as usize, identity), false)),
        )
        .collect();
    unmatched.sort_unstable_by_key(|&(p, ..)| p);
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
    for (p, text, collided) in unmatched {
        let manager = &mut managers[p];
        if collided && let Some(m) = by_key(&text) {
            *manager = m.0;
            continue;
        }
        let normal = normalize_name(&text);
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
                text: text.into_owned(),
            }),
            _ => {
                let mut people = named;
                people.sort_unstable();
                issues.push(Issue::Shared {
                    person: p,
                    text: text.into_owned(),
                    people,
                });
            }
        }
    }
    find_otherwise(roster, &mut managers, &mut issues);
    issues.extend(
        cycles(&managers)
            .into_iter()
            .map(|people| Issue::Cycle { people }),
    );
    (managers, issues)
}

/// How many unknown manager cells are looked for as HR also writes names.
const OTHERWISE: usize = 1000;

/// Looks for the first [`OTHERWISE`] managers nobody is as HR also writes names ("Last,
/// First", a legal name where the roster uses a preferred one, another case), all in one
/// pass over the roster ([`Roster::lookup_many`]); those found are no longer unknown.
fn find_otherwise(roster: &Roster, managers: &mut [u32], issues: &mut Vec<Issue>) {
    let unknown: Vec<(usize, usize, &str)> = issues
        .iter()
        .enumerate()
        .filter_map(|(k, issue)| match issue {
            Issue::Unknown { person, text } => Some((k, *person, text.as_str())),
            _ => None,
        })
        .take(OTHERWISE)
        .collect();
    if unknown.is_empty() {
        return;
    }
    let texts: Vec<&str> = unknown.iter().map(|&(_, _, text)| text).collect();
    let mut found = vec![false; issues.len()];
    for (&(k, person, _), lookup) in unknown.iter().zip(roster.lookup_many(&texts)) {
        if let orggap_model::Lookup::Found(m) = lookup {
            managers[person] = m.0;
            found[k] = true;
        }
    }
    let mut k = 0;
    issues.retain(|_| {
        k += 1;
        !found[k - 1]
    });
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
        // Mostly someone whose manager was walked before (or who has none): done at once.
        let manager = managers[start];
        if state[start] == NEW && (manager == TOP || state[manager as usize] == DONE) {
            state[start] = DONE;
            continue;
        }
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
    use std::sync::atomic::Ordering;

    use super::probe::{BUCKET_BITS, LONG, RUN};
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
        let (identities, long) = kept(&hasher, cells);
        let real = resolve(roster, identities, &long, &hasher);
        let probed = Probed::new(alike(&hasher, keys, 2), alike(&hasher, cells, 2));
        assert_eq!(resolve_probed(roster, &long, &hasher, probed), real);
        real
    }

    /// `cells` as a builder keeps them: their identities and the long ones' texts.
    fn kept(hasher: &hashbrown::DefaultHashBuilder, cells: &[&str]) -> (Buckets, LongCells) {
        let mut identities = Buckets::default();
        let mut long = LongCells::default();
        for cell in cells {
            identities.push(identity(hasher, cell));
            long.push(cell);
        }
        (identities, long)
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

    #[test]
    fn unknown_managers_are_named_as_written_short_or_long() {
        // A short cell keeps no text: it is told from its identity, whatever its letters.
        let hasher = hashbrown::DefaultHashBuilder::default();
        let roster = roster("id,name", &["E1", "E2", "E3"]);
        for text in ["É", "Zoë", "E1234567", "ÿÿÿÿ", "E12345678", "Someone Else"] {
            let cells = ["", text, "E1"];
            let (identities, long) = kept(&hasher, &cells);
            let (managers, issues) = resolve(&roster, identities, &long, &hasher);
            assert_eq!(found(&managers), [None, None, Some(0)]);
            let unknown = Issue::Unknown {
                person: 1,
                text: text.into(),
            };
            assert_eq!(issues, [unknown], "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn long_cells_give_back_every_cell_however_they_are_joined(
            kinds in proptest::collection::vec(0usize..4, 0..60),
            split in 0usize..60,
            third in 0usize..60,
        ) {
            // Empty, short and long cells (none long at all, say), kept in one go or in
            // three parts appended: each cell is given back as written.
            let words = ["", "E7", "Zoë Ünal", "Someone Longer"];
            let cells: Vec<String> = kinds
                .iter()
                .enumerate()
                .map(|(i, &k)| if k == 0 { String::new() } else { format!("{}{i}", words[k]) })
                .collect();
            let hasher = hashbrown::DefaultHashBuilder::default();
            let kept = |cells: &[String]| {
                let mut long = LongCells::default();
                cells.iter().for_each(|cell| long.push(cell));
                long
            };
            let (split, third) = (split.min(cells.len()), third.min(cells.len()));
            let (a, b) = (split.min(third), split.max(third));
            let mut joined = kept(&cells[..a]);
            joined.append(&kept(&cells[a..b]));
            joined.append(&kept(&cells[b..]));
            for long in [kept(&cells), joined] {
                for (i, cell) in cells.iter().enumerate() {
                    let text = long.text(i, identity(&hasher, cell));
                    proptest::prop_assert_eq!(text.as_ref(), cell.as_str());
                    proptest::prop_assert_eq!(long.get(i).is_some(), cell.len() > SHORT);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn each_cell_finds_the_first_person_with_its_identity(
            keys in proptest::collection::vec(0u64..40, 0..300),
            cells in proptest::collection::vec(0u64..50, 0..300),
            split in 0usize..300,
            bits in 0u32..8,
        ) {
            // Identities repeat among the keys (long keys may share one): each cell's first
            // candidate is the first person in roster order with its identity, whatever the
            // buckets and wherever the parts split.
            // Cells may be empty (identity zero), keys never are; the cells that are not
            // empty and meet no key are the missed ones.
            let n = keys.len().min(cells.len());
            let value = |v: u64| match v {
                0 => 0,
                v if v.is_multiple_of(3) => LONG | v,
                v => v << 8 | 1,
            };
            let keys: Vec<u64> = keys[..n].iter().map(|&v| value(v + 1)).collect();
            let cells: Vec<u64> = cells[..n].iter().map(|&v| value(v)).collect();
            let split = split.min(n);
            let probed = Probed::new(parts(&keys, split, bits), parts(&cells, split, bits));
            let mut missed = Vec::new();
            for (i, &cell) in cells.iter().enumerate() {
                let truth = keys.iter().position(|&k| k == cell).map_or(0, |p| p as u32 + 1);
                proptest::prop_assert_eq!(probed.first[i].load(Ordering::Relaxed), truth);
                if cell != 0 && truth == 0 {
                    missed.push((i as u32, cell));
                }
            }
            proptest::prop_assert_eq!(&probed.missed, &missed);
            let repeated = (0..n).any(|i| keys[..i].contains(&keys[i]));
            proptest::prop_assert_eq!(probed.repeated, repeated);
        }
    }

    #[test]
    fn cells_find_their_keys_across_runs_of_pushes() {
        // Parts longer than a run (where a push is within its run is what an entry keeps):
        // every cell finds the person its key is, wherever the parts split, with empty
        // cells and keys nobody has among them.
        let count = 2 * RUN + 1000;
        let short = |v: usize| (v as u64) << 8 | 1;
        let keys: Vec<u64> = (0..count).map(|p| short(p * 7 + 3)).collect();
        let cell = |i: usize| match i % 5 {
            0 => 0,
            1 => short(count * 7 + i),
            _ => keys[(i * 7919) % count],
        };
        let cells: Vec<u64> = (0..count).map(cell).collect();
        let person: std::collections::HashMap<u64, u32> = keys
            .iter()
            .enumerate()
            .map(|(p, &k)| (k, p as u32))
            .collect();
        for split in [0, RUN - 1, RUN + 1, count - 10] {
            let probed = Probed::new(
                parts(&keys, split, BUCKET_BITS),
                parts(&cells, split, BUCKET_BITS),
            );
            for (i, &c) in cells.iter().enumerate() {
                let truth = person.get(&c).map_or(0, |p| p + 1);
                assert_eq!(probed.first[i].load(Ordering::Relaxed), truth, "cell {i}");
            }
            let missed = (0..count).filter(|i| i % 5 == 1).count();
            assert_eq!(probed.missed.len(), missed);
            assert!(!probed.repeated);
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
