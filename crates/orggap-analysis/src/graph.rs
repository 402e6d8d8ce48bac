//! The organisation as a graph: people, skills, responsibilities and roles, and how they
//! connect. Large rosters are drawn by team instead of by person.

use std::collections::BTreeMap;

use orggap_model::{Catalogue, PersonIdx, RespIdx, RoleIdx, Roster, SkillIdx};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::coverage::{Analysis, Status};

/// A node of the organisation graph; indices point into the catalogue or roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    /// A person.
    Person(PersonIdx),
    /// A team standing for its members (large rosters); index into [`Roster::teams`].
    Team {
        /// The team.
        team: usize,
        /// How many of its members are drawn through it.
        members: usize,
    },
    /// A skill.
    Skill(SkillIdx),
    /// A responsibility, with its status.
    Responsibility(RespIdx, Status),
    /// A role.
    Role(RoleIdx),
}

/// An edge of the organisation graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Person → skill: the person's level (above 0).
    HasSkill(u8),
    /// Responsibility → skill: the minimum level required.
    Requires(u8),
    /// Role → responsibility.
    Includes,
    /// Person → responsibility: the person is qualified.
    Qualified,
    /// Person → responsibility: declared owner, qualified or not.
    Owns {
        /// Whether the owner is qualified.
        qualified: bool,
    },
    /// Team → responsibility: how many members are qualified.
    TeamQualified(usize),
}

/// Which part of the organisation to draw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphOptions {
    /// Only this role's responsibilities.
    pub role: Option<RoleIdx>,
    /// Only people of this team (exact team name).
    pub team: Option<String>,
    /// Above this many people, people are drawn by team.
    pub max_people: usize,
    /// Above this many responsibilities, only those that need attention (gaps, then at
    /// risk, in catalogue order) are drawn, this many at most; 0 for no limit.
    pub max_duties: usize,
    /// Draw skills: person → skill (level) and responsibility → skill (minimum) edges.
    pub skills: bool,
}

/// The graph and how it was drawn.
#[derive(Debug)]
pub struct OrgGraph {
    /// Nodes and edges.
    pub graph: DiGraph<Node, Edge>,
    /// True when people were aggregated into teams.
    pub by_team: bool,
    /// How many people the graph stands for.
    pub people: usize,
    /// Responsibilities left out to keep the graph readable (see
    /// [`GraphOptions::max_duties`]).
    pub duties_left_out: usize,
}

/// Builds the organisation graph of an analysed roster.
pub fn build_graph(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    options: &GraphOptions,
) -> OrgGraph {
    let mut graph = DiGraph::new();
    let mut responsibilities: Vec<RespIdx> = catalogue
        .responsibility_indices()
        .filter(|&r| {
            options
                .role
                .is_none_or(|role| catalogue.responsibility(r).role == role)
        })
        .collect();
    let in_scope = responsibilities.len();
    if options.max_duties > 0 && responsibilities.len() > options.max_duties {
        let status = |r: &RespIdx| analysis.coverage(*r).status;
        let mut drawn: Vec<RespIdx> = responsibilities
            .iter()
            .copied()
            .filter(|r| status(r) == Status::Gap)
            .chain(
                responsibilities
                    .iter()
                    .copied()
                    .filter(|r| status(r) == Status::AtRisk),
            )
            .take(options.max_duties)
            .collect();
        drawn.sort_unstable();
        responsibilities = drawn;
    }
    let duties_left_out = in_scope - responsibilities.len();
    let people: Vec<PersonIdx> = roster
        .people()
        .filter(|p| analysis.active[p.index()])
        .filter(|&p| options.team.as_deref().is_none_or(|t| roster.team(p) == t))
        .collect();

    let mut role_nodes = BTreeMap::new();
    let mut skill_nodes = BTreeMap::new();
    let mut resp_nodes = vec![None; catalogue.responsibilities().len()];
    for &r in &responsibilities {
        let resp = catalogue.responsibility(r);
        let node = graph.add_node(Node::Responsibility(r, analysis.coverage(r).status));
        resp_nodes[r.index()] = Some(node);
        let role = *role_nodes
            .entry(resp.role)
            .or_insert_with(|| graph.add_node(Node::Role(resp.role)));
        graph.add_edge(role, node, Edge::Includes);
        for q in resp.requires.iter().filter(|_| options.skills) {
            let skill = *skill_nodes
                .entry(q.skill)
                .or_insert_with(|| graph.add_node(Node::Skill(q.skill)));
            graph.add_edge(node, skill, Edge::Requires(q.level.get()));
        }
    }

    let by_team = people.len() > options.max_people;
    if by_team {
        add_teams(
            &mut graph,
            roster,
            analysis,
            &people,
            &responsibilities,
            &resp_nodes,
        );
    } else {
        for &p in &people {
            let owned: Vec<RespIdx> = roster.owned_by(p).collect();
            let duties: Vec<(NodeIndex, Edge)> = responsibilities
                .iter()
                .filter_map(|&r| {
                    let target = resp_nodes[r.index()]?;
                    let qualified = analysis.qualified.is(p, r);
                    if owned.contains(&r) {
                        Some((target, Edge::Owns { qualified }))
                    } else {
                        qualified.then_some((target, Edge::Qualified))
                    }
                })
                .collect();
            // A role's graph leaves out people who have nothing to do with it.
            if options.role.is_some() && duties.is_empty() && !options.skills {
                continue;
            }
            let node = graph.add_node(Node::Person(p));
            for (&skill, &skill_node) in &skill_nodes {
                let level = roster.level(p, skill).get();
                if level > 0 {
                    graph.add_edge(node, skill_node, Edge::HasSkill(level));
                }
            }
            for (target, edge) in duties {
                graph.add_edge(node, target, edge);
            }
        }
    }
    OrgGraph {
        graph,
        by_team,
        people: people.len(),
        duties_left_out,
    }
}

fn add_teams(
    graph: &mut DiGraph<Node, Edge>,
    roster: &Roster,
    analysis: &Analysis,
    people: &[PersonIdx],
    responsibilities: &[RespIdx],
    resp_nodes: &[Option<NodeIndex>],
) {
    // team → (members, qualified count per drawn responsibility)
    let mut teams: BTreeMap<usize, (usize, Vec<usize>)> = BTreeMap::new();
    // Where each drawn responsibility sits in `responsibilities`.
    let mut drawn = vec![usize::MAX; resp_nodes.len()];
    for (i, r) in responsibilities.iter().enumerate() {
        drawn[r.index()] = i;
    }
    for &p in people {
        let entry = teams
            .entry(roster.team_index(p))
            .or_insert_with(|| (0, vec![0; responsibilities.len()]));
        entry.0 += 1;
        // The person's own duties only: a roster of millions against thousands of duties.
        for r in analysis.qualified.duties(p) {
            let i = drawn[r.index()];
            if i != usize::MAX {
                entry.1[i] += 1;
            }
        }
    }
    for (team, (members, counts)) in teams {
        let node = graph.add_node(Node::Team { team, members });
        for (i, &r) in responsibilities.iter().enumerate() {
            if let (Some(target), n) = (resp_nodes[r.index()], counts[i])
                && n > 0
            {
                graph.add_edge(node, target, Edge::TeamQualified(n));
            }
        }
    }
}
