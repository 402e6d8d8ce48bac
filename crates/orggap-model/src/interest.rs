//! How much a person wants to learn a skill, as a roster's `Skill (interest)` column says.

use std::fmt;

/// A person's interest in a skill: `none` to `high`, ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Interest {
    /// Does not want to learn it: the plan trains them in it only when nobody else can.
    None,
    /// Low interest.
    Low,
    /// Medium interest.
    Medium,
    /// High interest.
    High,
}

impl Interest {
    /// Every interest, from `none` to `high`.
    pub const ALL: [Interest; 4] = [
        Interest::None,
        Interest::Low,
        Interest::Medium,
        Interest::High,
    ];

    /// The interest a cell names: `0`..`3` or `none`, `low`, `medium`, `high` in any case,
    /// spaces around ignored; `None` for anything else.
    ///
    /// ```
    /// use orggap_model::Interest;
    /// assert_eq!(Interest::parse(" High "), Some(Interest::High));
    /// assert_eq!(Interest::parse("1"), Some(Interest::Low));
    /// assert_eq!(Interest::parse("keen"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Interest> {
        let text = text.trim();
        Interest::ALL.into_iter().find(|interest| {
            text.eq_ignore_ascii_case(interest.word())
                || text == char::from(b'0' + interest.score() as u8).encode_utf8(&mut [0; 4])
        })
    }

    /// The word a roster and every output use.
    pub fn word(self) -> &'static str {
        match self {
            Interest::None => "none",
            Interest::Low => "low",
            Interest::Medium => "medium",
            Interest::High => "high",
        }
    }

    /// The interest as a number, 0 (`none`) to 3 (`high`), for weighing candidates.
    pub fn score(self) -> u32 {
        self as u32
    }
}

impl fmt::Display for Interest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}
