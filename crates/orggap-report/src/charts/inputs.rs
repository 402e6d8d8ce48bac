//! What the charts show, gathered from the analysis once; every list is bounded, so charts
//! cost the same for ten people and for a million.

use orggap_analysis::{Analysis, Departure, Status};
use orggap_model::{Catalogue, PersonIdx, RoleIdx, Roster};

use super::Heatmap;
use crate::check::CheckReport;

/// Above this many people the heatmap shows teams, not people.
pub const HEATMAP_MAX_PEOPLE: usize = 60;
/// Duties shown in the responsibilities chart: those that need attention first.
pub const DUTIES_SHOWN: usize = 60;
/// Roles shown in the coverage chart: those with the most open duties, when there are more.
pub const ROLES_SHOWN: usize = 40;
/// Roles shown in the role-fit chart: those with the most open duties, when there are more.
pub const ROLE_FIT_ROLES: usize = 8;
/// People shown in the key-person chart.
pub const KEY_PEOPLE_SHOWN: usize = 15;
/// People shown in the role-fit chart.
pub const ROLE_FIT_SHOWN: usize = 10;

/// One role's bar: counts by status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleBar {
    /// Role name and id.
    pub label: String,
    /// Covered, at risk, gap, accepted, unassessed.
    pub counts: [usize; 5],
}

/// One duty's bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DutyBar {
    /// Responsibility id.
    pub id: String,
    /// What a reader sees: the role's short name and the duty's title
    /// (`CPO · Set the product strategy`).
    pub title: String,
    /// Qualified people.
    pub qualified: usize,
    /// Unassessed people: qualified too in the best case.
    pub unassessed: usize,
    /// Needed.
    pub min_owners: u32,
    /// Status.
    pub status: Status,
}

/// One person's key-person risk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPersonBar {
    /// Name.
    pub name: String,
    /// Duties only they are qualified for.
    pub sole: usize,
    /// Duties their departure turns into gaps.
    pub new_gaps: usize,
    /// Duties their departure puts at risk.
    pub new_at_risk: usize,
}

/// Top candidates × roles: how many of each role's duties they qualify for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleFit {
    /// People, best overall fit first.
    pub people: Vec<String>,
    /// Role labels with their duty counts.
    pub roles: Vec<(String, usize)>,
    /// Roles left out: only those with the most open duties are drawn.
    pub hidden_roles: usize,
    /// Fit, row-major (people × roles).
    pub fit: Vec<usize>,
}

/// Everything the charts draw.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartInputs {
    /// Roles in catalogue order (at most 40: those with the most open duties).
    pub roles: Vec<RoleBar>,
    /// Roles left out of `roles`.
    pub hidden_roles: usize,
    /// Duties in catalogue order (at most 60: open duties first).
    pub duties: Vec<DutyBar>,
    /// How many duties the catalogue has.
    pub duty_count: usize,
    /// The skills grid.
    pub heatmap: Heatmap,
    /// Key-person risk, most at risk first.
    pub key_people: Vec<KeyPersonBar>,
    /// Role fit of the top candidates.
    pub role_fit: RoleFit,
}

impl ChartInputs {
    /// Gathers the chart data of an analysed roster.
    pub fn new(
        catalogue: &Catalogue,
        roster: &Roster,
        analysis: &Analysis,
        check: &CheckReport,
        departures: &[Departure],
    ) -> ChartInputs {
        let roles: Vec<RoleBar> = check
            .roles
            .iter()
            .map(|r| RoleBar {
                label: format!("{} ({})", r.name, r.id),
                counts: [r.covered, r.at_risk, r.gap, r.accepted, r.unassessed],
            })
            .collect();
        let role_count = roles.len();
        // The roles with the most gaps, then the most at risk, in catalogue order.
        let roles = most_in_order(roles, ROLES_SHOWN, |r| (r.counts[2], r.counts[1]));
        let duties: Vec<DutyBar> = analysis
            .responsibilities
            .iter()
            .map(|c| DutyBar {
                id: catalogue.responsibility(c.responsibility).id.clone(),
                title: catalogue.duty_label(c.responsibility),
                qualified: c.qualified_count,
                unassessed: c.unassessed_count,
                min_owners: catalogue.responsibility(c.responsibility).min_owners,
                status: c.status,
            })
            .collect();
        let duty_count = duties.len();
        // Gaps, then at risk, then the others; each group fewest qualified first.
        let attention = |d: &DutyBar| {
            let rank = match d.status {
                Status::Gap => 3,
                Status::AtRisk => 2,
                Status::Unassessed | Status::Covered | Status::Accepted => 1,
            };
            (rank, std::cmp::Reverse(d.qualified))
        };
        let duties = most_in_order(duties, DUTIES_SHOWN, attention);
        ChartInputs {
            hidden_roles: role_count - roles.len(),
            roles,
            duty_count,
            duties,
            heatmap: Heatmap::new(catalogue, roster, analysis, HEATMAP_MAX_PEOPLE),
            key_people: key_people(roster, analysis, departures),
            role_fit: role_fit(catalogue, roster, analysis, check),
        }
    }
}

