//! `orggap report`: write the whole analysis into a folder — `report.html`, `report.md`,
//! `check.json`, every chart as SVG and PNG, and the graph as DOT and Mermaid.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use orggap_analysis::{GraphOptions, Limits, PlanOptions, build_graph, plan_with};
use orggap_model::Roster;
use orggap_report::charts::{AgainstInputs, Heatmap, render_against_chart};
use orggap_report::{
    BaselineSection, CheckReport, GraphContext, PEOPLE_LISTED, PeopleTable, ReportParts,
    describe_scenario, render_dot, render_html, render_mermaid, render_report_markdown,
    render_workbook,
};

use crate::args::ReportArgs;
use crate::files::{Content, write_folder};
use crate::input::load;
use crate::progress::Progress;

/// Steps of training `report` plans per duty (as `plan`'s default).
const PLAN_MAX_STEPS: u32 = 3;
/// People drawn one by one in `graph.dot`.
const GRAPH_MAX_PEOPLE: usize = 200;
/// Duties drawn in `graph.dot` (those that need attention first).
const GRAPH_MAX_DUTIES: usize = 200;

/// Runs `orggap report`.
pub fn run(args: &ReportArgs, quiet: bool) -> Result<ExitCode> {
    let progress = Progress::start("reading the roster", quiet);
    let mut input = load(&args.input)?;
    input.warn();
    progress.step("analysing");
    let (catalogue, roster) = (&input.catalogue, &input.roster);
    // One analysis serves the check report, the charts, owners, departures and the plan.
    let analysis = input.analyse_names(args.max_names);
    let check = input.check_report(&analysis, None);
    progress.step("drawing the charts, choosing owners and planning");
    let plan = plan_with(
        catalogue,
        roster,
        &analysis,
        PlanOptions {
            max_steps: PLAN_MAX_STEPS,
            time_limit: crate::plan::search_time(args.plan_time),
            node_limit: None,
        },
    );
    let capacity = args.input.options.capacity;
    let parts = ReportParts::new(catalogue, roster, &analysis, &check, capacity, &plan)?;
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
    let full = parts.full(
        &origin,
        &check,
        catalogue,
        baseline
            .as_ref()
            .map(|(before, chart, changes)| BaselineSection {
                changes,
                before,
                chart,
            }),
    );
    // Everything is rendered before anything is written, after the roster and its analysis
    // are freed: at a million people they are most of the memory, and the workbook is
    // built whole in memory. Its two tables and the graph are what needs them.
    let heatmap = Heatmap::new(catalogue, roster, &analysis, PEOPLE_LISTED);
    let people = PeopleTable::new(catalogue, roster, &analysis);
    let (dot, mermaid) = (render_dot(&graph), render_mermaid(&graph));
    drop(analysis);
    let skills = catalogue.skills().len();
    drop(std::mem::replace(&mut input.roster, Roster::new(skills)));
    let bytes = |name: &str, bytes: Vec<u8>| (name.to_owned(), Content::Bytes(bytes));
    let check_json = |w: &mut dyn Write| orggap_report::write_json(&check, w).map_err(Into::into);
    let mut files: Vec<(String, Content)> = vec![
        bytes("report.html", render_html(&full).into_bytes()),
        bytes("report.md", render_report_markdown(&full).into_bytes()),
        bytes("report.xlsx", render_workbook(&full, &heatmap, &people)?),
        // Written into its file as it is made: with every declared owner listed it can be
        // tens of megabytes.
        ("check.json".into(), Content::Written(Box::new(check_json))),
        bytes("graph.dot", dot.into_bytes()),
        bytes("graph.mmd", mermaid.into_bytes()),
    ];
    // The report is rendered: the charts move into the files, uncopied.
    let extra = parts
        .org
        .map(|(_, chart)| chart)
        .into_iter()
        .chain(baseline.map(|(_, chart, _)| chart));
    for chart in parts.charts.into_iter().chain(extra) {
        files.push(bytes(
            &format!("{}.svg", chart.name),
            chart.svg.into_bytes(),
        ));
        files.push(bytes(&format!("{}.png", chart.name), chart.png));
    }
    progress.step("writing the files");
    write_folder(&args.out, &files, &input.read)?;
    progress.finish(&written(&args.out, &files));
    Ok(ExitCode::SUCCESS)
}

/// What `report` says on a terminal once done: the folder, which file to open, the files.
fn written(dir: &std::path::Path, files: &[(String, Content)]) -> String {
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
