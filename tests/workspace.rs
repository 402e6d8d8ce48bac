//! The workspace (`orggap serve`) clicked through in a real Chromium over WebDriver: mark the
//! key person as leaving and read the gaps off the page (as `check --without` counts them),
//! edit a level, hire, apply a plan step, undo, save — and the saved scenario gives the
//! page's numbers on the command line; the views (graph filtered to a role, org chart, a
//! matrix cell edited in place); two named scenarios in a folder, compared side by side as
//! `check` counts each. A roster of hostile names shows them as text.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); run with
//! `cargo test --features browser-test --test workspace`. Screenshots of each step are left
//! in `target/workspace-screens/`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A child process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `orggap serve` on `roster` (saving to `scenario`), and the address it printed.
fn serve(roster: &Path, scenario: &Path) -> (Running, String) {
    serve_with(roster, "--scenario", scenario)
}

/// `orggap serve ROSTER OPTION PATH` (`--scenario FILE` or `--scenarios DIR`), and the
/// address it printed.
fn serve_with(roster: &Path, option: &str, path: &Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orggap"))
        .arg("serve")
        .arg(roster)
        .arg(option)
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start orggap serve");
    let stdout = child.stdout.take().expect("its output");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the address");
    assert!(line.starts_with("http://127.0.0.1:"), "{line}");
    assert!(line.contains("/?token="), "{line}");
    (Running(child), line.trim().to_owned())
}

/// chromedriver on a free port, and its address.
fn chromedriver() -> (Running, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("chromedriver is installed (.ci/run installs Debian's chromium-driver)");
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    (Running(child), format!("http://127.0.0.1:{port}"))
}

async fn browser(driver: &str) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({"args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600"]}),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver)
        .await
        .expect("a WebDriver session")
}

/// The number on the card of `class` (`covered`, `at-risk`, `gap`).
async fn card(client: &Client, class: &str) -> u64 {
    let found = client
        .find(Locator::Css(&format!(".card.{class} .big")))
        .await;
    let text = match found {
        Ok(card) => card,
        Err(e) => panic!(
            "no card {class} ({e}) on {}",
            client.source().await.unwrap_or_default()
        ),
    }
    .text()
    .await
    .expect("its text");
    text.trim().parse().expect("a number")
}

/// Clicks `element` and waits for the page it leads to (the old page gone, the new one up).
async fn click_and_wait(client: &Client, element: fantoccini::elements::Element) {
    let old = client.find(Locator::Css("html")).await.expect("the page");
    element.click().await.expect("click");
    for _ in 0..200 {
        if old.tag_name().await.is_err() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    if let Err(e) = client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css(".card.gap .big"))
        .await
    {
        let url = client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        panic!(
            "no new page ({e}) at {url}: {}",
            client.source().await.unwrap_or_default()
        );
    }
}

async fn screenshot(client: &Client, name: &str) {
    let dir = repo("target/workspace-screens");
    std::fs::create_dir_all(&dir).expect("a folder for screenshots");
    let png = client.screenshot().await.expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write the screenshot");
}

/// Scrolls the section `id` to just below the page's fixed header (for its screenshot).
async fn show(client: &Client, id: &str) {
    client
        .execute(
            "var e = document.getElementById(arguments[0]); window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 140);",
            vec![Value::from(id)],
        )
        .await
        .expect("scroll to the section");
}

/// Fills the inputs of the form whose heading is `heading`, then submits it.
async fn fill_and_submit(client: &Client, heading: &str, fields: &[(&str, &str)]) {
    let form = client
        .find(Locator::XPath(&format!("//form[h3[text()='{heading}']]")))
        .await
        .expect("the form");
    for (name, value) in fields {
        let field = form
            .find(Locator::Css(&format!("[name='{name}']")))
            .await
            .expect("the field");
        if field.tag_name().await.expect("a tag") == "select" {
            field.select_by_value(value).await.expect("select");
        } else {
            field.clear().await.ok();
            field.send_keys(value).await.expect("type");
        }
    }
    let button = form
        .find(Locator::Css("button[type='submit']"))
        .await
        .expect("the button");
    click_and_wait(client, button).await;
}

/// The cards the page shows (covered, at risk, gaps), then the scenario saved.
async fn cards_then_save(client: &Client) -> (u64, u64, u64) {
    let shown = (
        card(client, "covered").await,
        card(client, "at-risk").await,
        card(client, "gap").await,
    );
    let target = client
        .find(Locator::XPath("//button[text()='Save scenario']"))
        .await
        .expect("save");
    click_and_wait(client, target).await;
    shown
}

