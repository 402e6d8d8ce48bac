//! The page: rendered on the server (maud escapes every value), made of plain forms that
//! post an edit and come back to the page, so that it works without a script; `app.js`
//! only keeps the scroll position and filters the people list as one types.

use std::fmt::Write as _;
use std::path::Path;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use orggap_analysis::{Plan, Status, assign, departures};
use orggap_model::{Entry, PersonIdx};
use orggap_report::charts::{AgainstInputs, ChartInputs, render_against_chart, render_charts};
use orggap_report::{
    AssignReport, BaselineSection, CheckReport, FullReport, ImpactReport, PlanReport,
    describe_scenario, palette, render_html,
};
use serde::Deserialize;

use crate::views::ViewQuery;

use crate::App;
use crate::api::blocking;
use crate::state::{Edit, View, Workspace};

/// People listed on the page at most (search to find others).
const PEOPLE_SHOWN: usize = 200;
/// Plan steps offered at most.
const PLAN_SHOWN: usize = 12;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");

/// `GET /app.css`: the palette's colours, then the sheet.
pub(crate) async fn css() -> Response {
    let sheet = format!("{}{CSS}", palette_css());
    ([(CONTENT_TYPE, "text/css; charset=utf-8")], sheet).into_response()
}

/// `GET /app.js`.
pub(crate) async fn js() -> Response {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response()
}

/// `GET /`: the page (`?q=` searches the people; see [`ViewQuery`] for the views).
pub(crate) async fn index(State(app): State<App>, Query(query): Query<ViewQuery>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let view = workspace.view();
        let html = render(&workspace, &view, &query);
        (
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            orggap_report::controls_shown(html.into_string()),
        )
            .into_response()
    })
    .await
}

/// A form on the page: which edit, and its fields.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct EditForm {
    action: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    skill: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    capacity: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    levels: String,
    #[serde(default)]
    duty: String,
    #[serde(default)]
    step: String,
    /// Where to go back to afterwards: a path on this page (`/?view=matrix…#matrix`).
    #[serde(default)]
    back: String,
}

/// `POST /edit`: one change to the scenario, then back to the page.
pub(crate) async fn edit(State(app): State<App>, Form(form): Form<EditForm>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let edited = to_edits(&workspace, &form).and_then(|edits| {
            let mut doc = workspace.doc();
            for edit in edits {
                doc = workspace.edited(doc, edit)?;
            }
            workspace.set_scenario(doc)
        });
        match edited {
            Ok(()) => {}
            Err(e) => workspace.notify(e, true),
        }
        // Only back to this page, never elsewhere (`//host` or `http:` are not paths here).
        let here = form.back.starts_with("/?")
            && form
                .back
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'\\');
        match here {
            true => (StatusCode::SEE_OTHER, [(LOCATION, form.back.clone())]).into_response(),
            false => back("#scenario"),
        }
    })
    .await
}

fn to_edits(workspace: &Workspace, form: &EditForm) -> Result<Vec<Edit>, String> {
    let level = || -> Result<u8, String> {
        form.level
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|&l| l <= 5)
            .ok_or_else(|| format!("level '{}' is not 0..5", form.level.trim()))
    };
    Ok(vec![match form.action.as_str() {
        "leave" => Edit::Leave(form.person.clone()),
        "stay" => Edit::Stay(form.person.clone()),
        "level" => Edit::Level {
            person: form.person.clone(),
            skill: form.skill.clone(),
            level: level()?,
        },
        "team" => Edit::Team {
            person: form.person.clone(),
            team: form.team.trim().to_owned(),
        },
        "capacity" => Edit::Capacity {
            person: form.person.clone(),
            capacity: form.capacity.trim().parse().map_err(|_| {
                format!("capacity '{}' is not a whole number", form.capacity.trim())
            })?,
        },
        "hire" => Edit::Hire {
            name: form.name.trim().to_owned(),
            title: form.title.clone(),
            team: form.team.clone(),
            levels: parse_levels(&form.levels)?,
        },
        "owner" => Edit::Owner {
            duty: form.duty.trim().to_owned(),
            person: form.person.clone(),
        },
        "plan" => return plan_step(workspace, &form.step),
        "clear" => Edit::Clear,
        other => return Err(format!("unknown edit '{other}'")),
    }])
}

