//! Names and ids: which names are shared, the index of everyone by name and id, and the one
//! rule for finding a person (id, NFC name, ignoring case, "Last, First", legal name).

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashMap;
use rayon::prelude::*;

use super::{Roster, RosterBuilder};
use crate::PersonIdx;

/// Every person of a roster in hash tables by exact name and by id (person indices,
/// compared through the roster), so that naming a few people costs nothing on a roster of
/// millions. Built on demand ([`Roster::index_people`]): a one-off command scans instead.
#[derive(Clone, Default)]
pub(super) struct PeopleIndex(Arc<std::sync::OnceLock<IndexTables>>);

pub(super) struct IndexTables {
    hasher: hashbrown::DefaultHashBuilder,
    names: hashbrown::HashTable<u32>,
    ids: hashbrown::HashTable<u32>,
}

impl std::fmt::Debug for PeopleIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "PeopleIndex(built)"
        } else {
            "PeopleIndex"
        })
    }
}

/// An index says nothing about who is on the roster: rosters compare without it.
impl PartialEq for PeopleIndex {
    fn eq(&self, _: &PeopleIndex) -> bool {
        true
    }
}

impl Eq for PeopleIndex {}

/// Which people of a roster share their name with someone else, in roster order: found by
/// [`Roster::shared_names`], kept by [`RosterBuilder::finish`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedNames(pub(super) Vec<PersonIdx>);

/// The people who may share a name, found from name hashes alone (before the names are
/// at hand, say): each as the upper half of their name's hash and their index, in that
/// order. Equal halves of different names are possible; [`Roster::shared_names_of`]
/// compares the names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameCandidates(pub(super) Vec<(u64, u32)>);

impl NameCandidates {
    /// The candidates among people the upper halves of whose name hashes (one hasher, in
    /// roster order; see [`NameCandidates::half`]) are `halves`, given in parts one after
    /// another (the parts of a file read side by side, or one part). A first pass keeps
    /// only the people whose half's top bits someone else's share too (a bit for every
    /// sixteen or more people's worth of values, so that most people whose name nobody
    /// else has go before any sorting); those are sorted on every core, so that equal
    /// halves meet.
    pub fn new<L: AsRef<[u32]>>(halves: &[L]) -> NameCandidates {
        let all = || halves.iter().flat_map(|part| part.as_ref());
        let count = halves.iter().map(|part| part.as_ref().len()).sum();
        let twice = TopBits::met_twice(all().copied(), count);
        // Without a branch on each person (a sixth or so are kept, in no order a branch
        // predictor could learn): every person is written, and the next one written over
        // them unless they are kept, a block at a time.
        const BLOCK: usize = 1 << 12;
        let mut kept: Vec<u64> = Vec::new();
        let mut block = [0u64; BLOCK];
        let mut people = all().enumerate().peekable();
        while people.peek().is_some() {
            let mut len = 0;
            for (p, &half) in people.by_ref().take(BLOCK) {
                block[len] = u64::from(half) << 32 | p as u64;
                len += usize::from(twice.has(half));
            }
            kept.extend_from_slice(&block[..len]);
        }
        drop(twice);
        kept.par_sort_unstable();
        NameCandidates(
            kept.chunk_by(|a, b| a >> 32 == b >> 32)
                .filter(|run| run.len() > 1)
                .flatten()
                .map(|&e| (e >> 32, e as u32))
                .collect(),
        )
    }

    /// The upper half of a name's hash, all [`NameCandidates::new`] needs of it.
    pub fn half(hash: u64) -> u32 {
        (hash >> 32) as u32
    }
}

/// Which values of the top bits of hashes' upper halves were met more than once (see
/// [`NameCandidates::new`]).
struct TopBits {
    bits: u32,
    /// For each 64 values, which were met (once or more) and which twice or more, side by
    /// side so that one memory read finds both.
    words: Vec<[u64; 2]>,
}

