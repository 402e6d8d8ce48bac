//! Reporting lines: each person's manager cell resolved to a person of the roster, and the
//! lines checked for cycles.

use std::hash::BuildHasher;

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

/// Each person's manager from their manager cell (`cell(i)`, trimmed; empty for a top
/// person): the person with that id when the roster has ids, else (or when no id matches)
/// the person with that name. Also every issue, in roster order, cycles last.
///
/// Exact keys (ids, or names without ids) are looked up in a table built once, on every
/// core; cells that match no key (a name where ids are expected, an unknown manager) are
/// then looked at one by one.
pub(crate) fn resolve<'a>(
    roster: &Roster,
    cell: impl Fn(usize) -> &'a str + Sync,
) -> (Vec<Option<PersonIdx>>, Vec<Issue>) {
    let by_id = roster.has_ids();
    let key = |p: PersonIdx| match by_id {
        true => roster.id(p).unwrap_or_default(),
        false => roster.name(p),
    };
    let table = Keys::new(roster.len(), key);
    let mut managers: Vec<Option<PersonIdx>> = (0..roster.len())
        .into_par_iter()
        .map(|p| table.find(cell(p)))
        .collect();
    let hasher = hashbrown::DefaultHashBuilder::default();
    // With ids, a manager cell may still hold a name: looked up by name, built when needed.
    let mut names: Option<HashTable<u32>> = None;
    let mut issues = Vec::new();
    for (p, manager) in managers.iter_mut().enumerate() {
        let text = cell(p);
        if manager.is_some() || text.is_empty() {
            continue;
        }
        let normal = normalize_name(text);
        if !by_id && let Some(m) = table.find(&normal) {
            *manager = Some(m);
            continue;
        }
        let named = match by_id {
            true => {
                let names = names.get_or_insert_with(|| name_table(roster, &hasher));
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

/// People by an exact key, in a table of person indices (four bytes each, so that a large
/// roster's table stays in the cache), compared by the keys themselves.
struct Keys<'r, K> {
    table: HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
    key: K,
    _roster: std::marker::PhantomData<&'r ()>,
}

impl<'r, K: Fn(PersonIdx) -> &'r str> Keys<'r, K> {
    /// The table of every person's `key`; of a key given twice, the first person is found.
    fn new(people: usize, key: K) -> Keys<'r, K> {
        let hasher = hashbrown::DefaultHashBuilder::default();
        let mut table = HashTable::with_capacity(people);
        for p in 0..people as u32 {
            let hash = hasher.hash_one(key(PersonIdx(p)));
            table.insert_unique(hash, p, |&q| hasher.hash_one(key(PersonIdx(q))));
        }
        Keys {
            table,
            hasher,
            key,
            _roster: std::marker::PhantomData,
        }
    }

    fn find(&self, text: &str) -> Option<PersonIdx> {
        if text.is_empty() {
            return None;
        }
        let hash = self.hasher.hash_one(text);
        // The first person with the key: the lowest index among equal keys.
        self.table
            .iter_hash(hash)
            .filter(|&&q| (self.key)(PersonIdx(q)) == text)
            .min()
            .map(|&q| PersonIdx(q))
    }
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
    let mut state = vec![NEW; managers.len()];
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
