//! Turning the rows of a roster, in wide or long form, into a [`Roster`].
//!
//! The source (CSV text or a spreadsheet) hands over each row as [`Fields`]; this module
//! checks every cell, collects every problem and builds the roster.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use orggap_model::{
    Catalogue, Interner, Level, NameCandidates, PersonFields, PersonIdx, RespIdx, Roster, SkillIdx,
};

use crate::cell::{UNKNOWN, normalize_name, owns_ids, parse_capacity, parse_date, parse_level};
use crate::error::{ImportError, Place, Problems};
use crate::header::{ColumnKind, Field, Form, Layout, NameSource, Rater};
use crate::managers::{self, Issue};
use crate::{Imported, RatingPolicy, SourceInfo};
use orggap_model::quoted;

/// The cells of one row, as byte slices into one buffer: either the cells one after
/// another, or a line of text with the delimiter between cells.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields<'a> {
    /// All cells, concatenated (or separated by `delimiter`).
    pub(crate) data: &'a [u8],
    /// End offset of each cell in `data`.
    pub(crate) ends: &'a [usize],
    /// The byte between cells in `data`, if any.
    pub(crate) delimiter: Option<u8>,
    /// `data` as text, when it is known to be all valid UTF-8 (see [`Fields::checked`]);
    /// otherwise each cell is checked on its own.
    text: Option<&'a str>,
}

impl<'a> Fields<'a> {
    /// The cells whose concatenation is `data` and whose ends are `ends`.
    pub(crate) fn new(data: &'a [u8], ends: &'a [usize]) -> Fields<'a> {
        Fields {
            data,
            ends,
            delimiter: None,
            text: None,
        }
    }

    /// The same cells, their text checked for UTF-8 once for the whole row rather than
    /// cell by cell.
    pub(crate) fn checked(self) -> Fields<'a> {
        Fields {
            text: simdutf8::basic::from_utf8(self.data).ok(),
            ..self
        }
    }

    /// The cells of `line`, one `delimiter` between each two, ending at `ends`.
    pub(crate) fn separated(line: &'a [u8], ends: &'a [usize], delimiter: u8) -> Fields<'a> {
        Fields {
            delimiter: Some(delimiter),
            ..Fields::new(line, ends)
        }
    }

    /// Number of cells.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where the cell at `i` starts in `data`.
    #[inline]
    fn start(&self, i: usize) -> usize {
        match i {
            0 => 0,
            _ => self.ends[i - 1] + usize::from(self.delimiter.is_some()),
        }
    }

    /// The cell at `i`.
    pub(crate) fn get(&self, i: usize) -> &'a [u8] {
        &self.data[self.start(i)..self.ends[i]]
    }

    /// The cell at `i` as text, `None` when it is not valid UTF-8.
    fn str(&self, i: usize) -> Option<&'a str> {
        match self.text {
            Some(text) => text.get(self.start(i)..self.ends[i]),
            None => simdutf8::basic::from_utf8(self.get(i)).ok(),
        }
    }

    /// Whether every cell holds only white space.
    pub(crate) fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.get(i).iter().all(u8::is_ascii_whitespace))
    }
}

/// The column of each field, looked up per row without hashing.
#[derive(Debug, Default)]
struct FieldColumns([Option<usize>; Field::COUNT]);

impl FieldColumns {
    fn get(&self, field: &Field) -> Option<&usize> {
        self.0[*field as usize].as_ref()
    }
}

impl std::ops::Index<&Field> for FieldColumns {
    type Output = usize;

    fn index(&self, field: &Field) -> &usize {
        self.get(field).expect("the layout has this field")
    }
}

/// People of a reporting cycle named in its message.
const CYCLE_NAMES: usize = 20;

/// Distinct unknown `owns` ids or long-form skills named one by one in warnings.
const MAX_UNKNOWN: usize = 20;
/// Warnings kept in full; the rest are counted.
pub const MAX_WARNINGS: usize = 50;

/// How problem places are written: CSV lines or spreadsheet rows.
#[derive(Clone, Debug)]
pub(crate) enum PlaceStyle {
    Lines,
    Sheet(String),
}

/// A person of a long-form roster while their rows are merged.
#[derive(Debug, Default)]
struct LongPerson {
    name: String,
    id: Option<String>,
    /// The first row of the person.
    row: usize,
    manager: Option<(String, usize)>,
    title: Option<(String, usize)>,
    team: Option<(String, usize)>,
    capacity: Option<(u32, usize)>,
    leaves: Option<u32>,
    /// The newest date of the person's ratings.
    assessed: Option<u32>,
    /// Each rating: skill, rater (`None`: unnamed), level, row, the row's date.
    levels: Vec<LongRating>,
    owns: Vec<RespIdx>,
}

/// One long-form rating: skill, rater (`None`: unnamed), level, row, the row's date.
/// The level is `None` where the row says it is unknown.
type LongRating = (SkillIdx, Option<Rater>, Option<Level>, usize, Option<u32>);

impl LongPerson {
    /// What rows are merged by: the id, or the name in a roster without ids.
    fn key(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.name)
    }
}

/// The columns from the first skill column to the last, each with the slot of the level row
/// it fills (its skill, or a spare slot past the skills for a column that is no skill) and
/// whether it is a skill.
#[derive(Debug, Default)]
struct SkillSpan {
    first: usize,
    slots: Vec<(usize, bool)>,
}

impl SkillSpan {
    fn new(skill_cols: &[(usize, SkillIdx)], skill_count: usize) -> SkillSpan {
        let (Some(first), Some(last)) = (
            skill_cols.iter().map(|c| c.0).min(),
            skill_cols.iter().map(|c| c.0).max(),
        ) else {
            return SkillSpan::default();
        };
        let mut slots = vec![(skill_count, false); last - first + 1];
        for &(column, skill) in skill_cols {
            slots[column - first] = (skill.index(), true);
        }
        SkillSpan { first, slots }
    }
}

/// Reads the levels of a row's skill cells that are empty or one digit 0..top — almost every
/// cell — into `levels` (one byte per skill and a spare), walking the cells in column order
/// without branching on their contents (they come in no predictable order). Returns which
/// cells of the span need the full parser (a level word, say): bit `i` for the span's
/// `i`-th column, all bits when the span is wider than 64.
#[inline]
fn simple_levels(span: &SkillSpan, fields: &Fields<'_>, levels: &mut [u8], top: u8) -> u64 {
    if span.slots.is_empty() {
        return 0;
    }
    let ends = &fields.ends[span.first..span.first + span.slots.len()];
    let gap = usize::from(fields.delimiter.is_some());
    let mut start = fields.start(span.first);
    let mut hard = 0u64;
    for (i, (&end, &(slot, skill))) in ends.iter().zip(&span.slots).enumerate() {
        let len = end.wrapping_sub(start);
        let digit = fields.data.get(start).map_or(0, |b| b.wrapping_sub(b'0'));
        let simple = !skill | (len == 0) | ((len == 1) & (digit <= top));
        hard |= u64::from(!simple) << (i % 64);
        levels[slot] = digit & u8::from(len != 0).wrapping_neg();
        start = end + gap;
    }
    if span.slots.len() > 64 && hard != 0 {
        return u64::MAX;
    }
    hard
}

