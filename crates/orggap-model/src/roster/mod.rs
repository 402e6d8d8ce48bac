//! The roster: people, their levels as one people × skills matrix (two levels a byte), and
//! what they own. One file a concern: `blocks.rs` the blocks copies share, `names.rs` names,
//! ids and finding a person, `levels.rs` the level matrix and unknown levels (`unknown.rs`),
//! `annotations.rs` ratings, dates and interest, `builder.rs` what only an importer does
//! (growing the roster row by row, joining parts); here the roster itself, its per-person
//! columns, ownership and the edits a scenario makes.

use std::sync::Arc;

use hashbrown::HashMap;

mod annotations;
mod blocks;
mod builder;
mod levels;
mod names;
mod similar;
#[cfg(test)]
mod tests;
mod unknown;

pub use builder::RosterBuilder;
pub use levels::LevelRow;
pub use names::{Lookup, NameCandidates, SharedNames};
pub use similar::SimilarNames;

use blocks::{Column, Indexes, Texts};
use names::PeopleIndex;
use unknown::UnknownCells;

use crate::{Day, Interest, PersonIdx, RespIdx, SkillIdx};

/// The people of a team, with every person's level in every catalogue skill.
///
/// Levels are a dense row-major `people × skills` matrix, two levels a byte; names are kept
/// once; both grow in blocks of people so that growing never copies. Titles and teams are
/// interned. Row order is the roster's order, which every
/// "ties in roster order" rule relies on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Roster {
    skill_count: usize,
    names: Texts,
    /// Ids from the HR system, one per person, when the roster has an id column.
    ids: Option<Texts>,
    /// The people whose name someone else has too (possible only with ids): bit `p % 64` of
    /// word `p / 64` for person `p` (no words when nobody's is).
    shared: Arc<Vec<u64>>,
    /// Everyone by exact name and id, once [`Roster::index_people`] built it; shared by
    /// copies, dropped when people are added.
    index: PeopleIndex,
    /// The day of each person's ratings, sorted by person, when the roster has an assessed
    /// column.
    assessed: Option<Arc<Vec<(PersonIdx, Day)>>>,
    /// In long form, the date of the rating each person's level of a skill rests on,
    /// sorted by person then skill.
    rating_dates: Arc<Vec<(PersonIdx, SkillIdx, Day)>>,
    /// Interest in skills, sorted by person then skill, when the roster has interest
    /// columns.
    interest: Option<Arc<Vec<(PersonIdx, SkillIdx, Interest)>>>,
    /// When the roster rates skills by rater (`Skill (self)`, …): the self and manager
    /// ratings 2 or more apart, person, skill, self, manager, in roster then skill order.
    calibration: Option<Arc<Vec<CalibrationGap>>>,
    /// Each person's manager ([`NO_MANAGER`] for a top person), when the roster has
    /// reporting lines.
    managers: Option<Column<u32>>,
    titles: Arc<Vec<String>>,
    title_of: Indexes,
    teams: Arc<Vec<String>>,
    team_of: Indexes,
    /// Capacities the roster gives, sorted by person; most people have none (the default).
    capacity: Arc<Vec<(PersonIdx, u32)>>,
    /// Declared ownership, sorted by person then responsibility, without repeats.
    owns: Arc<Vec<(PersonIdx, RespIdx)>>,
    /// Leaving days, sorted by person; most people have none.
    leaves: Arc<Vec<(PersonIdx, Day)>>,
    /// Legal names ("First Last") of the people known by a preferred first name, sorted by
    /// person: they find the person too.
    legal: Arc<names::LegalNames>,
    /// The level matrix in blocks of [`BLOCK_ROWS`] rows, two levels a byte (a level fits in
    /// four bits): half the memory of a byte each, for a million-person roster 17 MB.
    levels: Vec<Arc<Vec<u8>>>,
    /// The rows of the block being filled, which each copy owns (see [`Column`]).
    open_levels: Vec<u8>,
    /// The levels the roster does not give (their level above is 0), when it has any.
    unknown: Option<UnknownCells>,
}

/// A calibration gap: person, skill, their own rating, their manager's.
type CalibrationGap = (PersonIdx, SkillIdx, u8, u8);

/// Rows per block of the level matrix: growing by whole blocks never copies what is there,
/// so a million-row import peaks at the matrix's size, not twice it.
const BLOCK_ROWS: usize = 1 << 16;

/// [`Roster`]'s mark of a person without a manager.
const NO_MANAGER: u32 = u32::MAX;

/// The fields of one person other than levels and ownership.
#[derive(Clone, Copy, Debug, Default)]
pub struct PersonFields<'a> {
    /// Display name: unique in a roster without ids.
    pub name: &'a str,
    /// The person's id in the HR system, when the roster has ids.
    pub id: Option<&'a str>,
    /// Job title, empty when unknown.
    pub title: &'a str,
    /// Team or department, empty when unknown.
    pub team: &'a str,
    /// How many responsibilities the person can own; `None` for the default.
    pub capacity: Option<u32>,
}

