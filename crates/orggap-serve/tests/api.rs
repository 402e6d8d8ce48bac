//! The workspace's routes and security rules, through the router without a socket.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use orggap_model::{Catalogue, Policy, ScenarioDoc};
use orggap_roster::{ImportOptions, read_csv};
use orggap_serve::{Config, LoadedRoster, Named, Workspace, router};
use serde_json::{Value, json};
use tower::ServiceExt;

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const HOST: &str = "127.0.0.1:4242";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// A workspace of the roster file at `roster`, saving to `scenario_file`.
fn workspace(roster: PathBuf, scenario_file: Option<PathBuf>) -> Arc<Workspace> {
    workspace_aged(roster, scenario_file, None)
}

/// [`workspace`], with `--max-age`.
fn workspace_aged(
    roster: PathBuf,
    scenario_file: Option<PathBuf>,
    max_age: Option<orggap_analysis::MaxAge>,
) -> Arc<Workspace> {
    workspace_of(roster, Catalogue::builtin(), scenario_file, max_age)
}

/// [`workspace_aged`] under `catalogue`.
fn workspace_of(
    roster: PathBuf,
    catalogue: Catalogue,
    scenario_file: Option<PathBuf>,
    max_age: Option<orggap_analysis::MaxAge>,
) -> Arc<Workspace> {
    let load = {
        let (roster, catalogue) = (roster.clone(), catalogue.clone());
        move || {
            let text = std::fs::read(&roster).map_err(|e| e.to_string())?;
            read_csv(
                text.as_slice(),
                "roster.csv",
                &catalogue,
                &ImportOptions::default(),
            )
            .map(|i| LoadedRoster {
                roster: i.roster,
                warnings: i.warnings,
            })
            .map_err(|e| e.to_string())
        }
    };
    let config = Config {
        roster_file: roster,
        load: Box::new(load),
        catalogue,
        policy: Policy::default(),
        without: Vec::new(),
        as_of: None,
        capacity: 3,
        max_steps: 3,
        max_age,
        ignore_stale: false,
        scenarios: scenario_file
            .into_iter()
            .map(|file| Named {
                name: "scenario".into(),
                file: Some(file),
                doc: ScenarioDoc::default(),
            })
            .collect(),
        scenario_dir: None,
    };
    Arc::new(Workspace::new(config).expect("the example roster"))
}

fn app(workspace: Arc<Workspace>) -> Router {
    let addr: SocketAddr = HOST.parse().expect("an address");
    router(workspace, TOKEN, addr)
}

fn example() -> Router {
    app(workspace(repo("data/example-roster.csv"), None))
}

/// A request with the right host and token.
fn request(method: &str, uri: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
}

fn get(uri: &str) -> Request<Body> {
    request("GET", uri).body(Body::empty()).expect("a request")
}

async fn send(app: &Router, request: Request<Body>) -> Response<Body> {
    app.clone().oneshot(request).await.expect("a response")
}

async fn text(response: Response<Body>) -> String {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

async fn get_json(app: &Router, uri: &str) -> Value {
    let response = send(app, get(uri)).await;
    assert_eq!(response.status(), StatusCode::OK);
    serde_json::from_str(&text(response).await).expect("JSON")
}

async fn put_scenario(app: &Router, body: &Value) -> Response<Body> {
    let request = request("PUT", "/api/scenario")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, format!("http://{HOST}"))
        .body(Body::from(body.to_string()))
        .expect("a request");
    send(app, request).await
}

async fn post_form(app: &Router, uri: &str, form: &str) -> Response<Body> {
    let request = request("POST", uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, format!("http://{HOST}"))
        .body(Body::from(form.to_owned()))
        .expect("a request");
    send(app, request).await
}

fn unauthorised(uri: &str, token: Option<&str>, host: &str) -> Request<Body> {
    let mut request = Request::get(uri).header(header::HOST, host);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).expect("a request")
}

