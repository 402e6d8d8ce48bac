//! The reporting tree as a graph: managers above their reports, key people and owners
//! marked; a large organisation drawn as its top people and units.

use orggap_model::{PersonIdx, Roster};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::Analysis;
use crate::org::OrgShape;

/// A node of the reporting graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportNode {
    /// A person.
    Person {
        /// Who.
        person: PersonIdx,
        /// Whether they are a key person (the only one qualified for some duty).
        key: bool,
        /// How many duties they are the declared owner of.
        owns: usize,
    },
    /// A top-level unit standing for everyone in it (large organisations).
    Unit {
        /// The unit's head, who names it.
        head: PersonIdx,
        /// People in the unit.
        people: usize,
        /// Key people in the unit.
        key: usize,
        /// People in the unit who own a duty.
        owners: usize,
    },
}

/// The reporting graph and how it was drawn.
#[derive(Debug)]
pub struct ReportingGraph {
    /// Nodes, and edges from each manager (or top person) to each report (or unit).
    pub graph: DiGraph<ReportNode, ()>,
    /// True when people were collapsed into their units.
    pub by_unit: bool,
    /// People the graph stands for.
    pub people: usize,
    /// Units not drawn, to keep the graph readable (the smallest, when there are more
    /// than the people limit).
    pub units_left_out: usize,
}

/// Builds the reporting graph of `shape`: every analysed person when there are at most
/// `max_people`, else the top people and their units (the largest `max_people` units).
pub fn build_reporting_graph(
    roster: &Roster,
    analysis: &Analysis,
    shape: &OrgShape,
    max_people: usize,
) -> ReportingGraph {
    let n = roster.len();
    let mut key = vec![false; n];
    for k in &analysis.key_people {
        key[k.person.index()] = true;
    }
    let mut owns = vec![0usize; n];
    for &(p, _) in roster.owns() {
        owns[p.index()] += 1;
    }
    let mut graph = DiGraph::new();
    let active: Vec<PersonIdx> = roster
        .people()
        .filter(|p| analysis.active[p.index()])
        .collect();
    let person_node = |p: PersonIdx| ReportNode::Person {
        person: p,
        key: key[p.index()],
        owns: owns[p.index()],
    };
    if active.len() <= max_people {
        let mut node: Vec<Option<NodeIndex>> = vec![None; n];
        for &p in &active {
            node[p.index()] = Some(graph.add_node(person_node(p)));
        }
        for &p in &active {
            if let (Some(m), Some(to)) = (shape.manager[p.index()], node[p.index()]) {
                let from = node[m.index()].expect("a manager is analysed");
                graph.add_edge(from, to, ());
            }
        }
        return ReportingGraph {
            graph,
            by_unit: false,
            people: active.len(),
            units_left_out: 0,
        };
    }
    // Units: sizes and marks, by head.
    let mut size = vec![0usize; n];
    let mut keys = vec![0usize; n];
    let mut owners = vec![0usize; n];
    for &p in &active {
        let head = shape.unit[p.index()].expect("an analysed person has a unit");
        size[head.index()] += 1;
        keys[head.index()] += usize::from(key[p.index()]);
        owners[head.index()] += usize::from(owns[p.index()] > 0);
    }
    // A unit's head is a top person (a unit of their own, drawn as a person) or reports
    // to one (the unit is drawn below that top person).
    let mut heads: Vec<PersonIdx> = active
        .iter()
        .copied()
        .filter(|p| size[p.index()] > 0)
        .collect();
    let total_units = heads.len();
    if heads.len() > max_people {
        heads.sort_by_key(|p| (std::cmp::Reverse(size[p.index()]), *p));
        heads.truncate(max_people);
        heads.sort_unstable();
    }
    let mut top_node: Vec<Option<NodeIndex>> = vec![None; n];
    for &head in &heads {
        let top = shape.manager[head.index()].unwrap_or(head);
        let top_index =
            *top_node[top.index()].get_or_insert_with(|| graph.add_node(person_node(top)));
        if top != head {
            let unit = graph.add_node(ReportNode::Unit {
                head,
                people: size[head.index()],
                key: keys[head.index()],
                owners: owners[head.index()],
            });
            graph.add_edge(top_index, unit, ());
        }
    }
    ReportingGraph {
        graph,
        by_unit: true,
        people: active.len(),
        units_left_out: total_units - heads.len(),
    }
}
