//! The check report as CSV: one row per responsibility, formula-safe.

use crate::check::CheckReport;
use crate::escape::csv_cell;
use crate::person::Person;

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

/// The columns added for a roster that leaves some level unknown.
const UNKNOWN_HEADER: [&str; 4] = ["worst", "best", "unassessed_count", "unassessed"];

/// Renders one CSV row per responsibility, every cell neutralised against formulas. A
/// roster that leaves some level unknown gets four more columns: the worst and best case,
/// and the unassessed people.
pub fn render_csv(report: &CheckReport) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let unknown = report.has_unknown();
    let extra: &[&str] = if unknown { &UNKNOWN_HEADER } else { &[] };
    // Writing to a Vec cannot fail; the results are checked once at the end.
    let mut result = writer.write_record(HEADER.iter().chain(extra));
    for r in &report.responsibilities {
        let nearest: Vec<String> = r
            .nearest
            .iter()
            .map(|n| format!("{} ({})", n.person, n.shortfall))
            .collect();
        let mut cells = vec![
            r.role.clone(),
            r.id.clone(),
            r.title.clone(),
            r.status.as_str().to_owned(),
            r.min_owners.to_string(),
            r.qualified_count.to_string(),
            crate::person::join(r.qualified.iter().map(Person::label), "; "),
            crate::person::join(r.owners.labels(), "; "),
            crate::person::join(r.unqualified_owners.labels(), "; "),
            nearest.join("; "),
        ];
        if unknown {
            cells.extend([
                r.worst.as_str().to_owned(),
                r.best.as_str().to_owned(),
                r.unassessed_count.to_string(),
                crate::person::join(r.unassessed.iter().map(Person::label), "; "),
            ]);
        }
        result = result
            .and_then(|()| writer.write_record(cells.iter().map(|c| csv_cell(c).into_owned())));
    }
    let bytes = result
        .and_then(|()| writer.into_inner().map_err(|e| e.into_error().into()))
        .expect("writing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 cells is UTF-8")
}