impl TopBits {
    /// The top-bit values met twice or more among `halves` (`count` of them), with about
    /// sixteen values for each.
    pub(super) fn met_twice(halves: impl Iterator<Item = u32>, count: usize) -> TopBits {
        let bits = (count.max(1) * 16)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(6, 32);
        // Written out, not allocated zeroed: each word is read before it is written.
        let mut words = Vec::with_capacity(1 << (bits - 6));
        words.resize(1 << (bits - 6), [0u64; 2]);
        for half in halves {
            let value = (half >> (32 - bits)) as usize;
            let bit = 1u64 << (value % 64);
            let [seen, twice] = &mut words[value / 64];
            *twice |= *seen & bit;
            *seen |= bit;
        }
        TopBits { bits, words }
    }

    /// Whether `half`'s top bits were met twice.
    pub(super) fn has(&self, half: u32) -> bool {
        let value = (half >> (32 - self.bits)) as usize;
        self.words[value / 64][1] >> (value % 64) & 1 == 1
    }
}

/// Who a text names among a roster's people (see [`Roster::lookup`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Exactly this person.
    Found(PersonIdx),
    /// Nobody.
    Missing,
    /// Several people share this name; they are told apart by id.
    Shared(Vec<PersonIdx>),
}

impl Roster {
    /// Whether someone else on the roster has this person's name.
    pub fn name_is_shared(&self, p: PersonIdx) -> bool {
        let p = p.index();
        self.shared
            .get(p / 64)
            .is_some_and(|word| word >> (p % 64) & 1 == 1)
    }

