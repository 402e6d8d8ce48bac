//! Loading what every roster command needs: the catalogue and policy, the roster, and who
//! is left out (`--without`, `--as-of`).

use std::fs::File;
use std::io;
use std::path::Path;

use anyhow::{Context, Result, bail};
use orggap_analysis::{Analysis, Limits, Qualified, analyse_under};
use orggap_model::{
    Catalogue, Lookup, MAX_TOML_BYTES, PersonIdx, Policy, Roster, Scenario, ScenarioDoc, too_large,
};
use orggap_report::{CheckReport, ScenarioRef};
use orggap_roster::{
    ImportOptions, Imported, RatingPolicy, read_csv, read_csv_file, read_workbook,
};

use crate::args::{InputArgs, InputOptions, RatingChoice, Stale};
use crate::files::Inputs;

/// A roster read and ready for analysis.
#[derive(Debug)]
pub struct Input {
    /// The catalogue in use, with the policy's `min_owners` applied.
    pub catalogue: Catalogue,
    /// The policy (empty without `--policy`).
    pub policy: Policy,
    /// The people.
    pub roster: Roster,
    /// Warnings from reading the roster.
    pub warnings: Vec<String>,
    /// People to leave out, in roster order.
    pub without: Vec<PersonIdx>,
    /// The `--as-of` day, as written.
    pub as_of: Option<String>,
    /// Every file read (roster, catalogue, policy, scenario): no output may overwrite one.
    pub read: Inputs,
    /// The scenario applied (`--scenario`), with the roster as it was before.
    pub scenario: Option<ScenarioInput>,
    /// With `--max-age`: what is stale.
    pub stale: Option<orggap_analysis::Staleness>,
}

/// A scenario applied to the roster, and what it was applied to.
#[derive(Debug)]
pub struct ScenarioInput {
    /// How outputs name it: its `name`, else the file's name.
    pub name: String,
    /// The file, as given.
    pub file: String,
    /// The scenario as written.
    pub doc: ScenarioDoc,
    /// The scenario checked against the roster.
    pub scenario: Scenario,
    /// The roster before the scenario.
    pub baseline: Roster,
    /// The catalogue before the scenario's `[[requirement]]` entries (the input's catalogue
    /// is the one they make).
    pub baseline_catalogue: Catalogue,
    /// Who the baseline analysis leaves out (`--without`, `--as-of`).
    pub baseline_without: Vec<PersonIdx>,
}

impl Input {
    /// The analysis, with the policy's accepted duties marked.
    pub fn analyse(&self, limits: Limits) -> Analysis {
        self.analyse_other(&self.roster, &self.without, limits)
    }

    /// The analysis of another roster (a scenario's) under this input's catalogue and
    /// policy, leaving out `without`.
    pub fn analyse_other(
        &self,
        roster: &Roster,
        without: &[PersonIdx],
        limits: Limits,
    ) -> Analysis {
        analyse_under(&self.catalogue, &self.policy, roster, without, limits)
    }

    /// The analysis listing up to `max_names` qualified people per duty.
    pub fn analyse_names(&self, max_names: usize) -> Analysis {
        self.analyse(Limits {
            max_names,
            ..Limits::default()
        })
    }

    /// The check report of an analysis of this input, listing every declared owner or,
    /// with `owners_listed`, the first that many per duty.
    pub fn check_report(&self, analysis: &Analysis, owners_listed: Option<usize>) -> CheckReport {
        let mut report = CheckReport::new(
            &self.catalogue,
            &self.roster,
            analysis,
            &self.policy,
            &self.warnings,
            owners_listed,
        );
        report.as_of.clone_from(&self.as_of);
        report.scenario = self.scenario_ref();
        if let Some(stale) = &self.stale {
            report.mark_stale(&orggap_analysis::stale_qualified(
                analysis,
                &self.catalogue,
                stale,
            ));
        }
        report
    }

    /// How outputs name the scenario, when there is one.
    pub fn scenario_ref(&self) -> Option<ScenarioRef> {
        self.scenario.as_ref().map(|s| ScenarioRef {
            name: s.name.clone(),
            file: s.file.clone(),
        })
    }
}

impl Input {
    /// Says the roster's warnings on standard error (`orggap: warning: …`), for the
    /// commands whose output has no place for them: a warning is never hidden.
    pub fn warn(&self) {
        for w in &self.warnings {
            crate::output::note(&format!("orggap: warning: {w}"));
        }
    }
}

