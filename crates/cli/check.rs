//! `orggap check`: analyse a roster and print the result; the exit status says whether
//! anything fails under `--fail-on`.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::Status;
use orggap_report::{
    CheckReport, Table, TextOptions, render_csv, render_markdown, render_table_workbook,
    render_text,
};

use crate::args::{CheckArgs, CheckFormat, FailOn};
use crate::input::load;
use crate::output::{Rendered, deliver, deliver_json};

/// Whether the report fails under `fail_on`.
pub fn fails(report: &CheckReport, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Gap => report.any(Status::Gap),
        FailOn::AtRisk => report.any(Status::Gap) || report.any(Status::AtRisk),
        FailOn::Unverified => report.unverified().next().is_some(),
        FailOn::Never => false,
    }
}

/// Runs `orggap check`.
pub fn run(args: &CheckArgs, color: bool) -> Result<ExitCode> {
    let input = load(&args.input)?;
    // Text and Markdown name at most --max-names declared owners per duty; JSON and CSV
    // name every one.
    let owners_listed = match args.format {
        CheckFormat::Text | CheckFormat::Markdown => Some(args.max_names),
        CheckFormat::Json | CheckFormat::Csv | CheckFormat::Xlsx => None,
    };
    let report = input.check_report(&input.analyse_names(args.max_names), owners_listed);
    let rendered = match args.format {
        CheckFormat::Text => Rendered::Text(render_text(&report, TextOptions { width: 80, color })),
        CheckFormat::Json => {
            deliver_json(&report, args.output.as_deref(), &input.read)?;
            return Ok(exit_code(&report, args.fail_on));
        }
        CheckFormat::Markdown => Rendered::Text(render_markdown(&report)),
        CheckFormat::Csv => Rendered::Text(render_csv(&report)),
        CheckFormat::Xlsx => Rendered::Workbook(render_table_workbook(
            Table::Check(&report),
            &input.catalogue,
        )?),
    };
    let colored = color && args.format == CheckFormat::Text && args.output.is_none();
    deliver(
        rendered,
        args.output.as_deref(),
        &input.read,
        colored,
        "check",
    )?;
    Ok(exit_code(&report, args.fail_on))
}

/// 1 when the report fails under `fail_on`, else success.
fn exit_code(report: &CheckReport, fail_on: FailOn) -> ExitCode {
    if fails(report, fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
