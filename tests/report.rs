//! `orggap report`: the folder it writes, what a reader sees in it, and the committed example.

use std::path::Path;

use crate::{repo, run};

/// Every file a report folder gets.
const FILES: [&str; 16] = [
    "check.json",
    "coverage.png",
    "coverage.svg",
    "graph.dot",
    "graph.mmd",
    "key-people.png",
    "key-people.svg",
    "report.html",
    "report.xlsx",
    "report.md",
    "responsibilities.png",
    "responsibilities.svg",
    "role-fit.png",
    "role-fit.svg",
    "skills-heatmap.png",
    "skills-heatmap.svg",
];

/// The text files compared with the committed example.
const TEXT_FILES: [&str; 10] = [
    "check.json",
    "report.md",
    "report.html",
    "graph.dot",
    "graph.mmd",
    "coverage.svg",
    "responsibilities.svg",
    "skills-heatmap.svg",
    "key-people.svg",
    "role-fit.svg",
];

fn report(roster: &Path, out: &Path) {
    let (code, _, stderr) = run(&[
        "report",
        &roster.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{stderr}");
}

/// The text a reader sees in an SVG: the trimmed content of every `<text>` element.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = t.split_once('>')?.1;
            Some(body.split("</text>").next()?.trim().to_owned())
        })
        .collect()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn writes_every_file_into_a_new_folder_and_leaves_others_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/report");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    report(&repo("data/example-roster.csv"), &out);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<&str> = FILES.to_vec();
    expected.push("keep.txt");
    expected.sort_unstable();
    assert_eq!(names, expected, "every file, no temporary left over");
    assert_eq!(read(&out, "keep.txt"), "mine");
    let json: serde_json::Value = serde_json::from_str(&read(&out, "check.json")).unwrap();
    assert_eq!(json["schema"], "orggap.check.v1");
}

#[test]
fn charts_show_titles_labels_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    report(&repo("data/example-roster.csv"), dir.path());
    let texts = |name: &str| svg_texts(&read(dir.path(), name));
    let has = |list: &[String], text: &str| list.iter().any(|t| t == text);
    let coverage = texts("coverage.svg");
    assert!(has(&coverage, "Coverage by role"));
    assert!(has(&coverage, "Chief Marketing Officer (cmo)"));
    for legend in ["covered", "at risk", "gap"] {
        assert!(has(&coverage, legend), "{legend}");
    }
    assert!(
        !has(&coverage, "accepted"),
        "no policy, no accepted in the legend"
    );
    let duties = texts("responsibilities.svg");
    assert_eq!(
        duties.iter().filter(|t| *t == "0  gap").count(),
        4,
        "four gaps"
    );
    assert_eq!(
        duties.iter().filter(|t| *t == "1  at risk").count(),
        6,
        "six at risk"
    );
    assert!(has(
        &duties,
        "CPO · Make the company&apos;s products and services"
    ));
    let heatmap = texts("skills-heatmap.svg");
    assert!(has(&heatmap, "Skills of the team"));
    assert!(has(&heatmap, "Maya Chen") && has(&heatmap, "Manufacturing and operations"));
    let key = texts("key-people.svg");
    assert!(
        has(&key, "Key-person risk") && has(&key, "3 + 6"),
        "Maya: 3 new gaps, 6 at risk"
    );
    let fit = texts("role-fit.svg");
    assert!(has(&fit, "10 of 16"), "Maya fits 10 of the 16 CPO duties");
}

