//! "Did you mean": the roster names most like a name that finds nobody.
//!
//! Comparing a name with every person's is a million Jaro–Winkler scores on a million-person
//! roster, too slow to do for each of many unknown names. [`SimilarNames`] keeps one 64-bit
//! signature of each name's letter pairs; a name is compared first by signature (an `and` and
//! a popcount a person), and only the [`SHORTLIST`] people whose signatures are nearest are
//! scored by Jaro–Winkler.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::Roster;
use crate::PersonIdx;

/// How many people, nearest by signature, are scored by Jaro–Winkler for one name.
const SHORTLIST: usize = 64;

/// The least Jaro–Winkler score (ignoring case) of a name suggested.
const LEAST_SCORE: f64 = 0.75;

/// Every person's name signature, for [`SimilarNames::closest`]; build it once for many
/// lookups.
#[derive(Debug)]
pub struct SimilarNames(Vec<u64>);

impl SimilarNames {
    /// The signatures of everyone on `roster`.
    pub fn of(roster: &Roster) -> SimilarNames {
        SimilarNames(
            (0..roster.len() as u32)
                .into_par_iter()
                .map(|p| signature(&roster.name(PersonIdx(p)).to_lowercase()))
                .collect(),
        )
    }

    /// The people of `roster` (the one these signatures are of) whose names are most like
    /// `text` (Jaro–Winkler of at least 0.75, ignoring case), best first, ties in roster
    /// order: at most `k`, among the people whose letter pairs are nearest `text`'s.
    pub fn closest(&self, roster: &Roster, text: &str, k: usize) -> Vec<PersonIdx> {
        let wanted = text.trim().to_lowercase();
        let mine = signature(&wanted);
        let bits = mine.count_ones();
        // The nearest signatures (Dice's coefficient of the bits), ties to the earlier person:
        // a heap of the best seen, whose top is the worst of them.
        let mut best: BinaryHeap<(Reverse<u32>, u32)> = BinaryHeap::with_capacity(SHORTLIST + 1);
        for (p, &theirs) in self.0.iter().enumerate() {
            let shared = (mine & theirs).count_ones();
            let near = shared * 2048 / (bits + theirs.count_ones()).max(1);
            if best.len() < SHORTLIST {
                best.push((Reverse(near), p as u32));
            } else if best.peek().is_some_and(|&(Reverse(worst), _)| near > worst) {
                best.pop();
                best.push((Reverse(near), p as u32));
            }
        }
        let mut scored: Vec<(f64, PersonIdx)> = best
            .into_iter()
            .map(|(_, p)| {
                let name = roster.name(PersonIdx(p)).to_lowercase();
                (strsim::jaro_winkler(&wanted, &name), PersonIdx(p))
            })
            .filter(|&(score, _)| score >= LEAST_SCORE)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(k).map(|(_, p)| p).collect()
    }
}

impl Roster {
    /// The people whose names are most like `text`, as [`SimilarNames::closest`] finds them:
    /// for one lookup (build [`SimilarNames`] once for many).
    pub fn closest(&self, text: &str, k: usize) -> Vec<PersonIdx> {
        SimilarNames::of(self).closest(self, text, k)
    }
}

/// The letter pairs of `name` (with its start and end), each setting one of 64 bits.
fn signature(name: &str) -> u64 {
    let mut bits = 0u64;
    let mut previous = '^';
    for c in name.chars().chain(['$']) {
        let pair = (u64::from(previous) << 21) | u64::from(c);
        bits |= 1 << (pair.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58);
        previous = c;
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PersonFields;

    #[test]
    fn a_typo_finds_the_name_among_many() {
        let mut roster = Roster::new(0);
        for i in 0..5_000 {
            let name = format!("Person {i:04} Example");
            roster.add_person(PersonFields {
                name: &name,
                ..PersonFields::default()
            });
        }
        for name in ["Grace Hopper", "Ada Lovelace", "Grace Harper"] {
            roster.add_person(PersonFields {
                name,
                ..PersonFields::default()
            });
        }
        let names = |people: Vec<PersonIdx>| -> Vec<String> {
            people.iter().map(|&p| roster.name(p).to_owned()).collect()
        };
        assert_eq!(
            names(roster.closest("grace hoper", 2)),
            ["Grace Hopper", "Grace Harper"]
        );
        assert_eq!(names(roster.closest("Ada Lovelase", 3)), ["Ada Lovelace"]);
        assert!(roster.closest("Zzyzx Qwv", 3).is_empty());
        // The best of a full scan is the first suggestion.
        let index = SimilarNames::of(&roster);
        for typo in [
            "Person 4995 Exampel",
            "Persn 0017 Example",
            "grace lovelace",
        ] {
            let score = |p: PersonIdx| {
                strsim::jaro_winkler(&typo.to_lowercase(), &roster.name(p).to_lowercase())
            };
            let scan = roster
                .people()
                .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
                .unwrap();
            assert_eq!(index.closest(&roster, typo, 1), [scan], "{typo}");
        }
    }
}
