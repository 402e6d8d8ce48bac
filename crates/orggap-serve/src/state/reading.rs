//! The roster as last read: parsed once, its baseline analysed, read again when its file
//! changes (a roster that turns bad keeps the last good one and says why).

use std::sync::Arc;
use std::time::SystemTime;

use orggap_analysis::QualifiedBase;
use orggap_model::{Lookup, PersonIdx, Roster, Scenario};
use orggap_report::CheckReport;

use super::view::checked;
use super::{Config, LoadedRoster, Workspace, read, write};

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

impl Workspace {
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
}

/// The baseline of a roster just read: who `--without` and `--as-of` leave out, and its
/// check report.
pub(super) fn baseline(
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

pub(super) fn modified(path: &std::path::Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
