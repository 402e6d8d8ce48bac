//! `orggap assign`: choose owners within capacity; exit 1 when a duty stays unowned.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{Limits, assign};
use orggap_report::{
    AssignReport, Table, render_assign_markdown, render_assign_text, render_table_workbook,
};

use crate::args::{TableArgs, TableFormat};
use crate::input::load;
use crate::output::{Rendered, deliver};

/// Runs `orggap assign`.
pub fn run(args: &TableArgs) -> Result<ExitCode> {
    let input = load(&args.input)?;
    input.warn();
    let analysis = input.analyse(Limits::default());
    let assignment = assign(
        &input.catalogue,
        &input.roster,
        &analysis,
        args.input.options.capacity,
    );
    let mut report = AssignReport::new(&input.catalogue, &input.roster, &assignment);
    report.scenario = input.scenario_ref();
    let rendered = match args.format {
        TableFormat::Text => Rendered::Text(render_assign_text(&report, &input.catalogue, 80)),
        TableFormat::Json => Rendered::Text(report.to_json()),
        TableFormat::Markdown => Rendered::Text(render_assign_markdown(&report, &input.catalogue)),
        TableFormat::Xlsx => Rendered::Workbook(render_table_workbook(
            Table::Assign(&report),
            &input.catalogue,
        )?),
    };
    deliver(
        rendered,
        args.output.as_deref(),
        &input.read,
        false,
        "assign",
    )?;
    Ok(if report.unassigned.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
