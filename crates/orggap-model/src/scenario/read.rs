//! Reading a scenario: its TOML (with the line of every entry) or JSON with the same keys,
//! into a [`ScenarioDoc`] and the problems of its form, each placed at its entry.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::doc::{ChangeDoc, HireDoc, LevelValue, Levels, RequirementDoc, ScenarioDoc};
use crate::limits::{Lines, line_of};
use crate::{CatalogueError, CatalogueProblem, check_toml_size, quoted};

/// A problem found while reading, to be placed and named once the whole file is read.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    /// Where: `change[1].levels.budgeting`, `leave[0]`, `hire[2]`, or empty for the file.
    pub path: String,
    pub message: String,
}

/// A scenario read from a file: the content, the problems of its form, and where each
/// entry sits.
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    pub doc: ScenarioDoc,
    pub problems: Vec<Pending>,
    /// The line and byte offset of each path, for a TOML file.
    pub lines: HashMap<String, (usize, usize)>,
    pub origin: String,
}

impl Draft {
    /// The error of `problems` (sorted by line, then as found), each placed and named.
    pub fn error(&self, mut problems: Vec<Pending>) -> CatalogueError {
        let placed = |p: &Pending| self.place(&p.path);
        problems.sort_by_key(|p| placed(p).unwrap_or_default());
        CatalogueError {
            origin: self.origin.clone(),
            problems: problems
                .iter()
                .map(|p| CatalogueProblem {
                    line: placed(p).map(|(line, _)| line),
                    entry: self.entry(&p.path),
                    message: p.message.clone(),
                })
                .collect(),
        }
    }

    /// The line and offset of `path`, or of the nearest entry that holds it.
    fn place(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(&place) = self.lines.get(path) {
                return Some(place);
            }
            path = &path[..path.rfind(['.', '['])?];
        }
    }

    /// How a message names the entry at `path`: `change 2 ('Tomás Ruiz')`, `hire 1 ('CMO')`,
    /// `leave`, a key, or nothing for the whole file.
    fn entry(&self, path: &str) -> String {
        let index = |rest: &str| -> Option<usize> {
            let end = rest.find(']')?;
            rest.get(1..end)?.parse().ok()
        };
        if let Some(rest) = path.strip_prefix("change")
            && let Some(i) = index(rest)
        {
            let who = self.doc.change.get(i).map_or("", |c| c.person.as_str());
            return numbered("change", i, who);
        }
        if let Some(rest) = path.strip_prefix("hire")
            && let Some(i) = index(rest)
        {
            let who = self.doc.hire.get(i).map_or("", |h| h.name.as_str());
            return numbered("hire", i, who);
        }
        if let Some(rest) = path.strip_prefix("requirement")
            && let Some(i) = index(rest)
        {
            let duty = self.doc.requirement.get(i).map_or("", |r| r.duty.as_str());
            return numbered("requirement", i, duty);
        }
        // The top-level keys other than `leave` are named by their messages.
        match path.split(['.', '[']).next() {
            Some("leave") => "leave".into(),
            _ => String::new(),
        }
    }
}

fn numbered(kind: &str, i: usize, who: &str) -> String {
    match who.is_empty() {
        true => format!("{kind} {}", i + 1),
        false => format!("{kind} {} ('{}')", i + 1, quoted(who)),
    }
}

const TOP_KEYS: &str = "name, as_of, leave, change, hire, requirement";
const CHANGE_KEYS: &str = "person, levels, team, capacity, owns, manager, title";
const HIRE_KEYS: &str = "name, title, team, capacity, levels, owns, manager";
const REQUIREMENT_KEYS: &str = "duty, requires, min_owners";

impl ScenarioDoc {
    /// Reads a scenario's TOML text; `origin` names the file in messages.
    pub(crate) fn draft_from_toml(text: &str, origin: &str) -> Result<Draft, CatalogueError> {
        check_toml_size(text, origin, "scenario")?;
        let table = toml::de::DeTable::parse(text).map_err(|e| CatalogueError {
            origin: origin.to_owned(),
            problems: vec![CatalogueProblem {
                line: e.span().map(|span| line_of(text, span.start)),
                entry: String::new(),
                message: format!("not a valid scenario: {}", e.message().trim_end()),
            }],
        })?;
        let mut lines = HashMap::new();
        let value = table_value(table.get_ref(), "", &Lines::new(text), &mut lines);
        Ok(Draft::read(&value, lines, origin))
    }

    /// Reads a scenario given as JSON with the file's keys; `origin` names it in messages.
    pub(crate) fn draft_from_json(value: &Value, origin: &str) -> Draft {
        Draft::read(value, HashMap::new(), origin)
    }
}

