//! The JSON API: the check report of the current state, the scenario (read and replaced),
//! and the baseline compared with the scenario.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orggap_analysis::assign;
use orggap_model::ScenarioDoc;
use orggap_report::{AssignReport, CompareColumn, CompareReport, PlanReport};
use serde::Deserialize;
use serde_json::Value;

use crate::App;
use crate::error::Refused;
use crate::state::{SCENARIO_ORIGIN, View};

/// JSON text as a response.
pub(crate) fn json(text: String) -> Response {
    ([(CONTENT_TYPE, "application/json")], text).into_response()
}

/// `GET /api/check`: the `orggap.check.v1` report of the current state.
pub(crate) async fn check(State(app): State<App>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || json(workspace.view().check.to_json())).await
}

/// `GET /api/scenario`: the scenario as JSON, with the file's keys.
pub(crate) async fn get_scenario(State(app): State<App>) -> Response {
    let doc = app.workspace.doc();
    json(orggap_report::to_json(&doc).unwrap_or_default())
}

/// `PUT /api/scenario`: replaces the scenario and answers with the new check report; a
/// bad scenario is 422 with the messages the command line gives, and nothing changes. A
/// request that accepts JSON gets them as `{"errors": [{"line", "entry", "message"}]}`.
pub(crate) async fn put_scenario(
    State(app): State<App>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Response {
    let wants_json = accepts_json(&headers);
    let body = match body {
        Ok(Json(body)) => body,
        Err(rejection) => {
            let problem = Problem {
                line: None,
                entry: String::new(),
                message: rejection.body_text(),
            };
            return unprocessable(rejection.status(), wants_json, &[problem]);
        }
    };
    let workspace = app.workspace.clone();
    blocking(move || {
        let (roster, generation) = workspace.roster_reading();
        let catalogue = &workspace.config().catalogue;
        match ScenarioDoc::from_json(&body, SCENARIO_ORIGIN, &roster, catalogue) {
            Ok((doc, scenario)) => workspace.set_resolved(doc, scenario, generation),
            Err(e) if wants_json => {
                let problems: Vec<Problem> = e
                    .problems
                    .into_iter()
                    .map(|p| Problem {
                        line: p.line,
                        entry: p.entry,
                        message: p.message,
                    })
                    .collect();
                return unprocessable(StatusCode::UNPROCESSABLE_ENTITY, true, &problems);
            }
            Err(e) => return (StatusCode::UNPROCESSABLE_ENTITY, format!("{e}\n")).into_response(),
        }
        json(workspace.view().check.to_json())
    })
    .await
}

/// `GET /api/scenarios`: every scenario of the workspace, by name, and which is open.
pub(crate) async fn list_scenarios(State(app): State<App>) -> Response {
    let scenarios = app.workspace.scenarios();
    let open = scenarios.iter().find(|s| s.open).map(|s| s.name.clone());
    let body = serde_json::json!({ "open": open, "scenarios": scenarios });
    json(format!("{body:#}\n"))
}

/// `POST /api/scenarios`'s body: a new scenario's name, and either the scenario it copies
/// (`from`) or its contents (`scenario`, as `PUT /api/scenario` takes them); neither: empty.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewScenario {
    name: String,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    scenario: Option<Value>,
}

/// `POST /api/scenarios`: creates a scenario (201, with its entry of the list); a name taken
/// is 409, a bad name or scenario 422 (a body that is not such JSON: axum's rejection).
pub(crate) async fn create_scenario(
    State(app): State<App>,
    Json(body): Json<NewScenario>,
) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let doc = match (&body.from, body.scenario) {
            (Some(_), Some(_)) => {
                return Refused::Unprocessable("give 'from' or 'scenario', not both".into())
                    .into_response();
            }
            (Some(from), None) => match workspace.scenario(from) {
                Some(slot) => slot.doc,
                None => return Refused::NotFound(format!("no scenario '{from}'")).into_response(),
            },
            (None, Some(value)) => match resolved_json(&workspace, &value) {
                Ok(doc) => doc,
                Err(message) => return Refused::Unprocessable(message).into_response(),
            },
            (None, None) => ScenarioDoc::default(),
        };
        if let Err(refused) = workspace.create_scenario(&body.name, doc) {
            return refused.into_response();
        }
        let listed = workspace
            .scenarios()
            .into_iter()
            .find(|s| s.name == body.name);
        let mut response = json(orggap_report::to_json(&listed).unwrap_or_default());
        *response.status_mut() = StatusCode::CREATED;
        response
    })
    .await
}

/// `GET /api/scenarios/{name}`: that scenario as JSON, with the file's keys.
pub(crate) async fn get_named(State(app): State<App>, Path(name): Path<String>) -> Response {
    match app.workspace.scenario(&name) {
        Some(slot) => json(orggap_report::to_json(&slot.doc).unwrap_or_default()),
        None => Refused::NotFound(format!("no scenario '{name}'")).into_response(),
    }
}

