//! Reading a roster straight from an `.xlsx` or `.ods` workbook (calamine): the first sheet
//! or a named one; numbers stored as floats (`3.0`) are read as whole numbers, empty cells
//! as empty; problems name the sheet, the row and the column letter.

use std::io::{Read, Seek};

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use orggap_model::Catalogue;

use crate::error::{ImportError, Place, Problems};
use crate::header::read_header;
use crate::rows::{Builder, Fields, PlaceStyle};
use crate::{ImportOptions, Imported, SourceInfo};

fn problem(origin: &str, message: String) -> ImportError {
    let mut problems = Problems::default();
    problems.push(Place::File, message);
    problems.into_error(origin)
}

/// The text of a cell as a roster reads it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or("").to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A spreadsheet serial date (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    let epoch = jiff::civil::date(1899, 12, 30);
    let days = serial.floor() as i64;
    match epoch.checked_add(jiff::Span::new().days(days)) {
        Ok(date) => date.to_string(),
        Err(_) => serial.to_string(),
    }
}

/// Reads the roster in a workbook; `origin` names it in messages.
pub fn read_workbook<R: Read + Seek + Clone>(
    source: R,
    origin: &str,
    catalogue: &Catalogue,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut workbook = open_workbook_auto_from_rs(source).map_err(|e| {
        problem(
            origin,
            format!("not a readable .xlsx or .ods workbook: {e}"),
        )
    })?;
    let names = workbook.sheet_names();
    let sheet = match &options.sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .cloned()
            .ok_or_else(|| {
                problem(
                    origin,
                    format!("no sheet '{wanted}'; the sheets are: {}", names.join(", ")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| problem(origin, "the workbook has no sheet".into()))?,
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| problem(origin, format!("sheet '{sheet}' cannot be read: {e}")))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate();
    let Some((_, header_cells)) = rows.next() else {
        return Err(problem(
            origin,
            format!("sheet '{sheet}' is empty; expected a header row"),
        ));
    };
    // Columns left of the used range are empty; keep their positions so letters are right.
    let pad = first_col as usize;
    let header: Vec<String> = std::iter::repeat_n(String::new(), pad)
        .chain(header_cells.iter().map(cell_text))
        .collect();
    let (layout, warnings, header_problems) = read_header(&header, catalogue, options.strict);
    let header_row = first_row as usize + 1;
    if !header_problems.is_empty() {
        let mut problems = Problems::default();
        for (column, message) in header_problems {
            let column = column.map(|i| (i, layout.columns[i].header.clone()));
            let place = Place::Cell {
                sheet: sheet.clone(),
                row: header_row,
                column,
            };
            problems.push(place, message);
        }
        return Err(problems.into_error(origin));
    }
    let info = SourceInfo {
        encoding: "workbook".into(),
        sheet: Some(sheet.clone()),
        delimiter: None,
        bom: false,
        layout: layout.clone(),
    };
    let mut builder = Builder::new(catalogue, layout, PlaceStyle::Sheet(sheet), options.strict);
    builder.warnings = warnings;
    let (mut data, mut ends) = (Vec::new(), Vec::new());
    for (i, cells) in rows {
        data.clear();
        ends.clear();
        for text in std::iter::repeat_n(String::new(), pad).chain(cells.iter().map(cell_text)) {
            data.extend_from_slice(text.as_bytes());
            ends.push(data.len());
        }
        // A sheet's used range is as wide as its widest row; trailing blanks are not fields.
        let width = header.len().max(1);
        while ends.len() > width && ends[ends.len() - 1] == ends[ends.len() - 2] {
            ends.pop();
        }
        let fields = Fields::new(&data, &ends);
        builder.row(header_row + i, &fields);
    }
    builder.into_imported(origin, info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_like_csv_text() {
        assert_eq!(cell_text(&Data::Float(3.0)), "3");
        assert_eq!(cell_text(&Data::Float(3.5)), "3.5");
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(cell_text(&Data::Int(4)), "4");
        assert_eq!(excel_date(46_387.0), "2026-12-31");
    }
}
