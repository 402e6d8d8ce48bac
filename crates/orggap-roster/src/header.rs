//! Matching a roster's header row: which column is the name, which is a skill, which form.

use orggap_model::{Catalogue, SkillIdx, normalize_key, quoted};
pub use orggap_model::{FIELD_NAMES, Field};

/// What a column of the roster holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// A field of the person.
    Field(Field),
    /// Levels of this catalogue skill (wide form).
    Skill(SkillIdx),
    /// One rater's levels of this catalogue skill (wide form): `Skill (self)`, …
    Rating(SkillIdx, Rater),
    /// Interest in this catalogue skill (wide form): `Skill (interest)`, 0..3 or a word.
    Interest(SkillIdx),
    /// Nothing orggap knows; ignored with a warning.
    Unmatched,
}

/// Who gave a rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rater {
    /// The person about themselves.
    Own,
    /// Their manager.
    Manager,
    /// A peer.
    Peer,
}

impl Rater {
    /// The word in a header: `self`, `manager`, `peer`.
    pub fn word(self) -> &'static str {
        match self {
            Rater::Own => "self",
            Rater::Manager => "manager",
            Rater::Peer => "peer",
        }
    }

    pub(crate) fn from_word(word: &str) -> Option<Rater> {
        match word.trim().to_ascii_lowercase().as_str() {
            "self" => Some(Rater::Own),
            "manager" => Some(Rater::Manager),
            "peer" => Some(Rater::Peer),
            _ => None,
        }
    }
}

/// What a header names after its skill: a rater or interest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Suffix {
    Rater(Rater),
    Interest,
}

/// A header that names a rater (or interest) after its skill: `Skill (self)`,
/// `Skill [manager]`, `Skill - peer`, `Skill: interest` (any case); the skill part and what
/// it names.
pub(crate) fn suffixed(header: &str) -> Option<(&str, Suffix)> {
    let header = header.trim();
    let bracketed = |open: char, close: char| {
        let inner = header.strip_suffix(close)?;
        let at = inner.rfind(open)?;
        Some((&inner[..at], &inner[at + open.len_utf8()..]))
    };
    let (skill, word) = bracketed('(', ')')
        .or_else(|| bracketed('[', ']'))
        .or_else(|| header.rsplit_once(" - "))
        .or_else(|| header.rsplit_once(':'))?;
    let suffix = match word.trim().eq_ignore_ascii_case("interest") {
        true => Suffix::Interest,
        false => Suffix::Rater(Rater::from_word(word)?),
    };
    Some((skill.trim(), suffix))
}

/// One column of the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The header text as written (trimmed).
    pub header: String,
    /// What orggap reads from it.
    pub kind: ColumnKind,
}

/// Wide form has a column per skill; long form a row per person and skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// One row per person, one column per skill.
    Wide,
    /// One row per person and skill, with `skill` and `level` columns.
    Long,
}

/// How the header was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Every column, in file order.
    pub columns: Vec<Column>,
    /// Wide or long.
    pub form: Form,
}

impl Layout {
    /// The column holding `field`, if any.
    pub fn field(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.kind == ColumnKind::Field(field))
    }

    /// Where each person's name comes from.
    pub fn name_source(&self) -> NameSource {
        match self.field(Field::Name) {
            Some(column) => NameSource::Column(column),
            None => NameSource::Parts {
                first: self.field(Field::FirstName),
                last: self.field(Field::LastName),
                preferred: self.field(Field::PreferredName),
            },
        }
    }
}

/// Where a roster's names come from: a name column (which wins when there is one), or
/// first, last and preferred names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameSource {
    /// This column holds the whole name.
    Column(usize),
    /// The preferred name where a person has one, else first and last name joined by a
    /// space; the columns that exist.
    Parts {
        /// First (given) name.
        first: Option<usize>,
        /// Last (family) name.
        last: Option<usize>,
        /// Preferred name ("known as").
        preferred: Option<usize>,
    },
}

