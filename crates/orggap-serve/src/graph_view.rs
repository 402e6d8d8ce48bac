//! The graph the design card names: people → the duties they qualify for or own → roles,
//! drawn as server-rendered SVG (duties grouped by role, people by team), filtered to a
//! role, a team or one person's neighbourhood, and bounded (the people most qualified
//! first), so it draws the same at ten people and at a million.

use std::collections::HashSet;

use maud::{Markup, html};
use orggap_model::{Catalogue, PersonIdx, RespIdx};
use orggap_report::palette::{PERSON, status_color};

use crate::state::View;
use crate::views::ViewQuery;

/// People drawn at most: those qualified for or owning the most drawn duties.
const GRAPH_PEOPLE: usize = 40;
/// Duties drawn at most (a large catalogue: filter to a role).
const GRAPH_DUTIES: usize = 60;
/// Height of one row (a person or a duty).
const ROW: i32 = 22;
/// Where the people's dots stand.
const PEOPLE_X: i32 = 250;
/// Where the duties' dots stand.
const DUTIES_X: i32 = 560;
/// Where the roles' bars stand.
const ROLES_X: i32 = 930;

/// The graph view: filters (role, team, a person) and the drawing.
pub(crate) fn graph(catalogue: &Catalogue, view: &View, query: &ViewQuery) -> Markup {
    let roster = &view.roster;
    let role = catalogue.find_role(query.role.trim());
    let leaving: HashSet<PersonIdx> = view.without.iter().copied().collect();
    let qualified = &view.analysis.qualified;
    // One person's neighbourhood: their duties and everyone qualified for one of them.
    let focus = match query.who.trim() {
        "" => None,
        who => match roster.lookup_many(&[who]).pop() {
            Some(orggap_model::Lookup::Found(p)) => Some(p),
            _ => None,
        },
    };
    let owns = |p: PersonIdx, r: RespIdx| roster.owned_by(p).any(|o| o == r);
    let duties: Vec<RespIdx> = catalogue
        .responsibility_indices()
        .filter(|&r| role.is_none_or(|role| catalogue.responsibility(r).role == role))
        .filter(|&r| focus.is_none_or(|p| qualified.is(p, r) || owns(p, r)))
        .take(GRAPH_DUTIES)
        .collect();
    let linked = |p: PersonIdx| {
        duties
            .iter()
            .filter(|&&r| qualified.is(p, r) || owns(p, r))
            .count()
    };
    let mut people: Vec<(usize, PersonIdx)> = roster
        .people()
        .filter(|p| !leaving.contains(p))
        .filter(|&p| query.team.is_empty() || roster.team(p) == query.team)
        .map(|p| (linked(p), p))
        .filter(|&(n, _)| n > 0)
        .collect();
    let candidates = people.len();
    // The most linked first (ties in roster order), the focus always in.
    people.sort_by_key(|&(n, p)| (focus != Some(p), std::cmp::Reverse(n), p));
    people.truncate(GRAPH_PEOPLE);
    // Drawn grouped by team, teams by name.
    people.sort_by(|a, b| roster.team(a.1).cmp(roster.team(b.1)).then(a.1.cmp(&b.1)));
    let rows = people.len().max(duties.len()) as i32;
    let height = 40 + rows * ROW + 20;
    let duty_y = |i: usize| 40 + i as i32 * ROW + ROW / 2;
    let person_y = |i: usize| 40 + i as i32 * ROW + ROW / 2;
    // The roles' bars: each role's run of duties.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, &r) in duties.iter().enumerate() {
        let role = catalogue.responsibility(r).role.index();
        match runs.last_mut() {
            Some((last, end)) if *last == role => *end = i,
            _ => runs.push((role, i)),
        }
    }
    let mut role_runs: Vec<(usize, usize, usize)> = Vec::new();
    let mut start = 0;
    for &(role, end) in &runs {
        role_runs.push((role, start, end));
        start = end + 1;
    }
    let status = |r: RespIdx| view.analysis.coverage(r).status;
    html! {
        form method="get" action="/#graph" class="filters" {
            input type="hidden" name="view" value="graph";
            label { "Role " select name="role" {
                option value="" { "Every role" }
                @for r in catalogue.roles() { option value=(r.id) selected[r.id == query.role] { (r.name) } }
            } }
            label { "Team " input name="team" value=(query.team) list="graph-teams" size="14"; }
            label { "Around a person " input name="who" value=(query.who) list="people-names" size="18"; }
            button type="submit" { "Draw" }
        }
        datalist id="graph-teams" {
            @for team in roster.teams().iter().filter(|t| !t.is_empty()).take(500) { option value=(team) {} }
        }
        p class="muted" {
            (people.len()) " of " (candidates) " people linked to " (duties.len()) " duties"
            @if candidates > people.len() { " (the most linked are drawn)" }
            ". A line: qualified; a thick blue line: the declared owner."
        }
        @if duties.is_empty() || people.is_empty() {
            p { "Nothing to draw: nobody is qualified for or owns these duties." }
        } @else {
            div class="graph-scroll" {
                svg class="graph" xmlns="http://www.w3.org/2000/svg" width="1100" height=(height) viewBox=(format!("0 0 1100 {height}")) role="img" aria-label="people linked to the duties they are qualified for or own, grouped by role" {
                    text x=(PEOPLE_X) y="20" text-anchor="end" class="head" { "People" }
                    text x=(DUTIES_X + 10) y="20" class="head" { "Duties" }
                    text x=(ROLES_X + 10) y="20" class="head" { "Roles" }
                    @for (i, &(_, p)) in people.iter().enumerate() {
                        @for (j, &r) in duties.iter().enumerate() {
                            @if owns(p, r) {
                                line x1=(PEOPLE_X) y1=(person_y(i)) x2=(DUTIES_X) y2=(duty_y(j)) stroke=(PERSON) stroke-width="3" {}
                            } @else if qualified.is(p, r) {
                                line x1=(PEOPLE_X) y1=(person_y(i)) x2=(DUTIES_X) y2=(duty_y(j)) stroke="#999" stroke-width="1" stroke-opacity="0.6" {}
                            }
                        }
                    }
                    @for (i, &(n, p)) in people.iter().enumerate() {
                        @let new_team = i == 0 || roster.team(people[i - 1].1) != roster.team(p);
                        @if new_team && !roster.team(p).is_empty() {
                            line x1="8" y1=(person_y(i) - ROW / 2 + 1) x2=(PEOPLE_X) y2=(person_y(i) - ROW / 2 + 1) stroke="#ddd" {}
                            text x="8" y=(person_y(i) + 4) class="team" { (short(roster.team(p), 16)) }
                        }
                        circle cx=(PEOPLE_X) cy=(person_y(i)) r="4" fill=(PERSON) {}
                        text x=(PEOPLE_X - 8) y=(person_y(i) + 4) text-anchor="end" class={ "person" @if focus == Some(p) { " focus" } } {
                            title { (roster.label(p)) ", " (roster.title(p)) ": " (n) " of these duties" }
                            (short(&roster.label(p), 18))
                        }
                    }
                    @for (j, &r) in duties.iter().enumerate() {
                        circle cx=(DUTIES_X) cy=(duty_y(j)) r="6" fill=(status_color(status(r))) {}
                        text x=(DUTIES_X + 10) y=(duty_y(j) + 4) class="duty" {
                            title { (catalogue.duty_label(r)) " — " (status(r).as_str()) }
                            (short(&catalogue.responsibility(r).title, 46))
                        }
                    }
                    @for &(role, from, to) in &role_runs {
                        rect x=(ROLES_X) y=(duty_y(from) - 8) width="6" height=(duty_y(to) - duty_y(from) + 16) rx="3" fill="#555" {}
                        text x=(ROLES_X + 12) y=((duty_y(from) + duty_y(to)) / 2 + 4) class="role" { (catalogue.roles()[role].name) }
                    }
                }
            }
        }
    }
}

/// `text` cut to `max` characters with an ellipsis.
fn short(text: &str, max: usize) -> String {
    match text.chars().count() > max {
        true => format!("{}…", text.chars().take(max - 1).collect::<String>()),
        false => text.to_owned(),
    }
}