impl Roster {
    /// An empty roster for a catalogue with `skill_count` skills.
    pub fn new(skill_count: usize) -> Roster {
        Roster {
            skill_count,
            titles: Arc::new(vec![String::new()]),
            teams: Arc::new(vec![String::new()]),
            ..Roster::default()
        }
    }

    /// Number of people.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when the roster has no people.
    pub fn is_empty(&self) -> bool {
        self.names.len() == 0
    }

    /// Number of skill columns of the level matrix (the catalogue's skill count).
    pub fn skill_count(&self) -> usize {
        self.skill_count
    }

    /// Every person's index, in roster order.
    pub fn people(&self) -> impl ExactSizeIterator<Item = PersonIdx> + use<> {
        (0..self.len() as u32).map(PersonIdx)
    }

    /// The person's name.
    #[inline]
    pub fn name(&self, p: PersonIdx) -> &str {
        self.names.get(p.index())
    }

    /// Whether the people have ids (the roster had an id column).
    pub fn has_ids(&self) -> bool {
        self.ids.is_some()
    }

    /// The person's id, when the roster has ids.
    #[inline]
    pub fn id(&self, p: PersonIdx) -> Option<&str> {
        self.ids.as_ref().map(|ids| ids.get(p.index()))
    }

    /// Whether the roster says who reports to whom (it had a manager column).
    pub fn has_managers(&self) -> bool {
        self.managers.is_some()
    }

    /// The person's manager; `None` for a top person or a roster without reporting lines.
    pub fn manager(&self, p: PersonIdx) -> Option<PersonIdx> {
        self.managers
            .as_ref()?
            .get(p.index())
            .filter(|&&m| m != NO_MANAGER)
            .map(|&m| PersonIdx(m))
    }

    /// Sets every person's manager, in roster order.
    ///
    /// # Panics
    /// When `managers` is not one entry per person.
    pub fn set_managers(&mut self, managers: impl IntoIterator<Item = Option<PersonIdx>>) {
        let mut column = Column::default();
        column.extend(managers.into_iter().map(|m| m.map_or(NO_MANAGER, |p| p.0)));
        assert_eq!(column.len(), self.len(), "one manager entry per person");
        self.managers = Some(column);
    }

    /// The person's job title, empty when unknown.
    pub fn title(&self, p: PersonIdx) -> &str {
        &self.titles[self.title_of.get(p.index()).unwrap_or(0) as usize]
    }

    /// The person's team, empty when unknown.
    pub fn team(&self, p: PersonIdx) -> &str {
        &self.teams[self.team_index(p)]
    }

    /// The person's team as an index into [`Roster::teams`] (0 is "no team").
    pub fn team_index(&self, p: PersonIdx) -> usize {
        self.team_of.get(p.index()).unwrap_or(0) as usize
    }

    /// The distinct team names in order of first appearance; entry 0 is the empty team.
    pub fn teams(&self) -> &[String] {
        &self.teams
    }

    /// [`Roster::teams`] shared, for what outlives the roster (a report): the list is not
    /// copied.
    pub fn shared_teams(&self) -> Arc<Vec<String>> {
        Arc::clone(&self.teams)
    }

    /// The capacity the roster gives this person, `None` when it does not say.
    pub fn capacity(&self, p: PersonIdx) -> Option<u32> {
        self.capacity
            .binary_search_by_key(&p, |&(q, _)| q)
            .ok()
            .map(|i| self.capacity[i].1)
    }

    /// Declared ownership pairs, sorted by person then responsibility.
    pub fn owns(&self) -> &[(PersonIdx, RespIdx)] {
        &self.owns
    }