impl NameSource {
    /// The column a problem with the name is reported in: the name column, or the first of
    /// the name parts.
    pub fn column(self) -> Option<usize> {
        match self {
            NameSource::Column(column) => Some(column),
            NameSource::Parts {
                first,
                last,
                preferred,
            } => [first, last, preferred].into_iter().flatten().min(),
        }
    }
}

/// How many rows from the top the header is looked for in (title rows, dates and blank rows
/// above it are skipped).
pub const HEADER_ROWS: usize = 20;

/// Whether `cells` read as a roster's header: a name column (or first and last name) and at
/// least one skill (or, in long form, the skill and level columns).
pub(crate) fn looks_like_header(cells: &[String], catalogue: &Catalogue) -> bool {
    let (layout, _, _) = read_header(cells, catalogue, false);
    let named = match layout.name_source() {
        NameSource::Column(_) => true,
        NameSource::Parts { first, last, .. } => first.is_some() && last.is_some(),
    };
    let skills = layout.form == Form::Long
        || layout
            .columns
            .iter()
            .any(|c| matches!(c.kind, ColumnKind::Skill(_) | ColumnKind::Rating(..)));
    named && skills
}

/// A problem with the header: a message and the column it is about.
pub(crate) type HeaderProblem = (Option<usize>, String);