/// `skill = level` pairs separated by commas or new lines.
fn parse_levels(text: &str) -> Result<Vec<(String, u8)>, String> {
    text.split([',', '\n', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|pair| {
            let (skill, level) = pair
                .split_once(['=', ':'])
                .ok_or_else(|| format!("'{pair}': write skill = level"))?;
            let level = level
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|&l| l <= orggap_model::Level::MAX)
                .ok_or_else(|| format!("'{pair}': the level is not a number 0..9"))?;
            Ok((skill.trim().to_owned(), level))
        })
        .collect()
}

/// The `step`th step of the current plan as edits: a training (a level edit per skill it
/// plans), or a hire of the profile.
fn plan_step(workspace: &Workspace, step: &str) -> Result<Vec<Edit>, String> {
    let view = workspace.view();
    let plan = workspace.plan(&view);
    let i: usize = step
        .trim()
        .parse()
        .map_err(|_| "no such plan step".to_owned())?;
    let catalogue = &workspace.config().catalogue;
    if let Some(upskill) = plan.upskill.get(i) {
        let person = &view.roster.reference(upskill.person).to_owned();
        return Ok(upskill
            .steps
            .iter()
            .map(|&(skill, _, to)| Edit::Level {
                person: person.clone(),
                skill: catalogue.skill(skill).id.clone(),
                level: to,
            })
            .collect());
    }
    let hire = i
        .checked_sub(plan.upskill.len())
        .and_then(|j| plan.hires.get(j))
        .ok_or_else(|| "no such plan step".to_owned())?;
    let role = catalogue.role(hire.role);
    let doc = workspace.doc();
    let taken = |name: &str| {
        view.roster.find_person(name).is_some() || doc.hire.iter().any(|h| h.name == name)
    };
    let name = (1..)
        .map(|n| format!("{} hire {n}", role.id))
        .find(|name| !taken(name))
        .unwrap_or_default();
    Ok(vec![Edit::Hire {
        name,
        title: role.name.clone(),
        team: String::new(),
        levels: hire
            .requires
            .iter()
            .map(|&(s, level)| (catalogue.skill(s).id.clone(), level))
            .collect(),
    }])
}

/// `POST /undo`.
pub(crate) async fn undo(State(app): State<App>) -> Response {
    if !app.workspace.undo() {
        app.workspace.notify("nothing to undo".into(), false);
    }
    back("#scenario")
}

/// `POST /save`: writes the scenario to its file, whole or not at all.
pub(crate) async fn save(State(app): State<App>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        match &workspace.config().scenario_file {
            None => workspace.notify(
                "no scenario file: start with --scenario FILE to save, or download the scenario"
                    .into(),
                true,
            ),
            Some(path) => match write_whole(path, scenario_toml(&workspace).as_bytes()) {
                Ok(()) => workspace.notify(format!("saved to {}", path.display()), false),
                Err(e) => workspace.notify(format!("{}: cannot save: {e}", path.display()), true),
            },
        }
        back("#top")
    })
    .await
}

/// Writes `bytes` to a new temporary file beside `path` (an unpredictable name, created
/// exclusively and without following links, so nothing planted there is written through and
/// two saves never share one), then renames it into place. A file already there keeps its
/// permissions (a private scenario stays private); a new one gets `0666` less the umask. A
/// link at `path` is written through to its file and kept; what is not a regular file is
/// refused.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let path = &match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_owned(),
    };
    let existing = match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            return Err(std::io::Error::other(
                "not a regular file; choose another file",
            ));
        }
        Ok(m) => Some(m.permissions()),
        Err(_) => None,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "scenario".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".orggap");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    if let Some(permissions) = existing {
        file.as_file().set_permissions(permissions)?;
    }
    file.as_file().sync_all()?;
    file.persist(path).map(drop).map_err(|e| e.error)
}

/// The scenario as TOML.
fn scenario_toml(workspace: &Workspace) -> String {
    let doc = workspace.doc();
    let mut out = String::from("# A scenario made in the orggap workspace.\n");
    out.push_str(&doc.to_toml(|_: Entry| None));
    out
}

/// `GET /scenario.toml`: the scenario, as a download.
pub(crate) async fn download_scenario(State(app): State<App>) -> Response {
    (
        [
            (CONTENT_TYPE, "application/toml; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"scenario.toml\"",
            ),
        ],
        scenario_toml(&app.workspace),
    )
        .into_response()
}

