//! What the workspace was started with, and how it reads its roster.

use std::path::PathBuf;

use orggap_model::{Catalogue, Policy, Roster};

use crate::scenarios::Named;

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