/// Reads the header cells against the catalogue. Returns the layout, the warnings and the
/// problems (errors); `strict` turns unmatched columns into problems.
pub(crate) fn read_header(
    cells: &[String],
    catalogue: &Catalogue,
    strict: bool,
) -> (Layout, Vec<String>, Vec<HeaderProblem>) {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut columns: Vec<Column> = Vec::with_capacity(cells.len());
    for (i, cell) in cells.iter().enumerate() {
        let header = cell.trim().to_owned();
        let key = normalize_key(&header);
        let kind = match Field::from_key(&key) {
            Some(field) => ColumnKind::Field(field),
            None => match (catalogue.find_skill(&header), suffixed(&header)) {
                (Some(skill), _) => ColumnKind::Skill(skill),
                (None, Some((skill, suffix))) => match (catalogue.find_skill(skill), suffix) {
                    (Some(skill), Suffix::Rater(rater)) => ColumnKind::Rating(skill, rater),
                    (Some(skill), Suffix::Interest) => ColumnKind::Interest(skill),
                    (None, _) => {
                        let what = match suffix {
                            Suffix::Rater(rater) => format!("the rater '{}'", rater.word()),
                            Suffix::Interest => "interest".to_owned(),
                        };
                        problems.push((
                            Some(i),
                            format!(
                                "names {what}, but '{}' is no skill of the catalogue",
                                quoted(skill)
                            ),
                        ));
                        ColumnKind::Unmatched
                    }
                },
                (None, None) => ColumnKind::Unmatched,
            },
        };
        if kind != ColumnKind::Unmatched
            && let Some(first) = columns.iter().find(|c| c.kind == kind)
        {
            let what = match kind {
                ColumnKind::Field(f) => format!("both give the {}", f.label()),
                ColumnKind::Skill(s) => format!("both match skill '{}'", catalogue.skill(s).id),
                ColumnKind::Rating(s, rater) => format!(
                    "both give the {} rating of skill '{}'",
                    rater.word(),
                    catalogue.skill(s).id
                ),
                ColumnKind::Interest(s) => {
                    format!(
                        "both give the interest in skill '{}'",
                        catalogue.skill(s).id
                    )
                }
                ColumnKind::Unmatched => String::new(),
            };
            problems.push((
                Some(i),
                format!("columns '{}' and '{header}' {what}", first.header),
            ));
        }
        columns.push(Column { header, kind });
    }
    let has = |f: Field| columns.iter().any(|c| c.kind == ColumnKind::Field(f));
    let form = if has(Field::Skill) && has(Field::Level) {
        Form::Long
    } else {
        Form::Wide
    };
    let split_name = [Field::FirstName, Field::LastName, Field::PreferredName]
        .into_iter()
        .any(has);
    if !has(Field::Name) && !split_name {
        problems.push((
            None,
            "no name column; expected one of 'name', 'full name', 'employee', 'employee name', 'person', or 'first name' and 'last name'".into(),
        ));
    }
    for (i, column) in columns.iter_mut().enumerate() {
        let stray = match column.kind {
            ColumnKind::Unmatched => true,
            ColumnKind::Skill(_) | ColumnKind::Rating(..) | ColumnKind::Interest(_) => {
                form == Form::Long
            }
            ColumnKind::Field(Field::Skill | Field::Level | Field::Rater) => form == Form::Wide,
            ColumnKind::Field(_) => false,
        };
        if !stray {
            continue;
        }
        column.kind = ColumnKind::Unmatched;
        let message = if column.header.is_empty() {
            format!("column {} has no header", i + 1)
        } else if form == Form::Long {
            format!(
                "column '{}' is not read in long form",
                quoted(&column.header)
            )
        } else {
            format!("column '{}' matches no skill", quoted(&column.header))
        };
        if strict {
            problems.push((Some(i), message));
        } else {
            warnings.push(message);
        }
    }
    if form == Form::Wide
        && !columns
            .iter()
            .any(|c| matches!(c.kind, ColumnKind::Skill(_) | ColumnKind::Rating(..)))
    {
        warnings.push("no column matches a skill of the catalogue, so every level is 0".into());
    }
    (Layout { columns, form }, warnings, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(headers: &[&str], strict: bool) -> (Vec<ColumnKind>, Form, Vec<String>, Vec<String>) {
        let cat = Catalogue::builtin();
        let cells: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        let (layout, warnings, problems) = read_header(&cells, &cat, strict);
        let kinds = layout.columns.iter().map(|c| c.kind).collect();
        let problems = problems.into_iter().map(|(_, m)| m).collect();
        (kinds, layout.form, warnings, problems)
    }

    #[test]
    fn aliases_and_skills_are_matched_loosely() {
        let cat = Catalogue::builtin();
        let budget = ColumnKind::Skill(cat.find_skill("budgeting").unwrap());
        let (got, form, warnings, problems) = kinds(
            &[
                " Employee Name ",
                "JOB_TITLE",
                "Department",
                "budget-management",
                "Juggling",
            ],
            false,
        );
        assert_eq!(
            got,
            [
                ColumnKind::Field(Field::Name),
                ColumnKind::Field(Field::Title),
                ColumnKind::Field(Field::Team),
                budget,
                ColumnKind::Unmatched
            ]
        );
        assert_eq!(form, Form::Wide);
        assert_eq!(warnings, ["column 'Juggling' matches no skill"]);
        assert!(problems.is_empty());
    }

    #[test]
    fn strict_turns_unmatched_into_errors() {
        let (_, _, warnings, problems) = kinds(&["name", "Juggling", "budgeting"], true);
        assert!(warnings.is_empty());
        assert_eq!(problems, ["column 'Juggling' matches no skill"]);
    }

    #[test]
    fn two_columns_for_one_skill_or_field_are_errors() {
        let (_, _, _, problems) = kinds(&["Name", "Budgeting", "Person", "Finance"], false);
        assert_eq!(
            problems,
            [
                "columns 'Name' and 'Person' both give the name",
                "columns 'Budgeting' and 'Finance' both match skill 'budgeting'"
            ]
        );
    }

    #[test]
    fn long_form_is_found_and_missing_name_is_an_error() {
        let (got, form, warnings, _) =
            kinds(&["name", "skill", "level", "team", "budgeting"], false);
        assert_eq!(form, Form::Long);
        assert_eq!(got[4], ColumnKind::Unmatched);
        assert_eq!(warnings, ["column 'budgeting' is not read in long form"]);
        let (_, _, _, problems) = kinds(&["who", "budgeting"], false);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("no name column"));
    }

    #[test]
    fn hr_exports_give_ids_split_names_and_managers() {
        let cat = Catalogue::builtin();
        let cells: Vec<String> = [
            "Employee ID",
            "First Name",
            "Last Name",
            "Known As",
            "Department",
            "Job Title",
            "Reports To",
        ]
        .map(String::from)
        .to_vec();
        let (layout, warnings, problems) = read_header(&cells, &cat, true);
        assert!(problems.is_empty() && warnings.len() == 1, "{problems:?}");
        assert_eq!(
            layout.columns.iter().map(|c| c.kind).collect::<Vec<_>>(),
            [
                Field::Id,
                Field::FirstName,
                Field::LastName,
                Field::PreferredName,
                Field::Team,
                Field::Title,
                Field::Manager
            ]
            .map(ColumnKind::Field)
        );
        assert_eq!(
            layout.name_source(),
            NameSource::Parts {
                first: Some(1),
                last: Some(2),
                preferred: Some(3)
            }
        );
        // A name column wins over the parts.
        let (_, _, problems) = read_header(
            &["surname", "Name", "employee #"].map(String::from),
            &cat,
            false,
        );
        assert!(problems.is_empty());
        let cells = ["surname", "Name", "employee #"].map(String::from);
        let (layout, _, _) = read_header(&cells, &cat, false);
        assert_eq!(layout.name_source(), NameSource::Column(1));
        assert_eq!(layout.field(Field::Id), Some(2));
    }
}

