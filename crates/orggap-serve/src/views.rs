//! The workspace's views of the organisation, each drawn from the scenario as it stands:
//! the org chart (reporting lines, top down, units folding open) and the skills matrix
//! (people × the skills a role's duties need, each cell editable in place). Server-rendered
//! HTML that works without the script; every list is bounded, so a view costs the same for
//! ten people and for a million.

use std::collections::HashSet;
use std::fmt::Write as _;

use maud::{Markup, PreEscaped, html};
use orggap_model::{Catalogue, PersonIdx, RoleIdx, Roster, SkillIdx};
use serde::Deserialize;

use crate::state::View;

/// People a page of the matrix shows.
const MATRIX_ROWS: usize = 50;
/// Skills the matrix shows at most (those the most duties of the role need).
const MATRIX_SKILLS: usize = 40;
/// People the org chart draws at most; the rest are counted.
const ORG_NODES: usize = 400;
/// Reports shown under one manager; the rest are counted.
const ORG_REPORTS: usize = 40;
/// Layers open when the chart is drawn (deeper ones fold open on a click).
const ORG_OPEN_LAYERS: usize = 2;

/// The page's query: the people search, which view, the matrix's filters and page, the
/// cell being edited.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ViewQuery {
    /// A search of the people.
    #[serde(default)]
    pub q: String,
    /// `org` or `matrix`; the others are folded away.
    #[serde(default)]
    pub view: String,
    /// The matrix's team (empty: everyone).
    #[serde(default)]
    pub team: String,
    /// The matrix's role id (empty: every duty's skills).
    #[serde(default)]
    pub role: String,
    /// The first person of the matrix's page.
    #[serde(default)]
    pub from: usize,
    /// The cell being edited, `PERSON.SKILL` (indices).
    #[serde(default)]
    pub cell: String,
    /// The graph's person (an id or a name): their neighbourhood.
    #[serde(default)]
    pub who: String,
    /// The scenarios compared, separated by commas (empty: all of them).
    #[serde(default)]
    pub scenarios: String,
}

impl ViewQuery {
    /// The query string of the matrix with these filters, starting at `from`, editing `cell`.
    fn matrix_link(&self, from: usize, cell: Option<(PersonIdx, SkillIdx)>) -> String {
        let mut link = format!(
            "/?view=matrix&team={}&role={}&from={from}",
            url(&self.team),
            url(&self.role)
        );
        if let Some((p, s)) = cell {
            let _ = write!(link, "&cell={}.{}", p.index(), s.index());
        }
        link.push_str("#matrix");
        link
    }

    fn editing(&self) -> Option<(usize, usize)> {
        let (p, s) = self.cell.split_once('.')?;
        Some((p.parse().ok()?, s.parse().ok()?))
    }
}