/// At most `limit` of `items`: those with the largest `key` (ties to the earlier), kept in
/// their order.
pub(crate) fn most_in_order<T, K: Ord>(
    items: Vec<T>,
    limit: usize,
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    if items.len() <= limit {
        return items;
    }
    let mut ranked: Vec<usize> = (0..items.len()).collect();
    ranked.sort_by(|&a, &b| key(&items[b]).cmp(&key(&items[a])).then(a.cmp(&b)));
    let mut keep = vec![false; items.len()];
    for &i in &ranked[..limit] {
        keep[i] = true;
    }
    items
        .into_iter()
        .zip(keep)
        .filter_map(|(item, kept)| kept.then_some(item))
        .collect()
}

fn key_people(roster: &Roster, analysis: &Analysis, departures: &[Departure]) -> Vec<KeyPersonBar> {
    let mut bars: Vec<KeyPersonBar> = departures
        .iter()
        .map(|d| KeyPersonBar {
            name: roster.label(d.person).into_owned(),
            sole: analysis
                .key_people
                .iter()
                .find(|k| k.person == d.person)
                .map_or(0, |k| k.sole_qualified_for.len()),
            new_gaps: d.new_gaps.len(),
            new_at_risk: d.new_at_risk.len(),
        })
        .collect();
    // Departures come most harmful first; keep that order, ties as they are.
    bars.sort_by_key(|b| std::cmp::Reverse((b.sole, b.new_gaps, b.new_at_risk)));
    bars.truncate(KEY_PEOPLE_SHOWN);
    bars
}

fn role_fit(
    catalogue: &Catalogue,
    roster: &Roster,
    analysis: &Analysis,
    check: &CheckReport,
) -> RoleFit {
    // The roles with the most gaps, then at risk, in catalogue order.
    let roles: Vec<RoleIdx> = most_in_order(
        (0..catalogue.roles().len())
            .map(RoleIdx::from_usize)
            .collect(),
        ROLE_FIT_ROLES,
        |r| (check.roles[r.index()].gap, check.roles[r.index()].at_risk),
    );
    let hidden_roles = catalogue.roles().len() - roles.len();
    let fit_of = |p: PersonIdx, role: RoleIdx| {
        catalogue
            .responsibilities_of(role)
            .iter()
            .filter(|&&r| analysis.qualified.is(p, r))
            .count()
    };
    // The best overall fits: a bounded scan keeping the top ROLE_FIT_SHOWN by total fit.
    let mut top = orggap_analysis::TopK::new(ROLE_FIT_SHOWN);
    for p in roster.people().filter(|p| analysis.active[p.index()]) {
        let total = analysis.qualified.count(p) as usize;
        if total > 0 {
            top.push(std::cmp::Reverse(total), p);
        }
    }
    let people: Vec<PersonIdx> = top.into_sorted().into_iter().map(|(_, p)| p).collect();
    RoleFit {
        hidden_roles,
        fit: people
            .iter()
            .flat_map(|&p| roles.iter().map(move |&r| (p, r)))
            .map(|(p, r)| fit_of(p, r))
            .collect(),
        people: people
            .iter()
            .map(|&p| roster.label(p).into_owned())
            .collect(),
        roles: roles
            .iter()
            .map(|&r| {
                (
                    catalogue.role(r).id.to_uppercase(),
                    catalogue.responsibilities_of(r).len(),
                )
            })
            .collect(),
    }
}
