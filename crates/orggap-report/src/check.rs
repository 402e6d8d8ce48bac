//! The check report: the analysis with ids and names, in the `orggap.check.v1` schema.

use orggap_analysis::{
    Analysis, Status, TRUCK_FACTOR_METHOD, TruckFactor, truck_factor, truck_factors,
};
use orggap_model::{Catalogue, PersonIdx, Policy, Roster};
use serde::Serialize;

use crate::person::{Ids, Namer, People, Person, ids, name_pairs, names, people, people_and_ids};

/// The schema id written into every check report.
pub const CHECK_SCHEMA: &str = "orggap.check.v1";

/// The result of `orggap check`, ready to render or serialise (the `orggap.check.v1` JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CheckReport {
    /// Always [`CHECK_SCHEMA`].
    pub schema: &'static str,
    /// The scenario analysed (`--scenario`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<crate::ScenarioRef>,
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
    /// The same pairs with who is qualified on each side.
    pub overlap_sides: Vec<OverlapOut>,
    /// The truck factor, for the whole catalogue and per role.
    pub truck_factor: TruckFactorReport,
    /// People left out of the analysis (`--without`, `--as-of`), in roster order.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub without: Vec<Person>,
    /// Their ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub without_ids: Option<Ids>,
    /// The day the team was analysed as of (`--as-of`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// What the roster does not say: skills without a column, cells marked unknown.
    pub assessment: AssessmentOut,
    /// Warnings from reading the roster.
    pub warnings: Vec<String>,
    /// Calibration gaps, when the roster rates skills by rater: people whose own and
    /// manager's ratings of a skill some duty requires differ by 2 or more, largest first
    /// (ties in roster, then catalogue order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Vec<CalibrationOut>>,
}

/// What the roster leaves unknown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AssessmentOut {
    /// Ids of the catalogue's skills that no column (long form: no row) gives, in
    /// catalogue order: unknown for everyone.
    pub skills_without_column: Vec<String>,
    /// How many cells the roster marks unknown (`N/A`, `?`, …; empty ones with
    /// `--blank unknown`).
    pub unknown_cells: u64,
    /// Of `skills_without_column`, those some duty requires (not in the JSON: what text
    /// and pages name).
    #[serde(skip)]
    pub required_without_column: Vec<String>,
}

impl AssessmentOut {
    fn new(catalogue: &Catalogue, roster: &Roster) -> AssessmentOut {
        let missing = roster.skills_without_column();
        let mut required = vec![false; catalogue.skills().len()];
        for r in catalogue.responsibilities() {
            for q in r.requires.iter().filter(|q| q.level.get() > 0) {
                required[q.skill.index()] = true;
            }
        }
        let id = |s: &orggap_model::SkillIdx| catalogue.skill(*s).id.clone();
        AssessmentOut {
            skills_without_column: missing.iter().map(id).collect(),
            unknown_cells: roster.unknown_cells(),
            required_without_column: missing
                .iter()
                .filter(|s| required[s.index()])
                .map(id)
                .collect(),
        }
    }
}

/// A calibration gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CalibrationOut {
    /// Who.
    #[serde(flatten)]
    pub person: Person,
    /// The skill's id.
    pub skill: String,
    /// Their own rating.
    #[serde(rename = "self")]
    pub own: u8,
    /// Their manager's rating.
    pub manager: u8,
}

/// The calibration gaps of `roster` in skills some duty of `catalogue` requires, largest
/// difference first; `None` for a roster without ratings by rater.
fn calibration(catalogue: &Catalogue, roster: &Roster) -> Option<Vec<CalibrationOut>> {
    if !roster.has_ratings() {
        return None;
    }
    let mut required = vec![false; catalogue.skills().len()];
    for r in catalogue.responsibilities() {
        for req in &r.requires {
            required[req.skill.index()] = true;
        }
    }
    let mut gaps: Vec<_> = roster
        .calibration()
        .iter()
        .filter(|&&(_, s, _, _)| required[s.index()])
        .collect();
    // Stable: ties keep roster, then catalogue order.
    gaps.sort_by_key(|&&(_, _, own, manager)| std::cmp::Reverse(own.abs_diff(manager)));
    Some(
        gaps.into_iter()
            .map(|&(p, s, own, manager)| CalibrationOut {
                person: Person::of(roster, p),
                skill: catalogue.skill(s).id.clone(),
                own,
                manager,
            })
            .collect(),
    )
}