/// The cards the page showed (covered, at risk, gaps) are those of `orggap check
/// --scenario` on the saved scenario.
fn agrees_with_check(roster: &Path, saved: &Path, shown: (u64, u64, u64)) {
    let check = check_json(&[
        roster.to_str().expect("a path"),
        "--scenario",
        saved.to_str().expect("a path"),
    ]);
    let summary = &check["summary"];
    assert_eq!(
        (
            summary["covered"].as_u64(),
            summary["at_risk"].as_u64(),
            summary["gap"].as_u64()
        ),
        (Some(shown.0), Some(shown.1), Some(shown.2))
    );
}

fn check_json(args: &[&str]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_orggap"))
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run orggap check");
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scenario_built_by_clicking_is_saved_and_gives_the_same_numbers() {
    let dir = tempfile::tempdir().expect("a folder");
    let saved = dir.path().join("scenario.toml");
    let roster = repo("data/example-roster.csv");
    let (_server, url) = serve(&roster, &saved);
    let (_driver, driver) = chromedriver();
    let client = browser(&driver).await;
    client.goto(&url).await.expect("open the workspace");
    assert_eq!(card(&client, "gap").await, 4);
    screenshot(&client, "1-opened").await;

    // A person field offers whoever matches what is typed, with title and team.
    let field = client
        .find(Locator::XPath(
            "//form[h3[text()='Someone leaves']]//input[@name='person']",
        ))
        .await
        .expect("the person field");
    field.send_keys("tanaka").await.expect("type");
    let offered = client
        .wait()
        .at_most(std::time::Duration::from_secs(5))
        .for_element(Locator::XPath(
            "//datalist[@id='people-names'][count(option)=1]/option[@value='Kenji Tanaka']",
        ))
        .await
        .expect("only Kenji Tanaka offered");
    let label = offered
        .prop("label")
        .await
        .expect("a label")
        .unwrap_or_default();
    let text = offered.text().await.unwrap_or_default();
    assert!(
        format!("{label}{text}").contains("Kenji Tanaka — "),
        "title and team shown: {label:?} {text:?}"
    );
    field.clear().await.expect("clear");

    // The key person leaves: the gaps are those of `check --without`.
    let key = check_json(&[roster.to_str().expect("a path")])["key_people"][0]["person"]
        .as_str()
        .expect("a key person")
        .to_owned();
    let without = check_json(&[roster.to_str().expect("a path"), "--without", &key]);
    let target = client
        .find(Locator::XPath(&format!(
            "//table[@id='people-table']//tr[td/bdi[text()='{key}']]//button"
        )))
        .await
        .expect("the leave button");
    click_and_wait(&client, target).await;
    assert_eq!(card(&client, "gap").await, without["summary"]["gap"]);
    screenshot(&client, "2-key-person-leaves").await;
    // The numbers against the baseline, for the README.
    show(&client, "summary").await;
    screenshot(&client, "2-summary").await;

    fill_and_submit(
        &client,
        "Edit a level",
        &[
            ("person", "Tomás Ruiz"),
            ("skill", "product-strategy"),
            ("level", "5"),
        ],
    )
    .await;
    fill_and_submit(
        &client,
        "Hire",
        &[
            ("name", "CMO (hire)"),
            ("title", "Chief Marketing Officer"),
            (
                "levels",
                "marketing = 5, marketing-strategy = 5, marketing-plans = 4",
            ),
        ],
    )
    .await;
    let page = client.source().await.expect("the page");
    assert!(page.contains("hire CMO (hire)"), "the hire is listed");
    // The header and the people table count alike, the hire apart from the roster.
    let counted = "16 people, 1 hire, 1 leaving";
    let header = client
        .find(Locator::Css("header p.muted"))
        .await
        .expect("the header's count")
        .text()
        .await
        .expect("its text");
    assert!(header.starts_with(counted), "{header}");
    assert!(
        page.contains(&format!("Showing 17 of {counted}.")),
        "the people table's count"
    );
    // Duties by title, the plan's closes too.
    let duty = client
        .find(Locator::XPath(
            "//table[contains(@class,'duties')]//td[code='cpo.budget']",
        ))
        .await
        .expect("the budget duty's row");
    assert_eq!(
        duty.text().await.expect("its text"),
        "cpo.budget\nControl the product budget and spending"
    );
    assert!(
        !page.contains("closes cpo."),
        "the plan names duties by title"
    );
    screenshot(&client, "3-edited-and-hired").await;

    let gaps_before_plan = card(&client, "gap").await;
    let target = client
        .find(Locator::XPath("//table[contains(@class,'plan')]//button"))
        .await
        .expect("a plan step");
    click_and_wait(&client, target).await;
    let after_plan = (card(&client, "gap").await, card(&client, "at-risk").await);
    let target = client
        .find(Locator::XPath("//button[text()='Undo']"))
        .await
        .expect("undo");
    click_and_wait(&client, target).await;
    assert_eq!(card(&client, "gap").await, gaps_before_plan);
    // Apply it again, then save.
    let target = client
        .find(Locator::XPath("//table[contains(@class,'plan')]//button"))
        .await
        .expect("a plan step");
    click_and_wait(&client, target).await;
    assert_eq!(
        (card(&client, "gap").await, card(&client, "at-risk").await),
        after_plan
    );
    let shown = cards_then_save(&client).await;
    screenshot(&client, "4-saved").await;
    let page = client.source().await.expect("the page");
    assert!(page.contains("saved to"), "the save is said");
    client.close().await.ok();

    agrees_with_check(&roster, &saved, shown);
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_names_are_text_and_run_no_script() {
    let dir = tempfile::tempdir().expect("a folder");
    let roster = dir.path().join("hostile.csv");
    std::fs::write(
        &roster,
        "name,budgeting\n\"<script>document.title='owned'</script>\",4\n\"<img src=x onerror=document.title='owned'>\",3\nEve\u{202e}liM,2\n",
    )
    .expect("write");
    let (_server, url) = serve(&roster, &dir.path().join("s.toml"));
    let (_driver, driver) = chromedriver();
    let client = browser(&driver).await;
    client.goto(&url).await.expect("open the workspace");
    assert!(
        client
            .title()
            .await
            .expect("a title")
            .starts_with("orggap workspace")
    );
    let names = client
        .find(Locator::Id("people-table"))
        .await
        .expect("the people")
        .text()
        .await
        .expect("their text");
    assert!(
        names.contains("<script>document.title='owned'</script>"),
        "{names}"
    );
    assert!(
        names.contains("<img src=x onerror=document.title='owned'>"),
        "{names}"
    );
    screenshot(&client, "5-hostile-names").await;
    client.close().await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_views_show_the_org_and_a_matrix_cell_is_edited_in_place() {
    let dir = tempfile::tempdir().expect("a folder");
    let saved = dir.path().join("scenario.toml");
    let roster = repo("data/example-hr.csv");
    let (_server, url) = serve(&roster, &saved);
    let (_driver, driver) = chromedriver();
    let client = browser(&driver).await;
    client.goto(&url).await.expect("open the workspace");
    let base = url.split("/?").next().expect("the address").to_owned();
    client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css(".card.gap .big"))
        .await
        .expect("the page");

    // The org chart, opened by its link: the script swaps in only that part of the page.
    let link = client
        .find(Locator::Css("a[data-view='org']"))
        .await
        .expect("the org chart's link");
    link.click().await.expect("open the org chart");
    client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css("ul.org"))
        .await
        .expect("the org chart in place");
    let here = client.current_url().await.expect("the address").to_string();
    assert!(
        here.contains("view=org"),
        "the address says which view: {here}"
    );
    // Olivia Grant on top, her five reports folded open.
    let top = client
        .find(Locator::Css("ul.org > li > details > summary"))
        .await
        .expect("the top person")
        .text()
        .await
        .expect("its text");
    assert!(
        top.starts_with("Olivia Grant") && top.ends_with("5 reports"),
        "{top}"
    );
    show(&client, "org").await;
    screenshot(&client, "5-org-chart").await;

    // The matrix, filtered to the CMO's skills and the marketing team; one cell edited.
    client
        .goto(&format!(
            "{base}/?view=matrix&role=cmo&team=Marketing#matrix"
        ))
        .await
        .expect("the matrix");
    let cell = client
        .find(Locator::XPath(
            "//table[@id='matrix-table']//tr[th/bdi[text()='Grace Kim']]/td[contains(@title,'Marketing strategy') or a[contains(@title,'Marketing strategy')]]/a",
        ))
        .await
        .expect("Grace Kim's marketing strategy");
    cell.click().await.expect("open the picker");
    let picker = client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css("td.cell.editing select"))
        .await
        .expect("the picker in place");
    picker.select_by_value("4").await.expect("choose level 4");
    show(&client, "matrix").await;
    screenshot(&client, "6-matrix-cell").await;
    let set = client
        .find(Locator::Css("td.cell.editing button"))
        .await
        .expect("set");
    click_and_wait(&client, set).await;
    let here = client.current_url().await.expect("the address").to_string();
    assert!(
        here.contains("view=matrix") && here.contains("team=Marketing"),
        "{here}"
    );
    let shown = cards_then_save(&client).await;
    client.close().await.ok();
    let saved_text = std::fs::read_to_string(&saved).expect("the saved scenario");
    assert!(
        saved_text.contains("marketing-strategy = 4"),
        "{saved_text}"
    );
    agrees_with_check(&roster, &saved, shown);
}