/// `GET /report.html`: the report of the current state, as `orggap report` writes it.
pub(crate) async fn download_report(State(app): State<App>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || match report_html(&workspace) {
        Ok(html) => (
            [
                (CONTENT_TYPE, "text/html; charset=utf-8"),
                (CONTENT_DISPOSITION, "attachment; filename=\"report.html\""),
            ],
            html,
        )
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
    })
    .await
}

fn report_html(workspace: &Workspace) -> Result<String, String> {
    let view = workspace.view();
    let config = workspace.config();
    let (catalogue, roster) = (view.catalogue(config), &view.roster);
    let leaving = departures(catalogue, roster, &view.analysis);
    let charts = render_charts(&ChartInputs::new(
        catalogue,
        roster,
        &view.analysis,
        &view.check,
        &leaving,
    ))
    .map_err(|e| e.to_string())?;
    let assignment = assign(catalogue, roster, &view.analysis, config.capacity);
    let assigned = AssignReport::new(catalogue, roster, &assignment);
    let impact = ImpactReport::new(catalogue, roster, &view.analysis, &leaving);
    let plan = PlanReport::new(catalogue, roster, &workspace.plan(&view));
    let changes = describe_scenario(&view.scenario, &view.baseline_roster, &config.catalogue);
    let against = match view.scenario.is_empty() {
        true => None,
        false => Some(
            render_against_chart(&AgainstInputs::new(
                &view.baseline,
                &view.check,
                &scenario_name(&view),
            ))
            .map_err(|e| e.to_string())?,
        ),
    };
    let origin = workspace.roster_file();
    let full = FullReport {
        origin: &origin,
        check: &view.check,
        charts: &charts,
        assign: &assigned,
        impact: &impact,
        plan: &plan,
        catalogue,
        org: None,
        baseline: against.as_ref().map(|chart| BaselineSection {
            changes: &changes,
            before: &view.baseline,
            chart,
        }),
    };
    Ok(render_html(&full))
}

/// Back to the page (after a form), at `anchor`.
fn back(anchor: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, format!("/{anchor}"))]).into_response()
}

fn scenario_name(view: &View) -> String {
    view.doc.name.clone().unwrap_or_else(|| "workspace".into())
}

