//! The check report: the analysis with ids and names, in the `orggap.check.v1` schema.

use orggap_analysis::{Analysis, Status};
use orggap_model::{Catalogue, PersonIdx, Roster};
use serde::Serialize;

/// The schema id written into every check report.
pub const CHECK_SCHEMA: &str = "orggap.check.v1";

/// The result of `orggap check`, ready to render or serialise (SPEC.md's JSON schema).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Always [`CHECK_SCHEMA`].
    pub schema: &'static str,
    /// How many people were analysed.
    pub people: usize,
    /// Counts by status.
    pub summary: SummaryOut,
    /// Every responsibility in catalogue order.
    pub responsibilities: Vec<ResponsibilityOut>,
    /// Every role in catalogue order.
    pub roles: Vec<RoleOut>,
    /// Key people, most responsibilities first.
    pub key_people: Vec<KeyPersonOut>,
    /// Overlapping responsibility pairs, in catalogue order.
    pub overlaps: Vec<[String; 2]>,
    /// People left out of the analysis (`--without`), in roster order.
    pub without: Vec<String>,
    /// Warnings from reading the roster.
    pub warnings: Vec<String>,
}

/// Counts by status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SummaryOut {
    /// Covered.
    pub covered: usize,
    /// At risk.
    pub at_risk: usize,
    /// Gaps.
    pub gap: usize,
}

/// One responsibility's coverage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResponsibilityOut {
    /// Responsibility id.
    pub id: String,
    /// Role id.
    pub role: String,
    /// Title.
    pub title: String,
    /// Qualified people needed.
    pub min_owners: u32,
    /// `gap`, `at-risk` or `covered`.
    pub status: &'static str,
    /// Exact number of qualified people.
    pub qualified_count: usize,
    /// Up to `--max-names` qualified people, in roster order.
    pub qualified: Vec<String>,
    /// Declared owners in roster order.
    pub owners: Vec<String>,
    /// Declared owners who are not qualified.
    pub unqualified_owners: Vec<String>,
    /// Nearest unqualified people (gaps and at-risk duties only).
    pub nearest: Vec<NearestOut>,
}

/// A person near to qualifying.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NearestOut {
    /// Name.
    pub person: String,
    /// Levels missing in total.
    pub shortfall: u32,
}

/// One role's coverage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RoleOut {
    /// Role id.
    pub id: String,
    /// Role name.
    pub name: String,
    /// Number of responsibilities.
    pub responsibilities: usize,
    /// Covered.
    pub covered: usize,
    /// At risk.
    pub at_risk: usize,
    /// Gaps.
    pub gap: usize,
    /// The best-fitting people.
    pub candidates: Vec<CandidateOut>,
}

/// A candidate for a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CandidateOut {
    /// Name.
    pub person: String,
    /// How many of the role's responsibilities they are qualified for.
    pub qualified_for: u32,
}

/// A key person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyPersonOut {
    /// Name.
    pub person: String,
    /// Responsibility ids only they are qualified for.
    pub sole_qualified_for: Vec<String>,
}

impl CheckReport {
    /// Builds the report: indices become ids and names here, and only here.
    pub fn new(
        catalogue: &Catalogue,
        roster: &Roster,
        analysis: &Analysis,
        warnings: &[String],
    ) -> CheckReport {
        let name = |p: &PersonIdx| roster.name(*p).to_owned();
        let names = |people: &[PersonIdx]| people.iter().map(name).collect::<Vec<_>>();
        let rid = |r: orggap_model::RespIdx| catalogue.responsibility(r).id.clone();
        CheckReport {
            schema: CHECK_SCHEMA,
            people: analysis.people,
            summary: SummaryOut {
                covered: analysis.summary.covered,
                at_risk: analysis.summary.at_risk,
                gap: analysis.summary.gap,
            },
            responsibilities: analysis
                .responsibilities
                .iter()
                .map(|c| {
                    let resp = catalogue.responsibility(c.responsibility);
                    ResponsibilityOut {
                        id: resp.id.clone(),
                        role: catalogue.role(resp.role).id.clone(),
                        title: resp.title.clone(),
                        min_owners: resp.min_owners,
                        status: c.status.as_str(),
                        qualified_count: c.qualified_count,
                        qualified: names(&c.qualified),
                        owners: names(&c.owners),
                        unqualified_owners: names(&c.unqualified_owners),
                        nearest: c
                            .nearest
                            .iter()
                            .map(|(p, s)| NearestOut {
                                person: name(p),
                                shortfall: *s,
                            })
                            .collect(),
                    }
                })
                .collect(),
            roles: analysis
                .roles
                .iter()
                .map(|r| {
                    let role = catalogue.role(r.role);
                    RoleOut {
                        id: role.id.clone(),
                        name: role.name.clone(),
                        responsibilities: r.responsibilities,
                        covered: r.covered,
                        at_risk: r.at_risk,
                        gap: r.gap,
                        candidates: r
                            .candidates
                            .iter()
                            .map(|(p, n)| CandidateOut {
                                person: name(p),
                                qualified_for: *n,
                            })
                            .collect(),
                    }
                })
                .collect(),
            key_people: analysis
                .key_people
                .iter()
                .map(|k| KeyPersonOut {
                    person: name(&k.person),
                    sole_qualified_for: k.sole_qualified_for.iter().map(|&r| rid(r)).collect(),
                })
                .collect(),
            overlaps: catalogue
                .overlaps()
                .iter()
                .map(|&(a, b)| [rid(a), rid(b)])
                .collect(),
            without: roster
                .people()
                .filter(|p| !analysis.active[p.index()])
                .map(|p| name(&p))
                .collect(),
            warnings: warnings.to_vec(),
        }
    }

    /// The report as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a check report serialises");
        text.push('\n');
        text
    }

    /// The responsibilities of role `id`, in catalogue order.
    pub fn responsibilities_of<'a>(
        &'a self,
        role: &'a str,
    ) -> impl Iterator<Item = &'a ResponsibilityOut> {
        self.responsibilities.iter().filter(move |r| r.role == role)
    }

    /// Whether any responsibility has this status.
    pub fn any(&self, status: Status) -> bool {
        self.responsibilities
            .iter()
            .any(|r| r.status == status.as_str())
    }
}
