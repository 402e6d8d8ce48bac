//! The level scale a catalogue's minimums and a roster's cells are on: the built-in Dreyfus
//! scale (0 none … 5 expert), or a catalogue's own `[scale]` of 2 to 10 named levels.

use crate::{Level, normalize_key};

/// The names of the levels 0..=top, and more words people write for them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    /// The name of each level, from 0.
    names: Vec<String>,
    /// The same, normalised (see [`normalize_key`]), as cells are compared with them.
    keys: Vec<String>,
    /// Other words, normalised (see [`normalize_key`]), with their level.
    aliases: Vec<(String, Level)>,
}

impl Default for Scale {
    fn default() -> Scale {
        Scale::dreyfus()
    }
}

impl Scale {
    /// The built-in scale: Dreyfus words 0..5, and the words of other common scales
    /// (`basic` 1, `beginner` 2, `intermediate` 3, `advanced` 4).
    pub fn dreyfus() -> Scale {
        let names = Level::dreyfus().map(|l| l.word().to_owned()).collect();
        let aliases = [
            ("basic", 1),
            ("beginner", 2),
            ("intermediate", 3),
            ("advanced", 4),
        ]
        .into_iter()
        .filter_map(|(word, level)| Some((word.to_owned(), Level::new(level)?)))
        .collect();
        Scale::with_words(names, aliases)
    }

    fn with_words(names: Vec<String>, aliases: Vec<(String, Level)>) -> Scale {
        Scale {
            keys: names.iter().map(|n| normalize_key(n)).collect(),
            names,
            aliases,
        }
    }

    /// A scale with these names for the levels 0..=N; `None` unless there are 2 to 10.
    pub fn named(names: Vec<String>) -> Option<Scale> {
        (2..=usize::from(Level::MAX) + 1)
            .contains(&names.len())
            .then(|| Scale::with_words(names, Vec::new()))
    }

    /// Adds `word` for `level` (it must be on the scale; [`Scale::add_word`] says so).
    pub fn add_word(&mut self, word: &str, level: Level) -> Result<(), String> {
        if level > self.top() {
            return Err(format!(
                "level {level} for '{word}' is not on the scale 0..{}",
                self.top()
            ));
        }
        let key = normalize_key(word);
        if key.is_empty() {
            return Err("a level word cannot be empty".into());
        }
        self.aliases.retain(|(w, _)| *w != key);
        self.aliases.push((key, level));
        Ok(())
    }

    /// The highest level.
    pub fn top(&self) -> Level {
        // A scale names 2 to 10 levels (kept by its constructors), so the top is 1..=9.
        Level::new(self.names.len().saturating_sub(1) as u8).unwrap_or(Level::EXPERT)
    }

    /// Whether this is the built-in scale, words and all.
    pub fn is_builtin(&self) -> bool {
        *self == Scale::dreyfus()
    }

    /// The name of `level` (its number when past the top).
    pub fn name(&self, level: Level) -> std::borrow::Cow<'_, str> {
        match self.names.get(usize::from(level.get())) {
            Some(name) => name.as_str().into(),
            None => level.to_string().into(),
        }
    }

    /// How an output shows `level` beside a skill: its number on the built-in scale (whose
    /// words every user knows from the README), the number and the word on a catalogue's
    /// own scale, so that `4 (Enable)` reads in the catalogue's terms.
    ///
    /// ```
    /// use orggap_model::{Level, Scale};
    /// assert_eq!(Scale::dreyfus().shown(Level::new(4).unwrap()), "4");
    /// let sfia = Scale::named(["none", "Follow", "Assist"].map(String::from).to_vec()).unwrap();
    /// assert_eq!(sfia.shown(Level::new(2).unwrap()), "2 (Assist)");
    /// ```
    pub fn shown(&self, level: Level) -> String {
        match self.is_builtin() {
            true => level.to_string(),
            false => format!("{level} ({})", self.name(level)),
        }
    }

    /// The level names, from 0.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The words added to the names, normalised, with their levels.
    pub fn aliases(&self) -> &[(String, Level)] {
        &self.aliases
    }

    /// The level a word or number names: a whole number 0..=top, a level name or a word,
    /// compared like headers (case, spaces, `_` and `-` aside).
    pub fn read(&self, text: &str) -> Option<Level> {
        let text = text.trim();
        if let Ok(n) = text.parse::<u8>() {
            return Level::new(n).filter(|&l| l <= self.top());
        }
        // ASCII words one space apart (nearly every cell: `Novice`, `advanced beginner`)
        // are compared as they are, their case aside: the keys are normalised, so
        // lowercase. Anything else is normalised first.
        let owned;
        let key = match only_lowercased(text) {
            true => text,
            false => {
                owned = normalize_key(text);
                owned.as_str()
            }
        };
        let same = |k: &String| k.eq_ignore_ascii_case(key);
        if let Some(i) = self.keys.iter().position(same) {
            return Level::new(u8::try_from(i).ok()?);
        }
        self.aliases
            .iter()
            .find(|(word, _)| same(word))
            .map(|&(_, level)| level)
    }

    /// `0..5`: the range of numbers, for messages.
    pub fn range(&self) -> String {
        format!("0..{}", self.top())
    }

    /// The names, for messages: `none, novice, …, expert`.
    pub fn words(&self) -> String {
        self.names.join(", ")
    }
}