/// `PUT /api/scenarios/{name}`: replaces that scenario (or creates it, 201) and answers with
/// its check report; in a folder workspace its file is written at once.
pub(crate) async fn put_named(
    State(app): State<App>,
    Path(name): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let doc = match resolved_json(&workspace, &body) {
            Ok(doc) => doc,
            Err(message) => return Refused::Unprocessable(message).into_response(),
        };
        let created = workspace.scenario(&name).is_none();
        let done = match created {
            true => workspace.create_scenario(&name, doc),
            false => workspace.replace_scenario(&name, doc),
        };
        if let Err(refused) = done {
            return refused.into_response();
        }
        let view = match workspace.views_of(&name) {
            Ok(mut views) if !views.is_empty() => views.remove(0),
            _ => return Refused::NotFound(format!("no scenario '{name}'")).into_response(),
        };
        let mut response = json(view.check.to_json());
        if created {
            *response.status_mut() = StatusCode::CREATED;
        }
        response
    })
    .await
}

/// `DELETE /api/scenarios/{name}`: deletes that scenario (and its file in a folder
/// workspace); 204.
pub(crate) async fn delete_named(State(app): State<App>, Path(name): Path<String>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || match workspace.delete_scenario(&name) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(refused) => refused.into_response(),
    })
    .await
}

/// A scenario sent as JSON, checked against the roster as it is now; the error is every
/// problem, one a line.
fn resolved_json(workspace: &crate::Workspace, value: &Value) -> Result<ScenarioDoc, String> {
    let (roster, _) = workspace.roster_reading();
    let catalogue = &workspace.config().catalogue;
    ScenarioDoc::from_json(value, SCENARIO_ORIGIN, &roster, catalogue)
        .map(|(doc, _)| doc)
        .map_err(|e| e.to_string())
}

/// One thing wrong in a request, as the JSON error body lists it.
#[derive(Debug, serde::Serialize)]
struct Problem {
    /// The line of the scenario's entry, when known.
    line: Option<usize>,
    /// The entry, e.g. `leave`; empty when the request as a whole is wrong.
    entry: String,
    /// What is wrong.
    message: String,
}

/// Whether the request's `Accept` header names JSON.
fn accepts_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/json"))
}

/// An error answer: `{"errors": […]}` when JSON is wanted, else the messages as text.
fn unprocessable(status: StatusCode, wants_json: bool, problems: &[Problem]) -> Response {
    match wants_json {
        true => {
            let body = serde_json::json!({ "errors": problems });
            let mut response = json(format!("{body:#}\n"));
            *response.status_mut() = status;
            response
        }
        false => {
            let lines: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
            (status, format!("{}\n", lines.join("\n"))).into_response()
        }
    }
}

/// `GET /api/compare`: the baseline and the open scenario side by side
/// (`orggap.compare.v1`); with `?scenarios=a,b`, the baseline and those scenarios.
pub(crate) async fn compare(State(app): State<App>, Query(query): Query<CompareQuery>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let views = match query.scenarios.as_deref() {
            None => vec![workspace.view()],
            Some(names) => match workspace.views_of(names) {
                Ok(views) => views,
                Err(refused) => return refused.into_response(),
            },
        };
        json(compare_report(&workspace, &views).to_json())
    })
    .await
}

/// `/api/compare`'s query.
#[derive(Debug, Deserialize)]
pub(crate) struct CompareQuery {
    /// Scenario names, separated by commas.
    scenarios: Option<String>,
}

/// The baseline and each of `views` as columns.
pub(crate) fn compare_report(workspace: &crate::Workspace, views: &[View]) -> CompareReport {
    let config = workspace.config();
    let column = |name: &str,
                  file: Option<&str>,
                  catalogue,
                  check: &orggap_report::CheckReport,
                  roster,
                  analysis| {
        let assignment = assign(catalogue, roster, analysis, config.capacity);
        let assigned = AssignReport::new(catalogue, roster, &assignment);
        let planned = crate::state::plan_of(config, catalogue, roster, analysis);
        let planned = PlanReport::new(catalogue, roster, &planned);
        CompareColumn::new(name, file, check, &assigned, &planned)
    };
    let base_analysis = workspace.baseline_analysis();
    let (base_check, base_roster) = workspace.baseline();
    let mut columns = vec![column(
        "baseline",
        None,
        &config.catalogue,
        &base_check,
        &base_roster,
        &base_analysis,
    )];
    for view in views {
        let file = view.file.as_ref().map(|f| f.display().to_string());
        columns.push(column(
            &view.name,
            file.as_deref(),
            view.catalogue(config),
            &view.check,
            &view.roster,
            &view.analysis,
        ));
    }
    CompareReport::new(columns)
}

/// Runs analysis work off the async threads.
pub(crate) async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        (StatusCode::INTERNAL_SERVER_ERROR, "the analysis failed\n").into_response()
    })
}
