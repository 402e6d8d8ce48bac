//! The catalogue as Markdown: roles, their duties with required skills, and the skills.

use std::fmt::Write as _;

use orggap_model::{Catalogue, RoleIdx};

use crate::escape::markdown as md;

/// Renders the catalogue as a Markdown document.
pub fn render_catalogue_markdown(catalogue: &Catalogue) -> String {
    let mut out = String::from("# Catalogue\n");
    for (i, role) in catalogue.roles().iter().enumerate() {
        let _ = writeln!(out, "\n## {} (`{}`)\n", md(&role.name), role.id);
        let _ = writeln!(
            out,
            "| Duty | Requires | Min owners | Source | Overlaps |\n|---|---|---|---|---|"
        );
        for &r in catalogue.responsibilities_of(RoleIdx::from_usize(i)) {
            let resp = catalogue.responsibility(r);
            let requires: Vec<String> = resp
                .requires
                .iter()
                .map(|q| {
                    let skill = md(&catalogue.skill(q.skill).name);
                    format!("{skill} ≥ {}", catalogue.scale().shown(q.level))
                })
                .collect();
            let overlaps: Vec<String> = resp
                .overlaps
                .iter()
                .map(|&o| format!("`{}`", catalogue.responsibility(o).id))
                .collect();
            let _ = writeln!(
                out,
                "| `{}` {} | {} | {} | {} | {} |",
                resp.id,
                md(&resp.title),
                requires.join(", "),
                resp.min_owners,
                md(resp.source.as_deref().unwrap_or("")),
                overlaps.join(", ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## Skills\n\n| Id | Name | Also matches |\n|---|---|---|"
    );
    for s in catalogue.skills() {
        let aliases: Vec<String> = s.aliases.iter().map(|a| md(a)).collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            s.id,
            md(&s.name),
            aliases.join(", ")
        );
    }
    out
}
