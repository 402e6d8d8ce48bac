//! `orggap report`: the folder it writes.

use crate::{repo, run};

#[test]
fn writes_check_json_and_report_md_into_a_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/report");
    let other = dir.path().join("nested/report/keep.txt");
    std::fs::create_dir_all(out.clone()).unwrap();
    std::fs::write(&other, "mine").unwrap();
    let (code, _, stderr) = run(&[
        "report",
        "data/example-roster.csv",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("check.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "orggap.check.v1");
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(markdown.starts_with("# Product-leadership coverage"));
    assert_eq!(
        std::fs::read_to_string(other).unwrap(),
        "mine",
        "other files are left alone"
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["check.json", "keep.txt", "report.md"],
        "no temporary files left"
    );
}

#[test]
fn the_committed_example_report_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = run(&[
        "report",
        "data/example-roster.csv",
        "--out",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(code, 0);
    for name in ["check.json", "report.md"] {
        let fresh = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let committed = std::fs::read_to_string(repo("reports/example").join(name))
            .unwrap_or_else(|e| panic!("reports/example/{name}: {e}"));
        assert!(
            fresh == committed,
            "reports/example/{name} is stale: run `cargo run --release -- report data/example-roster.csv --out reports/example`"
        );
    }
}

#[test]
fn a_report_is_not_written_when_the_roster_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("bad.csv");
    std::fs::write(&roster, "name,budgeting\nAda,9\n").unwrap();
    let out = dir.path().join("out");
    let (code, _, _) = run(&[
        "report",
        &roster.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 2);
    assert!(!out.exists(), "nothing is written for a bad roster");
}
