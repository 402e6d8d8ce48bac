//! `orggap org`: the organisation's shape from its reporting lines.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{Limits, org_shape};
use orggap_report::{OrgReport, render_org_markdown, render_org_text};

use crate::args::{Format, OrgArgs};
use crate::input::load;
use crate::output::{deliver_json, emit, note};

/// Runs `orggap org`.
pub fn run(args: &OrgArgs) -> Result<ExitCode> {
    let input = load(&args.input)?;
    input.warn();
    if !input.roster.has_managers() {
        note(
            "the roster has no manager column (also 'manager id', 'reports to', 'line manager', 'supervisor'): everyone is a top person",
        );
    }
    let analysis = input.analyse(Limits::default());
    let shape = org_shape(&input.roster, &analysis, args.max_span);
    let mut report = OrgReport::new(&input.catalogue, &input.roster, shape, args.max_span);
    report.scenario = input.scenario_ref();
    let text = match args.format {
        Format::Text => render_org_text(&report, 80),
        // Without reporting lines every qualified person is a unit: written as it is made.
        Format::Json => {
            deliver_json(&report, args.output.as_deref(), &input.read)?;
            return Ok(ExitCode::SUCCESS);
        }
        Format::Markdown => render_org_markdown(&report),
    };
    emit(text, args.output.as_deref(), &input.read)?;
    Ok(ExitCode::SUCCESS)
}
