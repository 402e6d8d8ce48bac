//! `orggap report`: write the whole analysis into a folder — `report.html`, `report.md`,
//! `check.json`, every chart as SVG and PNG, and the graph as DOT and Mermaid.

use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{
    GraphOptions, Limits, PlanOptions, assign, build_graph, departures, org_shape, plan_with,
};
use orggap_report::charts::{
    AgainstInputs, ChartInputs, Heatmap, OrgChartInputs, render_against_chart, render_charts,
    render_org_chart,
};
use orggap_report::{
    AssignReport, BaselineSection, CheckReport, FullReport, GraphContext, ImpactReport, OrgReport,
    OrgSection, PEOPLE_LISTED, PeopleTable, PlanReport, describe_scenario, render_dot, render_html,
    render_mermaid, render_report_markdown, render_workbook,
};

use crate::args::ReportArgs;
use crate::files::write_folder;
use crate::input::load;
use crate::progress::Progress;

/// Steps of training `report` plans per duty (as `plan`'s default).
const PLAN_MAX_STEPS: u32 = 3;
/// People drawn one by one in `graph.dot`.
const GRAPH_MAX_PEOPLE: usize = 200;
/// Duties drawn in `graph.dot` (those that need attention first).
const GRAPH_MAX_DUTIES: usize = 200;
/// The widest span of control the organisation section does not call wide (as `org`'s
/// default).
const MAX_SPAN: u32 = 10;

/// Runs `orggap report`.
pub fn run(args: &ReportArgs, quiet: bool) -> Result<ExitCode> {
    let progress = Progress::start("reading the roster", quiet);
    let input = load(&args.input)?;
    input.warn();
    progress.step("analysing");
    let (catalogue, roster) = (&input.catalogue, &input.roster);
    // One analysis serves the check report, the charts, owners, departures and the plan.
    let analysis = input.analyse_names(args.max_names);
    let check = input.check_report(&analysis, None);
    let leaving = departures(catalogue, roster, &analysis);
    progress.step("drawing the charts");
    let chart_inputs = ChartInputs::new(catalogue, roster, &analysis, &check, &leaving);
    let charts = render_charts(&chart_inputs)?;
    // The organisation section, only when the roster says who reports to whom.
    let org = match roster.has_managers() {
        true => {
            let shape = org_shape(roster, &analysis, MAX_SPAN);
            let chart = render_org_chart(&OrgChartInputs::new(&shape, MAX_SPAN))?;
            Some((OrgReport::new(catalogue, roster, &shape, MAX_SPAN), chart))
        }
        false => None,
    };
    progress.step("choosing owners and planning");
    let assignment = assign(catalogue, roster, &analysis, args.input.options.capacity);
    let assign_report = AssignReport::new(catalogue, roster, &assignment);
    let impact = ImpactReport::new(catalogue, roster, &analysis, &leaving);
    let plan = PlanReport::new(
        catalogue,
        roster,
        &plan_with(
            catalogue,
            roster,
            &analysis,
            PlanOptions {
                max_steps: PLAN_MAX_STEPS,
                time_limit: args.plan_time,
                node_limit: None,
            },
        ),
    );
    // Against the baseline: the roster without the scenario, analysed the same way.
    let baseline = match &input.scenario {
        Some(scenario) => {
            // Under the catalogue before the scenario's what-ifs on it.
            let base_catalogue = &scenario.baseline_catalogue;
            let before = orggap_analysis::analyse_under(
                base_catalogue,
                &input.policy,
                &scenario.baseline,
                &scenario.baseline_without,
                Limits {
                    max_names: args.max_names,
                    ..Limits::default()
                },
            );
            let mut before = CheckReport::new(
                base_catalogue,
                &scenario.baseline,
                &before,
                &input.policy,
                &[],
                None,
            );
            before.as_of.clone_from(&input.as_of);
            let chart = render_against_chart(&AgainstInputs::new(&before, &check, &scenario.name))?;
            let changes = describe_scenario(&scenario.scenario, &scenario.baseline, base_catalogue);
            Some((before, chart, changes))
        }
        None => None,
    };
    let graph_options = GraphOptions {
        max_people: GRAPH_MAX_PEOPLE,
        max_duties: GRAPH_MAX_DUTIES,
        ..GraphOptions::default()
    };
    let graph = build_graph(catalogue, roster, &analysis, &graph_options);
    let scenario = input.scenario_ref();
    let graph = GraphContext {
        catalogue,
        roster,
        graph: &graph,
        scenario: scenario.as_ref(),
    };
    let origin = args
        .input
        .roster
        .file_name()
        .map_or_else(|| "<stdin>".into(), |n| n.to_string_lossy().into_owned());
    let full = FullReport {
        origin: &origin,
        check: &check,
        charts: &charts,
        assign: &assign_report,
        impact: &impact,
        plan: &plan,
        catalogue,
        org: org
            .as_ref()
            .map(|(report, chart)| OrgSection { report, chart }),
        baseline: baseline
            .as_ref()
            .map(|(before, chart, changes)| BaselineSection {
                changes,
                before,
                chart,
            }),
    };
    // Everything is rendered before anything is written.
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("report.html".into(), render_html(&full).into_bytes()),
        (
            "report.md".into(),
            render_report_markdown(&full).into_bytes(),
        ),
        (
            "report.xlsx".into(),
            render_workbook(
                &full,
                &Heatmap::new(catalogue, roster, &analysis, PEOPLE_LISTED),
                &PeopleTable::new(catalogue, roster, &analysis),
            )?,
        ),
        ("check.json".into(), check.to_json().into_bytes()),
        ("graph.dot".into(), render_dot(&graph).into_bytes()),
        ("graph.mmd".into(), render_mermaid(&graph).into_bytes()),
    ];
    let extra = org
        .map(|(_, chart)| chart)
        .into_iter()
        .chain(baseline.map(|(_, chart, _)| chart));
    for chart in charts.into_iter().chain(extra) {
        files.push((format!("{}.svg", chart.name), chart.svg.into_bytes()));
        files.push((format!("{}.png", chart.name), chart.png));
    }
    progress.step("writing the files");
    write_folder(&args.out, &files, &input.read)?;
    progress.finish(&written(&args.out, &files));
    Ok(ExitCode::SUCCESS)
}

/// What `report` says on a terminal once done: the folder, which file to open, the files.
fn written(dir: &std::path::Path, files: &[(String, Vec<u8>)]) -> String {
    let is_chart = |name: &str| name.ends_with(".svg") || name.ends_with(".png");
    let mut names: Vec<String> = files
        .iter()
        .map(|(name, _)| name.clone())
        .filter(|name| !is_chart(name))
        .collect();
    let charts = files
        .iter()
        .filter(|(name, _)| name.ends_with(".svg"))
        .count();
    if charts > 0 {
        names.push(format!("{charts} charts (SVG and PNG)"));
    }
    format!(
        "wrote {} files to {}: open {}\n  {}",
        files.len(),
        dir.display(),
        dir.join("report.html").display(),
        names.join(", ")
    )
}