/// Counts by status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SummaryOut {
    /// Covered.
    pub covered: usize,
    /// At risk.
    pub at_risk: usize,
    /// Gaps.
    pub gap: usize,
    /// Gaps and at-risk duties accepted by the policy.
    pub accepted: usize,
    /// Duties the missing assessments decide.
    pub unassessed: usize,
}

/// One responsibility's coverage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ResponsibilityOut {
    /// Responsibility id.
    pub id: String,
    /// Role id.
    pub role: String,
    /// Title.
    pub title: String,
    /// Qualified people needed.
    pub min_owners: u32,
    /// `gap`, `at-risk`, `covered`, `accepted` or `unassessed`.
    pub status: Status,
    /// The status counting only people proven qualified.
    pub worst: Status,
    /// The status if every unassessed person turned out qualified.
    pub best: Status,
    /// Why the policy accepts this duty's gap, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_reason: Option<String>,
    /// Exact number of qualified people.
    pub qualified_count: usize,
    /// Exact number of unassessed people (no known shortfall, some level unknown).
    pub unassessed_count: usize,
    /// Up to `--max-names` unassessed people, in roster order.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub unassessed: Vec<Person>,
    /// Their ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unassessed_ids: Option<Ids>,
    /// Up to `--max-names` qualified people, in roster order.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub qualified: Vec<Person>,
    /// Their ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualified_ids: Option<Ids>,
    /// Declared owners in roster order.
    pub owners: People,
    /// Their ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owners_ids: Option<Ids>,
    /// How many declared owners there are: `owners` may list fewer in a report built for
    /// people to read (see [`CheckReport::new`]).
    #[serde(skip)]
    pub owners_count: usize,
    /// Declared owners who are not qualified.
    pub unqualified_owners: People,
    /// Their ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unqualified_owners_ids: Option<Ids>,
    /// How many declared owners are not qualified (see `owners_count`).
    #[serde(skip)]
    pub unqualified_owners_count: usize,
    /// Nearest unqualified people (gaps and at-risk duties only).
    pub nearest: Vec<NearestOut>,
    /// With `--max-age`: qualified people whose ratings are stale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_qualified: Option<usize>,
    /// With `--max-age`: whether every qualified person's ratings are stale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unverified: Option<bool>,
}

/// What a duty's nearest list says when nobody is within reach.
pub const OUT_OF_REACH: &str = "no one within reach: hire or train from scratch";

impl ResponsibilityOut {
    /// The nearest people within reach, for readable outputs.
    pub fn near(&self) -> impl Iterator<Item = &NearestOut> {
        self.nearest.iter().filter(|n| n.within_reach)
    }

    /// Whether the duty needs people and nobody is within reach of it (every unqualified
    /// person is short by more than half of what it asks).
    pub fn out_of_reach(&self) -> bool {
        self.near().next().is_none()
            && self.accepted_reason.is_none()
            && matches!(self.status, Status::Gap | Status::AtRisk)
    }
}

/// A person near to qualifying.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct NearestOut {
    /// Who.
    #[serde(flatten)]
    pub person: Person,
    /// Levels missing in total.
    pub shortfall: u32,
    /// Whether the shortfall is at most half of what the duty asks (its levels summed): a
    /// person further off is not near, and readable outputs leave them out (JSON and CSV
    /// keep every one, with the shortfall that decides).
    #[serde(skip)]
    pub within_reach: bool,
}

/// One role's coverage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    /// Accepted gaps and at-risk duties.
    pub accepted: usize,
    /// Unassessed duties.
    pub unassessed: usize,
    /// The best-fitting people.
    pub candidates: Vec<CandidateOut>,
}

/// A candidate for a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CandidateOut {
    /// Who.
    #[serde(flatten)]
    pub person: Person,
    /// How many of the role's responsibilities they are qualified for.
    pub qualified_for: u32,
}