/// How a column's header matched a skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchedBy {
    /// The skill's id.
    Id,
    /// The skill's name.
    Name,
    /// One of the skill's aliases.
    Alias,
}

impl MatchedBy {
    /// `id`, `name` or `alias`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Id => "id",
            MatchedBy::Name => "name",
            MatchedBy::Alias => "alias",
        }
    }
}

/// Whether `header` matched `skill` by its id, its name or an alias.
pub fn matched_by(catalogue: &Catalogue, skill: SkillIdx, header: &str) -> MatchedBy {
    let key = normalize_key(header);
    let s = catalogue.skill(skill);
    if normalize_key(&s.id) == key {
        MatchedBy::Id
    } else if normalize_key(&s.name) == key {
        MatchedBy::Name
    } else {
        MatchedBy::Alias
    }
}

/// Up to three skill ids whose id, name or alias is closest to `header` (Jaro–Winkler
/// similarity of at least 0.8), best first: suggestions for a column that matched nothing.
pub fn suggestions(catalogue: &Catalogue, header: &str) -> Vec<String> {
    let key = normalize_key(header);
    let mut scored: Vec<(f64, SkillIdx)> = catalogue
        .skill_keys()
        .into_iter()
        .map(|(k, s)| (strsim::jaro_winkler(&key, k), s))
        .filter(|&(score, _)| score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, s) in scored {
        let id = &catalogue.skill(s).id;
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out.truncate(3);
    out
}

#[cfg(test)]
mod match_tests {
    use super::*;

    #[test]
    fn how_a_header_matched_and_what_is_close() {
        let cat = Catalogue::builtin();
        let budget = cat.find_skill("budgeting").unwrap();
        assert_eq!(matched_by(&cat, budget, "Budgeting"), MatchedBy::Id);
        assert_eq!(matched_by(&cat, budget, "budget control"), MatchedBy::Name);
        assert_eq!(matched_by(&cat, budget, "Finance"), MatchedBy::Alias);
        assert_eq!(suggestions(&cat, "Budgetting")[0], "budgeting");
        assert_eq!(
            suggestions(&cat, "Markting strategy")[0],
            "marketing-strategy"
        );
        assert!(suggestions(&cat, "Juggling").is_empty());
    }
}
