//! `report.html` in a real browser: headless Chromium renders it, and what it shows is
//! checked — the headings, one `<svg>` per chart, a hostile name shown as text, and a
//! screenshot that is an image of the page, not a blank.
//!
//! Needs Debian's `chromium` (`.ci/run` installs it); run with
//! `cargo test --features browser-test --test browser`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("chromium is installed (.ci/run installs Debian's chromium package)")
}

fn browse(page: &Path, args: &[&str]) -> Vec<u8> {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A report of the example roster plus one person whose name is markup.
fn hostile_report() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/example-roster.csv"),
    )
    .unwrap();
    let columns = example.lines().next().unwrap().split(',').count();
    let mut row = vec!["5"; columns];
    row[0] = "\"<script>document.title='owned'</script>\"";
    row[1] = "Mole";
    row[2] = "Product";
    row[3] = "";
    row[4] = "";
    let roster = format!("{example}{}\n", row.join(","));
    let path = dir.path().join("hostile.csv");
    std::fs::write(&path, roster).unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_orggap"))
        .args([
            "report",
            &path.display().to_string(),
            "--out",
            &out.display().to_string(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let page = out.join("report.html");
    (dir, page)
}

#[test]
fn the_report_renders_with_its_headings_charts_and_escaped_names() {
    let (_dir, page) = hostile_report();
    let dom = String::from_utf8(browse(&page, &["--dump-dom"])).unwrap();
    for heading in [
        "<h1>Product-leadership coverage</h1>",
        "<h2>At a glance</h2>",
        "<h2 id=\"duties\">Every duty</h2>",
        "<h2>Key people</h2>",
        "<h2>If someone leaves</h2>",
        "<h2>Role overlaps</h2>",
        "<h2>Who should own what</h2>",
        "<h2>Plan to close the gaps</h2>",
    ] {
        assert!(dom.contains(heading), "missing {heading}");
    }
    assert_eq!(dom.matches("<svg").count(), 5, "one svg per chart");
    for chart in [
        "coverage",
        "responsibilities",
        "skills-heatmap",
        "key-people",
        "role-fit",
    ] {
        assert!(dom.contains(&format!("<figure id=\"{chart}\"")), "{chart}");
    }
    assert!(
        !dom.contains("<script"),
        "the name did not become a script element"
    );
    assert!(
        dom.contains("&lt;script&gt;document.title='owned'&lt;/script&gt;"),
        "the name is shown as text"
    );
    assert!(
        dom.contains("<title>Product-leadership coverage"),
        "the title was not changed by a script"
    );
}

#[test]
fn a_screenshot_of_the_report_is_a_real_picture() {
    let (dir, page) = hostile_report();
    let shot = dir.path().join("shot.png");
    browse(
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600",
        ],
    );
    let file = std::fs::File::open(&shot).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1200, 1600));
    let channels = info.color_type.samples();
    let inked = pixels
        .chunks(channels)
        .filter(|p| p[..3] != [255, 255, 255])
        .count();
    assert!(
        inked as f64 / f64::from(1200 * 1600) > 0.05,
        "the page is nearly blank"
    );
}
