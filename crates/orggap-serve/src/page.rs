//! The page: rendered on the server (maud escapes every value), made of plain forms that
//! post an edit and come back to the page, so that it works without a script; `app.js`
//! only keeps the scroll position and filters the people list as one types.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use orggap_analysis::{Plan, departures};
use orggap_model::PersonIdx;
use orggap_report::charts::{AgainstInputs, ChartInputs, render_against_chart, render_charts};
use orggap_report::{CheckReport, count_thousands, describe_scenario, partials};

use crate::views::ViewQuery;

use crate::App;
use crate::api::blocking;
use crate::state::{View, Workspace};

/// People listed on the page at most (search to find others).
const PEOPLE_SHOWN: usize = 200;
/// Plan steps offered at most.
const PLAN_SHOWN: usize = 12;

/// `GET /`: the page (`?q=` searches the people; see [`ViewQuery`] for the views).
pub(crate) async fn index(State(app): State<App>, Query(query): Query<ViewQuery>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let view = workspace.view();
        html_response(render(&workspace, &view, &query))
    })
    .await
}

/// `GET /view?view=…`: only the view's part of the page (the org chart, the matrix or the
/// graph, with its filters), for the script to swap in without building the whole page.
pub(crate) async fn fragment(State(app): State<App>, Query(query): Query<ViewQuery>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        if query.view == "people-options" {
            // Only the roster is needed, not its analysis: a keystroke stays cheap.
            return html_response(crate::pickers::options(&workspace.roster_made(), &query.q));
        }
        let view = workspace.view();
        let config = workspace.config();
        let html = match query.view.as_str() {
            "org" => crate::views::org_chart(&view, view.baseline_roster.len()),
            "matrix" => crate::views::matrix(&config.catalogue, &view, &query),
            "graph" => crate::graph_view::graph(view.catalogue(config), &view, &query),
            "compare" => crate::set_view::compare(&workspace, &query),
            _ => return (StatusCode::NOT_FOUND, "no such view\n").into_response(),
        };
        html_response(html)
    })
    .await
}

/// A page or a part of one, as HTML, every control character shown as an escape.
fn html_response(html: Markup) -> Response {
    (
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        orggap_report::controls_shown(html.into_string()),
    )
        .into_response()
}

/// Back to the page (after a form), at `anchor`.
pub(crate) fn back(anchor: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, format!("/{anchor}"))]).into_response()
}

/// What the charts call the open scenario: the name it gives itself, else its name in the
/// workspace (as the scenarios panel shows it).
pub(crate) fn scenario_name(view: &View) -> String {
    view.doc.name.clone().unwrap_or_else(|| view.name.clone())
}

/// A number with how it moved against the baseline, coloured by whether that is better.
fn delta(now: usize, before: usize, higher_is_better: bool) -> Markup {
    let change = now as i64 - before as i64;
    let better = (change > 0) == higher_is_better;
    html! {
        @if change != 0 {
            span class={ "delta " (if better { "better" } else { "worse" }) } {
                (format!("{change:+}"))
            }
        }
    }
}

