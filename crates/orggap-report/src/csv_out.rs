//! The check report as CSV: one row per responsibility, formula-safe.

use crate::check::CheckReport;
use crate::escape::csv_cell;

const HEADER: [&str; 10] = [
    "role",
    "id",
    "title",
    "status",
    "min_owners",
    "qualified_count",
    "qualified",
    "owners",
    "unqualified_owners",
    "nearest",
];

/// Renders one CSV row per responsibility, every cell neutralised against formulas.
pub fn render_csv(report: &CheckReport) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail; the results are checked once at the end.
    let mut result = writer.write_record(HEADER);
    for r in &report.responsibilities {
        let nearest: Vec<String> = r
            .nearest
            .iter()
            .map(|n| format!("{} ({})", n.person, n.shortfall))
            .collect();
        let cells = [
            r.role.clone(),
            r.id.clone(),
            r.title.clone(),
            r.status.to_owned(),
            r.min_owners.to_string(),
            r.qualified_count.to_string(),
            crate::person::join(&r.qualified, "; "),
            crate::person::join(&r.owners, "; "),
            crate::person::join(&r.unqualified_owners, "; "),
            nearest.join("; "),
        ];
        result = result
            .and_then(|()| writer.write_record(cells.iter().map(|c| csv_cell(c).into_owned())));
    }
    let bytes = result
        .and_then(|()| writer.into_inner().map_err(|e| e.into_error().into()))
        .expect("writing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8")
}
