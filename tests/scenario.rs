//! Scenarios: a what-if written down, applied to any command, compared side by side.

use serde_json::{Value, json};

use crate::{check_json, repo, run, temp_file};

const ROSTER: &str = "data/example-roster.csv";
const SCENARIO: &str = "data/example-scenario.toml";

/// The exact standard error of a run that must fail with exit status 2, with nothing on
/// standard output.
fn refused(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    stderr
}

#[test]
fn bad_scenarios_get_every_problem_with_file_line_and_entry() {
    let check = |file: &str| {
        refused(&[
            "check",
            ROSTER,
            "--scenario",
            &format!("tests/data/bad-scenario/{file}"),
        ])
    };
    let dir = "tests/data/bad-scenario";
    assert_eq!(
        check("unknown-people.toml"),
        format!(
            "orggap: {dir}/unknown-people.toml: line 1: leave: 'Mya Chen', who leaves, is not on the roster; closest: Maya Chen\n\
             {dir}/unknown-people.toml: line 4: change 1 ('Tomas Ruiz'): 'Tomas Ruiz', who is changed, is not on the roster; closest: Tomás Ruiz\n"
        )
    );
    assert_eq!(
        check("unknown-skill-duty-level.toml"),
        format!(
            "orggap: {dir}/unknown-skill-duty-level.toml: line 3: change 1 ('Tomás Ruiz'): 'juggling' is not a skill of the catalogue (ids, names and aliases are accepted)\n\
             {dir}/unknown-skill-duty-level.toml: line 3: change 1 ('Tomás Ruiz'): level 7 for 'product-strategy' is not 0..5 or a level word\n\
             {dir}/unknown-skill-duty-level.toml: line 3: change 1 ('Tomás Ruiz'): level 'expertish' for 'Budget control' is not 0..5 or a level word\n\
             {dir}/unknown-skill-duty-level.toml: line 4: change 1 ('Tomás Ruiz'): owns 'cpo.nothing', which is not a responsibility of the catalogue\n"
        )
    );
    assert_eq!(
        check("twice.toml"),
        format!(
            "orggap: {dir}/twice.toml: line 3: change 1 ('Maya Chen'): 'Maya Chen' also leaves (leave); a person who leaves cannot be changed\n\
             {dir}/twice.toml: line 11: change 3 ('priya nair'): 'Priya Nair' is changed twice (also change 2); say everything in one change\n\
             {dir}/twice.toml: line 15: hire 1 ('Aisha Bello'): 'Aisha Bello' is already on the roster; a hire needs a name of their own\n\
             {dir}/twice.toml: line 21: hire 3 ('CMO (hire)'): 'CMO (hire)' is hired twice (also hire 2)\n"
        )
    );
    assert_eq!(
        check("unknown-keys.toml"),
        format!(
            "orggap: {dir}/unknown-keys.toml: line 2: as_of '2027-13-01' is not a day written YYYY-MM-DD\n\
             {dir}/unknown-keys.toml: line 3: unknown key 'leaves'; expected one of name, as_of, leave, change, hire, requirement\n\
             {dir}/unknown-keys.toml: line 7: change 1 ('Tomás Ruiz'): capacity -1 is not a whole number of at least 0\n\
             {dir}/unknown-keys.toml: line 8: change 1 ('Tomás Ruiz'): unknown key 'levle'; expected one of person, levels, team, capacity, owns, manager, title\n\
             {dir}/unknown-keys.toml: line 10: hire 1: no name: a hire needs a name\n"
        )
    );
    assert_eq!(
        check("syntax.toml"),
        format!(
            "orggap: {dir}/syntax.toml: line 1: not a valid scenario: invalid basic string, expected `\"`\n"
        )
    );
    // Every command that reads a roster refuses a bad scenario the same way, writing nothing.
    let out = tempfile::tempdir().expect("a temporary folder");
    let folder = out.path().join("report");
    let stderr = refused(&[
        "report",
        ROSTER,
        "--scenario",
        "tests/data/bad-scenario/twice.toml",
        "--out",
        &folder.display().to_string(),
    ]);
    assert!(stderr.contains("is hired twice"), "{stderr}");
    assert!(!folder.exists());
}