/// The status word shown for a status string of the check report.
fn status_badge(status: Status) -> Markup {
    html! { span class={ "badge " (status.as_str()) } { (status.label()) } }
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
                            button type="submit" disabled[config.scenario_file.is_none()]
                                title=(config.scenario_file.as_ref().map_or_else(|| "start with --scenario FILE to save".to_owned(), |f| format!("save to {}", f.display())))
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
                    section id="scenario" {
                        h2 { "Scenario" }
                        (scenario_panel(workspace, view))
                        (plan_panel(workspace, view, &plan))
                    }
                    section id="charts" {
                        h2 { "Charts" }
                        (charts(workspace, view))
                    }
                    section id="org" {
                        h2 { "Org chart" }
                        @if views.view == "org" {
                            (crate::views::org_chart(view, view.baseline_roster.len()))
                        } @else {
                            p { a href="/?view=org#org" { "Show the org chart" } span class="muted" { " — reporting lines, top down, with key people, owners, leavers and hires marked." } }
                        }
                    }
                    section id="matrix" {
                        h2 { "Skills matrix" }
                        @if views.view == "matrix" {
                            (crate::views::matrix(&config.catalogue, view, views))
                        } @else {
                            p { a href="/?view=matrix#matrix" { "Show the skills matrix" } span class="muted" { " — people × the skills the duties need, each level editable in place." } }
                        }
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

fn changed_duties(before: &CheckReport, now: &CheckReport) -> Markup {
    let changed: Vec<_> = before
        .responsibilities
        .iter()
        .zip(&now.responsibilities)
        .filter(|(b, a)| b.status != a.status)
        .collect();
    html! {
        @if changed.is_empty() {
            p class="muted" { "No duty has changed status against the baseline." }
        } @else {
            h3 { "Changed against the baseline (" (changed.len()) ")" }
            table class="changed" {
                thead { tr { th { "Duty" } th { "Baseline" } th { "Now" } } }
                tbody {
                    @for (b, a) in changed.iter().take(PEOPLE_SHOWN) {
                        tr { td title=(b.id) { (b.title) } td { (status_badge(b.status)) } td { (status_badge(a.status)) } }
                    }
                }
            }
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
                h3 { "Move or change capacity" }
                label { "Person" input name="person" required list="people-names"; }
                label { "Team" input name="team"; }
                button type="submit" name="action" value="team" { "Move to team" }
                label { "Capacity" input name="capacity" type="number" min="0" max="1000"; }
                button type="submit" name="action" value="capacity" { "Set capacity" }
            }
            form method="post" action="/edit" class="edit" {
                h3 { "Hire" }
                input type="hidden" name="action" value="hire";
                label { "Name" input name="name" required; }
                label { "Title" input name="title"; }
                label { "Team" input name="team"; }
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
        }
        datalist id="people-names" {
            @for p in view.roster.people().take(PEOPLE_SHOWN) { option value=(&view.roster.reference(p).to_owned()) { (view.roster.label(p)) } }
        }
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
                    (plan.hire_count()) " people to hire ("
                    (plan.hires.len()) " profiles; " (plan.must_hire_count()) " must-hires, "
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
    let leaving = departures(&config.catalogue, &view.roster, &view.analysis);
    let inputs = ChartInputs::new(
        &config.catalogue,
        &view.roster,
        &view.analysis,
        &view.check,
        &leaving,
    );
    let mut svgs = String::new();
    if !view.scenario.is_empty()
        && let Ok(chart) = render_against_chart(&AgainstInputs::new(
            &view.baseline,
            &view.check,
            &scenario_name(view),
        ))
    {
        let _ = writeln!(svgs, "<figure>{}</figure>", chart.svg.trim());
    }
    if let Ok(charts) = render_charts(&inputs) {
        for chart in charts
            .iter()
            .filter(|c| matches!(c.name, "coverage" | "key-people" | "responsibilities"))
        {
            let _ = writeln!(svgs, "<figure>{}</figure>", chart.svg.trim());
        }
    }
    // The charts' SVG is drawn by orggap-report, which escapes every name it draws.
    html! { div class="charts" { (PreEscaped(svgs)) } }
}

fn duties(check: &CheckReport) -> Markup {
    html! {
        @for role in &check.roles {
            details open {
                summary {
                    strong { (role.name) } " (" code { (role.id) } ") — "
                    (role.covered) " covered · " (role.at_risk) " at risk · " (role.gap) " gaps"
                }
                table class="duties" {
                    thead { tr { th { "Duty" } th { "Status" } th { "Qualified" } th { "Owners" } th { "Nearest" } } }
                    tbody {
                        @for r in check.responsibilities.iter().filter(|r| r.role == role.id) {
                            tr {
                                td title=(r.id) { (r.title) }
                                td { (status_badge(r.status)) }
                                td { (r.qualified_count) " of " (r.min_owners) @if !r.qualified.is_empty() { ": " (names(&r.qualified)) } }
                                td { (names(&r.owners)) }
                                td { @for (i, n) in r.near().enumerate() { @if i > 0 { ", " } bdi { (n.person) } " (" (n.shortfall) " short)" } @if r.out_of_reach() { span class="muted" { (orggap_report::OUT_OF_REACH) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// People's names, each isolated (`<bdi>`) so that one name's direction cannot reorder the
/// list around it.
fn names(people: &[orggap_report::Person]) -> Markup {
    html! { @for (i, p) in people.iter().enumerate() { @if i > 0 { ", " } bdi { (p) } } }
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
    let matches = |p: PersonIdx| {
        wanted.is_empty()
            || roster.name(p).to_lowercase().contains(&wanted)
            || roster.team(p).to_lowercase().contains(&wanted)
            || roster.title(p).to_lowercase().contains(&wanted)
            || roster
                .id(p)
                .is_some_and(|id| id.to_lowercase().contains(&wanted))
    };
    let shown: Vec<PersonIdx> = roster
        .people()
        .filter(|&p| matches(p))
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

/// The palette's colours as CSS variables, so that the page and the charts agree.
pub(crate) fn palette_css() -> String {
    format!(
        ":root {{ --covered: {}; --at-risk: {}; --gap: {}; --accepted: {}; }}\n",
        palette::COVERED,
        palette::AT_RISK,
        palette::GAP,
        palette::ACCEPTED
    )
}
