//! End-to-end tests of the `orggap` binary: each runs the built binary on files under
//! `tests/data/` or written into a temporary folder.

mod bad_input;
mod catalogue;
mod check;
mod decide;
mod diff;
mod docs;
mod files;
mod graph;
mod hostile;
mod hr;
mod import;
mod names;
mod ordering;
mod org;
mod plan;
mod policy;
mod ratings;
mod report;
mod safety;
mod scale;
mod scenario;
mod schemas;
mod serve;
mod special;
mod spreadsheets;
mod template;
mod unknown;
mod workbooks;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The built `orggap` binary, run from the repository root with colour off.
pub fn orggap() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_orggap"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

/// A path under the repository root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A temporary folder holding one file `name` with `contents`; returns the folder (keep it
/// alive) and the file's path.
pub fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write fixture");
    (dir, path)
}

/// `orggap check PATH --format json` with extra flags, parsed; also returns the exit code.
/// The ids of the duties of a check report with `status`, in catalogue order.
pub fn duty_ids<'a>(check: &'a serde_json::Value, status: &str) -> Vec<&'a str> {
    check["responsibilities"]
        .as_array()
        .expect("responsibilities")
        .iter()
        .filter(|r| r["status"] == status)
        .map(|r| r["id"].as_str().expect("an id"))
        .collect()
}

pub fn check_json(path: &Path, flags: &[&str]) -> (i32, serde_json::Value) {
    let output = orggap()
        .arg("check")
        .arg(path)
        .args(["--format", "json"])
        .args(flags)
        .output()
        .expect("run orggap");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let json = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    (output.status.code().unwrap_or(-1), json)
}

/// The responsibility `id` of a check report.
pub fn duty<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["responsibilities"]
        .as_array()
        .expect("a responsibilities array")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no responsibility {id}"))
}

/// The `id` fields of the array `json[key]`.
pub fn ids<'a>(json: &'a serde_json::Value, key: &str) -> Vec<&'a str> {
    json[key]
        .as_array()
        .expect("an array")
        .iter()
        .map(|r| r["id"].as_str().expect("an id"))
        .collect()
}

/// Runs orggap with `args` and returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let output = orggap().args(args).output().expect("run orggap");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
