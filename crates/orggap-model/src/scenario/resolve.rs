//! A scenario checked against its roster and catalogue: every person, skill, duty and level
//! found, or every problem reported together.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::doc::{LevelValue, Levels, ScenarioDoc};
use super::read::{Draft, Pending};
use super::{Change, Hire, RequirementChange, Scenario};
use crate::{
    Catalogue, CatalogueError, Day, Level, Lookup, PersonIdx, RespIdx, Roster, SimilarNames,
    SkillIdx, normalize_name, quoted,
};

impl ScenarioDoc {
    /// Reads a scenario file's TOML text and checks it against `roster` and `catalogue`;
    /// `origin` names the file in messages. Every problem is reported together, each with
    /// its line and entry.
    pub fn from_toml(
        text: &str,
        origin: &str,
        roster: &Roster,
        catalogue: &Catalogue,
    ) -> Result<(ScenarioDoc, Scenario), CatalogueError> {
        let draft = ScenarioDoc::draft_from_toml(text, origin)?;
        let scenario = draft.resolve(roster, catalogue)?;
        Ok((draft.doc, scenario))
    }

    /// Reads a scenario given as JSON with the file's keys, and checks it like
    /// [`ScenarioDoc::from_toml`] (without lines).
    pub fn from_json(
        value: &Value,
        origin: &str,
        roster: &Roster,
        catalogue: &Catalogue,
    ) -> Result<(ScenarioDoc, Scenario), CatalogueError> {
        let draft = ScenarioDoc::draft_from_json(value, origin);
        let scenario = draft.resolve(roster, catalogue)?;
        Ok((draft.doc, scenario))
    }

    /// Checks a scenario built in code against `roster` and `catalogue`.
    pub fn resolve(
        &self,
        origin: &str,
        roster: &Roster,
        catalogue: &Catalogue,
    ) -> Result<Scenario, CatalogueError> {
        let draft = Draft {
            doc: self.clone(),
            problems: Vec::new(),
            lines: HashMap::new(),
            origin: origin.to_owned(),
        };
        draft.resolve(roster, catalogue)
    }
}

mod moves;

/// How many roster names an unknown person's message suggests.
const CLOSEST_NAMES: usize = 3;

/// How many unknown people get suggestions: as many messages as an error shows; the rest
/// are named without (a request naming 60,000 unknown people costs 50 lookups, not 60,000).
const SUGGESTED_PEOPLE: usize = 50;

