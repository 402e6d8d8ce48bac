//! Skill levels: a whole number 0 to 9, on the catalogue's [`crate::Scale`] (by default the
//! Dreyfus scale, 0 none to 5 expert).

use std::fmt;

/// How well a person has a skill: a whole number 0 to 9 (a scale has at most ten levels; the
/// built-in Dreyfus scale uses 0..=5).
///
/// The invariant `0 <= level <= 9` is kept by every constructor, so code that holds a `Level`
/// never checks the range again, and a level always fits in four bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Level(pub(crate) u8);

/// The Dreyfus words, indexed by level.
const WORDS: [&str; 6] = [
    "none",
    "novice",
    "advanced beginner",
    "competent",
    "proficient",
    "expert",
];

impl Level {
    /// The words of a level not assessed (unknown), in any case: a roster cell or a
    /// scenario's change may say so.
    pub const NOT_ASSESSED: [&'static str; 6] = ["n/a", "na", "?", "-", "not assessed", "unknown"];

    /// Whether `text` (trimmed) says a level was not assessed.
    pub fn not_assessed(text: &str) -> bool {
        let text = text.trim();
        Level::NOT_ASSESSED
            .iter()
            .any(|w| w.eq_ignore_ascii_case(text))
    }

    /// No skill at all; also what an empty roster cell means.
    pub const NONE: Level = Level(0);
    /// The top of the Dreyfus scale.
    pub const EXPERT: Level = Level(5);
    /// The highest level any scale has, as a number.
    pub const MAX: u8 = 9;

    /// The level `value`, or `None` when it is above 9.
    pub const fn new(value: u8) -> Option<Level> {
        if value <= Self::MAX {
            Some(Level(value))
        } else {
            None
        }
    }

    /// The level as a number 0..=9.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The Dreyfus word for this level (`"competent"` for 3; empty past 5).
    pub fn word(self) -> &'static str {
        WORDS.get(usize::from(self.0)).copied().unwrap_or("")
    }

    /// Every level of the Dreyfus scale, 0 to 5, in order.
    pub fn dreyfus() -> impl Iterator<Item = Level> {
        (0..=Self::EXPERT.0).map(Level)
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

    #[test]
    fn range_is_kept() {
        assert_eq!(Level::new(5), Some(Level::EXPERT));
        assert_eq!(Level::new(9).map(Level::get), Some(9));
        assert_eq!(Level::new(10), None);
        assert_eq!(Level::dreyfus().count(), 6);
        assert_eq!(Level::new(3).map(Level::word), Some("competent"));
        assert_eq!(Level::new(7).map(Level::word), Some(""));
    }
}
