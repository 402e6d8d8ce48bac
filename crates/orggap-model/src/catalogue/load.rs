//! Reading and validating a catalogue from its TOML text.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use super::{Catalogue, Requirement, Responsibility, Role, Skill};
use crate::limits::{Lines, line_of};
use crate::{Field, Level, RespIdx, RoleIdx, Scale, SkillIdx, check_toml_size, normalize_key};

/// Why a catalogue was refused: every problem found, each with its line and entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CatalogueError {
    /// The file (or `built-in catalogue`) the text came from.
    pub origin: String,
    /// The problems, in the order of the file.
    pub problems: Vec<CatalogueProblem>,
}

/// One thing wrong in a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueProblem {
    /// 1-based line of the entry, when known.
    pub line: Option<usize>,
    /// The entry, e.g. `responsibility 'cpo.budget'`; empty for a syntax error.
    pub entry: String,
    /// What is wrong, e.g. `requires unknown skill 'juggling'`.
    pub message: String,
}

/// How many problems are shown in full; the rest are only counted.
const SHOWN_PROBLEMS: usize = 50;

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().take(SHOWN_PROBLEMS).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: ", self.origin)?;
            if let Some(line) = p.line {
                write!(f, "line {line}: ")?;
            }
            if !p.entry.is_empty() {
                write!(f, "{}: ", p.entry)?;
            }
            write!(f, "{}", p.message)?;
        }
        let more = self.problems.len().saturating_sub(SHOWN_PROBLEMS);
        if more > 0 {
            write!(f, "\n{}: … and {more} more problems", self.origin)?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    scale: Option<ScaleIn>,
    #[serde(default)]
    skills: Vec<SkillIn>,
    #[serde(default)]
    roles: Vec<RoleIn>,
    #[serde(default)]
    responsibilities: Vec<ResponsibilityIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleIn {
    levels: Spanned<Vec<String>>,
    #[serde(default)]
    aliases: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillIn {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleIn {
    id: Spanned<String>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponsibilityIn {
    id: Spanned<String>,
    role: String,
    title: String,
    #[serde(default)]
    requires: toml::Table,
    min_owners: Option<i64>,
    source: Option<String>,
    #[serde(default)]
    overlaps: Vec<String>,
}

/// The most skills, roles or responsibilities a catalogue holds: each is indexed by 16 bits.
pub const MAX_ENTRIES: usize = u16::MAX as usize;

/// `min_owners` when a responsibility does not say.
pub const DEFAULT_MIN_OWNERS: u32 = 2;

/// Collects problems while the catalogue is built.
struct Checker {
    lines: Lines,
    problems: Vec<CatalogueProblem>,
}

impl Checker {
    fn line_of(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// A problem with the whole file, or with the entry at `id` when there is one.
    fn limit(&mut self, id: Option<&Spanned<String>>, message: String) {
        let line = id.map(|id| self.line_of(id.span().start));
        self.problems.push(CatalogueProblem {
            line,
            entry: String::new(),
            message,
        });
    }

    fn problem(&mut self, id: &Spanned<String>, kind: &str, message: String) {
        let line = Some(self.line_of(id.span().start));
        let entry = format!("{kind} '{}'", id.get_ref());
        self.problems.push(CatalogueProblem {
            line,
            entry,
            message,
        });
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_responsibility_id(id: &str) -> bool {
    !id.is_empty() && id.split('.').all(is_kebab)
}

impl Catalogue {
    /// Parses and validates a catalogue from TOML `text`; `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Catalogue, CatalogueError> {
        check_toml_size(text, origin, "catalogue")?;
        let file: FileIn = toml::from_str(text).map_err(|e| syntax_error(text, origin, &e))?;
        let mut checker = Checker {
            lines: Lines::new(text),
            problems: Vec::new(),
        };
        let catalogue = build(file, &mut checker);
        if checker.problems.is_empty() {
            Ok(catalogue)
        } else {
            checker.problems.sort_by_key(|p| p.line);
            Err(CatalogueError {
                origin: origin.to_owned(),
                problems: checker.problems,
            })
        }
    }
}

fn syntax_error(text: &str, origin: &str, error: &toml::de::Error) -> CatalogueError {
    let line = error.span().map(|span| line_of(text, span.start));
    CatalogueError {
        origin: origin.to_owned(),
        problems: vec![CatalogueProblem {
            line,
            entry: String::new(),
            message: format!("not a valid catalogue: {}", error.message().trim_end()),
        }],
    }
}

/// The catalogue's `[scale]`, or the built-in scale; every problem noted.
fn build_scale(input: Option<ScaleIn>, checker: &mut Checker) -> Scale {
    let Some(input) = input else {
        return Scale::dreyfus();
    };
    let line = Some(checker.line_of(input.levels.span().start));
    let mut problem = |message: String| {
        checker.problems.push(CatalogueProblem {
            line,
            entry: "scale".into(),
            message,
        });
    };
    let names = input.levels.into_inner();
    let mut seen = std::collections::HashSet::new();
    for name in &names {
        let key = normalize_key(name);
        if key.is_empty() || key.parse::<u64>().is_ok() {
            problem(format!(
                "level name '{name}' must be a word, not empty or a number"
            ));
        } else if !seen.insert(key) {
            problem(format!("level name '{name}' is used twice"));
        }
    }
    let Some(mut scale) = Scale::named(names) else {
        problem("levels must name 2 to 10 levels (0..N, N up to 9)".into());
        return Scale::dreyfus();
    };
    for (word, value) in &input.aliases {
        let level = value
            .as_integer()
            .and_then(|n| u8::try_from(n).ok())
            .and_then(Level::new);
        let added = match level {
            Some(level) => scale.add_word(word, level),
            None => Err(format!(
                "level {value} for '{word}' is not a whole number {}",
                scale.range()
            )),
        };
        if let Err(message) = added {
            problem(message);
        }
    }
    scale
}

fn build(mut file: FileIn, checker: &mut Checker) -> Catalogue {
    let scale = build_scale(file.scale.take(), checker);
    let mut catalogue = build_entries(file, &scale, checker);
    catalogue.scale = scale;
    catalogue
}

/// The skills, roles and responsibilities, minimums on `scale`.
fn build_entries(file: FileIn, scale: &Scale, checker: &mut Checker) -> Catalogue {
    let (skills, skill_keys) = build_skills(file.skills, checker);
    let roles = build_roles(file.roles, checker);
    let role_ids: HashMap<&str, RoleIdx> = roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), RoleIdx::from_usize(i)))
        .collect();
    let skill_ids: HashMap<&str, SkillIdx> = skills
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), SkillIdx::from_usize(i)))
        .collect();

    if let Some(first_over) = file.responsibilities.get(MAX_ENTRIES) {
        let message = format!(
            "{} responsibilities; a catalogue holds at most {MAX_ENTRIES}",
            file.responsibilities.len()
        );
        checker.limit(Some(&first_over.id), message);
        return Catalogue::assemble(skills, skill_keys, roles, Vec::new(), Vec::new());
    }
    if file.responsibilities.is_empty() {
        checker.limit(
            None,
            "the catalogue has no responsibilities; expected at least one [[responsibilities]] entry".into(),
        );
    }

    let mut responsibility_ids: HashMap<String, RespIdx> = HashMap::new();
    for (i, r) in file.responsibilities.iter().enumerate() {
        let id = r.id.get_ref();
        if !is_responsibility_id(id) {
            checker.problem(
                &r.id,
                "responsibility",
                "id must be kebab-case words joined by '.', e.g. 'cpo.product-strategy'".into(),
            );
        }
        if responsibility_ids
            .insert(id.clone(), RespIdx::from_usize(i))
            .is_some()
        {
            checker.problem(&r.id, "responsibility", "id is used twice".into());
        }
    }

    let mut responsibilities = Vec::with_capacity(file.responsibilities.len());
    let mut overlaps = Vec::new();
    let mut known_roles = Vec::with_capacity(file.responsibilities.len());
    for (i, r) in file.responsibilities.into_iter().enumerate() {
        let here = RespIdx::from_usize(i);
        let role = role_ids.get(r.role.as_str()).copied();
        known_roles.push(role);
        if role.is_none() {
            let message = format!("role '{}' is not a role of the catalogue", r.role);
            checker.problem(&r.id, "responsibility", message);
        }
        let requires = build_requires(&r, scale, &skill_ids, checker);
        let min_owners = match r.min_owners {
            None => DEFAULT_MIN_OWNERS,
            Some(n) if (1..=i64::from(u32::MAX)).contains(&n) => n as u32,
            Some(n) if n > i64::from(u32::MAX) => {
                checker.problem(
                    &r.id,
                    "responsibility",
                    format!("min_owners {n} is too large; at most {}", u32::MAX),
                );
                DEFAULT_MIN_OWNERS
            }
            Some(n) => {
                checker.problem(
                    &r.id,
                    "responsibility",
                    format!("min_owners {n} is not a whole number of at least 1"),
                );
                DEFAULT_MIN_OWNERS
            }
        };
        let mut declared = Vec::new();
        for other in &r.overlaps {
            match responsibility_ids.get(other.trim()) {
                None => checker.problem(
                    &r.id,
                    "responsibility",
                    format!("overlaps '{other}', which is not a responsibility of the catalogue"),
                ),
                Some(&o) if o == here => {
                    checker.problem(&r.id, "responsibility", "overlaps itself".into())
                }
                Some(&o) => {
                    declared.push(o);
                    overlaps.push((here.min(o), here.max(o)));
                }
            }
        }
        if r.title.trim().is_empty() {
            checker.problem(&r.id, "responsibility", "title is empty".into());
        }
        responsibilities.push((
            r.id,
            Responsibility {
                id: String::new(),
                role: role.unwrap_or(RoleIdx(0)),
                title: r.title,
                requires,
                min_owners,
                source: r.source.filter(|s| !s.trim().is_empty()),
                overlaps: declared,
            },
        ));
    }
    // Overlaps join duties of different roles; checked once every entry's role is known.
    for &(a, b) in &overlaps {
        let (ida, _) = &responsibilities[a.index()];
        let (idb, _) = &responsibilities[b.index()];
        let (role_a, role_b) = (known_roles[a.index()], known_roles[b.index()]);
        if role_a.is_some() && role_a == role_b {
            let message = format!(
                "overlaps '{}' of the same role; overlaps join duties of different roles",
                idb.get_ref()
            );
            checker.problem(ida, "responsibility", message);
        }
    }
    overlaps.sort_unstable();
    overlaps.dedup();
    let responsibilities = responsibilities
        .into_iter()
        .map(|(id, mut r)| {
            r.id = id.into_inner();
            r
        })
        .collect();
    Catalogue::assemble(skills, skill_keys, roles, responsibilities, overlaps)
}

