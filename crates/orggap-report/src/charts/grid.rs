//! The skills grid the heatmap draws and the workbook's Skills sheet lists: people (grouped
//! by team) or, on a large roster, teams × the skills the duties or the roster use.

use orggap_analysis::Analysis;
use orggap_model::{Catalogue, PersonIdx, Roster, SkillIdx};

use super::inputs::most_in_order;

/// Teams shown when the grid shows teams: the largest, when there are more.
pub const GRID_MAX_TEAMS: usize = 40;
/// Skills shown: those the most duties need, when there are more.
pub const GRID_MAX_SKILLS: usize = 40;

/// A grid of levels: rows (people or teams) × columns (skills).
#[derive(Clone, Debug, PartialEq)]
pub struct Heatmap {
    /// Row labels: people grouped by team (teams by name, people in roster order), or teams.
    pub rows: Vec<String>,
    /// Each row's team, when rows are people (empty when they are teams).
    pub teams: Vec<String>,
    /// Column labels (skill names).
    pub columns: Vec<String>,
    /// Levels, row-major; means of the known levels when rows are teams. `None` where the
    /// level is unknown (for a team: where no member's level is known).
    pub values: Vec<Option<f32>>,
    /// Whether rows are teams.
    pub by_team: bool,
    /// People behind the grid.
    pub people: usize,
    /// Rows (teams) left out because there are too many to show.
    pub hidden_rows: usize,
    /// Skills left out: only those the most duties need are shown.
    pub hidden_columns: usize,
}

impl Heatmap {
    /// The grid of the people the analysis counts: one row each up to `max_people`, else
    /// one row per team (the 40 largest). The columns are the skills a duty
    /// needs or someone has, the 40 the most duties need, in catalogue
    /// order.
    pub fn new(
        catalogue: &Catalogue,
        roster: &Roster,
        analysis: &Analysis,
        max_people: usize,
    ) -> Heatmap {
        let mut people: Vec<PersonIdx> = roster
            .people()
            .filter(|p| analysis.active[p.index()])
            .collect();
        let (shown, hidden_columns) = columns(catalogue, roster, &people);
        let columns: Vec<String> = shown
            .iter()
            .map(|&s| catalogue.skills()[s.index()].name.clone())
            .collect();
        if people.len() > max_people {
            return by_team(roster, &people, shown, columns, hidden_columns);
        }
        // Grouped by team, teams by name; within a team, roster order (the sort is stable).
        people.sort_by(|&a, &b| roster.team(a).cmp(roster.team(b)));
        let values = people
            .iter()
            .flat_map(|&p| {
                let row = roster.row(p);
                shown
                    .iter()
                    .map(move |&s| roster.is_known(p, s).then(|| f32::from(row.get(s.index()))))
            })
            .collect();
        Heatmap {
            rows: people
                .iter()
                .map(|&p| roster.label(p).into_owned())
                .collect(),
            teams: people.iter().map(|&p| roster.team(p).to_owned()).collect(),
            columns,
            values,
            by_team: false,
            people: people.len(),
            hidden_rows: 0,
            hidden_columns,
        }
    }

    /// The runs of rows that share a team, in order: `(team, rows)`. Empty when rows are
    /// teams or nobody has a team.
    pub fn groups(&self) -> Vec<(&str, usize)> {
        let mut groups: Vec<(&str, usize)> = Vec::new();
        for team in &self.teams {
            match groups.last_mut() {
                Some((name, rows)) if *name == team.as_str() => *rows += 1,
                _ => groups.push((team, 1)),
            }
        }
        match groups.iter().all(|(name, _)| name.is_empty()) {
            true => Vec::new(),
            false => groups,
        }
    }
}

/// The skills a duty needs or one of `people` has (a known level above 0): the
/// [`GRID_MAX_SKILLS`] the most duties need, in catalogue order; and how many are left out.
fn columns(catalogue: &Catalogue, roster: &Roster, people: &[PersonIdx]) -> (Vec<SkillIdx>, usize) {
    let skills = catalogue.skills().len();
    let mut needed = vec![0usize; skills];
    for duty in catalogue.responsibilities() {
        for q in &duty.requires {
            needed[q.skill.index()] += 1;
        }
    }
    let mut held = vec![false; skills];
    for &p in people {
        for (s, level) in roster.row(p).iter().enumerate() {
            held[s] |= level > 0;
        }
        if held.iter().all(|&h| h) {
            break;
        }
    }
    let used: Vec<usize> = (0..skills).filter(|&s| needed[s] > 0 || held[s]).collect();
    let used_count = used.len();
    let shown = most_in_order(used, GRID_MAX_SKILLS, |&s| needed[s]);
    let hidden = used_count - shown.len();
    (
        shown.into_iter().map(SkillIdx::from_usize).collect(),
        hidden,
    )
}

/// One row per team: the mean of the members' known levels.
fn by_team(
    roster: &Roster,
    people: &[PersonIdx],
    shown: Vec<SkillIdx>,
    columns: Vec<String>,
    hidden_columns: usize,
) -> Heatmap {
    let skills = shown.len();
    let teams = roster.teams().len();
    let mut sums = vec![0u64; teams * skills];
    let mut known = vec![0u64; teams * skills];
    let mut members = vec![0u64; teams];
    for &p in people {
        let t = roster.team_index(p);
        members[t] += 1;
        let row = roster.row(p);
        for (c, &s) in shown.iter().enumerate() {
            if roster.is_known(p, s) {
                sums[t * skills + c] += u64::from(row.get(s.index()));
                known[t * skills + c] += 1;
            }
        }
    }
    let mut teams_shown: Vec<usize> = (0..teams).filter(|&t| members[t] > 0).collect();
    let with_people = teams_shown.len();
    // The largest teams (ties by name), then shown by name.
    let name = |t: usize| roster.teams()[t].as_str();
    teams_shown.sort_by(|&a, &b| members[b].cmp(&members[a]).then(name(a).cmp(name(b))));
    teams_shown.truncate(GRID_MAX_TEAMS);
    teams_shown.sort_by(|&a, &b| name(a).cmp(name(b)));
    let rows = teams_shown
        .iter()
        .map(|&t| {
            let name = match roster.teams()[t].is_empty() {
                true => "(no team)",
                false => roster.teams()[t].as_str(),
            };
            format!("{name} ({})", members[t])
        })
        .collect();
    let values = teams_shown
        .iter()
        .flat_map(|&t| (0..skills).map(move |c| t * skills + c))
        .map(|i| (known[i] > 0).then(|| (sums[i] as f64 / known[i] as f64) as f32))
        .collect();
    Heatmap {
        hidden_rows: with_people - teams_shown.len(),
        hidden_columns,
        rows,
        teams: Vec::new(),
        columns,
        values,
        by_team: true,
        people: people.len(),
    }
}
