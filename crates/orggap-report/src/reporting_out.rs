//! The reporting tree (`orggap graph --org`) as Graphviz DOT, Mermaid and JSON: managers
//! above their reports, key people and owners marked, units standing for many people.

use std::fmt::Write as _;

use orggap_analysis::{ReportNode, ReportingGraph};
use orggap_model::Roster;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::graph_out::{dot_quote, mermaid_quote};
use crate::palette::{AT_RISK, PERSON};

/// What the reporting graph draws from.
#[derive(Debug)]
pub struct ReportingContext<'a> {
    /// The roster the graph's people come from.
    pub roster: &'a Roster,
    /// The graph.
    pub graph: &'a ReportingGraph,
    /// The scenario the roster is drawn under, when there is one.
    pub scenario: Option<&'a crate::ScenarioRef>,
}

impl ReportingContext<'_> {
    fn id(node: ReportNode) -> String {
        match node {
            ReportNode::Person { person, .. } => format!("person{}", person.0),
            ReportNode::Unit { head, .. } => format!("unit{}", head.0),
        }
    }

    /// The label a reader sees: the name and title, or the unit, and the marks in words.
    fn label(&self, node: ReportNode) -> String {
        match node {
            ReportNode::Person { person, key, owns } => {
                let mut label = self.roster.label(person).into_owned();
                let title = self.roster.title(person);
                if !title.is_empty() {
                    let _ = write!(label, "\n{title}");
                }
                let marks = marks(key, owns);
                if !marks.is_empty() {
                    let _ = write!(label, "\n{marks}");
                }
                label
            }
            ReportNode::Unit {
                head,
                people,
                key,
                owners,
            } => {
                let mut parts = vec![crate::count(people, "person", "people")];
                if key > 0 {
                    parts.push(crate::count(key, "key person", "key people"));
                }
                if owners > 0 {
                    parts.push(crate::count(owners, "owner", "owners"));
                }
                format!("Unit: {}\n{}", self.roster.label(head), parts.join(" · "))
            }
        }
    }

    fn nodes(&self) -> impl Iterator<Item = ReportNode> + '_ {
        self.graph.graph.node_weights().copied()
    }

    fn edges(&self) -> impl Iterator<Item = (ReportNode, ReportNode)> + '_ {
        let g = &self.graph.graph;
        g.edge_references().map(|e| (g[e.source()], g[e.target()]))
    }

    /// What the drawing gathers or leaves out, said on the drawing.
    fn note(&self) -> Option<String> {
        let g = self.graph;
        let mut parts: Vec<String> = self
            .scenario
            .map(|s| format!("scenario: {}", s.name))
            .into_iter()
            .collect();
        if g.by_unit {
            parts.push(format!("{} people, drawn by unit", g.people));
        }
        if g.units_left_out > 0 {
            let units = crate::count(g.units_left_out, "smaller unit", "smaller units");
            parts.push(format!("{units} not drawn"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// A person's marks in words: a key person, and how many duties they own.
fn marks(key: bool, owns: usize) -> String {
    let mut parts = Vec::new();
    if key {
        parts.push("key person".to_owned());
    }
    if owns > 0 {
        parts.push(format!("owns {}", crate::count(owns, "duty", "duties")));
    }
    parts.join(" · ")
}

fn is_key(node: ReportNode) -> bool {
    match node {
        ReportNode::Person { key, .. } => key,
        ReportNode::Unit { key, .. } => key > 0,
    }
}

fn is_owner(node: ReportNode) -> bool {
    matches!(node, ReportNode::Person { owns, .. } if owns > 0)
}

/// Renders the reporting tree as a Graphviz `digraph`, top down.
pub fn render_org_dot(ctx: &ReportingContext<'_>) -> String {
    let mut out = String::from(
        "digraph org {\n  rankdir=TB;\n  node [fontname=\"DejaVu Sans\", shape=box, style=rounded];\n",
    );
    if let Some(note) = ctx.note() {
        let _ = writeln!(out, "  label={};", dot_quote(&note));
    }
    for node in ctx.nodes() {
        let mut style = format!("color=\"{PERSON}\"");
        if is_key(node) {
            // Key people stand out by fill and a thick border, and say so in words.
            let _ = write!(
                style,
                ", style=\"rounded,filled,bold\", fillcolor=\"{AT_RISK}\", penwidth=2"
            );
        }
        if is_owner(node) {
            style.push_str(", peripheries=2");
        }
        if matches!(node, ReportNode::Unit { .. }) {
            style.push_str(", shape=folder");
        }
        let _ = writeln!(
            out,
            "  {} [label={}, {style}];",
            ReportingContext::id(node),
            dot_quote(&ctx.label(node))
        );
    }
    for (from, to) in ctx.edges() {
        let _ = writeln!(
            out,
            "  {} -> {};",
            ReportingContext::id(from),
            ReportingContext::id(to)
        );
    }
    out.push_str("}\n");
    out
}

/// Renders the reporting tree as a Mermaid `flowchart`, top down.
pub fn render_org_mermaid(ctx: &ReportingContext<'_>) -> String {
    let mut out = String::from("flowchart TB\n");
    if let Some(note) = ctx.note() {
        let _ = writeln!(out, "  %% {}", note.replace(['\n', '\r'], " "));
    }
    let _ = writeln!(
        out,
        "  classDef key fill:{AT_RISK},stroke:#000,stroke-width:3px\n  classDef owner stroke:{PERSON},stroke-width:3px,stroke-dasharray:0"
    );
    for node in ctx.nodes() {
        let (open, close) = match node {
            ReportNode::Person { .. } => ("(", ")"),
            ReportNode::Unit { .. } => ("[[", "]]"),
        };
        let class = match (is_key(node), is_owner(node)) {
            (true, _) => ":::key",
            (false, true) => ":::owner",
            (false, false) => "",
        };
        let _ = writeln!(
            out,
            "  {}{open}{}{close}{class}",
            ReportingContext::id(node),
            mermaid_quote(&ctx.label(node).replace('\n', " · "))
        );
    }
    for (from, to) in ctx.edges() {
        let _ = writeln!(
            out,
            "  {} --> {}",
            ReportingContext::id(from),
            ReportingContext::id(to)
        );
    }
    out
}

#[derive(Serialize)]
struct JsonOrgGraph<'a> {
    schema: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<&'a crate::ScenarioRef>,
    by_unit: bool,
    people: usize,
    units_left_out: usize,
    nodes: Vec<JsonOrgNode>,
    edges: Vec<[String; 2]>,
}

#[derive(Serialize)]
struct JsonOrgNode {
    id: String,
    kind: &'static str,
    label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    person_id: Option<String>,
    key: usize,
    owns: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<usize>,
}

/// Renders the reporting tree as JSON: nodes (people and units, with their marks) and
/// manager → report edges.
pub fn render_org_graph_json(ctx: &ReportingContext<'_>) -> String {
    let nodes = ctx
        .nodes()
        .map(|node| {
            let (kind, person, key, owns, people) = match node {
                ReportNode::Person { person, key, owns } => {
                    ("person", person, usize::from(key), owns, None)
                }
                ReportNode::Unit {
                    head,
                    people,
                    key,
                    owners,
                } => ("unit", head, key, owners, Some(people)),
            };
            JsonOrgNode {
                id: ReportingContext::id(node),
                kind,
                label: ctx.label(node),
                person_id: ctx.roster.id(person).map(str::to_owned),
                key,
                owns,
                people,
            }
        })
        .collect();
    let edges = ctx
        .edges()
        .map(|(from, to)| [ReportingContext::id(from), ReportingContext::id(to)])
        .collect();
    crate::pretty_json(&JsonOrgGraph {
        schema: "orggap.org-graph.v1",
        scenario: ctx.scenario,
        by_unit: ctx.graph.by_unit,
        people: ctx.graph.people,
        units_left_out: ctx.graph.units_left_out,
        nodes,
        edges,
    })
}
