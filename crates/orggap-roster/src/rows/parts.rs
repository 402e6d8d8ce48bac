//! What reading a file in parts needs: repeated keys found across parts, and the hashes
//! each part keeps so that finishing need not read every person's texts again.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use orggap_model::{NameCandidates, PersonIdx};

use crate::header::Form;
use crate::managers::{self};

use super::{Builder, MAX_UNKNOWN};

/// How a builder finds people whose name is already on the roster.
#[derive(Debug)]
pub(super) enum Repeats {
    /// Row by row: people by their key (their roster index, or their index in the
    /// long-form list).
    Here(HashTable<u32>),
    /// Later, over all parts of a file: each person's key identity (see
    /// [`managers::identity`]), in roster order.
    Later(LaterNames),
}

/// Key identities (see [`managers::identity`]: the key itself when short, else mostly its
/// hash) kept for a check over all parts of a file, and a small table of recent ones that
/// notices a name repeated nearby at once (a file of one name repeated, say),
/// so that reading in parts can stop early instead of building rosters it will discard.
#[derive(Debug)]
pub(crate) struct LaterNames {
    pub(super) hashes: Vec<u64>,
    pub(super) recent: Box<[u64; RECENT]>,
    pub(super) repeated: bool,
}

/// Slots of the recent-hash table: 32 KiB, in the first-level cache.
const RECENT: usize = 4096;

impl LaterNames {
    pub(super) fn new() -> LaterNames {
        LaterNames {
            hashes: Vec::new(),
            recent: Box::new([0; RECENT]),
            repeated: false,
        }
    }

    /// Notes a key's identity (a repeat nearby dooms the part) and keeps it.
    pub(super) fn push(&mut self, hash: u64) {
        self.note(hash);
        self.hashes.push(hash);
    }

    /// Notes a key's identity without keeping it (the reporting lines' tables will check
    /// it, see [`Prepared::repeated`]).
    pub(super) fn note(&mut self, hash: u64) {
        let slot = &mut self.recent[managers::mixed(hash) as usize % RECENT];
        self.repeated |= *slot == hash;
        *slot = hash;
    }
}

/// Hashes kept while reading in parts (see [`Builder::defer_name_check`]), so that
/// finishing the roster need not read every person's texts again: the upper half of the
/// hash of each person's name (with ids, for shared names; see [`NameCandidates::half`]),
/// in roster order, and with a manager column
/// the identities (see [`managers::identity`]) of their key (id, or name without ids) and
/// of their manager cell, grouped for finding the managers.
#[derive(Debug, Default)]
pub(crate) struct LaterHashes {
    pub(super) names: Vec<u32>,
    pub(super) keys: managers::Buckets,
    pub(super) cells: managers::Buckets,
}

/// What finishing a roster read in parts needs of the parts' hashes alone — the people who
/// may share a name, the reporting lines' table and first candidates — worked out while the
/// parts are still being joined (see [`Builder::prepare`]).
pub(crate) struct Prepared {
    pub(super) people: usize,
    pub(super) names: Option<NameCandidates>,
    pub(super) managers: Option<managers::Probed>,
    /// Whether a key may be repeated, when the keys were left to the reporting lines' tables
    /// to check (see [`Builder::sorted_name_hashes`]): then the file is read again in one go.
    pub(crate) repeated: bool,
}

impl Default for Repeats {
    fn default() -> Repeats {
        Repeats::Here(HashTable::new())
    }
}

impl<'c> Builder<'c> {
    /// The earlier person with this key — their id, or their name in a roster without ids —
    /// (an index into the roster, or into `long` for long form), if any; otherwise the key
    /// is recorded for the person about to be added. When the check is left for later, only
    /// the key's identity (see [`managers::identity`]) is kept.
    pub(super) fn earlier(&mut self, key: &str) -> Option<u32> {
        let with_managers = self.has_managers();
        let (roster, long, hasher, form) = (
            self.roster.roster(),
            &self.long,
            &self.hasher,
            self.layout.form,
        );
        let by_id = self.id_col.is_some();
        let key_of = |i: u32| match form {
            Form::Wide if by_id => roster.id(PersonIdx(i)).unwrap_or_default(),
            Form::Wide => roster.name(PersonIdx(i)),
            Form::Long => long[i as usize].key(),
        };
        match &mut self.repeats {
            Repeats::Later(names) => {
                let identity = managers::identity(hasher, key);
                match self.later.as_mut() {
                    Some(later) if with_managers => {
                        names.note(identity);
                        later.keys.push(identity);
                    }
                    _ => names.push(identity),
                }
                None
            }
            Repeats::Here(people) => {
                let next = match form {
                    Form::Wide => roster.len(),
                    Form::Long => long.len(),
                };
                let same = |&i: &u32| key_of(i) == key;
                match people.entry(hasher.hash_one(key), same, |&i| hasher.hash_one(key_of(i))) {
                    Entry::Occupied(earlier) => Some(*earlier.get()),
                    Entry::Vacant(slot) => {
                        slot.insert(u32::try_from(next).unwrap_or(u32::MAX));
                        None
                    }
                }
            }
        }
    }