/// A TOML table as JSON, noting the line of every key under `path`.
fn table_value(
    table: &toml::de::DeTable<'_>,
    path: &str,
    text: &Lines,
    lines: &mut HashMap<String, (usize, usize)>,
) -> Value {
    let mut map = Map::new();
    for (key, value) in table {
        let at = match path {
            "" => key.get_ref().to_string(),
            _ => format!("{path}.{}", key.get_ref()),
        };
        let start = key.span().start;
        lines.insert(at.clone(), (text.line(start), start));
        map.insert(
            key.get_ref().to_string(),
            toml_value(value.get_ref(), &at, text, lines),
        );
    }
    Value::Object(map)
}

fn toml_value(
    value: &toml::de::DeValue<'_>,
    path: &str,
    text: &Lines,
    lines: &mut HashMap<String, (usize, usize)>,
) -> Value {
    use toml::de::DeValue;
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i64::from_str_radix(digits.trim_start_matches('+'), i.radix()) {
                Ok(n) => Value::from(n),
                Err(_) => Value::String(i.as_str().to_owned()),
            }
        }
        DeValue::Float(f) => f
            .as_str()
            .replace('_', "")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| Value::String(f.as_str().to_owned()), Value::Number),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let at = format!("{path}[{i}]");
                    let start = item.span().start;
                    lines.insert(at.clone(), (text.line(start), start));
                    toml_value(item.get_ref(), &at, text, lines)
                })
                .collect(),
        ),
        DeValue::Table(table) => table_value(table, path, text, lines),
    }
}

/// What a JSON value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