    /// How outputs name the person: the name, or `Name (id)` where the name is shared.
    pub fn label(&self, p: PersonIdx) -> Cow<'_, str> {
        match self.id(p) {
            Some(id) if self.name_is_shared(p) => {
                let name = self.name(p);
                let mut label = String::with_capacity(name.len() + id.len() + 3);
                label.extend([name, " (", id, ")"]);
                Cow::Owned(label)
            }
            _ => Cow::Borrowed(self.name(p)),
        }
    }

    /// Finds which people share a name (a roster with ids may repeat names): done once,
    /// after the last person is added, for [`Roster::label`]. Names are hashed on every
    /// core ([`NameCandidates`]); only names whose hashes meet are compared.
    pub fn find_shared_names(&mut self) {
        self.set_shared_names(self.shared_names());
    }

    /// The people who share a name with someone else, as [`Roster::find_shared_names`]
    /// finds them, without changing the roster (so that other work can go on beside it);
    /// [`RosterBuilder::finish`] keeps the answer.
    pub fn shared_names(&self) -> SharedNames {
        if !self.has_ids() {
            return SharedNames(Vec::new());
        }
        let hasher = hashbrown::DefaultHashBuilder::default();
        let halves: Vec<u32> = (0..self.len() as u32)
            .into_par_iter()
            .map(|p| NameCandidates::half(hasher.hash_one(self.name(PersonIdx(p)))))
            .collect();
        self.shared_names_of(NameCandidates::new(&[halves]))
    }

    /// [`Roster::shared_names`] from the people whose name hashes meet (see
    /// [`NameCandidates`]), their names compared.
    pub fn shared_names_of(&self, candidates: NameCandidates) -> SharedNames {
        let NameCandidates(candidates) = candidates;
        if !self.has_ids() || candidates.iter().any(|&(_, p)| p as usize >= self.len()) {
            return self.shared_names();
        }
        // The candidates come sorted, so equal halves are side by side.
        let runs: Vec<&[(u64, u32)]> = candidates.chunk_by(|a, b| a.0 == b.0).collect();
        let mut shared: Vec<PersonIdx> = runs
            .into_par_iter()
            .flat_map_iter(|run| {
                // Equal halves of different names are possible: compare the names, each
                // against the others of its run (sorted by name, equal names side by side).
                let mut names: Vec<(&str, u32)> = run
                    .iter()
                    .map(|&(_, p)| (self.name(PersonIdx(p)), p))
                    .collect();
                // Mostly one name the whole run: then nothing need be sorted.
                if names.iter().all(|&(name, _)| name == names[0].0) {
                    return names.iter().map(|&(_, p)| PersonIdx(p)).collect();
                }
                names.sort_unstable();
                names
                    .chunk_by(|a, b| a.0 == b.0)
                    .filter(|same| same.len() > 1)
                    .flatten()
                    .map(|&(_, p)| PersonIdx(p))
                    .collect::<Vec<_>>()
            })
            .collect();
        shared.sort_unstable();
        SharedNames(shared)
    }

    /// Keeps what [`Roster::shared_names`] found, for [`Roster::label`].
    pub(super) fn set_shared_names(&mut self, shared: SharedNames) {
        let words = shared.0.last().map_or(0, |last| last.index() / 64 + 1);
        let mut bits = vec![0u64; words];
        for p in shared.0 {
            bits[p.index() / 64] |= 1 << (p.index() % 64);
        }
        self.shared = Arc::new(bits);
    }

    /// Who `text` names: the person with this id, else the one person with this exact name,
    /// else the one whose name matches ignoring case. A name several people share (or
    /// several match ignoring case) is [`Lookup::Shared`], with those people in roster order.
    pub fn lookup(&self, text: &str) -> Lookup {
        self.lookup_many(&[text]).pop().unwrap_or(Lookup::Missing)
    }

    /// How a scenario names `p` so that the name finds nobody else: the id where the person
    /// has one, else the name.
    pub fn reference(&self, p: PersonIdx) -> &str {
        match self.id(p).filter(|id| !id.is_empty()) {
            Some(id) => id,
            None => self.name(p),
        }
    }

    /// `p`'s legal name, where the roster names them by a preferred one.
    pub fn legal_name(&self, p: PersonIdx) -> Option<&str> {
        let i = self.legal.people.binary_search(&p).ok()?;
        Some(self.legal.get(i))
    }

    /// The person with exactly this name.
    pub fn find_person(&self, name: &str) -> Option<PersonIdx> {
        self.people().find(|&p| self.name(p) == name)
    }

    /// Drops the index of people (see [`Roster::index_people`]) before people are added: a
    /// fresh one unless this roster alone holds one still unbuilt (checked without a
    /// locked instruction, so that adding a million people costs no million of them).
    pub(super) fn forget_index(&mut self) {
        if self.index.0.get().is_some() || Arc::strong_count(&self.index.0) > 1 {
            self.index = PeopleIndex::default();
        }
    }

    /// Who each of `texts` names, as [`Roster::lookup`] would say, in one pass over the
    /// roster on every core (then one more, ignoring case, for texts not found exactly):
    /// what naming a few people in a scenario costs on a roster of millions.
    pub fn lookup_many(&self, texts: &[&str]) -> Vec<Lookup> {
        self.lookup_many_and_names(texts, &[]).0
    }

    /// [`Roster::lookup_many`] of `texts`, and the people with exactly each of `names`
    /// (several where names repeat, in roster order), from the same pass over the roster.
    pub fn lookup_many_and_names(
        &self,
        texts: &[&str],
        names: &[&str],
    ) -> (Vec<Lookup>, Vec<Vec<PersonIdx>>) {
        // As names are kept: trimmed, in Unicode NFC.
        let texts: Vec<Cow<'_, str>> = texts.iter().map(|t| crate::normalize_name(t)).collect();
        let texts: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
        let texts = texts.as_slice();
        let all: Vec<&str> = texts.iter().chain(names).copied().collect();
        let (by_id, mut by_name) = match self.index.0.get() {
            Some(index) => (
                index.find(&index.ids, texts, |p| self.id(p).unwrap_or_default()),
                index.find(&index.names, &all, |p| self.name(p)),
            ),
            None => (
                match self.has_ids() {
                    true => self.matching(texts, |p| self.id(p).unwrap_or_default(), false),
                    false => vec![Vec::new(); texts.len()],
                },
                self.matching(&all, |p| self.name(p), false),
            ),
        };
        let named = by_name.split_off(texts.len());
        let mut found: Vec<Vec<PersonIdx>> = (0..texts.len())
            .map(|i| match by_id[i].first() {
                Some(&p) => vec![p],
                None => std::mem::take(&mut by_name[i]),
            })
            .collect();
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| found[i].is_empty()).collect();
        if !missing.is_empty() {
            let texts: Vec<&str> = missing.iter().map(|&i| texts[i]).collect();
            let folded = self.matching(&texts, |p| self.name(p), true);
            for (i, people) in missing.into_iter().zip(folded) {
                found[i] = people;
            }
        }
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| found[i].is_empty()).collect();
        if !missing.is_empty() {
            self.find_otherwise(texts, &missing, &mut found);
        }
        let found = found
            .into_iter()
            .map(|people| match people.as_slice() {
                [] => Lookup::Missing,
                [p] => Lookup::Found(*p),
                _ => Lookup::Shared(people),
            })
            .collect();
        (found, named)
    }

    /// Finds the `missing` of `texts` as HR writes names otherwise: "Last, First", or a
    /// legal name where the roster uses a preferred one (each ignoring case).
    pub(super) fn find_otherwise(
        &self,
        texts: &[&str],
        missing: &[usize],
        found: &mut [Vec<PersonIdx>],
    ) {
        let swapped: Vec<String> = missing
            .iter()
            .map(|&i| last_first(texts[i]).unwrap_or_default())
            .collect();
        let refs: Vec<&str> = swapped.iter().map(String::as_str).collect();
        let by_name = self.matching(&refs, |p| self.name(p), true);
        let mut legal: HashMap<String, Vec<PersonIdx>> = HashMap::new();
        for (i, &p) in self.legal.people.iter().enumerate() {
            legal
                .entry(self.legal.get(i).to_lowercase())
                .or_default()
                .push(p);
        }
        for ((&i, people), swapped) in missing.iter().zip(by_name).zip(&swapped) {
            if !swapped.is_empty() {
                found[i] = people;
            }
            if found[i].is_empty() && !legal.is_empty() {
                let by_legal = |text: &str| legal.get(&text.to_lowercase()).cloned();
                found[i] = by_legal(texts[i])
                    .or_else(|| by_legal(swapped).filter(|_| !swapped.is_empty()))
                    .unwrap_or_default();
            }
        }
    }

    /// Builds the index of everyone by exact name and id (once; copies of this roster share
    /// it), so that [`Roster::lookup_many`] no longer scans the roster for exact matches: for
    /// a long-lived roster that many scenarios name people of (the workspace).
    pub fn index_people(&self) {
        self.index.0.get_or_init(|| {
            fn table<'r>(
                people: usize,
                hasher: &hashbrown::DefaultHashBuilder,
                key: &(dyn Fn(u32) -> &'r str + Sync),
            ) -> hashbrown::HashTable<u32> {
                let hashes: Vec<u64> = (0..people as u32)
                    .into_par_iter()
                    .map(|p| hasher.hash_one(key(p)))
                    .collect();
                let mut table = hashbrown::HashTable::with_capacity(people);
                for (p, &hash) in hashes.iter().enumerate() {
                    table.insert_unique(hash, p as u32, |&q| hashes[q as usize]);
                }
                table
            }
            let hasher = hashbrown::DefaultHashBuilder::default();
            let names = table(self.len(), &hasher, &|p| self.name(PersonIdx(p)));
            let ids = match self.has_ids() {
                true => table(self.len(), &hasher, &|p| {
                    self.id(PersonIdx(p)).unwrap_or_default()
                }),
                false => hashbrown::HashTable::new(),
            };
            IndexTables { hasher, names, ids }
        });
    }

    /// For each of `texts`, the people (in roster order) whose `key` equals it, ignoring
    /// case when `fold_case`.
    pub(super) fn matching<'r>(
        &'r self,
        texts: &[&str],
        key: impl Fn(PersonIdx) -> &'r str + Sync,
        fold_case: bool,
    ) -> Vec<Vec<PersonIdx>> {
        fn fold(text: &str, fold_case: bool) -> Cow<'_, str> {
            match fold_case {
                true => Cow::Owned(text.to_lowercase()),
                false => Cow::Borrowed(text),
            }
        }
        let mut wanted: HashMap<Cow<'_, str>, usize> = HashMap::new();
        for (i, text) in texts.iter().enumerate() {
            wanted.entry(fold(text, fold_case)).or_insert(i);
        }
        // Ignoring case, an ASCII key can only equal an ASCII text of its length: most keys
        // are ruled out without lowercasing them.
        let mut ascii_lengths = [false; 256];
        for text in wanted.keys().filter(|t| t.is_ascii() && t.len() < 256) {
            ascii_lengths[text.len()] = true;
        }
        let long_ascii = wanted.keys().any(|t| t.is_ascii() && t.len() >= 256);
        let found = |text: &str| -> Option<usize> {
            if !fold_case {
                return wanted.get(text).copied();
            }
            if text.is_ascii() {
                let possible = ascii_lengths.get(text.len()).copied().unwrap_or(long_ascii);
                if !possible {
                    return None;
                }
                return wanted.get(text.to_ascii_lowercase().as_str()).copied();
            }
            wanted.get(text.to_lowercase().as_str()).copied()
        };
        let mut hits: Vec<(usize, PersonIdx)> = (0..self.len() as u32)
            .into_par_iter()
            .filter_map(|p| Some((found(key(PersonIdx(p)))?, PersonIdx(p))))
            .collect();
        hits.sort_unstable();
        let mut out = vec![Vec::new(); texts.len()];
        for (first, p) in hits {
            out[first].push(p);
        }
        for (i, text) in texts.iter().enumerate() {
            let first = wanted[&fold(text, fold_case)];
            if first != i {
                out[i] = out[first].clone();
            }
        }
        out
    }
}

