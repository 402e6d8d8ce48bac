//! `orggap impact`: what each departure would do, and the truck factor.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{Limits, departures};
use orggap_report::{ImpactReport, render_impact_markdown, render_impact_text};

use crate::args::{Format, FormatArgs};
use crate::input::load;
use crate::output::print;

/// Runs `orggap impact`.
pub fn run(args: &FormatArgs) -> Result<ExitCode> {
    let input = load(&args.input)?;
    let analysis = input.analyse(Limits::default());
    let list = departures(&input.catalogue, &input.roster, &analysis);
    let mut report = ImpactReport::new(&input.catalogue, &input.roster, &analysis, &list);
    report.scenario = input.scenario_ref();
    let text = match args.format {
        Format::Text => render_impact_text(&report),
        Format::Json => report.to_json(),
        Format::Markdown => render_impact_markdown(&report),
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