impl Draft {
    /// The scenario of indices, or every problem of its form and of its content together.
    pub(crate) fn resolve(
        &self,
        roster: &Roster,
        catalogue: &Catalogue,
    ) -> Result<Scenario, CatalogueError> {
        let mut r = Resolver {
            roster,
            catalogue,
            problems: self.problems.clone(),
            people: HashMap::new(),
            taken: HashSet::new(),
            similar: None,
            suggested: 0,
        };
        let doc = &self.doc;
        r.look_up_everyone(doc);
        let mut scenario = Scenario {
            name: doc.name.clone().filter(|n| !n.trim().is_empty()),
            ..Scenario::default()
        };
        if let Some(day) = &doc.as_of {
            scenario.as_of = r.date(day);
        }
        let mut leaving: HashMap<PersonIdx, usize> = HashMap::new();
        for (i, text) in doc.leave.iter().enumerate() {
            let person = r.person(&format!("leave[{i}]"), text, "leaves");
            if let Some(p) = person.filter(|p| !leaving.contains_key(p)) {
                leaving.insert(p, i);
                scenario.leave.push(p);
            }
        }
        let mut changed: HashMap<PersonIdx, usize> = HashMap::new();
        for (i, change) in doc.change.iter().enumerate() {
            let path = format!("change[{i}]");
            let person = match change.person.trim().is_empty() {
                true => None,
                false => r.person(&format!("{path}.person"), &change.person, "is changed"),
            };
            if let Some(p) = person {
                if let Some(&first) = changed.get(&p) {
                    r.problem(
                        &path,
                        format!(
                            "'{}' is changed twice (also change {}); say everything in one change",
                            quoted(&roster.label(p)),
                            first + 1
                        ),
                    );
                }
                changed.entry(p).or_insert(i);
                if leaving.contains_key(&p) {
                    r.problem(
                        &path,
                        format!(
                            "'{}' also leaves (leave); a person who leaves cannot be changed",
                            quoted(&roster.label(p))
                        ),
                    );
                }
            }
            let (levels, unknown) = r.levels_or_unknown(&format!("{path}.levels"), &change.levels);
            let owns = change
                .owns
                .as_ref()
                .map(|owns| r.duties(&format!("{path}.owns"), owns));
            let manager = change.manager.as_ref().and_then(|m| {
                let text = m.trim();
                match text.is_empty() {
                    true => Some(None),
                    false => r
                        .person(&format!("{path}.manager"), text, "is the manager")
                        .map(Some),
                }
            });
            let capacity = change.capacity.map(|c| c as u32);
            if let Some(person) = person {
                scenario.changes.push(Change {
                    person,
                    levels,
                    unknown,
                    team: change.team.as_deref().map(|t| t.trim().to_owned()),
                    capacity,
                    owns,
                    manager,
                    title: change.title.as_deref().map(|t| t.trim().to_owned()),
                });
            }
        }
        r.check_moves(&scenario.changes, &changed);
        let mut hired: HashMap<String, usize> = HashMap::new();
        for (i, hire) in doc.hire.iter().enumerate() {
            let path = format!("hire[{i}]");
            let name = normalize_name(&hire.name).into_owned();
            if name.is_empty() {
                // Said while reading the file.
            } else if let Some(&first) = hired.get(&name) {
                r.problem(
                    &path,
                    format!(
                        "'{}' is hired twice (also hire {})",
                        quoted(&name),
                        first + 1
                    ),
                );
            } else {
                hired.insert(name.clone(), i);
                if r.taken.contains(&name) {
                    r.problem(
                        &path,
                        format!(
                            "'{}' is already on the roster; a hire needs a name of their own",
                            quoted(&name)
                        ),
                    );
                }
            }
            let levels = r.levels(&format!("{path}.levels"), &hire.levels);
            let manager = hire
                .manager
                .as_deref()
                .map(str::trim)
                .and_then(|m| match m {
                    "" => None,
                    m => r.person(&format!("{path}.manager"), m, "is the manager"),
                });
            let owns = hire
                .owns
                .as_ref()
                .map(|owns| r.duties(&format!("{path}.owns"), owns))
                .unwrap_or_default();
            scenario.hires.push(Hire {
                name,
                title: hire.title.as_deref().unwrap_or_default().trim().to_owned(),
                team: hire.team.as_deref().unwrap_or_default().trim().to_owned(),
                capacity: hire.capacity.map(|c| c as u32),
                levels,
                owns,
                manager,
            });
        }
        let mut asked: HashMap<RespIdx, usize> = HashMap::new();
        for (i, requirement) in doc.requirement.iter().enumerate() {
            let path = format!("requirement[{i}]");
            if let Some(change) = r.requirement(&path, requirement, &mut asked, i) {
                scenario.requirements.push(change);
            }
        }
        match r.problems.is_empty() {
            true => Ok(scenario),
            false => Err(self.error(r.problems)),
        }
    }
}

/// Checks the entries of a scenario against a roster and a catalogue, collecting problems.
struct Resolver<'a> {
    roster: &'a Roster,
    catalogue: &'a Catalogue,
    problems: Vec<Pending>,
    /// Who every name in the scenario names, found in one pass over the roster.
    people: HashMap<String, Lookup>,
    /// The hires' names someone on the roster already has.
    taken: HashSet<String>,
    /// Everyone's name signature, once a name finds nobody.
    similar: Option<SimilarNames>,
    /// How many unknown people were given suggestions.
    suggested: usize,
}

