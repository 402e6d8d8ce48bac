//! The organisation graph as Graphviz DOT, Mermaid and JSON, every label quoted and escaped.

use std::fmt::Write as _;

use orggap_analysis::{Edge, Node, OrgGraph, Status};
use orggap_model::{Catalogue, Roster};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::palette::{NEUTRAL, PERSON, ROLE, status_color};

/// Everything a renderer needs to name the nodes.
#[derive(Clone, Copy, Debug)]
pub struct GraphContext<'a> {
    /// The catalogue in use.
    pub catalogue: &'a Catalogue,
    /// The roster.
    pub roster: &'a Roster,
    /// The graph.
    pub graph: &'a OrgGraph,
    /// The scenario the roster is drawn under, when there is one.
    pub scenario: Option<&'a crate::ScenarioRef>,
}

impl GraphContext<'_> {
    /// A stable id for a node, from its kind and index (never from a name).
    fn id(&self, node: Node) -> String {
        match node {
            Node::Person(p) => format!("person{}", p.0),
            Node::Team { team, .. } => format!("team{team}"),
            Node::Skill(s) => format!("skill{}", s.0),
            Node::Responsibility(r, _) => format!("duty{}", r.0),
            Node::Role(r) => format!("role{}", r.0),
        }
    }

    fn kind(node: Node) -> &'static str {
        match node {
            Node::Person(_) => "person",
            Node::Team { .. } => "team",
            Node::Skill(_) => "skill",
            Node::Responsibility(..) => "responsibility",
            Node::Role(_) => "role",
        }
    }

    /// The label a reader sees.
    fn label(&self, node: Node) -> String {
        match node {
            Node::Person(p) => self.roster.label(p).into_owned(),
            Node::Team { team, members } => {
                let name = &self.roster.teams()[team];
                let name = if name.is_empty() { "(no team)" } else { name };
                format!("{name} ({members} people)")
            }
            Node::Skill(s) => self.catalogue.skill(s).name.clone(),
            Node::Responsibility(r, status) => {
                let id = &self.catalogue.responsibility(r).id;
                match status {
                    Status::Covered => id.clone(),
                    _ => format!("{id} ({})", status.as_str().to_uppercase()),
                }
            }
            Node::Role(r) => self.catalogue.role(r).name.clone(),
        }
    }

    fn nodes(&self) -> impl Iterator<Item = Node> + '_ {
        self.graph.graph.node_weights().copied()
    }

    fn edges(&self) -> impl Iterator<Item = (Node, Node, Edge)> + '_ {
        let g = &self.graph.graph;
        g.edge_references()
            .map(|e| (g[e.source()], g[e.target()], *e.weight()))
    }
}

/// A DOT double-quoted string: backslashes, quotes and line breaks escaped.
pub(crate) fn dot_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dot_node_style(node: Node) -> String {
    match node {
        Node::Person(_) | Node::Team { .. } => format!("shape=ellipse, color=\"{PERSON}\""),
        Node::Skill(_) => format!("shape=note, color=\"{NEUTRAL}\", fontcolor=\"{NEUTRAL}\""),
        Node::Role(_) => format!("shape=hexagon, style=filled, fillcolor=\"{ROLE}\""),
        Node::Responsibility(_, status) => {
            let extra = match status {
                Status::Gap => ", penwidth=3, style=\"filled,bold,dashed\"",
                Status::AtRisk => ", penwidth=2, style=\"filled,dashed\"",
                Status::Covered => ", style=filled",
                Status::Accepted => ", style=\"filled,dotted\"",
                Status::Unassessed => ", style=\"filled,dashed\"",
            };
            format!("shape=box, fillcolor=\"{}\"{extra}", status_color(status))
        }
    }
}

fn dot_edge_style(edge: Edge) -> String {
    match edge {
        Edge::HasSkill(level) => format!("color=\"{NEUTRAL}\", label=\"{level}\""),
        Edge::Requires(level) => format!("style=dotted, color=\"{NEUTRAL}\", label=\"≥{level}\""),
        Edge::Includes => format!("color=\"{ROLE}\""),
        Edge::Qualified => format!("color=\"{PERSON}\""),
        Edge::Owns { qualified: true } => format!("color=\"{PERSON}\", penwidth=2, label=\"owns\""),
        Edge::Owns { qualified: false } => {
            "color=\"#D55E00\", style=dashed, penwidth=2, label=\"owns, not qualified\"".into()
        }
        Edge::TeamQualified(n) => format!("color=\"{PERSON}\", label=\"{n}\""),
    }
}