fn render(workspace: &Workspace, view: &View, views: &ViewQuery) -> Markup {
    let query = views.q.as_str();
    let (notice, reloaded, load_error) = workspace.take_notices();
    let check = &view.check;
    let before = &view.baseline;
    let config = workspace.config();
    let plan = workspace.plan(view);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "orggap workspace — " (workspace.roster_file()) }
                link rel="stylesheet" href="/app.css";
                script src="/app.js" defer {}
            }
            body {
                header id="top" {
                    h1 { "orggap workspace" }
                    p class="muted" {
                        (head_count(view)) " in " code { (workspace.roster_file()) }
                        ", " (check.responsibilities.len()) " duties of " (check.roles.len()) " roles"
                        @if let Some(day) = &check.as_of { ", as of " (day) }
                    }
                    @if let Some(scenario) = &check.scenario {
                        p class="scenario" { "scenario: " strong { bdi { (scenario.name) } } " (" code { (scenario.file) } ")" }
                    }
                    nav class="toolbar" {
                        form method="post" action="/undo" { button type="submit" { "Undo" } }
                        form method="post" action="/save" {
                            button type="submit" disabled[view.file.is_none()]
                                title=(view.file.as_ref().map_or_else(|| "start with --scenario FILE or --scenarios DIR to save".to_owned(), |f| format!("save to {}", f.display())))
                                { "Save scenario" }
                        }
                        a class="button" href="/scenario.toml" { "Download scenario" }
                        a class="button" href="/report.html" { "Download report" }
                        form method="post" action="/edit" {
                            input type="hidden" name="action" value="clear";
                            button type="submit" class="quiet" { "Start over" }
                        }
                    }
                }
                @if reloaded { p class="notice" { "The roster file changed on disk and was read again." } }
                @if let Some(error) = &load_error {
                    p class="notice error" { "The roster file changed and cannot be read; the last good roster is shown. " br; code { (error) } }
                }
                @if let Some(notice) = &notice {
                    p class={ "notice" @if notice.error { " error" } } { (notice.text) }
                }
                @if let Some(problem) = &view.problem {
                    p class="notice error" { "The scenario no longer fits the roster and is not applied:" br; code { (problem) } }
                }
                @let caveats = check.caveats();
                @if !caveats.is_empty() || !check.warnings.is_empty() {
                    div class="caveats" role="note" {
                        @for line in &caveats { p { (line) "." } }
                        @if !check.warnings.is_empty() {
                            p { strong { "Warnings" } }
                            ul { @for w in &check.warnings { li { (w) } } }
                        }
                    }
                }
                main {
                    section id="summary" {
                        h2 { "Now" @if !view.scenario.is_empty() { " — with the scenario" } }
                        div class="cards" {
                            div class="card covered" { span class="big" { (check.summary.covered) } " covered " (delta(check.summary.covered, before.summary.covered, true)) }
                            div class="card at-risk" { span class="big" { (check.summary.at_risk) } " at risk " (delta(check.summary.at_risk, before.summary.at_risk, false)) }
                            div class="card gap" { span class="big" { (check.summary.gap) } " gaps " (delta(check.summary.gap, before.summary.gap, false)) }
                            @if check.summary.unassessed + before.summary.unassessed > 0 {
                                div class="card unassessed" { span class="big" { (check.summary.unassessed) } " unassessed " (delta(check.summary.unassessed, before.summary.unassessed, false)) }
                            }
                            div class="card" { span class="big" { (check.truck_factor.overall.size) } " truck factor " (delta(check.truck_factor.overall.size, before.truck_factor.overall.size, true)) }
                            div class="card" { span class="big" { (check.key_people.len()) } " key people " (delta(check.key_people.len(), before.key_people.len(), false)) }
                        }
                        (changed_duties(before, check))
                        @if check.responsibilities.iter().any(|r| r.unverified.is_some()) {
                            @let unverified: Vec<&str> = check.unverified().map(|r| r.title.as_str()).collect();
                            h3 { "Unverified (" (unverified.len()) ")" }
                            p class="muted" {
                                "Duties whose every qualified person's ratings are stale: "
                                @if unverified.is_empty() { "none" } @else { (unverified.join("; ")) }
                                "."
                            }
                        }
                        @if let Some(gaps) = &check.calibration {
                            h3 { "Calibration gaps (" (gaps.len()) ")" }
                            @if gaps.is_empty() {
                                p class="muted" { "No own and manager's ratings 2 or more apart." }
                            } @else {
                                table class="calibration" {
                                    thead { tr { th { "Person" } th { "Skill" } th { "Self" } th { "Manager" } } }
                                    tbody {
                                        @for g in gaps.iter().take(PEOPLE_SHOWN) {
                                            tr { td { bdi { (g.person) } } td { code { (g.skill) } } td { (g.own) } td { (g.manager) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    section id="scenarios" {
                        h2 { "Scenarios" }
                        (crate::set_view::panel(workspace, views))
                    }
                    section id="scenario" {
                        h2 { "The open scenario: " bdi { (view.name) } }
                        (scenario_panel(workspace, view))
                        (plan_panel(workspace, view, &plan))
                    }
                    section id="charts" {
                        h2 { "Charts" }
                        (charts(workspace, view))
                    }
                    section id="graph" {
                        h2 { "People and duties" }
                        div class="view-body" { @if views.view == "graph" {
                            (crate::graph_view::graph(view.catalogue(config), view, views))
                        } @else {
                            p { a href="/?view=graph#graph" data-view="graph" { "Show the graph" } span class="muted" { " — people linked to the duties they are qualified for or own, grouped by role; filter to a role, a team or one person." } }
                        } }
                    }
                    section id="org" {
                        h2 { "Org chart" }
                        div class="view-body" { @if views.view == "org" {
                            (crate::views::org_chart(view, view.baseline_roster.len()))
                        } @else {
                            p { a href="/?view=org#org" data-view="org" { "Show the org chart" } span class="muted" { " — reporting lines, top down, with key people, owners, leavers and hires marked." } }
                        } }
                    }
                    section id="matrix" {
                        h2 { "Skills matrix" }
                        div class="view-body" { @if views.view == "matrix" {
                            (crate::views::matrix(&config.catalogue, view, views))
                        } @else {
                            p { a href="/?view=matrix#matrix" data-view="matrix" { "Show the skills matrix" } span class="muted" { " — people × the skills the duties need, each level editable in place." } }
                        } }
                    }
                    section id="duties" {
                        h2 { "Duties by role" }
                        (duties(check))
                    }
                    section id="people" {
                        h2 { "People" }
                        (people(view, query))
                    }
                }
                footer class="muted" { "orggap — everything on this page stays on this computer." }
            }
        }
    }
}

/// The duties whose status the scenario changes, as the report shows them.
fn changed_duties(before: &CheckReport, now: &CheckReport) -> Markup {
    let changed = partials::changed_count(before, now);
    html! {
        @if changed == 0 {
            p class="muted" { "No duty has changed status against the baseline." }
        } @else {
            h3 { "Changed against the baseline (" (changed) ")" }
            (partials::changed_duties(before, now, "Baseline", "Now"))
        }
    }
}

fn scenario_panel(workspace: &Workspace, view: &View) -> Markup {
    let catalogue = &workspace.config().catalogue;
    let changes = describe_scenario(&view.scenario, &view.baseline_roster, catalogue);
    html! {
        @if changes.is_empty() {
            p class="muted" { "No change yet: mark someone as leaving, edit a person, hire, or apply a plan step." }
        } @else {
            ul class="changes" { @for line in &changes { li { bdi { (line) } } } }
        }
        @if !view.doc.leave.is_empty() {
            div class="inline" {
                @for who in &view.doc.leave {
                    form method="post" action="/edit" {
                        input type="hidden" name="action" value="stay";
                        input type="hidden" name="person" value=(who);
                        button type="submit" class="quiet" { "Keep " bdi { (who) } }
                    }
                }
            }
        }
        div class="forms" {
            form method="post" action="/edit" class="edit" {
                h3 { "Someone leaves" }
                input type="hidden" name="action" value="leave";
                label { "Person (id or name)" input name="person" required list="people-names"; }
                button type="submit" { "Mark as leaving" }
            }
            form method="post" action="/edit" class="edit" {
                h3 { "Edit a level" }
                input type="hidden" name="action" value="level";
                label { "Person" input name="person" required list="people-names"; }
                label { "Skill" select name="skill" { @for skill in catalogue.skills() { option value=(skill.id) { (skill.name) } } } }
                @let scale = catalogue.scale();
                @let preset = scale.top().get().saturating_sub(1);
                label { "Level" select name="level" { @for (l, name) in scale.names().iter().enumerate() { option value=(l) selected[l == usize::from(preset)] { (l) " " (name) } } } }
                button type="submit" { "Set level" }
            }
            form method="post" action="/edit" class="edit" {
                h3 { "Move, retitle or change capacity" }
                label { "Person" input name="person" required list="people-names"; }
                label { "Team" input name="team"; }
                button type="submit" name="action" value="team" { "Move to team" }
                label { "Title" input name="title"; }
                button type="submit" name="action" value="title" { "Set title" }
                label { "Capacity" input name="capacity" type="number" min="0" max="1000"; }
                button type="submit" name="action" value="capacity" { "Set capacity" }
            }
            form method="post" action="/edit" class="edit" {
                h3 { "Hire" }
                input type="hidden" name="action" value="hire";
                label { "Name" input name="name" required; }
                label { "Title" input name="title"; }
                label { "Team" input name="team"; }
                @if view.roster.has_managers() {
                    label { "Reports to" input name="manager" list="people-names"; }
                }
                label { "Levels (skill = level, …)" textarea name="levels" rows="2" placeholder="marketing = 5, marketing-strategy = 4" {} }
                button type="submit" { "Add the hire" }
            }
            form method="post" action="/edit" class="edit" {
                h3 { "Change an owner" }
                input type="hidden" name="action" value="owner";
                label { "Duty" select name="duty" { @for r in catalogue.responsibility_indices() { option value=(catalogue.responsibility(r).id) { (catalogue.duty_label(r)) } } } }
                label { "New owner" input name="person" required list="people-names"; }
                button type="submit" { "Make owner" }
            }
            form method="post" action="/edit" class="edit" {
                h3 { "What if a duty asked for…" }
                input type="hidden" name="action" value="requirement";
                label { "Duty" select name="duty" { @for r in catalogue.responsibility_indices() { option value=(catalogue.responsibility(r).id) { (catalogue.duty_label(r)) } } } }
                label { "Requires (skill = level, …; empty: as now)" textarea name="requires" rows="2" placeholder="product-strategy = 3, business-acumen = 3" {} }
                label { "Qualified people needed (empty: as now)" input name="min_owners" inputmode="numeric" size="4"; }
                button type="submit" { "Try it" }
            }
        }
        (crate::pickers::people_list(&view.roster))
    }
}

fn plan_panel(workspace: &Workspace, view: &View, plan: &Plan) -> Markup {
    let catalogue = &workspace.config().catalogue;
    let titles = |duties: &[orggap_model::RespIdx]| -> String {
        duties
            .iter()
            .map(|&r| catalogue.responsibility(r).title.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let skill = |s: orggap_model::SkillIdx| catalogue.skill(s).name.as_str();
    html! {
        h3 { "The plan from here" }
        @if plan.upskill.is_empty() && plan.hires.is_empty() {
            p class="muted" { "Nothing to close: no gap and no duty at risk." }
        } @else {
            p class="muted" {
                (plan.total_steps()) " level steps, "
                @if plan.hires.is_empty() { "no one to hire: " } @else {
                    (count_thousands(plan.hire_count() as usize, "person", "people")) " to hire ("
                    (count_thousands(plan.hires.len(), "profile", "profiles")) "; "
                    (count_thousands(plan.must_hire_count() as usize, "must-hire", "must-hires")) ", "
                    (plan.hire_count() - plan.must_hire_count()) " for the bench): "
                }
                @if plan.optimal { "proved the cheapest plan." }
                @else { "the best plan found, not proved the cheapest." }
            }
            table class="plan" {
                tbody {
                    @for (i, u) in plan.upskill.iter().enumerate().take(PLAN_SHOWN) {
                        tr {
                            td { "Train " bdi { (view.roster.label(u.person)) } ": "
                                (u.steps.iter().map(|&(s, from, to)| format!("{} {from}→{to}", skill(s))).collect::<Vec<_>>().join(", "))
                                @if view.roster.has_interest() {
                                    br; span class="muted" { "interest: "
                                        (u.steps.iter().map(|&(s, _, _)| format!("{} {}", skill(s), view.roster.interest(u.person, s).map_or("not said", orggap_model::Interest::word))).collect::<Vec<_>>().join(", ")) }
                                }
                            }
                            td class="muted" { "closes " (titles(&u.closes)) }
                            td { (apply_button(i)) }
                        }
                    }
                    @for (j, h) in plan.hires.iter().enumerate().take(PLAN_SHOWN) {
                        tr {
                            td { "Hire for " (catalogue.role(h.role).name) @if h.count > 1 { " (" (h.count) " people)" }
                                @match (h.must, h.count) { (0, _) => { " (bench)" } (m, c) if m == c => {} (m, c) => { " (" (m) " must, " (c - m) " bench)" } }
                                ": " (h.requires.iter().map(|&(s, l)| format!("{} {l}", skill(s))).collect::<Vec<_>>().join(", ")) }
                            td class="muted" { "closes " (titles(&h.closes)) }
                            td { (apply_button(plan.upskill.len() + j)) }
                        }
                    }
                }
            }
        }
    }
}

fn apply_button(step: usize) -> Markup {
    html! {
        form method="post" action="/edit" {
            input type="hidden" name="action" value="plan";
            input type="hidden" name="step" value=(step);
            button type="submit" { "Apply" }
        }
    }
}

fn charts(workspace: &Workspace, view: &View) -> Markup {
    let config = workspace.config();
    // Under the catalogue the scenario's what-ifs make, as the numbers are.
    let catalogue = view.catalogue(config);
    let leaving = departures(catalogue, &view.roster, &view.analysis);
    let inputs = ChartInputs::new(
        catalogue,
        &view.roster,
        &view.analysis,
        &view.check,
        &leaving,
    );
    let against = match view.scenario.is_empty() {
        true => None,
        false => render_against_chart(&AgainstInputs::new(
            &view.baseline,
            &view.check,
            &scenario_name(view),
        ))
        .ok(),
    };
    let charts = render_charts(&inputs).unwrap_or_default();
    let shown = charts
        .iter()
        .filter(|c| matches!(c.name, "coverage" | "key-people" | "responsibilities"));
    html! { div class="charts" { @for chart in against.iter().chain(shown) { (partials::figure(chart)) } } }
}

/// Each role's duties, folding, in the report's duty table.
fn duties(check: &CheckReport) -> Markup {
    html! {
        @for role in &check.roles {
            details open {
                summary {
                    strong { (role.name) } " (" code { (role.id) } ") — "
                    (role.covered) " covered · " (role.at_risk) " at risk · " (role.gap) " gaps"
                }
                (partials::duty_table(check.responsibilities_of(&role.id)))
            }
        }
    }
}

/// The people the page counts, the same in the header and above the people table: those
/// on the roster, then the scenario's hires and leavers apart (`19 people, 2 hires, 1
/// leaving`).
fn head_count(view: &View) -> String {
    let on_roster = view.baseline_roster.len();
    let hires = view.roster.len() - on_roster;
    let mut out = orggap_report::count_thousands(on_roster, "person", "people");
    if hires > 0 {
        out.push_str(&format!(
            ", {}",
            orggap_report::count_thousands(hires, "hire", "hires")
        ));
    }
    if !view.without.is_empty() {
        out.push_str(&format!(", {} leaving", view.without.len()));
    }
    out
}

fn people(view: &View, query: &str) -> Markup {
    let roster = &view.roster;
    let wanted = query.trim().to_lowercase();
    let key: std::collections::HashSet<PersonIdx> =
        view.analysis.key_people.iter().map(|k| k.person).collect();
    let leaving: std::collections::HashSet<PersonIdx> = view.without.iter().copied().collect();
    let shown: Vec<PersonIdx> = roster
        .people()
        .filter(|&p| crate::pickers::matches(roster, p, &wanted))
        .take(PEOPLE_SHOWN)
        .collect();
    html! {
        form method="get" action="/#people" class="search" {
            label { "Search people " input type="search" name="q" value=(query) id="people-search"; }
            button type="submit" { "Search" }
        }
        p class="muted" { "Showing " (shown.len()) " of " (head_count(view)) @if !wanted.is_empty() { " matching the search" } "." }
        table class="people" id="people-table" {
            thead { tr { th { "Name" } th { "Title" } th { "Team" } th { "Role fit" } th {} } }
            tbody {
                @for &p in &shown {
                    tr class=[leaving.contains(&p).then_some("gone")] {
                        td {
                            bdi { (roster.label(p)) }
                            @if key.contains(&p) { " " span class="badge key" title="the only person qualified for some duty" { "key person" } }
                            @if leaving.contains(&p) { " " span class="badge gone" { "leaving" } }
                        }
                        td { bdi { (roster.title(p)) } }
                        td { bdi { (roster.team(p)) } }
                        td { (role_fit(view, p)) }
                        td {
                            @if !leaving.contains(&p) {
                                form method="post" action="/edit" {
                                    input type="hidden" name="action" value="leave";
                                    input type="hidden" name="person" value=(roster.reference(p).to_owned());
                                    button type="submit" class="quiet" { "Leaves" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The person's best role: the role of which they are qualified for the largest share of
/// duties, as `role done/all`.
fn role_fit(view: &View, p: PersonIdx) -> String {
    let roles = &view.check.roles;
    let mut per_role = vec![0usize; roles.len()];
    for r in view.analysis.qualified.duties(p) {
        let role = &view.check.responsibilities[r.index()].role;
        if let Some(i) = roles.iter().position(|x| x.id == *role) {
            per_role[i] += 1;
        }
    }
    roles
        .iter()
        .zip(&per_role)
        .enumerate()
        .filter(|(_, (_, n))| **n > 0)
        .max_by_key(|(i, (role, n))| {
            (
                **n * 1000 / role.responsibilities.max(1),
                std::cmp::Reverse(*i),
            )
        })
        .map_or_else(String::new, |(_, (role, n))| {
            format!("{} {n}/{}", role.id, role.responsibilities)
        })
}
