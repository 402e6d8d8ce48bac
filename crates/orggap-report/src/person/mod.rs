//! How outputs name people: by name, as `Name (id)` where the name is shared; JSON keeps
//! the name and adds the id beside it wherever the roster has ids.

use std::borrow::Cow;
use std::ops::Deref;
use std::sync::Arc;

use orggap_model::{PersonIdx, Roster};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

mod names;

pub use names::{Ids, Named, Namer, People};

/// A person named in a report.
///
/// Dereferences to the label people read (`Name`, or `Name (id)` where the name is
/// shared). Serialised on its own (flattened into its parent) as `"person": name` and, when
/// the roster has ids, `"id": id`; in lists (see `names`) as the name alone, the parent
/// carrying the ids in a parallel list (see [`Ids`]).
///
/// A person is a place in a table of texts that every person a report names shares (see
/// [`Namer`]): cloning is cheap, and a report that names a million declared owners keeps
/// each one's texts once.
#[derive(Clone)]
pub struct Person {
    names: Arc<Directory>,
    at: u32,
}

/// The texts of the people a report names: each person's name, id and label, one after
/// another in one text.
#[derive(Debug, Default)]
struct Directory {
    /// Each person's name, then id, then label where it is not the name.
    text: String,
    /// Where each person's name, id and label end in `text`; a person's name starts where
    /// the label of the person before ends.
    ends: Vec<[usize; 3]>,
    /// Whether the people have ids (the roster's ids column; then every person has one).
    ids: bool,
}

impl Directory {
    /// An empty table for the people of `roster`.
    fn of(roster: &Roster) -> Directory {
        Directory {
            ids: roster.has_ids(),
            ..Directory::default()
        }
    }

    /// Adds person `p` of `roster`; returns their place.
    fn push(&mut self, roster: &Roster, p: PersonIdx) -> u32 {
        let label = match roster.label(p) {
            Cow::Owned(label) => Some(label),
            Cow::Borrowed(_) => None,
        };
        self.push_texts(roster.name(p), roster.id(p), label.as_deref())
    }

    /// Adds a person's texts; returns their place.
    fn push_texts(&mut self, name: &str, id: Option<&str>, label: Option<&str>) -> u32 {
        let place = u32::try_from(self.ends.len()).expect("people are numbered by u32");
        self.text.push_str(name);
        let name_end = self.text.len();
        self.text.push_str(id.unwrap_or_default());
        let id_end = self.text.len();
        self.text.push_str(label.unwrap_or_default());
        self.ends.push([name_end, id_end, self.text.len()]);
        place
    }

    /// The name, id and label of the person at `at`.
    fn texts(&self, at: u32) -> (&str, Option<&str>, &str) {
        let at = at as usize;
        let start = at.checked_sub(1).map_or(0, |before| self.ends[before][2]);
        let [name_end, id_end, label_end] = self.ends[at];
        let name = &self.text[start..name_end];
        let id = self.ids.then(|| &self.text[name_end..id_end]);
        let label = match label_end == id_end {
            true => name,
            false => &self.text[id_end..label_end],
        };
        (name, id, label)
    }
}

impl Person {
    /// Person `p` of `roster`, in a table of their own (a [`Namer`] shares one between
    /// every person it names).
    pub fn of(roster: &Roster, p: PersonIdx) -> Person {
        let mut names = Directory::of(roster);
        let at = names.push(roster, p);
        Person {
            names: Arc::new(names),
            at,
        }
    }

    /// The name as the roster gives it.
    pub fn name(&self) -> &str {
        self.names.texts(self.at).0
    }

    /// The id, when the roster has ids.
    pub fn id(&self) -> Option<&str> {
        self.names.texts(self.at).1
    }

    /// How people read the person: the name, or `Name (id)` where the name is shared.
    pub fn label(&self) -> &str {
        self.names.texts(self.at).2
    }
}

impl PartialEq for Person {
    fn eq(&self, other: &Person) -> bool {
        self.names.texts(self.at) == other.names.texts(other.at)
    }
}

impl Eq for Person {}

impl std::fmt::Debug for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (name, id, label) = self.names.texts(self.at);
        f.debug_struct("Person")
            .field("name", &name)
            .field("id", &id)
            .field("label", &label)
            .finish()
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
pub fn join<'a>(people: impl IntoIterator<Item = &'a str>, separator: &str) -> String {
    let labels: Vec<&str> = people.into_iter().collect();
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
    let mut namer = Namer::new(roster);
    namer.add(people);
    namer.finish().people(people)
}

