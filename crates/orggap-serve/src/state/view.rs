//! The analysis of a scenario on the roster as last read, and everything the page and the
//! API show of it; the plan from there.

use std::path::PathBuf;
use std::sync::Arc;

use orggap_analysis::{
    Analysis, Limits, Plan, PlanOptions, QualifiedBase, analyse_under_from, plan_with,
};
use orggap_model::{Catalogue, PersonIdx, Roster, Scenario, ScenarioDoc};
use orggap_report::{CheckReport, ScenarioRef};

use super::{Config, SCENARIO_ORIGIN, Workspace, lock, read};
use crate::scenarios::Named;

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

impl Workspace {
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
}

/// The analysis of `roster` without `without`, and its check report; with `--max-age`,
/// stale ratings counted (or read as 0 with `--stale ignore`) as the command line does.
pub(super) fn checked(
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
