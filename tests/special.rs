//! Outputs onto what is not a regular file, two outputs onto one file, errors said once,
//! and TOML files read only up to their limit (issue: the third round of hostile inputs).

use std::path::Path;

use crate::run;

const ROSTER: &str = "data/example-roster.csv";

fn check_json_to(output: &Path) -> (i32, String, String) {
    let output = output.display().to_string();
    run(&["check", ROSTER, "--format", "json", "--output", &output])
}

/// Runs `check --format json --output OUTPUT`, which must succeed (0, or 1 for the gaps).
fn writes(output: &Path) {
    let (code, _, err) = check_json_to(output);
    assert!(code == 0 || code == 1, "{err}");
}

/// Whether `path` is still a character device.
#[cfg(unix)]
fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

#[cfg(unix)]
#[test]
fn a_device_is_written_into_never_replaced_also_through_a_link() {
    let null = Path::new("/dev/null");
    writes(null);
    assert!(is_char_device(null), "/dev/null is still a device");
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("null.json");
    std::os::unix::fs::symlink(null, &link).unwrap();
    writes(&link);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(is_char_device(null));
    // A device that refuses the bytes is an error said once, and stays a device.
    let full = Path::new("/dev/full");
    if full.exists() {
        let (code, _, err) = check_json_to(full);
        assert_eq!(code, 2);
        assert_eq!(
            err,
            "orggap: /dev/full: cannot write: No space left on device (os error 28)\n"
        );
        assert!(is_char_device(full));
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_into_for_its_reader() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    writes(&fifo);
    let bytes = reader.join().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert!(json["summary"].is_object());
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_is_written_through_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    writes(&link);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read_to_string(&real).unwrap().starts_with('{'));
    // A link to a file not there yet makes the file, as `cp` does.
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink("later.json", &dangling).unwrap();
    writes(&dangling);
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(dir.path().join("later.json").is_file());
    // A report's own files are never links it would replace.
    let out = dir.path().join("report");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&real, out.join("check.json")).unwrap();
    let out_text = out.display().to_string();
    let (code, _, err) = run(&["report", ROSTER, "--out", &out_text, "-q"]);
    assert_eq!(code, 2);
    assert!(err.contains("check.json: is not a regular file"), "{err}");
    assert!(std::fs::read_to_string(&real).unwrap().starts_with('{'));
}

#[test]
fn a_folder_is_no_output_and_the_error_says_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = check_json_to(dir.path());
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "orggap: {}: is a folder; give a file to write\n",
            dir.path().display()
        )
    );
}

#[test]
fn two_outputs_onto_one_file_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().join("plan.toml");
    let same_text = same.display().to_string();
    let (code, _, err) = run(&[
        "plan",
        ROSTER,
        "--scenario-out",
        &same_text,
        "--output",
        &same_text,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--scenario-out and --output name one file"),
        "{err}"
    );
    assert!(!same.exists());
    // Named two ways (through the folder's `.`), still one file.
    let other = dir.path().join(".").join("plan.toml");
    let (code, _, _) = run(&[
        "plan",
        ROSTER,
        "--scenario-out",
        &same_text,
        "--output",
        &other.display().to_string(),
    ]);
    assert_eq!(code, 2);
    // Two files are fine.
    let json = dir.path().join("plan.json").display().to_string();
    let (code, _, err) = run(&[
        "plan",
        ROSTER,
        "--scenario-out",
        &same_text,
        "--output",
        &json,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(same.is_file());
}

#[test]
fn a_toml_file_past_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    // Sparse: two gigabytes that take no room, and would take 2 GB of memory to read.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let big_text = big.display().to_string();
    for (flag, what) in [("--scenario", "scenario"), ("--catalogue", "catalogue")] {
        let (code, _, err) = run(&["check", ROSTER, flag, &big_text]);
        assert_eq!(code, 2);
        assert_eq!(
            err,
            format!(
                "orggap: {big_text}: the {what} is 2147483648 bytes; a {what} may be at most \
                 16777216 bytes (16 MiB)\n"
            )
        );
    }
    #[cfg(unix)]
    {
        let (code, _, err) = run(&["check", ROSTER, "--scenario", "/dev/zero"]);
        assert_eq!(code, 2);
        assert!(
            err.contains("the scenario is more than 16777216 bytes"),
            "{err}"
        );
    }
}

#[test]
fn every_command_that_prints_takes_output_and_the_old_flags_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<&str>); 6] = [
        ("org.txt", vec!["org", ROSTER]),
        (
            "compare.txt",
            vec!["compare", ROSTER, "data/example-scenario.toml"],
        ),
        ("diff.txt", vec!["diff", ROSTER, "data/example-hr.csv"]),
        ("graph.dot", vec!["graph", ROSTER]),
        ("catalogue.toml", vec!["catalogue"]),
        ("inspect.txt", vec!["inspect", ROSTER]),
    ];
    for (name, mut args) in cases {
        let (code, printed, _) = run(&args);
        let file = dir.path().join(name).display().to_string();
        args.extend(["--output", &file]);
        let (again, nothing, err) = run(&args);
        assert_eq!((again, nothing.as_str()), (code, ""), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), printed, "{args:?}");
    }
    let folder = dir.path().join("report").display().to_string();
    let (code, _, err) = run(&["report", ROSTER, "--output", &folder, "-q"]);
    assert_eq!(code, 0, "{err}");
    assert!(Path::new(&folder).join("report.html").is_file());
    let generated = dir.path().join("g.csv").display().to_string();
    for flag in ["--out", "--output"] {
        let (code, _, err) = run(&["generate", "--people", "5", flag, &generated]);
        assert_eq!(code, 0, "{err}");
    }
}

#[test]
fn a_workbook_without_output_goes_to_a_pipe() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_orggap"))
        .args(["check", ROSTER, "--format", "xlsx"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.stdout.starts_with(b"PK\x03\x04"),
        "a zip (xlsx) on the pipe"
    );
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("orggap-check.xlsx")
            .exists()
    );
}

#[cfg(unix)]
#[test]
fn a_workbook_without_output_on_a_terminal_goes_to_a_named_file_said_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let roster = Path::new(env!("CARGO_MANIFEST_DIR")).join(ROSTER);
    let command = format!(
        "{} check {} --format xlsx",
        env!("CARGO_BIN_EXE_orggap"),
        roster.display()
    );
    let on_a_terminal = || {
        let output = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(dir.path())
            .output()
            .expect("script (util-linux) runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let said = on_a_terminal();
    assert!(
        said.contains("wrote the workbook to orggap-check.xlsx"),
        "{said}"
    );
    let written = dir.path().join("orggap-check.xlsx");
    let bytes = std::fs::read(&written).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    // Run again: the file there is not replaced.
    let said = on_a_terminal();
    assert!(
        said.contains("orggap-check.xlsx is already here and is not replaced"),
        "{said}"
    );
    assert_eq!(std::fs::read(&written).unwrap(), bytes);
}
