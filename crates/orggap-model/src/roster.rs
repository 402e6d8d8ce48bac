//! The roster: people, their levels as one people × skills matrix (two levels a byte), and
//! what they own.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashMap;
use rayon::prelude::*;

use crate::unknown::UnknownCells;
use crate::{Level, PersonIdx, RespIdx, SkillIdx};

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
    /// Ids from the HR system, one per person, when `has_ids`.
    ids: Texts,
    has_ids: bool,
    /// The people whose name someone else has too (possible only with ids): bit `p % 64` of
    /// word `p / 64` for person `p` (no words when nobody's is).
    shared: Arc<Vec<u64>>,
    /// Everyone by exact name and id, once [`Roster::index_people`] built it; shared by
    /// copies, dropped when people are added.
    index: PeopleIndex,
    /// Whether the roster had rating columns by rater (`Skill (self)`, …).
    has_ratings: bool,
    /// The date of each person's ratings as `yyyymmdd`, sorted by person, when the roster
    /// has an assessed column (`has_assessed`).
    assessed: Arc<Vec<(PersonIdx, u32)>>,
    has_assessed: bool,
    /// In long form, the date of the rating each person's level of a skill rests on,
    /// sorted by person then skill.
    rating_dates: Arc<Vec<(PersonIdx, SkillIdx, u32)>>,
    /// Interest in skills (0..3, `none` to `high`), sorted by person then skill, when the
    /// roster has interest columns (`has_interest`).
    interest: Arc<Vec<(PersonIdx, SkillIdx, u8)>>,
    has_interest: bool,
    /// Self and manager ratings 2 or more apart: person, skill, self, manager, in roster
    /// then skill order.
    calibration: Arc<Vec<(PersonIdx, SkillIdx, u8, u8)>>,
    /// Each person's manager ([`NO_MANAGER`] for a top person), when `has_managers`.
    managers: Column<u32>,
    has_managers: bool,
    titles: Arc<Vec<String>>,
    title_of: Column<u32>,
    teams: Arc<Vec<String>>,
    team_of: Column<u32>,
    /// Capacities the roster gives, sorted by person; most people have none (the default).
    capacity: Arc<Vec<(PersonIdx, u32)>>,
    /// Declared ownership, sorted by person then responsibility, without repeats.
    owns: Arc<Vec<(PersonIdx, RespIdx)>>,
    /// Leaving dates as `yyyymmdd`, sorted by person; most people have none.
    leaves: Arc<Vec<(PersonIdx, u32)>>,
    /// Legal names ("First Last") of the people known by a preferred first name, sorted by
    /// person: they find the person too.
    legal: Arc<Vec<(PersonIdx, String)>>,
    /// The level matrix in blocks of [`BLOCK_ROWS`] rows, two levels a byte (a level fits in
    /// four bits): half the memory of a byte each, for a million-person roster 17 MB.
    levels: Vec<Arc<Vec<u8>>>,
    /// The rows of the block being filled, which each copy owns (see [`Column`]).
    open_levels: Vec<u8>,
    /// The levels the roster does not give (their level above is 0), when it has any.
    unknown: Option<UnknownCells>,
}

/// Rows per block of the level matrix: growing by whole blocks never copies what is there,
/// so a million-row import peaks at the matrix's size, not twice it.
const BLOCK_ROWS: usize = 1 << 16;

/// [`Roster`]'s mark of a person without a manager.
const NO_MANAGER: u32 = u32::MAX;

/// Every person of a roster in hash tables by exact name and by id (person indices,
/// compared through the roster), so that naming a few people costs nothing on a roster of
/// millions. Built on demand ([`Roster::index_people`]): a one-off command scans instead.
#[derive(Clone, Default)]
struct PeopleIndex(Arc<std::sync::OnceLock<IndexTables>>);

struct IndexTables {
    hasher: hashbrown::DefaultHashBuilder,
    names: hashbrown::HashTable<u32>,
    ids: hashbrown::HashTable<u32>,
}

impl std::fmt::Debug for PeopleIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "PeopleIndex(built)"
        } else {
            "PeopleIndex"
        })
    }
}

/// An index says nothing about who is on the roster: rosters compare without it.
impl PartialEq for PeopleIndex {
    fn eq(&self, _: &PeopleIndex) -> bool {
        true
    }
}

impl Eq for PeopleIndex {}

/// Which people of a roster share their name with someone else, in roster order: found by
/// [`Roster::shared_names`], kept by [`Roster::set_shared_names`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedNames(Vec<PersonIdx>);

/// The people who may share a name, found from name hashes alone (before the names are
/// at hand, say): each as the upper half of their name's hash and their index, in that
/// order. Equal halves of different names are possible; [`Roster::shared_names_of`]
/// compares the names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameCandidates(Vec<(u64, u32)>);

impl NameCandidates {
    /// The candidates among people the upper halves of whose name hashes (one hasher, in
    /// roster order; see [`NameCandidates::half`]) are `halves`, given in parts one after
    /// another (the parts of a file read side by side, or one part). A first pass keeps
    /// only the people whose half's top bits someone else's share too (a bit for every
    /// sixteen or more people's worth of values, so that most people whose name nobody
    /// else has go before any sorting); those are sorted on every core, so that equal
    /// halves meet.
    pub fn new<L: AsRef<[u32]>>(halves: &[L]) -> NameCandidates {
        let all = || halves.iter().flat_map(|part| part.as_ref());
        let count = halves.iter().map(|part| part.as_ref().len()).sum();
        let twice = TopBits::met_twice(all().copied(), count);
        // Without a branch on each person (a sixth or so are kept, in no order a branch
        // predictor could learn): every person is written, and the next one written over
        // them unless they are kept, a block at a time.
        const BLOCK: usize = 1 << 12;
        let mut kept: Vec<u64> = Vec::new();
        let mut block = [0u64; BLOCK];
        let mut people = all().enumerate().peekable();
        while people.peek().is_some() {
            let mut len = 0;
            for (p, &half) in people.by_ref().take(BLOCK) {
                block[len] = u64::from(half) << 32 | p as u64;
                len += usize::from(twice.has(half));
            }
            kept.extend_from_slice(&block[..len]);
        }
        drop(twice);
        kept.par_sort_unstable();
        NameCandidates(
            kept.chunk_by(|a, b| a >> 32 == b >> 32)
                .filter(|run| run.len() > 1)
                .flatten()
                .map(|&e| (e >> 32, e as u32))
                .collect(),
        )
    }

    /// The upper half of a name's hash, all [`NameCandidates::new`] needs of it.
    pub fn half(hash: u64) -> u32 {
        (hash >> 32) as u32
    }
}

/// Which values of the top bits of hashes' upper halves were met more than once (see
/// [`NameCandidates::new`]).
struct TopBits {
    bits: u32,
    /// For each 64 values, which were met (once or more) and which twice or more, side by
    /// side so that one memory read finds both.
    words: Vec<[u64; 2]>,
}

impl TopBits {
    /// The top-bit values met twice or more among `halves` (`count` of them), with about
    /// sixteen values for each.
    fn met_twice(halves: impl Iterator<Item = u32>, count: usize) -> TopBits {
        let bits = (count.max(1) * 16)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(6, 32);
        // Written out, not allocated zeroed: each word is read before it is written.
        let mut words = Vec::with_capacity(1 << (bits - 6));
        words.resize(1 << (bits - 6), [0u64; 2]);
        for half in halves {
            let value = (half >> (32 - bits)) as usize;
            let bit = 1u64 << (value % 64);
            let [seen, twice] = &mut words[value / 64];
            *twice |= *seen & bit;
            *seen |= bit;
        }
        TopBits { bits, words }
    }

    /// Whether `half`'s top bits were met twice.
    fn has(&self, half: u32) -> bool {
        let value = (half >> (32 - self.bits)) as usize;
        self.words[value / 64][1] >> (value % 64) & 1 == 1
    }
}

/// One value per person, in full blocks of [`BLOCK_ROWS`] people that copies of a roster
/// share, then the block being filled, which each copy owns: growing never copies what is
/// there, adding a person touches no shared count, and changing one person in a copy copies
/// at most one block.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Column<T> {
    blocks: Vec<Arc<Vec<T>>>,
    open: Vec<T>,
}

impl<T> Default for Column<T> {
    fn default() -> Column<T> {
        Column {
            blocks: Vec::new(),
            open: Vec::new(),
        }
    }
}