#[test]
fn pngs_are_images_of_the_chart_size_and_not_blank() {
    let dir = tempfile::tempdir().unwrap();
    report(&repo("data/example-roster.csv"), dir.path());
    for name in [
        "coverage",
        "responsibilities",
        "skills-heatmap",
        "key-people",
        "role-fit",
    ] {
        let svg = read(dir.path(), &format!("{name}.svg"));
        let height: u32 = svg
            .split("height=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        let file = std::fs::File::open(dir.path().join(format!("{name}.png"))).unwrap();
        let mut reader = png::Decoder::new(std::io::BufReader::new(file))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((info.width, info.height), (960, height), "{name}");
        let rgb: Vec<[u8; 3]> = pixels
            .chunks(info.color_type.samples())
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        let inked = rgb.iter().filter(|&&p| p != [255, 255, 255]).count();
        let share = inked as f64 / f64::from(info.width * info.height);
        assert!(
            share > 0.02,
            "{name}: only {share:.3} of the image is drawn"
        );
        let mut colours = rgb.clone();
        colours.sort_unstable();
        colours.dedup();
        assert!(colours.len() > 20, "{name}: {} colours", colours.len());
        // The bars of the status charts are drawn in the palette's status colours, exactly.
        if name == "coverage" || name == "responsibilities" {
            for (status, colour) in [
                ("gap", [0xD5, 0x5E, 0x00]),
                ("at risk", [0xE6, 0x9F, 0x00]),
                ("covered", [0x00, 0x9E, 0x73]),
            ] {
                let count = rgb.iter().filter(|&&p| p == colour).count();
                assert!(count > 100, "{name}: {count} pixels of the {status} colour");
            }
        }
    }
}

#[test]
fn hostile_names_are_text_everywhere() {
    let roster = "name,budgeting,business acumen\n\"<script>alert(1)</script>\",5,5\n\"=HYPERLINK(\"\"http://x\"\")\",4,4\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.csv");
    std::fs::write(&path, roster).unwrap();
    let out = dir.path().join("out");
    report(&path, &out);
    let html = read(&out, "report.html");
    assert!(
        !html.contains("<script>"),
        "a name never becomes an element"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for name in ["key-people.svg", "role-fit.svg", "skills-heatmap.svg"] {
        let svg = read(&out, name);
        assert!(
            !svg.contains("<script>") && svg.contains("&lt;script&gt;"),
            "{name}"
        );
    }
    assert!(!read(&out, "report.md").contains("<script>"));
}

#[test]
fn running_twice_gives_byte_identical_files() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    report(&repo("data/example-roster.csv"), a.path());
    report(&repo("data/example-roster.csv"), b.path());
    for name in FILES {
        assert!(
            std::fs::read(a.path().join(name)).unwrap()
                == std::fs::read(b.path().join(name)).unwrap(),
            "{name} differs"
        );
    }
}

#[test]
fn the_committed_example_report_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    report(&repo("data/example-roster.csv"), dir.path());
    for name in TEXT_FILES {
        let committed = std::fs::read_to_string(repo("reports/example").join(name))
            .unwrap_or_else(|e| panic!("reports/example/{name}: {e}"));
        assert!(
            read(dir.path(), name) == committed,
            "reports/example/{name} is stale: run `cargo run --release -- report data/example-roster.csv --out reports/example`"
        );
    }
    // The workbook too, byte for byte (its creation time is fixed).
    assert!(
        std::fs::read(dir.path().join("report.xlsx")).unwrap()
            == std::fs::read(repo("reports/example/report.xlsx")).unwrap(),
        "reports/example/report.xlsx is stale"
    );
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

/// Runs `orggap ARGS` under a pseudo-terminal (util-linux `script`), its output as seen there.
#[cfg(unix)]
fn on_a_terminal(args: &str) -> String {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_orggap"));
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("script (util-linux) runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[cfg(unix)]
#[test]
fn report_says_what_it_wrote_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("example");
    let seen = on_a_terminal(&format!(
        "report data/example-roster.csv --out {}",
        out.display()
    ));
    assert!(
        seen.contains(&format!(
            "wrote 16 files to {}: open {}",
            out.display(),
            out.join("report.html").display()
        )),
        "{seen}"
    );
    assert!(
        seen.contains("report.html, report.md, report.xlsx, check.json"),
        "{seen}"
    );
    let quiet = on_a_terminal(&format!(
        "report data/example-roster.csv --out {} -q",
        out.display()
    ));
    assert!(!quiet.contains("wrote"), "{quiet}");
    // On a pipe, nothing.
    let (code, stdout, stderr) = crate::run(&[
        "report",
        "data/example-roster.csv",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
}