/// How a builder finds people whose name is already on the roster.
#[derive(Debug)]
enum Repeats {
    /// Row by row: people by their key (their roster index, or their index in the
    /// long-form list).
    Here(HashTable<u32>),
    /// Later, over all parts of a file: each person's key identity (see
    /// [`managers::identity`]), in roster order.
    Later(LaterNames),
}

/// Key identities (see [`managers::identity`]: the key itself when short, else mostly its
/// hash) kept for a check over all parts of a file, and a small table of recent ones that
/// notices a name repeated nearby at once (a file of one name repeated, say),
/// so that reading in parts can stop early instead of building rosters it will discard.
#[derive(Debug)]
pub(crate) struct LaterNames {
    hashes: Vec<u64>,
    recent: Box<[u64; RECENT]>,
    repeated: bool,
}

/// Slots of the recent-hash table: 32 KiB, in the first-level cache.
const RECENT: usize = 4096;

impl LaterNames {
    fn new() -> LaterNames {
        LaterNames {
            hashes: Vec::new(),
            recent: Box::new([0; RECENT]),
            repeated: false,
        }
    }

    /// Notes a key's identity (a repeat nearby dooms the part) and keeps it.
    fn push(&mut self, hash: u64) {
        self.note(hash);
        self.hashes.push(hash);
    }

    /// Notes a key's identity without keeping it (the reporting lines' tables will check
    /// it, see [`Prepared::repeated`]).
    fn note(&mut self, hash: u64) {
        let slot = &mut self.recent[managers::mixed(hash) as usize % RECENT];
        self.repeated |= *slot == hash;
        *slot = hash;
    }
}

/// Hashes kept while reading in parts (see [`Builder::defer_name_check`]), so that
/// finishing the roster need not read every person's texts again: the upper half of the
/// hash of each person's name (with ids, for shared names; see [`NameCandidates::half`]),
/// in roster order, and with a manager column
/// the identities (see [`managers::identity`]) of their key (id, or name without ids) and
/// of their manager cell, grouped for finding the managers.
#[derive(Debug, Default)]
pub(crate) struct LaterHashes {
    names: Vec<u32>,
    keys: managers::Buckets,
    cells: managers::Buckets,
}

/// What finishing a roster read in parts needs of the parts' hashes alone — the people who
/// may share a name, the reporting lines' table and first candidates — worked out while the
/// parts are still being joined (see [`Builder::prepare`]).
pub(crate) struct Prepared {
    people: usize,
    names: Option<NameCandidates>,
    managers: Option<managers::Probed>,
    /// Whether a key may be repeated, when the keys were left to the reporting lines' tables
    /// to check (see [`Builder::sorted_name_hashes`]): then the file is read again in one go.
    pub(crate) repeated: bool,
}

impl Default for Repeats {
    fn default() -> Repeats {
        Repeats::Here(HashTable::new())
    }
}

/// Builds a roster from rows, collecting problems and warnings.
pub(crate) struct Builder<'c> {
    catalogue: &'c Catalogue,
    layout: Layout,
    style: PlaceStyle,
    strict: bool,
    roster: Roster,
    interner: Interner,
    /// How repeated people (ids, or names in a roster without ids) are found.
    repeats: Repeats,
    /// The row each person (wide form) was read on, for messages.
    rows: Vec<u32>,
    /// The identities of the people's manager cells (see [`managers::identity`]), in
    /// roster order, until they are taken to be worked on beside the joining of parts.
    cells: managers::Buckets,
    /// The manager cells too long to be their own identities.
    long_cells: managers::LongCells,
    hasher: hashbrown::DefaultHashBuilder,
    /// Hashes taken while each row is in the cache, when reading in parts.
    later: Option<LaterHashes>,
    /// First and last name put together, reused from row to row.
    joined: String,
    /// The work on those hashes done while the parts were joined.
    prepared: Option<Prepared>,
    long: Vec<LongPerson>,
    pub(crate) problems: Problems,
    pub(crate) warnings: Vec<String>,
    /// Unknown ids in `owns` (or unknown skills in long form): first row and count; at
    /// most [`MAX_UNKNOWN`] values, the rows of any others are counted in `unknown_more`.
    unknown: BTreeMap<(&'static str, String), (usize, usize)>,
    unknown_more: usize,
    reported_encoding: bool,
    /// Column indices by role, looked up once.
    name: NameSource,
    id_col: Option<usize>,
    fields: FieldColumns,
    skill_cols: Vec<(usize, SkillIdx)>,
    skill_span: SkillSpan,
    /// A row of levels being parsed, one byte per skill, reused across rows.
    levels: Vec<u8>,
    /// The skills rated by rater, in catalogue order, and which rating counts.
    rated: Vec<RatedSkill>,
    policy: RatingPolicy,
    as_of: Option<u32>,
    /// Whether an empty level cell is unknown (`--blank unknown`) rather than 0.
    blank_unknown: bool,
    /// Long form: the skills some row names (the others are unknown for everyone).
    named_skills: Vec<bool>,
    /// The legal "First Last" of the row being read, where a preferred name replaces the
    /// first name.
    legal: Option<String>,
    /// The unknown cells of the row being read, one bit per skill, reused.
    unknown_bits: Vec<u64>,
    /// Interest columns and their skills, in catalogue order.
    interest_cols: Vec<(usize, SkillIdx)>,
}

/// A skill with rating columns by rater (and perhaps a plain column).
#[derive(Clone, Debug)]
struct RatedSkill {
    skill: SkillIdx,
    plain: Option<usize>,
    raters: Vec<(usize, Rater)>,
}

