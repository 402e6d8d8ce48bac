//! `orggap graph`: the organisation as a graph.

use std::process::ExitCode;

use anyhow::{Result, bail};
use orggap_analysis::{GraphOptions, Limits, build_graph};
use orggap_report::{GraphContext, render_dot, render_graph_json, render_mermaid};

use crate::args::{GraphArgs, GraphFormat};
use crate::input::load;
use crate::output::{note, print};

/// Runs `orggap graph`.
pub fn run(args: &GraphArgs, quiet: bool) -> Result<ExitCode> {
    let input = load(&args.input)?;
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
    };
    let text = match args.format {
        GraphFormat::Dot => render_dot(&ctx),
        GraphFormat::Mermaid => render_mermaid(&ctx),
        GraphFormat::Json => render_graph_json(&ctx),
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}
