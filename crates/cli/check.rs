//! `orggap check`: analyse a roster and print the result; the exit status says whether
//! anything fails under `--fail-on`.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::Status;
use orggap_report::{CheckReport, TextOptions, render_csv, render_markdown, render_text};

use crate::args::{CheckArgs, CheckFormat, FailOn};
use crate::input::load;
use crate::output::print_styled;

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
        CheckFormat::Json | CheckFormat::Csv => None,
    };
    let report = input.check_report(&input.analyse_names(args.max_names), owners_listed);
    let text = match args.format {
        CheckFormat::Text => render_text(&report, TextOptions { width: 80, color }),
        CheckFormat::Json => report.to_json(),
        CheckFormat::Markdown => render_markdown(&report),
        CheckFormat::Csv => render_csv(&report),
    };
    print_styled(&text, color && matches!(args.format, CheckFormat::Text))?;
    Ok(if fails(&report, args.fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