impl<'c> Builder<'c> {
    pub(crate) fn new(
        catalogue: &'c Catalogue,
        layout: Layout,
        style: PlaceStyle,
        strict: bool,
    ) -> Builder<'c> {
        let mut fields = FieldColumns::default();
        let mut skill_cols = Vec::new();
        let mut rated: Vec<RatedSkill> = Vec::new();
        let mut interest_cols: Vec<(usize, SkillIdx)> = Vec::new();
        for (i, c) in layout.columns.iter().enumerate() {
            match c.kind {
                ColumnKind::Field(f) => {
                    fields.0[f as usize].get_or_insert(i);
                }
                ColumnKind::Skill(s) => skill_cols.push((i, s)),
                ColumnKind::Rating(s, rater) => {
                    match rated.iter_mut().find(|r: &&mut RatedSkill| r.skill == s) {
                        Some(r) => r.raters.push((i, rater)),
                        None => rated.push(RatedSkill {
                            skill: s,
                            plain: None,
                            raters: vec![(i, rater)],
                        }),
                    }
                }
                ColumnKind::Interest(s) => interest_cols.push((i, s)),
                ColumnKind::Unmatched => {}
            }
        }
        interest_cols.sort_by_key(|&(_, s)| s);
        for r in &mut rated {
            r.plain = skill_cols
                .iter()
                .find(|&&(_, s)| s == r.skill)
                .map(|&(i, _)| i);
        }
        rated.sort_by_key(|r| r.skill);
        let mut roster = Roster::new(catalogue.skills().len());
        if !rated.is_empty() {
            roster.use_ratings();
        }
        if fields.get(&Field::Assessed).is_some() {
            roster.use_assessed();
        }
        if !interest_cols.is_empty() {
            roster.use_interest();
        }
        Builder {
            catalogue,
            name: layout.name_source(),
            id_col: fields.get(&Field::Id).copied(),
            layout,
            style,
            strict,
            roster,
            rated,
            policy: RatingPolicy::default(),
            as_of: None,
            blank_unknown: false,
            named_skills: vec![false; catalogue.skills().len()],
            legal: None,
            unknown_bits: Vec::new(),
            interest_cols,
            interner: Interner::default(),
            repeats: Repeats::default(),
            rows: Vec::new(),
            cells: managers::Buckets::default(),
            long_cells: managers::LongCells::default(),
            hasher: hashbrown::DefaultHashBuilder::default(),
            later: None,
            joined: String::new(),
            prepared: None,
            long: Vec::new(),
            problems: Problems::default(),
            warnings: Vec::new(),
            unknown: BTreeMap::new(),
            unknown_more: 0,
            reported_encoding: false,
            fields,
            skill_span: SkillSpan::new(&skill_cols, catalogue.skills().len()),
            skill_cols,
            levels: Vec::new(),
        }
    }

    fn place(&self, row: usize, column: Option<usize>) -> Place {
        let header = |i: usize| {
            self.layout
                .columns
                .get(i)
                .map_or_else(String::new, |c| c.header.clone())
        };
        match &self.style {
            PlaceStyle::Lines => Place::Line {
                line: row,
                column: column.map(header),
            },
            PlaceStyle::Sheet(sheet) => Place::Cell {
                sheet: sheet.clone(),
                row,
                column: column.map(|i| (i, header(i))),
            },
        }
    }

    fn problem(&mut self, row: usize, column: Option<usize>, message: String) {
        let place = self.place(row, column);
        self.problems.push(place, message);
    }

    /// A problem with the cell in `column` of `row`, found by the source (a workbook formula
    /// without a value, say) rather than by reading the row.
    pub(crate) fn cell_problem(&mut self, row: usize, column: usize, message: String) {
        self.problem(row, Some(column), message);
    }

    /// The cell as text, or a problem when it is not UTF-8 (reported once per file).
    fn text<'f>(&mut self, row: usize, fields: &Fields<'f>, column: usize) -> Option<&'f str> {
        match fields.str(column) {
            Some(text) => Some(text),
            None => {
                if !self.reported_encoding {
                    self.reported_encoding = true;
                    let message = "is not valid UTF-8; if the file comes from Excel on Windows, try --encoding windows-1252".to_owned();
                    self.problem(row, Some(column), message);
                }
                None
            }
        }
    }

    fn field_text<'f>(&mut self, row: usize, fields: &Fields<'f>, field: Field) -> Option<&'f str> {
        let column = *self.fields.get(&field)?;
        self.text(row, fields, column)
    }

    /// Reads one data row; `row` is its line (CSV) or row number (sheet).
    pub(crate) fn row(&mut self, row: usize, fields: &Fields<'_>) {
        let fields = &fields.checked();
        if fields.is_blank() {
            return;
        }
        let width = self.layout.columns.len();
        if fields.len() != width {
            let extra_blank = fields.len() > width
                && (width..fields.len()).all(|i| fields.get(i).iter().all(u8::is_ascii_whitespace));
            if !extra_blank {
                let message = format!("has {} fields; the header has {width}", fields.len());
                self.problem(row, None, message);
                return;
            }
        }
        if memchr::memchr(0, fields.data).is_some() {
            self.problem(
                row,
                None,
                "contains a NUL byte; is this a binary file?".into(),
            );
            return;
        }
        // A name made of first and last name is put together in a buffer kept from row
        // to row.
        let mut joined = std::mem::take(&mut self.joined);
        if let Some(name) = self.name(row, fields, &mut joined) {
            let id = match self.id_col {
                Some(column) => self.id(row, fields, column).map(Some).ok_or(()),
                None => Ok(None),
            };
            match (id, self.layout.form) {
                (Err(()), _) => {}
                (Ok(id), Form::Wide) => self.wide_row(row, fields, &name, id),
                (Ok(id), Form::Long) => self.long_row(row, fields, name.into_owned(), id),
            }
        }
        self.joined = joined;
    }

    /// The person's name: the name cell, or the first name — the preferred one where given
    /// — and the last name, joined by a space (put together in `joined`). Where a preferred
    /// name replaces the first name, the legal "First Last" is kept in `self.legal` for the
    /// row, so the person is found by it too.
    fn name<'f>(
        &mut self,
        row: usize,
        fields: &Fields<'f>,
        joined: &'f mut String,
    ) -> Option<Cow<'f, str>> {
        let (name, empty) = match self.name {
            NameSource::Column(column) => (
                normalize_name(self.text(row, fields, column)?),
                "name is empty",
            ),
            NameSource::Parts {
                first,
                last,
                preferred,
            } => {
                let mut part = |column: Option<usize>| match column {
                    Some(c) => self.text(row, fields, c).map(str::trim),
                    None => Some(""),
                };
                let (preferred, first, last) = (part(preferred)?, part(first)?, part(last)?);
                // A preferred name that is already whole ("Abby Silva") is not joined again.
                let whole = !last.is_empty() && preferred.ends_with(last);
                let given = if preferred.is_empty() {
                    first
                } else {
                    preferred
                };
                joined.clear();
                joined.push_str(given);
                if !whole {
                    joined.push(' ');
                    joined.push_str(last);
                }
                self.legal = (!preferred.is_empty() && !first.is_empty() && preferred != first)
                    .then(|| normalize_name(&format!("{first} {last}")).into_owned());
                (
                    normalize_name(joined),
                    "name is empty: no first, last or preferred name",
                )
            }
        };
        if name.is_empty() {
            self.problem(row, self.name.column(), empty.into());
            return None;
        }
        Some(name)
    }

    /// The person's id (trimmed); a problem when it is empty.
    fn id<'f>(&mut self, row: usize, fields: &Fields<'f>, column: usize) -> Option<&'f str> {
        let id = self.text(row, fields, column)?.trim();
        if id.is_empty() {
            self.problem(row, Some(column), "id is empty".into());
            return None;
        }
        Some(id)
    }

    /// The manager cell of the row, trimmed (empty without a manager column).
    fn manager_cell<'f>(&mut self, row: usize, fields: &Fields<'f>) -> &'f str {
        self.field_text(row, fields, Field::Manager)
            .unwrap_or("")
            .trim()
    }

    /// A field parsed by `parse`; a problem (and `None`) when it does not parse.
    fn parsed<T>(
        &mut self,
        row: usize,
        fields: &Fields<'_>,
        field: Field,
        parse: impl Fn(&str) -> Result<Option<T>, String>,
    ) -> Option<T> {
        let text = self.field_text(row, fields, field)?;
        match parse(text) {
            Ok(value) => value,
            Err(message) => {
                let column = self.fields.get(&field).copied();
                self.problem(row, column, message);
                None
            }
        }
    }

    fn capacity(&mut self, row: usize, fields: &Fields<'_>) -> Option<u32> {
        self.parsed(row, fields, Field::Capacity, parse_capacity)
    }

    fn leaves(&mut self, row: usize, fields: &Fields<'_>) -> Option<u32> {
        self.parsed(row, fields, Field::Leaves, parse_date)
    }

    /// The date of the row's ratings; one after the day of the analysis is an error.
    fn assessed(&mut self, row: usize, fields: &Fields<'_>) -> Option<u32> {
        let as_of = self.as_of;
        self.parsed(row, fields, Field::Assessed, |text| {
            let date = parse_date(text)?;
            match (date, as_of) {
                (Some(d), Some(day)) if d > day => Err(format!(
                    "assessed date '{}' is after the day of the analysis ({:04}-{:02}-{:02})",
                    text.trim(),
                    day / 10_000,
                    day / 100 % 100,
                    day % 100
                )),
                _ => Ok(date),
            }
        })
    }

    fn owns(&mut self, row: usize, fields: &Fields<'_>) -> Vec<RespIdx> {
        let Some(text) = self.field_text(row, fields, Field::Owns) else {
            return Vec::new();
        };
        let mut owned = Vec::new();
        for id in owns_ids(text) {
            match self.catalogue.find_responsibility(id) {
                Some(r) => owned.push(r),
                None => self.unknown_value(row, Field::Owns, "owns", id),
            }
        }
        owned
    }

    /// An `owns` id or long-form skill the catalogue does not know: a warning (once per
    /// value), or a problem with `--strict`.
    fn unknown_value(&mut self, row: usize, field: Field, kind: &'static str, value: &str) {
        if self.strict {
            let message = match kind {
                "owns" => format!(
                    "'{}' is not a responsibility of the catalogue",
                    quoted(value)
                ),
                "manager" => format!("manager '{}' is not on the roster", quoted(value)),
                _ => format!("'{}' matches no skill", quoted(value)),
            };
            let column = self.fields.get(&field).copied();
            self.problem(row, column, message);
            return;
        }
        let key = (kind, value.to_owned());
        if self.unknown.len() >= MAX_UNKNOWN && !self.unknown.contains_key(&key) {
            self.unknown_more += 1;
            return;
        }
        self.unknown.entry(key).or_insert((row, 0)).1 += 1;
    }

    /// The earlier person with this key — their id, or their name in a roster without ids —
    /// (an index into the roster, or into `long` for long form), if any; otherwise the key
    /// is recorded for the person about to be added. When the check is left for later, only
    /// the key's identity (see [`managers::identity`]) is kept.
    fn earlier(&mut self, key: &str) -> Option<u32> {
        let with_managers = self.has_managers();
        let (roster, long, hasher, form) =
            (&self.roster, &self.long, &self.hasher, self.layout.form);
        let by_id = self.id_col.is_some();
        let key_of = |i: u32| match form {
            Form::Wide if by_id => roster.id(PersonIdx(i)).unwrap_or_default(),
            Form::Wide => roster.name(PersonIdx(i)),
            Form::Long => long[i as usize].key(),
        };
        match &mut self.repeats {
            Repeats::Later(names) => {
                let identity = managers::identity(hasher, key);
                match self.later.as_mut() {
                    Some(later) if with_managers => {
                        names.note(identity);
                        later.keys.push(identity);
                    }
                    _ => names.push(identity),
                }
                None
            }
            Repeats::Here(people) => {
                let next = match form {
                    Form::Wide => roster.len(),
                    Form::Long => long.len(),
                };
                let same = |&i: &u32| key_of(i) == key;
                match people.entry(hasher.hash_one(key), same, |&i| hasher.hash_one(key_of(i))) {
                    Entry::Occupied(earlier) => Some(*earlier.get()),
                    Entry::Vacant(slot) => {
                        slot.insert(u32::try_from(next).unwrap_or(u32::MAX));
                        None
                    }
                }
            }
        }
    }

    /// A builder for another part of the same file: same layout and name hashing, no rows.
    pub(crate) fn fork(&self) -> Builder<'c> {
        let mut fork = Builder::new(
            self.catalogue,
            self.layout.clone(),
            self.style.clone(),
            self.strict,
        );
        fork.hasher = self.hasher.clone();
        fork.policy = self.policy;
        fork.as_of = self.as_of;
        fork.blank_unknown = self.blank_unknown;
        if let Repeats::Later(..) = self.repeats {
            fork.defer_name_check();
        }
        fork
    }

    /// Which rating counts where a skill is rated by several people, and the day of the
    /// analysis (no rating may be dated after it).
    pub(crate) fn rate_by(&mut self, policy: RatingPolicy, as_of: Option<u32>) {
        self.policy = policy;
        self.as_of = as_of;
    }

    /// Reads empty level cells as unknown (`--blank unknown`) instead of 0.
    pub(crate) fn blanks_unknown(&mut self, yes: bool) {
        self.blank_unknown = yes;
    }

    /// The levels of the skills rated by rater in this row, combined as the policy says,
    /// into `levels`; self and manager ratings 2 or more apart are noted.
    fn rate(&mut self, row: usize, fields: &Fields<'_>, p: PersonIdx, levels: &mut [u8]) {
        for i in 0..self.rated.len() {
            let (skill, plain_col) = (self.rated[i].skill, self.rated[i].plain);
            let given = |cell: &[u8]| !cell.iter().all(u8::is_ascii_whitespace);
            // A cell that says "not assessed" (or is empty, with `--blank unknown`) is no
            // rating; a skill nobody rated then is unknown.
            let mut unknown = plain_col.is_some() && levels[skill.index()] == UNKNOWN;
            let plain = plain_col
                .filter(|&c| given(fields.get(c)))
                .map(|_| levels[skill.index()])
                .filter(|&l| l != UNKNOWN);
            let mut by = [None; 3];
            for k in 0..self.rated[i].raters.len() {
                let (column, rater) = self.rated[i].raters[k];
                let cell = fields.get(column);
                if !given(cell) {
                    unknown |= self.blank_unknown;
                    continue;
                }
                match parse_level(cell, self.catalogue.scale(), self.blank_unknown) {
                    Ok(Some(level)) => by[rater as usize] = Some(level.get()),
                    Ok(None) => unknown = true,
                    Err(message) => self.problem(row, Some(column), message),
                }
            }
            let [own, manager, peer] = by;
            let combined = self.policy.combine(plain, own, manager, peer);
            levels[skill.index()] = combined.unwrap_or(if unknown { UNKNOWN } else { 0 });
            if let (Some(own), Some(manager)) = (own, manager)
                && own.abs_diff(manager) >= 2
            {
                self.roster.add_calibration(p, skill, own, manager);
            }
        }
    }

    /// People read so far (wide form).
    pub(crate) fn people(&self) -> usize {
        self.roster.len()
    }

    /// Whether rows are merged by name (long form) rather than one person each.
    pub(crate) fn is_long_form(&self) -> bool {
        self.layout.form == Form::Long
    }

    /// Keeps name hashes instead of checking names for repeats (wide form, before any row):
    /// the parts of a file are checked together by [`Builder::sorted_name_hashes`].
    pub(crate) fn defer_name_check(&mut self) {
        self.repeats = Repeats::Later(LaterNames::new());
        self.later = Some(LaterHashes::default());
    }

    /// Whether this part of a file can be left: a problem was found, or a name came twice,
    /// so the file will be read again in one go.
    pub(crate) fn doomed(&self) -> bool {
        !self.problems.is_empty() || matches!(&self.repeats, Repeats::Later(n) if n.repeated)
    }

    /// The identities of every key so far, sorted (empty unless the check is deferred, and
    /// empty with a manager column: the tables that find each manager find repeated keys
    /// too, see [`Prepared::repeated`]). Builders forked from one another hash alike, so a
    /// key in two parts gives two equal identities; equal identities of different long keys
    /// are possible but vanishingly rare (and only send the file to be read again in one go).
    pub(crate) fn sorted_name_hashes(&mut self) -> Vec<u64> {
        match std::mem::take(&mut self.repeats) {
            Repeats::Later(names) => {
                let mut sorted = names.hashes;
                sorted.sort_unstable();
                sorted
            }
            here @ Repeats::Here(_) => {
                self.repeats = here;
                Vec::new()
            }
        }
    }

    /// The hashes this part of a file took (see [`Builder::defer_name_check`]), taken out
    /// to be worked on while the parts are joined.
    pub(crate) fn take_later(&mut self) -> Option<LaterHashes> {
        let cells = std::mem::take(&mut self.cells);
        self.later
            .take()
            .map(|later| LaterHashes { cells, ..later })
    }

    /// Whether the rows have ids (so names may be shared) and manager cells.
    pub(crate) fn hashes_kept(&self) -> (bool, bool) {
        (self.id_col.is_some(), self.has_managers())
    }

    /// Whether the roster has a manager column.
    fn has_managers(&self) -> bool {
        self.fields.get(&Field::Manager).is_some()
    }

    /// The work on the hashes of every part of a file, in order (see [`Prepared`]), whose
    /// builders read `people` people: the same as finishing does with them, done beside the
    /// joining of the parts.
    pub(crate) fn prepare(
        parts: Vec<LaterHashes>,
        (ids, managers): (bool, bool),
        people: usize,
    ) -> Prepared {
        // The parts' lists as they are: copying them into one would cost more than the work.
        let (mut keys, mut names, mut cells) = (Vec::new(), Vec::new(), Vec::new());
        for part in parts {
            keys.push(part.keys);
            names.push(part.names);
            cells.push(part.cells);
        }
        let all = |lists: &[managers::Buckets]| lists.iter().map(|b| b.len()).sum::<usize>();
        let named = names.iter().map(Vec::len).sum::<usize>();
        let (names, probed) = rayon::join(
            || (ids && named == people).then(|| NameCandidates::new(&names)),
            || {
                (managers && all(&keys) == people && all(&cells) == people)
                    .then(|| managers::Probed::new(&keys, &cells))
            },
        );
        let repeated = managers && probed.as_ref().is_none_or(|probed| probed.repeated);
        Prepared {
            people,
            names,
            managers: probed,
            repeated,
        }
    }

    /// Keeps the work [`Builder::prepare`] did for finishing.
    pub(crate) fn set_prepared(&mut self, prepared: Prepared) {
        self.prepared = Some(prepared);
    }

    /// Appends the people of a builder that read the next part of the file (wide form,
    /// without problems), whose line numbers are `line_offset` lower than the file's.
    pub(crate) fn absorb(&mut self, part: Builder<'_>, line_offset: usize) {
        self.roster.append(part.roster, &mut self.interner);
        let offset = u32::try_from(line_offset).unwrap_or(u32::MAX);
        self.rows
            .extend(part.rows.iter().map(|&r| r.saturating_add(offset)));
        self.long_cells.append(&part.long_cells);
        for (key, (row, count)) in part.unknown {
            self.unknown.entry(key).or_insert((row + line_offset, 0)).1 += count;
        }
    }

    /// Whether the unknown values these builders (parts of one file) found, together, are
    /// few enough to be named one by one, as reading in one go would name them.
    pub(crate) fn unknown_fits<'b>(parts: impl Iterator<Item = &'b Builder<'c>>) -> bool
    where
        'c: 'b,
    {
        let mut values = std::collections::BTreeSet::new();
        for part in parts {
            if part.unknown_more > 0 {
                return false;
            }
            values.extend(part.unknown.keys());
        }
        values.len() <= MAX_UNKNOWN
    }

    /// Makes room for about `people` rows.
    pub(crate) fn reserve(&mut self, people: usize) {
        self.roster.reserve(people);
        self.rows.reserve(people);
        let with_managers = self.has_managers();
        if with_managers {
            self.cells.reserve(people);
        }
        match &mut self.repeats {
            Repeats::Later(names) => {
                if let Some(later) = &mut self.later {
                    later.names.reserve(people);
                    if with_managers {
                        later.keys.reserve(people);
                    }
                }
                if !with_managers {
                    names.hashes.reserve(people);
                }
            }
            // Rows are yet to come, so the table holds nobody to rehash.
            Repeats::Here(table) if table.is_empty() => *table = HashTable::with_capacity(people),
            Repeats::Here(_) => {}
        }
    }

    fn wide_row(&mut self, row: usize, fields: &Fields<'_>, name: &str, id: Option<&str>) {
        if self.roster.len() >= u32::MAX as usize {
            self.problem(row, None, "more than 4 billion people".into());
            return;
        }
        if let Some(first) = self.earlier(id.unwrap_or(name)) {
            let first_row = self.rows[first as usize];
            let (what, key, column) = match id {
                Some(id) => ("id", id, self.id_col),
                None => ("name", name, self.name.column()),
            };
            let message = format!(
                "{what} '{}' is already on {} {first_row}",
                quoted(key),
                self.row_word()
            );
            self.problem(row, column, message);
            return;
        }
        let title = self
            .field_text(row, fields, Field::Title)
            .unwrap_or("")
            .trim();
        let team = self
            .field_text(row, fields, Field::Team)
            .unwrap_or("")
            .trim();
        let capacity = self.capacity(row, fields);
        let leaves = self.leaves(row, fields);
        let assessed = self.assessed(row, fields);
        let owned = self.owns(row, fields);
        let manager = self.manager_cell(row, fields);
        let person = PersonFields {
            name,
            id,
            title,
            team,
            capacity,
        };
        let p = self.roster.push_person(person, &mut self.interner);
        if let Some(legal) = self.legal.take() {
            self.roster.set_legal_name(p, &legal);
        }
        self.rows.push(u32::try_from(row).unwrap_or(u32::MAX));
        if let Some(later) = self.later.as_mut().filter(|_| id.is_some()) {
            later
                .names
                .push(NameCandidates::half(self.hasher.hash_one(name)));
        }
        self.push_manager(manager);
        for r in owned {
            self.roster.add_owner(p, r);
        }
        if let Some(date) = leaves {
            self.roster.set_leaves(p, date);
        }
        if let Some(date) = assessed {
            self.roster.set_assessed(p, date);
        }
        // Parse into a reused one-byte-per-skill row, then pack it into the roster.
        let mut levels = std::mem::take(&mut self.levels);
        levels.clear();
        // One spare slot for the columns between skill columns that are no skill.
        levels.resize(self.roster.skill_count() + 1, 0);
        let hard = match self.blank_unknown {
            // Every cell through the parser, which knows what an empty one means.
            true => u64::MAX,
            false => {
                let top = self.catalogue.scale().top().get();
                simple_levels(&self.skill_span, fields, &mut levels, top)
            }
        };
        // Only the cells that need it (all of them past 64 columns), in column order.
        let first = self.skill_span.first;
        let (mut bits, wide) = (hard, hard == u64::MAX);
        let mut k = 0;
        loop {
            let (column, slot) = if wide || self.blank_unknown {
                let Some(&(column, skill)) = self.skill_cols.get(k) else {
                    break;
                };
                k += 1;
                (column, skill.index())
            } else if bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                (first + i, self.skill_span.slots[i].0)
            } else {
                break;
            };
            match parse_level(
                fields.get(column),
                self.catalogue.scale(),
                self.blank_unknown,
            ) {
                Ok(level) => levels[slot] = level.map_or(UNKNOWN, Level::get),
                Err(message) => self.problem(row, Some(column), message),
            }
        }
        if !self.rated.is_empty() {
            self.rate(row, fields, p, &mut levels);
        }
        // Unknown levels are rare: only a row the parser marked looks for them.
        if hard != 0 || !self.rated.is_empty() {
            let skills = self.roster.skill_count();
            let mut unknown = std::mem::take(&mut self.unknown_bits);
            unknown.clear();
            unknown.resize(skills.div_ceil(64), 0);
            for (s, level) in levels[..skills].iter_mut().enumerate() {
                if *level == UNKNOWN {
                    *level = 0;
                    unknown[s / 64] |= 1 << (s % 64);
                }
            }
            if unknown.iter().any(|&w| w != 0) {
                self.roster.set_unknown_row(p, &unknown);
            }
            self.unknown_bits = unknown;
        }
        for k in 0..self.interest_cols.len() {
            let (column, skill) = self.interest_cols[k];
            match parse_interest(fields.get(column)) {
                Ok(Some(interest)) => self.roster.set_interest(p, skill, interest),
                Ok(None) => {}
                Err(message) => self.problem(row, Some(column), message),
            }
        }
        self.roster.set_row(p, &levels[..self.roster.skill_count()]);
        self.levels = levels;
    }

    fn row_word(&self) -> &'static str {
        match self.style {
            PlaceStyle::Lines => "line",
            PlaceStyle::Sheet(_) => "row",
        }
    }

    fn long_row(&mut self, row: usize, fields: &Fields<'_>, name: String, id: Option<&str>) {
        let index = match self.earlier(id.unwrap_or(&name)) {
            Some(i) => i as usize,
            None => {
                self.long.push(LongPerson {
                    name: name.clone(),
                    id: id.map(str::to_owned),
                    row,
                    ..LongPerson::default()
                });
                self.long.len() - 1
            }
        };
        if self.long[index].name != name {
            // Rows are merged by id: the name must agree.
            let message = format!(
                "name '{}' differs from '{}' on {} {} for id '{}'",
                quoted(&name),
                quoted(&self.long[index].name),
                self.row_word(),
                self.long[index].row,
                quoted(id.unwrap_or_default())
            );
            self.problem(row, self.name.column(), message);
        }
        for field in [Field::Title, Field::Team, Field::Manager] {
            let text = self.field_text(row, fields, field).unwrap_or("").trim();
            if !text.is_empty() {
                self.merge_text(index, row, field, text);
            }
        }
        if let Some(capacity) = self.capacity(row, fields) {
            let kept = *self.long[index].capacity.get_or_insert((capacity, row));
            if kept.0 != capacity {
                let message = format!(
                    "capacity {capacity} differs from {} on {} {} for '{}'",
                    kept.0,
                    self.row_word(),
                    kept.1,
                    quoted(&name)
                );
                self.problem(row, self.fields.get(&Field::Capacity).copied(), message);
            }
        }
        if let Some(date) = self.leaves(row, fields) {
            self.long[index].leaves = Some(date);
        }
        let date = self.assessed(row, fields);
        if let Some(date) = date {
            let kept = &mut self.long[index].assessed;
            *kept = Some(kept.map_or(date, |d| d.max(date)));
        }
        let owned = self.owns(row, fields);
        self.long[index].owns.extend(owned);
        self.long_level(index, row, fields, date);
    }

    fn merge_text(&mut self, index: usize, row: usize, field: Field, text: &str) {
        let row_word = self.row_word();
        let person = &mut self.long[index];
        let slot = match field {
            Field::Title => &mut person.title,
            Field::Team => &mut person.team,
            _ => &mut person.manager,
        };
        let (kept, kept_row) = slot.get_or_insert_with(|| (text.to_owned(), row)).clone();
        if kept != text {
            let message = format!(
                "{} '{}' differs from '{}' on {} {kept_row} for '{}'",
                field.label(),
                quoted(text),
                quoted(&kept),
                row_word,
                quoted(&person.name)
            );
            self.problem(row, self.fields.get(&field).copied(), message);
        }
    }

    fn long_level(&mut self, index: usize, row: usize, fields: &Fields<'_>, date: Option<u32>) {
        let Some(skill_text) = self.field_text(row, fields, Field::Skill) else {
            return;
        };
        let skill_text = skill_text.trim();
        let level_col = self.fields[&Field::Level];
        let level = match parse_level(
            fields.get(level_col),
            self.catalogue.scale(),
            self.blank_unknown,
        ) {
            Ok(level) => level,
            Err(message) => return self.problem(row, Some(level_col), message),
        };
        if skill_text.is_empty() {
            if level.is_some_and(|l| l != Level::NONE) {
                let column = self.fields.get(&Field::Skill).copied();
                self.problem(row, column, "skill is empty but a level is given".into());
            }
            return;
        }
        let Some(skill) = self.catalogue.find_skill(skill_text) else {
            return self.unknown_value(row, Field::Skill, "skill", skill_text);
        };
        self.named_skills[skill.index()] = true;
        let rater_text = self
            .field_text(row, fields, Field::Rater)
            .unwrap_or("")
            .trim();
        let rater = match rater_text {
            "" => None,
            text => match Rater::from_word(text) {
                Some(rater) => Some(rater),
                None => {
                    let column = self.fields.get(&Field::Rater).copied();
                    let message = format!("rater '{}' is not self, manager or peer", quoted(text));
                    return self.problem(row, column, message);
                }
            },
        };
        if rater.is_some() {
            self.roster.use_ratings();
        }
        let row_word = self.row_word();
        let person = &mut self.long[index];
        match person
            .levels
            .iter()
            .find(|(s, r, _, _, _)| *s == skill && *r == rater)
        {
            Some(&(_, _, kept, kept_row, _)) if kept != level => {
                let by = rater
                    .map(|r| format!(" ({})", r.word()))
                    .unwrap_or_default();
                let word = |l: Option<Level>| l.map_or("unknown".to_owned(), |l| l.to_string());
                let (level, kept) = (word(level), word(kept));
                let message = format!(
                    "level {level} of '{}'{by} differs from {kept} on {} {kept_row} for '{}'",
                    self.catalogue.skill(skill).id,
                    row_word,
                    quoted(&person.name)
                );
                self.problem(row, Some(level_col), message);
            }
            Some(_) => {}
            None => person.levels.push((skill, rater, level, row, date)),
        }
    }

    /// A long-form person's ratings as levels: per skill, the ratings of each rater
    /// combined as the policy says (an unnamed rating is the plain one); self and manager
    /// ratings 2 or more apart are noted.
    fn long_levels(&mut self, p: PersonIdx, mut ratings: Vec<LongRating>) {
        ratings.sort_by_key(|&(skill, _, _, _, _)| skill);
        for same in ratings.chunk_by(|a, b| a.0 == b.0) {
            let by = |rater: Option<Rater>| {
                same.iter()
                    .find(|&&(_, r, level, _, _)| r == rater && level.is_some())
                    .map(|&(_, _, level, _, date)| (level.map_or(0, Level::get), date))
            };
            let level_by = |rater| by(rater).map(|(level, _)| level);
            let (plain, own, manager, peer) = (
                level_by(None),
                level_by(Some(Rater::Own)),
                level_by(Some(Rater::Manager)),
                level_by(Some(Rater::Peer)),
            );
            let skill = same[0].0;
            let Some(level) = self.policy.combine(plain, own, manager, peer) else {
                // Only ratings that say "unknown".
                self.roster.set_unknown(p, skill);
                continue;
            };
            self.roster
                .set_level(p, skill, Level::new(level).unwrap_or_default());
            // The date of the rating the level rests on: the one chosen (the lowest, in the
            // policy's order), or for a mean the oldest of those given.
            let (m, o, e) = (Some(Rater::Manager), Some(Rater::Own), Some(Rater::Peer));
            let order = match self.policy {
                RatingPolicy::Manager => [m, None, o, e],
                RatingPolicy::Own => [o, None, m, e],
                RatingPolicy::Lowest | RatingPolicy::Mean => [None, o, m, e],
            };
            let date = match self.policy {
                RatingPolicy::Mean => same.iter().filter_map(|r| r.4).min(),
                RatingPolicy::Lowest => order
                    .iter()
                    .find_map(|&r| by(r).filter(|&(l, _)| l == level))
                    .and_then(|(_, date)| date),
                _ => order.iter().find_map(|&r| by(r)).and_then(|(_, date)| date),
            };
            if let Some(date) = date {
                self.roster.set_rating_date(p, skill, date);
            }
            if let (Some(own), Some(manager)) = (own, manager)
                && own.abs_diff(manager) >= 2
            {
                self.roster.add_calibration(p, skill, own, manager);
            }
        }
    }

    /// The imported roster described by `info`, or every problem found.
    pub(crate) fn into_imported(
        self,
        origin: &str,
        info: SourceInfo,
    ) -> Result<Imported, ImportError> {
        let (roster, warnings, problems) = self.finish();
        if !problems.is_empty() {
            return Err(problems.into_error(origin));
        }
        Ok(Imported {
            roster,
            warnings,
            info,
        })
    }

    /// Keeps a person's manager cell until every person is known.
    fn push_manager(&mut self, text: &str) {
        if self.fields.get(&Field::Manager).is_none() {
            return;
        }
        self.cells.push(managers::identity(&self.hasher, text));
        self.long_cells.push(text);
    }

    /// Keeps each person's manager as resolved from their manager cell; unknown managers
    /// are warnings (problems with `--strict`), shared names and cycles problems.
    fn report_managers(&mut self, managers: &[u32], issues: Vec<Issue>) {
        let column = self.fields.get(&Field::Manager).copied();
        let who = |roster: &Roster, p: PersonIdx| match roster.id(p) {
            Some(id) => format!("'{}' ({})", quoted(roster.name(p)), quoted(id)),
            None => format!("'{}'", quoted(roster.name(p))),
        };
        for issue in issues {
            match issue {
                Issue::Unknown { person, text } => {
                    self.unknown_value(
                        self.rows[person] as usize,
                        Field::Manager,
                        "manager",
                        &text,
                    );
                }
                Issue::Shared {
                    person,
                    text,
                    people,
                } => {
                    let ids: Vec<&str> = people.iter().filter_map(|&p| self.roster.id(p)).collect();
                    let message = format!(
                        "manager '{}' is the name of {} people (ids {}); give the manager's id",
                        quoted(&text),
                        people.len(),
                        quoted(&ids.join(", "))
                    );
                    self.problem(self.rows[person] as usize, column, message);
                }
                Issue::Cycle { people } => {
                    let row = self.rows[people[0].index()] as usize;
                    let message = match people.as_slice() {
                        [p] => format!("{} is their own manager", who(&self.roster, *p)),
                        _ => {
                            let shown = people.len().min(CYCLE_NAMES);
                            let mut chain: Vec<String> = people[..shown]
                                .iter()
                                .map(|&p| who(&self.roster, p))
                                .collect();
                            match people.len() - shown {
                                0 => chain.push(who(&self.roster, people[0])),
                                more => chain.push(format!("… {more} more")),
                            }
                            format!(
                                "reporting lines go round in a circle: {}",
                                chain.join(" → ")
                            )
                        }
                    };
                    self.problem(row, column, message);
                }
            }
        }
        let manager = |&m: &u32| (m != managers::TOP).then_some(PersonIdx(m));
        self.roster.set_managers(managers.iter().map(manager));
    }

    /// The catalogue's skills that no column gives (long form: that no row names).
    fn skills_without_column(&self) -> Vec<SkillIdx> {
        let mut given = match self.layout.form {
            Form::Long => self.named_skills.clone(),
            Form::Wide => vec![false; self.catalogue.skills().len()],
        };
        for c in &self.layout.columns {
            if let ColumnKind::Skill(s) | ColumnKind::Rating(s, _) = c.kind {
                given[s.index()] = true;
            }
        }
        let missing = given.iter().enumerate().filter(|(_, given)| !**given);
        missing.map(|(s, _)| SkillIdx::from_usize(s)).collect()
    }

    /// The roster and warnings, or every problem found.
    fn finish(mut self) -> (Roster, Vec<String>, Problems) {
        if self.layout.form == Form::Long {
            for person in std::mem::take(&mut self.long) {
                self.rows
                    .push(u32::try_from(person.row).unwrap_or(u32::MAX));
                self.push_manager(person.manager.as_ref().map_or("", |m| m.0.as_str()));
                let fields = PersonFields {
                    name: &person.name,
                    id: person.id.as_deref(),
                    title: person.title.as_ref().map_or("", |t| t.0.as_str()),
                    team: person.team.as_ref().map_or("", |t| t.0.as_str()),
                    capacity: person.capacity.map(|c| c.0),
                };
                let p = self.roster.push_person(fields, &mut self.interner);
                self.long_levels(p, person.levels);
                if let Some(date) = person.assessed {
                    self.roster.set_assessed(p, date);
                }
                for r in person.owns {
                    self.roster.add_owner(p, r);
                }
                if let Some(date) = person.leaves {
                    self.roster.set_leaves(p, date);
                }
            }
        }
        if self.id_col.is_some() {
            self.roster.use_ids();
        }
        let without_column = self.skills_without_column();
        self.roster.set_skills_without_column(&without_column);
        // Shared names and reporting lines are independent: found side by side, from the
        // work done on the parts' hashes when the file was read in parts (which covers
        // everybody: the parts were joined in order, and their manager cells' identities
        // went with that work, so it must be used).
        let with_managers = self.has_managers();
        let (candidates, probed) = match self.prepared.take() {
            Some(prepared) => {
                debug_assert_eq!(prepared.people, self.roster.len(), "the parts' people");
                (prepared.names, prepared.managers)
            }
            None => (None, None),
        };
        let (roster, cells, long) = (&self.roster, &self.cells, &self.long_cells);
        let hasher = &self.hasher;
        let (shared, resolved) = rayon::join(
            || match candidates {
                Some(candidates) => roster.shared_names_of(candidates),
                None => roster.shared_names(),
            },
            || {
                with_managers.then(|| match probed {
                    Some(probed) => managers::resolve_probed(roster, long, hasher, probed),
                    // Read in one go: the cells' identities are still here.
                    None => managers::resolve(roster, cells, long, hasher),
                })
            },
        );
        self.roster.set_shared_names(shared);
        if let Some((managers, issues)) = resolved {
            self.report_managers(&managers, issues);
        }
        for ((kind, value), (row, count)) in std::mem::take(&mut self.unknown) {
            let times = if count > 1 {
                format!(" ({count} rows)")
            } else {
                String::new()
            };
            let at = format!("{} {row}{times}", self.row_word());
            self.warnings.push(match kind {
                "owns" => format!(
                    "{at}: owns '{}', which is not a responsibility of the catalogue",
                    quoted(&value)
                ),
                "manager" => format!(
                    "{at}: manager '{}' is not on the roster, so the person is taken as a top person",
                    quoted(&value)
                ),
                _ => format!(
                    "{at}: skill '{}' matches no skill of the catalogue",
                    quoted(&value)
                ),
            });
        }
        if self.unknown_more > 0 {
            self.warnings.push(format!(
                "… and {} more rows with other unknown owns ids or skills",
                self.unknown_more
            ));
        }
        if self.warnings.len() > MAX_WARNINGS {
            let more = self.warnings.len() - MAX_WARNINGS;
            self.warnings.truncate(MAX_WARNINGS);
            self.warnings.push(format!("… and {more} more warnings"));
        }
        (self.roster, self.warnings, self.problems)
    }
}

/// An interest cell: empty (not said), 0..3, or `none`, `low`, `medium`, `high` (any case).
fn parse_interest(cell: &[u8]) -> Result<Option<u8>, String> {
    let text = String::from_utf8_lossy(cell);
    let text = text.trim();
    let interest = match text.to_ascii_lowercase().as_str() {
        "" => return Ok(None),
        "0" | "none" => 0,
        "1" | "low" => 1,
        "2" | "medium" => 2,
        "3" | "high" => 3,
        _ => {
            return Err(format!(
                "interest '{}' is not 0..3 or none, low, medium, high",
                quoted(text)
            ));
        }
    };
    Ok(Some(interest))
}
