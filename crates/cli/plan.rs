//! `orggap plan`: training first, hiring for the rest.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{Limits, plan};
use orggap_report::{
    PlanBase, PlanReport, render_plan_markdown, render_plan_scenario, render_plan_text,
};

use crate::args::{Format, PlanArgs};
use crate::files::write_streamed;
use crate::input::load;
use crate::output::print;

/// Runs `orggap plan`.
pub fn run(args: &PlanArgs) -> Result<ExitCode> {
    let input = load(&args.input)?;
    let analysis = input.analyse(Limits::default());
    let plan = plan(&input.catalogue, &input.roster, &analysis, args.max_steps);
    let mut report = PlanReport::new(&input.catalogue, &input.roster, &plan);
    report.scenario = input.scenario_ref();
    let text = match args.format {
        Format::Text => render_plan_text(&report, &input.catalogue),
        Format::Json => report.to_json(),
        Format::Markdown => render_plan_markdown(&report, &input.catalogue),
    };
    if let Some(out) = &args.scenario_out {
        let baseline = input
            .scenario
            .as_ref()
            .map_or(&input.roster, |s| &s.baseline);
        let base = PlanBase {
            baseline,
            scenario: input.scenario.as_ref().map(|s| &s.doc),
            without: &input.without,
            as_of: input.as_of.as_deref(),
        };
        let toml = render_plan_scenario(&plan, &input.catalogue, &input.roster, base);
        write_streamed(out, &input.read, |w| w.write_all(toml.as_bytes()))?;
    }
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