impl<T: Clone> Column<T> {
    fn len(&self) -> usize {
        self.blocks.len() * BLOCK_ROWS + self.open.len()
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&T> {
        match self.blocks.get(i / BLOCK_ROWS) {
            Some(block) => Some(&block[i % BLOCK_ROWS]),
            None => self.open.get(i - self.blocks.len() * BLOCK_ROWS),
        }
    }

    fn set(&mut self, i: usize, value: T) {
        let full = self.blocks.len() * BLOCK_ROWS;
        match self.blocks.get_mut(i / BLOCK_ROWS) {
            Some(block) => Arc::make_mut(block)[i % BLOCK_ROWS] = value,
            None => self.open[i - full] = value,
        }
    }

    fn close_if_full(&mut self) {
        close_if_full(&mut self.blocks, &mut self.open, BLOCK_ROWS);
    }

    fn push(&mut self, value: T) {
        self.open.push(value);
        self.close_if_full();
    }

    fn resize(&mut self, len: usize, value: T) {
        let more = len.saturating_sub(self.len());
        self.extend(std::iter::repeat_n(value, more));
    }

    /// Appends `values`, the open block filled and closed a block at a time.
    fn extend(&mut self, values: impl IntoIterator<Item = T>) {
        let mut values = values.into_iter().peekable();
        while values.peek().is_some() {
            let room = BLOCK_ROWS - self.open.len();
            self.open.extend(values.by_ref().take(room));
            self.close_if_full();
        }
    }

    /// Makes room for `more` values in the open block (the blocks after it are made with
    /// room for a whole block).
    fn reserve(&mut self, more: usize) {
        let room = BLOCK_ROWS - self.open.len();
        self.open.reserve(room.min(more));
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks
            .iter()
            .flat_map(|block| block.iter())
            .chain(&self.open)
    }
}

/// Moves the `open` block among the shared `blocks` once it holds `full` values; the next
/// is made with room for as many. The shared mechanism of [`Column`] and the level matrix.
fn close_if_full<T>(blocks: &mut Vec<Arc<Vec<T>>>, open: &mut Vec<T>, full: usize) {
    if open.len() == full {
        let next = Vec::with_capacity(full);
        blocks.push(Arc::new(std::mem::replace(open, next)));
    }
}

/// One short text per person (names, ids), in full blocks of [`BLOCK_ROWS`] people that
/// copies of a roster share, then the block being filled, which each copy owns (as in
/// [`Column`]); each block is one string and where each text ends in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Texts {
    blocks: Vec<Arc<TextBlock>>,
    open: TextBlock,
}

/// The texts of one block of people.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct TextBlock {
    text: String,
    ends: Vec<u32>,
}

impl TextBlock {
    #[inline]
    fn get(&self, at: usize) -> &str {
        let end = self.ends[at] as usize;
        let start = match at {
            0 => 0,
            _ => self.ends[at - 1] as usize,
        };
        &self.text[start..end]
    }
}

impl Texts {
    fn len(&self) -> usize {
        self.blocks.len() * BLOCK_ROWS + self.open.ends.len()
    }

    #[inline]
    fn get(&self, i: usize) -> &str {
        match self.blocks.get(i / BLOCK_ROWS) {
            Some(block) => block.get(i % BLOCK_ROWS),
            None => self.open.get(i - self.blocks.len() * BLOCK_ROWS),
        }
    }

    fn push(&mut self, text: &str) {
        self.open.text.push_str(text);
        let end = u32::try_from(self.open.text.len()).expect("a block of texts fits in 4 GiB");
        self.open.ends.push(end);
        self.close_if_full();
    }

    /// Moves the open block among the shared ones once it is full; the next is made with
    /// about as many bytes as it took.
    fn close_if_full(&mut self) {
        if self.open.ends.len() == BLOCK_ROWS {
            let hint = self.open.text.len();
            let next = TextBlock {
                text: String::with_capacity(hint + hint / 8),
                ends: Vec::with_capacity(BLOCK_ROWS),
            };
            self.blocks
                .push(Arc::new(std::mem::replace(&mut self.open, next)));
        }
    }

    /// Appends texts given as one string and where each ends in it.
    fn extend(&mut self, text: &str, mut ends: &[u32]) {
        let mut start = 0;
        while !ends.is_empty() {
            let room = BLOCK_ROWS - self.open.ends.len();
            let (now, later) = ends.split_at(room.min(ends.len()));
            let end = *now.last().expect("at least one text") as usize;
            let shift = self.open.text.len();
            self.open.text.push_str(&text[start..end]);
            let ends_in_block = |e: &u32| {
                u32::try_from(*e as usize - start + shift).expect("a block of texts fits in 4 GiB")
            };
            self.open.ends.extend(now.iter().map(ends_in_block));
            self.close_if_full();
            start = end;
            ends = later;
        }
    }

    fn append(&mut self, other: &Texts) {
        for block in other.blocks.iter().map(AsRef::as_ref).chain([&other.open]) {
            self.extend(&block.text, &block.ends);
        }
    }
}

/// Who a text names among a roster's people (see [`Roster::lookup`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Exactly this person.
    Found(PersonIdx),
    /// Nobody.
    Missing,
    /// Several people share this name; they are told apart by id.
    Shared(Vec<PersonIdx>),
}

/// One person's levels, read from the packed matrix.
#[derive(Clone, Copy, Debug)]
pub struct LevelRow<'a> {
    packed: &'a [u8],
    len: usize,
}

impl<'a> LevelRow<'a> {
    /// The level of skill `i`, as a number 0..=5.
    #[inline]
    pub fn get(&self, i: usize) -> u8 {
        (self.packed[i / 2] >> ((i % 2) * 4)) & 0x0f
    }

