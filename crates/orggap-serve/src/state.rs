//! The workspace's state: the roster as last read (parsed once, read again when its file
//! changes), the scenario being built with its undo history, and the analysis of both.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use orggap_analysis::{
    Analysis, Limits, Plan, PlanOptions, QualifiedBase, analyse_under_from, plan_with,
};
use orggap_model::{Catalogue, Lookup, PersonIdx, Policy, Roster, Scenario, ScenarioDoc};

pub(crate) use crate::edits::Edit;
use crate::scenarios::{FIRST_NAME, Named, file_in};
use orggap_report::{CheckReport, ScenarioRef};

/// A roster read from its file, with the warnings of reading it.
#[derive(Clone, Debug)]
pub struct LoadedRoster {
    /// The people.
    pub roster: Roster,
    /// Warnings from reading the file.
    pub warnings: Vec<String>,
}

/// Reads the roster file; the error is the message to show (with its line).
pub type Loader = Box<dyn Fn() -> Result<LoadedRoster, String> + Send + Sync>;

/// What the workspace was started with.
pub struct Config {
    /// The roster file, as given (shown on the page, watched for changes).
    pub roster_file: PathBuf,
    /// Reads the roster file.
    pub load: Loader,
    /// The catalogue, with the policy applied.
    pub catalogue: Catalogue,
    /// The policy.
    pub policy: Policy,
    /// `--without` names (ids or names), resolved against each roster read.
    pub without: Vec<String>,
    /// `--as-of`.
    pub as_of: Option<orggap_model::Day>,
    /// The default capacity.
    pub capacity: u32,
    /// The plan's step limit.
    pub max_steps: u32,
    /// `--max-age`: ratings older than this are stale.
    pub max_age: Option<orggap_analysis::MaxAge>,
    /// `--stale ignore`: stale ratings count as level 0.
    pub ignore_stale: bool,
    /// The scenarios to start with, by name (the first is open), each with the file it is
    /// saved to (`--scenario FILE`, or its file in the folder); none: one empty scenario.
    pub scenarios: Vec<Named>,
    /// `--scenarios DIR`: the folder where each scenario is saved as `NAME.toml` (a new
    /// one is created there, a deleted one removed).
    pub scenario_dir: Option<PathBuf>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("roster_file", &self.roster_file)
            .field("scenario_dir", &self.scenario_dir)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The roster as last read, and its baseline analysis.
pub(crate) struct Current {
    pub roster: Arc<Roster>,
    pub warnings: Vec<String>,
    /// Who the baseline leaves out (`--without`, `--as-of`).
    pub without: Vec<PersonIdx>,
    pub baseline: Arc<CheckReport>,
    /// Everyone's qualifications on `roster`, from which a scenario's are found quickly.
    pub qualified: Arc<QualifiedBase>,
    /// When the file was read (its modification time), to notice changes.
    pub modified: Option<SystemTime>,
    /// The last reading's error, when the file turned bad (the last good roster stays).
    pub error: Option<String>,
    /// Said once on the page after the file was read again.
    pub reloaded: bool,
    /// Which reading of the file this is (a scenario checked against one reading stays
    /// checked until the next).
    pub generation: u64,
}

/// How many earlier scenarios Undo keeps, and how many bytes of them (as TOML) at most: the
/// oldest go first, so a client sending large scenarios cannot make the server grow.
pub(crate) const UNDO_STEPS: usize = 100;
pub(crate) const UNDO_BYTES: usize = 64 << 20;

/// Earlier scenarios, bounded by [`UNDO_STEPS`] and [`UNDO_BYTES`], the latest last.
#[derive(Default)]
pub(crate) struct Undo {
    docs: std::collections::VecDeque<(ScenarioDoc, usize)>,
    bytes: usize,
}

impl Undo {
    /// Keeps `doc`, forgetting the oldest past the bounds.
    pub(crate) fn push(&mut self, doc: ScenarioDoc) {
        let size = doc.to_toml(|_| None).len();
        self.bytes += size;
        self.docs.push_back((doc, size));
        while self.docs.len() > UNDO_STEPS || (self.bytes > UNDO_BYTES && self.docs.len() > 1) {
            let (_, size) = self.docs.pop_front().expect("not empty");
            self.bytes -= size;
        }
    }