/// Whether [`normalize_key`] of `text` (trimmed) is `text` lowercased: ASCII words one space
/// apart, without `_` or `-`.
fn only_lowercased(text: &str) -> bool {
    let word_byte = |b: u8| b != b'_' && b != b'-' && !char::from(b).is_whitespace();
    text.is_ascii()
        && text
            .split(' ')
            .all(|word| !word.is_empty() && word.bytes().all(word_byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(n: u8) -> Option<Level> {
        Level::new(n)
    }

    #[test]
    fn the_builtin_scale_reads_dreyfus_and_common_words() {
        let scale = Scale::dreyfus();
        assert_eq!(scale.top(), Level::EXPERT);
        assert_eq!(scale.read("Advanced Beginner"), level(2));
        assert_eq!(scale.read("advanced"), level(4));
        assert_eq!(scale.read("BASIC"), level(1));
        assert_eq!(scale.read(" 5 "), level(5));
        assert_eq!(scale.read("6"), None);
        assert_eq!(scale.range(), "0..5");
        assert!(scale.is_builtin());
    }

    #[test]
    fn a_cell_reads_as_its_normalised_key_single_word_or_not() {
        // A single ASCII word is compared as written, anything else normalised first: either
        // way the level is the one whose name or word is the cell's normalised key.
        let names = ["none", "élite", "a very long level word", "top"];
        let mut scale = Scale::named(names.map(str::to_owned).to_vec()).expect("four levels");
        scale
            .add_word("Senior Top", Level::new(3).unwrap())
            .unwrap();
        let truth = |text: &str| {
            let key = normalize_key(text);
            let named = names.iter().position(|n| normalize_key(n) == key);
            named.map(|i| Level::new(i as u8).unwrap()).or_else(|| {
                scale
                    .aliases()
                    .iter()
                    .find(|(w, _)| *w == key)
                    .map(|&(_, l)| l)
            })
        };
        let cells = [
            "TOP",
            "None",
            "ÉLITE",
            "élite",
            "Elite",
            "A_Very-Long  Level\u{b}Word",
            "a very long level\u{c}word",
            " -senior_-top- ",
            "senior\u{b}top",
            "Senior Top",
            "SENIOR TOP",
            "senior  top",
            "a very long level word",
            "A Very Long Level-Word",
            "seniortop",
            "",
            " _ ",
            "to p",
        ];
        for cell in cells {
            assert_eq!(scale.read(cell), truth(cell.trim()), "{cell:?}");
        }
        assert_eq!(scale.read("ÉLITE"), level(1));
        assert_eq!(scale.read("senior\u{b}top"), level(3));
        assert_eq!(scale.read("seniortop"), None);
        assert_eq!(scale.read("SENIOR TOP"), level(3));
    }

    #[test]
    fn a_scale_of_its_own_with_words_added() {
        let names = ["none", "awareness", "working", "practitioner", "expert"];
        let mut scale = Scale::named(names.map(str::to_owned).to_vec()).expect("five levels");
        assert_eq!(scale.top(), Level::new(4).unwrap());
        assert_eq!(scale.read("Practitioner"), level(3));
        assert_eq!(scale.read("competent"), None, "not a word of this scale");
        scale
            .add_word("Senior practitioner", Level::new(4).unwrap())
            .unwrap();
        assert_eq!(scale.read("senior-practitioner"), level(4));
        assert!(scale.add_word("guru", Level::new(5).unwrap()).is_err());
        assert_eq!(scale.name(Level::new(2).unwrap()), "working");
        assert!(Scale::named(vec!["only".into()]).is_none());
        assert!(Scale::named(vec![String::new(); 11]).is_none());
    }
}