    /// Keeps name hashes instead of checking names for repeats (wide form, before any row):
    /// the parts of a file are checked together by [`Builder::sorted_name_hashes`].
    pub(crate) fn defer_name_check(&mut self) {
        self.repeats = Repeats::Later(LaterNames::new());
        self.later = Some(LaterHashes::default());
    }

    /// Whether this part of a file can be left: a problem was found, or a name came twice,
    /// so the file will be read again in one go.
    pub(crate) fn doomed(&self) -> bool {
        !self.problems.is_empty() || matches!(&self.repeats, Repeats::Later(n) if n.repeated)
    }

    /// The identities of every key so far, sorted (empty unless the check is deferred, and
    /// empty with a manager column: the tables that find each manager find repeated keys
    /// too, see [`Prepared::repeated`]). Builders forked from one another hash alike, so a
    /// key in two parts gives two equal identities; equal identities of different long keys
    /// are possible but vanishingly rare (and only send the file to be read again in one go).
    pub(crate) fn sorted_name_hashes(&mut self) -> Vec<u64> {
        match std::mem::take(&mut self.repeats) {
            Repeats::Later(names) => {
                let mut sorted = names.hashes;
                sorted.sort_unstable();
                sorted
            }
            here @ Repeats::Here(_) => {
                self.repeats = here;
                Vec::new()
            }
        }
    }

    /// The hashes this part of a file took (see [`Builder::defer_name_check`]), taken out
    /// to be worked on while the parts are joined.
    pub(crate) fn take_later(&mut self) -> Option<LaterHashes> {
        let cells = std::mem::take(&mut self.cells);
        self.later
            .take()
            .map(|later| LaterHashes { cells, ..later })
    }

    /// Whether the rows have ids (so names may be shared) and manager cells.
    pub(crate) fn hashes_kept(&self) -> (bool, bool) {
        (self.id_col.is_some(), self.has_managers())
    }

    /// The work on the hashes of every part of a file, in order (see [`Prepared`]), whose
    /// builders read `people` people: the same as finishing does with them, done beside the
    /// joining of the parts.
    pub(crate) fn prepare(
        parts: Vec<LaterHashes>,
        (ids, managers): (bool, bool),
        people: usize,
    ) -> Prepared {
        // The parts' lists as they are: copying them into one would cost more than the work.
        let (mut keys, mut names, mut cells) = (Vec::new(), Vec::new(), Vec::new());
        for part in parts {
            keys.push(part.keys);
            names.push(part.names);
            cells.push(part.cells);
        }
        let all = |lists: &[managers::Buckets]| lists.iter().map(|b| b.len()).sum::<usize>();
        let named = names.iter().map(Vec::len).sum::<usize>();
        // One after the other, each on every core: the reporting lines free the parts'
        // lists as they go, before the shared names take their memory.
        let probed = (managers && all(&keys) == people && all(&cells) == people)
            .then(|| managers::Probed::new(keys, cells));
        let names = (ids && named == people).then(|| NameCandidates::new(&names));
        let repeated = managers && probed.as_ref().is_none_or(|probed| probed.repeated);
        Prepared {
            people,
            names,
            managers: probed,
            repeated,
        }
    }

    /// Keeps the work [`Builder::prepare`] did for finishing.
    pub(crate) fn set_prepared(&mut self, prepared: Prepared) {
        self.prepared = Some(prepared);
    }

    /// Appends the people of a builder that read the next part of the file (wide form,
    /// without problems), whose line numbers are `line_offset` lower than the file's.
    pub(crate) fn absorb(&mut self, part: Builder<'_>, line_offset: usize) {
        self.roster.append(part.roster);
        let offset = u32::try_from(line_offset).unwrap_or(u32::MAX);
        self.rows.append(&part.rows, offset);
        self.long_cells.append(&part.long_cells);
        for (key, (row, count)) in part.unknown {
            self.unknown.entry(key).or_insert((row + line_offset, 0)).1 += count;
        }
    }

    /// Whether the unknown values these builders (parts of one file) found, together, are
    /// few enough to be named one by one, as reading in one go would name them.
    pub(crate) fn unknown_fits<'b>(parts: impl Iterator<Item = &'b Builder<'c>>) -> bool
    where
        'c: 'b,
    {
        let mut values = std::collections::BTreeSet::new();
        for part in parts {
            if part.unknown_more > 0 {
                return false;
            }
            values.extend(part.unknown.keys());
        }
        values.len() <= MAX_UNKNOWN
    }
}