#[tokio::test]
async fn no_token_or_a_wrong_one_is_401_and_the_token_opens_every_route() {
    let app = example();
    let wrong = TOKEN.replace('0', "1");
    for uri in [
        "/",
        "/api/check",
        "/api/scenario",
        "/api/compare",
        "/scenario.toml",
        "/app.js",
        "/view?view=org",
    ] {
        let bare = send(&app, unauthorised(uri, None, HOST)).await;
        assert_eq!(bare.status(), StatusCode::UNAUTHORIZED, "{uri}");
        let wrong = send(&app, unauthorised(uri, Some(&wrong), HOST)).await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(send(&app, get(uri)).await.status(), StatusCode::OK, "{uri}");
    }
    // A prefix of the token is no token.
    let prefix = send(&app, unauthorised("/api/check", Some(&TOKEN[..10]), HOST)).await;
    assert_eq!(prefix.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_first_visit_sets_a_strict_cookie_that_then_opens_the_page() {
    let app = example();
    let response = send(&app, unauthorised(&format!("/?token={TOKEN}"), None, HOST)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/");
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().expect("name=value").to_owned();
    // Named for this workspace's port: a second workspace in the same browser keeps its own.
    let port = HOST.rsplit(':').next().expect("a port");
    assert!(pair.starts_with(&format!("orggap_token_{port}=")), "{pair}");
    let other = Request::get("/")
        .header(header::HOST, HOST)
        .header(header::COOKIE, format!("orggap_token={TOKEN}"))
        .body(Body::empty())
        .expect("a request");
    assert_eq!(send(&app, other).await.status(), StatusCode::UNAUTHORIZED);
    let page = Request::get("/")
        .header(header::HOST, HOST)
        .header(header::COOKIE, pair)
        .body(Body::empty())
        .expect("a request");
    let response = send(&app, page).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(text(response).await.contains("orggap workspace"));
    let wrong = send(&app, unauthorised("/?token=nope", None, HOST)).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_host_is_403_even_with_the_token() {
    let app = example();
    for host in [
        "evil.example",
        "evil.example:4242",
        "127.0.0.1:9999",
        "127.0.0.2:4242",
    ] {
        let response = send(&app, unauthorised("/api/check", Some(TOKEN), host)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{host}");
    }
    let local = send(
        &app,
        unauthorised("/api/check", Some(TOKEN), "localhost:4242"),
    )
    .await;
    assert_eq!(local.status(), StatusCode::OK);
}

fn changing(uri: &str, kind: &str, body: String, header: (&str, &str)) -> Request<Body> {
    request(
        if uri == "/api/scenario" {
            "PUT"
        } else {
            "POST"
        },
        uri,
    )
    .header(header::CONTENT_TYPE, kind)
    .header(header.0, header.1)
    .body(Body::from(body))
    .expect("a request")
}

#[tokio::test]
async fn a_change_from_another_site_is_403_and_changes_nothing() {
    let app = example();
    let body = json!({"leave": ["Maya Chen"]}).to_string();
    let form = "action=leave&person=Maya+Chen".to_owned();
    for from in [
        ("origin", "http://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let put = changing("/api/scenario", "application/json", body.clone(), from);
        assert_eq!(
            send(&app, put).await.status(),
            StatusCode::FORBIDDEN,
            "{from:?}"
        );
        let post = changing(
            "/edit",
            "application/x-www-form-urlencoded",
            form.clone(),
            from,
        );
        assert_eq!(
            send(&app, post).await.status(),
            StatusCode::FORBIDDEN,
            "{from:?}"
        );
    }
    assert_eq!(get_json(&app, "/api/scenario").await, json!({}));
    // A client that sends no Origin (a script with the token) may change it.
    let put = request("PUT", "/api/scenario")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("a request");
    assert_eq!(send(&app, put).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_body_over_1_mib_is_413() {
    let app = example();
    let big = json!({"name": "x".repeat(1 << 20)});
    assert_eq!(
        put_scenario(&app, &big).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let form = format!("action=hire&name={}", "x".repeat(1 << 20));
    assert_eq!(
        post_form(&app, "/edit", &form).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(get_json(&app, "/api/scenario").await, json!({}));
}

#[tokio::test]
async fn every_response_forbids_inline_and_foreign_scripts() {
    let app = example();
    for token in [Some(TOKEN), None] {
        for uri in ["/", "/api/check"] {
            let response = send(&app, unauthorised(uri, token, HOST)).await;
            let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("ASCII");
            assert!(csp.contains("default-src 'none'"), "{csp}");
            assert!(csp.contains("script-src 'self';"), "{csp}");
            assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
            assert_eq!(
                response.headers()[header::X_CONTENT_TYPE_OPTIONS],
                "nosniff"
            );
        }
    }
}

#[tokio::test]
async fn put_scenario_answers_with_the_check_of_the_roster_edited_that_way() {
    let app = example();
    let before = get_json(&app, "/api/check").await;
    assert_eq!(before["summary"]["gap"], 4);
    let response = put_scenario(
        &app,
        &json!({"name": "Maya leaves", "leave": ["Maya Chen"]}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let after: Value = serde_json::from_str(&text(response).await).expect("JSON");
    // `orggap check data/example-roster.csv --without 'Maya Chen'`: 16, 9 at risk, 7 gaps.
    assert_eq!(
        after["summary"],
        json!({"covered": 16, "at_risk": 9, "gap": 7, "accepted": 0, "unassessed": 0})
    );
    assert_eq!(after["without"], json!(["Maya Chen"]));
    assert_eq!(after["scenario"]["name"], "Maya leaves");
    assert_eq!(get_json(&app, "/api/check").await, after);
    assert_eq!(
        get_json(&app, "/api/scenario").await,
        json!({"name": "Maya leaves", "leave": ["Maya Chen"]})
    );
    let compare = get_json(&app, "/api/compare").await;
    assert_eq!(compare["schema"], "orggap.compare.v1");
    assert_eq!(compare["columns"][0]["name"], "baseline");
    assert_eq!(compare["columns"][0]["summary"]["gap"], 4);
    assert_eq!(compare["columns"][1]["summary"]["gap"], 7);
}

#[tokio::test]
async fn a_bad_scenario_is_422_with_the_command_lines_messages_and_nothing_changes() {
    let app = example();
    put_scenario(&app, &json!({"leave": ["Maya Chen"]})).await;
    let bad = json!({
        "leave": ["Mya Chen"],
        "change": [{"person": "Tomás Ruiz", "levels": {"juggling": 3}}],
        "hires": []
    });
    let response = put_scenario(&app, &bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let messages = text(response).await;
    assert!(
        messages.contains(
            "scenario: leave: 'Mya Chen', who leaves, is not on the roster; closest: Maya Chen"
        ),
        "{messages}"
    );
    assert!(
        messages.contains(
            "scenario: change 1 ('Tomás Ruiz'): 'juggling' is not a skill of the catalogue"
        ),
        "{messages}"
    );
    assert!(messages.contains("unknown key 'hires'"), "{messages}");
    assert_eq!(
        get_json(&app, "/api/scenario").await,
        json!({"leave": ["Maya Chen"]})
    );
    let not_json = request("PUT", "/api/scenario")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{leave"))
        .expect("a request");
    assert!(send(&app, not_json).await.status().is_client_error());
    assert_eq!(
        get_json(&app, "/api/scenario").await,
        json!({"leave": ["Maya Chen"]})
    );
}

#[tokio::test]
async fn the_page_builds_a_scenario_by_forms_with_undo_and_saves_it() {
    let dir = tempfile::tempdir().expect("a folder");
    let saved = dir.path().join("scenario.toml");
    let app = app(workspace(
        repo("data/example-roster.csv"),
        Some(saved.clone()),
    ));
    for form in [
        "action=leave&person=Maya+Chen",
        "action=level&person=Tom%C3%A1s+Ruiz&skill=product-strategy&level=5",
        "action=hire&name=CMO+%28hire%29&title=Chief+Marketing+Officer&team=Marketing&levels=marketing+%3D+5%2C+marketing-strategy+%3D+5",
        "action=capacity&person=Aisha+Bello&capacity=5",
        "action=owner&duty=cmo.launches&person=CMO+%28hire%29",
    ] {
        let response = post_form(&app, "/edit", form).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{form}");
    }
    let doc = get_json(&app, "/api/scenario").await;
    assert_eq!(doc["leave"], json!(["Maya Chen"]));
    assert_eq!(
        doc["change"][0],
        json!({"person": "Tomás Ruiz", "levels": {"product-strategy": 5}})
    );
    assert_eq!(doc["hire"][0]["name"], "CMO (hire)");
    assert_eq!(doc["hire"][0]["owns"], json!(["cmo.launches"]));
    // The duty's former owners give it up, in changes of their own.
    let check = get_json(&app, "/api/check").await;
    let launches = check["responsibilities"]
        .as_array()
        .expect("duties")
        .iter()
        .find(|r| r["id"] == "cmo.launches")
        .expect("cmo.launches");
    assert_eq!(launches["owners"], json!(["CMO (hire)"]));
    // An edit the roster refuses changes nothing and says why on the next page.
    post_form(&app, "/edit", "action=leave&person=Nobody+Here").await;
    assert_eq!(get_json(&app, "/api/scenario").await, doc);
    let page = text(send(&app, get("/")).await).await;
    assert!(
        page.contains("&#39;Nobody Here&#39; is not on the roster")
            || page.contains("'Nobody Here' is not on the roster")
    );
    // Undo takes back the last edit.
    post_form(&app, "/undo", "").await;
    let undone = get_json(&app, "/api/scenario").await;
    assert!(undone["hire"][0]["owns"].is_null(), "{undone}");
    // A plan step: the first training of the plan from here, which the page says is proved
    // the cheapest.
    assert!(
        page.contains("proved the cheapest plan."),
        "the plan's proof on the page"
    );
    post_form(&app, "/edit", "action=plan&step=0").await;
    let planned = get_json(&app, "/api/scenario").await;
    assert_ne!(planned, undone);
    // Saved, the file reads back as the same scenario.
    assert_eq!(
        post_form(&app, "/save", "").await.status(),
        StatusCode::SEE_OTHER
    );
    let toml = std::fs::read_to_string(&saved).expect("saved");
    let roster_text = std::fs::read(repo("data/example-roster.csv")).expect("the roster");
    let catalogue = Catalogue::builtin();
    let roster = read_csv(
        roster_text.as_slice(),
        "r.csv",
        &catalogue,
        &ImportOptions::default(),
    )
    .expect("roster")
    .roster;
    let (read_back, _) =
        ScenarioDoc::from_toml(&toml, "s.toml", &roster, &catalogue).expect("a valid scenario");
    assert_eq!(serde_json::to_value(&read_back).expect("JSON"), planned);
    assert_eq!(text(send(&app, get("/scenario.toml")).await).await, toml);
    let report = send(&app, get("/report.html")).await;
    assert_eq!(report.status(), StatusCode::OK);
    assert!(
        text(report)
            .await
            .contains("<h2 id=\"against-baseline\">Against the baseline</h2>")
    );
}

#[tokio::test]
async fn hostile_names_reach_the_page_as_text() {
    let dir = tempfile::tempdir().expect("a folder");
    let roster = dir.path().join("hostile.csv");
    std::fs::write(
        &roster,
        "name,title,team,budgeting\n<script>alert(1)</script>,,,4\n\"<img src=x onerror=alert(2)>\",,,3\nEve\u{202e}liM,,,2\nBell\u{1}\u{1b}[2J,Lead\u{1b}]0;x\u{7},Te\u{202e}am,5\n",
    )
    .expect("write");
    let app = app(workspace(roster, None));
    let page = text(send(&app, get("/")).await).await;
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!page.contains("<script>alert"));
    assert!(!page.contains("<img src=x"));
    // The only script is the workspace's own file.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(page.contains("<script src=\"/app.js\" defer></script>"));
    assert!(page.contains("<bdi>Eve\u{202e}liM</bdi>"));
    // Control characters are shown as escapes, never sent raw; titles and teams isolated.
    assert!(
        !page
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "a raw control character on the page"
    );
    assert!(page.contains("Bell\\u{1}\\u{1b}[2J"), "the name, escaped");
    assert!(page.contains("<bdi>Te\u{202e}am</bdi>"));
}

#[tokio::test]
async fn a_changed_roster_file_is_read_again_and_a_bad_one_keeps_the_last_good_state() {
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("team.csv");
    std::fs::write(&path, "name,budgeting\nAda,4\nBo,3\n").expect("write");
    let workspace = workspace(path.clone(), None);
    let app = app(workspace.clone());
    assert_eq!(get_json(&app, "/api/check").await["people"], 2);
    // A new modification time, whatever the file system's resolution.
    let touch = |seconds: u64| {
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        let when = std::time::SystemTime::now() + std::time::Duration::from_secs(seconds);
        file.set_modified(when).expect("set the time");
    };
    std::fs::write(&path, "name,budgeting\nAda,4\nBo,3\nCy,5\n").expect("write");
    touch(5);
    workspace.reload_if_changed();
    assert_eq!(get_json(&app, "/api/check").await["people"], 3);
    let page = text(send(&app, get("/")).await).await;
    assert!(page.contains("The roster file changed on disk and was read again."));
    std::fs::write(&path, "name,budgeting\nAda,4\nAda,9\n").expect("write");
    touch(10);
    workspace.reload_if_changed();
    assert_eq!(get_json(&app, "/api/check").await["people"], 3);
    let page = text(send(&app, get("/")).await).await;
    assert!(page.contains("cannot be read; the last good roster is shown"));
    assert!(page.contains("line 3"), "the error names its line");
}

#[tokio::test]
async fn with_max_age_the_workspace_says_which_duties_rest_on_stale_ratings() {
    let app = app(workspace_aged(
        repo("data/example-ratings.csv"),
        None,
        Some(orggap_analysis::MaxAge::Months(18)),
    ));
    let check = get_json(&app, "/api/check").await;
    let unverified: Vec<&str> = check["responsibilities"]
        .as_array()
        .expect("duties")
        .iter()
        .filter(|r| r["unverified"] == true)
        .map(|r| r["id"].as_str().unwrap_or_default())
        .collect();
    // As the command line counts them (tests/ratings.rs): Maya Chen, Aisha Bello and Liam
    // O'Connor are rated more than 18 months before the newest date.
    assert!(
        unverified.contains(&"cpo.product-strategy"),
        "{unverified:?}"
    );
    assert_eq!(unverified.len(), 7, "{unverified:?}");
    let page = text(send(&app, get("/")).await).await;
    assert!(page.contains("Unverified (7)"));
    assert!(page.contains("Calibration gaps (3)"));
}

#[tokio::test]
async fn a_catalogue_on_its_own_scale_with_unknown_levels_works_live() {
    let toml = std::fs::read_to_string(repo("tests/data/scale/sfia-catalogue.toml")).unwrap();
    let catalogue = Catalogue::from_toml(&toml, "sfia-catalogue.toml").expect("a catalogue");
    let roster = repo("tests/data/scale/sfia-roster.csv");
    let app = app(workspace_of(roster, catalogue, None, None));
    let before = get_json(&app, "/api/check").await;
    let budget = |json: &Value| -> Value {
        let duties = json["responsibilities"].as_array().unwrap();
        duties
            .iter()
            .find(|r| r["id"] == "pm.budget")
            .unwrap()
            .clone()
    };
    // Budgeting 6 ("initiate"): Asha's "lead" is 6; Carla's is not assessed.
    assert_eq!(budget(&before)["qualified"], json!(["Asha Rao"]));
    assert_eq!(budget(&before)["unassessed"], json!(["Carla Nunes"]));
    let page = text(send(&app, get("/")).await).await;
    assert!(
        page.contains("7 set strategy"),
        "the level menu names the scale's levels"
    );
    assert!(
        page.contains("1 cell says the level is not assessed"),
        "caveats first"
    );
    let levels = json!({"budgeting": "initiate"});
    let scenario = json!({"change": [{"person": "Carla Nunes", "levels": levels}]});
    let response = put_scenario(&app, &scenario).await;
    assert_eq!(response.status(), StatusCode::OK);
    let after: Value = serde_json::from_str(&text(response).await).expect("JSON");
    assert_eq!(
        budget(&after)["qualified"],
        json!(["Asha Rao", "Carla Nunes"])
    );
    assert_eq!(budget(&after)["unassessed_count"], 0);
    // A level past the scale's top is refused with the scale's words.
    let over = json!({"change": [{"person": "Ben Ortiz", "levels": {"budgeting": 8}}]});
    let response = put_scenario(&app, &over).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let message = text(response).await;
    assert!(message.contains("is not 0..7 or a level word"), "{message}");
}

#[cfg(unix)]
#[tokio::test]
async fn save_keeps_a_private_files_mode_writes_through_a_link_and_leaves_no_temporary() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a folder");
    let real = dir.path().join("private.toml");
    std::fs::write(&real, "# mine\n").expect("written");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).expect("mode");
    let link = dir.path().join("scenario.toml");
    std::os::unix::fs::symlink("private.toml", &link).expect("a link");
    let app = app(workspace(
        repo("data/example-roster.csv"),
        Some(link.clone()),
    ));
    post_form(&app, "/edit", "action=leave&person=Maya+Chen").await;
    // Two saves at once: neither fails, the file is whole.
    let (a, b) = tokio::join!(post_form(&app, "/save", ""), post_form(&app, "/save", ""));
    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER)
    );
    let page = text(send(&app, get("/")).await).await;
    assert!(!page.contains("cannot save"), "{page}");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    let saved = std::fs::read_to_string(&real).expect("saved");
    assert!(saved.contains("Maya Chen"), "{saved}");
    let mode = std::fs::metadata(&real).expect("file").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// A request body that never sends anything.
struct Silent;

impl axum::body::HttpBody for Silent {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Pending
    }
}

#[tokio::test(start_paused = true)]
async fn a_body_that_does_not_arrive_in_time_is_408_and_changes_nothing() {
    let app = example();
    let before = get_json(&app, "/api/scenario").await;
    let request = request("PUT", "/api/scenario")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, format!("http://{HOST}"))
        .body(Body::new(Silent))
        .expect("a request");
    let response = send(&app, request).await;
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
    assert_eq!(get_json(&app, "/api/scenario").await, before);
}

#[tokio::test]
async fn the_page_and_api_compare_count_hires_in_people() {
    let app = example();
    let leavers = json!({"leave": ["Maya Chen", "Aisha Bello", "Hannah Müller", "Grace Kim", "Liam O'Connor", "Tomás Ruiz"]});
    assert_eq!(put_scenario(&app, &leavers).await.status(), StatusCode::OK);
    let compare = get_json(&app, "/api/compare").await;
    let column = &compare["columns"][1];
    let (people, profiles) = (
        column["hires"].as_u64().expect("people"),
        column["hire_profiles"].as_u64().expect("profiles"),
    );
    assert!(people > profiles, "{column}");
    let page = text(send(&app, get("/")).await).await;
    let must = column["must_hires"].as_u64().expect("must-hires");
    assert!(
        page.contains(&format!(
            "{people} people to hire ({profiles} profiles; {must} must-hires, {} for the bench)",
            people - must
        )),
        "the page counts people as /api/compare does"
    );
    // The header and the people table count alike: the roster, then who leaves.
    assert!(
        page.contains("16 people, 6 leaving in <code>"),
        "the header"
    );
    assert!(
        page.contains("Showing 16 of 16 people, 6 leaving."),
        "the table"
    );
}

#[tokio::test]
async fn a_bad_scenario_asked_as_json_gets_its_errors_as_json() {
    let app = example();
    let bad = json!({"leave": ["Mya Chen"], "hires": []});
    let put = request("PUT", "/api/scenario")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .header(header::ORIGIN, format!("http://{HOST}"))
        .body(Body::from(bad.to_string()))
        .expect("a request");
    let response = send(&app, put).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let body: Value = serde_json::from_str(&text(response).await).expect("JSON");
    let errors = body["errors"].as_array().expect("a list of errors");
    assert_eq!(errors.len(), 2, "{body}");
    assert!(
        errors
            .iter()
            .all(|e| e["message"].is_string() && e.get("line").is_some())
    );
    assert!(
        errors.iter().any(|e| e["message"]
            .as_str()
            .unwrap()
            .contains("'Mya Chen', who leaves, is not on the roster")),
        "{body}"
    );
    // A body that is not JSON: one error, no line.
    let put = request("PUT", "/api/scenario")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .header(header::ORIGIN, format!("http://{HOST}"))
        .body(Body::from("{leave"))
        .expect("a request");
    let response = send(&app, put).await;
    assert!(response.status().is_client_error());
    let body: Value = serde_json::from_str(&text(response).await).expect("JSON");
    assert_eq!(body["errors"][0]["line"], Value::Null, "{body}");
    assert_eq!(get_json(&app, "/api/scenario").await, json!({}));
}

#[tokio::test]
async fn a_duty_nobody_is_qualified_for_shows_no_dangling_colon() {
    let page = text(send(&example(), get("/")).await).await;
    assert!(page.contains("<td>0</td>"), "a gap's qualified cell");
    assert!(!page.contains("(needs 2): </td>"));
    assert!(
        page.contains("<td>1 (needs 2): <bdi>Maya Chen</bdi></td>"),
        "an at-risk one"
    );
}

#[tokio::test]
async fn a_what_if_on_the_catalogue_is_analysed_live_as_the_command_line_does() {
    let app = example();
    let before = get_json(&app, "/api/check").await;
    let what_if = json!({"requirement": [{
        "duty": "cpo.product-strategy",
        "requires": {"product-strategy": 3, "business-acumen": 3},
        "min_owners": 1
    }]});
    let response = put_scenario(&app, &what_if).await;
    assert_eq!(response.status(), StatusCode::OK);
    let after: Value = serde_json::from_str(&text(response).await).expect("JSON");
    let duty = |check: &Value| -> Value {
        check["responsibilities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "cpo.product-strategy")
            .cloned()
            .unwrap()
    };
    // The example's product strategy: Maya alone at 4/4/3 (at risk of 2); at 3/3 and one
    // owner, Tomás and Priya qualify too and one is enough.
    assert_eq!(duty(&before)["status"], "at-risk");
    assert_eq!(duty(&after)["status"], "covered");
    assert_eq!(duty(&after)["min_owners"], 1);
    assert!(duty(&after)["qualified_count"].as_u64().unwrap() > 1);
    assert_eq!(get_json(&app, "/api/scenario").await, what_if);
    let compare = get_json(&app, "/api/compare").await;
    assert_eq!(compare["columns"][0]["summary"], before["summary"]);
    assert_eq!(compare["columns"][1]["summary"], after["summary"]);
}

fn hr() -> Router {
    app(workspace(repo("data/example-hr.csv"), None))
}

#[tokio::test]
async fn the_org_chart_draws_the_reporting_lines_with_marks() {
    let app = hr();
    let folded = text(send(&app, get("/")).await).await;
    assert!(folded.contains("Show the org chart"), "folded by default");
    assert_eq!(
        put_scenario(&app, &json!({"leave": ["Hannah Müller"], "hire": [{"name": "New CMO", "manager": "Olivia Grant"}]}))
            .await
            .status(),
        StatusCode::OK
    );
    let page = text(send(&app, get("/?view=org")).await).await;
    assert!(page.contains("<ul class=\"org\">"), "the chart");
    // Olivia leads five, and the hire: six reports.
    assert!(page.contains("6 reports"), "Olivia's span with the hire");
    assert!(page.contains("<bdi class=\"who\">New CMO</bdi>"));
    assert!(page.contains("<span class=\"badge hire\">hire</span>"));
    assert!(page.contains("<span class=\"badge gone\">leaving</span>"));
    assert!(page.contains("Maya Chen</bdi> <span class=\"muted\">VP Product</span> <span class=\"badge key\">key person</span> <span class=\"badge owner\">owns 6</span>"));
    assert!(page.contains("20 of 20 people drawn"));
}

#[tokio::test]
async fn a_matrix_cell_is_edited_in_place_and_the_page_comes_back_to_it() {
    let app = hr();
    let page = text(send(&app, get("/?view=matrix&role=cmo&team=Marketing")).await).await;
    // Marketing's four people × the CMO's twelve skills.
    assert!(
        page.contains("People 1–4 of 4 × 12 skills the role"),
        "the filter"
    );
    // Grace Kim (person 5) in marketing-strategy: a link opening the picker in place.
    let skill = orggap_model::Catalogue::builtin()
        .find_skill("marketing-strategy")
        .unwrap()
        .index();
    let link = format!("cell=5.{skill}#matrix");
    assert!(page.contains(&link), "a cell links to its picker");
    let picker = text(
        send(
            &app,
            get(&format!(
                "/?view=matrix&role=cmo&team=Marketing&from=0&{link}"
            )),
        )
        .await,
    )
    .await;
    assert!(picker.contains("<td class=\"cell editing\">"), "the picker");
    let back = "/?view=matrix&team=Marketing&role=cmo&from=0#matrix";
    assert!(picker.contains(&format!(
        "name=\"back\" value=\"{}\"",
        back.replace('&', "&amp;")
    )));
    let form = format!(
        "action=level&person=E1009&skill=marketing-strategy&level=4&back={}",
        back.replace('&', "%26")
            .replace('#', "%23")
            .replace('/', "%2F")
            .replace('?', "%3F")
            .replace('=', "%3D")
    );
    let response = post_form(&app, "/edit", &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], back);
    assert_eq!(
        get_json(&app, "/api/scenario").await,
        json!({"change": [{"person": "E1009", "levels": {"marketing-strategy": 4}}]})
    );
    // A way back elsewhere is not followed.
    let response = post_form(
        &app,
        "/edit",
        "action=stay&person=Nobody&back=%2F%2Fevil.example",
    )
    .await;
    assert_eq!(response.headers()[header::LOCATION], "/#scenario");
}

#[tokio::test]
async fn the_graph_links_people_to_duties_by_role_and_around_a_person() {
    let app = hr();
    let page = text(send(&app, get("/?view=graph&role=cpo")).await).await;
    // The CPO's sixteen duties; everyone qualified for or owning one of them.
    assert!(
        page.contains("13 of 13 people linked to 16 duties"),
        "the CPO"
    );
    assert!(page.contains("<svg class=\"graph\""));
    assert!(
        page.contains("Chief Product Officer</text>"),
        "the role's bar"
    );
    assert!(page.contains("Maya Chen</text>"), "a person's label");
    // Maya owns six duties: six thick lines from her dot.
    let maya = page
        .matches("stroke=\"#0072B2\" stroke-width=\"3\"")
        .count();
    assert!(maya >= 6, "{maya} owner lines");
    let around = text(send(&app, get("/?view=graph&who=Tom%C3%A1s%20Ruiz")).await).await;
    assert!(
        around.contains("class=\"person focus\""),
        "the person stands out"
    );
    assert!(
        around.contains("people linked to 9 duties"),
        "Tomás's duties"
    );
    // A leaver is not drawn.
    put_scenario(&app, &json!({"leave": ["Maya Chen"]})).await;
    let without = text(send(&app, get("/?view=graph&role=cpo")).await).await;
    assert!(!without.contains("Maya Chen</text>"), "who leaves is gone");
}

#[tokio::test]
async fn a_view_alone_is_served_for_the_script_to_swap_in() {
    let app = hr();
    let org = text(send(&app, get("/view?view=org")).await).await;
    assert!(org.starts_with("<p class=\"muted\">1 top person"), "{org}");
    assert!(!org.contains("<html"), "only the view");
    let matrix = text(send(&app, get("/view?view=matrix&role=cmo")).await).await;
    assert!(matrix.contains("id=\"matrix-table\""));
    let graph = text(send(&app, get("/view?view=graph")).await).await;
    assert!(graph.contains("<svg class=\"graph\""));
    let response = send(&app, get("/view?view=nothing")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // The page's links carry the view for the script, and work without it.
    let page = text(send(&app, get("/")).await).await;
    assert!(page.contains("<a href=\"/?view=org#org\" data-view=\"org\">"));
}

#[tokio::test]
async fn a_duty_asking_for_less_is_tried_from_the_page() {
    let app = example();
    let form = "action=requirement&duty=cpo.product-strategy&requires=product-strategy+%3D+3%2C+business-acumen+%3D+3&min_owners=1";
    let response = post_form(&app, "/edit", form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get_json(&app, "/api/scenario").await,
        json!({"requirement": [{
            "duty": "cpo.product-strategy",
            "requires": {"product-strategy": 3, "business-acumen": 3},
            "min_owners": 1
        }]})
    );
    let check = get_json(&app, "/api/check").await;
    let duty = check["responsibilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "cpo.product-strategy")
        .cloned()
        .unwrap();
    assert_eq!(
        (&duty["status"], &duty["min_owners"]),
        (&json!("covered"), &json!(1))
    );
    let page = text(send(&app, get("/")).await).await;
    assert!(
        page.contains("CPO · Set the product strategy: requires product-strategy 4, business-acumen 4, market-research 3 → business-acumen 3, product-strategy 3, min_owners 2 → 1"),
        "the scenario says what the what-if changes"
    );
    // Neither given: the what-if is taken back.
    post_form(
        &app,
        "/edit",
        "action=requirement&duty=cpo.product-strategy",
    )
    .await;
    assert_eq!(get_json(&app, "/api/scenario").await, json!({}));
    // A bad number is said and changes nothing.
    post_form(
        &app,
        "/edit",
        "action=requirement&duty=cpo.budget&min_owners=0",
    )
    .await;
    assert_eq!(get_json(&app, "/api/scenario").await, json!({}));
}

#[tokio::test]
async fn a_title_and_a_hire_s_manager_are_set_from_the_page() {
    let app = hr();
    post_form(
        &app,
        "/edit",
        "action=title&person=E1002&title=Head+of+Product",
    )
    .await;
    post_form(
        &app,
        "/edit",
        "action=hire&name=New+CMO&title=CMO&team=Marketing&manager=Olivia+Grant&levels=marketing+%3D+5",
    )
    .await;
    assert_eq!(
        get_json(&app, "/api/scenario").await,
        json!({
            "change": [{"person": "E1002", "title": "Head of Product"}],
            "hire": [{"name": "New CMO", "title": "CMO", "team": "Marketing", "levels": {"marketing": 5}, "manager": "E1000"}]
        })
    );
    let org = text(send(&app, get("/view?view=org")).await).await;
    assert!(
        org.contains("Tomás Ruiz</bdi> <span class=\"muted\">Head of Product</span>"),
        "retitled"
    );
    assert!(
        org.contains("6 reports"),
        "the hire reports to Olivia Grant"
    );
    // A hire does not report to another hire.
    post_form(&app, "/edit", "action=hire&name=Second&manager=New+CMO").await;
    assert_eq!(
        get_json(&app, "/api/scenario").await["hire"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// A workspace of the example roster whose scenarios are the files of `dir`, as
/// `serve --scenarios DIR` starts it.
fn folder_workspace(dir: &Path) -> Router {
    let catalogue = Catalogue::builtin();
    let text = std::fs::read(repo("data/example-roster.csv")).expect("the example");
    let read = || {
        read_csv(
            text.as_slice(),
            "roster.csv",
            &catalogue,
            &ImportOptions::default(),
        )
        .expect("the example")
    };
    let roster = read().roster;
    let scenarios = orggap_serve::scenario_files(dir)
        .expect("the folder")
        .into_iter()
        .map(|(name, file)| {
            let toml = std::fs::read_to_string(&file).expect("a scenario");
            let doc = ScenarioDoc::from_toml(&toml, "s", &roster, &catalogue)
                .expect("a good scenario")
                .0;
            Named {
                name,
                file: Some(file),
                doc,
            }
        })
        .collect();
    let imported = read();
    let config = Config {
        roster_file: repo("data/example-roster.csv"),
        load: Box::new(move || {
            Ok(LoadedRoster {
                roster: imported.roster.clone(),
                warnings: imported.warnings.clone(),
            })
        }),
        catalogue: catalogue.clone(),
        policy: Policy::default(),
        without: Vec::new(),
        as_of: None,
        capacity: 3,
        max_steps: 3,
        max_age: None,
        ignore_stale: false,
        scenarios,
        scenario_dir: Some(dir.to_owned()),
    };
    app(Arc::new(Workspace::new(config).expect("the workspace")))
}

/// A request that changes something, with a JSON body (or none).
fn changing_json(method: &str, uri: &str, body: Option<Value>) -> Request<Body> {
    let builder = request(method, uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, format!("http://{HOST}"));
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    builder.body(body).expect("a request")
}

fn names_in(list: &Value) -> Vec<String> {
    list["scenarios"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[tokio::test]
async fn a_folder_of_scenarios_is_created_copied_renamed_and_deleted_file_by_file() {
    let dir = tempfile::tempdir().expect("a folder");
    let file = |name: &str| dir.path().join(format!("{name}.toml"));
    std::fs::write(file("maya"), "leave = [\"Maya Chen\"]\n").expect("written");
    let app = folder_workspace(dir.path());
    let list = get_json(&app, "/api/scenarios").await;
    assert_eq!(names_in(&list), ["maya"]);
    assert_eq!(list["open"], "maya");
    assert_eq!(list["scenarios"][0]["entries"], 1);
    assert_eq!(get_json(&app, "/api/check").await["summary"]["gap"], 7);

    // A copy: its own file, with the same entries.
    let copy = json!({"name": "maya copy", "from": "maya"});
    let response = send(&app, changing_json("POST", "/api/scenarios", Some(copy))).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let saved = std::fs::read_to_string(file("maya copy")).expect("the copy's file");
    assert!(saved.contains("Maya Chen"), "{saved}");
    // A name taken (in any case) is 409, a name that is not a file name 422, and neither
    // writes anything.
    for (name, status) in [
        ("Maya", StatusCode::CONFLICT),
        ("../out", StatusCode::UNPROCESSABLE_ENTITY),
        (".hidden", StatusCode::UNPROCESSABLE_ENTITY),
        ("", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let body = json!({ "name": name });
        let response = send(&app, changing_json("POST", "/api/scenarios", Some(body))).await;
        assert_eq!(response.status(), status, "{name}");
    }
    assert!(!dir.path().join("../out.toml").exists());

    // PUT makes a scenario and writes its file at once; it answers with its check.
    let uri = "/api/scenarios/Tom%20leaves";
    let body = json!({"leave": ["Tomás Ruiz"]});
    let response = send(&app, changing_json("PUT", uri, Some(body.clone()))).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let check: Value = serde_json::from_str(&text(response).await).expect("JSON");
    assert_eq!(check["without"], json!(["Tomás Ruiz"]));
    assert!(file("Tom leaves").is_file());
    assert_eq!(get_json(&app, uri).await, body);
    // The open scenario is still the first.
    assert_eq!(
        get_json(&app, "/api/scenario").await["leave"],
        json!(["Maya Chen"])
    );

    // The page renames the open one: its file moves.
    let response = post_form(&app, "/scenarios", "action=rename&name=maya+leaves").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(!file("maya").exists() && file("maya leaves").is_file());
    assert_eq!(
        names_in(&get_json(&app, "/api/scenarios").await),
        ["maya copy", "maya leaves", "Tom leaves"]
    );

    // DELETE removes the scenario and its file; the open one deleted opens another.
    let response = send(
        &app,
        changing_json("DELETE", "/api/scenarios/maya%20leaves", None),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(!file("maya leaves").exists());
    let list = get_json(&app, "/api/scenarios").await;
    assert_eq!(names_in(&list), ["maya copy", "Tom leaves"]);
    assert_eq!(list["open"], "maya copy");
    let response = send(&app, get("/api/scenarios/maya%20leaves")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(&app, changing_json("DELETE", "/api/scenarios/nobody", None)).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // The page's edits go to the open scenario, and Save writes its file.
    post_form(&app, "/scenarios", "action=open&name=Tom+leaves").await;
    post_form(&app, "/edit", "action=leave&person=Maya+Chen").await;
    post_form(&app, "/save", "").await;
    let saved = std::fs::read_to_string(file("Tom leaves")).expect("saved");
    assert!(
        saved.contains("Maya Chen") && saved.contains("Tomás Ruiz"),
        "{saved}"
    );
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["Tom leaves.toml", "maya copy.toml"]);
}

#[tokio::test]
async fn scenarios_compare_side_by_side_as_each_checks_alone() {
    let app = example();
    let mut alone = Vec::new();
    for (name, leave) in [("a", "Maya Chen"), ("b", "Tomás Ruiz")] {
        let uri = format!("/api/scenarios/{name}");
        let body = json!({ "leave": [leave] });
        let response = send(&app, changing_json("PUT", &uri, Some(body))).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let check: Value = serde_json::from_str(&text(response).await).expect("JSON");
        alone.push(check);
    }
    let compare = get_json(&app, "/api/compare?scenarios=b,a").await;
    let columns = compare["columns"].as_array().expect("columns");
    let names: Vec<&str> = columns
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["baseline", "b", "a"]);
    assert_eq!(
        columns[0]["summary"],
        get_json(&app, "/api/check").await["summary"]
    );
    assert_eq!(columns[1]["summary"], alone[1]["summary"]);
    assert_eq!(columns[2]["summary"], alone[0]["summary"]);
    // Opened, a scenario checks the same as it compared.
    post_form(&app, "/scenarios", "action=open&name=a").await;
    assert_eq!(
        get_json(&app, "/api/check").await["summary"],
        columns[2]["summary"]
    );

    let response = send(&app, get("/api/compare?scenarios=a,nobody")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let many = ["a"; 9].join(",");
    let response = send(&app, get(&format!("/api/compare?scenarios={many}"))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The compare view: one column per scenario, the differing duties by title.
    let view = text(send(&app, get("/view?view=compare")).await).await;
    for name in ["baseline", "scenario", "a", "b"] {
        assert!(
            view.contains(&format!("<bdi>{name}</bdi>")),
            "{name}: {view}"
        );
    }
    assert!(view.contains("Duties whose status differs"), "{view}");
    let page = text(send(&app, get("/?view=compare")).await).await;
    assert!(page.contains("class=\"compare\""), "{page}");
}

/// The `id`s of a page's `<h2>` headings, in order.
fn sections(html: &str) -> Vec<String> {
    html.split("<h2 id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_downloaded_report_has_the_sections_orggap_report_writes() {
    // With reporting lines: the Organisation section too, as `orggap report` has it.
    let report = text(send(&hr(), get("/report.html")).await).await;
    let with_org = sections(&report);
    assert!(with_org.iter().any(|s| s == "organisation"), "{with_org:?}");
    // Without them, none; otherwise the same sections.
    let report = text(send(&example(), get("/report.html")).await).await;
    let without = sections(&report);
    assert!(!without.iter().any(|s| s == "organisation"), "{without:?}");
    let rest: Vec<&String> = with_org.iter().filter(|s| *s != "organisation").collect();
    assert_eq!(rest, without.iter().collect::<Vec<_>>());
    // The sections of the example's report as `orggap report` wrote it.
    let written = std::fs::read_to_string(repo("reports/example/report.html")).expect("written");
    assert_eq!(without, sections(&written));
}

/// The `<table class="duties">` elements of a page, whole.
fn duty_tables(html: &str) -> Vec<&str> {
    html.match_indices("<table class=\"duties\">")
        .map(|(at, _)| {
            let end = html[at..].find("</table>").expect("a closed table");
            &html[at..at + end]
        })
        .collect()
}

#[tokio::test]
async fn a_duty_reads_the_same_in_the_workspace_and_in_the_report() {
    // One partial draws both: the live page's duty tables are those of report.html, on the
    // baseline and under a scenario alike.
    let app = example();
    for step in ["", "leave"] {
        if step == "leave" {
            let response = post_form(&app, "/edit", "action=leave&person=Maya+Chen").await;
            assert!(response.status().is_redirection());
        }
        let page = text(send(&app, get("/")).await).await;
        let report = text(send(&app, get("/report.html")).await).await;
        let live = duty_tables(&page);
        assert_eq!(live.len(), 3, "a table per role");
        assert_eq!(live, duty_tables(&report), "{step}");
    }
    let written = std::fs::read_to_string(repo("reports/example/report.html")).expect("written");
    let page = text(send(&example(), get("/")).await).await;
    assert_eq!(duty_tables(&page), duty_tables(&written));
}

#[tokio::test]
async fn a_form_that_is_not_the_pages_is_refused_and_changes_nothing() {
    let app = example();
    let before = get_json(&app, "/api/scenario").await;
    for form in ["action=explode&person=Maya+Chen", "person=Maya+Chen", ""] {
        let response = post_form(&app, "/edit", form).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{form}"
        );
    }
    assert_eq!(get_json(&app, "/api/scenario").await, before);
    // A form of the page with a field left out: the edit says what is wrong, nothing changes.
    let response = post_form(
        &app,
        "/edit",
        "action=level&person=Maya+Chen&skill=marketing",
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = text(send(&app, get("/")).await).await;
    assert!(
        page.contains("level &#39;&#39; is not 0..5") || page.contains("level '' is not 0..5"),
        "the notice"
    );
    assert_eq!(get_json(&app, "/api/scenario").await, before);
    // The buttons of one form each post their own action; the other fields are ignored.
    let response = post_form(
        &app,
        "/edit",
        "person=Maya+Chen&team=Growth&title=&capacity=&action=team",
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let scenario = get_json(&app, "/api/scenario").await;
    assert_eq!(scenario["change"][0]["team"], "Growth", "{scenario}");
}

#[tokio::test]
async fn a_matrix_cell_can_be_set_to_not_assessed() {
    let app = hr();
    let skill = orggap_model::Catalogue::builtin()
        .find_skill("marketing-strategy")
        .unwrap()
        .index();
    // The picker offers "not assessed" beside the scale's levels.
    let picker = text(
        send(
            &app,
            get(&format!(
                "/?view=matrix&role=cmo&team=Marketing&cell=5.{skill}"
            )),
        )
        .await,
    )
    .await;
    assert!(
        picker.contains("<option value=\"?\">? not assessed</option>"),
        "{picker}"
    );
    let before = get_json(&app, "/api/check").await;
    let response = post_form(
        &app,
        "/edit",
        "action=level&person=E1009&skill=marketing-strategy&level=%3F",
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get_json(&app, "/api/scenario").await,
        json!({"change": [{"person": "E1009", "levels": {"marketing-strategy": "?"}}]})
    );
    let after = get_json(&app, "/api/check").await;
    let unknown = |check: &Value| check["assessment"]["unknown_cells"].as_u64().unwrap_or(0);
    assert_eq!(unknown(&after), unknown(&before) + 1);
    // The cell now shows `?`, and choosing a level makes it known again.
    let matrix = text(send(&app, get("/?view=matrix&role=cmo&team=Marketing")).await).await;
    assert!(
        matrix.contains("Marketing strategy: not assessed"),
        "the cell says so"
    );
    post_form(
        &app,
        "/edit",
        "action=level&person=E1009&skill=marketing-strategy&level=4",
    )
    .await;
    assert_eq!(
        unknown(&get_json(&app, "/api/check").await),
        unknown(&before)
    );
}

#[tokio::test]
async fn a_person_field_offers_anyone_matching_with_title_team_and_id() {
    let app = hr();
    // The page's list: each person with title, team and id, the value their id.
    let page = text(send(&app, get("/")).await).await;
    assert!(
        page.contains("<option value=\"E1001\">Maya Chen — VP Product · Product (E1001)</option>"),
        "the page's list"
    );
    // As one types: those whose name, id, title or team matches, and nobody else.
    let options = text(send(&app, get("/view?view=people-options&q=marketing")).await).await;
    let offered: Vec<&str> = options
        .split("<option value=\"")
        .skip(1)
        .map(|o| o.split('"').next().unwrap_or_default())
        .collect();
    assert!(offered.contains(&"E1006"), "a head of marketing: {options}");
    assert!(!offered.contains(&"E1001"), "not VP Product: {options}");
    for option in options.split("</option>").filter(|o| !o.is_empty()) {
        assert!(option.to_lowercase().contains("marketing"), "{option}");
    }
    let by_id = text(send(&app, get("/view?view=people-options&q=e1000")).await).await;
    assert!(by_id.contains("Olivia Grant — Chief Executive Officer · Executive (E1000)"));
    // A hire of the open scenario is offered too, found by name.
    let response = post_form(
        &app,
        "/edit",
        "action=hire&name=Zoe+Quill&title=CMO&team=Marketing&manager=&levels=",
    )
    .await;
    assert!(response.status().is_redirection());
    let hire = text(send(&app, get("/view?view=people-options&q=quill")).await).await;
    assert_eq!(
        hire,
        "<option value=\"Zoe Quill\">Zoe Quill — CMO · Marketing</option>"
    );
}