    /// The latest kept, taken off.
    pub(crate) fn pop(&mut self) -> Option<ScenarioDoc> {
        let (doc, size) = self.docs.pop_back()?;
        self.bytes -= size;
        Some(doc)
    }
}

/// The scenarios, the one open being built.
pub(crate) struct Session {
    /// Every scenario, by name; at least one.
    pub slots: Vec<Named>,
    /// Which of `slots` is open.
    pub open: usize,
    /// The open scenario checked against the roster of a reading (its generation), so that
    /// showing it again does not check it again.
    pub resolved: Option<(u64, Scenario)>,
    /// The open scenario's earlier versions, the latest last (opening another starts afresh).
    pub undo: Undo,
    /// A message for the next page (saved, refused…).
    pub notice: Option<Notice>,
}

impl Session {
    /// The open scenario.
    pub(crate) fn doc(&self) -> &ScenarioDoc {
        &self.slots[self.open].doc
    }

    /// The open scenario, to change.
    pub(crate) fn doc_mut(&mut self) -> &mut ScenarioDoc {
        &mut self.slots[self.open].doc
    }
}

/// A message shown once at the top of the page.
#[derive(Clone, Debug)]
pub(crate) struct Notice {
    pub text: String,
    pub error: bool,
}

/// The workspace: configuration, the roster, the scenario.
pub struct Workspace {
    pub(crate) config: Config,
    pub(crate) current: RwLock<Current>,
    pub(crate) session: Mutex<Session>,
}

/// The analysis of the current scenario, and everything the page and the API show of it.
pub(crate) struct View {
    /// The scenario's name in the workspace.
    pub name: String,
    /// The file it is saved to, when it has one.
    pub file: Option<PathBuf>,
    /// The roster the scenario makes.
    pub roster: Roster,
    /// The roster before the scenario.
    pub baseline_roster: Arc<Roster>,
    pub analysis: Analysis,
    pub check: CheckReport,
    pub baseline: Arc<CheckReport>,
    pub scenario: Scenario,
    pub doc: ScenarioDoc,
    pub without: Vec<PersonIdx>,
    /// The scenario's problems against the roster as it is now (it is then not applied).
    pub problem: Option<String>,
    /// The catalogue the scenario's `[[requirement]]` entries make (the policy applied on
    /// top), when it has any; else the workspace's.
    pub edited_catalogue: Option<Catalogue>,
}

impl View {
    /// The catalogue the view is analysed under.
    pub(crate) fn catalogue<'a>(&'a self, config: &'a Config) -> &'a Catalogue {
        self.edited_catalogue.as_ref().unwrap_or(&config.catalogue)
    }
}

/// Declared owners listed per duty in the check report (their count is always exact).
const NAMES_SHOWN: usize = 20;

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

    /// Reads the roster again when its file changed since it was read: a good roster
    /// replaces the old one (said once on the page), a bad one keeps the old and shows why.
    pub fn reload_if_changed(&self) {
        let now = modified(&self.config.roster_file);
        let seen = read(&self.current).modified;
        if now.is_none() || now == seen {
            return;
        }
        let next = (self.config.load)().and_then(|loaded| baseline(&self.config, loaded, now));
        let mut current = write(&self.current);
        match next {
            Ok(mut fresh) => {
                fresh.reloaded = true;
                fresh.generation = current.generation + 1;
                *current = fresh;
            }
            Err(error) => {
                current.modified = now;
                current.error = Some(error);
            }
        }
    }

    /// The analysis of the current scenario on the current roster.
    pub(crate) fn view(&self) -> View {
        let (slot, resolved) = {
            let session = lock(&self.session);
            (
                session.slots[session.open].clone(),
                session.resolved.clone(),
            )
        };
        let generation = read(&self.current).generation;
        match resolved {
            Some((seen, scenario)) if seen == generation => self.view_resolved(slot, scenario),
            _ => self.view_of(slot),
        }
    }

    /// The roster the open scenario makes (hires included), without analysing it.
    pub(crate) fn roster_made(&self) -> Roster {
        let (doc, resolved) = {
            let session = lock(&self.session);
            (
                session.slots[session.open].doc.clone(),
                session.resolved.clone(),
            )
        };
        let (roster, generation) = self.roster_reading();
        let scenario = match resolved {
            Some((seen, scenario)) if seen == generation => Ok(scenario),
            _ => doc.resolve(SCENARIO_ORIGIN, &roster, &self.config.catalogue),
        };
        match scenario {
            Ok(scenario) => scenario.apply(&roster),
            Err(_) => Roster::clone(&roster),
        }
    }