fn build_requires(
    r: &ResponsibilityIn,
    scale: &Scale,
    skill_ids: &HashMap<&str, SkillIdx>,
    checker: &mut Checker,
) -> Vec<Requirement> {
    let mut requires = Vec::with_capacity(r.requires.len());
    for (skill, value) in &r.requires {
        let Some(&idx) = skill_ids.get(skill.as_str()) else {
            checker.problem(
                &r.id,
                "responsibility",
                format!("requires unknown skill '{skill}'"),
            );
            continue;
        };
        let level = value
            .as_integer()
            .and_then(|n| u8::try_from(n).ok())
            .and_then(Level::new)
            .filter(|&l| l <= scale.top());
        match level {
            Some(level) => requires.push(Requirement { skill: idx, level }),
            None => checker.problem(
                &r.id,
                "responsibility",
                format!(
                    "level {value} for skill '{skill}' is not a whole number {}",
                    scale.range()
                ),
            ),
        }
    }
    requires
}

fn build_skills(
    input: Vec<SkillIn>,
    checker: &mut Checker,
) -> (Vec<Skill>, HashMap<String, SkillIdx>) {
    if let Some(first_over) = input.get(MAX_ENTRIES) {
        let message = format!(
            "{} skills; a catalogue holds at most {MAX_ENTRIES}",
            input.len()
        );
        checker.limit(Some(&first_over.id), message);
        return (Vec::new(), HashMap::new());
    }
    let mut skills = Vec::with_capacity(input.len());
    let mut ids: HashMap<String, SkillIdx> = HashMap::with_capacity(input.len());
    let mut keys: HashMap<String, SkillIdx> = HashMap::new();
    for (i, s) in input.into_iter().enumerate() {
        let idx = SkillIdx::from_usize(i);
        if !is_kebab(s.id.get_ref()) {
            checker.problem(
                &s.id,
                "skill",
                "id must be kebab-case, e.g. 'market-research'".into(),
            );
        }
        if s.name.trim().is_empty() {
            checker.problem(&s.id, "skill", "name is empty".into());
        }
        let repeated = ids.insert(s.id.get_ref().clone(), idx).is_some();
        if repeated {
            checker.problem(&s.id, "skill", "id is used twice".into());
        }
        let id = (!repeated).then_some(s.id.get_ref().as_str());
        let names = id
            .into_iter()
            .chain(std::iter::once(s.name.as_str()))
            .chain(s.aliases.iter().map(String::as_str));
        for name in names {
            let key = normalize_key(name);
            if key.is_empty() {
                continue;
            }
            if let Some(field) = Field::from_key(&key) {
                let message = format!(
                    "'{name}' is the header of the roster's {} column, so no column could ever be read as this skill",
                    field.label()
                );
                checker.problem(&s.id, "skill", message);
                continue;
            }
            match keys.entry(key) {
                Entry::Vacant(v) => {
                    v.insert(idx);
                }
                Entry::Occupied(o) if *o.get() == idx => {}
                Entry::Occupied(o) => {
                    let other: &Skill = &skills[o.get().index()];
                    let message = format!("'{name}' already names skill '{}'", other.id);
                    checker.problem(&s.id, "skill", message);
                }
            }
        }
        skills.push(Skill {
            id: s.id.into_inner(),
            name: s.name,
            aliases: s.aliases,
        });
    }
    (skills, keys)
}

