//! The fields of a roster other than skill levels, and the header names that give them.
//!
//! The catalogue needs them too: a skill named like a roster field could never be read.

/// A roster field other than a skill level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The person's name (required).
    Name,
    /// Job title.
    Title,
    /// Team or department.
    Team,
    /// How many responsibilities the person can own.
    Capacity,
    /// Responsibility ids the person is the declared owner of.
    Owns,
    /// The date the person leaves (`YYYY-MM-DD`).
    Leaves,
    /// Long form: the skill a row is about.
    Skill,
    /// Long form: the level of that skill.
    Level,
    /// The person's id in the HR system; with it, names may repeat.
    Id,
    /// First (given) name, joined with the last name when there is no name column.
    FirstName,
    /// Last (family) name.
    LastName,
    /// The name the person goes by, used instead of first and last name where given.
    PreferredName,
    /// The person's manager: their id when the roster has ids, else their name.
    Manager,
    /// The date of the person's ratings (`YYYY-MM-DD`).
    Assessed,
    /// Long form: who gave the row's rating (`self`, `manager`, `peer`; empty: unnamed).
    Rater,
}

impl Field {
    /// How many fields there are.
    pub const COUNT: usize = 15;

    /// How the field is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Title => "title",
            Field::Team => "team",
            Field::Capacity => "capacity",
            Field::Owns => "owns",
            Field::Leaves => "leaves",
            Field::Skill => "skill",
            Field::Level => "level",
            Field::Id => "id",
            Field::FirstName => "first name",
            Field::LastName => "last name",
            Field::PreferredName => "preferred name",
            Field::Manager => "manager",
            Field::Assessed => "assessed",
            Field::Rater => "rater",
        }
    }
}

/// Header names of each field, already normalised (see [`crate::normalize_key`]).
pub const FIELD_NAMES: [(&str, Field); 51] = [
    ("name", Field::Name),
    ("full name", Field::Name),
    ("employee", Field::Name),
    ("employee name", Field::Name),
    ("person", Field::Name),
    ("title", Field::Title),
    ("job title", Field::Title),
    ("position", Field::Title),
    ("team", Field::Team),
    ("department", Field::Team),
    ("dept", Field::Team),
    ("capacity", Field::Capacity),
    ("owns", Field::Owns),
    ("leaves", Field::Leaves),
    ("leaving", Field::Leaves),
    ("leave date", Field::Leaves),
    ("end date", Field::Leaves),
    ("last day", Field::Leaves),
    ("skill", Field::Skill),
    ("level", Field::Level),
    ("id", Field::Id),
    ("employee id", Field::Id),
    ("employee number", Field::Id),
    ("employee no", Field::Id),
    ("employee no.", Field::Id),
    ("employee #", Field::Id),
    ("worker id", Field::Id),
    ("staff id", Field::Id),
    ("person id", Field::Id),
    ("first name", Field::FirstName),
    ("firstname", Field::FirstName),
    ("given name", Field::FirstName),
    ("forename", Field::FirstName),
    ("last name", Field::LastName),
    ("lastname", Field::LastName),
    ("surname", Field::LastName),
    ("family name", Field::LastName),
    ("preferred name", Field::PreferredName),
    ("known as", Field::PreferredName),
    ("manager", Field::Manager),
    ("manager id", Field::Manager),
    ("manager name", Field::Manager),
    ("reports to", Field::Manager),
    ("line manager", Field::Manager),
    ("supervisor", Field::Manager),
    ("assessed", Field::Assessed),
    ("assessed on", Field::Assessed),
    ("rated on", Field::Assessed),
    ("last review", Field::Assessed),
    ("rater", Field::Rater),
    ("rated by", Field::Rater),
];

impl Field {
    /// The field a normalised header name (see [`crate::normalize_key`]) gives, if any.
    pub fn from_key(key: &str) -> Option<Field> {
        FIELD_NAMES
            .iter()
            .find(|(name, _)| *name == key)
            .map(|&(_, field)| field)
    }
}