    /// Number of skills.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for a catalogue without skills.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every level in skill order.
    pub fn iter(self) -> impl Iterator<Item = u8> + 'a {
        (0..self.len).map(move |i| self.get(i))
    }

    /// The packed bytes: skill `2i` in the low four bits of byte `i`, skill `2i + 1` in the
    /// high four bits (0 past the last skill).
    pub fn packed(&self) -> &'a [u8] {
        self.packed
    }

    /// Writes the levels, one byte each, into `out` (at least [`LevelRow::len`] long).
    #[inline]
    pub fn unpack_into(&self, out: &mut [u8]) {
        for (pair, &byte) in out.chunks_mut(2).zip(self.packed) {
            pair[0] = byte & 0x0f;
            if let Some(high) = pair.get_mut(1) {
                *high = byte >> 4;
            }
        }
    }
}

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
        self.has_ids
    }

    /// Marks the roster as one with ids (an id column), before or after people are added;
    /// people added without one have an empty id.
    pub fn use_ids(&mut self) {
        self.has_ids = true;
        while self.ids.len() < self.len() {
            self.ids.push("");
        }
    }

    /// The person's id, when the roster has ids.
    #[inline]
    pub fn id(&self, p: PersonIdx) -> Option<&str> {
        self.has_ids.then(|| self.ids.get(p.index()))
    }

    /// Whether someone else on the roster has this person's name.
    pub fn name_is_shared(&self, p: PersonIdx) -> bool {
        let p = p.index();
        self.shared
            .get(p / 64)
            .is_some_and(|word| word >> (p % 64) & 1 == 1)
    }

    /// How outputs name the person: the name, or `Name (id)` where the name is shared.
    pub fn label(&self, p: PersonIdx) -> Cow<'_, str> {
        match self.id(p) {
            Some(id) if self.name_is_shared(p) => {
                let name = self.name(p);
                let mut label = String::with_capacity(name.len() + id.len() + 3);
                label.extend([name, " (", id, ")"]);
                Cow::Owned(label)
            }
            _ => Cow::Borrowed(self.name(p)),
        }
    }

    /// Finds which people share a name (a roster with ids may repeat names): done once,
    /// after the last person is added, for [`Roster::label`]. Names are hashed on every
    /// core ([`NameCandidates`]); only names whose hashes meet are compared.
    pub fn find_shared_names(&mut self) {
        self.set_shared_names(self.shared_names());
    }

    /// The people who share a name with someone else, as [`Roster::find_shared_names`]
    /// finds them, without changing the roster (so that other work can go on beside it);
    /// [`Roster::set_shared_names`] keeps the answer.
    pub fn shared_names(&self) -> SharedNames {
        if !self.has_ids() {
            return SharedNames(Vec::new());
        }
        let hasher = hashbrown::DefaultHashBuilder::default();
        let halves: Vec<u32> = (0..self.len() as u32)
            .into_par_iter()
            .map(|p| NameCandidates::half(hasher.hash_one(self.name(PersonIdx(p)))))
            .collect();
        self.shared_names_of(NameCandidates::new(&[halves]))
    }

    /// [`Roster::shared_names`] from the people whose name hashes meet (see
    /// [`NameCandidates`]), their names compared.
    pub fn shared_names_of(&self, candidates: NameCandidates) -> SharedNames {
        let NameCandidates(candidates) = candidates;
        if !self.has_ids() || candidates.iter().any(|&(_, p)| p as usize >= self.len()) {
            return self.shared_names();
        }
        // The candidates come sorted, so equal halves are side by side.
        let runs: Vec<&[(u64, u32)]> = candidates.chunk_by(|a, b| a.0 == b.0).collect();
        let mut shared: Vec<PersonIdx> = runs
            .into_par_iter()
            .flat_map_iter(|run| {
                // Equal halves of different names are possible: compare the names, each
                // against the others of its run (sorted by name, equal names side by side).
                let mut names: Vec<(&str, u32)> = run
                    .iter()
                    .map(|&(_, p)| (self.name(PersonIdx(p)), p))
                    .collect();
                // Mostly one name the whole run: then nothing need be sorted.
                if names.iter().all(|&(name, _)| name == names[0].0) {
                    return names.iter().map(|&(_, p)| PersonIdx(p)).collect();
                }
                names.sort_unstable();
                names
                    .chunk_by(|a, b| a.0 == b.0)
                    .filter(|same| same.len() > 1)
                    .flatten()
                    .map(|&(_, p)| PersonIdx(p))
                    .collect::<Vec<_>>()
            })
            .collect();
        shared.sort_unstable();
        SharedNames(shared)
    }

    /// Keeps what [`Roster::shared_names`] found, for [`Roster::label`].
    pub fn set_shared_names(&mut self, shared: SharedNames) {
        let words = shared.0.last().map_or(0, |last| last.index() / 64 + 1);
        let mut bits = vec![0u64; words];
        for p in shared.0 {
            bits[p.index() / 64] |= 1 << (p.index() % 64);
        }
        self.shared = Arc::new(bits);
    }

    /// Who `text` names: the person with this id, else the one person with this exact name,
    /// else the one whose name matches ignoring case. A name several people share (or
    /// several match ignoring case) is [`Lookup::Shared`], with those people in roster order.
    pub fn lookup(&self, text: &str) -> Lookup {
        self.lookup_many(&[text]).pop().unwrap_or(Lookup::Missing)
    }

    /// How a scenario names `p` so that the name finds nobody else: the id where the person
    /// has one, else the name.
    pub fn reference(&self, p: PersonIdx) -> &str {
        match self.id(p).filter(|id| !id.is_empty()) {
            Some(id) => id,
            None => self.name(p),
        }
    }

    /// Whether the roster says who reports to whom (it had a manager column).
    pub fn has_managers(&self) -> bool {
        self.has_managers
    }

    /// The person's manager; `None` for a top person or a roster without reporting lines.
    pub fn manager(&self, p: PersonIdx) -> Option<PersonIdx> {
        self.managers
            .get(p.index())
            .filter(|&&m| m != NO_MANAGER)
            .map(|&m| PersonIdx(m))
    }

    /// Sets every person's manager, in roster order.
    ///
    /// # Panics
    /// When `managers` is not one entry per person.
    pub fn set_managers(&mut self, managers: impl IntoIterator<Item = Option<PersonIdx>>) {
        self.has_managers = true;
        self.managers = Column::default();
        self.managers
            .extend(managers.into_iter().map(|m| m.map_or(NO_MANAGER, |p| p.0)));
        assert_eq!(
            self.managers.len(),
            self.len(),
            "one manager entry per person"
        );
    }

    /// The person's job title, empty when unknown.
    pub fn title(&self, p: PersonIdx) -> &str {
        &self.titles[self.title_of.get(p.index()).copied().unwrap_or(0) as usize]
    }

    /// The person's team, empty when unknown.
    pub fn team(&self, p: PersonIdx) -> &str {
        &self.teams[self.team_index(p)]
    }

    /// The person's team as an index into [`Roster::teams`] (0 is "no team").
    pub fn team_index(&self, p: PersonIdx) -> usize {
        self.team_of.get(p.index()).copied().unwrap_or(0) as usize
    }

    /// The distinct team names in order of first appearance; entry 0 is the empty team.
    pub fn teams(&self) -> &[String] {
        &self.teams
    }

    /// The capacity the roster gives this person, `None` when it does not say.
    pub fn capacity(&self, p: PersonIdx) -> Option<u32> {
        self.capacity
            .binary_search_by_key(&p, |&(q, _)| q)
            .ok()
            .map(|i| self.capacity[i].1)
    }

    /// The person's level in `skill`.
    pub fn level(&self, p: PersonIdx, skill: SkillIdx) -> Level {
        Level(self.row(p).get(skill.index()))
    }

    /// Bytes of one packed row.
    fn row_bytes(&self) -> usize {
        self.skill_count.div_ceil(2)
    }

    /// The person's levels, one per catalogue skill.
    #[inline]
    pub fn row(&self, p: PersonIdx) -> LevelRow<'_> {
        let (block, at) = (p.index() / BLOCK_ROWS, p.index() % BLOCK_ROWS);
        let bytes = self.row_bytes();
        let start = at * bytes;
        LevelRow {
            // A catalogue without skills has no level blocks at all.
            packed: match (bytes, self.levels.get(block)) {
                (0, _) => &[],
                (_, Some(block)) => &block[start..start + bytes],
                (_, None) => &self.open_levels[start..start + bytes],
            },
            len: self.skill_count,
        }
    }

    /// The people of `base` (up to the shorter roster's length) whose levels differ here:
    /// for a copy of `base` changed here and there (a scenario's), the blocks of levels the
    /// copy still shares with it are passed over without being read. People past `base`'s
    /// length are not listed. Every person when the two have different skills.
    pub fn rows_differing_from(&self, base: &Roster) -> Vec<PersonIdx> {
        let shared = self.len().min(base.len());
        if self.skill_count != base.skill_count {
            return (0..shared).map(PersonIdx::from_usize).collect();
        }
        let bytes = self.row_bytes();
        let mut differing = Vec::new();
        if bytes == 0 {
            return differing;
        }
        for (b, ((mine_block, mine), (theirs_block, theirs))) in
            self.level_blocks().zip(base.level_blocks()).enumerate()
        {
            if let (Some(a), Some(b)) = (mine_block, theirs_block)
                && Arc::ptr_eq(a, b)
            {
                continue;
            }
            let first = b * BLOCK_ROWS;
            let rows = (shared.saturating_sub(first)).min(BLOCK_ROWS);
            let pairs = mine.chunks(bytes).zip(theirs.chunks(bytes)).take(rows);
            differing.extend(
                pairs
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .map(|(i, _)| PersonIdx::from_usize(first + i)),
            );
        }
        differing
    }

    /// The blocks of the level matrix, each with its shared block (`None` for the open one).
    fn level_blocks(&self) -> impl Iterator<Item = (Option<&Arc<Vec<u8>>>, &[u8])> {
        let closed = self
            .levels
            .iter()
            .map(|block| (Some(block), block.as_slice()));
        closed.chain([(None, self.open_levels.as_slice())])
    }

    fn packed_mut(&mut self, p: PersonIdx) -> &mut [u8] {
        let (block, at) = (p.index() / BLOCK_ROWS, p.index() % BLOCK_ROWS);
        let bytes = self.row_bytes();
        if bytes == 0 {
            return &mut [];
        }
        let start = at * bytes;
        match self.levels.get_mut(block) {
            Some(block) => &mut Arc::make_mut(block)[start..start + bytes],
            None => &mut self.open_levels[start..start + bytes],
        }
    }

    /// Sets all of `p`'s levels from one byte per skill; every byte must be a level 0..=5
    /// (importers parse each cell into a [`Level`] first).
    pub fn set_row(&mut self, p: PersonIdx, levels: &[u8]) {
        let packed = self.packed_mut(p);
        for (byte, pair) in packed.iter_mut().zip(levels.chunks(2)) {
            let high = pair.get(1).copied().unwrap_or(0);
            *byte = (pair[0] & 0x0f) | (high << 4);
        }
    }

    /// Every level of every person, row by row.
    pub fn levels(&self) -> impl Iterator<Item = u8> + '_ {
        self.people().flat_map(move |p| self.row(p).iter())
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

    /// Leaving dates as `yyyymmdd` numbers (so they compare as dates), sorted by person.
    pub fn leaves(&self) -> &[(PersonIdx, u32)] {
        &self.leaves
    }

    /// Records that `p` leaves on `yyyymmdd`.
    pub fn set_leaves(&mut self, p: PersonIdx, yyyymmdd: u32) {
        match self.leaves.binary_search_by_key(&p, |&(q, _)| q) {
            Ok(i) => Arc::make_mut(&mut self.leaves)[i].1 = yyyymmdd,
            Err(i) => Arc::make_mut(&mut self.leaves).insert(i, (p, yyyymmdd)),
        }
    }

    /// Notes `p`'s legal name, where the roster names them by a preferred one (people are
    /// noted in roster order).
    pub fn set_legal_name(&mut self, p: PersonIdx, name: &str) {
        Arc::make_mut(&mut self.legal).push((p, name.to_owned()));
    }

    /// `p`'s legal name, where the roster names them by a preferred one.
    pub fn legal_name(&self, p: PersonIdx) -> Option<&str> {
        let i = self.legal.binary_search_by_key(&p, |(q, _)| *q).ok()?;
        Some(self.legal[i].1.as_str())
    }

    /// The person with exactly this name.
    pub fn find_person(&self, name: &str) -> Option<PersonIdx> {
        self.people().find(|&p| self.name(p) == name)
    }

    /// Sets `p`'s level in `skill` (known from now on).
    pub fn set_level(&mut self, p: PersonIdx, skill: SkillIdx, level: Level) {
        self.put_level(p, skill, level);
        if let Some(unknown) = &mut self.unknown {
            unknown.set(p, skill, false);
        }
    }

    fn put_level(&mut self, p: PersonIdx, skill: SkillIdx, level: Level) {
        let (byte, shift) = (skill.index() / 2, (skill.index() % 2) * 4);
        let packed = self.packed_mut(p);
        packed[byte] = (packed[byte] & !(0x0f << shift)) | (level.get() << shift);
    }

    fn unknown_mut(&mut self) -> &mut UnknownCells {
        let (people, skills) = (self.len(), self.skill_count);
        self.unknown
            .get_or_insert_with(|| UnknownCells::new(people, skills))
    }

    /// Marks `p`'s level in `skill` unknown, as a cell of the roster (`N/A`, `?`, …): its
    /// level reads as 0 (the worst case), and [`Roster::is_known`] says it is not known.
    pub fn set_unknown(&mut self, p: PersonIdx, skill: SkillIdx) {
        self.put_level(p, skill, Level::NONE);
        let unknown = self.unknown_mut();
        if !unknown.get(p, skill) {
            unknown.set(p, skill, true);
            unknown.cells += 1;
        }
    }

    /// Marks the skills of `unknown` (bit `s % 64` of word `s / 64` for skill `s`) unknown for
    /// `p`, as cells of the roster, whose levels there must already be 0: what an importer
    /// does once per row that has any.
    pub fn set_unknown_row(&mut self, p: PersonIdx, unknown: &[u64]) {
        let cells = self.unknown_mut();
        cells.cells += unknown
            .iter()
            .map(|w| u64::from(w.count_ones()))
            .sum::<u64>();
        cells.or_row(p, unknown);
    }

    /// Marks `skills` unknown for everyone: the roster has no column (no row) for them.
    pub fn set_skills_without_column(&mut self, skills: &[SkillIdx]) {
        if skills.is_empty() {
            return;
        }
        for p in self.people() {
            for &s in skills {
                self.put_level(p, s, Level::NONE);
            }
        }
        self.unknown_mut().set_columns(skills);
    }

    /// Whether the roster has any unknown level (a skill without a column, an `N/A` cell);
    /// a roster without is analysed exactly as one where every level is given.
    pub fn has_unknown(&self) -> bool {
        self.unknown.is_some()
    }

    /// Whether `p`'s level in `skill` is known.
    pub fn is_known(&self, p: PersonIdx, skill: SkillIdx) -> bool {
        self.unknown.as_ref().is_none_or(|u| !u.get(p, skill))
    }

    /// The skills whose level is unknown for `p`, in catalogue order.
    pub fn unknown_skills(&self, p: PersonIdx) -> Vec<SkillIdx> {
        match &self.unknown {
            Some(unknown) => unknown.skills_of(p).collect(),
            None => Vec::new(),
        }
    }

    /// The skills the roster has no column (long form: no row) for, in catalogue order.
    pub fn skills_without_column(&self) -> &[SkillIdx] {
        self.unknown.as_ref().map_or(&[], |u| u.columns.as_slice())
    }

    /// How many cells the roster marked unknown (skills without a column not counted).
    pub fn unknown_cells(&self) -> u64 {
        self.unknown.as_ref().map_or(0, |u| u.cells)
    }

    /// The people with at least one unknown level, in roster order.
    pub fn people_with_unknown(&self) -> Vec<PersonIdx> {
        self.unknown
            .as_ref()
            .map_or_else(Vec::new, UnknownCells::people_with_unknown)
    }

    /// The best case: a copy in which every unknown level is `top`, and which knows of no
    /// unknown; `None` when every level is known. Blocks without an unknown level stay
    /// shared with this roster.
    pub fn raised(&self, top: Level) -> Option<Roster> {
        let unknown = self.unknown.as_ref()?;
        let mut copy = self.clone();
        copy.unknown = None;
        for p in unknown.people_with_unknown() {
            let packed = copy.packed_mut(p);
            for s in unknown.skills_of(p) {
                let (byte, shift) = (s.index() / 2, (s.index() % 2) * 4);
                packed[byte] = (packed[byte] & !(0x0f << shift)) | (top.get() << shift);
            }
        }
        Some(copy)
    }

    /// Drops the index of people (see [`Roster::index_people`]) before people are added: a
    /// fresh one unless this roster alone holds one still unbuilt (checked without a
    /// locked instruction, so that adding a million people costs no million of them).
    fn forget_index(&mut self) {
        if self.index.0.get().is_some() || Arc::strong_count(&self.index.0) > 1 {
            self.index = PeopleIndex::default();
        }
    }

    /// Appends a person with every level 0 and returns their index.
    ///
    /// # Panics
    /// When the roster would exceed `u32::MAX` people or 4 GiB of names; importers refuse
    /// such input before calling this.
    pub fn push_person(&mut self, fields: PersonFields<'_>, interner: &mut Interner) -> PersonIdx {
        let p = PersonIdx::from_usize(self.len());
        self.forget_index();
        if fields.id.is_some() && !self.has_ids {
            self.use_ids();
        }
        if self.has_ids {
            self.ids.push(fields.id.unwrap_or_default());
        }
        self.names.push(fields.name);
        if self.has_managers {
            self.managers.push(NO_MANAGER);
        }
        self.title_of
            .push(interner.title(&mut self.titles, fields.title));
        self.team_of
            .push(interner.team(&mut self.teams, fields.team));
        if let Some(capacity) = fields.capacity {
            Arc::make_mut(&mut self.capacity).push((p, capacity));
        }
        let zeros = [0; 64];
        let bytes = self.row_bytes();
        if bytes <= zeros.len() {
            self.push_levels(&zeros[..bytes]);
        } else {
            self.push_levels(&vec![0; bytes]);
        }
        if let Some(unknown) = &mut self.unknown {
            unknown.push_people(1);
        }
        p
    }

    /// Appends packed level rows (whole rows) to the matrix, block by block.
    fn push_levels(&mut self, mut packed: &[u8]) {
        let bytes = self.row_bytes();
        if bytes == 0 {
            return;
        }
        let block = BLOCK_ROWS * bytes;
        // The first block is made whole at once (later ones are made so when closed).
        if self.open_levels.capacity() == 0 {
            self.open_levels.reserve_exact(block);
        }
        while !packed.is_empty() {
            let take = (block - self.open_levels.len()).min(packed.len());
            self.open_levels.extend_from_slice(&packed[..take]);
            packed = &packed[take..];
            close_if_full(&mut self.levels, &mut self.open_levels, block);
        }
    }

    /// Appends every person of `other` (built for the same catalogue) after this roster's
    /// people, as if they had been pushed one by one: titles and teams are re-interned, so
    /// the result equals the roster built in one go. Used to join rosters read in parallel.
    /// Managers of `other` are its own people, shifted along; which names are shared is to
    /// be found again ([`Roster::find_shared_names`]).
    ///
    /// # Panics
    /// When the skill counts differ or the roster would exceed `u32::MAX` people.
    pub fn append(&mut self, other: Roster, interner: &mut Interner) {
        assert_eq!(self.skill_count, other.skill_count, "same catalogue");
        self.forget_index();
        let offset = u32::try_from(self.len()).expect("fewer than 4 billion people");
        let shift = |p: PersonIdx| PersonIdx(p.0 + offset);
        let titles: Vec<u32> = other
            .titles
            .iter()
            .map(|t| interner.title(&mut self.titles, t))
            .collect();
        let teams: Vec<u32> = other
            .teams
            .iter()
            .map(|t| interner.team(&mut self.teams, t))
            .collect();
        self.title_of
            .extend(other.title_of.iter().map(|&t| titles[t as usize]));
        self.team_of
            .extend(other.team_of.iter().map(|&t| teams[t as usize]));
        if other.has_ids {
            self.use_ids();
        }
        self.names.append(&other.names);
        match (self.has_ids, other.has_ids) {
            (true, true) => self.ids.append(&other.ids),
            (true, false) => (0..other.len()).for_each(|_| self.ids.push("")),
            _ => {}
        }
        if self.has_managers || other.has_managers {
            self.managers.resize(self.len() - other.len(), NO_MANAGER);
            self.has_managers = true;
            let shifted = |m: u32| if m == NO_MANAGER { m } else { m + offset };
            match other.has_managers {
                true => self
                    .managers
                    .extend(other.managers.iter().map(|&m| shifted(m))),
                false => self.managers.resize(self.len(), NO_MANAGER),
            }
        }
        // Names may be shared across the two: found again once the roster is whole.
        self.shared = Arc::default();
        for block in &other.levels {
            self.push_levels(block);
        }
        self.push_levels(&other.open_levels);
        if self.unknown.is_some() || other.unknown.is_some() {
            let before = self.len() - other.len();
            let (people, skills) = (other.len(), self.skill_count);
            self.unknown
                .get_or_insert_with(|| UnknownCells::new(before, skills))
                .append(other.unknown.as_ref(), people);
        }
        Arc::make_mut(&mut self.capacity)
            .extend(other.capacity.iter().map(|&(p, c)| (shift(p), c)));
        Arc::make_mut(&mut self.owns).extend(other.owns.iter().map(|&(p, r)| (shift(p), r)));
        Arc::make_mut(&mut self.leaves).extend(other.leaves.iter().map(|&(p, d)| (shift(p), d)));
        if !other.legal.is_empty() {
            Arc::make_mut(&mut self.legal)
                .extend(other.legal.iter().map(|(p, n)| (shift(*p), n.clone())));
        }
        self.has_ratings |= other.has_ratings;
        self.has_assessed |= other.has_assessed;
        self.has_interest |= other.has_interest;
        if !other.rating_dates.is_empty() {
            Arc::make_mut(&mut self.rating_dates)
                .extend(other.rating_dates.iter().map(|&(p, s, d)| (shift(p), s, d)));
        }
        if !other.interest.is_empty() {
            Arc::make_mut(&mut self.interest)
                .extend(other.interest.iter().map(|&(p, s, i)| (shift(p), s, i)));
        }
        if !other.assessed.is_empty() {
            Arc::make_mut(&mut self.assessed)
                .extend(other.assessed.iter().map(|&(p, d)| (shift(p), d)));
        }
        if !other.calibration.is_empty() {
            Arc::make_mut(&mut self.calibration).extend(
                other
                    .calibration
                    .iter()
                    .map(|&(p, skill, own, manager)| (shift(p), skill, own, manager)),
            );
        }
    }

    /// Makes room for `people` more people, so that a large import allocates once instead of
    /// doubling (and copying) as it grows; names and levels grow block by block anyway.
    pub fn reserve(&mut self, people: usize) {
        self.title_of.reserve(people);
        self.team_of.reserve(people);
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
            Some(_) => {
                // Binary search: the pairs before this person's are all smaller.
                match owns.binary_search(&(p, r)) {
                    Ok(_) => {}
                    Err(at) => owns.insert(at, (p, r)),
                }
            }
        }
    }

    /// Who each of `texts` names, as [`Roster::lookup`] would say, in one pass over the
    /// roster on every core (then one more, ignoring case, for texts not found exactly):
    /// what naming a few people in a scenario costs on a roster of millions.
    pub fn lookup_many(&self, texts: &[&str]) -> Vec<Lookup> {
        self.lookup_many_and_names(texts, &[]).0
    }

    /// [`Roster::lookup_many`] of `texts`, and the people with exactly each of `names`
    /// (several where names repeat, in roster order), from the same pass over the roster.
    pub fn lookup_many_and_names(
        &self,
        texts: &[&str],
        names: &[&str],
    ) -> (Vec<Lookup>, Vec<Vec<PersonIdx>>) {
        // As names are kept: trimmed, in Unicode NFC.
        let texts: Vec<Cow<'_, str>> = texts.iter().map(|t| crate::normalize_name(t)).collect();
        let texts: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
        let texts = texts.as_slice();
        let all: Vec<&str> = texts.iter().chain(names).copied().collect();
        let (by_id, mut by_name) = match self.index.0.get() {
            Some(index) => (
                index.find(&index.ids, texts, |p| self.ids.get(p.index())),
                index.find(&index.names, &all, |p| self.name(p)),
            ),
            None => (
                match self.has_ids {
                    true => self.matching(texts, |p| self.ids.get(p.index()), false),
                    false => vec![Vec::new(); texts.len()],
                },
                self.matching(&all, |p| self.name(p), false),
            ),
        };
        let named = by_name.split_off(texts.len());
        let mut found: Vec<Vec<PersonIdx>> = (0..texts.len())
            .map(|i| match by_id[i].first() {
                Some(&p) => vec![p],
                None => std::mem::take(&mut by_name[i]),
            })
            .collect();
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| found[i].is_empty()).collect();
        if !missing.is_empty() {
            let texts: Vec<&str> = missing.iter().map(|&i| texts[i]).collect();
            let folded = self.matching(&texts, |p| self.name(p), true);
            for (i, people) in missing.into_iter().zip(folded) {
                found[i] = people;
            }
        }
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| found[i].is_empty()).collect();
        if !missing.is_empty() {
            self.find_otherwise(texts, &missing, &mut found);
        }
        let found = found
            .into_iter()
            .map(|people| match people.as_slice() {
                [] => Lookup::Missing,
                [p] => Lookup::Found(*p),
                _ => Lookup::Shared(people),
            })
            .collect();
        (found, named)
    }

    /// The people whose names are most like `text` (Jaro–Winkler of at least 0.75,
    /// ignoring case), best first, ties in roster order: at most `k`, for "did you mean".
    pub fn closest(&self, text: &str, k: usize) -> Vec<PersonIdx> {
        let wanted = text.trim().to_lowercase();
        let mut scored: Vec<(f64, PersonIdx)> = self
            .people()
            .map(|p| {
                let name = self.name(p).to_lowercase();
                (strsim::jaro_winkler(&wanted, &name), p)
            })
            .filter(|&(score, _)| score >= 0.75)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(k).map(|(_, p)| p).collect()
    }

    /// Finds the `missing` of `texts` as HR writes names otherwise: "Last, First", or a
    /// legal name where the roster uses a preferred one (each ignoring case).
    fn find_otherwise(&self, texts: &[&str], missing: &[usize], found: &mut [Vec<PersonIdx>]) {
        let swapped: Vec<String> = missing
            .iter()
            .map(|&i| last_first(texts[i]).unwrap_or_default())
            .collect();
        let refs: Vec<&str> = swapped.iter().map(String::as_str).collect();
        let by_name = self.matching(&refs, |p| self.name(p), true);
        let mut legal: HashMap<String, Vec<PersonIdx>> = HashMap::new();
        for (p, name) in self.legal.iter() {
            legal.entry(name.to_lowercase()).or_default().push(*p);
        }
        for ((&i, people), swapped) in missing.iter().zip(by_name).zip(&swapped) {
            if !swapped.is_empty() {
                found[i] = people;
            }
            if found[i].is_empty() && !legal.is_empty() {
                let by_legal = |text: &str| legal.get(&text.to_lowercase()).cloned();
                found[i] = by_legal(texts[i])
                    .or_else(|| by_legal(swapped).filter(|_| !swapped.is_empty()))
                    .unwrap_or_default();
            }
        }
    }

    /// Whether the roster says who is interested in what (it had `Skill (interest)`).
    pub fn has_interest(&self) -> bool {
        self.has_interest
    }

    /// Marks the roster as one with interest columns.
    pub fn use_interest(&mut self) {
        self.has_interest = true;
    }

    /// Records `p`'s interest (0..3) in `skill`; people are added in roster order, each
    /// person's skills in catalogue order.
    pub fn set_interest(&mut self, p: PersonIdx, skill: SkillIdx, interest: u8) {
        self.has_interest = true;
        let all = Arc::make_mut(&mut self.interest);
        match all.binary_search_by_key(&(p, skill), |&(q, s, _)| (q, s)) {
            Ok(i) => all[i].2 = interest,
            Err(i) => all.insert(i, (p, skill, interest)),
        }
    }

    /// `p`'s interest in `skill` (0 none … 3 high), when the roster says.
    pub fn interest(&self, p: PersonIdx, skill: SkillIdx) -> Option<u8> {
        self.interest
            .binary_search_by_key(&(p, skill), |&(q, s, _)| (q, s))
            .ok()
            .map(|i| self.interest[i].2)
    }

    /// Whether the roster dates its ratings (it had an assessed column).
    pub fn has_assessed(&self) -> bool {
        self.has_assessed
    }

    /// Marks the roster as one that dates its ratings.
    pub fn use_assessed(&mut self) {
        self.has_assessed = true;
    }

    /// Records the date (`yyyymmdd`) of `p`'s ratings; people are added in roster order.
    pub fn set_assessed(&mut self, p: PersonIdx, yyyymmdd: u32) {
        self.has_assessed = true;
        let dates = Arc::make_mut(&mut self.assessed);
        match dates.binary_search_by_key(&p, |&(q, _)| q) {
            Ok(i) => dates[i].1 = yyyymmdd,
            Err(i) => dates.insert(i, (p, yyyymmdd)),
        }
    }

    /// Records the date (`yyyymmdd`) of the rating `p`'s level of `skill` rests on (long
    /// form, where each row has its date); people in roster order.
    pub fn set_rating_date(&mut self, p: PersonIdx, skill: SkillIdx, yyyymmdd: u32) {
        let dates = Arc::make_mut(&mut self.rating_dates);
        match dates.binary_search_by_key(&(p, skill), |&(q, s, _)| (q, s)) {
            Ok(i) => dates[i].2 = yyyymmdd,
            Err(i) => dates.insert(i, (p, skill, yyyymmdd)),
        }
    }

    /// The dates of single ratings (long form), sorted by person then skill.
    pub fn rating_dates(&self) -> &[(PersonIdx, SkillIdx, u32)] {
        &self.rating_dates
    }

    /// The dates of people's ratings, sorted by person; most rosters have none.
    pub fn assessed(&self) -> &[(PersonIdx, u32)] {
        &self.assessed
    }

    /// Whether the roster rates skills by rater (it had `Skill (self)`-like columns).
    pub fn has_ratings(&self) -> bool {
        self.has_ratings
    }

    /// Marks the roster as one with ratings by rater.
    pub fn use_ratings(&mut self) {
        self.has_ratings = true;
    }

    /// Notes that `p`'s own and manager's ratings of `skill` differ by 2 or more (people
    /// are noted in roster order, each person's skills in catalogue order).
    pub fn add_calibration(&mut self, p: PersonIdx, skill: SkillIdx, own: u8, manager: u8) {
        self.has_ratings = true;
        Arc::make_mut(&mut self.calibration).push((p, skill, own, manager));
    }

    /// Every calibration gap noted: person, skill, own rating, manager's rating.
    pub fn calibration(&self) -> &[(PersonIdx, SkillIdx, u8, u8)] {
        &self.calibration
    }

    /// Builds the index of everyone by exact name and id (once; copies of this roster share
    /// it), so that [`Roster::lookup_many`] no longer scans the roster for exact matches: for
    /// a long-lived roster that many scenarios name people of (the workspace).
    pub fn index_people(&self) {
        self.index.0.get_or_init(|| {
            fn table<'r>(
                people: usize,
                hasher: &hashbrown::DefaultHashBuilder,
                key: &(dyn Fn(u32) -> &'r str + Sync),
            ) -> hashbrown::HashTable<u32> {
                let hashes: Vec<u64> = (0..people as u32)
                    .into_par_iter()
                    .map(|p| hasher.hash_one(key(p)))
                    .collect();
                let mut table = hashbrown::HashTable::with_capacity(people);
                for (p, &hash) in hashes.iter().enumerate() {
                    table.insert_unique(hash, p as u32, |&q| hashes[q as usize]);
                }
                table
            }
            let hasher = hashbrown::DefaultHashBuilder::default();
            let names = table(self.len(), &hasher, &|p| self.name(PersonIdx(p)));
            let ids = match self.has_ids {
                true => table(self.len(), &hasher, &|p| self.ids.get(p as usize)),
                false => hashbrown::HashTable::new(),
            };
            IndexTables { hasher, names, ids }
        });
    }

    /// For each of `texts`, the people (in roster order) whose `key` equals it, ignoring
    /// case when `fold_case`.
    fn matching<'r>(
        &'r self,
        texts: &[&str],
        key: impl Fn(PersonIdx) -> &'r str + Sync,
        fold_case: bool,
    ) -> Vec<Vec<PersonIdx>> {
        fn fold(text: &str, fold_case: bool) -> Cow<'_, str> {
            match fold_case {
                true => Cow::Owned(text.to_lowercase()),
                false => Cow::Borrowed(text),
            }
        }
        let mut wanted: HashMap<Cow<'_, str>, usize> = HashMap::new();
        for (i, text) in texts.iter().enumerate() {
            wanted.entry(fold(text, fold_case)).or_insert(i);
        }
        // Ignoring case, an ASCII key can only equal an ASCII text of its length: most keys
        // are ruled out without lowercasing them.
        let mut ascii_lengths = [false; 256];
        for text in wanted.keys().filter(|t| t.is_ascii() && t.len() < 256) {
            ascii_lengths[text.len()] = true;
        }
        let long_ascii = wanted.keys().any(|t| t.is_ascii() && t.len() >= 256);
        let found = |text: &str| -> Option<usize> {
            if !fold_case {
                return wanted.get(text).copied();
            }
            if text.is_ascii() {
                let possible = ascii_lengths.get(text.len()).copied().unwrap_or(long_ascii);
                if !possible {
                    return None;
                }
                return wanted.get(text.to_ascii_lowercase().as_str()).copied();
            }
            wanted.get(text.to_lowercase().as_str()).copied()
        };
        let mut hits: Vec<(usize, PersonIdx)> = (0..self.len() as u32)
            .into_par_iter()
            .filter_map(|p| Some((found(key(PersonIdx(p)))?, PersonIdx(p))))
            .collect();
        hits.sort_unstable();
        let mut out = vec![Vec::new(); texts.len()];
        for (first, p) in hits {
            out[first].push(p);
        }
        for (i, text) in texts.iter().enumerate() {
            let first = wanted[&fold(text, fold_case)];
            if first != i {
                out[i] = out[first].clone();
            }
        }
        out
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
        if !self.has_managers {
            self.has_managers = true;
            self.managers = Column::default();
            self.managers.resize(self.len(), NO_MANAGER);
        }
        self.managers
            .set(p.index(), manager.map_or(NO_MANAGER, |m| m.0));
    }

    /// Appends a person after the last, with every level 0: like [`Roster::push_person`],
    /// but interning the title and team among those the roster has (no [`Interner`]).
    pub fn add_person(&mut self, fields: PersonFields<'_>) -> PersonIdx {
        let title = intern_into(&mut self.titles, fields.title);
        let team = intern_into(&mut self.teams, fields.team);
        let mut interner = Interner::default();
        interner.titles.insert(fields.title.to_owned(), title);
        interner.teams.insert(fields.team.to_owned(), team);
        self.push_person(fields, &mut interner)
    }

    /// A copy with one person's levels replaced, for what-if analyses and tests.
    pub fn with_level(&self, p: PersonIdx, skill: SkillIdx, level: Level) -> Roster {
        let mut copy = self.clone();
        copy.set_level(p, skill, level);
        copy
    }
}