/// The example roster as a person would edit it to do what the example scenario does:
/// Tomás Ruiz's row changed, the hire's row appended (Maya Chen leaves: `--without`).
fn edited_by_hand() -> String {
    let mut reader = csv::Reader::from_path(repo(ROSTER)).expect("the example roster");
    let header = reader.headers().expect("a header").clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("write the header");
    for record in reader.records() {
        let mut row: Vec<String> = record.expect("a row").iter().map(str::to_owned).collect();
        if row[column("Name")] == "Tomás Ruiz" {
            for (skill, level) in [
                ("Business acumen", "4"),
                ("Market requirements", "4"),
                ("Product strategy", "4"),
                ("Product portfolio management", "4"),
            ] {
                row[column(skill)] = level.into();
            }
            row[column("Team")] = "Product".into();
            row[column("Capacity")] = "5".into();
            row[column("Owns")] =
                "cpo.product-strategy;cpo.portfolio;pm.cross-functional-teams".into();
        }
        writer.write_record(&row).expect("write a row");
    }
    let mut hire = vec![String::new(); header.len()];
    for (field, value) in [
        ("Name", "CMO (hire)"),
        ("Title", "Chief Marketing Officer"),
        ("Team", "Marketing"),
        ("Capacity", "3"),
        ("Owns", "cmo.marketing-strategy;cmo.marketing-ownership"),
        ("Marketing", "5"),
        ("Marketing strategy", "5"),
        ("Marketing plans", "4"),
        ("Marketing campaigns", "4"),
        ("Product portfolio management", "4"),
        ("Demand generation", "4"),
        ("Marketing analytics", "4"),
        ("Business acumen", "4"),
        ("Team leadership", "4"),
        ("Communication", "4"),
        ("Sales", "3"),
        ("Distribution", "3"),
        ("Advertising and promotion", "4"),
    ] {
        hire[column(field)] = value.into();
    }
    writer.write_record(&hire).expect("write the hire");
    String::from_utf8(writer.into_inner().expect("the CSV")).expect("UTF-8")
}

#[test]
fn a_scenario_gives_exactly_the_check_of_the_roster_edited_by_hand() {
    let (code, mut applied) = check_json(&repo(ROSTER), &["--scenario", SCENARIO]);
    let (_dir, edited) = temp_file("edited.csv", edited_by_hand().as_bytes());
    let (edited_code, by_hand) = check_json(
        &edited,
        &["--without", "Maya Chen", "--as-of", "2027-01-01"],
    );
    assert_eq!(code, edited_code);
    assert_eq!(
        applied["scenario"],
        json!({"name": "Maya leaves; train Tomás; hire a CMO", "file": SCENARIO})
    );
    applied
        .as_object_mut()
        .expect("an object")
        .remove("scenario");
    assert_eq!(applied, by_hand);
    // And the scenario did change something: the baseline differs.
    let (_, baseline) = check_json(&repo(ROSTER), &[]);
    assert_ne!(baseline["summary"], by_hand["summary"]);
}

