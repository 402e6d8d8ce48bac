//! A scenario as written (read in `read.rs`), written back as TOML.

use std::fmt::Write as _;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// A scenario file's content, as written: names, skill keys and duty ids are text until
/// [`ScenarioDoc::resolve`] finds them. Serialises with the file's keys (the JSON of the
/// workspace's API).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScenarioDoc {
    /// Shown in every output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `YYYY-MM-DD`: departures up to this day count, like `--as-of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// People analysed as gone (ids or names).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub leave: Vec<String>,
    /// Changes to people on the roster.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub change: Vec<ChangeDoc>,
    /// People who join.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hire: Vec<HireDoc>,
    /// What-ifs on the catalogue: a duty's requirements or `min_owners` changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requirement: Vec<RequirementDoc>,
}

/// A `[[requirement]]` entry as written: what if a duty asked for something else.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RequirementDoc {
    /// The duty's id.
    pub duty: String,
    /// Its requirements, replaced: levels by skill key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requires: Option<Levels>,
    /// How many qualified people it needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_owners: Option<u64>,
}

/// A `[[change]]` entry as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ChangeDoc {
    /// Who (an id or a name).
    pub person: String,
    /// New levels by skill key.
    #[serde(skip_serializing_if = "Levels::is_empty")]
    pub levels: Levels,
    /// A new team.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// A new capacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u64>,
    /// The declared ownership, replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owns: Option<Vec<String>>,
    /// A new manager (an id or a name; empty for none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// A new job title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// A `[[hire]]` entry as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HireDoc {
    /// The hire's name.
    pub name: String,
    /// Job title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Team.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Capacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u64>,
    /// Levels by skill key.
    #[serde(skip_serializing_if = "Levels::is_empty")]
    pub levels: Levels,
    /// Duties owned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owns: Option<Vec<String>>,
    /// The hire's manager (an id or a name of the roster).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
}

/// Levels by skill key, in the order written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Levels(pub Vec<(String, LevelValue)>);

impl Levels {
    /// No levels given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Levels {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A level as written: a number or a level word.
#[derive(Clone, Debug, PartialEq)]
pub enum LevelValue {
    /// A number (valid when 0..5).
    Number(f64),
    /// A word (`proficient`), or digits in a string.
    Word(String),
}

impl Serialize for LevelValue {
    /// A whole number as an integer (`5`, not `5.0`), any other number as it is, a word as
    /// a string.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LevelValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                serializer.serialize_i64(*n as i64)
            }
            LevelValue::Number(n) => serializer.serialize_f64(*n),
            LevelValue::Word(word) => serializer.serialize_str(word),
        }
    }
}

impl ScenarioDoc {
    /// The scenario as a TOML file, each `[[change]]` and `[[hire]]` preceded by the comment
    /// `comment` gives it (`# …` lines), so that a person can read and edit it.
    pub fn to_toml(&self, comment: impl Fn(Entry) -> Option<String>) -> String {
        let mut out = String::new();
        if let Some(name) = &self.name {
            let _ = writeln!(out, "name = {}", toml_string(name));
        }
        if let Some(as_of) = &self.as_of {
            let _ = writeln!(out, "as_of = {}", toml_string(as_of));
        }
        if !self.leave.is_empty() {
            let _ = writeln!(out, "leave = {}", toml_list(&self.leave));
        }
        let entry = |out: &mut String, which: Entry, header: &str| {
            out.push('\n');
            if let Some(text) = comment(which) {
                for line in text.lines() {
                    let _ = writeln!(out, "# {line}");
                }
            }
            let _ = writeln!(out, "{header}");
        };
        for (i, change) in self.change.iter().enumerate() {
            entry(&mut out, Entry::Change(i), "[[change]]");
            let _ = writeln!(out, "person = {}", toml_string(&change.person));
            write_levels(&mut out, &change.levels);
            write_optional(&mut out, "team", change.team.as_deref());
            if let Some(capacity) = change.capacity {
                let _ = writeln!(out, "capacity = {capacity}");
            }
            if let Some(owns) = &change.owns {
                let _ = writeln!(out, "owns = {}", toml_list(owns));
            }
            write_optional(&mut out, "manager", change.manager.as_deref());
            write_optional(&mut out, "title", change.title.as_deref());
        }
        for (i, hire) in self.hire.iter().enumerate() {
            entry(&mut out, Entry::Hire(i), "[[hire]]");
            let _ = writeln!(out, "name = {}", toml_string(&hire.name));
            write_optional(&mut out, "title", hire.title.as_deref());
            write_optional(&mut out, "team", hire.team.as_deref());
            if let Some(capacity) = hire.capacity {
                let _ = writeln!(out, "capacity = {capacity}");
            }
            write_levels(&mut out, &hire.levels);
            if let Some(owns) = &hire.owns {
                let _ = writeln!(out, "owns = {}", toml_list(owns));
            }
            write_optional(&mut out, "manager", hire.manager.as_deref());
        }
        for requirement in &self.requirement {
            out.push_str("\n[[requirement]]\n");
            let _ = writeln!(out, "duty = {}", toml_string(&requirement.duty));
            if let Some(requires) = &requirement.requires {
                let _ = writeln!(out, "requires = {}", inline_levels(requires));
            }
            if let Some(min_owners) = requirement.min_owners {
                let _ = writeln!(out, "min_owners = {min_owners}");
            }
        }
        out
    }
}

/// An entry of a scenario, for [`ScenarioDoc::to_toml`]'s comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// The `i`th `[[change]]` (0-based).
    Change(usize),
    /// The `i`th `[[hire]]` (0-based).
    Hire(usize),
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    match bare {
        true => key.to_owned(),
        false => toml_string(key),
    }
}

fn toml_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
    format!("[{}]", items.join(", "))
}

fn write_optional(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{key} = {}", toml_string(value));
    }
}

fn write_levels(out: &mut String, levels: &Levels) {
    if levels.is_empty() {
        return;
    }
    let _ = writeln!(out, "levels = {}", inline_levels(levels));
}

/// Levels as an inline TOML table: `{ marketing = 5, "user research" = 3 }`.
fn inline_levels(levels: &Levels) -> String {
    let items: Vec<String> = levels
        .0
        .iter()
        .map(|(key, value)| {
            let value = match value {
                LevelValue::Number(n) => format!("{n}"),
                LevelValue::Word(w) => toml_string(w),
            };
            format!("{} = {value}", toml_key(key))
        })
        .collect();
    match items.is_empty() {
        true => "{}".to_owned(),
        false => format!("{{ {} }}", items.join(", ")),
    }
}