/// The legal names ("First Last") of the people a roster names by a preferred first name,
/// in roster order, kept in one text (a few of a million people take no allocation each).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct LegalNames {
    pub(super) people: Vec<PersonIdx>,
    text: String,
    /// Where each name ends in `text`.
    ends: Vec<u32>,
}

impl LegalNames {
    pub(super) fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// The `i`-th name.
    pub(super) fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        &self.text[start..self.ends[i] as usize]
    }

    /// Adds `p`'s legal name (people come in roster order).
    pub(super) fn push(&mut self, p: PersonIdx, name: &str) {
        self.people.push(p);
        self.text.push_str(name);
        self.ends
            .push(u32::try_from(self.text.len()).expect("under 4 GiB of legal names"));
    }

    /// Appends `other`'s names, its people `offset` further on.
    pub(super) fn append(&mut self, other: &LegalNames, offset: u32) {
        for (i, &p) in other.people.iter().enumerate() {
            self.push(PersonIdx(p.0 + offset), other.get(i));
        }
    }
}

/// "Last, First" as "First Last"; `None` for a text without exactly one comma between two
/// words.
fn last_first(text: &str) -> Option<String> {
    let (last, first) = text.split_once(',')?;
    let (last, first) = (last.trim(), first.trim());
    (!last.is_empty() && !first.is_empty() && !first.contains(','))
        .then(|| format!("{first} {last}"))
}

impl IndexTables {
    /// For each of `texts`, the people whose `key` is exactly it, in roster order.
    pub(super) fn find<'r>(
        &self,
        table: &hashbrown::HashTable<u32>,
        texts: &[&str],
        key: impl Fn(PersonIdx) -> &'r str,
    ) -> Vec<Vec<PersonIdx>> {
        texts
            .iter()
            .map(|text| {
                let hash = self.hasher.hash_one(text);
                let mut people: Vec<PersonIdx> = table
                    .iter_hash(hash)
                    .map(|&p| PersonIdx(p))
                    .filter(|&p| key(p) == *text)
                    .collect();
                people.sort_unstable();
                people
            })
            .collect()
    }
}

impl RosterBuilder {
    /// Notes `p`'s legal name, where the roster names them by a preferred one (people are
    /// noted in roster order).
    pub fn set_legal_name(&mut self, p: PersonIdx, name: &str) {
        Arc::make_mut(&mut self.roster.legal).push(p, name);
    }
}