/// The ids of `people`, in the same order, when the roster has ids: the list that goes
/// beside a list of names in JSON.
pub fn ids(roster: &Roster, people: &[PersonIdx]) -> Option<Ids> {
    roster
        .has_ids()
        .then(|| Ids::of(People::of(roster, people)))
}

/// The ids of `people` already named (see [`Person::of`]), in the same order, when `by_id`:
/// [`ids`] without reading the roster again.
pub fn ids_of(people: &[Person], by_id: bool) -> Option<Ids> {
    by_id.then(|| Ids::of(People::from(people)))
}

/// [`people`] and their [`ids`], each person read from the roster once.
pub fn people_and_ids(roster: &Roster, list: &[PersonIdx]) -> (Vec<Person>, Option<Ids>) {
    let mut namer = Namer::new(roster);
    namer.add(list);
    namer.finish().people_and_ids(list)
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

    /// Jo Park twice (ids 7 and 9, so labelled by id), Ada (id 3, an empty id for Bo).
    fn shared_names() -> Roster {
        let mut roster = Roster::new(0);
        for (name, id) in [("Jo Park", "7"), ("Ada", "3"), ("Jo Park", "9"), ("Bo", "")] {
            roster.add_person(PersonFields {
                name,
                id: Some(id),
                ..PersonFields::default()
            });
        }
        roster.find_shared_names();
        roster
    }

    #[test]
    fn a_namer_keeps_each_persons_texts_once_in_one_table() {
        let roster = shared_names();
        let mut namer = Namer::new(&roster);
        let (jo, ada, jo9, bo) = (PersonIdx(0), PersonIdx(1), PersonIdx(2), PersonIdx(3));
        namer.add(&[jo9, ada, jo9]);
        namer.add(&[ada, bo, jo]);
        let named = namer.finish();
        // Four people, each once, whatever the lists.
        assert_eq!(named.person(jo).names.ends.len(), 4);
        let (list, list_ids) = named.list_and_ids(&[jo, jo9, bo, ada, jo]);
        let labels: Vec<&str> = list.labels().collect();
        assert_eq!(
            labels,
            ["Jo Park (7)", "Jo Park (9)", "Bo", "Ada", "Jo Park (7)"]
        );
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"["Jo Park","Jo Park","Bo","Ada","Jo Park"]"#
        );
        assert_eq!(
            serde_json::to_string(&list_ids).unwrap(),
            r#"["7","9","","3","7"]"#
        );
        assert_eq!(list.first(2), named.people(&[jo, jo9]));
        // Every person and list shares the one table.
        let people = named.people(&[ada, bo]);
        assert!(Arc::ptr_eq(&people[0].names, &people[1].names));
        assert!(Arc::ptr_eq(&people[0].names, &list.names));
        // Anyone the namer was not given is still named right, in a table of their own.
        let mut few = Namer::new(&roster);
        few.add(&[ada]);
        let few = few.finish();
        assert_eq!(few.person(jo9), Person::of(&roster, jo9));
        assert_eq!(few.list(&[ada, bo]), People::of(&roster, &[ada, bo]));
        assert_eq!(few.person(bo).id(), Some(""));
        assert_eq!(few.person(jo9).label(), "Jo Park (9)");
    }

    #[test]
    fn people_copied_into_a_table_of_their_own_read_the_same() {
        let roster = shared_names();
        let all: Vec<PersonIdx> = roster.people().collect();
        let listed = people(&roster, &all);
        // A list of people shares one table (a diff of two rosters names a million).
        assert!(Arc::ptr_eq(&listed[0].names, &listed[3].names));
        let copied = People::from(listed.as_slice());
        assert_eq!(copied.iter().collect::<Vec<_>>(), listed);
        for (a, b) in copied.iter().zip(&listed) {
            assert_eq!((a.name(), a.id(), a.label()), (b.name(), b.id(), b.label()));
        }
        let copied_ids = ids_of(&listed, true).unwrap();
        assert_eq!(copied_ids.iter().collect::<Vec<_>>(), ["7", "3", "9", ""]);
        assert_eq!(ids_of(&listed, false), None);
        assert_eq!(People::from(&[][..]), People::default());
    }
}
