//! `orggap report`: write the whole analysis into a folder.

use std::process::ExitCode;

use anyhow::Result;
use orggap_report::render_markdown;

use crate::args::ReportArgs;
use crate::input::load;
use crate::output::write_files;

/// Runs `orggap report`.
pub fn run(args: &ReportArgs) -> Result<ExitCode> {
    let input = load(&args.input)?;
    let report = input.check_report(args.max_names);
    // Everything is rendered before anything is written.
    let files = [
        ("check.json", report.to_json().into_bytes()),
        ("report.md", render_markdown(&report).into_bytes()),
    ];
    write_files(&args.out, &files)?;
    Ok(ExitCode::SUCCESS)
}
