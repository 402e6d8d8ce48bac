//! Loading what every roster command needs: the catalogue, the roster and `--without`.

use std::fs::File;
use std::io;
use std::path::Path;

use anyhow::{Context, Result, bail};
use orggap_model::{Catalogue, PersonIdx, Roster};
use orggap_roster::{ImportOptions, normalize_name, read_csv};

use crate::args::InputArgs;

/// A roster read and ready for analysis.
#[derive(Debug)]
pub struct Input {
    /// The catalogue in use.
    pub catalogue: Catalogue,
    /// The people.
    pub roster: Roster,
    /// Warnings from reading the roster.
    pub warnings: Vec<String>,
    /// People to leave out, in roster order.
    pub without: Vec<PersonIdx>,
}

/// The catalogue from `path`, or the built-in one.
pub fn load_catalogue(path: Option<&Path>) -> Result<Catalogue> {
    let Some(path) = path else {
        return Ok(Catalogue::builtin());
    };
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("{origin}: cannot read"))?;
    Ok(Catalogue::from_toml(&text, &origin)?)
}

/// Reads the catalogue and the roster named by `args`.
pub fn load(args: &InputArgs) -> Result<Input> {
    let catalogue = load_catalogue(args.catalogue.as_deref())?;
    let options = ImportOptions {
        delimiter: args.delimiter,
        strict: args.strict,
    };
    let imported = if args.roster.as_os_str() == "-" {
        read_csv(io::stdin().lock(), "<stdin>", &catalogue, &options)?
    } else {
        let origin = args.roster.display().to_string();
        let file = open_roster(&args.roster, &origin)?;
        read_csv(file, &origin, &catalogue, &options)?
    };
    let mut warnings = imported.warnings;
    if args.sheet.is_some() {
        warnings.push("--sheet is ignored: the roster is CSV text, not a workbook".into());
    }
    let without = resolve_without(&imported.roster, &args.without, &args.roster)?;
    Ok(Input {
        catalogue,
        roster: imported.roster,
        warnings,
        without,
    })
}

fn open_roster(path: &Path, origin: &str) -> Result<File> {
    if path.is_dir() {
        bail!("{origin}: is a directory, not a roster file");
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(extension.as_deref(), Some("xlsx" | "xls" | "ods")) {
        bail!("{origin}: workbooks are not read directly yet; export the sheet as CSV (UTF-8)");
    }
    File::open(path).with_context(|| format!("{origin}: cannot read"))
}

/// The people `--without` names: exact (after trimming and Unicode normalisation), else the
/// one person whose name matches ignoring case.
fn resolve_without(roster: &Roster, names: &[String], path: &Path) -> Result<Vec<PersonIdx>> {
    let mut people = Vec::with_capacity(names.len());
    for wanted in names {
        let wanted = normalize_name(wanted);
        let found = roster.find_person(&wanted).or_else(|| {
            let lower = wanted.to_lowercase();
            let mut matches = roster
                .people()
                .filter(|&p| roster.name(p).to_lowercase() == lower);
            match (matches.next(), matches.next()) {
                (Some(p), None) => Some(p),
                _ => None,
            }
        });
        match found {
            Some(p) => people.push(p),
            None => bail!(
                "--without '{}': nobody of that name in {}",
                orggap_model::visible(&wanted),
                path.display()
            ),
        }
    }
    people.sort_unstable();
    people.dedup();
    Ok(people)
}