    /// The analysis of `slot`, already checked as `scenario`, on the current roster.
    fn view_resolved(&self, slot: Named, scenario: Scenario) -> View {
        let current = read(&self.current);
        let (roster, baseline) = (current.roster.clone(), current.baseline.clone());
        let base_without = current.without.clone();
        drop(current);
        self.analysed(roster, baseline, base_without, scenario, slot, None)
    }

    /// The analysis of scenario `slot` on the current roster; a scenario that no longer
    /// fits the roster is shown with its problems and not applied.
    pub(crate) fn view_of(&self, slot: Named) -> View {
        let current = read(&self.current);
        let (roster, baseline) = (current.roster.clone(), current.baseline.clone());
        let base_without = current.without.clone();
        drop(current);
        match slot
            .doc
            .resolve(SCENARIO_ORIGIN, &roster, &self.config.catalogue)
        {
            Ok(scenario) => self.analysed(roster, baseline, base_without, scenario, slot, None),
            Err(e) => {
                let problem = Some(e.to_string());
                let scenario = Scenario::default();
                self.analysed(roster, baseline, base_without, scenario, slot, problem)
            }
        }
    }

    fn analysed(
        &self,
        baseline_roster: Arc<Roster>,
        baseline: Arc<CheckReport>,
        base_without: Vec<PersonIdx>,
        scenario: Scenario,
        slot: Named,
        problem: Option<String>,
    ) -> View {
        let Named { name, file, doc } = slot;
        let config = &self.config;
        let roster = scenario.apply(&baseline_roster);
        let mut without = base_without;
        without.extend(scenario.leavers(&baseline_roster, config.as_of));
        without.sort_unstable();
        without.dedup();
        let (warnings, base) = {
            let current = read(&self.current);
            (current.warnings.clone(), current.qualified.clone())
        };
        // A what-if on the catalogue: its duties' qualified people are found afresh.
        let edited_catalogue = scenario
            .catalogue(&config.catalogue)
            .map(|edited| config.policy.apply(&edited));
        let catalogue = edited_catalogue.as_ref().unwrap_or(&config.catalogue);
        let base = edited_catalogue.is_none().then_some(&*base);
        let (analysis, mut check) = checked(config, catalogue, &roster, &without, &warnings, base);
        check.as_of = config.as_of.or(scenario.as_of).map(|d| d.to_string());
        if !scenario.is_empty() || !doc.change.is_empty() {
            check.scenario = Some(ScenarioRef {
                name: doc.name.clone().unwrap_or_else(|| name.clone()),
                file: file
                    .as_ref()
                    .map_or_else(|| "(not saved)".into(), |f| f.display().to_string()),
            });
        }
        View {
            name,
            file,
            roster,
            baseline_roster,
            analysis,
            check,
            baseline,
            scenario,
            doc,
            without,
            problem,
            edited_catalogue,
        }
    }

    /// The plan of the current view (training, then hiring).
    pub(crate) fn plan(&self, view: &View) -> Plan {
        plan_of(
            &self.config,
            view.catalogue(&self.config),
            &view.roster,
            &view.analysis,
        )
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

    /// The analyses of scenarios `names` (separated by commas; the open one as it is
    /// edited), in the order given.
    pub(crate) fn views_of(&self, names: &str) -> Result<Vec<View>, crate::error::Refused> {
        let open = self.open_named().0;
        let count = names.split(',').filter(|n| !n.trim().is_empty()).count();
        if count > crate::set_view::MAX_COMPARED {
            return Err(crate::error::Refused::Unprocessable(format!(
                "{count} scenarios: at most {} are compared at once",
                crate::set_view::MAX_COMPARED
            )));
        }
        names
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|name| match name == open {
                true => Ok(self.view()),
                false => self
                    .scenario(name)
                    .map(|slot| self.view_of(slot))
                    .ok_or_else(|| {
                        crate::error::Refused::NotFound(format!("no scenario '{name}'"))
                    }),
            })
            .collect()
    }

    /// The baseline's analysis (the roster as read, without the scenario).
    pub(crate) fn baseline_analysis(&self) -> Analysis {
        let current = read(&self.current);
        analysis_of(
            &self.config,
            &self.config.catalogue,
            &current.roster,
            &current.without,
            Some(&current.qualified),
        )
    }

    /// The roster file, as given.
    pub(crate) fn roster_file(&self) -> String {
        self.config.roster_file.display().to_string()
    }
}