/// One overlap pair with the people qualified on each side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OverlapOut {
    /// The two responsibility ids.
    pub responsibilities: [String; 2],
    /// Up to `--max-names` people qualified for each side, in roster order.
    #[serde(serialize_with = "name_pairs")]
    #[schemars(with = "[Vec<String>; 2]")]
    pub qualified: [Vec<Person>; 2],
    /// Their ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualified_ids: Option<[Ids; 2]>,
    /// Exact counts for each side.
    pub qualified_count: [usize; 2],
}

/// Every overlap pair of the catalogue with who is qualified on each side.
pub fn overlap_sides(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
) -> Vec<OverlapOut> {
    catalogue
        .overlaps()
        .iter()
        .map(|&(a, b)| {
            let (ca, cb) = (analysis.coverage(a), analysis.coverage(b));
            OverlapOut {
                responsibilities: [
                    catalogue.responsibility(a).id.clone(),
                    catalogue.responsibility(b).id.clone(),
                ],
                qualified: [people(roster, &ca.qualified), people(roster, &cb.qualified)],
                qualified_ids: ids(roster, &ca.qualified)
                    .zip(ids(roster, &cb.qualified))
                    .map(|(a, b)| [a, b]),
                qualified_count: [ca.qualified_count, cb.qualified_count],
            }
        })
        .collect()
}

/// How many of the truck-factor people are named (the size is always exact).
pub const TRUCK_FACTOR_NAMES: usize = 20;

/// The truck factor of a set of duties.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TruckFactorOut {
    /// The role id, or `all` for the whole catalogue.
    pub scope: String,
    /// The number of people whose departure leaves more than half the duties uncovered.
    pub size: usize,
    /// The first [`TRUCK_FACTOR_NAMES`] of those people, in the order the greedy removed them.
    #[serde(serialize_with = "names")]
    #[schemars(with = "Vec<String>")]
    pub people: Vec<Person>,
    /// Their ids, when the roster has ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people_ids: Option<Ids>,
    /// Duties considered.
    pub duties: usize,
    /// Duties with nobody qualified before anyone leaves.
    pub gaps_before: usize,
}

impl TruckFactorOut {
    /// How many of the people are not named in [`TruckFactorOut::people`].
    pub fn unnamed(&self) -> usize {
        self.size - self.people.len()
    }
}

/// The truck factor overall and per role, with the method used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TruckFactorReport {
    /// How it is computed.
    pub method: &'static str,
    /// The whole catalogue.
    pub overall: TruckFactorOut,
    /// Each role in catalogue order.
    pub roles: Vec<TruckFactorOut>,
    /// Whether unknown levels could change it: some duty is unassessed, so people not
    /// proven qualified may turn out to share the duties counted here.
    pub provisional: bool,
    /// When more than half the duties have nobody already (the truck factor is 0): the
    /// truck factor of the duties someone is qualified for today (scope `covered`), which
    /// says how fragile what works is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covered: Option<TruckFactorOut>,
}

impl TruckFactorReport {
    /// Computes the truck factor of `analysis`, overall and per role.
    pub fn new(catalogue: &Catalogue, roster: &Roster, analysis: &Analysis) -> TruckFactorReport {
        let out = |scope: &str, tf: TruckFactor| {
            let named = &tf.people[..tf.people.len().min(TRUCK_FACTOR_NAMES)];
            TruckFactorOut {
                scope: scope.to_owned(),
                size: tf.people.len(),
                people: people(roster, named),
                people_ids: ids(roster, named),
                duties: tf.duties,
                gaps_before: tf.gaps_before,
            }
        };
        let (overall, roles) = truck_factors(catalogue, roster, analysis);
        let covered = (overall.people.is_empty()).then(|| {
            let duties: Vec<_> = analysis
                .responsibilities
                .iter()
                .filter(|c| c.qualified_count > 0)
                .map(|c| c.responsibility)
                .collect();
            out("covered", truck_factor(roster, analysis, &duties))
        });
        TruckFactorReport {
            method: TRUCK_FACTOR_METHOD,
            covered: covered.filter(|c| c.duties > 0),
            overall: out("all", overall),
            roles: catalogue
                .roles()
                .iter()
                .zip(roles)
                .map(|(role, tf)| out(&role.id, tf))
                .collect(),
            provisional: analysis.summary.unassessed > 0,
        }
    }
}

