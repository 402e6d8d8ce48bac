//! The orggap workspace (`orggap serve`): a local web page that shows everything `report`
//! shows for a roster under a scenario, and builds the scenario by clicking. Each change is
//! analysed at once against the baseline; the scenario can be undone, saved to its file and
//! downloaded. It holds several named scenarios, one open, and compares them side by side.
//!
//! Everything it serves is in the binary; it reads only the files it was given and writes
//! only the scenario files (the `--scenario` file on save; in a `--scenarios` folder, each
//! scenario's file as it is made, saved, renamed or deleted). A roster is personal data, so every request must carry
//! the access token (a bearer header, or the cookie the first visit sets), the `Host` must be
//! the address it listens on, a state-changing request must come from its own page, bodies
//! are at most 1 MiB, and every response forbids scripts from anywhere but itself.
#![deny(missing_docs)]

mod api;
mod assets;
pub mod connections;
mod downloads;
mod edits;
mod error;
mod forms;
mod graph_view;
mod page;
mod pickers;
mod scenarios;
mod security;
mod set_view;
mod state;
mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

pub use scenarios::{MAX_SCENARIOS, Named, check_name, file_in, scenario_files};
pub use security::new_token;
pub use state::{Config, LoadedRoster, Loader, Workspace};

/// The largest request body accepted (a scenario is a few kilobytes).
pub const MAX_BODY: usize = 1 << 20;

/// What the server needs besides the workspace: its token and the address it listens on.
#[derive(Clone)]
pub(crate) struct App {
    pub workspace: Arc<Workspace>,
    pub token: Arc<str>,
    /// The name of the cookie that carries the token: one per port, so two workspaces open
    /// in one browser keep their own.
    pub cookie: Arc<str>,
    /// The `Host` values requests may carry: the bound address, `localhost` and loopback
    /// names with the port.
    pub hosts: Arc<[String]>,
    /// Listening on every address (`--bind 0.0.0.0` or `::`): any host name with the port is
    /// accepted, as other machines name this one by an address it cannot know (the token
    /// still guards every request).
    pub any_host: Option<String>,
}

impl App {
    /// Whether requests may name the workspace `host` (`name:port`, lowercase).
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        self.hosts.iter().any(|h| h == host)
            || self
                .any_host
                .as_ref()
                .is_some_and(|port| host.ends_with(port.as_str()))
    }
}

/// The workspace's routes, behind its security rules, for a server listening on `addr`.
pub fn router(workspace: Arc<Workspace>, token: &str, addr: SocketAddr) -> Router {
    let port = addr.port();
    let mut hosts = vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ];
    let bound = match addr {
        SocketAddr::V4(a) => format!("{}:{port}", a.ip()),
        SocketAddr::V6(a) => format!("[{}]:{port}", a.ip()),
    };
    if !hosts.contains(&bound) {
        hosts.push(bound);
    }
    let app = App {
        workspace,
        token: token.into(),
        cookie: format!("orggap_token_{port}").into(),
        hosts: hosts.into(),
        any_host: addr.ip().is_unspecified().then(|| format!(":{port}")),
    };
    Router::new()
        .route("/", get(page::index))
        .route("/view", get(page::fragment))
        .route("/app.css", get(assets::css))
        .route("/app.js", get(assets::js))
        .route("/edit", post(forms::edit))
        .route("/undo", post(forms::undo))
        .route("/save", post(downloads::save))
        .route("/scenario.toml", get(downloads::download_scenario))
        .route("/report.html", get(downloads::download_report))
        .route("/api/check", get(api::check))
        .route(
            "/api/scenario",
            get(api::get_scenario).put(api::put_scenario),
        )
        .route("/api/compare", get(api::compare))
        .route(
            "/api/scenarios",
            get(api::list_scenarios).post(api::create_scenario),
        )
        .route(
            "/api/scenarios/{name}",
            get(api::get_named)
                .put(api::put_named)
                .delete(api::delete_named),
        )
        .route("/scenarios", post(forms::scenarios))
        .layer(axum::middleware::from_fn(connections::body_in_time))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::guard,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}

/// Serves `router` on `listener` until `shutdown` completes, reading the roster again when
/// its file changes (checked every second).
pub async fn serve(
    listener: tokio::net::TcpListener,
    workspace: Arc<Workspace>,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let watcher = {
        let workspace = workspace.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
            loop {
                tick.tick().await;
                let workspace = workspace.clone();
                let _ = tokio::task::spawn_blocking(move || workspace.reload_if_changed()).await;
            }
        })
    };
    let served = connections::accept(listener, router, shutdown).await;
    watcher.abort();
    served
}