#[test]
fn every_output_names_the_scenario() {
    for command in ["check", "assign", "impact", "plan", "org"] {
        let (_, stdout, stderr) = run(&[command, ROSTER, "--scenario", SCENARIO]);
        assert!(
            stdout.starts_with("scenario: Maya leaves; train Tomás; hire a CMO\n"),
            "{command}: {stdout}{stderr}"
        );
        let (_, json, _) = run(&[command, ROSTER, "--scenario", SCENARIO, "--format", "json"]);
        let json: Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(json["scenario"]["file"], SCENARIO, "{command}");
        let (_, markdown, _) = run(&[
            command,
            ROSTER,
            "--scenario",
            SCENARIO,
            "--format",
            "markdown",
        ]);
        assert!(
            markdown.contains("**Scenario:** Maya leaves; train Tomás; hire a CMO"),
            "{command}"
        );
        // Without a scenario, nothing is said of one.
        let (_, plain, _) = run(&[command, ROSTER, "--format", "json"]);
        assert!(!plain.contains("\"scenario\""), "{command}");
    }
    let (_, dot, _) = run(&["graph", ROSTER, "--scenario", SCENARIO]);
    assert!(
        dot.contains("  label=\"scenario: Maya leaves; train Tomás; hire a CMO\";\n"),
        "{dot}"
    );
    let (_, mermaid, _) = run(&[
        "graph",
        ROSTER,
        "--scenario",
        SCENARIO,
        "--format",
        "mermaid",
    ]);
    assert!(
        mermaid.contains("  %% scenario: Maya leaves; train Tomás; hire a CMO\n"),
        "{mermaid}"
    );
    let (_, json, _) = run(&["graph", ROSTER, "--scenario", SCENARIO, "--format", "json"]);
    let json: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        json["scenario"]["name"],
        "Maya leaves; train Tomás; hire a CMO"
    );
    // The hire is drawn.
    assert!(json["nodes"].as_array().expect("nodes").iter().any(|n| {
        n["label"]
            .as_str()
            .is_some_and(|l| l.starts_with("CMO (hire)"))
    }));
    let (code, stdout, _) = run(&["inspect", ROSTER, "--scenario", SCENARIO]);
    assert_eq!(code, 0);
    assert!(stdout.contains("\n  Maya Chen leaves\n"), "{stdout}");
    assert!(
        stdout.contains("Tomás Ruiz: business-acumen 3→4, market-requirements 3→4, product-strategy 3→4, portfolio-management 2→4"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  hire CMO (hire) (Chief Marketing Officer, Marketing, capacity 3): "),
        "{stdout}"
    );
}

#[test]
fn without_and_as_of_compose_with_the_scenario() {
    // --without adds up with `leave`, and may name a hire.
    let (_, both) = check_json(
        &repo(ROSTER),
        &["--scenario", SCENARIO, "--without", "CMO (hire)"],
    );
    assert_eq!(both["without"], json!(["Maya Chen", "CMO (hire)"]));
    assert_eq!(both["people"], 15);
    // --as-of wins over the scenario's day.
    let (_, day) = check_json(
        &repo(ROSTER),
        &["--scenario", SCENARIO, "--as-of", "2026-06-30"],
    );
    assert_eq!(day["as_of"], "2026-06-30");
}

