//! `orggap diff OLD NEW`: what changed between two roster snapshots; exit 1 when a new gap
//! opened, so that it can guard a planned reorganisation.

use std::process::ExitCode;

use anyhow::Result;
use orggap_report::{DiffReport, render_diff_markdown, render_diff_text};

use crate::args::{DiffArgs, Format};
use crate::input::{load_roster, load_rules};
use crate::output::{deliver_json, emit};

/// Runs `orggap diff`.
pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    let (catalogue, policy) = load_rules(&args.options)?;
    let old = load_roster(&args.old, &args.options, catalogue.clone(), policy.clone())?;
    let new = load_roster(&args.new, &args.options, catalogue, policy)?;
    old.warn();
    new.warn();
    let report = DiffReport::new(
        &new.catalogue,
        &old.check_report(&old.analyse_names(0), Some(0)),
        &new.check_report(&new.analyse_names(0), Some(0)),
        &old.roster,
        &new.roster,
    );
    let mut read = crate::files::Inputs::default();
    read.add(&args.old);
    read.add(&args.new);
    match args.format {
        Format::Text => emit(render_diff_text(&report), args.output.as_deref(), &read)?,
        // Two rosters of different people list every one: written as it is made.
        Format::Json => deliver_json(&report, args.output.as_deref(), &read)?,
        Format::Markdown => emit(render_diff_markdown(&report), args.output.as_deref(), &read)?,
    }
    Ok(if report.new_gaps.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
