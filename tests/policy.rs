//! `--policy` (accepted gaps, `min_owners` overrides) and `--as-of` with a `leaves` column.

use serde_json::json;

use crate::{check_json, duty, repo, run, temp_file};

const EXAMPLE: &str = "data/example-roster.csv";

#[test]
fn accepted_gaps_are_reported_as_accepted_and_never_fail() {
    // The example's four gaps, all accepted: check passes.
    let policy = "accept = [\n\
        { id = \"cpo.commercial-functions\", reason = \"the CMO runs sales\" },\n\
        { id = \"cpo.manufacturing\", reason = \"made by a contract manufacturer\" },\n\
        { id = \"cmo.product-portfolio\", reason = \"the CPO owns the portfolio\" },\n\
        { id = \"cmo.demand-analysis\", reason = \"agency contract\" },\n]\n";
    let (_dir, path) = temp_file("policy.toml", policy.as_bytes());
    let path = path.display().to_string();
    let (code, json) = check_json(&repo(EXAMPLE), &["--policy", &path]);
    assert_eq!(code, 0, "accepted gaps do not fail");
    assert_eq!(
        json["summary"],
        json!({"covered": 22, "at_risk": 6, "gap": 0, "accepted": 4, "unassessed": 0})
    );
    let manufacturing = duty(&json, "cpo.manufacturing");
    assert_eq!(manufacturing["status"], "accepted");
    assert_eq!(
        manufacturing["accepted_reason"],
        "made by a contract manufacturer"
    );
    assert_eq!(json["roles"][1]["accepted"], 2);
    let (code, _) = check_json(&repo(EXAMPLE), &["--policy", &path, "--fail-on", "at-risk"]);
    assert_eq!(code, 1, "at-risk duties still fail --fail-on at-risk");
    // The charts' legends name "accepted" with the policy, and only then.
    let out = tempfile::tempdir().unwrap();
    for (flags, expected) in [(vec!["--policy", path.as_str()], true), (vec![], false)] {
        let dir = out.path().join(format!("report-{expected}"));
        let dir_arg = dir.display().to_string();
        let mut args = vec!["report", EXAMPLE, "--out", &dir_arg];
        args.extend(flags);
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 0, "{stderr}");
        for chart in ["coverage.svg", "responsibilities.svg"] {
            let svg = std::fs::read_to_string(dir.join(chart)).unwrap();
            let legend = svg.contains("\naccepted\n</text>");
            assert_eq!(legend, expected, "{chart} with policy: {expected}");
        }
    }
}

#[test]
fn min_owners_per_role_and_per_duty() {
    // cmo = 1 makes every CMO duty with one qualified person covered; cmo.launches = 3 makes
    // it (2 qualified) at risk.
    let (_dir, path) = temp_file(
        "policy.toml",
        b"[min_owners]\ncmo = 1\n\"cmo.launches\" = 3\n",
    );
    let path = path.display().to_string();
    let (_, json) = check_json(&repo(EXAMPLE), &["--policy", &path]);
    assert_eq!(duty(&json, "cmo.marketing-ownership")["status"], "covered");
    assert_eq!(duty(&json, "cmo.marketing-ownership")["min_owners"], 1);
    assert_eq!(duty(&json, "cmo.launches")["status"], "at-risk");
    assert_eq!(duty(&json, "cmo.launches")["min_owners"], 3);
    assert_eq!(
        duty(&json, "cpo.portfolio")["min_owners"],
        2,
        "other roles keep theirs"
    );
}

#[test]
fn a_bad_policy_is_refused_with_file_and_line() {
    let (_dir, path) = temp_file(
        "policy.toml",
        b"accept = [{ id = \"cmo.nope\", reason = \"x\" }]\n",
    );
    let (code, _, stderr) = run(&["check", EXAMPLE, "--policy", &path.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "policy.toml: line 1: accept 'cmo.nope': is not a responsibility of the catalogue"
        ),
        "{stderr}"
    );
}

#[test]
fn as_of_leaves_out_people_who_have_left_by_then() {
    let roster = "name,leaves,budgeting,business acumen\n\
                  Ada,2027-03-31,4,4\n\
                  Bo,,4,4\n\
                  Cy,2027-06-30,4,4\n";
    let (_dir, path) = temp_file("leaving.csv", roster.as_bytes());
    let budget = |flags: &[&str]| {
        let (_, json) = check_json(&path, flags);
        (
            json["people"].clone(),
            duty(&json, "cpo.budget")["qualified"].clone(),
            json["as_of"].clone(),
        )
    };
    assert_eq!(
        budget(&[]),
        (json!(3), json!(["Ada", "Bo", "Cy"]), json!(null)),
        "no --as-of: leaves is ignored"
    );
    assert_eq!(
        budget(&["--as-of", "2027-03-30"]),
        (json!(3), json!(["Ada", "Bo", "Cy"]), json!("2027-03-30"))
    );
    assert_eq!(
        budget(&["--as-of", "2027-03-31"]),
        (json!(2), json!(["Bo", "Cy"]), json!("2027-03-31")),
        "gone on the day"
    );
    assert_eq!(
        budget(&["--as-of", "2028-01-01"]),
        (json!(1), json!(["Bo"]), json!("2028-01-01"))
    );
    let (code, _, stderr) = run(&[
        "check",
        &path.display().to_string(),
        "--as-of",
        "2027-13-01",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("2027-13-01"), "{stderr}");
}
