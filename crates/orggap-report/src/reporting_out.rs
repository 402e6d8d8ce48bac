//! The reporting tree (`orggap graph --org`) as Graphviz DOT, Mermaid and JSON: managers
//! above their reports, key people and owners marked, units standing for many people.

use std::fmt::Write as _;

use orggap_analysis::{ReportNode, ReportingGraph};
use orggap_model::Roster;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
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

/// A manager's reports who manage nobody are drawn stacked in one box, one line each, when
/// there are more than this many: a wide team then draws as a column, not a row, and a
/// 60-person organisation fits an A4 landscape page.
const STACKED_PAST: usize = 2;

/// The boxes of stacked reports: each manager with more than [`STACKED_PAST`] reports who
/// manage nobody, and those reports, in the graph's order.
struct Stacks {
    boxes: Vec<(NodeIndex, Vec<NodeIndex>)>,
    /// Every stacked report.
    members: std::collections::HashSet<NodeIndex>,
}

fn stacks(graph: &ReportingGraph) -> Stacks {
    let g = &graph.graph;
    let is_leaf_person = |n: NodeIndex| {
        matches!(g[n], ReportNode::Person { .. })
            && g.neighbors_directed(n, Direction::Outgoing)
                .next()
                .is_none()
    };
    let boxes: Vec<(NodeIndex, Vec<NodeIndex>)> = g
        .node_indices()
        .filter_map(|manager| {
            let mut leaves: Vec<NodeIndex> = g
                .neighbors_directed(manager, Direction::Outgoing)
                .filter(|&n| is_leaf_person(n))
                .collect();
            leaves.sort_unstable();
            (leaves.len() > STACKED_PAST).then_some((manager, leaves))
        })
        .collect();
    let members = boxes
        .iter()
        .flat_map(|(_, leaves)| leaves.iter().copied())
        .collect();
    Stacks { boxes, members }
}

/// Every line drawn, as node ids: manager → report, or manager → the stack of their reports
/// who manage nobody (never to a stacked report itself).
fn lines(
    graph: &ReportingGraph,
    boxes: &[(NodeIndex, Vec<NodeIndex>)],
    members: &std::collections::HashSet<NodeIndex>,
) -> Vec<(String, String)> {
    let g = &graph.graph;
    let id = |n: NodeIndex| ReportingContext::id(g[n]);
    let mut lines: Vec<(String, String)> = g
        .edge_references()
        .filter(|e| !members.contains(&e.target()))
        .map(|e| (id(e.source()), id(e.target())))
        .collect();
    lines.extend(boxes.iter().map(|&(manager, _)| {
        let from = id(manager);
        let to = format!("stack{from}");
        (from, to)
    }));
    lines
}

/// One stacked person: the name with the marks (`Ada Lovelace (key person)`) and the title,
/// when the roster gives one.
fn stacked_person(roster: &Roster, node: ReportNode) -> (String, Option<&str>) {
    let ReportNode::Person { person, key, owns } = node else {
        return (String::new(), None);
    };
    let mut name = roster.label(person).into_owned();
    let marks = marks(key, owns);
    if !marks.is_empty() {
        let _ = write!(name, " ({marks})");
    }
    let title = roster.title(person);
    (name, (!title.is_empty()).then_some(title))
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

/// Renders the reporting tree as a Graphviz `digraph`, top down; a manager's many reports
/// who manage nobody are stacked in one box.
pub fn render_org_dot(ctx: &ReportingContext<'_>) -> String {
    let mut out = String::from(
        "digraph org {\n  rankdir=TB;\n  nodesep=0.15;\n  ranksep=0.35;\n  size=\"11.7,8.3\";\n  node [fontname=\"DejaVu Sans\", fontsize=11, shape=box, style=rounded, margin=\"0.08,0.04\"];\n",
    );
    if let Some(note) = ctx.note() {
        let _ = writeln!(out, "  label={};", dot_quote(&note));
    }
    let g = &ctx.graph.graph;
    let Stacks {
        boxes: stacks,
        members: stacked,
    } = stacks(ctx.graph);
    for index in g.node_indices().filter(|n| !stacked.contains(n)) {
        let node = g[index];
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
    for (manager, leaves) in &stacks {
        // The name, then the title indented below, left-aligned (`\l`), so a stack is as
        // narrow as its longest name or title; a key person in it thickens the border.
        let lines: Vec<String> = leaves
            .iter()
            .flat_map(|&n| {
                let (name, title) = stacked_person(ctx.roster, g[n]);
                std::iter::once(name).chain(title.map(|t| format!("   {t}")))
            })
            .collect();
        let quoted: Vec<String> = lines
            .iter()
            .map(|l| dot_quote(l).trim_matches('"').to_owned())
            .collect();
        let key = leaves.iter().any(|&n| is_key(g[n]));
        let _ = writeln!(
            out,
            "  stack{} [label=\"{}\\l\", color=\"{PERSON}\"{}];",
            ReportingContext::id(g[*manager]),
            quoted.join("\\l"),
            if key { ", penwidth=2" } else { "" }
        );
    }
    for (from, to) in lines(ctx.graph, &stacks, &stacked) {
        let _ = writeln!(out, "  {from} -> {to};");
    }
    out.push_str("}\n");
    out
}

/// Renders the reporting tree as a Mermaid `flowchart`, top down; a manager's many reports
/// who manage nobody are stacked in one box, a line each.
pub fn render_org_mermaid(ctx: &ReportingContext<'_>) -> String {
    let mut out = String::from("flowchart TB\n");
    if let Some(note) = ctx.note() {
        let _ = writeln!(out, "  %% {}", note.replace(['\n', '\r'], " "));
    }
    let _ = writeln!(
        out,
        "  classDef key fill:{AT_RISK},stroke:#000,stroke-width:3px\n  classDef owner stroke:{PERSON},stroke-width:3px,stroke-dasharray:0"
    );
    let g = &ctx.graph.graph;
    let Stacks {
        boxes: stacks,
        members: stacked,
    } = stacks(ctx.graph);
    for index in g.node_indices().filter(|n| !stacked.contains(n)) {
        let node = g[index];
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
    for (manager, leaves) in &stacks {
        // A line a person: name, marks and title.
        let lines: Vec<String> = leaves
            .iter()
            .map(|&n| {
                let line = match stacked_person(ctx.roster, g[n]) {
                    (name, Some(title)) => format!("{name} · {title}"),
                    (name, None) => name,
                };
                mermaid_quote(&line).trim_matches('"').to_owned()
            })
            .collect();
        let _ = writeln!(
            out,
            "  stack{}[\"{}\"]",
            ReportingContext::id(g[*manager]),
            lines.join("<br>")
        );
    }
    for (from, to) in lines(ctx.graph, &stacks, &stacked) {
        let _ = writeln!(out, "  {from} --> {to}");
    }
    out
}

#[derive(Serialize, schemars::JsonSchema)]
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

#[derive(Serialize, schemars::JsonSchema)]
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

/// The JSON Schema of this JSON output.
pub(crate) fn schema() -> String {
    crate::schema::schema_of::<JsonOrgGraph<'static>>("org-graph")
}