/// The text of the TOML file at `path` (a `what`: catalogue, policy, scenario), read only
/// up to [`MAX_TOML_BYTES`] and one byte more: a file known to be larger is refused before
/// reading, and an endless one (`/dev/zero`) once past the limit.
pub fn read_toml(path: &Path, what: &str) -> Result<String> {
    use std::io::Read;
    let origin = path.display().to_string();
    if path.is_dir() {
        bail!("{origin}: is a directory, not a {what} file");
    }
    let file = std::fs::File::open(path).with_context(|| format!("{origin}: cannot read"))?;
    let size = file.metadata().map(|m| (m.is_file(), m.len()));
    if let Ok((true, len)) = size
        && len > MAX_TOML_BYTES as u64
    {
        bail!("{origin}: {}", too_large(what, &len.to_string()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_TOML_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{origin}: cannot read"))?;
    if bytes.len() > MAX_TOML_BYTES {
        bail!(
            "{origin}: {}",
            too_large(what, &format!("more than {MAX_TOML_BYTES}"))
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        anyhow::anyhow!(
            "{origin}: byte {} is not UTF-8; save the {what} as UTF-8",
            at + 1
        )
    })
}

/// The catalogue from `path`, or the built-in one.
pub fn load_catalogue(path: Option<&Path>) -> Result<Catalogue> {
    let Some(path) = path else {
        return Ok(Catalogue::builtin());
    };
    let text = read_toml(path, "catalogue")?;
    Ok(Catalogue::from_toml(&text, &path.display().to_string())?)
}

/// The catalogue and the policy the options name, the policy applied to the catalogue.
pub fn load_rules(options: &InputOptions) -> Result<(Catalogue, Policy)> {
    let mut catalogue = load_catalogue(options.catalogue.as_deref())?;
    for (word, level) in &options.level_word {
        catalogue
            .add_level_word(word, *level)
            .map_err(|e| anyhow::anyhow!("--level-word: {e}"))?;
    }
    let Some(path) = &options.policy else {
        return Ok((catalogue, Policy::default()));
    };
    let text = read_toml(path, "policy")?;
    let policy = Policy::from_toml(&text, &path.display().to_string(), &catalogue)?;
    Ok((policy.apply(&catalogue), policy))
}

/// Reads the catalogue, the policy and the roster named by `args`.
pub fn load(args: &InputArgs) -> Result<Input> {
    let (catalogue, policy) = load_rules(&args.options)?;
    load_roster(&args.roster, &args.options, catalogue, policy)
}

/// Reads the roster at `path` (`-` for standard input) under a loaded catalogue and policy.
pub fn load_roster(
    path: &Path,
    options: &InputOptions,
    catalogue: Catalogue,
    policy: Policy,
) -> Result<Input> {
    let imported = read_any(path, &catalogue, &import_options(options))?;
    let mut warnings = imported.warnings;
    if options.sheet.is_some() && imported.info.sheet.is_none() {
        warnings.push("--sheet is ignored: the roster is CSV text, not a workbook".into());
    }
    let roster = imported.roster;
    let needed = Qualified::bytes_needed(roster.len(), catalogue.responsibilities().len());
    if needed > MAX_ANALYSIS_BYTES {
        bail!(
            "{}: {} people against {} duties need {} MiB to tell who is qualified for what; at most {} MiB (split the roster or the catalogue)",
            path.display(),
            roster.len(),
            catalogue.responsibilities().len(),
            needed >> 20,
            MAX_ANALYSIS_BYTES >> 20
        );
    }
    let mut without = match &options.scenario {
        None => resolve_without(&roster, &options.without, path)?,
        // The names are checked against the roster the scenario makes (they may name a
        // hire); the baseline leaves out those it has.
        Some(_) => options
            .without
            .iter()
            .filter_map(|wanted| find_person(&roster, wanted, "--without", path).ok())
            .collect(),
    };
    without.extend(Scenario::default().leavers(&roster, options.as_of));
    without.sort_unstable();
    without.dedup();
    let mut as_of = options.as_of;
    let mut read = Inputs::default();
    read.add(path);
    for rules in [&options.catalogue, &options.policy, &options.scenario]
        .into_iter()
        .flatten()
    {
        read.add(rules);
    }
    let (roster, scenario, catalogue) = match &options.scenario {
        None => (roster, None, catalogue),
        Some(file) => {
            let applied = apply_scenario(roster, &catalogue, options, path, file, without)?;
            without = applied.without;
            as_of = applied.as_of;
            let edited = catalogue_of(&applied.scenario.scenario, &catalogue, &policy);
            (applied.roster, Some(applied.scenario), edited)
        }
    };
    // Staleness is measured on the roster as read, as of the day of the analysis.
    if options.max_age.is_some() && !roster.has_assessed() {
        warnings.push(
            "--max-age is given, but the roster has no assessed column (also 'assessed on', 'rated on', 'last review'), so no rating is stale".into(),
        );
    }
    let stale = options
        .max_age
        .map(|age| orggap_analysis::Staleness::of(&roster, age, as_of));
    let roster = match (&stale, options.stale) {
        (Some(stale), Stale::Ignore) if !stale.is_empty() => stale.ignored(&roster),
        _ => roster,
    };
    let as_of = as_of.map(|d| d.to_string());
    Ok(Input {
        stale,
        catalogue,
        policy,
        roster,
        warnings,
        without,
        as_of,
        read,
        scenario,
    })
}

/// A roster with a scenario applied.
pub struct Applied {
    /// The roster as the scenario makes it.
    pub roster: Roster,
    /// Who the analysis leaves out: `--without`, the scenario's `leave`, and the departures
    /// of the day (`--as-of`, else the scenario's `as_of`).
    pub without: Vec<PersonIdx>,
    /// The day of the analysis.
    pub as_of: Option<orggap_model::Day>,
    /// The scenario, and the roster before it.
    pub scenario: ScenarioInput,
}

/// The catalogue `scenario` makes of `catalogue`: its `[[requirement]]` entries made, then
/// `policy` applied again on top, exactly as if the catalogue file had been edited that way
/// (a copy of `catalogue` when the scenario has none).
pub fn catalogue_of(scenario: &Scenario, catalogue: &Catalogue, policy: &Policy) -> Catalogue {
    match scenario.catalogue(catalogue) {
        Some(edited) => policy.apply(&edited),
        None => catalogue.clone(),
    }
}

/// The scenario in `file` applied to `roster` (read from `path`): `--without` may name a
/// hire, and adds up with the scenario's leavers; `--as-of` wins over the scenario's day.
/// `baseline_without` is who the analysis without the scenario leaves out.
pub fn apply_scenario(
    roster: Roster,
    catalogue: &Catalogue,
    options: &InputOptions,
    path: &Path,
    file: &Path,
    baseline_without: Vec<PersonIdx>,
) -> Result<Applied> {
    let (doc, scenario) = load_scenario(file, &roster, catalogue)?;
    let applied = scenario.apply(&roster);
    let mut without = resolve_without(&applied, &options.without, path)?;
    without.extend(scenario.leavers(&roster, options.as_of));
    without.sort_unstable();
    without.dedup();
    let as_of = options.as_of.or(scenario.as_of);
    let name = scenario.name.clone().unwrap_or_else(|| {
        file.file_stem().map_or_else(
            || file.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    Ok(Applied {
        roster: applied,
        without,
        as_of,
        scenario: ScenarioInput {
            name,
            file: file.display().to_string(),
            doc,
            scenario,
            baseline: roster,
            baseline_catalogue: catalogue.clone(),
            baseline_without,
        },
    })
}

/// The scenario in the TOML file at `path`, checked against `roster` and `catalogue`.
pub fn load_scenario(
    path: &Path,
    roster: &Roster,
    catalogue: &Catalogue,
) -> Result<(ScenarioDoc, Scenario)> {
    let text = read_toml(path, "scenario")?;
    Ok(ScenarioDoc::from_toml(
        &text,
        &path.display().to_string(),
        roster,
        catalogue,
    )?)
}

/// The roster's import options from the command line.
pub fn import_options(options: &InputOptions) -> ImportOptions {
    ImportOptions {
        as_of: options.as_of,
        rating: match options.rating {
            RatingChoice::Manager => RatingPolicy::Manager,
            RatingChoice::Own => RatingPolicy::Own,
            RatingChoice::Lowest => RatingPolicy::Lowest,
            RatingChoice::Mean => RatingPolicy::Mean,
        },
        delimiter: options.delimiter,
        blank_unknown: options.blank == crate::args::Blank::Unknown,
        header_row: options.header_row.map(usize::from),
        strict: options.strict,
        encoding: options.encoding.clone(),
        sheet: options.sheet.clone(),
        size_hint: None,
    }
}

/// The most memory the qualification matrix may take (people × duties bits): a million
/// people against 65,535 duties would need 8 GiB.
const MAX_ANALYSIS_BYTES: u64 = 4 << 30;

/// The largest workbook file read (it is read into memory whole).
const MAX_WORKBOOK_BYTES: u64 = 512 << 20;

/// Reads a roster from a CSV file, a workbook (`.xlsx`, `.xlsm`, `.ods`) or `-` (stdin).
pub fn read_any(path: &Path, catalogue: &Catalogue, import: &ImportOptions) -> Result<Imported> {
    if path.as_os_str() == "-" {
        return Ok(read_csv(io::stdin(), "<stdin>", catalogue, import)?);
    }
    let origin = path.display().to_string();
    if path.is_dir() {
        bail!("{origin}: is a directory, not a roster file");
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let file = File::open(path).with_context(|| format!("{origin}: cannot read"))?;
    let mut import = import.clone();
    import.size_hint = file.metadata().ok().map(|m| m.len());
    let import = &import;
    match extension.as_deref() {
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods") => {
            // calamine needs to seek; workbooks are small next to CSV exports, and one
            // larger than this is no roster (the reader's limits would refuse it anyway).
            if import
                .size_hint
                .is_some_and(|size| size > MAX_WORKBOOK_BYTES)
            {
                bail!(
                    "{origin}: a workbook of more than {} MiB is not read; export the roster as CSV",
                    MAX_WORKBOOK_BYTES >> 20
                );
            }
            let mut bytes = Vec::new();
            io::Read::read_to_end(&mut &file, &mut bytes)
                .with_context(|| format!("{origin}: cannot read"))?;
            Ok(read_workbook(
                io::Cursor::new(bytes),
                &origin,
                catalogue,
                import,
            )?)
        }
        _ => Ok(read_csv_file(&file, &origin, catalogue, import)?),
    }
}

/// A person as told apart from others of the same name: `E1002, Analyst, Finance` (the
/// id, then the title and team where given).
fn described(roster: &Roster, p: PersonIdx) -> String {
    let mut parts = vec![roster.id(p).unwrap_or_default()];
    parts.extend(
        [roster.title(p), roster.team(p)]
            .into_iter()
            .filter(|t| !t.is_empty()),
    );
    format!("id {}", parts.join(", "))
}

/// The people `--without` names, each by id or by name (see [`find_person`]).
fn resolve_without(roster: &Roster, names: &[String], path: &Path) -> Result<Vec<PersonIdx>> {
    let mut people = names
        .iter()
        .map(|wanted| find_person(roster, wanted, "--without", path))
        .collect::<Result<Vec<_>>>()?;
    people.sort_unstable();
    people.dedup();
    Ok(people)
}

/// The person `wanted` names in the roster at `path`, for the option or field `what`: the
/// person with that id, else the one with that name (after trimming and Unicode
/// normalisation), else the one whose name matches ignoring case. Nobody, or a name
/// several people share, is an error; the latter lists their ids.
pub fn find_person(roster: &Roster, wanted: &str, what: &str, path: &Path) -> Result<PersonIdx> {
    let trimmed = wanted.trim();
    match roster.lookup(trimmed) {
        Lookup::Found(p) => Ok(p),
        Lookup::Missing => {
            let closest: Vec<String> = roster
                .closest(trimmed, 3)
                .into_iter()
                .map(|p| format!("'{}'", orggap_model::visible(&roster.label(p))))
                .collect();
            bail!(
                "{what} '{}': nobody of that {} in {}{}",
                orggap_model::visible(trimmed),
                if roster.has_ids() {
                    "id or name"
                } else {
                    "name"
                },
                path.display(),
                match closest.is_empty() {
                    true => String::new(),
                    false => format!("; closest: {}", closest.join(", ")),
                }
            )
        }
        Lookup::Shared(people) => {
            // With ids, people who share a name are told apart by id; without, the names
            // differ only in case.
            let (what_they_share, listed, advice) = match roster.has_ids() {
                true => (
                    "have that name (",
                    people
                        .iter()
                        .map(|&p| described(roster, p))
                        .collect::<Vec<_>>(),
                    "name one by id",
                ),
                false => (
                    "match ignoring case (",
                    people.iter().map(|&p| roster.name(p).to_owned()).collect(),
                    "give the name exactly",
                ),
            };
            let sep = if roster.has_ids() { "; " } else { ", " };
            bail!(
                "{what} '{}': {} people in {} {what_they_share}{}); {advice}",
                orggap_model::visible(trimmed),
                people.len(),
                path.display(),
                orggap_model::visible(&listed.join(sep))
            )
        }
    }
}
