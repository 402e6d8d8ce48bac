//! `orggap impact`: what each departure would do, and the truck factor.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{Limits, departures};
use orggap_report::{
    ImpactReport, Table, render_impact_markdown, render_impact_text, render_table_workbook,
};

use crate::args::{TableArgs, TableFormat};
use crate::input::load;
use crate::output::{Rendered, deliver};

/// Runs `orggap impact`.
pub fn run(args: &TableArgs) -> Result<ExitCode> {
    let input = load(&args.input)?;
    input.warn();
    let analysis = input.analyse(Limits::default());
    let list = departures(&input.catalogue, &input.roster, &analysis);
    let mut report = ImpactReport::new(&input.catalogue, &input.roster, &analysis, &list);
    report.scenario = input.scenario_ref();
    let rendered = match args.format {
        TableFormat::Text => Rendered::Text(render_impact_text(&report)),
        TableFormat::Json => Rendered::Text(report.to_json()),
        TableFormat::Markdown => Rendered::Text(render_impact_markdown(&report)),
        TableFormat::Xlsx => Rendered::Workbook(render_table_workbook(
            Table::Impact(&report),
            &input.catalogue,
        )?),
    };
    deliver(
        rendered,
        args.output.as_deref(),
        &input.read,
        false,
        "impact",
    )?;
    Ok(ExitCode::SUCCESS)
}