/// "Last, First" as "First Last"; `None` for a text without exactly one comma between two
/// words.
fn last_first(text: &str) -> Option<String> {
    let (last, first) = text.split_once(',')?;
    let (last, first) = (last.trim(), first.trim());
    (!last.is_empty() && !first.is_empty() && !first.contains(','))
        .then(|| format!("{first} {last}"))
}

/// Interns titles and teams while a roster is built.
#[derive(Debug, Default)]
pub struct Interner {
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

impl IndexTables {
    /// For each of `texts`, the people whose `key` is exactly it, in roster order.
    fn find<'r>(
        &self,
        table: &hashbrown::HashTable<u32>,
        texts: &[&str],
        key: impl Fn(PersonIdx) -> &'r str,
    ) -> Vec<Vec<PersonIdx>> {
        texts
            .iter()
            .map(|text| {
                let hash = self.hasher.hash_one(text);
                let mut people: Vec<PersonIdx> = table
                    .iter_hash(hash)
                    .map(|&p| PersonIdx(p))
                    .filter(|&p| key(p) == *text)
                    .collect();
                people.sort_unstable();
                people
            })
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn person<'a>(name: &'a str, team: &'a str) -> PersonFields<'a> {
        PersonFields {
            name,
            team,
            ..PersonFields::default()
        }
    }

    #[test]
    fn columns_extend_across_blocks_as_pushing_one_by_one_does() {
        // From empty, from inside a block, up to a block's end exactly, and on a copy that
        // shares its blocks (which must not change).
        for start in [0, 5, BLOCK_ROWS - 3, BLOCK_ROWS] {
            for more in [0, 3, BLOCK_ROWS, 2 * BLOCK_ROWS + 7] {
                let mut pushed = Column::default();
                let mut extended = Column::default();
                for i in 0..start {
                    pushed.push(i as u32);
                    extended.push(i as u32);
                }
                let copy = extended.clone();
                let values = (start..start + more).map(|i| i as u32);
                values.clone().for_each(|v| pushed.push(v));
                extended.extend(values);
                assert_eq!(extended.len(), start + more);
                assert!(extended.iter().eq(pushed.iter()), "{start} + {more}");
                assert!(copy.iter().copied().eq(0..start as u32));
                let mut resized = copy.clone();
                resized.resize(start + more, 9);
                assert_eq!(resized.len(), start + more);
                assert!(resized.iter().skip(start).all(|&v| v == 9));
            }
        }
    }

    #[test]
    fn copies_keep_their_values_as_the_original_grows_and_changes() {
        // The original's open block fills and closes after the copy is taken, and people
        // in a shared block, in the closed block and in the new open block change.
        let mut texts = Texts::default();
        let mut column = Column::default();
        let before = BLOCK_ROWS - 2;
        for i in 0..before {
            texts.push(&format!("t{i}"));
            column.push(i as u32);
        }
        let (texts_copy, column_copy) = (texts.clone(), column.clone());
        let after = BLOCK_ROWS + 3;
        for i in before..after {
            texts.push(&format!("t{i}"));
            column.push(i as u32);
        }
        for i in [0, before - 1, after - 2] {
            column.set(i, 7);
        }
        assert_eq!((texts.len(), column.len()), (after, after));
        assert!((0..after).all(|i| texts.get(i) == format!("t{i}")));
        let changed = |i: usize| [0, before - 1, after - 2].contains(&i);
        assert!((0..after).all(|i| column.get(i) == Some(&if changed(i) { 7 } else { i as u32 })));
        assert_eq!((texts_copy.len(), column_copy.len()), (before, before));
        assert!((0..before).all(|i| texts_copy.get(i) == format!("t{i}")));
        assert!(column_copy.iter().copied().eq(0..before as u32));
        assert_eq!(column_copy.get(before), None);
    }

    #[test]
    fn rows_differing_are_found_in_shared_and_open_blocks() {
        // A copy changed in a block it shares and in its own open block, then grown.
        let mut base = Roster::new(3);
        let mut interner = Interner::default();
        for i in 0..BLOCK_ROWS + 10 {
            base.push_person(person(&format!("P{i}"), ""), &mut interner);
        }
        let mut copy = base.clone();
        let changed = [PersonIdx(5), PersonIdx::from_usize(BLOCK_ROWS + 2)];
        for p in changed {
            copy.set_level(p, SkillIdx(1), Level(3));
        }
        copy.push_person(person("New", ""), &mut interner);
        assert_eq!(copy.rows_differing_from(&base), changed);
        assert_eq!(base.rows_differing_from(&copy), changed);
        assert_eq!(base.level(changed[1], SkillIdx(1)), Level(0));
        assert_eq!(copy.level(changed[1], SkillIdx(1)), Level(3));
    }

    #[test]
    fn lookups_agree_with_and_without_the_index() {
        let mut roster = Roster::new(1);
        let mut interner = Interner::default();
        for (name, id) in [("Ada", "E1"), ("Bo", "E2"), ("Ada", "E3"), ("Zoë", "E4")] {
            let fields = PersonFields {
                name,
                id: Some(id),
                ..PersonFields::default()
            };
            roster.push_person(fields, &mut interner);
        }
        let texts = ["E3", "Ada", "Bo", "ada", "zoë", "Nobody", "E9"];
        let names = ["Ada", "Cy"];
        let scanned = roster.lookup_many_and_names(&texts, &names);
        assert_eq!(
            scanned.0,
            [
                Lookup::Found(PersonIdx(2)),
                Lookup::Shared(vec![PersonIdx(0), PersonIdx(2)]),
                Lookup::Found(PersonIdx(1)),
                Lookup::Shared(vec![PersonIdx(0), PersonIdx(2)]),
                Lookup::Found(PersonIdx(3)),
                Lookup::Missing,
                Lookup::Missing,
            ]
        );
        roster.index_people();
        assert_eq!(roster.lookup_many_and_names(&texts, &names), scanned);
        // A copy shares the index; adding someone drops it, and lookups stay right.
        let mut copy = roster.clone();
        copy.push_person(person("Cy", ""), &mut interner);
        let (_, named) = copy.lookup_many_and_names(&[], &names);
        assert_eq!(
            named,
            [vec![PersonIdx(0), PersonIdx(2)], vec![PersonIdx(4)]]
        );
    }

    #[test]
    fn people_keep_names_teams_and_levels() {
        let mut roster = Roster::new(3);
        let mut interner = Interner::default();
        let ada = roster.push_person(person("Ada", "Product"), &mut interner);
        let bob = roster.push_person(person("Bob", ""), &mut interner);
        let cy = roster.push_person(person("Cy", "Product"), &mut interner);
        roster.set_level(bob, SkillIdx(2), Level::EXPERT);
        assert_eq!(roster.len(), 3);
        assert_eq!(
            [roster.name(ada), roster.name(bob), roster.name(cy)],
            ["Ada", "Bob", "Cy"]
        );
        assert_eq!(roster.team(cy), "Product");
        assert_eq!(roster.team(bob), "");
        assert_eq!(roster.teams().len(), 2);
        assert_eq!(roster.row(bob).iter().collect::<Vec<_>>(), [0, 0, 5]);
        let mut unpacked = [9; 3];
        roster.row(bob).unpack_into(&mut unpacked);
        assert_eq!(unpacked, [0, 0, 5]);
        assert_eq!(roster.level(ada, SkillIdx(2)), Level::NONE);
        assert_eq!(roster.find_person("Cy"), Some(cy));
        assert_eq!(roster.find_person("cy"), None);
    }

    #[test]
    fn appending_equals_pushing_in_one_go() {
        let skills = 5;
        let person_at = |i: usize| {
            let team = ["", "Product", "Sales", "Data"][i % 4];
            let title = ["Lead", "", "Analyst"][i % 3];
            (format!("P{}", i % 1000), title, team)
        };
        let fill = |roster: &mut Roster, interner: &mut Interner, range: std::ops::Range<usize>| {
            for i in range {
                let (name, title, team) = person_at(i);
                // Ids from the first person on, some empty; names repeat every 1,000 people.
                let id = format!("E{i}");
                let fields = PersonFields {
                    name: &name,
                    id: (i % 9 != 4).then_some(id.as_str()),
                    title,
                    team,
                    capacity: (i % 7 == 0).then_some(i as u32 % 4),
                };
                let p = roster.push_person(fields, interner);
                roster.set_level(p, SkillIdx((i % skills) as u16), Level((i % 6) as u8));
                if i % 5 == 0 {
                    roster.add_owner(p, RespIdx((i % 3) as u16));
                }
                if i % 11 == 0 {
                    roster.set_leaves(p, 20_270_101 + i as u32 % 28);
                }
            }
        };
        let total = BLOCK_ROWS + BLOCK_ROWS / 2 + 17;
        let mut whole = Roster::new(skills);
        fill(&mut whole, &mut Interner::default(), 0..total);
        // Splits inside a block, at a block boundary and with an empty part.
        for split in [1, 1000, BLOCK_ROWS, BLOCK_ROWS + 3, total] {
            let mut interner = Interner::default();
            let mut first = Roster::new(skills);
            fill(&mut first, &mut interner, 0..split);
            let mut second = Roster::new(skills);
            fill(&mut second, &mut Interner::default(), split..total);
            first.append(second, &mut interner);
            assert_eq!(first, whole, "split at {split}");
        }
    }

    #[test]
    fn ids_tell_shared_names_apart() {
        let mut roster = Roster::new(0);
        let mut interner = Interner::default();
        for (name, id) in [
            ("John Smith", "E1"),
            ("Ada", "E2"),
            ("John Smith", "E3"),
            ("ada", "E4"),
        ] {
            let fields = PersonFields {
                name,
                id: Some(id),
                ..PersonFields::default()
            };
            roster.push_person(fields, &mut interner);
        }
        roster.find_shared_names();
        let labels: Vec<String> = roster.people().map(|p| roster.label(p).into()).collect();
        assert_eq!(labels, ["John Smith (E1)", "Ada", "John Smith (E3)", "ada"]);
        assert_eq!(roster.lookup("E3"), Lookup::Found(PersonIdx(2)));
        assert_eq!(roster.lookup("Ada"), Lookup::Found(PersonIdx(1)));
        assert_eq!(
            roster.lookup("John Smith"),
            Lookup::Shared(vec![PersonIdx(0), PersonIdx(2)])
        );
        // Ignoring case only when nobody has the exact name, and then only one person.
        assert_eq!(
            roster.lookup("ADA"),
            Lookup::Shared(vec![PersonIdx(1), PersonIdx(3)])
        );
        assert_eq!(
            roster.lookup("john SMITH"),
            Lookup::Shared(vec![PersonIdx(0), PersonIdx(2)])
        );
        assert_eq!(roster.lookup("Grace"), Lookup::Missing);
    }

    proptest::proptest! {
        #[test]
        fn name_candidates_are_every_half_met_twice(
            halves in proptest::collection::vec(0u64..64, 0..400),
            low in proptest::collection::vec(proptest::num::u64::ANY, 400),
            split in 0usize..400,
        ) {
            // Upper halves from a few values (spread over the top bits, so that the first
            // pass keeps some and drops others), any lower halves: the candidates are the
            // people whose upper half someone else's equals, by half then roster order,
            // however the hashes are split into parts.
            let hashes: Vec<u64> = halves
                .iter()
                .zip(&low)
                .map(|(&h, &l)| h.wrapping_mul(0x9E37_79B9_7F4A_7C15) & !0xFFFF_FFFF | l >> 32)
                .collect();
            let mut truth: Vec<(u64, u32)> = (0..hashes.len())
                .filter(|&p| (0..hashes.len()).any(|q| q != p && hashes[q] >> 32 == hashes[p] >> 32))
                .map(|p| (hashes[p] >> 32, p as u32))
                .collect();
            truth.sort_unstable();
            let split = split.min(hashes.len());
            let halves: Vec<u32> = hashes.iter().map(|&h| NameCandidates::half(h)).collect();
            let candidates = NameCandidates::new(&[&halves[..split], &halves[split..]]);
            proptest::prop_assert_eq!(candidates.0, truth);
        }
    }

    #[test]
    fn shared_names_are_found_by_their_text_whatever_the_hashes() {
        let names = ["Ana", "Bo", "Ana", "Cy", "Bo", "Di", "Ana", "ana"];
        let mut roster = Roster::new(0);
        let mut interner = Interner::default();
        for (i, name) in names.iter().enumerate() {
            let id = format!("E{i}");
            let fields = PersonFields {
                name,
                id: Some(&id),
                ..PersonFields::default()
            };
            roster.push_person(fields, &mut interner);
        }
        let truth = roster.shared_names();
        let people: Vec<u32> = truth.0.iter().map(|p| p.0).collect();
        assert_eq!(people, [0, 1, 2, 4, 6]);
        // Equal names hash alike; every name alike, or alike in the upper half only, or
        // apart in the top bits that place them: the names tell them apart, the same answer.
        let kind = |name: &str| {
            ["Ana", "Bo", "Cy", "Di", "ana"]
                .iter()
                .position(|&k| k == name)
        };
        let kinds: Vec<u64> = names.iter().map(|n| kind(n).unwrap() as u64).collect();
        for hashes in [
            vec![7u64; names.len()],
            kinds.iter().map(|k| 0xABCD_0000_0000_0000 | k).collect(),
            kinds.iter().map(|k| k << 60).collect(),
        ] {
            let halves: Vec<u32> = hashes.iter().map(|&h| NameCandidates::half(h)).collect();
            let candidates = NameCandidates::new(&[halves]);
            assert_eq!(roster.shared_names_of(candidates), truth, "{hashes:x?}");
        }
    }

    #[test]
    fn managers_survive_appending() {
        let build = |names: &[&str], managers: &[Option<u32>]| {
            let mut roster = Roster::new(0);
            let mut interner = Interner::default();
            for name in names {
                roster.push_person(person(name, ""), &mut interner);
            }
            let managers: Vec<Option<PersonIdx>> =
                managers.iter().map(|m| m.map(PersonIdx)).collect();
            roster.set_managers(managers);
            roster
        };
        let mut first = build(&["A", "B"], &[None, Some(0)]);
        first.append(
            build(&["C", "D"], &[None, Some(0)]),
            &mut Interner::default(),
        );
        let got: Vec<Option<PersonIdx>> = first.people().map(|p| first.manager(p)).collect();
        assert_eq!(got, [None, Some(PersonIdx(0)), None, Some(PersonIdx(2))]);
        assert!(first.has_managers());
        // A roster without reporting lines has none, and says so.
        let mut plain = Roster::new(0);
        plain.push_person(person("A", ""), &mut Interner::default());
        assert!(!plain.has_managers() && plain.manager(PersonIdx(0)).is_none());
    }

    #[test]
    fn a_catalogue_without_skills_has_empty_rows() {
        let mut roster = Roster::new(0);
        let mut interner = Interner::default();
        let a = roster.push_person(person("A", ""), &mut interner);
        roster.set_row(a, &[]);
        assert!(roster.row(a).is_empty());
        assert_eq!(roster.row(a).packed(), &[] as &[u8]);
        let mut more = Roster::new(0);
        more.push_person(person("B", ""), &mut Interner::default());
        roster.append(more, &mut interner);
        assert_eq!(roster.len(), 2);
        assert!(roster.row(PersonIdx(1)).is_empty());
    }

    #[test]
    fn ownership_is_sorted_and_unique() {
        let mut roster = Roster::new(0);
        let mut interner = Interner::default();
        let a = roster.push_person(person("A", ""), &mut interner);
        let b = roster.push_person(person("B", ""), &mut interner);
        roster.add_owner(a, RespIdx(3));
        roster.add_owner(a, RespIdx(1));
        roster.add_owner(a, RespIdx(3));
        roster.add_owner(a, RespIdx(2));
        roster.add_owner(a, RespIdx(1));
        roster.add_owner(b, RespIdx(0));
        assert_eq!(
            roster.owned_by(a).collect::<Vec<_>>(),
            [RespIdx(1), RespIdx(2), RespIdx(3)]
        );
        assert_eq!(roster.owned_by(b).collect::<Vec<_>>(), [RespIdx(0)]);
    }
}