impl Resolver<'_> {
    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(Pending {
            path: path.to_owned(),
            message,
        });
    }

    /// Looks up every person the scenario names (and every hire's name) at once.
    fn look_up_everyone(&mut self, doc: &ScenarioDoc) {
        let mut texts: Vec<String> = doc.leave.iter().map(|t| normal(t)).collect();
        for change in &doc.change {
            texts.push(normal(&change.person));
            texts.extend(change.manager.as_deref().map(normal));
        }
        texts.extend(
            doc.hire
                .iter()
                .filter_map(|h| h.manager.as_deref())
                .map(normal),
        );
        texts.retain(|t| !t.is_empty());
        texts.sort_unstable();
        texts.dedup();
        // A hire's name is taken when someone has exactly that name (as in the roster
        // file, where names differing in case are different people).
        let hires: Vec<String> = doc.hire.iter().map(|h| normal(&h.name)).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let hire_refs: Vec<&str> = hires.iter().map(String::as_str).collect();
        let (found, taken) = self.roster.lookup_many_and_names(&refs, &hire_refs);
        self.people = texts.into_iter().zip(found).collect();
        self.taken = hires
            .into_iter()
            .zip(taken)
            .filter(|(_, people)| !people.is_empty())
            .map(|(name, _)| name)
            .collect();
    }

    /// The person `text` names, or a problem at `path` (`what` says what they do).
    fn person(&mut self, path: &str, text: &str, what: &str) -> Option<PersonIdx> {
        let text = normal(text);
        match self.people.get(&text).cloned().unwrap_or(Lookup::Missing) {
            Lookup::Found(p) => Some(p),
            Lookup::Missing => {
                let closest = self.closest(&text);
                let hint = match closest.is_empty() {
                    true => String::new(),
                    false => format!("; closest: {}", closest.join(", ")),
                };
                self.problem(
                    path,
                    format!(
                        "'{}', who {what}, is not on the roster{hint}",
                        quoted(&text)
                    ),
                );
                None
            }
            Lookup::Shared(people) => {
                let ids: Vec<&str> = people.iter().filter_map(|&p| self.roster.id(p)).collect();
                self.problem(
                    path,
                    format!(
                        "'{}' is the name of {} people (ids {}); name one by id",
                        quoted(&text),
                        people.len(),
                        quoted(&ids.join(", "))
                    ),
                );
                None
            }
        }
    }

    /// The roster names most like `text` (Jaro–Winkler, ignoring case), best first; none
    /// past the first [`SUGGESTED_PEOPLE`] unknown people.
    fn closest(&mut self, text: &str) -> Vec<String> {
        if self.suggested == SUGGESTED_PEOPLE {
            return Vec::new();
        }
        self.suggested += 1;
        let roster = self.roster;
        self.similar
            .get_or_insert_with(|| SimilarNames::of(roster))
            .closest(roster, text, CLOSEST_NAMES)
            .into_iter()
            .map(|p| quoted(&self.roster.label(p)).into_owned())
            .collect()
    }

    fn date(&mut self, text: &str) -> Option<Day> {
        let parsed = Day::parse(text);
        if parsed.is_none() {
            self.problem(
                "as_of",
                format!("as_of '{}' is not a day written YYYY-MM-DD", quoted(text)),
            );
        }
        parsed
    }

    /// The skills and levels of a `levels` table, each skill once, in catalogue order.
    /// A `[[requirement]]`: its duty found (and not changed twice), its levels checked.
    fn requirement(
        &mut self,
        path: &str,
        doc: &super::RequirementDoc,
        asked: &mut HashMap<RespIdx, usize>,
        i: usize,
    ) -> Option<RequirementChange> {
        let duty = match doc.duty.trim() {
            "" => None,
            id => match self.catalogue.find_responsibility(id) {
                Some(r) => Some(r),
                None => {
                    self.problem(
                        &format!("{path}.duty"),
                        format!("'{}' is not a responsibility of the catalogue", quoted(id)),
                    );
                    None
                }
            },
        };
        if let Some(r) = duty
            && let Some(first) = asked.insert(r, i)
        {
            self.problem(
                path,
                format!(
                    "'{}' is changed twice (also requirement {}); say everything in one",
                    self.catalogue.responsibility(r).id,
                    first + 1
                ),
            );
        }
        let requires = doc.requires.as_ref().map(|levels| {
            self.levels(&format!("{path}.requires"), levels)
                .into_iter()
                .map(|(skill, level)| crate::Requirement { skill, level })
                .collect()
        });
        let min_owners = match doc.min_owners {
            Some(0) => {
                self.problem(
                    &format!("{path}.min_owners"),
                    "min_owners 0 is not a whole number of at least 1".into(),
                );
                None
            }
            other => other.map(|n| n as u32),
        };
        duty.map(|duty| RequirementChange {
            duty,
            requires,
            min_owners,
        })
    }

    /// The levels of the table at `path` (`change[0].levels`, `requirement[1].requires`).
    fn levels(&mut self, path: &str, levels: &Levels) -> Vec<(SkillIdx, Level)> {
        self.read_levels(path, levels, None)
    }

    /// The levels of a change's table, and the skills it says were not assessed.
    fn levels_or_unknown(
        &mut self,
        path: &str,
        levels: &Levels,
    ) -> (Vec<(SkillIdx, Level)>, Vec<SkillIdx>) {
        let mut unknown = Vec::new();
        let known = self.read_levels(path, levels, Some(&mut unknown));
        (known, unknown)
    }

    /// The levels of the table at `path`; with `unknown`, a word saying "not assessed" puts
    /// the skill there instead of being refused.
    fn read_levels(
        &mut self,
        path: &str,
        levels: &Levels,
        mut unknown: Option<&mut Vec<SkillIdx>>,
    ) -> Vec<(SkillIdx, Level)> {
        let mut out: Vec<(SkillIdx, Level)> = Vec::with_capacity(levels.0.len());
        let mut given: HashMap<SkillIdx, &str> = HashMap::new();
        for (key, value) in &levels.0 {
            let at = format!("{path}.{key}");
            let Some(skill) = self.catalogue.find_skill(key) else {
                self.problem(
                    &at,
                    format!(
                        "'{}' is not a skill of the catalogue (ids, names and aliases are accepted)",
                        quoted(key)
                    ),
                );
                continue;
            };
            if let Some(first) = given.insert(skill, key) {
                self.problem(
                    &at,
                    format!(
                        "skill '{}' is given twice ('{}' and '{}')",
                        self.catalogue.skill(skill).id,
                        quoted(first),
                        quoted(key)
                    ),
                );
                continue;
            }
            let scale = self.catalogue.scale();
            if let LevelValue::Word(word) = value
                && Level::not_assessed(word)
            {
                match unknown.as_deref_mut() {
                    Some(unknown) => unknown.push(skill),
                    None => self.problem(
                        &at,
                        format!(
                            "'{}' for '{}' says not assessed, which only a change of someone on \
                             the roster may say: give a level {}",
                            quoted(word),
                            quoted(key),
                            scale.range()
                        ),
                    ),
                }
                continue;
            }
            match level(value, scale) {
                Some(level) => out.push((skill, level)),
                None => self.problem(
                    &at,
                    format!(
                        "level {} for '{}' is not {} or a level word{}",
                        shown(value),
                        quoted(key),
                        scale.range(),
                        match scale.is_builtin() {
                            true => String::new(),
                            false => format!(" ({})", scale.words()),
                        }
                    ),
                ),
            }
        }
        out.sort_unstable_by_key(|&(skill, _)| skill);
        out
    }

    /// The duties of an `owns` list, in the order written, without repeats.
    fn duties(&mut self, path: &str, ids: &[String]) -> Vec<RespIdx> {
        let mut out = Vec::new();
        let mut listed = vec![false; self.catalogue.responsibilities().len()];
        for (i, id) in ids.iter().enumerate() {
            match self.catalogue.find_responsibility(id) {
                Some(r) if !std::mem::replace(&mut listed[r.index()], true) => out.push(r),
                Some(_) => {}
                None => self.problem(
                    &format!("{path}[{i}]"),
                    format!(
                        "owns '{}', which is not a responsibility of the catalogue",
                        quoted(id)
                    ),
                ),
            }
        }
        out
    }
}