impl TruckFactorReport {
    /// How the duties it counts are held: "qualified", or "proven qualified" where unknown
    /// levels leave some duties undecided (a duty counted as having nobody may be unassessed).
    pub fn qualified_word(&self) -> &'static str {
        match self.provisional {
            true => "proven qualified",
            false => "qualified",
        }
    }
}

/// A key person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct KeyPersonOut {
    /// Who.
    #[serde(flatten)]
    pub person: Person,
    /// Responsibility ids only they are qualified for.
    pub sole_qualified_for: Vec<String>,
    /// Whether unassessed people could share one of those duties (written only when
    /// they could).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
}

impl CheckReport {
    /// Builds the report: indices become ids and names here, and only here. Declared owners
    /// are listed in full, or, with `owners_listed`, the first that many per duty (for text
    /// and Markdown: a duty that thirty thousand people claim needs no thirty thousand
    /// names on a screen, nor the time to make them); their counts are always exact.
    pub fn new(
        catalogue: &Catalogue,
        roster: &Roster,
        analysis: &Analysis,
        policy: &Policy,
        warnings: &[String],
        owners_listed: Option<usize>,
    ) -> CheckReport {
        let person = |p: &PersonIdx| Person::of(roster, *p);
        fn first(list: &[PersonIdx], count: Option<usize>) -> &[PersonIdx] {
            &list[..count.map_or(list.len(), |n| n.min(list.len()))]
        }
        let listed = |list| first(list, owners_listed);
        let without: Vec<PersonIdx> = roster
            .people()
            .filter(|p| !analysis.active[p.index()])
            .collect();
        let (without, without_ids) = people_and_ids(roster, &without);
        // The lists of declared owners can name a million people, many in several duties:
        // each person's texts are kept once, in one table the lists point into.
        let mut namer = Namer::new(roster);
        for c in &analysis.responsibilities {
            for list in [&c.qualified, &c.unassessed] {
                namer.add(list);
            }
            for list in [&c.owners, &c.unqualified_owners] {
                namer.add(listed(list));
            }
        }
        let named = namer.finish();
        let rid = |r: orggap_model::RespIdx| catalogue.responsibility(r).id.clone();
        CheckReport {
            schema: CHECK_SCHEMA,
            scenario: None,
            people: analysis.people,
            summary: SummaryOut {
                covered: analysis.summary.covered,
                at_risk: analysis.summary.at_risk,
                gap: analysis.summary.gap,
                accepted: analysis.summary.accepted,
                unassessed: analysis.summary.unassessed,
            },
            responsibilities: analysis
                .responsibilities
                .iter()
                .map(|c| {
                    let resp = catalogue.responsibility(c.responsibility);
                    let (qualified, qualified_ids) = named.people_and_ids(&c.qualified);
                    let (unassessed, unassessed_ids) = named.people_and_ids(&c.unassessed);
                    let (owners, owners_ids) = named.list_and_ids(listed(&c.owners));
                    let (unqualified_owners, unqualified_owners_ids) =
                        named.list_and_ids(listed(&c.unqualified_owners));
                    ResponsibilityOut {
                        id: resp.id.clone(),
                        role: catalogue.role(resp.role).id.clone(),
                        title: resp.title.clone(),
                        min_owners: resp.min_owners,
                        status: c.status,
                        worst: c.worst,
                        best: c.best,
                        accepted_reason: (c.status == Status::Accepted)
                            .then(|| policy.accepted_reason(c.responsibility).map(str::to_owned))
                            .flatten(),
                        qualified_count: c.qualified_count,
                        unassessed_count: c.unassessed_count,
                        unassessed,
                        unassessed_ids,
                        qualified,
                        qualified_ids,
                        owners,
                        owners_ids,
                        owners_count: c.owners.len(),
                        unqualified_owners,
                        unqualified_owners_ids,
                        unqualified_owners_count: c.unqualified_owners.len(),
                        nearest: c
                            .nearest
                            .iter()
                            .map(|(p, s)| NearestOut {
                                person: person(p),
                                shortfall: *s,
                                within_reach: s * 2 <= asked(catalogue, c.responsibility),
                            })
                            .collect(),
                        stale_qualified: None,
                        unverified: None,
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
                        accepted: r.accepted,
                        unassessed: r.unassessed,
                        candidates: r
                            .candidates
                            .iter()
                            .map(|(p, n)| CandidateOut {
                                person: person(p),
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
                    person: person(&k.person),
                    sole_qualified_for: k.sole_qualified_for.iter().map(|&r| rid(r)).collect(),
                    provisional: k.provisional,
                })
                .collect(),
            overlaps: catalogue
                .overlaps()
                .iter()
                .map(|&(a, b)| [rid(a), rid(b)])
                .collect(),
            overlap_sides: overlap_sides(catalogue, roster, analysis),
            truck_factor: TruckFactorReport::new(catalogue, roster, analysis),
            without,
            without_ids,
            as_of: None,
            assessment: AssessmentOut::new(catalogue, roster),
            warnings: warnings.to_vec(),
            calibration: calibration(catalogue, roster),
        }
    }

    /// The report as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> String {
        crate::pretty_json(self)
    }

    /// Says, duty by duty, how many qualified people rest on stale ratings (`stale`, one
    /// count per duty in catalogue order), and which duties are unverified: all their
    /// qualified people stale.
    pub fn mark_stale(&mut self, stale: &[usize]) {
        for (r, &count) in self.responsibilities.iter_mut().zip(stale) {
            r.stale_qualified = Some(count);
            r.unverified = Some(r.qualified_count > 0 && count == r.qualified_count);
        }
    }

    /// The duties whose every qualified person's ratings are stale.
    pub fn unverified(&self) -> impl Iterator<Item = &ResponsibilityOut> {
        self.responsibilities
            .iter()
            .filter(|r| r.unverified == Some(true))
    }

    /// The responsibilities of role `id`, in catalogue order.
    pub fn responsibilities_of<'a>(
        &'a self,
        role: &'a str,
    ) -> impl Iterator<Item = &'a ResponsibilityOut> {
        self.responsibilities.iter().filter(move |r| r.role == role)
    }