/// `text` for a URL's query.
fn url(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The skills matrix: a filter by team and role, a page of people × the skills the role's
/// duties need; a level 0 blank, an unknown level `?`; a cell is a link that opens a level
/// picker in place.
pub(crate) fn matrix(catalogue: &Catalogue, view: &View, query: &ViewQuery) -> Markup {
    let roster = &view.roster;
    let role = catalogue.find_role(query.role.trim());
    let skills = matrix_skills(catalogue, role);
    let people: Vec<PersonIdx> = roster
        .people()
        .filter(|&p| query.team.is_empty() || roster.team(p) == query.team)
        .collect();
    let from = query
        .from
        .min(people.len().saturating_sub(1) / MATRIX_ROWS * MATRIX_ROWS);
    let page = &people[from..(from + MATRIX_ROWS).min(people.len())];
    let editing = query.editing();
    let leaving: HashSet<PersonIdx> = view.without.iter().copied().collect();
    let scale = catalogue.scale();
    let mut teams: Vec<&str> = roster.teams().iter().map(String::as_str).collect();
    teams.retain(|t| !t.is_empty());
    teams.sort_unstable();
    html! {
        form method="get" action="/#matrix" class="filters" {
            input type="hidden" name="view" value="matrix";
            label { "Team " select name="team" {
                option value="" { "Everyone" }
                @for team in teams.iter().take(500) { option value=(team) selected[*team == query.team] { (team) } }
            } }
            label { "Role " select name="role" {
                option value="" { "Every role" }
                @for r in catalogue.roles() { option value=(r.id) selected[r.id == query.role] { (r.name) } }
            } }
            button type="submit" { "Show" }
        }
        p class="muted" {
            @if people.is_empty() { "Nobody in this team." } @else {
                "People " (from + 1) "–" (from + page.len()) " of " (people.len())
                " × " (skills.len()) " skills"
                @if role.is_some() { " the role's duties need" } @else { " the duties need" }
                ". Click a level to change it; "
                span class="cell unknown" { "?" } " is not assessed, a blank cell is level 0."
            }
        }
        @if !page.is_empty() {
            div class="matrix-scroll" {
                table class="matrix" id="matrix-table" {
                    thead { tr {
                        th { "Person" }
                        @for &s in &skills { th class="skill" title=(catalogue.skill(s).name) { span { (catalogue.skill(s).name) } } }
                    } }
                    tbody {
                        @for &p in page {
                            tr class=[leaving.contains(&p).then_some("gone")] {
                                th scope="row" { bdi { (roster.label(p)) } br; span class="muted" { bdi { (roster.team(p)) } } }
                                @for &s in &skills {
                                    @let known = roster.is_known(p, s);
                                    @let level = roster.level(p, s).get();
                                    @if editing == Some((p.index(), s.index())) {
                                        td class="cell editing" {
                                            form method="post" action="/edit" {
                                                input type="hidden" name="action" value="level";
                                                input type="hidden" name="person" value=(roster.reference(p).to_owned());
                                                input type="hidden" name="skill" value=(catalogue.skill(s).id);
                                                input type="hidden" name="back" value=(query.matrix_link(from, None));
                                                select name="level" autofocus aria-label=(format!("{} in {}", roster.label(p), catalogue.skill(s).name)) {
                                                    @for (l, name) in scale.names().iter().enumerate() {
                                                        option value=(l) selected[known && l == usize::from(level)] { (l) " " (name) }
                                                    }
                                                    option value="?" selected[!known] { "? not assessed" }
                                                }
                                                button type="submit" { "Set" }
                                            }
                                        }
                                    } @else {
                                        td class={ "cell" @if !known { " unknown" } @else { " level" (level) } } {
                                            a href=(query.matrix_link(from, Some((p, s)))) title=(format!("{}: {}", catalogue.skill(s).name, if known { scale.name(roster.level(p, s)).into_owned() } else { "not assessed".to_owned() })) {
                                                @if !known { "?" } @else if level > 0 { (level) } @else { (PreEscaped("&nbsp;")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            p class="pages" {
                @if from > 0 { a href=(query.matrix_link(from.saturating_sub(MATRIX_ROWS), None)) { "← previous " (MATRIX_ROWS) } " " }
                @if from + page.len() < people.len() { a href=(query.matrix_link(from + MATRIX_ROWS, None)) { "next " (MATRIX_ROWS) " →" } }
            }
        }
    }
}

/// The skills the duties of `role` (every role when `None`) need, the most needed first
/// when there are more than [`MATRIX_SKILLS`], shown in catalogue order.
fn matrix_skills(catalogue: &Catalogue, role: Option<RoleIdx>) -> Vec<SkillIdx> {
    let mut needed = vec![0usize; catalogue.skills().len()];
    for duty in catalogue.responsibilities() {
        if role.is_none_or(|r| duty.role == r) {
            for q in &duty.requires {
                needed[q.skill.index()] += 1;
            }
        }
    }
    let mut skills: Vec<usize> = (0..needed.len()).filter(|&s| needed[s] > 0).collect();
    if skills.len() > MATRIX_SKILLS {
        skills.sort_by_key(|&s| (std::cmp::Reverse(needed[s]), s));
        skills.truncate(MATRIX_SKILLS);
        skills.sort_unstable();
    }
    skills.into_iter().map(SkillIdx::from_usize).collect()
}

/// The org chart: top people first, each manager's reports below, folding open by a click
/// ([`ORG_OPEN_LAYERS`] layers open); spans, key people, owners, leavers and hires marked.
pub(crate) fn org_chart(view: &View, hires_from: usize) -> Markup {
    let roster = &view.roster;
    if !roster.has_managers() {
        return html! { p class="muted" { "The roster has no manager column, so there are no reporting lines to draw." } };
    }
    let chart = OrgChart::new(view, hires_from);
    let mut drawn = 0;
    let tops: Vec<Markup> = chart
        .tops
        .iter()
        .take(ORG_REPORTS)
        .map(|&top| chart.node(top, 0, &mut drawn))
        .collect();
    let more_tops = chart.tops.len().saturating_sub(ORG_REPORTS);
    let shown = drawn.min(roster.len());
    html! {
        p class="muted" {
            (chart.tops.len()) " top " @if chart.tops.len() == 1 { "person" } @else { "people" }
            "; " (shown) " of " (roster.len()) " people drawn. "
            span class="badge key" { "key person" } " only one qualified for some duty · "
            span class="badge owner" { "owns" } " declared owner · "
            span class="badge gone" { "leaving" } " · " span class="badge hire" { "hire" }
        }
        ul class="org" {
            @for top in &tops { (top) }
            @if more_tops > 0 { li class="muted" { "… and " (more_tops) " more top people" } }
        }
    }
}

/// The reporting lines of a view, ready to draw.
struct OrgChart<'a> {
    roster: &'a Roster,
    /// `(manager, report)` pairs, sorted: a manager's reports are one run.
    lines: Vec<(PersonIdx, PersonIdx)>,
    tops: Vec<PersonIdx>,
    key: HashSet<PersonIdx>,
    leaving: HashSet<PersonIdx>,
    /// The first hire's index (people from it on are the scenario's hires).
    hires_from: usize,
}

impl<'a> OrgChart<'a> {
    fn new(view: &'a View, hires_from: usize) -> OrgChart<'a> {
        let roster = &view.roster;
        let mut lines = Vec::new();
        let mut tops = Vec::new();
        for p in roster.people() {
            match roster.manager(p) {
                Some(m) if m != p => lines.push((m, p)),
                _ => tops.push(p),
            }
        }
        lines.sort_unstable();
        OrgChart {
            roster,
            lines,
            tops,
            key: view.analysis.key_people.iter().map(|k| k.person).collect(),
            leaving: view.without.iter().copied().collect(),
            hires_from,
        }
    }

    fn reports(&self, manager: PersonIdx) -> &[(PersonIdx, PersonIdx)] {
        let start = self.lines.partition_point(|&(m, _)| m < manager);
        let end = self.lines.partition_point(|&(m, _)| m <= manager);
        &self.lines[start..end]
    }

    /// `p` and (within the budget) their reports, as a list item.
    fn node(&self, p: PersonIdx, depth: usize, drawn: &mut usize) -> Markup {
        let roster = self.roster;
        *drawn += 1;
        let reports = self.reports(p);
        let owns = roster.owned_by(p).count();
        let label = html! {
            bdi class="who" { (roster.label(p)) } " " span class="muted" { (roster.title(p)) }
            @if self.key.contains(&p) { " " span class="badge key" { "key person" } }
            @if owns > 0 { " " span class="badge owner" { "owns " (owns) } }
            @if self.leaving.contains(&p) { " " span class="badge gone" { "leaving" } }
            @if p.index() >= self.hires_from { " " span class="badge hire" { "hire" } }
        };
        if reports.is_empty() {
            return html! { li { (label) } };
        }
        let mut below = Vec::new();
        for &(_, r) in reports.iter().take(ORG_REPORTS) {
            if *drawn >= ORG_NODES {
                break;
            }
            below.push(self.node(r, depth + 1, drawn));
        }
        let hidden = reports.len() - below.len();
        html! {
            li {
                details open[depth < ORG_OPEN_LAYERS] {
                    summary {
                        (label) " " span class="span" { (reports.len()) @if reports.len() == 1 { " report" } @else { " reports" } }
                    }
                    ul {
                        @for node in &below { (node) }
                        @if hidden > 0 { li class="muted" { "… and " (hidden) " more" } }
                    }
                }
            }
        }
    }
}