impl Draft {
    /// The scenario in `value`, with a problem for every key or value of the wrong form.
    fn read(value: &Value, lines: HashMap<String, (usize, usize)>, origin: &str) -> Draft {
        let mut draft = Draft {
            doc: ScenarioDoc::default(),
            problems: Vec::new(),
            lines,
            origin: origin.to_owned(),
        };
        let Some(top) = value.as_object() else {
            draft.problem("", format!("a scenario is a table of {TOP_KEYS}"));
            return draft;
        };
        for (key, value) in top {
            match key.as_str() {
                "name" => draft.doc.name = draft.text(key, value),
                "as_of" => draft.doc.as_of = draft.text(key, value),
                "leave" => draft.doc.leave = draft.texts(key, value).unwrap_or_default(),
                "change" => {
                    for (i, entry) in draft.entries(key, value).iter().enumerate() {
                        let change = draft.change(&format!("change[{i}]"), entry);
                        draft.doc.change.push(change);
                    }
                }
                "hire" => {
                    for (i, entry) in draft.entries(key, value).iter().enumerate() {
                        let hire = draft.hire(&format!("hire[{i}]"), entry);
                        draft.doc.hire.push(hire);
                    }
                }
                "requirement" => {
                    for (i, entry) in draft.entries(key, value).iter().enumerate() {
                        let requirement = draft.requirement(&format!("requirement[{i}]"), entry);
                        draft.doc.requirement.push(requirement);
                    }
                }
                _ => draft.unknown(key, key, TOP_KEYS),
            }
        }
        draft
    }

    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(Pending {
            path: path.to_owned(),
            message,
        });
    }

    fn unknown(&mut self, path: &str, key: &str, expected: &str) {
        self.problem(
            path,
            format!("unknown key '{}'; expected one of {expected}", quoted(key)),
        );
    }

    fn text(&mut self, path: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                let key = path.rsplit('.').next().unwrap_or(path);
                self.problem(path, format!("{key} must be text, not {}", kind(other)));
                None
            }
        }
    }

    fn texts(&mut self, path: &str, value: &Value) -> Option<Vec<String>> {
        let key = path.rsplit('.').next().unwrap_or(path).to_owned();
        let Some(items) = value.as_array() else {
            self.problem(
                path,
                format!("{key} must be a list of text, not {}", kind(value)),
            );
            return None;
        };
        let mut texts = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => texts.push(s.clone()),
                other => self.problem(
                    &format!("{path}[{i}]"),
                    format!("{key} must be a list of text, not of {}", kind(other)),
                ),
            }
        }
        Some(texts)
    }

    fn entries<'v>(&mut self, key: &str, value: &'v Value) -> Vec<&'v Map<String, Value>> {
        let Some(items) = value.as_array() else {
            self.problem(
                key,
                format!(
                    "{key} must be a list of tables ([[{key}]]), not {}",
                    kind(value)
                ),
            );
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let table = item.as_object();
                if table.is_none() {
                    self.problem(
                        &format!("{key}[{i}]"),
                        format!("each {key} must be a table, not {}", kind(item)),
                    );
                }
                table
            })
            .collect()
    }

    fn capacity(&mut self, path: &str, value: &Value) -> Option<u64> {
        match value.as_u64().filter(|&c| c <= u64::from(u32::MAX)) {
            Some(c) => Some(c),
            None => {
                self.problem(
                    path,
                    format!(
                        "capacity {} is not a whole number of at least 0",
                        quoted(&value.to_string())
                    ),
                );
                None
            }
        }
    }

    fn levels(&mut self, path: &str, value: &Value) -> Levels {
        let Some(table) = value.as_object() else {
            let key = path.rsplit('.').next().unwrap_or(path);
            self.problem(
                path,
                format!(
                    "{key} must be a table of skill = level, not {}",
                    kind(value)
                ),
            );
            return Levels::default();
        };
        let mut levels = Vec::with_capacity(table.len());
        for (skill, level) in table {
            let at = format!("{path}.{skill}");
            match level {
                Value::Number(n) => levels.push((
                    skill.clone(),
                    LevelValue::Number(n.as_f64().unwrap_or(f64::NAN)),
                )),
                Value::String(w) => levels.push((skill.clone(), LevelValue::Word(w.clone()))),
                other => self.problem(
                    &at,
                    format!(
                        "level of '{}' must be a number or a level word, not {}",
                        quoted(skill),
                        kind(other)
                    ),
                ),
            }
        }
        Levels(levels)
    }

    fn change(&mut self, path: &str, table: &Map<String, Value>) -> ChangeDoc {
        let mut change = ChangeDoc::default();
        let mut person = None;
        for (key, value) in table {
            let at = format!("{path}.{key}");
            match key.as_str() {
                "person" => person = self.text(&at, value),
                "levels" => change.levels = self.levels(&at, value),
                "team" => change.team = self.text(&at, value),
                "capacity" => change.capacity = self.capacity(&at, value),
                "owns" => change.owns = self.texts(&at, value),
                "manager" => change.manager = self.text(&at, value),
                "title" => change.title = self.text(&at, value),
                _ => self.unknown(&at, key, CHANGE_KEYS),
            }
        }
        change.person = self.required(path, table, "person", person, "say whom the change is for");
        change
    }

    fn hire(&mut self, path: &str, table: &Map<String, Value>) -> HireDoc {
        let mut hire = HireDoc::default();
        let mut name = None;
        for (key, value) in table {
            let at = format!("{path}.{key}");
            match key.as_str() {
                "name" => name = self.text(&at, value),
                "title" => hire.title = self.text(&at, value),
                "team" => hire.team = self.text(&at, value),
                "capacity" => hire.capacity = self.capacity(&at, value),
                "levels" => hire.levels = self.levels(&at, value),
                "owns" => hire.owns = self.texts(&at, value),
                "manager" => hire.manager = self.text(&at, value),
                _ => self.unknown(&at, key, HIRE_KEYS),
            }
        }
        hire.name = self.required(path, table, "name", name, "a hire needs a name");
        hire
    }

    fn requirement(&mut self, path: &str, table: &Map<String, Value>) -> RequirementDoc {
        let mut requirement = RequirementDoc::default();
        let mut duty = None;
        for (key, value) in table {
            let at = format!("{path}.{key}");
            match key.as_str() {
                "duty" => duty = self.text(&at, value),
                "requires" => requirement.requires = Some(self.levels(&at, value)),
                "min_owners" => match value.as_u64().filter(|&n| n <= u64::from(u32::MAX)) {
                    Some(n) => requirement.min_owners = Some(n),
                    None => self.problem(
                        &at,
                        format!(
                            "min_owners {} is not a whole number of at least 0",
                            quoted(&value.to_string())
                        ),
                    ),
                },
                _ => self.unknown(&at, key, REQUIREMENT_KEYS),
            }
        }
        requirement.duty = self.required(path, table, "duty", duty, "say which duty");
        requirement
    }

    /// The text of `key`, which an entry at `path` must have: a problem (saying `why`) when
    /// it is missing or empty, and empty text then.
    fn required(
        &mut self,
        path: &str,
        table: &Map<String, Value>,
        key: &str,
        value: Option<String>,
        why: &str,
    ) -> String {
        match value {
            Some(text) if !text.trim().is_empty() => return text,
            Some(_) => self.problem(&format!("{path}.{key}"), format!("{key} is empty: {why}")),
            None if !table.contains_key(key) => self.problem(path, format!("no {key}: {why}")),
            // Of the wrong form, said already.
            None => {}
        }
        String::new()
    }
}
