//! The README and the user guide stand alone: every relative link (and image) resolves to a
//! file in the repository, every `#anchor` to a heading of its page, and nothing points
//! outside the repository.

use std::path::PathBuf;

use crate::repo;

/// The Markdown files whose links are checked: the front page, the code map, the changelog
/// and every page of the guide.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![
        repo("README.md"),
        repo("ARCHITECTURE.md"),
        repo("CHANGELOG.md"),
    ];
    let mut dirs = vec![repo("docs/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("docs/src") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                pages.push(path);
            }
        }
    }
    pages.sort();
    pages
}

/// The targets of a page's Markdown links and images (and HTML `src` and `href`
/// attributes), outside code blocks and spans.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Code spans hold no links.
        let plain: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, part)| part)
            .collect();
        for (open, close) in [("](", ')'), ("src=\"", '"'), ("href=\"", '"')] {
            let mut rest = plain.as_str();
            while let Some(at) = rest.find(open) {
                let after = &rest[at + open.len()..];
                let end = after.find(close).unwrap_or(after.len());
                found.push(after[..end].trim().to_owned());
                rest = &after[end..];
            }
        }
    }
    found
}

/// GitHub's anchor of a heading: lower case, spaces to `-`, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            found.push(slug(line.trim_start_matches('#')));
        }
    }
    found
}

#[test]
fn every_relative_link_of_the_readme_and_the_guide_resolves() {
    let root = repo("").canonicalize().expect("the repository");
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("a page");
        let dir = page.parent().expect("a folder");
        for link in links(&text) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = match file {
                "" => page.clone(),
                file => dir.join(file),
            };
            let Ok(resolved) = target.canonicalize() else {
                broken.push(format!("{}: {link}: no such file", page.display()));
                continue;
            };
            if !resolved.starts_with(&root) {
                broken.push(format!(
                    "{}: {link}: outside the repository",
                    page.display()
                ));
                continue;
            }
            if !anchor.is_empty() && resolved.extension().is_some_and(|e| e == "md") {
                let heads = anchors(&std::fs::read_to_string(&resolved).expect("the target"));
                if !heads.iter().any(|h| h == anchor) {
                    broken.push(format!("{}: {link}: no heading #{anchor}", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 30, "only {checked} links checked");
}

#[test]
fn the_link_check_sees_a_broken_link_and_anchor() {
    let text = "See [a](missing.md) and [b](#nowhere), not `[c](code.md)`.\n```\n[d](fenced.md)\n```\n<img src=\"gone.png\">\n";
    assert_eq!(links(text), ["missing.md", "#nowhere", "gone.png"]);
    assert_eq!(slug(" What if: scenarios"), "what-if-scenarios");
    assert_eq!(
        slug("The workspace: `orggap serve`"),
        "the-workspace-orggap-serve"
    );
}