/// The baseline of a roster just read: who `--without` and `--as-of` leave out, and its
/// check report.
fn baseline(
    config: &Config,
    loaded: LoadedRoster,
    modified: Option<SystemTime>,
) -> Result<Current, String> {
    let roster = loaded.roster;
    // Every edit names people: found through an index, not a scan of the roster.
    roster.index_people();
    let texts: Vec<&str> = config.without.iter().map(|w| w.trim()).collect();
    let mut without = Vec::new();
    for (text, found) in texts.iter().zip(roster.lookup_many(&texts)) {
        match found {
            Lookup::Found(p) => without.push(p),
            _ => return Err(format!("--without '{text}': nobody of that name or id")),
        }
    }
    without.extend(Scenario::default().leavers(&roster, config.as_of));
    without.sort_unstable();
    without.dedup();
    let qualified = QualifiedBase::new(&config.catalogue, &roster);
    let catalogue = &config.catalogue;
    let (_, mut check) = checked(
        config,
        catalogue,
        &roster,
        &without,
        &loaded.warnings,
        Some(&qualified),
    );
    check.as_of = config.as_of.map(|d| d.to_string());
    Ok(Current {
        roster: Arc::new(roster),
        warnings: loaded.warnings,
        without,
        baseline: Arc::new(check),
        qualified: Arc::new(qualified),
        modified,
        error: None,
        reloaded: false,
        generation: 0,
    })
}

/// The analysis of `roster` without `without`, and its check report; with `--max-age`,
/// stale ratings counted (or read as 0 with `--stale ignore`) as the command line does.
fn checked(
    config: &Config,
    catalogue: &Catalogue,
    roster: &Roster,
    without: &[PersonIdx],
    warnings: &[String],
    base: Option<&QualifiedBase>,
) -> (Analysis, CheckReport) {
    let stale = config
        .max_age
        .map(|age| orggap_analysis::Staleness::of(roster, age, config.as_of));
    let ignored = match (&stale, config.ignore_stale) {
        (Some(stale), true) if !stale.is_empty() => Some(stale.ignored(roster)),
        _ => None,
    };
    let roster = ignored.as_ref().unwrap_or(roster);
    let analysis = analysis_of(config, catalogue, roster, without, base);
    let mut check = CheckReport::new(
        catalogue,
        roster,
        &analysis,
        &config.policy,
        warnings,
        Some(NAMES_SHOWN),
    );
    if let Some(stale) = &stale {
        check.mark_stale(&orggap_analysis::stale_qualified(
            &analysis, catalogue, stale,
        ));
    }
    (analysis, check)
}

/// The analysis of `roster` (the roster read, or a scenario's copy of it, whose
/// qualifications are found from `base`'s).
fn analysis_of(
    config: &Config,
    catalogue: &Catalogue,
    roster: &Roster,
    without: &[PersonIdx],
    base: Option<&QualifiedBase>,
) -> Analysis {
    analyse_under_from(
        catalogue,
        &config.policy,
        roster,
        without,
        Limits::default(),
        base,
    )
}

/// How far the workspace searches for the cheapest plan: a bounded number of branch & bound
/// nodes, not a time, so that the plan shown and the plan step clicked are the same plan
/// whatever the machine's load (a plan not proved within it says so).
const PLAN_NODES: u64 = 50;

/// The plan of `roster` as the workspace shows it.
pub(crate) fn plan_of(
    config: &Config,
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
) -> Plan {
    let options = PlanOptions {
        max_steps: config.max_steps,
        node_limit: Some(PLAN_NODES),
        ..PlanOptions::default()
    };
    plan_with(catalogue, roster, analysis, options)
}

fn modified(path: &std::path::Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
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

#[cfg(test)]
mod undo_tests {
    use super::*;

    #[test]
    fn undo_keeps_the_latest_within_its_bounds() {
        let mut undo = Undo::default();
        for i in 0..UNDO_STEPS + 5 {
            undo.push(ScenarioDoc {
                name: Some(format!("s{i}")),
                ..ScenarioDoc::default()
            });
        }
        assert_eq!(undo.docs.len(), UNDO_STEPS);
        assert_eq!(undo.pop().unwrap().name.as_deref(), Some("s104"));
        // Large scenarios: the bytes bound holds, the latest is always kept.
        let big = "x".repeat(UNDO_BYTES / 3);
        for i in 0..5 {
            undo.push(ScenarioDoc {
                name: Some(format!("{big}{i}")),
                ..ScenarioDoc::default()
            });
        }
        assert!(undo.bytes <= UNDO_BYTES, "{}", undo.bytes);
        assert!(undo.pop().unwrap().name.unwrap().ends_with('4'));
    }
}
