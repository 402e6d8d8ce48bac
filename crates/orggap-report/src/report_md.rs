//! `report.md`: the report's content for a code host, the charts as PNG links.

use std::fmt::Write as _;

use crate::against_out::against_baseline_markdown;
use crate::assign_out::render_assign_markdown;
use crate::html::FullReport;
use crate::impact_out::render_impact_markdown;
use crate::markdown::render_markdown;
use crate::org_out::render_org_markdown;
use crate::plan_out::render_plan_markdown;

/// One level deeper: `# X` becomes `## X`, so a section fits under the report's title.
fn demote(markdown: &str) -> String {
    markdown
        .lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("#{l}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders `report.md`: the check report with the charts (PNG links) after its summary,
/// then owners, departures and the plan.
pub fn render_report_markdown(report: &FullReport<'_>) -> String {
    let check = render_markdown(report.check);
    let (head, rest) = check.split_once("\n## ").unwrap_or((check.as_str(), ""));
    let mut out = head.trim_end().to_owned();
    out.push_str("\n\n");
    for chart in report.charts {
        let _ = writeln!(out, "![{}]({}.png)\n", chart.title, chart.name);
    }
    if let Some(section) = report.baseline {
        out.push_str(&against_baseline_markdown(report, section));
        out.push('\n');
    }
    if !rest.is_empty() {
        out.push_str("## ");
        out.push_str(rest.trim_end());
        out.push('\n');
    }
    let org = report.org.map(|org| {
        let markdown = render_org_markdown(org.report);
        // The chart goes under the section's first paragraph.
        let (head, rest) = markdown
            .split_once("\n## ")
            .unwrap_or((markdown.as_str(), ""));
        format!(
            "{}\n\n![{}]({}.png)\n\n## {rest}",
            head.trim_end(),
            org.chart.title,
            org.chart.name
        )
    });
    for section in [
        render_assign_markdown(report.assign, report.catalogue),
        render_impact_markdown(report.impact),
        render_plan_markdown(report.plan, report.catalogue),
    ]
    .into_iter()
    .chain(org)
    {
        out.push('\n');
        out.push_str(demote(section.trim_end()).as_str());
        out.push('\n');
    }
    out
}