/// What the drawing shows under which scenario, leaves out or gathers, said on the
/// drawing itself.
fn note(graph: &OrgGraph, scenario: Option<&crate::ScenarioRef>) -> Option<String> {
    let mut parts: Vec<String> = scenario
        .map(|s| format!("scenario: {}", s.name))
        .into_iter()
        .collect();
    if graph.by_team {
        parts.push(format!("{} people, drawn by team", graph.people));
    }
    if graph.duties_left_out > 0 {
        parts.push(format!(
            "the duties that need attention; {} more not drawn",
            graph.duties_left_out
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Renders the graph as a Graphviz `digraph`.
pub fn render_dot(ctx: &GraphContext<'_>) -> String {
    let mut out =
        String::from("digraph orggap {\n  rankdir=LR;\n  node [fontname=\"DejaVu Sans\"];\n");
    if let Some(note) = note(ctx.graph, ctx.scenario) {
        let _ = writeln!(out, "  label={};", dot_quote(&note));
    }
    for node in ctx.nodes() {
        let _ = writeln!(
            out,
            "  {} [label={}, {}];",
            ctx.id(node),
            dot_quote(&ctx.label(node)),
            dot_node_style(node)
        );
    }
    for (from, to, edge) in ctx.edges() {
        let (from, to) = (ctx.id(from), ctx.id(to));
        let style = dot_edge_style(edge);
        if edge == Edge::Includes {
            // Drawn backwards so that roles sit at the right: people → duties → roles.
            let _ = writeln!(out, "  {to} -> {from} [dir=back, {style}];");
        } else {
            let _ = writeln!(out, "  {from} -> {to} [{style}];");
        }
    }
    out.push_str("}\n");
    out
}

/// A Mermaid label: quotes, angle brackets, `#` and `&` as Mermaid entity codes.
pub(crate) fn mermaid_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Renders the graph as a Mermaid `flowchart`.
pub fn render_mermaid(ctx: &GraphContext<'_>) -> String {
    let mut out = String::from("flowchart LR\n");
    if let Some(note) = note(ctx.graph, ctx.scenario) {
        // A Mermaid comment: the note is plain text, so it cannot break the chart.
        let _ = writeln!(out, "  %% {}", note.replace(['\n', '\r'], " "));
    }
    let _ = writeln!(
        out,
        "  classDef gap fill:{},stroke:#000,stroke-width:3px,stroke-dasharray:5 3",
        status_color(Status::Gap)
    );
    let _ = writeln!(
        out,
        "  classDef atrisk fill:{},stroke-dasharray:5 3",
        status_color(Status::AtRisk)
    );
    let _ = writeln!(
        out,
        "  classDef covered fill:{}",
        status_color(Status::Covered)
    );
    for node in ctx.nodes() {
        let (open, close) = match node {
            Node::Person(_) | Node::Team { .. } => ("([", "])"),
            Node::Skill(_) => ("[/", "/]"),
            Node::Role(_) => ("{{", "}}"),
            Node::Responsibility(..) => ("[", "]"),
        };
        let class = match node {
            Node::Responsibility(_, Status::Gap) => ":::gap",
            Node::Responsibility(_, Status::AtRisk) => ":::atrisk",
            Node::Responsibility(_, Status::Covered) => ":::covered",
            Node::Responsibility(_, Status::Accepted) => ":::accepted",
            _ => "",
        };
        let _ = writeln!(
            out,
            "  {}{open}{}{close}{class}",
            ctx.id(node),
            mermaid_quote(&ctx.label(node))
        );
    }
    for (from, to, edge) in ctx.edges() {
        let arrow = match edge {
            Edge::HasSkill(l) | Edge::Requires(l) => format!("-.->|{l}|"),
            Edge::Owns { qualified: true } => "==>|owns|".into(),
            Edge::Owns { qualified: false } => "-.->|owns, not qualified|".into(),
            Edge::TeamQualified(n) => format!("-->|{n}|"),
            Edge::Includes | Edge::Qualified => "-->".into(),
        };
        let _ = writeln!(out, "  {} {arrow} {}", ctx.id(from), ctx.id(to));
    }
    out
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonGraph<'a> {
    schema: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<&'a crate::ScenarioRef>,
    by_team: bool,
    people: usize,
    #[serde(skip_serializing_if = "is_zero")]
    duties_left_out: usize,
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonNode {
    id: String,
    kind: &'static str,
    label: String,
    /// A person's id in the HR system, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    person_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonEdge {
    from: String,
    to: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<usize>,
}

/// Renders the graph as JSON: nodes and edges, each with its kind.
pub fn render_graph_json(ctx: &GraphContext<'_>) -> String {
    let nodes = ctx
        .nodes()
        .map(|n| JsonNode {
            id: ctx.id(n),
            kind: GraphContext::kind(n),
            label: ctx.label(n),
            person_id: match n {
                Node::Person(p) => ctx.roster.id(p).map(str::to_owned),
                _ => None,
            },
            status: match n {
                Node::Responsibility(_, s) => Some(s.as_str()),
                _ => None,
            },
        })
        .collect();
    let edges = ctx
        .edges()
        .map(|(from, to, edge)| {
            let (kind, value) = match edge {
                Edge::HasSkill(l) => ("has-skill", Some(usize::from(l))),
                Edge::Requires(l) => ("requires", Some(usize::from(l))),
                Edge::Includes => ("includes", None),
                Edge::Qualified => ("qualified", None),
                Edge::Owns { qualified: true } => ("owns", None),
                Edge::Owns { qualified: false } => ("owns-unqualified", None),
                Edge::TeamQualified(n) => ("team-qualified", Some(n)),
            };
            JsonEdge {
                from: ctx.id(from),
                to: ctx.id(to),
                kind,
                value,
            }
        })
        .collect();
    let graph = JsonGraph {
        schema: "orggap.graph.v1",
        scenario: ctx.scenario,
        by_team: ctx.graph.by_team,
        people: ctx.graph.people,
        duties_left_out: ctx.graph.duties_left_out,
        nodes,
        edges,
    };
    crate::pretty_json(&graph)
}

/// The JSON Schema of this JSON output.
pub(crate) fn schema() -> String {
    crate::schema::schema_of::<JsonGraph<'static>>("graph")
}

#[cfg(test)]
mod tests {
    use super::*;
    use orggap_analysis::{GraphOptions, Limits, analyse, build_graph};
    use orggap_model::{Level, PersonFields, SkillIdx};
    use petgraph::dot::dot_parser::{DotAttrList, DotNodeWeight, ParseFromDot};
    use petgraph::graph::Graph;

    fn sample(names: &[&str]) -> (Catalogue, Roster) {
        let catalogue = Catalogue::builtin();
        let mut roster = Roster::new(catalogue.skills().len());
        for (i, name) in names.iter().enumerate() {
            let fields = PersonFields {
                name,
                team: if i % 2 == 0 { "Product" } else { "Marketing" },
                ..PersonFields::default()
            };
            let p = roster.add_person(fields);
            for s in 0..catalogue.skills().len() {
                let level = Level::new(((i + s) % 6) as u8).unwrap();
                roster.set_level(p, SkillIdx(s as u16), level);
            }
        }
        (catalogue, roster)
    }

    fn graph_of(catalogue: &Catalogue, roster: &Roster, max_people: usize) -> OrgGraph {
        let analysis = analyse(catalogue, roster, &[], Limits::default());
        let options = GraphOptions {
            max_people,
            skills: true,
            ..GraphOptions::default()
        };
        build_graph(catalogue, roster, &analysis, &options)
    }

    fn context<'a>(
        catalogue: &'a Catalogue,
        roster: &'a Roster,
        graph: &'a OrgGraph,
    ) -> GraphContext<'a> {
        GraphContext {
            catalogue,
            roster,
            graph,
            scenario: None,
        }
    }

    const HOSTILE: [&str; 4] = [
        "=HYPERLINK(\"http://x\")",
        "<img src=x onerror=alert(1)>",
        "\"; drop",
        "a\"b\nc",
    ];

    #[test]
    fn dot_parses_back_with_every_node_and_edge() {
        let (catalogue, roster) = sample(&HOSTILE);
        let graph = graph_of(&catalogue, &roster, 200);
        let ctx = context(&catalogue, &roster, &graph);
        let dot = render_dot(&ctx);
        let parsed: Graph<DotNodeWeight<'_>, DotAttrList<'_>> =
            ParseFromDot::try_from(dot.as_str()).unwrap_or_else(|e| panic!("{e}\n{dot}"));
        assert_eq!(parsed.node_count(), graph.graph.node_count());
        assert_eq!(parsed.edge_count(), graph.graph.edge_count());
        let labels: Vec<String> = parsed
            .node_weights()
            .filter_map(|n| {
                n.attr
                    .elems
                    .iter()
                    .find(|(k, _)| *k == "label")
                    .map(|(_, v)| v.to_string())
            })
            .collect();
        assert!(labels.iter().any(|l| l.contains("onerror")), "{labels:?}");
    }

    #[test]
    fn large_rosters_are_drawn_by_team() {
        let names: Vec<String> = (0..30).map(|i| format!("P{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (catalogue, roster) = sample(&refs);
        let graph = graph_of(&catalogue, &roster, 10);
        assert!(graph.by_team);
        let teams = graph
            .graph
            .node_weights()
            .filter(|n| matches!(n, Node::Team { .. }))
            .count();
        assert_eq!(teams, 2);
        assert!(
            !graph
                .graph
                .node_weights()
                .any(|n| matches!(n, Node::Person(_)))
        );
        let ctx = context(&catalogue, &roster, &graph);
        assert!(render_dot(&ctx).contains("label=\"30 people, drawn by team\";"));
    }

    #[test]
    fn mermaid_labels_cannot_break_out() {
        let (catalogue, roster) = sample(&HOSTILE);
        let graph = graph_of(&catalogue, &roster, 200);
        let ctx = context(&catalogue, &roster, &graph);
        let text = render_mermaid(&ctx);
        assert!(text.starts_with("flowchart LR\n"));
        assert!(text.contains("person3([\"a#quot;b c\"])"), "{text}");
        assert!(text.contains("#lt;img src=x onerror=alert(1)#gt;"));
        assert!(!text.contains("<img"));
    }
}
