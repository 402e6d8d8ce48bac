//! Hostile files and hostile machines: tiny inputs that used to crash or exhaust memory,
//! outputs that must be whole or untouched, and text that must not drive a terminal.

use std::process::Stdio;

use crate::{repo, run, temp_file};

/// The built binary as a plain [`std::process::Command`], for tests that wire its standard
/// streams themselves.
fn orggap() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_orggap"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

/// Runs orggap with `args`; exit status 101 is a panic.
fn status_with_stderr_to(args: &[&str], stderr: Stdio, stdout: Stdio) -> i32 {
    orggap()
        .args(args)
        .stdout(stdout)
        .stderr(stderr)
        .status()
        .expect("run orggap")
        .code()
        .unwrap_or(-1)
}

#[cfg(unix)]
fn dev_full() -> Stdio {
    Stdio::from(
        std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

#[cfg(unix)]
#[test]
fn a_full_standard_error_or_output_is_an_exit_status_not_a_panic() {
    let bad = repo("tests/data/bad/level-6.csv").display().to_string();
    assert_eq!(
        status_with_stderr_to(&["check", &bad], dev_full(), Stdio::null()),
        2
    );
    let (_dir, teams) = temp_file("t.csv", many_people_csv(300).as_bytes());
    let teams = teams.display().to_string();
    // The note that a large graph is drawn by team goes to standard error.
    let args = ["graph", teams.as_str(), "--max-people", "10"];
    assert_eq!(status_with_stderr_to(&args, dev_full(), Stdio::null()), 0);
    // A full standard output is an error said on standard error, exit 2.
    let example = "data/example-roster.csv";
    assert_eq!(
        status_with_stderr_to(&["check", example], Stdio::null(), dev_full()),
        2
    );
    assert_eq!(
        status_with_stderr_to(&["check", example], dev_full(), dev_full()),
        2
    );
}

/// A roster of `n` people, each in a team of their own.
fn many_people_csv(n: usize) -> String {
    let mut text = String::from("name,team,budgeting\n");
    for i in 0..n {
        text.push_str(&format!("P{i},T{i},{}\n", i % 6));
    }
    text
}

#[test]
fn catalogues_past_a_limit_are_refused_naming_the_limit_and_the_line() {
    let mut roles = String::from("[[skills]]\nid = \"a\"\nname = \"A\"\n");
    for i in 0..65_536 {
        roles.push_str(&format!("[[roles]]\nid = \"r{i}\"\nname = \"R\"\n"));
    }
    let (_dir, path) = temp_file("roles.toml", roles.as_bytes());
    let (code, _, stderr) = run(&["catalogue", "--catalogue", &path.display().to_string()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("roles.toml: line 196610: 65536 roles; a catalogue holds at most 65535"),
        "{stderr}"
    );
    let mut numbers = String::from("[[skills]]\nid = \"a\"\nname = \"A\"\naliases = [");
    numbers.push_str(&"1,".repeat(1_000_001));
    numbers.push_str("]\n");
    let (_dir, path) = temp_file("numbers.toml", numbers.as_bytes());
    let (code, _, stderr) = run(&["catalogue", "--catalogue", &path.display().to_string()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("numbers.toml: line 4: more than 1000000 keys and values; a catalogue holds at most that many"),
        "{stderr}"
    );
}

#[test]
fn a_duty_accepted_twice_in_a_policy_is_refused() {
    let (_dir, path) = temp_file(
        "policy.toml",
        b"accept = [\n  { id = \"cmo.launches\", reason = \"agency\" },\n  { id = \"cmo.launches\", reason = \"again\" },\n]\n",
    );
    let policy = path.display().to_string();
    let (code, _, stderr) = run(&["check", "data/example-roster.csv", "--policy", &policy]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "policy.toml: line 3: accept 'cmo.launches': is accepted twice (first on line 2)"
        ),
        "{stderr}"
    );
}

/// Text that would drive a terminal: OSC 52 (clipboard write), a full reset, a line
/// separator, a right-to-left override.
const CONTROL_NAMES: [&str; 3] = [
    "Mallory\u{1b}]52;c;cHduZWQ=\u{7}",
    "Reset\u{1b}c",
    "Line\u{2028}Sep \u{202e}evil",
];

/// The example roster with Maya Chen (the key person), Tomás Ruiz (whom the plan trains)
/// and Aisha Bello renamed to [`CONTROL_NAMES`], so that the names reach every list.
fn control_roster() -> String {
    let example = std::fs::read_to_string(repo("data/example-roster.csv")).expect("example");
    let mut text = example;
    for (old, new) in ["Maya Chen", "Tomás Ruiz", "Aisha Bello"]
        .into_iter()
        .zip(CONTROL_NAMES)
    {
        text = text.replace(old, &format!("\"{new}\""));
    }
    text
}

#[cfg(unix)]
mod terminal {
    use std::io::Read;
    use std::process::Stdio;

    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

    use super::{CONTROL_NAMES, control_roster, orggap};
    use crate::temp_file;

    /// Runs orggap with standard output and error on a new pseudo-terminal; returns what
    /// the terminal received.
    fn on_terminal(args: &[&str]) -> String {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        let slave = std::fs::File::options()
            .read(true)
            .write(true)
            .open(name.to_str().expect("a path"))
            .expect("open the terminal");
        let mut child = orggap()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave))
            .spawn()
            .expect("run orggap");
        let mut master = std::fs::File::from(master);
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            let mut buf = [0; 4096];
            // Reading ends with EIO once the last holder of the terminal has gone.
            while let Ok(n) = master.read(&mut buf) {
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
            }
            out
        });
        child.wait().expect("wait");
        let out = reader.join().expect("reader");
        String::from_utf8_lossy(&out).replace("\r\n", "\n")
    }

    fn assert_inert(output: &str, what: &str) {
        for raw in ["\u{1b}]", "\u{1b}c", "\u{7}", "\u{2028}", "\u{202e}"] {
            assert!(!output.contains(raw), "{what}: raw {raw:?} in {output:?}");
        }
        // The name is there, its controls shown as escapes (or, in DOT, dropped).
        assert!(
            output.contains("Mallory") && output.contains("52;c;cHduZWQ="),
            "{what}: {output:?}"
        );
    }

    #[test]
    fn names_cannot_drive_the_terminal_in_any_format() {
        let (_dir, path) = temp_file("controls.csv", control_roster().as_bytes());
        let path = path.display().to_string();
        for (command, format) in [
            ("check", "text"),
            ("check", "csv"),
            ("check", "markdown"),
            ("check", "json"),
            ("assign", "markdown"),
            ("impact", "markdown"),
            ("plan", "markdown"),
            ("graph", "dot"),
        ] {
            let output = on_terminal(&[command, &path, "--format", format]);
            assert_inert(&output, &format!("{command} --format {format}"));
        }
        // With colour on, orggap's own colour sequences still reach the terminal.
        let output = on_terminal(&["check", &path, "--color", "always"]);
        assert_inert(&output, "check in colour");
        assert!(output.contains("\u{1b}["), "colours kept: {output:?}");
    }

    #[test]
    fn arguments_and_file_names_in_messages_are_escaped_on_a_terminal() {
        let (_dir, path) = temp_file("controls.csv", control_roster().as_bytes());
        let path = path.display().to_string();
        let output = on_terminal(&["graph", &path, "--team", "\u{1b}]0;pwned\u{7}"]);
        assert!(
            output.contains("--team '\\u{1b}]0;pwned\\u{7}'"),
            "{output:?}"
        );
        let (_dir, weird) = temp_file("a\u{1b}[2Jb.csv", b"name\n\"x\n");
        let output = on_terminal(&["check", &weird.display().to_string()]);
        assert!(output.contains("a\\u{1b}[2Jb.csv: line 2"), "{output:?}");
    }

    #[test]
    fn pipes_get_the_text_exactly() {
        let (_dir, path) = temp_file("controls.csv", control_roster().as_bytes());
        let path = path.display().to_string();
        let (_, stdout, _) = crate::run(&["check", &path, "--format", "csv"]);
        for name in CONTROL_NAMES {
            assert!(stdout.contains(name), "{name:?} in {stdout:?}");
        }
    }
}

