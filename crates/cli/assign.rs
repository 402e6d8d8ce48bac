//! `orggap assign`: choose owners within capacity; exit 1 when a duty stays unowned.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{Limits, assign};
use orggap_report::{AssignReport, render_assign_markdown, render_assign_text};

use crate::args::{Format, FormatArgs};
use crate::input::load;
use crate::output::print;

/// Runs `orggap assign`.
pub fn run(args: &FormatArgs) -> Result<ExitCode> {
    let input = load(&args.input)?;
    let analysis = input.analyse(Limits::default());
    let assignment = assign(
        &input.catalogue,
        &input.roster,
        &analysis,
        args.input.options.capacity,
    );
    let mut report = AssignReport::new(&input.catalogue, &input.roster, &assignment);
    report.scenario = input.scenario_ref();
    let text = match args.format {
        Format::Text => render_assign_text(&report, &input.catalogue, 80),
        Format::Json => report.to_json(),
        Format::Markdown => render_assign_markdown(&report, &input.catalogue),
    };
    print(&text)?;
    Ok(if report.unassigned.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