#[test]
fn compare_puts_the_baseline_and_each_scenario_side_by_side() {
    let (_dir, hire_only) = temp_file(
        "hire.toml",
        b"[[hire]]\nname = \"CMO (hire)\"\nlevels = { marketing = 5, marketing-strategy = 5, marketing-plans = 4, campaigns = 4, portfolio-management = 4, demand-generation = 4, marketing-analytics = 4, business-acumen = 4, team-leadership = 4, communication = 4, sales = 3, distribution = 3, advertising = 4 }\n",
    );
    let hire_only = hire_only.display().to_string();
    let (code, stdout, stderr) =
        run(&["compare", ROSTER, SCENARIO, &hire_only, "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["schema"], "orggap.compare.v1");
    let columns = report["columns"].as_array().expect("columns");
    let names: Vec<&str> = columns
        .iter()
        .map(|c| c["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        ["baseline", "Maya leaves; train Tomás; hire a CMO", "hire"]
    );
    // Each column says what check says of the same roster.
    let (_, baseline) = check_json(&repo(ROSTER), &[]);
    let (_, scenario) = check_json(&repo(ROSTER), &["--scenario", SCENARIO]);
    for (column, check) in columns.iter().zip([&baseline, &scenario]) {
        assert_eq!(column["people"], check["people"]);
        assert_eq!(column["summary"], check["summary"]);
        assert_eq!(
            column["truck_factor"],
            check["truck_factor"]["overall"]["size"]
        );
        let key: Vec<&Value> = check["key_people"]
            .as_array()
            .expect("key people")
            .iter()
            .map(|k| &k["person"])
            .collect();
        let listed: Vec<&Value> = column["key_people"]
            .as_array()
            .expect("key people")
            .iter()
            .collect();
        assert_eq!(listed, key);
    }
    // The plan's and assign's numbers of the baseline are theirs.
    let (_, plan, _) = run(&["plan", ROSTER, "--format", "json"]);
    let plan: Value = serde_json::from_str(&plan).expect("plan JSON");
    assert_eq!(columns[0]["training_steps"], plan["total_steps"]);
    let (_, assign, _) = run(&["assign", ROSTER, "--format", "json"]);
    let assign: Value = serde_json::from_str(&assign).expect("assign JSON");
    assert_eq!(
        columns[0]["unowned"].as_u64(),
        assign["unassigned"].as_array().map(|a| a.len() as u64)
    );
    // Only duties whose status differs, each with one status per column, in catalogue order.
    let rows = report["responsibilities"].as_array().expect("rows");
    assert!(!rows.is_empty());
    for row in rows {
        let id = row["id"].as_str().expect("an id");
        let status: Vec<&str> = row["status"]
            .as_array()
            .expect("statuses")
            .iter()
            .map(|s| s.as_str().unwrap_or(""))
            .collect();
        assert_eq!(status.len(), 3);
        assert!(status.iter().any(|s| *s != status[0]), "{id}");
        assert_eq!(status[0], crate::duty(&baseline, id)["status"]);
        assert_eq!(status[1], crate::duty(&scenario, id)["status"]);
    }
    let differing = baseline["responsibilities"]
        .as_array()
        .expect("duties")
        .iter()
        .zip(scenario["responsibilities"].as_array().expect("duties"))
        .filter(|(b, s)| b["status"] != s["status"])
        .count();
    assert!(rows.len() >= differing);
    // The text table marks the best value of each row.
    let (_, text, _) = run(&["compare", ROSTER, SCENARIO, &hire_only]);
    assert!(text.starts_with("A: baseline\nB: Maya leaves; train Tomás; hire a CMO (data/example-scenario.toml)\nC: hire ("), "{text}");
    let gaps = text
        .lines()
        .find(|l| l.starts_with("gaps "))
        .expect("a gaps row");
    let values: Vec<&str> = gaps.split_whitespace().skip(1).collect();
    assert_eq!(values, ["4", "*1", "*1"], "{text}");
}

#[test]
fn report_with_a_scenario_shows_it_against_the_baseline() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let folder = out.path().join("report");
    let (code, _, stderr) = run(&[
        "report",
        ROSTER,
        "--scenario",
        SCENARIO,
        "--out",
        &folder.display().to_string(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(folder.join("report.html")).expect("report.html");
    assert!(
        html.contains("scenario: <strong><bdi>Maya leaves; train Tomás; hire a CMO</bdi></strong>")
    );
    assert!(html.contains("<h2 id=\"against-baseline\">Against the baseline</h2>"));
    assert!(html.contains("<figure id=\"against-baseline\""));
    assert!(html.contains("<li><bdi>Maya Chen leaves</bdi></li>"));
    let markdown = std::fs::read_to_string(folder.join("report.md")).expect("report.md");
    assert!(markdown.contains("## Against the baseline"));
    assert!(markdown.contains("![Against the baseline, by role](against-baseline.png)"));
    // Status changes name both statuses: cmo.marketing-strategy goes from at risk to covered.
    assert!(
        markdown.contains("| `cmo.marketing-strategy` "),
        "{markdown}"
    );
    let png = std::fs::read(folder.join("against-baseline.png")).expect("the chart");
    assert!(png.starts_with(b"\x89PNG"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// The plan written as a scenario closes everything: checked with it, the roster has no
    /// gap and no duty at risk, whether the plan trains, hires or both.
    #[test]
    fn the_plan_as_a_scenario_leaves_nothing_open(
        seed in 0u64..1_000,
        people in 6usize..60,
        max_steps in 1u32..4,
    ) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let roster = dir.path().join("roster.csv");
        let plan = dir.path().join("plan.toml");
        let roster = roster.display().to_string();
        let (code, _, stderr) = run(&["generate", "--people", &people.to_string(), "--seed", &seed.to_string(), "--out", &roster]);
        proptest::prop_assert_eq!(code, 0, "{}", stderr);
        let (code, _, stderr) = run(&[
            "plan", &roster, "--max-steps", &max_steps.to_string(), "--without", "",
            "--scenario-out", &plan.display().to_string(),
        ]);
        // `--without ''` names nobody: refused, and nothing is written.
        proptest::prop_assert_eq!(code, 2, "{}", stderr);
        proptest::prop_assert!(!plan.exists());
        let (code, _, stderr) = run(&[
            "plan", &roster, "--max-steps", &max_steps.to_string(),
            "--scenario-out", &plan.display().to_string(),
        ]);
        proptest::prop_assert_eq!(code, 0, "{}", stderr);
        let (code, stdout, stderr) = run(&[
            "check", &roster, "--scenario", &plan.display().to_string(), "--fail-on", "at-risk",
        ]);
        let toml = std::fs::read_to_string(&plan).unwrap_or_default();
        proptest::prop_assert_eq!(code, 0, "{}{}\n{}", stdout, stderr, toml);
    }
}

#[test]
fn the_example_plan_as_a_scenario_is_commented_and_closes_everything() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let plan = dir.path().join("p.toml").display().to_string();
    let (code, _, stderr) = run(&["plan", ROSTER, "--scenario-out", &plan]);
    assert_eq!(code, 0, "{stderr}");
    let toml = std::fs::read_to_string(&plan).expect("the plan");
    assert!(toml.contains("# plan: train Tomás Ruiz (5 level steps); closes cpo.product-strategy, cpo.new-offerings, cpo.portfolio\n[[change]]\nperson = \"Tomás Ruiz\"\nlevels = { business-acumen = 4, market-requirements = 4, product-strategy = 4, portfolio-management = 4 }\n"), "{toml}");
    let (code, stdout, _) = run(&["check", ROSTER, "--scenario", &plan, "--fail-on", "at-risk"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("32 duties, 16 people: 32 covered"),
        "{stdout}"
    );
    // Made under a scenario, the plan extends it: its leavers, changes and hires stay.
    let (code, _, stderr) = run(&[
        "plan",
        ROSTER,
        "--scenario",
        SCENARIO,
        "--scenario-out",
        &plan,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let toml = std::fs::read_to_string(&plan).expect("the plan");
    assert!(
        toml.contains("name = \"Maya leaves; train Tomás; hire a CMO, then the plan\"\n"),
        "{toml}"
    );
    assert!(toml.contains("leave = [\"Maya Chen\"]\n"), "{toml}");
    assert!(toml.contains("name = \"CMO (hire)\""), "{toml}");
    let (code, stdout, _) = run(&["check", ROSTER, "--scenario", &plan, "--fail-on", "at-risk"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn compare_snapshots() {
    for (format, name) in [
        ("text", "compare_text"),
        ("markdown", "compare_markdown"),
        ("json", "compare_json"),
    ] {
        let (code, stdout, stderr) = run(&["compare", ROSTER, SCENARIO, "--format", format]);
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(name, stdout);
    }
}

#[test]
fn a_requirement_gives_exactly_the_check_of_the_catalogue_edited_that_way() {
    let scenario = "[[requirement]]\nduty = \"cpo.product-strategy\"\nrequires = { product-strategy = 3, \"Business acumen\" = 3 }\nmin_owners = 1\n";
    let (dir, scenario) = temp_file("strategy.toml", scenario.as_bytes());
    let scenario = scenario.display().to_string();
    let (code, mut applied) = check_json(&repo(ROSTER), &["--scenario", &scenario]);
    // The same catalogue, edited by hand.
    let (_, catalogue, _) = run(&["catalogue"]);
    let edited = catalogue.replace(
        "title = \"Set the product strategy\"\nrequires = { product-strategy = 4, business-acumen = 4, market-research = 3 }\nmin_owners = 2\n",
        "title = \"Set the product strategy\"\nrequires = { product-strategy = 3, business-acumen = 3 }\nmin_owners = 1\n",
    );
    assert_ne!(
        edited, catalogue,
        "the duty is in the catalogue as expected"
    );
    let path = dir.path().join("edited.toml");
    std::fs::write(&path, edited).unwrap();
    let (by_hand_code, by_hand) =
        check_json(&repo(ROSTER), &["--catalogue", path.to_str().unwrap()]);
    assert_eq!(code, by_hand_code);
    applied.as_object_mut().unwrap().remove("scenario");
    assert_eq!(applied, by_hand);
    let (_, baseline) = check_json(&repo(ROSTER), &[]);
    assert_ne!(
        baseline["summary"], by_hand["summary"],
        "the what-if changes something"
    );
    // compare: the baseline under the catalogue as it is, the scenario under its own.
    let (_, compare, err) = run(&["compare", ROSTER, &scenario, "--format", "json"]);
    let compare: Value = serde_json::from_str(&compare).expect(&err);
    assert_eq!(compare["columns"][0]["summary"], baseline["summary"]);
    assert_eq!(compare["columns"][1]["summary"], by_hand["summary"]);
    // report says what the what-if changes, against the catalogue before it.
    let (_, text, _) = run(&["check", ROSTER, "--scenario", &scenario]);
    assert!(text.starts_with("scenario: strategy"), "{text}");
    let out = dir.path().join("report");
    run(&[
        "report",
        ROSTER,
        "--scenario",
        &scenario,
        "--out",
        out.to_str().unwrap(),
    ]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("CPO · Set the product strategy: requires product-strategy 4, business-acumen 4, market-research 3 → business-acumen 3, product-strategy 3, min\\_owners 2 → 1"),
        "{md}"
    );
}

#[test]
fn a_change_sets_a_title_and_a_hire_reports_to_a_manager() {
    let scenario = "[[change]]\nperson = \"Tomás Ruiz\"\ntitle = \"Head of Product\"\n\n[[hire]]\nname = \"New CMO\"\nmanager = \"E1000\"\n";
    let (_dir, scenario) = temp_file("people.toml", scenario.as_bytes());
    let scenario = scenario.display().to_string();
    let hr = "data/example-hr.csv";
    let (_, org, err) = run(&[
        "graph",
        hr,
        "--org",
        "--format",
        "json",
        "--scenario",
        &scenario,
    ]);
    let org: Value = serde_json::from_str(&org).expect(&err);
    let label = |who: &str| -> String {
        org["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["label"].as_str().unwrap().to_owned())
            .find(|l| l.starts_with(who))
            .unwrap_or_else(|| panic!("no {who}"))
    };
    assert!(label("Tomás Ruiz").contains("Head of Product"));
    let id_of = |who: &str| -> String {
        org["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["label"].as_str().unwrap().starts_with(who))
            .map(|n| n["id"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let edge = json!([id_of("Olivia Grant"), id_of("New CMO")]);
    assert!(
        org["edges"].as_array().unwrap().contains(&edge),
        "the hire reports to Olivia Grant"
    );
    // The report says what changed.
    let (_, text, _) = run(&["check", hr, "--scenario", &scenario, "--format", "markdown"]);
    assert!(text.contains("**Scenario:** people"), "{text}");
}

#[test]
fn bad_requirements_are_refused_with_line_and_entry() {
    let scenario = "[[requirement]]\nduty = \"cpo.nothing\"\n\n[[requirement]]\nduty = \"cpo.budget\"\nrequires = { juggling = 3 }\nmin_owners = 0\n\n[[requirement]]\nduty = \"cpo.budget\"\nbudget = 2\n";
    let (_dir, path) = temp_file("bad.toml", scenario.as_bytes());
    let file = path.display().to_string();
    let stderr = refused(&["check", ROSTER, "--scenario", &file]);
    for expected in [
        "line 2: requirement 1 ('cpo.nothing'): 'cpo.nothing' is not a responsibility of the catalogue",
        "line 6: requirement 2 ('cpo.budget'): 'juggling' is not a skill of the catalogue",
        "line 7: requirement 2 ('cpo.budget'): min_owners 0 is not a whole number of at least 1",
        "requirement 3 ('cpo.budget'): 'cpo.budget' is changed twice (also requirement 2)",
        "line 11: requirement 3 ('cpo.budget'): unknown key 'budget'; expected one of duty, requires, min_owners",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}
