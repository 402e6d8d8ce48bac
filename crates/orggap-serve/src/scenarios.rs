//! The workspace's named scenarios: one is open (the page and `/api/scenario` edit it), the
//! others wait; in a folder workspace (`serve --scenarios DIR`) each is saved to its own
//! `NAME.toml` there.

use std::path::{Path, PathBuf};

use orggap_model::ScenarioDoc;
use serde::Serialize;

use crate::downloads::{scenario_toml, write_whole};
use crate::error::Refused;
use crate::state::{Session, Undo, Workspace, lock};

/// A scenario of the workspace, as it starts or as it is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    /// Its name: unique in the workspace, and its file's name in a folder workspace.
    pub name: String,
    /// The file it is saved to, when it has one.
    pub file: Option<PathBuf>,
    /// The scenario.
    pub doc: ScenarioDoc,
}

/// The name of the scenario a workspace starts with when it has none.
pub(crate) const FIRST_NAME: &str = "scenario";

/// What the list of scenarios says of one.
#[derive(Debug, Serialize)]
pub(crate) struct Listed {
    pub name: String,
    /// Its file, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Whether it is the one open.
    pub open: bool,
    /// How many entries it has (leavers, changes, hires, requirements).
    pub entries: usize,
}

impl Workspace {
    /// Every scenario, by name.
    pub(crate) fn scenarios(&self) -> Vec<Listed> {
        let session = lock(&self.session);
        let slots = session.slots.iter().enumerate();
        slots
            .map(|(i, slot)| Listed {
                name: slot.name.clone(),
                file: slot.file.as_ref().map(|f| f.display().to_string()),
                open: i == session.open,
                entries: slot.doc.leave.len()
                    + slot.doc.change.len()
                    + slot.doc.hire.len()
                    + slot.doc.requirement.len(),
            })
            .collect()
    }

    /// The scenario called `name`.
    pub(crate) fn scenario(&self, name: &str) -> Option<Named> {
        let slots = &lock(&self.session).slots;
        slots.iter().find(|s| s.name == name).cloned()
    }

    /// Adds scenario `name` holding `doc` (saved to its file at once in a folder
    /// workspace); it does not open it.
    pub(crate) fn create_scenario(&self, name: &str, doc: ScenarioDoc) -> Result<(), Refused> {
        check_name(name).map_err(Refused::Unprocessable)?;
        let mut session = lock(&self.session);
        if let Some(taken) = session.slots.iter().find(|s| same_name(&s.name, name)) {
            return Err(Refused::Conflict(format!(
                "there is already a scenario '{}'",
                taken.name
            )));
        }
        if session.slots.len() >= MAX_SCENARIOS {
            return Err(Refused::Conflict(format!(
                "a workspace holds at most {MAX_SCENARIOS} scenarios; delete one first"
            )));
        }
        let file = self.config.scenario_dir.as_ref().map(|d| file_in(d, name));
        if let Some(file) = &file {
            if std::fs::symlink_metadata(file).is_ok() {
                return Err(Refused::Conflict(format!(
                    "{} is already there; choose another name",
                    file.display()
                )));
            }
            save(file, &doc)?;
        }
        let slot = Named {
            name: name.to_owned(),
            file,
            doc,
        };
        let at = session
            .slots
            .partition_point(|s| before(&s.name, &slot.name));
        session.slots.insert(at, slot);
        if at <= session.open && session.slots.len() > 1 {
            session.open += 1;
        }
        Ok(())
    }

    /// Opens scenario `name`: the page and `/api/scenario` edit it from now on, with an
    /// undo history of its own from here.
    pub(crate) fn open_scenario(&self, name: &str) -> Result<(), Refused> {
        let mut session = lock(&self.session);
        let at = position(&session, name)?;
        if at != session.open {
            session.open = at;
            session.resolved = None;
            session.undo = Undo::default();
        }
        Ok(())
    }

    /// Renames scenario `old` to `new` (and its file in a folder workspace).
    pub(crate) fn rename_scenario(&self, old: &str, new: &str) -> Result<(), Refused> {
        check_name(new).map_err(Refused::Unprocessable)?;
        let mut session = lock(&self.session);
        let at = position(&session, old)?;
        let taken = session.slots.iter().enumerate();
        if let Some((_, taken)) = taken
            .filter(|&(i, _)| i != at)
            .find(|(_, s)| same_name(&s.name, new))
        {
            return Err(Refused::Conflict(format!(
                "there is already a scenario '{}'",
                taken.name
            )));
        }
        let open = session.slots[session.open].name.clone();
        let mut slot = session.slots.remove(at);
        if let Some(dir) = &self.config.scenario_dir {
            let file = file_in(dir, new);
            let from = slot.file.clone().unwrap_or_else(|| file_in(dir, old));
            let moved = match std::fs::symlink_metadata(&file) {
                Ok(_) if !same_name(old, new) => Err(std::io::Error::other(
                    "a file of that name is already there; choose another name",
                )),
                // Never saved: nothing to move.
                _ if std::fs::symlink_metadata(&from).is_err() => Ok(()),
                _ => std::fs::rename(&from, &file),
            };
            if let Err(e) = moved {
                let at = session
                    .slots
                    .partition_point(|s| before(&s.name, &slot.name));
                session.slots.insert(at, slot);
                return Err(Refused::Failed(format!(
                    "{}: cannot rename: {e}",
                    from.display()
                )));
            }
            slot.file = Some(file);
        }
        if slot.doc.name.as_deref() == Some(old) {
            slot.doc.name = Some(new.to_owned());
        }
        slot.name = new.to_owned();
        let at = session
            .slots
            .partition_point(|s| before(&s.name, &slot.name));
        session.slots.insert(at, slot);
        let open = if open == old { new } else { open.as_str() };
        session.open = position(&session, open).unwrap_or(0);
        Ok(())
    }

