//! What the page saves and gives to download: the scenario written to its file (whole or
//! not at all), the scenario as TOML, the report of the current state.

use std::path::Path;

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use orggap_model::Entry;
use orggap_report::charts::{AgainstInputs, render_against_chart};
use orggap_report::{BaselineSection, ReportParts, describe_scenario, render_html};

use crate::App;
use crate::api::blocking;
use crate::page::{back, scenario_name};
use crate::state::Workspace;

/// `POST /save`: writes the open scenario to its file, whole or not at all.
pub(crate) async fn save(State(app): State<App>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        match workspace.save_open() {
            Ok(path) => workspace.notify(format!("saved to {}", path.display()), false),
            Err(e) => workspace.notify(e.to_string(), true),
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
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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

/// A scenario as TOML.
pub(crate) fn scenario_toml(doc: &orggap_model::ScenarioDoc) -> String {
    let mut out = String::from("# A scenario made in the orggap workspace.\n");
    out.push_str(&doc.to_toml(|_: Entry| None));
    out
}

/// `GET /scenario.toml`: the open scenario, as a download (named after it when its name
/// is plain ASCII).
pub(crate) async fn download_scenario(State(app): State<App>) -> Response {
    let (name, doc) = app.workspace.open_named();
    let file = match name.is_ascii() {
        true => format!("{name}.toml"),
        false => "scenario.toml".into(),
    };
    (
        [
            (CONTENT_TYPE, "application/toml; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        scenario_toml(&doc),
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

/// The report of the current state, built as `orggap report` builds it (the same parts:
/// the organisation section too, on a roster with reporting lines).
fn report_html(workspace: &Workspace) -> Result<String, String> {
    let view = workspace.view();
    let config = workspace.config();
    let (catalogue, roster) = (view.catalogue(config), &view.roster);
    let plan = workspace.plan(&view);
    let parts = ReportParts::new(
        catalogue,
        roster,
        &view.analysis,
        &view.check,
        config.capacity,
        &plan,
    )
    .map_err(|e| e.to_string())?;
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
    let baseline = against.as_ref().map(|chart| BaselineSection {
        changes: &changes,
        before: &view.baseline,
        chart,
    });
    Ok(render_html(&parts.full(
        &origin,
        &view.check,
        catalogue,
        baseline,
    )))
}
