//! `orggap serve`: starts the workspace of `orggap-serve` and prints its address.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use orggap_model::{Catalogue, Roster, ScenarioDoc};
use orggap_serve::{
    Config, LoadedRoster, MAX_SCENARIOS, Named, Workspace, check_name, new_token, router,
    scenario_files, serve,
};

use crate::args::ServeArgs;
use crate::input::{import_options, load_rules, read_any};

/// Runs `orggap serve` until Ctrl-C (or SIGTERM).
pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let options = &args.input.options;
    let path = args.input.roster.clone();
    if !args.bind.is_loopback() && !args.allow_remote {
        bail!(
            "--bind {} makes the roster reachable from other machines; it is personal data, so \
             add --allow-remote to do that (the token still guards every request)",
            args.bind
        );
    }
    if path.as_os_str() == "-" {
        bail!(
            "orggap serve reads a roster file (it reads it again when it changes), not standard input"
        );
    }
    let (catalogue, policy) = load_rules(options)?;
    let import = import_options(options);
    let load = {
        let (path, catalogue) = (path.clone(), catalogue.clone());
        move || {
            read_any(&path, &catalogue, &import)
                .map(|imported| LoadedRoster {
                    roster: imported.roster,
                    warnings: imported.warnings,
                })
                .map_err(|e| format!("{e:#}"))
        }
    };
    let first = load().map_err(|e| anyhow!(e))?;
    let (scenarios, scenario_dir) = match &args.scenarios {
        Some(dir) => (
            read_folder(dir, &first.roster, &catalogue)?,
            Some(dir.clone()),
        ),
        None => (
            read_scenario(options.scenario.as_deref(), &first.roster, &catalogue)?,
            None,
        ),
    };
    let config = Config {
        roster_file: path,
        load: Box::new(load),
        catalogue,
        policy,
        without: options.without.clone(),
        as_of: options.as_of,
        capacity: options.capacity,
        max_steps: args.max_steps,
        max_age: options.max_age,
        ignore_stale: options.stale == crate::args::Stale::Ignore,
        scenarios,
        scenario_dir,
    };
    let workspace = Arc::new(Workspace::with_roster(config, first).map_err(|e| anyhow!(e))?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port))
            .await
            .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
        let addr = listener.local_addr()?;
        let token = new_token();
        // Listening on every address, this machine reaches it on loopback; others by one
        // of its addresses, which the workspace cannot know.
        let local = match addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv4() => {
                SocketAddr::from(([127, 0, 0, 1], addr.port()))
            }
            ip if ip.is_unspecified() => {
                SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, addr.port()))
            }
            _ => addr,
        };
        let url = format!("http://{local}/?token={token}");
        // Listened for before the address is printed: a signal sent as soon as it is seen
        // stops the server as it should instead of killing it half started.
        let signals = Signals::new()?;
        let mut stdout = std::io::stdout();
        writeln!(stdout, "{url}")?;
        stdout.flush()?;
        if !args.bind.is_loopback() {
            crate::output::note(&format!(
                "orggap: warning: listening on {}: other machines reach the workspace at \
                 http://THIS-MACHINE:{}/?token=… (the token guards it)",
                args.bind,
                addr.port()
            ));
        }
        // Kept until the server stops: the browser reads it after it starts.
        let _redirect = match args.open {
            true => open_browser(&url),
            false => None,
        };
        let app = router(workspace.clone(), &token, addr);
        serve(listener, workspace, app, stopped(signals)).await?;
        Ok::<_, anyhow::Error>(())
    })?;
    // An analysis still running on a worker thread is not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(ExitCode::SUCCESS)
}

/// The workspace's one scenario of `--scenario FILE`: read when the file exists (written on
/// save either way), named as its file; none without the option.
fn read_scenario(
    file: Option<&Path>,
    roster: &Roster,
    catalogue: &Catalogue,
) -> Result<Vec<Named>> {
    let Some(file) = file else {
        return Ok(Vec::new());
    };
    let doc = match file.exists() {
        true => {
            let text = crate::input::read_toml(file, "scenario")?;
            let origin = file.display().to_string();
            ScenarioDoc::from_toml(&text, &origin, roster, catalogue)?.0
        }
        false => ScenarioDoc::default(),
    };
    let name = file
        .file_stem()
        .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
    Ok(vec![Named {
        name,
        file: Some(file.to_owned()),
        doc,
    }])
}

/// The scenarios of `--scenarios DIR`: every `NAME.toml` in it, read and checked against the
/// roster (a bad one stops the start, with its file and line). The folder is created when
/// it is missing.
fn read_folder(dir: &Path, roster: &Roster, catalogue: &Catalogue) -> Result<Vec<Named>> {
    if !dir.exists() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create the scenarios folder", dir.display()))?;
    }
    let files = scenario_files(dir)
        .with_context(|| format!("{}: cannot read the scenarios folder", dir.display()))?;
    if files.len() > MAX_SCENARIOS {
        bail!(
            "{}: {} scenarios; a workspace holds at most {MAX_SCENARIOS}",
            dir.display(),
            files.len()
        );
    }
    let mut scenarios = Vec::new();
    for (name, file) in files {
        check_name(&name).map_err(|e| anyhow!("{}: {e}", file.display()))?;
        let text = crate::input::read_toml(&file, "scenario")?;
        let origin = file.display().to_string();
        let doc = ScenarioDoc::from_toml(&text, &origin, roster, catalogue)?.0;
        scenarios.push(Named {
            name,
            file: Some(file),
            doc,
        });
    }
    Ok(scenarios)
}

/// Completes on Ctrl-C or SIGTERM; from then on a second Ctrl-C ends the process at once.
async fn stopped(mut signals: Signals) {
    signals.first().await;
    crate::output::note("orggap: stopping (Ctrl-C again to stop at once)");
    tokio::spawn(async move {
        if signals.interrupt().await {
            std::process::exit(EXIT_INTERRUPTED);
        }
    });
}

/// Exit status after a second interruption (128 + SIGINT), as shells report it.
const EXIT_INTERRUPTED: i32 = 130;

/// The signals that stop the server, listened for from the moment this is made.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let listen = |kind| signal(kind).context("cannot listen for signals");
            Ok(Signals {
                interrupt: listen(SignalKind::interrupt())?,
                terminate: listen(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Completes on the first Ctrl-C or SIGTERM.
    async fn first(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }

    /// Completes with true on the next Ctrl-C.
    async fn interrupt(&mut self) -> bool {
        #[cfg(unix)]
        return self.interrupt.recv().await.is_some();
        #[cfg(not(unix))]
        return tokio::signal::ctrl_c().await.is_ok();
    }
}

/// Opens `url` in the browser, best effort (the address is printed either way). The browser
/// is given a private file (mode 0600, removed when the returned value is dropped) that
/// redirects to `url`, not the url itself: a command line is visible to every user of the
/// machine (`ps`), and the url carries the token.
fn open_browser(url: &str) -> Option<tempfile::NamedTempFile> {
    let mut file = tempfile::Builder::new()
        .prefix("orggap-open-")
        .suffix(".html")
        .tempfile()
        .ok()?;
    let page = format!(
        "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url={url}\">\
         <title>orggap</title><p><a href=\"{url}\">Open the orggap workspace</a></p>\n"
    );
    file.write_all(page.as_bytes()).ok()?;
    let url = file.path().to_owned();
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(&url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    Some(file)
}
