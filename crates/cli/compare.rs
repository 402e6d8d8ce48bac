//! `orggap compare`: the baseline and each scenario side by side.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{Limits, analyse_under, assign, plan};
use orggap_model::{Catalogue, PersonIdx, Roster};
use orggap_report::{
    AssignReport, CompareColumn, CompareReport, PlanReport, render_compare_markdown,
    render_compare_text,
};

use crate::args::{CompareArgs, Format};
use crate::input::{Input, apply_scenario, catalogue_of, load};
use crate::output::emit;

/// Runs `orggap compare`.
pub fn run(args: &CompareArgs) -> Result<ExitCode> {
    let mut input = load(&args.input)?;
    input.warn();
    // The baseline is the roster as read (with --without and --as-of); a --scenario given
    // as a flag is one more column.
    let mut files = args.scenarios.clone();
    if let Some(applied) = input.scenario.take() {
        files.insert(0, applied.file.clone().into());
        input.roster = applied.baseline;
        input.without = applied.baseline_without;
        input.catalogue = applied.baseline_catalogue;
    }
    let mut columns = vec![column(
        &input,
        &input.catalogue,
        &input.roster,
        &input.without,
        "baseline",
        None,
        args,
    )?];
    for file in &files {
        let applied = apply_scenario(
            input.roster.clone(),
            &input.catalogue,
            &args.input.options,
            &args.input.roster,
            file,
            input.without.clone(),
        )?;
        let name = applied.scenario.name.clone();
        let file = applied.scenario.file.clone();
        let catalogue = catalogue_of(&applied.scenario.scenario, &input.catalogue, &input.policy);
        columns.push(column(
            &input,
            &catalogue,
            &applied.roster,
            &applied.without,
            &name,
            Some(&file),
            args,
        )?);
    }
    let report = CompareReport::new(columns);
    let text = match args.format {
        Format::Text => render_compare_text(&report),
        Format::Json => report.to_json(),
        Format::Markdown => render_compare_markdown(&report),
    };
    emit(text, args.output.as_deref(), &input.read)?;
    Ok(ExitCode::SUCCESS)
}

/// One column: `roster` analysed under `catalogue` without `without`, with its assignment
/// (within the capacity `args` gives) and its plan (within its step limit).
fn column(
    input: &Input,
    catalogue: &Catalogue,
    roster: &Roster,
    without: &[PersonIdx],
    name: &str,
    file: Option<&str>,
    args: &CompareArgs,
) -> Result<CompareColumn> {
    let analysis = analyse_under(catalogue, &input.policy, roster, without, Limits::default());
    let check =
        orggap_report::CheckReport::new(catalogue, roster, &analysis, &input.policy, &[], Some(0));
    let assignment = assign(catalogue, roster, &analysis, args.input.options.capacity);
    let assigned = AssignReport::new(catalogue, roster, &assignment);
    let planned = plan(catalogue, roster, &analysis, args.max_steps);
    let planned = PlanReport::new(catalogue, roster, &planned);
    Ok(CompareColumn::new(name, file, &check, &assigned, &planned))
}