/// Waits for `css` on the page (a part the script swapped in).
async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    match client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
    {
        Ok(found) => found,
        Err(e) => panic!(
            "no {css} ({e}): {}",
            client.source().await.unwrap_or_default()
        ),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_graph_filters_to_a_role_and_two_scenarios_compare_as_check_counts_them() {
    let dir = tempfile::tempdir().expect("a folder");
    let folder = dir.path().join("scenarios");
    let roster = repo("data/example-roster.csv");
    let (_server, url) = serve_with(&roster, "--scenarios", &folder);
    let (_driver, driver) = chromedriver();
    let client = browser(&driver).await;
    client.goto(&url).await.expect("open the workspace");
    wait_for(&client, ".card.gap .big").await;

    // The graph, opened in place, then filtered to the CMO's duties.
    let link = client
        .find(Locator::Css("a[data-view='graph']"))
        .await
        .expect("the graph's link");
    link.click().await.expect("open the graph");
    wait_for(&client, "svg.graph").await;
    let form = client
        .find(Locator::Css("#graph form.filters"))
        .await
        .expect("the graph's filters");
    form.find(Locator::Css("select[name='role']"))
        .await
        .expect("the role")
        .select_by_value("cmo")
        .await
        .expect("choose the CMO");
    let button = form
        .find(Locator::Css("button"))
        .await
        .expect("the filter's button");
    click_and_wait(&client, button).await;
    let graph = wait_for(&client, "svg.graph").await;
    let drawn = graph.text().await.expect("the graph's text");
    assert!(drawn.contains("Chief Marketing Officer"), "{drawn}");
    assert!(
        !drawn.contains("Chief Product Officer"),
        "filtered to the CMO: {drawn}"
    );
    show(&client, "graph").await;
    screenshot(&client, "7-graph").await;

    // Two scenarios, each made on the page and saved to its file in the folder.
    let mut names = Vec::new();
    for (name, leaver) in [("maya leaves", "Maya Chen"), ("tomas leaves", "Tomás Ruiz")] {
        fill_and_submit(&client, "Scenarios", &[("name", name)]).await;
        fill_and_submit(&client, "Someone leaves", &[("person", leaver)]).await;
        let shown = cards_then_save(&client).await;
        let saved = folder.join(format!("{name}.toml"));
        assert!(saved.is_file(), "{name} saved in the folder");
        agrees_with_check(&roster, &saved, shown);
        names.push((name, saved));
    }

    // Compared: one column each, the gaps as `check --scenario` counts them.
    let link = client
        .find(Locator::Css("a[data-view='compare']"))
        .await
        .expect("the compare link");
    link.click().await.expect("compare");
    let table = wait_for(&client, "table.compare").await;
    let headers: Vec<String> = {
        let mut texts = Vec::new();
        for th in table
            .find_all(Locator::Css("thead th"))
            .await
            .expect("the headers")
        {
            texts.push(th.text().await.expect("a header"));
        }
        texts
    };
    assert_eq!(
        headers,
        ["", "baseline", "maya leaves", "scenario", "tomas leaves"]
    );
    let gaps = table
        .find(Locator::XPath(".//tr[th[text()='gaps']]"))
        .await
        .expect("the gaps row")
        .text()
        .await
        .expect("its text");
    let counted: Vec<u64> = gaps
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse().expect("a number"))
        .collect();
    let roster_arg = roster.to_str().expect("a path");
    let mut expected = vec![check_json(&[roster_arg])["summary"]["gap"].as_u64()];
    expected.push(
        check_json(&[
            roster_arg,
            "--scenario",
            names[0].1.to_str().expect("a path"),
        ])["summary"]["gap"]
            .as_u64(),
    );
    expected.push(expected[0]);
    expected.push(
        check_json(&[
            roster_arg,
            "--scenario",
            names[1].1.to_str().expect("a path"),
        ])["summary"]["gap"]
            .as_u64(),
    );
    let expected: Vec<u64> = expected.into_iter().map(|g| g.expect("a count")).collect();
    assert_eq!(counted, expected);
    show(&client, "scenarios").await;
    screenshot(&client, "8-compare").await;
    client.close().await.ok();
}
