//! A catalogue on its own scale (SFIA-style, levels 0..7 with names) end to end: check,
//! plan, report, catalogue output, `--level-word` and the messages of bad levels.

use serde_json::json;

use crate::{check_json, duty, repo, run, temp_file};

const CATALOGUE: &str = "tests/data/scale/sfia-catalogue.toml";
const ROSTER: &str = "tests/data/scale/sfia-roster.csv";

fn catalogue() -> String {
    repo(CATALOGUE).display().to_string()
}

#[test]
fn levels_are_read_in_the_scales_words() {
    let (code, json) = check_json(&repo(ROSTER), &["--catalogue", &catalogue()]);
    assert_eq!(code, 1, "user research 6 is a gap");
    // Product management 7 ("set strategy"): only Asha; "Initiate" (6) is not enough.
    assert_eq!(duty(&json, "pm.strategy")["qualified"], json!(["Asha Rao"]));
    // Product management 5 and user research 4: "ensure"/5 and "enable"/"Apply"/4.
    let product = duty(&json, "pm.product");
    assert_eq!(
        product["qualified"],
        json!(["Asha Rao", "Carla Nunes", "Dev Patel"])
    );
    // Budgeting 6: the alias "lead" is 6; Carla's N/A is unknown.
    let budget = duty(&json, "pm.budget");
    assert_eq!(budget["qualified"], json!(["Asha Rao"]));
    assert_eq!(budget["unassessed"], json!(["Carla Nunes"]));
    assert_eq!(budget["status"], "covered");
    assert_eq!(
        duty(&json, "pm.research")["nearest"],
        json!([
            {"person": "Dev Patel", "shortfall": 1},
            {"person": "Asha Rao", "shortfall": 2},
            {"person": "Carla Nunes", "shortfall": 2}
        ])
    );
}

#[test]
fn the_plan_names_levels_in_the_scales_words() {
    let (code, out, err) = run(&["plan", ROSTER, "--catalogue", &catalogue()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Dev Patel: user-research 5→6 (ensure→initiate)"),
        "{out}"
    );
    // A hire's profile, and the catalogue's requirements, in the scale's words too.
    let (code, out, err) = run(&[
        "plan",
        ROSTER,
        "--catalogue",
        &catalogue(),
        "--max-steps",
        "0",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("user-research ≥ 6 (initiate)"), "{out}");
    let (code, out, err) = run(&[
        "catalogue",
        "--catalogue",
        &catalogue(),
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Product management ≥ 5 (ensure)"), "{out}");
}

#[test]
fn the_report_and_the_catalogue_keep_the_scale() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let out_text = out.display().to_string();
    let (code, _, err) = run(&[
        "report",
        ROSTER,
        "--catalogue",
        &catalogue(),
        "--out",
        &out_text,
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("1 cell says the level is not assessed"));
    // Written back as TOML, the catalogue loads again with the same scale.
    let (code, toml, err) = run(&["catalogue", "--catalogue", &catalogue(), "--format", "toml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        toml.starts_with("[scale]\nlevels = [\"none\", \"follow\""),
        "{toml}"
    );
    let (_dir, again) = temp_file("again.toml", toml.as_bytes());
    let (_, json) = check_json(
        &repo(ROSTER),
        &["--catalogue", &again.display().to_string()],
    );
    assert_eq!(duty(&json, "pm.budget")["qualified"], json!(["Asha Rao"]));
}

#[test]
fn words_for_one_run_and_levels_off_the_scale() {
    let roster = "Name,Product management,User research,Budget control\nEve,guru,0,0\n";
    let (_dir, path) = temp_file("r.csv", roster.as_bytes());
    let path = path.display().to_string();
    let (code, _, err) = run(&["check", &path, "--catalogue", &catalogue()]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "level 'guru' is not 0..7 or a level word (none, follow, assist, apply, enable, ensure, initiate, set strategy)"
        ),
        "{err}"
    );
    let (_, json) = check_json(
        std::path::Path::new(&path),
        &["--catalogue", &catalogue(), "--level-word", "guru=7"],
    );
    assert_eq!(duty(&json, "pm.strategy")["qualified"], json!(["Eve"]));
    let (code, _, err) = run(&[
        "check",
        &path,
        "--catalogue",
        &catalogue(),
        "--level-word",
        "guru=8",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("level 8 for 'guru' is not on the scale 0..7"),
        "{err}"
    );
    // The built-in scale reads the words other scales use.
    let common = "Name,Budget control,Business acumen\nAda,advanced,intermediate\n";
    let (_dir, path) = temp_file("c.csv", common.as_bytes());
    let (_, json) = check_json(&path, &[]);
    assert_eq!(duty(&json, "cpo.budget")["qualified"], json!(["Ada"]));
}

#[test]
fn a_scale_that_does_not_hold_is_refused() {
    let bad = "[scale]\nlevels = [\"none\"]\n[[skills]]\nid = \"a\"\nname = \"A\"\n\
               [[roles]]\nid = \"r\"\nname = \"R\"\n[[responsibilities]]\nid = \"r.x\"\n\
               role = \"r\"\ntitle = \"X\"\nrequires = { a = 3 }\n";
    let (_dir, path) = temp_file("bad.toml", bad.as_bytes());
    let (code, _, err) = run(&["catalogue", "--catalogue", &path.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 2: scale: levels must name 2 to 10 levels"),
        "{err}"
    );
    let over = bad.replace("[\"none\"]", "[\"none\", \"some\", \"all\"]");
    let (_dir, path) = temp_file("over.toml", over.as_bytes());
    let (code, _, err) = run(&["catalogue", "--catalogue", &path.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("level 3 for skill 'a' is not a whole number 0..2"),
        "{err}"
    );
}
