//! How outputs name people: by name, as `Name (id)` where the name is shared; JSON keeps
//! the name and adds the id beside it wherever the roster has ids.

use std::borrow::Cow;
use std::ops::Deref;
use std::sync::Arc;

use hashbrown::HashMap;

use orggap_model::{PersonIdx, Roster};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A person named in a report.
///
/// Dereferences to the label people read (`Name`, or `Name (id)` where the name is
/// shared). Serialised on its own (flattened into its parent) as `"person": name` and, when
/// the roster has ids, `"id": id`; in lists (see `names`) as the name alone, the parent
/// carrying the ids in a parallel list (see [`Ids`]).
///
/// Cloning is cheap: the texts are shared, so a report that names one person in many lists
/// (a million declared owners) keeps each person's texts once (see [`Namer`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person(Arc<Texts>);

/// What a [`Person`] shares between its clones.
#[derive(Debug, PartialEq, Eq)]
struct Texts {
    name: Box<str>,
    id: Option<Box<str>>,
    /// `Name (id)` where the name is shared (else the label is the name).
    label: Option<Box<str>>,
}

impl Person {
    /// Person `p` of `roster`.
    pub fn of(roster: &Roster, p: PersonIdx) -> Person {
        Person(Arc::new(Texts {
            name: roster.name(p).into(),
            id: roster.id(p).map(Box::from),
            label: match roster.label(p) {
                Cow::Owned(label) => Some(label.into_boxed_str()),
                Cow::Borrowed(_) => None,
            },
        }))
    }

    /// The name as the roster gives it.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The id, when the roster has ids.
    pub fn id(&self) -> Option<&str> {
        self.0.id.as_deref()
    }

    /// How people read the person: the name, or `Name (id)` where the name is shared.
    pub fn label(&self) -> &str {
        self.0.label.as_deref().unwrap_or(&self.0.name)
    }
}

/// Names the people of one roster for one report, making each person's texts once however
/// many lists name them.
#[derive(Debug)]
pub struct Namer<'a> {
    roster: &'a Roster,
    /// Each person named so far (a map, as a report usually names few of a roster).
    made: HashMap<PersonIdx, Person>,
}

impl<'a> Namer<'a> {
    /// A namer for `roster`.
    pub fn new(roster: &'a Roster) -> Namer<'a> {
        Namer {
            roster,
            made: HashMap::new(),
        }
    }

    /// Person `p`, its texts shared with every earlier naming of `p`.
    pub fn person(&mut self, p: PersonIdx) -> Person {
        self.made
            .entry(p)
            .or_insert_with(|| Person::of(self.roster, p))
            .clone()
    }

    /// The people at `list`, in that order.
    pub fn people(&mut self, list: &[PersonIdx]) -> Vec<Person> {
        list.iter().map(|&p| self.person(p)).collect()
    }

    /// [`Namer::people`] and, when the roster has ids, their ids.
    pub fn people_and_ids(&mut self, list: &[PersonIdx]) -> (Vec<Person>, Option<Ids>) {
        let named = self.people(list);
        let ids = ids_of(&named, self.roster.has_ids());
        (named, ids)
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
        let mut map = serializer.serialize_map(Some(1 + usize::from(self.id().is_some())))?;
        map.serialize_entry("person", self.name())?;
        if let Some(id) = self.id() {
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

/// The ids of a list of people, in the same order: the list that goes beside a list of
/// names in JSON (`qualified_ids` beside `qualified`), serialised as a list of texts (empty
/// where a person has no id). It shares the people's texts rather than copying them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Ids(Vec<Person>);

impl Ids {
    /// The ids, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|p| p.id().unwrap_or_default())
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Ids {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl schemars::JsonSchema for Ids {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ids".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<String>>::json_schema(generator)
    }

    fn inline_schema() -> bool {
        true
    }
}

/// The ids of `people`, in the same order, when the roster has ids: the list that goes
/// beside a list of names in JSON.
pub fn ids(roster: &Roster, people: &[PersonIdx]) -> Option<Ids> {
    roster.has_ids().then(|| Ids(self::people(roster, people)))
}

/// The ids of `people` already named (see [`Person::of`]), in the same order, when `by_id`:
/// [`ids`] without reading the roster again.
pub fn ids_of(people: &[Person], by_id: bool) -> Option<Ids> {
    by_id.then(|| Ids(people.to_vec()))
}

/// [`people`] and their [`ids`], each person read from the roster once.
pub fn people_and_ids(roster: &Roster, list: &[PersonIdx]) -> (Vec<Person>, Option<Ids>) {
    Namer::new(roster).people_and_ids(list)
}

/// Serialises a list of people as their names (for `#[serde(serialize_with)]`).
pub(crate) fn names<S: Serializer>(people: &[Person], serializer: S) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(people.len()))?;
    for person in people {
        seq.serialize_element(person.name())?;
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
        seq.serialize_element(&person.as_ref().map(Person::name))?;
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
        let names: Vec<&str> = side.iter().map(Person::name).collect();
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
        let listed_ids = ids(&roster, &all).unwrap();
        assert_eq!(listed_ids.iter().collect::<Vec<_>>(), ["7", "9", "3"]);
        assert_eq!(
            serde_json::to_string(&listed_ids).unwrap(),
            r#"["7","9","3"]"#
        );
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

    #[test]
    fn a_namer_makes_each_persons_texts_once() {
        let mut roster = Roster::new(0);
        for name in ["Ada", "Bo"] {
            roster.add_person(PersonFields {
                name,
                ..PersonFields::default()
            });
        }
        let mut namer = Namer::new(&roster);
        let (first, ids) = namer.people_and_ids(&[PersonIdx(1), PersonIdx(0)]);
        let again = namer.people(&[PersonIdx(0), PersonIdx(1)]);
        assert_eq!(ids, None);
        assert_eq!(first[0].label(), "Bo");
        assert!(Arc::ptr_eq(&first[0].0, &again[1].0));
        assert!(Arc::ptr_eq(&first[1].0, &again[0].0));
        // Made on its own, a person has texts of its own, equal to the shared ones.
        let alone = Person::of(&roster, PersonIdx(0));
        assert!(!Arc::ptr_eq(&alone.0, &again[0].0));
        assert_eq!(alone, again[0]);
    }
}
