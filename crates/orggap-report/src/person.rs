//! How outputs name people: by name, as `Name (id)` where the name is shared; JSON keeps
//! the name and adds the id beside it wherever the roster has ids.

use std::borrow::Cow;
use std::ops::Deref;

use orggap_model::{PersonIdx, Roster};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A person named in a report.
///
/// Dereferences to the label people read (`Name`, or `Name (id)` where the name is
/// shared). Serialised on its own (flattened into its parent) as `"person": name` and, when
/// the roster has ids, `"id": id`; in lists (see `names`) as the name alone, the parent
/// carrying the ids in a parallel list (see [`ids`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The name as the roster gives it.
    pub name: String,
    /// The id, when the roster has ids.
    pub id: Option<String>,
    /// `Name (id)` where the name is shared (else the label is the name).
    label: Option<String>,
}

impl Person {
    /// Person `p` of `roster`.
    pub fn of(roster: &Roster, p: PersonIdx) -> Person {
        Person {
            name: roster.name(p).to_owned(),
            id: roster.id(p).map(str::to_owned),
            label: match roster.label(p) {
                Cow::Owned(label) => Some(label),
                Cow::Borrowed(_) => None,
            },
        }
    }

    /// How people read the person: the name, or `Name (id)` where the name is shared.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

impl Deref for Person {
    type Target = str;

    fn deref(&self) -> &str {
        self.label()
    }
}

impl std::fmt::Display for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The labels of `people`, joined by `separator`.
pub fn join(people: &[Person], separator: &str) -> String {
    let labels: Vec<&str> = people.iter().map(Person::label).collect();
    labels.join(separator)
}

impl AsRef<str> for Person {
    fn as_ref(&self) -> &str {
        self.label()
    }
}

impl Serialize for Person {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1 + usize::from(self.id.is_some())))?;
        map.serialize_entry("person", &self.name)?;
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
        }
        map.end()
    }
}

impl schemars::JsonSchema for Person {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Person".into()
    }

    /// As serialised: the name, and the id when the roster has ids.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "properties": {
                "person": { "type": "string", "description": "The name as the roster gives it." },
                "id": { "type": "string", "description": "The id, when the roster has ids." }
            },
            "required": ["person"]
        })
    }
}

/// The people at `people` of `roster`, in that order.
pub fn people(roster: &Roster, people: &[PersonIdx]) -> Vec<Person> {
    people.iter().map(|&p| Person::of(roster, p)).collect()
}

/// The ids of `people`, in the same order, when the roster has ids: the list that goes
/// beside a list of names in JSON (`qualified_ids` beside `qualified`).
pub fn ids(roster: &Roster, people: &[PersonIdx]) -> Option<Vec<String>> {
    roster.has_ids().then(|| {
        people
            .iter()
            .map(|&p| roster.id(p).unwrap_or_default().to_owned())
            .collect()
    })
}

/// The ids of `people` already named (see [`Person::of`]), in the same order, when `by_id`:
/// [`ids`] without reading the roster again.
pub fn ids_of(people: &[Person], by_id: bool) -> Option<Vec<String>> {
    by_id.then(|| {
        people
            .iter()
            .map(|p| p.id.clone().unwrap_or_default())
            .collect()
    })
}

/// [`people`] and their [`ids`], each person read from the roster once.
pub fn people_and_ids(roster: &Roster, list: &[PersonIdx]) -> (Vec<Person>, Option<Vec<String>>) {
    let named = people(roster, list);
    let ids = ids_of(&named, roster.has_ids());
    (named, ids)
}

/// Serialises a list of people as their names (for `#[serde(serialize_with)]`).
pub(crate) fn names<S: Serializer>(people: &[Person], serializer: S) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(people.len()))?;
    for person in people {
        seq.serialize_element(&person.name)?;
    }
    seq.end()
}

/// Serialises people who may be missing as their names, `null` where missing.
pub(crate) fn optional_names<S: Serializer>(
    people: &[Option<Person>; 2],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(people.len()))?;
    for person in people {
        seq.serialize_element(&person.as_ref().map(|p| p.name.as_str()))?;
    }
    seq.end()
}

/// Serialises two lists of people as two lists of names.
pub(crate) fn name_pairs<S: Serializer>(
    sides: &[Vec<Person>; 2],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(2))?;
    for side in sides {
        let names: Vec<&str> = side.iter().map(|p| p.name.as_str()).collect();
        seq.serialize_element(&names)?;
    }
    seq.end()
}

#[cfg(test)]
mod tests {
    use orggap_model::PersonFields;

    use super::*;

    #[test]
    fn json_keeps_names_and_adds_ids_while_people_read_labels() {
        let mut roster = Roster::new(0);
        for (name, id) in [("Jo Park", "7"), ("Jo Park", "9"), ("Ada", "3")] {
            let fields = PersonFields {
                name,
                id: Some(id),
                ..PersonFields::default()
            };
            roster.add_person(fields);
        }
        roster.find_shared_names();
        let all: Vec<PersonIdx> = roster.people().collect();
        let listed = people(&roster, &all);
        let labels: Vec<&str> = listed.iter().map(|p| &**p).collect();
        assert_eq!(labels, ["Jo Park (7)", "Jo Park (9)", "Ada"]);
        assert_eq!(
            serde_json::to_string(&listed[2]).unwrap(),
            r#"{"person":"Ada","id":"3"}"#
        );
        assert_eq!(ids(&roster, &all).unwrap(), ["7", "9", "3"]);
        let mut out = serde_json::Serializer::new(Vec::new());
        names(&listed, &mut out).unwrap();
        assert_eq!(out.into_inner(), br#"["Jo Park","Jo Park","Ada"]"#);
        // Without ids: the name alone, everywhere.
        let mut plain = Roster::new(0);
        plain.add_person(PersonFields {
            name: "Ada",
            ..PersonFields::default()
        });
        let ada = Person::of(&plain, PersonIdx(0));
        assert_eq!(serde_json::to_string(&ada).unwrap(), r#"{"person":"Ada"}"#);
        assert_eq!(ids(&plain, &[PersonIdx(0)]), None);
    }
}