/// The pixel size of a PNG, read from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    assert_eq!(&bytes[1..4], b"PNG");
    (word(16), word(20))
}

fn report_into(roster: &std::path::Path, out: &std::path::Path, extra: &[&str]) {
    let mut args = vec![
        "report".to_owned(),
        roster.display().to_string(),
        "--out".to_owned(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn every_chart_stays_a_readable_size_however_many_teams_duties_and_roles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("teams.csv");
    std::fs::write(&roster, many_people_csv(500)).expect("write");
    let out = dir.path().join("out");
    report_into(&roster, &out, &[]);
    let heatmap = std::fs::read_to_string(out.join("skills-heatmap.svg")).expect("svg");
    assert!(
        heatmap.contains("500 people in 500 teams; the 40 largest shown, 460 more not"),
        "{heatmap}"
    );
    let (_, height) = png_size(&std::fs::read(out.join("skills-heatmap.png")).expect("png"));
    assert!(height <= 1100, "heatmap {height} px tall");

    // A catalogue of 120 roles with 3 duties each.
    let mut catalogue = String::from("[[skills]]\nid = \"a\"\nname = \"A\"\n");
    for r in 0..120 {
        catalogue.push_str(&format!("[[roles]]\nid = \"r{r}\"\nname = \"Role {r}\"\n"));
        for d in 0..3 {
            catalogue.push_str(&format!(
                "[[responsibilities]]\nid = \"r{r}.d{d}\"\nrole = \"r{r}\"\ntitle = \"Duty\"\nrequires = {{ a = {} }}\n",
                (r + d) % 6
            ));
        }
    }
    let catalogue_path = dir.path().join("roles.toml");
    std::fs::write(&catalogue_path, catalogue).expect("write");
    let out = dir.path().join("roles");
    let catalogue_arg = catalogue_path.display().to_string();
    report_into(&roster, &out, &["--catalogue", &catalogue_arg]);
    let duties = std::fs::read_to_string(out.join("responsibilities.svg")).expect("svg");
    assert!(
        duties.contains("the 60 duties that most need attention"),
        "{duties}"
    );
    let coverage = std::fs::read_to_string(out.join("coverage.svg")).expect("svg");
    assert!(
        coverage.contains("the 40 roles with the most gaps shown, 80 more not"),
        "{coverage}"
    );
    for chart in ["responsibilities", "coverage"] {
        let (_, height) = png_size(&std::fs::read(out.join(format!("{chart}.png"))).expect("png"));
        assert!(height <= 2000, "{chart}: {height} px tall");
    }
}

#[test]
fn warnings_are_bounded_like_every_other_list() {
    let mut header = String::from("name");
    for i in 0..300 {
        header.push_str(&format!(",Unknown skill {i}"));
    }
    let row = format!("Ada{}\n", ",1".repeat(300));
    let (_dir, path) = temp_file("wide.csv", format!("{header}\n{row}").as_bytes());
    let (_, json) = crate::check_json(&path, &[]);
    let warnings = json["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 51, "{warnings:?}");
    assert_eq!(warnings[50], "… and 251 more warnings");

    let mut long = String::from("name,skill,level\n");
    for i in 0..100 {
        long.push_str(&format!("P{i},Juggling {i},3\n"));
    }
    let (_dir, path) = temp_file("long.csv", long.as_bytes());
    let (_, json) = crate::check_json(&path, &[]);
    let warnings: Vec<&str> = json["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w.as_str().expect("text"))
        .collect();
    assert_eq!(warnings.len(), 21, "{warnings:?}");
    assert_eq!(
        warnings[20],
        "… and 80 more rows with other unknown owns ids or skills"
    );
}

#[test]
fn control_characters_never_reach_svg_or_html_and_names_are_isolated() {
    let roster = "name,team,budgeting,business acumen\n\"Bell\u{7}Ringer\",\"Te\u{1}am\",5,5\n\"Eve\u{202e}liM\",Product,5,5\n";
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("controls.csv");
    std::fs::write(&path, roster).expect("write");
    let out = dir.path().join("out");
    report_into(&path, &out, &[]);
    for entry in std::fs::read_dir(&out).expect("out") {
        let path = entry.expect("entry").path();
        let name = path.display().to_string();
        if !(name.ends_with(".svg") || name.ends_with(".html")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("text");
        let bad = text
            .chars()
            .find(|&c| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || c == '\u{fffe}');
        assert_eq!(bad, None, "{name}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains("<bdi>Eve\u{202e}liM</bdi>"), "bidi isolated");
    assert!(
        html.contains("Bell\\u{7}Ringer"),
        "control shown as an escape"
    );
}

#[test]
fn a_catalogue_of_thirty_thousand_skills_and_duties_is_analysed_without_a_huge_table() {
    // Each duty asks for two skills: a table of 16 bytes per skill and duty would take
    // 14 GB; what duties require takes a few hundred kilobytes.
    let mut catalogue = String::new();
    for i in 0..30_000 {
        catalogue.push_str(&format!("[[skills]]\nid = \"s{i}\"\nname = \"S{i}\"\n"));
    }
    catalogue.push_str("[[roles]]\nid = \"r\"\nname = \"R\"\n");
    for i in 0..30_000 {
        let (a, b) = (i, (i * 7 + 1) % 30_000);
        catalogue.push_str(&format!(
            "[[responsibilities]]\nid = \"r.d{i}\"\nrole = \"r\"\ntitle = \"D\"\nrequires = {{ s{a} = 2, s{b} = 3 }}\n"
        ));
    }
    catalogue.push_str("[[responsibilities]]\nid = \"r.open\"\nrole = \"r\"\ntitle = \"Open\"\n");
    let (_dir, path) = temp_file("big.toml", catalogue.as_bytes());
    let (code, json) = crate::check_json(
        &repo("data/example-roster.csv"),
        &["--catalogue", &path.display().to_string()],
    );
    assert_eq!(code, 1);
    // The example roster has no column for any of these skills: every duty but the open
    // one is unassessed, a gap in the worst case (so the check fails).
    assert_eq!(json["summary"]["unassessed"], 30_000);
    assert_eq!(
        json["summary"]["covered"], 1,
        "the duty without requirements"
    );
}