    /// Deletes scenario `name` (and its file in a folder workspace). Deleting the one open
    /// opens the first left; deleting the last leaves one empty scenario.
    pub(crate) fn delete_scenario(&self, name: &str) -> Result<(), Refused> {
        let mut session = lock(&self.session);
        let at = position(&session, name)?;
        if let Some(file) = &session.slots[at].file
            && self.config.scenario_dir.is_some()
        {
            match std::fs::remove_file(file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Refused::Failed(format!(
                        "{}: cannot delete: {e}",
                        file.display()
                    )));
                }
            }
        }
        session.slots.remove(at);
        if session.slots.is_empty() {
            session.slots.push(Named {
                name: FIRST_NAME.into(),
                file: None,
                doc: ScenarioDoc::default(),
            });
        }
        if at == session.open {
            session.open = 0;
            session.resolved = None;
            session.undo = Undo::default();
        } else if at < session.open {
            session.open -= 1;
        }
        Ok(())
    }

    /// Replaces scenario `name`'s contents with `doc` (the open one keeps its undo
    /// history); in a folder workspace the file is written at once.
    pub(crate) fn replace_scenario(&self, name: &str, doc: ScenarioDoc) -> Result<(), Refused> {
        let mut session = lock(&self.session);
        let at = position(&session, name)?;
        if let (Some(file), Some(_)) = (&session.slots[at].file, &self.config.scenario_dir) {
            save(file, &doc)?;
        }
        if at == session.open {
            let old = std::mem::replace(session.doc_mut(), doc);
            session.undo.push(old);
            session.resolved = None;
        } else {
            session.slots[at].doc = doc;
        }
        Ok(())
    }

    /// Writes the open scenario to its file.
    pub(crate) fn save_open(&self) -> Result<std::path::PathBuf, Refused> {
        let (file, doc) = {
            let session = lock(&self.session);
            let slot = &session.slots[session.open];
            (slot.file.clone(), slot.doc.clone())
        };
        let file = file.ok_or_else(|| {
            Refused::Conflict(
                "this scenario has no file: start with --scenario FILE or --scenarios DIR to \
                 save, or download it"
                    .into(),
            )
        })?;
        save(&file, &doc)?;
        Ok(file)
    }
}

/// Where scenario `name` is in the list.
fn position(session: &Session, name: &str) -> Result<usize, Refused> {
    session
        .slots
        .iter()
        .position(|s| s.name == name)
        .ok_or_else(|| Refused::NotFound(format!("no scenario '{name}'")))
}

/// Writes `doc` to `file` as TOML, whole or not at all.
fn save(file: &Path, doc: &ScenarioDoc) -> Result<(), Refused> {
    write_whole(file, scenario_toml(doc).as_bytes())
        .map_err(|e| Refused::Failed(format!("{}: cannot save: {e}", file.display())))
}

/// Scenarios a workspace holds at most (each is at most a request's body).
pub const MAX_SCENARIOS: usize = 100;

/// Longest name, in characters.
const NAME_CHARS: usize = 64;

/// Whether `name` can name a scenario: 1 to 64 letters, digits, spaces, `-`, `_` and `.`,
/// not starting with `.` or a space and not ending with a space (it is a file's name in a
/// folder workspace, the same on every system).
pub fn check_name(name: &str) -> Result<(), String> {
    let fits = !name.is_empty()
        && name.chars().count() <= NAME_CHARS
        && !name.starts_with(['.', ' '])
        && !name.ends_with(' ')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    match fits {
        true => Ok(()),
        false => Err(format!(
            "'{name}' is not a scenario name: 1 to {NAME_CHARS} letters, digits, spaces, \
             '-', '_' and '.', not starting with '.'"
        )),
    }
}

/// Whether two names are the same scenario: names differing only in case would be one file
/// on some systems.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Scenarios are listed by name, case aside (then case, so the order is total).
fn order(name: &str) -> (String, &str) {
    (name.to_lowercase(), name)
}

/// Whether scenario `a` is listed before `b`.
fn before(a: &str, b: &str) -> bool {
    order(a) < order(b)
}

/// The file of scenario `name` in folder `dir`.
pub fn file_in(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.toml"))
}

/// The scenario files of folder `dir`, by name: every `NAME.toml` that is a file (links
/// followed), hidden files (a save's temporary file) left out.
pub fn scenario_files(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = match (path.file_stem(), path.extension()) {
            (Some(stem), Some(ext)) if ext == "toml" => stem.to_string_lossy().into_owned(),
            _ => continue,
        };
        if name.starts_with('.') || !path.is_file() {
            continue;
        }
        found.push((name, path));
    }
    found.sort_by(|(a, _), (b, _)| order(a).cmp(&order(b)));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_file_names() {
        for good in ["a", "Plan B", "hire-2.v1", "Zoë_é", "x".repeat(64).as_str()] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            ".hidden",
            " lead",
            "trail ",
            "a/b",
            "a\\b",
            "..",
            "a:b",
            "tab\t",
            &"x".repeat(65),
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert!(same_name("Plan B", "plan b"));
        assert!(!same_name("plan a", "plan b"));
    }

    #[test]
    fn a_folder_lists_its_toml_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "b.toml",
            "a.toml",
            ".a.toml.123.orggap",
            ".x.toml",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(file), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.toml")).unwrap();
        let names: Vec<String> = scenario_files(dir.path())
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["a", "b"]);
    }
}
