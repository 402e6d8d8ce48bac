//! Skill levels on the Dreyfus scale, 0 (none) to 5 (expert).

use std::fmt;

/// How well a person has a skill: an integer 0 to 5 on the Dreyfus scale.
///
/// The invariant `0 <= level <= 5` is kept by every constructor, so code that holds a `Level`
/// never checks the range again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Level(pub(crate) u8);

/// The words of the scale, indexed by level.
const WORDS: [&str; 6] = [
    "none",
    "novice",
    "advanced beginner",
    "competent",
    "proficient",
    "expert",
];

/// Words of other common scales, with the Dreyfus level each means.
const OTHER_WORDS: [(&str, u8); 4] = [
    ("basic", 1),
    ("beginner", 2),
    ("intermediate", 3),
    ("advanced", 4),
];

impl Level {
    /// No skill at all; also what an empty roster cell means.
    pub const NONE: Level = Level(0);
    /// The highest level.
    pub const EXPERT: Level = Level(5);
    /// The highest level as a number.
    pub const MAX: u8 = 5;

    /// The level `value`, or `None` when it is above 5.
    pub const fn new(value: u8) -> Option<Level> {
        if value <= Self::MAX {
            Some(Level(value))
        } else {
            None
        }
    }

    /// The level as a number 0..=5.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The Dreyfus word for this level (`"competent"` for 3).
    pub fn word(self) -> &'static str {
        WORDS[usize::from(self.0)]
    }

    /// The level a Dreyfus word names, in any case; the words people often write instead
    /// are read too: `basic` (1), `beginner` (2), `intermediate` (3), `advanced` (4).
    pub fn from_word(word: &str) -> Option<Level> {
        let word = word.trim();
        for (other, level) in OTHER_WORDS {
            if word.eq_ignore_ascii_case(other) {
                return Some(Level(level));
            }
        }
        let position = WORDS.iter().position(|w| w.eq_ignore_ascii_case(word))?;
        // `position` < 6, so it fits in u8 and is a valid level.
        Some(Level(position as u8))
    }

    /// Every level from 0 to 5, in order.
    pub fn all() -> impl Iterator<Item = Level> {
        (0..=Self::MAX).map(Level)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_word(word: &str, expected: Option<u8>) {
        assert_eq!(
            Level::from_word(word).map(Level::get),
            expected,
            "word {word:?}"
        );
    }

    #[test]
    fn words_in_any_case() {
        check_word("none", Some(0));
        check_word("Novice", Some(1));
        check_word("beginner", Some(2));
        check_word("Advanced Beginner", Some(2));
        check_word("COMPETENT", Some(3));
        check_word(" proficient ", Some(4));
        check_word("expert", Some(5));
        check_word("guru", None);
        check_word("", None);
    }

    #[test]
    fn range_is_kept() {
        assert_eq!(Level::new(5), Some(Level::EXPERT));
        assert_eq!(Level::new(6), None);
        assert_eq!(Level::all().count(), 6);
        assert_eq!(Level::new(3).map(Level::word), Some("competent"));
    }
}
