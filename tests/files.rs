//! Files orggap writes: a report folder whole or untouched (full disk, two runs at once,
//! Ctrl-C), the user's permissions, and never over a file it reads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{repo, run};

/// Every file of a folder with its bytes, hidden ones included.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("a folder")
        .map(|e| {
            let e = e.expect("an entry");
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = if e.path().is_dir() {
                b"<folder>".to_vec()
            } else {
                std::fs::read(e.path()).expect("a file")
            };
            (name, bytes)
        })
        .collect()
}

fn report_args(roster: &Path, out: &Path) -> Vec<String> {
    vec![
        "report".into(),
        roster.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ]
}

/// The example roster with one person's budget level changed, so its report differs.
fn changed_example(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(repo("data/example-roster.csv")).expect("example");
    let path = dir.join("changed.csv");
    std::fs::write(&path, text.replacen("Maya Chen", "Maya Chen-Lee", 1)).expect("write");
    path
}

/// Runs the built binary through `sh -c` (for `ulimit` and `umask`), from the repository.
#[cfg(unix)]
fn sh(script: &str, args: &[String]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{script}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_orggap"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run sh")
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_part_way_leaves_the_old_report_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("report");
    let (code, _, stderr) = run(&report_args(&repo("data/example-roster.csv"), &out)
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>());
    assert_eq!(code, 0, "{stderr}");
    let before = contents(&out);
    // Files may not grow past 64 blocks of 512 bytes: the larger charts cannot be written.
    let output = sh(
        "ulimit -f 64",
        &report_args(&changed_example(dir.path()), &out),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_eq!(
        contents(&out),
        before,
        "the old report is untouched, nothing left over"
    );
    // A report into a new folder under the same limit leaves no folder at all.
    let fresh = dir.path().join("fresh");
    let output = sh(
        "ulimit -f 64",
        &report_args(&changed_example(dir.path()), &fresh),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(!fresh.exists());
    let names: Vec<String> = contents(dir.path()).into_keys().collect();
    assert_eq!(names, ["changed.csv", "report"], "no staging left behind");
}

#[test]
fn two_runs_into_one_folder_never_mix_their_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (one, two) = (repo("data/example-roster.csv"), changed_example(dir.path()));
    // Each run's own complete set, for reference.
    let mut sets = Vec::new();
    for (i, roster) in [&one, &two].into_iter().enumerate() {
        let out = dir.path().join(format!("alone{i}"));
        let args = report_args(roster, &out);
        let (code, _, _) = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(code, 0);
        sets.push(contents(&out));
    }
    assert_ne!(sets[0], sets[1]);
    let out = dir.path().join("shared");
    // A few rounds of whole runs; the writer's own unit test races forty rounds of small
    // sets (crates/cli/files.rs).
    for round in 0..3 {
        let children: Vec<_> = [&one, &two]
            .into_iter()
            .map(|roster| {
                std::process::Command::new(env!("CARGO_BIN_EXE_orggap"))
                    .args(report_args(roster, &out))
                    .current_dir(env!("CARGO_MANIFEST_DIR"))
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for mut child in children {
            assert!(child.wait().expect("wait").success());
        }
        let now = contents(&out);
        assert!(
            now == sets[0] || now == sets[1],
            "round {round}: a mix of two runs"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_behind() {
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("big.csv");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_orggap"))
        .args(["generate", "--people", "50000000", "--out"])
        .arg(&out)
        .spawn()
        .expect("spawn");
    // Wait until the temporary file is there and growing, then press Ctrl-C.
    let start = Instant::now();
    let temporary = loop {
        let found = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().starts_with(".big.csv."));
        if let Some(entry) = found
            && entry.metadata().is_ok_and(|m| m.len() > 0)
        {
            break entry.path();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary appeared"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    let pid = rustix::process::Pid::from_child(&child);
    rustix::process::kill_process(pid, rustix::process::Signal::INT).expect("kill");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(130));
    assert!(!temporary.exists(), "the temporary is removed");
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[cfg(unix)]
#[test]
fn files_get_the_users_permissions_and_a_replaced_file_keeps_a_stricter_one() {
    use std::os::unix::fs::PermissionsExt;

    let mode = |path: &Path| std::fs::metadata(path).expect("meta").permissions().mode() & 0o777;
    let dir = tempfile::tempdir().expect("temp dir");
    let example = repo("data/example-roster.csv");
    let report_under = |umask: &str, out: &Path| {
        let output = sh(&format!("umask {umask}"), &report_args(&example, out));
        assert!(output.status.success(), "{output:?}");
    };
    let open = dir.path().join("open");
    report_under("022", &open);
    assert_eq!(mode(&open), 0o755);
    assert_eq!(mode(&open.join("report.html")), 0o644);
    let private = dir.path().join("private");
    report_under("077", &private);
    assert_eq!(mode(&private), 0o700);
    assert_eq!(mode(&private.join("check.json")), 0o600);
    // A file the owner made private stays private when the report is written again.
    std::fs::set_permissions(
        open.join("check.json"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    report_under("022", &open);
    assert_eq!(mode(&open.join("check.json")), 0o600);
    assert_eq!(mode(&open.join("report.md")), 0o644);
    let generated = dir.path().join("g.csv");
    let args: Vec<String> = ["generate", "--people", "5", "--out"]
        .iter()
        .map(|s| (*s).to_owned())
        .chain([generated.display().to_string()])
        .collect();
    assert!(sh("umask 027", &args).status.success());
    assert_eq!(mode(&generated), 0o640);
}

/// Runs `report ROSTER --out OUT` and expects a refusal naming `file`.
fn report_refused(roster: &Path, out: &Path, file: &str) {
    let args = report_args(roster, out);
    let (code, _, stderr) = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 2, "{stderr}");
    let expected = format!("{file}: will not write here: it is");
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn no_output_may_overwrite_a_file_being_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    let roster_bytes = std::fs::read(repo("data/example-roster.csv")).expect("example");
    // The roster is stored under the name of a report file.
    let inside = out.join("graph.mmd");
    std::fs::write(&inside, &roster_bytes).expect("write");
    report_refused(&inside, &out, "graph.mmd");
    assert_eq!(std::fs::read(&inside).expect("read"), roster_bytes);
    assert_eq!(contents(&out).len(), 1, "nothing else written");

    // Through a hard link, and (on unix) through a symbolic link.
    let roster = dir.path().join("team.csv");
    std::fs::write(&roster, &roster_bytes).expect("write");
    std::fs::hard_link(&roster, out.join("check.json")).expect("link");
    report_refused(&roster, &out, "check.json");
    std::fs::remove_file(out.join("check.json")).expect("unlink");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&roster, out.join("report.md")).expect("symlink");
        report_refused(&roster, &out, "report.md");
    }
    assert_eq!(std::fs::read(&roster).expect("read"), roster_bytes);
    // generate --out onto its own --catalogue.
    let catalogue = dir.path().join("cat.toml");
    let (_, toml, _) = run(&["catalogue"]);
    std::fs::write(&catalogue, &toml).expect("write");
    let path = catalogue.display().to_string();
    let (code, _, stderr) = run(&["generate", "--catalogue", &path, "--out", &path]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read_to_string(&catalogue).expect("read"), toml);
}
