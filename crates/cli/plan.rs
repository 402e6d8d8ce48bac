//! `orggap plan`: training first, hiring for the rest.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{Limits, PlanOptions, plan_with};
use orggap_report::{
    PlanBase, PlanReport, Table, render_plan_markdown, render_plan_scenario, render_plan_text,
    render_table_workbook,
};

use crate::args::{PlanArgs, TableFormat};
use crate::files::write_streamed;
use crate::input::load;
use crate::output::{Rendered, deliver};

/// When the command started: `--plan-time` counts from here.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// What is left of `--plan-time` for the plan's search: the whole command keeps to it, so
/// reading and analysing the roster use part of it (none left: the greedy plan).
pub fn search_time(plan_time: std::time::Duration) -> std::time::Duration {
    let started = STARTED.get_or_init(std::time::Instant::now);
    plan_time.saturating_sub(started.elapsed())
}

/// Runs `orggap plan`.
pub fn run(args: &PlanArgs) -> Result<ExitCode> {
    if let (Some(out), Some(output)) = (&args.scenario_out, &args.output) {
        crate::files::refuse_same_output(out, output, "--scenario-out and --output")?;
    }
    let input = load(&args.input)?;
    input.warn();
    let analysis = input.analyse(Limits::default());
    let options = PlanOptions {
        max_steps: args.max_steps,
        time_limit: search_time(args.plan_time),
        node_limit: None,
    };
    let plan = plan_with(&input.catalogue, &input.roster, &analysis, options);
    let mut report = PlanReport::new(&input.catalogue, &input.roster, &plan);
    report.scenario = input.scenario_ref();
    let rendered = match args.format {
        TableFormat::Text => Rendered::Text(render_plan_text(&report, &input.catalogue)),
        TableFormat::Json => Rendered::Text(report.to_json()),
        TableFormat::Markdown => Rendered::Text(render_plan_markdown(&report, &input.catalogue)),
        TableFormat::Xlsx => Rendered::Workbook(render_table_workbook(
            Table::Plan(&report),
            &input.catalogue,
        )?),
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
    deliver(rendered, args.output.as_deref(), &input.read, false, "plan")?;
    Ok(ExitCode::SUCCESS)
}
