//! `orggap graph`: the organisation as a graph.

use std::process::ExitCode;

use anyhow::{Result, bail};
use orggap_analysis::{
    Analysis, GraphOptions, Limits, build_graph, build_reporting_graph, org_shape,
};
use orggap_report::{
    GraphContext, ReportingContext, render_dot, render_graph_json, render_mermaid, render_org_dot,
    render_org_graph_json, render_org_mermaid,
};

use crate::args::{GraphArgs, GraphFormat};
use crate::input::{Input, load};
use crate::output::{emit, note};

/// Runs `orggap graph`.
pub fn run(args: &GraphArgs, quiet: bool) -> Result<ExitCode> {
    let input = load(&args.input)?;
    input.warn();
    let scenario = input.scenario_ref();
    let role = match &args.role {
        None => None,
        Some(id) => match input.catalogue.find_role(id) {
            Some(role) => Some(role),
            None => {
                let known: Vec<&str> = input
                    .catalogue
                    .roles()
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect();
                bail!(
                    "--role '{id}': no such role; the catalogue has {}",
                    known.join(", ")
                )
            }
        },
    };
    if let Some(team) = &args.team
        && !input.roster.teams().iter().any(|t| t == team)
    {
        bail!("--team '{team}': nobody in the roster is in that team");
    }
    let analysis = input.analyse(Limits::default());
    if args.org {
        return draw_org(args, &input, &analysis, quiet);
    }
    let options = GraphOptions {
        role,
        team: args.team.clone(),
        max_people: args.max_people,
        max_duties: args.max_duties,
        skills: args.skills,
    };
    let graph = build_graph(&input.catalogue, &input.roster, &analysis, &options);
    if graph.duties_left_out > 0 && !quiet {
        note(&format!(
            "orggap: drawing the duties that need attention; {} more are not drawn (--max-duties)",
            graph.duties_left_out
        ));
    }
    if graph.by_team && !quiet {
        note(&format!(
            "orggap: {} people are too many to draw one by one; drawing teams instead (--max-people)",
            graph.people
        ));
    }
    let ctx = GraphContext {
        catalogue: &input.catalogue,
        roster: &input.roster,
        graph: &graph,
        scenario: scenario.as_ref(),
    };
    let text = match args.format {
        GraphFormat::Dot => render_dot(&ctx),
        GraphFormat::Mermaid => render_mermaid(&ctx),
        GraphFormat::Json => render_graph_json(&ctx),
    };
    emit(text, args.output.as_deref(), &input.read)?;
    Ok(ExitCode::SUCCESS)
}

/// `graph --org`: the reporting tree.
fn draw_org(args: &GraphArgs, input: &Input, analysis: &Analysis, quiet: bool) -> Result<ExitCode> {
    if !input.roster.has_managers() && !quiet {
        note("orggap: the roster has no manager column: everyone is a top person");
    }
    let shape = org_shape(&input.roster, analysis, u32::MAX);
    let graph = build_reporting_graph(&input.roster, analysis, &shape, args.max_people);
    if graph.by_unit && !quiet {
        note(&format!(
            "orggap: {} people are too many to draw one by one; drawing the top people and their units instead (--max-people)",
            graph.people
        ));
    }
    let scenario = input.scenario_ref();
    let ctx = ReportingContext {
        roster: &input.roster,
        graph: &graph,
        scenario: scenario.as_ref(),
    };
    let text = match args.format {
        GraphFormat::Dot => render_org_dot(&ctx),
        GraphFormat::Mermaid => render_org_mermaid(&ctx),
        GraphFormat::Json => render_org_graph_json(&ctx),
    };
    emit(text, args.output.as_deref(), &input.read)?;
    Ok(ExitCode::SUCCESS)
}