/// A person's text as the roster keeps names: trimmed, NFC.
fn normal(text: &str) -> String {
    normalize_name(text).into_owned()
}

fn level(value: &LevelValue, scale: &crate::Scale) -> Option<Level> {
    match value {
        LevelValue::Number(n) if n.fract() == 0.0 && (0.0..=f64::from(Level::MAX)).contains(n) => {
            Level::new(*n as u8).filter(|&l| l <= scale.top())
        }
        LevelValue::Number(_) => None,
        LevelValue::Word(word) => scale.read(word),
    }
}

fn shown(value: &LevelValue) -> String {
    match value {
        LevelValue::Number(n) => format!("{n}"),
        LevelValue::Word(w) => format!("'{}'", quoted(w)),
    }
}

#[cfg(test)]
mod suggestions {
    use super::*;
    use crate::{BUILTIN_TOML, PersonFields};

    #[test]
    fn only_the_first_fifty_unknown_people_get_suggestions() {
        let catalogue = Catalogue::from_toml(BUILTIN_TOML, "b").unwrap();
        let mut roster = Roster::new(catalogue.skills().len());
        roster.add_person(PersonFields {
            name: "Maya Chen",
            ..PersonFields::default()
        });
        let names: Vec<String> = (0..60).map(|i| format!("\"Maya Chen{i}\"")).collect();
        let text = format!("leave = [{}]\n", names.join(", "));
        let error = ScenarioDoc::from_toml(&text, "s.toml", &roster, &catalogue).unwrap_err();
        let suggested = error
            .problems
            .iter()
            .filter(|p| p.message.contains("closest: Maya Chen"))
            .count();
        assert_eq!((error.problems.len(), suggested), (60, SUGGESTED_PEOPLE));
    }
}
