//! Naming many people at once: one table of texts for every person a report names, and
//! lists of people as places in it (four bytes a mention).

use std::sync::Arc;

use hashbrown::HashMap;
use orggap_model::{PersonIdx, Roster};
use serde::{Serialize, Serializer};

use super::{Directory, Person};

/// Names the people of one roster for one report: every person added is given a place in
/// one table of texts, once however many lists name them; [`Namer::finish`] then hands out
/// people and lists that share it.
#[derive(Debug)]
pub struct Namer<'a> {
    roster: &'a Roster,
    names: Directory,
    /// Each person's place in `names` (a map, as a report usually names few of a roster).
    places: HashMap<PersonIdx, u32>,
}

impl<'a> Namer<'a> {
    /// A namer for `roster`.
    pub fn new(roster: &'a Roster) -> Namer<'a> {
        Namer {
            roster,
            names: Directory::of(roster),
            places: HashMap::new(),
        }
    }

    /// Gives every person of `list` a place (the ones already there keep theirs).
    pub fn add(&mut self, list: &[PersonIdx]) {
        for &p in list {
            if !self.places.contains_key(&p) {
                let place = self.names.push(self.roster, p);
                self.places.insert(p, place);
            }
        }
    }

    /// The people added, ready to be named.
    pub fn finish(self) -> Named<'a> {
        Named {
            roster: self.roster,
            names: Arc::new(self.names),
            places: self.places,
        }
    }
}

/// The people a [`Namer`] was given: people and lists of them that share its table.
#[derive(Debug)]
pub struct Named<'a> {
    roster: &'a Roster,
    names: Arc<Directory>,
    places: HashMap<PersonIdx, u32>,
}

impl Named<'_> {
    /// Person `p` (in a table of their own if the namer was not given them).
    pub fn person(&self, p: PersonIdx) -> Person {
        match self.places.get(&p) {
            Some(&at) => Person {
                names: Arc::clone(&self.names),
                at,
            },
            None => Person::of(self.roster, p),
        }
    }

    /// The people at `list`, in that order.
    pub fn people(&self, list: &[PersonIdx]) -> Vec<Person> {
        list.iter().map(|&p| self.person(p)).collect()
    }

    /// [`Named::people`] and, when the roster has ids, their ids.
    pub fn people_and_ids(&self, list: &[PersonIdx]) -> (Vec<Person>, Option<Ids>) {
        let people = self.people(list);
        let ids = self.roster.has_ids().then(|| Ids::of(self.list(list)));
        (people, ids)
    }

    /// The people at `list` as a [`People`] list.
    pub fn list(&self, list: &[PersonIdx]) -> People {
        let places: Option<Vec<u32>> = list.iter().map(|p| self.places.get(p).copied()).collect();
        match places {
            Some(at) => People {
                names: Arc::clone(&self.names),
                at,
            },
            None => People::of(self.roster, list),
        }
    }

    /// [`Named::list`] and, when the roster has ids, their ids.
    pub fn list_and_ids(&self, list: &[PersonIdx]) -> (People, Option<Ids>) {
        let people = self.list(list);
        let ids = self.roster.has_ids().then(|| Ids::of(people.clone()));
        (people, ids)
    }
}

/// A list of people that may be long (every declared owner of a duty): places in one table
/// of texts, four bytes a person. Serialised as their names.
#[derive(Clone, Default)]
pub struct People {
    pub(super) names: Arc<Directory>,
    at: Vec<u32>,
}

impl People {
    /// The people at `list` of `roster`, in that order.
    pub fn of(roster: &Roster, list: &[PersonIdx]) -> People {
        let mut namer = Namer::new(roster);
        namer.add(list);
        namer.finish().list(list)
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// The people, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Person> + '_ {
        self.at.iter().map(|&at| Person {
            names: Arc::clone(&self.names),
            at,
        })
    }

    /// The first `count` people (all when there are fewer).
    pub fn first(&self, count: usize) -> Vec<Person> {
        self.iter().take(count).collect()
    }

    /// The labels people read, in order.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.at.iter().map(|&at| self.names.texts(at).2)
    }
}

impl From<&[Person]> for People {
    /// The same people in a table of their own.
    fn from(people: &[Person]) -> People {
        let mut names = Directory {
            ids: people.iter().any(|p| p.id().is_some()),
            ..Directory::default()
        };
        let at = people
            .iter()
            .map(|p| {
                let (name, id, label) = p.names.texts(p.at);
                names.push_texts(name, id, (label != name).then_some(label))
            })
            .collect();
        People {
            names: Arc::new(names),
            at,
        }
    }
}

impl PartialEq for People {
    fn eq(&self, other: &People) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for People {}

impl std::fmt::Debug for People {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for People {
    /// As their names.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.at.iter().map(|&at| self.names.texts(at).0))
    }
}

/// The JSON Schema of a type serialised as a list of texts, written in place.
macro_rules! list_of_texts_schema {
    ($($type:ident),*) => {$(
        impl schemars::JsonSchema for $type {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($type).into()
            }

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <Vec<String>>::json_schema(generator)
            }

            fn inline_schema() -> bool {
                true
            }
        }
    )*};
}

list_of_texts_schema!(People, Ids);

/// The ids of a list of people, in the same order: the list that goes beside a list of
/// names in JSON (`qualified_ids` beside `qualified`), serialised as a list of texts. It
/// shares the people's texts rather than copying them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Ids(People);

impl Ids {
    /// The ids of `people`.
    pub fn of(people: People) -> Ids {
        Ids(people)
    }

    /// The ids, in order (empty where a person has none).
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let people = &self.0;
        people
            .at
            .iter()
            .map(|&at| people.names.texts(at).1.unwrap_or_default())
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