fn build_roles(input: Vec<RoleIn>, checker: &mut Checker) -> Vec<Role> {
    if let Some(first_over) = input.get(MAX_ENTRIES) {
        let message = format!(
            "{} roles; a catalogue holds at most {MAX_ENTRIES}",
            input.len()
        );
        checker.limit(Some(&first_over.id), message);
        return Vec::new();
    }
    let mut roles: Vec<Role> = Vec::with_capacity(input.len());
    let mut ids: HashSet<String> = HashSet::with_capacity(input.len());
    for r in input {
        if !is_kebab(r.id.get_ref()) {
            checker.problem(&r.id, "role", "id must be kebab-case, e.g. 'cpo'".into());
        }
        if !ids.insert(r.id.get_ref().clone()) {
            checker.problem(&r.id, "role", "id is used twice".into());
        }
        roles.push(Role {
            id: r.id.into_inner(),
            name: r.name,
        });
    }
    roles
}

impl Catalogue {
    fn assemble(
        skills: Vec<Skill>,
        skill_keys: HashMap<String, SkillIdx>,
        roles: Vec<Role>,
        responsibilities: Vec<Responsibility>,
        overlaps: Vec<(RespIdx, RespIdx)>,
    ) -> Catalogue {
        let mut role_responsibilities = vec![Vec::new(); roles.len()];
        for (i, r) in responsibilities.iter().enumerate() {
            if let Some(list) = role_responsibilities.get_mut(r.role.index()) {
                list.push(RespIdx::from_usize(i));
            }
        }
        let responsibility_ids = responsibilities
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), RespIdx::from_usize(i)))
            .collect();
        Catalogue {
            skills,
            roles,
            responsibilities,
            overlaps,
            skill_keys: skill_keys.into_iter().collect(),
            responsibility_ids,
            role_responsibilities,
            scale: Scale::dreyfus(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"
[[skills]]
id = "budgeting"
name = "Budget control"
aliases = ["finance"]

[[skills]]
id = "market-research"
name = "Market research"

[[roles]]
id = "cpo"
name = "Chief Product Officer"

[[roles]]
id = "cmo"
name = "Chief Marketing Officer"
"#;

    /// Loads `HEAD` plus `tail` and returns the error text, or "ok".
    fn check(tail: &str, expected: &str) {
        let text = format!("{HEAD}{tail}");
        let got = match Catalogue::from_toml(&text, "cat.toml") {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expected, "for catalogue tail:\n{tail}");
    }

    #[test]
    fn a_valid_catalogue_loads_with_defaults() {
        let text = format!(
            "{HEAD}[[responsibilities]]\nid = \"cpo.budget\"\nrole = \"cpo\"\ntitle = \"Budget\"\nrequires = {{ budgeting = 4, market-research = 0 }}\n"
        );
        let cat = Catalogue::from_toml(&text, "cat.toml").unwrap();
        let r = &cat.responsibilities()[0];
        assert_eq!(r.min_owners, 2);
        assert_eq!(r.requires.len(), 2);
        assert_eq!(r.requires[0].skill, SkillIdx(0), "requires keep file order");
        assert_eq!(r.requires[0].level.get(), 4);
        assert_eq!(r.source, None);
    }

    #[test]
    fn syntax_error_names_the_line() {
        check(
            "[[roles]\nid = 1\n",
            "cat.toml: line 18: not a valid catalogue: unclosed array table, expected `]`",
        );
    }

    #[test]
    fn unknown_field_is_refused() {
        check(
            "[[responsibilities]]\nid = \"cpo.a\"\nrole = \"cpo\"\ntitle = \"A\"\nrequire = {}\n",
            "cat.toml: line 22: not a valid catalogue: unknown field `require`, expected one of `id`, `role`, `title`, `requires`, `min_owners`, `source`, `overlaps`",
        );
    }

    #[test]
    fn semantic_problems_are_all_reported_with_entry_and_line() {
        check(
            "[[responsibilities]]\nid = \"cpo.a\"\nrole = \"cxo\"\ntitle = \"A\"\nrequires = { juggling = 3, budgeting = 7 }\n\n\
             [[responsibilities]]\nid = \"cpo.a\"\nrole = \"cpo\"\ntitle = \"B\"\nmin_owners = 0\noverlaps = [\"cmo.nothing\"]\n",
            "cat.toml: line 19: responsibility 'cpo.a': role 'cxo' is not a role of the catalogue\n\
             cat.toml: line 19: responsibility 'cpo.a': requires unknown skill 'juggling'\n\
             cat.toml: line 19: responsibility 'cpo.a': level 7 for skill 'budgeting' is not a whole number 0..5\n\
             cat.toml: line 25: responsibility 'cpo.a': id is used twice\n\
             cat.toml: line 25: responsibility 'cpo.a': min_owners 0 is not a whole number of at least 1\n\
             cat.toml: line 25: responsibility 'cpo.a': overlaps 'cmo.nothing', which is not a responsibility of the catalogue",
        );
    }

    #[test]
    fn duplicate_skill_and_role_ids_and_colliding_aliases() {
        let tail = "[[skills]]\nid = \"budgeting\"\nname = \"Finance\"\n\n[[roles]]\nid = \"cpo\"\nname = \"Again\"\n";
        check(
            tail,
            "cat.toml: the catalogue has no responsibilities; expected at least one [[responsibilities]] entry\n\
             cat.toml: line 19: skill 'budgeting': id is used twice\n\
             cat.toml: line 19: skill 'budgeting': 'Finance' already names skill 'budgeting'\n\
             cat.toml: line 23: role 'cpo': id is used twice",
        );
    }

    #[test]
    fn overlaps_must_join_different_roles() {
        check(
            "[[responsibilities]]\nid = \"cpo.a\"\nrole = \"cpo\"\ntitle = \"A\"\n\n\
             [[responsibilities]]\nid = \"cpo.b\"\nrole = \"cpo\"\ntitle = \"B\"\noverlaps = [\"cpo.a\", \"cpo.b\"]\n",
            "cat.toml: line 19: responsibility 'cpo.a': overlaps 'cpo.b' of the same role; overlaps join duties of different roles\n\
             cat.toml: line 24: responsibility 'cpo.b': overlaps itself",
        );
    }

    #[test]
    fn skills_named_like_roster_columns_and_catalogue_limits() {
        check(
            "[[skills]]\nid = \"owns\"\nname = \"Ownership\"\naliases = [\"Full Name\", \"team-work\"]\n\
             [[responsibilities]]\nid = \"cpo.a\"\nrole = \"cpo\"\ntitle = \"A\"\nmin_owners = 5000000000\n",
            "cat.toml: line 19: skill 'owns': 'owns' is the header of the roster's owns column, so no column could ever be read as this skill\n\
             cat.toml: line 19: skill 'owns': 'Full Name' is the header of the roster's name column, so no column could ever be read as this skill\n\
             cat.toml: line 23: responsibility 'cpo.a': min_owners 5000000000 is too large; at most 4294967295",
        );
        let mut roles = String::new();
        for i in 0..=MAX_ENTRIES {
            roles.push_str(&format!("[[roles]]\nid = \"r{i}\"\nname = \"R\"\n"));
        }
        let error = Catalogue::from_toml(&roles, "roles.toml").unwrap_err();
        assert_eq!(
            error.problems[1].to_owned(),
            CatalogueProblem {
                line: Some(3 * MAX_ENTRIES + 2),
                entry: String::new(),
                message: "65536 roles; a catalogue holds at most 65535".into(),
            }
        );
    }

    #[test]
    fn overlap_pairs_are_unordered_and_unique() {
        let text = format!(
            "{HEAD}[[responsibilities]]\nid = \"cpo.a\"\nrole = \"cpo\"\ntitle = \"A\"\noverlaps = [\"cmo.b\"]\n\
             [[responsibilities]]\nid = \"cmo.b\"\nrole = \"cmo\"\ntitle = \"B\"\noverlaps = [\"cpo.a\"]\n"
        );
        let cat = Catalogue::from_toml(&text, "cat.toml").unwrap();
        assert_eq!(cat.overlaps(), [(RespIdx(0), RespIdx(1))]);
    }
}
