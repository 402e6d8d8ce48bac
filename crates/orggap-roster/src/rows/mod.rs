//! Turning the rows of a roster, in wide or long form, into a [`Roster`].
//!
//! The source (CSV text or a spreadsheet) hands over each row as [`Fields`]; this module
//! checks every cell, collects every problem and builds the roster.
//! One file a concern: here the builder and what every row goes through (names, ids,
//! per-person columns); `wide.rs` a row per person, `long.rs` a row per person and skill,
//! `lines.rs` the row each person was read on,
//! `parts.rs` what reading a file in parts needs (repeated keys, hashes kept), `finish.rs`
//! finishing the roster (reporting lines, shared names, skills without a column).

mod finish;
mod lines;
mod long;
mod parts;
mod wide;

use std::borrow::Cow;
use std::collections::BTreeMap;

use hashbrown::HashTable;
use orggap_model::{Catalogue, Day, RespIdx, RosterBuilder, SkillIdx};

use crate::RatingPolicy;
use crate::cell::{normalize_name, owns_ids, parse_capacity, parse_date};
use crate::error::{Place, Problems};
use crate::header::{ColumnKind, Field, Form, Layout, NameSource, Rater};
use crate::managers::{self};
use orggap_model::quoted;

use long::LongPerson;
use parts::Repeats;
pub(crate) use parts::{LaterHashes, Prepared};
use wide::SkillSpan;

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

/// Builds a roster from rows, collecting problems and warnings.
pub(crate) struct Builder<'c> {
    catalogue: &'c Catalogue,
    layout: Layout,
    style: PlaceStyle,
    strict: bool,
    roster: RosterBuilder,
    /// How repeated people (ids, or names in a roster without ids) are found.
    repeats: Repeats,
    /// The row each person (wide form) was read on, for messages.
    rows: lines::Rows,
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
    as_of: Option<Day>,
    /// Whether an empty level cell is unknown (`--blank unknown`) rather than 0.
    blank_unknown: bool,
    /// Long form: the skills some row names (the others are unknown for everyone).
    named_skills: Vec<bool>,
    /// The legal "First Last" of the row being read, where a preferred name replaces the
    /// first name (empty otherwise), reused from row to row.
    legal: String,
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
        let mut roster = RosterBuilder::new(catalogue.skills().len());
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
            legal: String::new(),
            unknown_bits: Vec::new(),
            interest_cols,
            repeats: Repeats::default(),
            rows: lines::Rows::default(),
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
                (Ok(id), Form::Wide) => self.wide_row(row, fields, &name, id.as_deref()),
                (Ok(id), Form::Long) => {
                    self.long_row(row, fields, name.into_owned(), id.as_deref());
                }
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
                self.legal.clear();
                if !preferred.is_empty() && !first.is_empty() && preferred != first {
                    self.legal.push_str(first);
                    self.legal.push(' ');
                    self.legal.push_str(last);
                }
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

    /// The person's id, trimmed and in Unicode NFC as names are (so an id typed on another
    /// system is the same id); a problem when it is empty.
    fn id<'f>(&mut self, row: usize, fields: &Fields<'f>, column: usize) -> Option<Cow<'f, str>> {
        let id = normalize_name(self.text(row, fields, column)?);
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

    fn leaves(&mut self, row: usize, fields: &Fields<'_>) -> Option<Day> {
        self.parsed(row, fields, Field::Leaves, parse_date)
    }

    /// The date of the row's ratings; one after the day of the analysis is an error.
    fn assessed(&mut self, row: usize, fields: &Fields<'_>) -> Option<Day> {
        let as_of = self.as_of;
        self.parsed(row, fields, Field::Assessed, |text| {
            let date = parse_date(text)?;
            match (date, as_of) {
                (Some(d), Some(day)) if d > day => Err(format!(
                    "assessed date '{}' is after the day of the analysis ({})",
                    text.trim(),
                    day
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
    pub(crate) fn rate_by(&mut self, policy: RatingPolicy, as_of: Option<Day>) {
        self.policy = policy;
        self.as_of = as_of;
    }

    /// Reads empty level cells as unknown (`--blank unknown`) instead of 0.
    pub(crate) fn blanks_unknown(&mut self, yes: bool) {
        self.blank_unknown = yes;
    }

    /// People read so far (wide form).
    pub(crate) fn people(&self) -> usize {
        self.roster.roster().len()
    }

    /// Whether rows are merged by name (long form) rather than one person each.
    pub(crate) fn is_long_form(&self) -> bool {
        self.layout.form == Form::Long
    }

    /// Makes room for about `people` rows.
    pub(crate) fn reserve(&mut self, people: usize) {
        self.roster.reserve(people);
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

    fn row_word(&self) -> &'static str {
        match self.style {
            PlaceStyle::Lines => "line",
            PlaceStyle::Sheet(_) => "row",
        }
    }
}