    /// The responsibilities `p` is the declared owner of, in catalogue order.
    pub fn owned_by(&self, p: PersonIdx) -> impl Iterator<Item = RespIdx> + '_ {
        let start = self.owns.partition_point(|&(q, _)| q < p);
        self.owns[start..]
            .iter()
            .take_while(move |&&(q, _)| q == p)
            .map(|&(_, r)| r)
    }

    /// Leaving days, sorted by person.
    pub fn leaves(&self) -> &[(PersonIdx, Day)] {
        &self.leaves
    }

    /// Records that `p` leaves on `day`.
    pub fn set_leaves(&mut self, p: PersonIdx, day: Day) {
        match self.leaves.binary_search_by_key(&p, |&(q, _)| q) {
            Ok(i) => Arc::make_mut(&mut self.leaves)[i].1 = day,
            Err(i) => Arc::make_mut(&mut self.leaves).insert(i, (p, day)),
        }
    }

    /// Declares `p` an owner of `r`.
    ///
    /// People are added in roster order, so a new pair belongs at the end, or among the
    /// pairs of the same person (an `owns` cell may list duties in any order): it is placed
    /// there, costing the size of one person's list, never a sort of the whole roster's.
    pub fn add_owner(&mut self, p: PersonIdx, r: RespIdx) {
        let owns = Arc::make_mut(&mut self.owns);
        match owns.last() {
            None => owns.push((p, r)),
            Some(&last) if last < (p, r) => owns.push((p, r)),
            Some(&last) if last == (p, r) => {}
            // The last person's pairs (reading a roster): placed among them alone, which
            // are in the cache, not by a search of the whole list.
            Some(&(last, _)) if last == p => {
                let start = owns.iter().rposition(|&(q, _)| q != p).map_or(0, |i| i + 1);
                if let Err(at) = owns[start..].binary_search(&(p, r)) {
                    owns.insert(start + at, (p, r));
                }
            }
            // Anyone else (a scenario's change of owner): a search of the whole list.
            Some(_) => {
                if let Err(at) = owns.binary_search(&(p, r)) {
                    owns.insert(at, (p, r));
                }
            }
        }
    }

    /// Gives `p` the job title `title` (an existing title, or a new one, appended).
    pub fn set_title(&mut self, p: PersonIdx, title: &str) {
        let index = intern_into(&mut self.titles, title);
        self.title_of.set(p.index(), index);
    }

    /// Moves `p` to `team` (an existing team's name, or a new team, appended).
    pub fn set_team(&mut self, p: PersonIdx, team: &str) {
        let index = intern_into(&mut self.teams, team);
        self.team_of.set(p.index(), index);
    }

    /// Sets `p`'s capacity (`None`: the default).
    pub fn set_capacity(&mut self, p: PersonIdx, capacity: Option<u32>) {
        let capacities = Arc::make_mut(&mut self.capacity);
        match (capacities.binary_search_by_key(&p, |&(q, _)| q), capacity) {
            (Ok(i), Some(c)) => capacities[i].1 = c,
            (Ok(i), None) => {
                capacities.remove(i);
            }
            (Err(i), Some(c)) => capacities.insert(i, (p, c)),
            (Err(_), None) => {}
        }
    }

    /// Replaces the duties `p` is the declared owner of.
    pub fn set_owned(&mut self, p: PersonIdx, duties: &[RespIdx]) {
        let owns = Arc::make_mut(&mut self.owns);
        let start = owns.partition_point(|&(q, _)| q < p);
        let end = owns.partition_point(|&(q, _)| q <= p);
        let mut mine: Vec<(PersonIdx, RespIdx)> = duties.iter().map(|&r| (p, r)).collect();
        mine.sort_unstable();
        mine.dedup();
        owns.splice(start..end, mine);
    }

    /// Sets `p`'s manager (`None`: a top person); a roster without reporting lines gains
    /// them, everyone else at the top.
    pub fn set_manager(&mut self, p: PersonIdx, manager: Option<PersonIdx>) {
        let len = self.len();
        let managers = self.managers.get_or_insert_with(|| {
            let mut everyone_top = Column::default();
            everyone_top.resize(len, NO_MANAGER);
            everyone_top
        });
        managers.set(p.index(), manager.map_or(NO_MANAGER, |m| m.0));
    }

    /// Appends a person after the last, with every level 0 (a hire of a scenario or a plan):
    /// like [`RosterBuilder::push_person`], interning the title and team among those the
    /// roster has.
    pub fn add_person(&mut self, fields: PersonFields<'_>) -> PersonIdx {
        let title = intern_into(&mut self.titles, fields.title);
        let team = intern_into(&mut self.teams, fields.team);
        let mut interner = Interner::default();
        interner.titles.insert(fields.title.to_owned(), title);
        interner.teams.insert(fields.team.to_owned(), team);
        self.push_with(fields, &mut interner)
    }
}

/// Interns titles and teams while a roster is built.
#[derive(Debug, Default)]
pub(super) struct Interner {
    titles: HashMap<String, u32>,
    teams: HashMap<String, u32>,
}

impl Interner {
    fn title(&mut self, table: &mut Arc<Vec<String>>, text: &str) -> u32 {
        intern(&mut self.titles, table, text)
    }

    fn team(&mut self, table: &mut Arc<Vec<String>>, text: &str) -> u32 {
        intern(&mut self.teams, table, text)
    }
}

/// The index of `text` in `table`, appended when new (empty text is entry 0).
fn intern_into(table: &mut Arc<Vec<String>>, text: &str) -> u32 {
    if text.is_empty() {
        return 0;
    }
    match table.iter().position(|t| t == text) {
        Some(i) => i as u32,
        None => {
            let table = Arc::make_mut(table);
            table.push(text.to_owned());
            u32::try_from(table.len() - 1).expect("fewer than 4 billion distinct values")
        }
    }
}

fn intern(map: &mut HashMap<String, u32>, table: &mut Arc<Vec<String>>, text: &str) -> u32 {
    if text.is_empty() {
        return 0;
    }
    if let Some(&i) = map.get(text) {
        return i;
    }
    // Only a new value touches the table (which copies of the roster may share).
    let table = Arc::make_mut(table);
    let i = u32::try_from(table.len()).expect("fewer than 4 billion distinct values");
    table.push(text.to_owned());
    map.insert(text.to_owned(), i);
    i
}