    /// Whether any responsibility has this status in the worst case (a duty the policy
    /// accepts has none): what `--fail-on` judges.
    pub fn any(&self, status: Status) -> bool {
        self.responsibilities
            .iter()
            .any(|r| r.status != Status::Accepted && r.worst == status)
    }

    /// Whether the roster leaves some level unknown (a skill without a column, a cell
    /// marked unknown, or a duty the missing levels decide).
    pub fn has_unknown(&self) -> bool {
        let a = &self.assessment;
        !a.skills_without_column.is_empty() || a.unknown_cells > 0 || self.summary.unassessed > 0
    }

    /// What a reader must know before any number, as sentences (none for a roster that
    /// gives every level): how many duties are unassessed, which required skills have no
    /// column, how many cells are marked unknown. Every format says these first.
    pub fn caveats(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let a = &self.assessment;
        let unassessed = self.summary.unassessed;
        if unassessed > 0 {
            let duties = if unassessed == 1 {
                "duty is"
            } else {
                "duties are"
            };
            lines.push(format!(
                "{unassessed} of {} {duties} unassessed: the roster does not give the levels \
                 that decide them (counted as gaps or at risk only when proven)",
                self.responsibilities.len()
            ));
        }
        if !a.required_without_column.is_empty() {
            const SHOWN: usize = 12;
            let n = a.required_without_column.len();
            let mut named = a.required_without_column[..n.min(SHOWN)].join(", ");
            if n > SHOWN {
                named.push_str(&format!(" and {} more", n - SHOWN));
            }
            let skills = if n == 1 { "skill" } else { "skills" };
            lines.push(format!("no column for {n} required {skills}: {named}"));
        }
        if a.unknown_cells > 0 {
            let cells = if a.unknown_cells == 1 {
                "cell says"
            } else {
                "cells say"
            };
            lines.push(format!(
                "{} {cells} the level is not assessed",
                a.unknown_cells
            ));
        }
        lines
    }

    /// The duties the missing assessments decide.
    pub fn unassessed(&self) -> impl Iterator<Item = &ResponsibilityOut> {
        self.responsibilities
            .iter()
            .filter(|r| r.status == Status::Unassessed)
    }
}

/// The levels a duty asks for, summed: how far "near" reaches (half of it).
fn asked(catalogue: &Catalogue, r: orggap_model::RespIdx) -> u32 {
    catalogue
        .responsibility(r)
        .requires
        .iter()
        .map(|q| u32::from(q.level.get()))
        .sum()
}
