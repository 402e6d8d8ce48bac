//! The workspace's state: the roster as last read (`reading`), the named scenarios with the
//! open one's undo history (`session`), and the analysis of both (`view`), from what it was
//! started with (`config`).

mod config;
mod reading;
mod session;
mod view;

use std::sync::{Arc, Mutex, RwLock};

use orggap_model::{Roster, Scenario, ScenarioDoc};
use orggap_report::CheckReport;

pub use config::{Config, LoadedRoster, Loader};
pub(crate) use reading::Current;
use reading::{baseline, modified};
pub(crate) use session::{Notice, Session, Undo};
pub(crate) use view::{View, plan_of};

pub(crate) use crate::edits::Edit;
use crate::scenarios::{FIRST_NAME, Named, file_in};

/// The workspace: configuration, the roster, the scenario.
pub struct Workspace {
    pub(crate) config: Config,
    pub(crate) current: RwLock<Current>,
    pub(crate) session: Mutex<Session>,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The origin scenario messages name.
pub(crate) const SCENARIO_ORIGIN: &str = "scenario";

impl Workspace {
    /// Reads the roster and checks the starting scenario against it.
    pub fn new(config: Config) -> Result<Workspace, String> {
        let loaded = (config.load)()?;
        Workspace::with_roster(config, loaded)
    }

    /// The workspace of a roster already read (with `config.load`).
    pub fn with_roster(config: Config, loaded: LoadedRoster) -> Result<Workspace, String> {
        let modified = modified(&config.roster_file);
        let current = baseline(&config, loaded, modified)?;
        let mut slots = config.scenarios.clone();
        for slot in &slots {
            slot.doc
                .resolve(SCENARIO_ORIGIN, &current.roster, &config.catalogue)
                .map_err(|e| e.to_string())?;
        }
        if slots.is_empty() {
            slots.push(Named {
                name: FIRST_NAME.into(),
                file: config.scenario_dir.as_ref().map(|d| file_in(d, FIRST_NAME)),
                doc: ScenarioDoc::default(),
            });
        }
        let session = Session {
            slots,
            open: 0,
            resolved: None,
            undo: Undo::default(),
            notice: None,
        };
        Ok(Workspace {
            config,
            current: RwLock::new(current),
            session: Mutex::new(session),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Replaces the scenario with `doc` when it fits the roster (the old one goes on the
    /// undo history); else the problems, and nothing changes.
    pub(crate) fn set_scenario(&self, doc: ScenarioDoc) -> Result<(), String> {
        let (roster, generation) = {
            let current = read(&self.current);
            (current.roster.clone(), current.generation)
        };
        let scenario = doc
            .resolve(SCENARIO_ORIGIN, &roster, &self.config.catalogue)
            .map_err(|e| e.to_string())?;
        self.set_resolved(doc, scenario, generation);
        Ok(())
    }

    /// Replaces the scenario with `doc`, already checked as `scenario` against the roster
    /// of reading `generation`; the old one goes on the undo history.
    pub(crate) fn set_resolved(&self, doc: ScenarioDoc, scenario: Scenario, generation: u64) {
        let mut session = lock(&self.session);
        if *session.doc() != doc {
            let old = std::mem::replace(session.doc_mut(), doc);
            session.undo.push(old);
        }
        session.resolved = Some((generation, scenario));
    }

    /// The roster as last read and which reading it is.
    pub(crate) fn roster_reading(&self) -> (Arc<Roster>, u64) {
        let current = read(&self.current);
        (current.roster.clone(), current.generation)
    }

    /// Goes back one change; false when there is none.
    pub(crate) fn undo(&self) -> bool {
        let mut session = lock(&self.session);
        match session.undo.pop() {
            Some(doc) => {
                *session.doc_mut() = doc;
                session.resolved = None;
                true
            }
            None => false,
        }
    }

    /// The open scenario as written now.
    pub(crate) fn doc(&self) -> ScenarioDoc {
        lock(&self.session).doc().clone()
    }

    /// The open scenario's name, and the scenario.
    pub(crate) fn open_named(&self) -> (String, ScenarioDoc) {
        let session = lock(&self.session);
        (
            session.slots[session.open].name.clone(),
            session.doc().clone(),
        )
    }

    /// Says `text` at the top of the next page.
    pub(crate) fn notify(&self, text: String, error: bool) {
        lock(&self.session).notice = Some(Notice { text, error });
    }

    /// The message for this page, said once; and whether the roster was just read again,
    /// and its error if it turned bad.
    pub(crate) fn take_notices(&self) -> (Option<Notice>, bool, Option<String>) {
        let notice = lock(&self.session).notice.take();
        let mut current = write(&self.current);
        let reloaded = std::mem::take(&mut current.reloaded);
        (notice, reloaded, current.error.clone())
    }

    /// The baseline's check report and roster (the roster as read, without a scenario).
    pub(crate) fn baseline(&self) -> (Arc<CheckReport>, Arc<Roster>) {
        let current = read(&self.current);
        (current.baseline.clone(), current.roster.clone())
    }

    /// The roster file, as given.
    pub(crate) fn roster_file(&self) -> String {
        self.config.roster_file.display().to_string()
    }
}

/// A lock, even if another thread panicked while holding it (the state stays usable).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
