//! The JSON API: the check report of the current state, the scenario (read and replaced),
//! and the baseline compared with the scenario.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orggap_analysis::assign;
use orggap_model::ScenarioDoc;
use orggap_report::{AssignReport, CompareColumn, CompareReport, PlanReport};
use serde_json::Value;

use crate::App;
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

/// `GET /api/compare`: the baseline and the current scenario side by side
/// (`orggap.compare.v1`).
pub(crate) async fn compare(State(app): State<App>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let view = workspace.view();
        json(compare_report(&workspace, &view).to_json())
    })
    .await
}

/// The baseline and `view` as two columns.
pub(crate) fn compare_report(workspace: &crate::Workspace, view: &View) -> CompareReport {
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
    let baseline = column(
        "baseline",
        None,
        &config.catalogue,
        &view.baseline,
        &view.baseline_roster,
        &base_analysis,
    );
    let name = view
        .check
        .scenario
        .as_ref()
        .map_or_else(|| "scenario".to_owned(), |s| s.name.clone());
    let file = config
        .scenario_file
        .as_ref()
        .map(|f| f.display().to_string());
    let current = column(
        &name,
        file.as_deref(),
        view.catalogue(config),
        &view.check,
        &view.roster,
        &view.analysis,
    );
    CompareReport::new(vec![baseline, current])
}

/// Runs analysis work off the async threads.
pub(crate) async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        (StatusCode::INTERNAL_SERVER_ERROR, "the analysis failed\n").into_response()
    })
}
