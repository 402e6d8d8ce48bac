//! Reading a roster straight from an `.xlsx` or `.ods` workbook (calamine): the first sheet
//! or a named one; numbers stored as floats (`3.0`) are read as whole numbers, empty cells
//! as empty; problems name the sheet, the row and the column letter.
//!
//! A workbook is checked before it is read (`guard`): every part unpacks within a limit,
//! cells stay inside Excel's grid and within a count, shared-string indices point into the
//! table. An `.xlsx` sheet is then streamed cell by cell (`xlsx`), never held as a grid; an
//! `.ods` document, which calamine can only read whole, is first measured (`ods`).

mod guard;
mod ods;
mod xlsx;

use std::io::{Read, Seek};

use calamine::Data;
use orggap_model::Catalogue;

pub use guard::{MAX_CELLS, MAX_ODS_CELLS, MAX_PART_BYTES};

use crate::error::{ImportError, Place, Problems};
use crate::header::{HEADER_ROWS, looks_like_header, read_header};
use crate::rows::{Builder, Fields, PlaceStyle};
use crate::{ImportOptions, Imported, SourceInfo};

/// The kinds of workbook a file may be, told by its content.
enum Kind {
    Xlsx,
    Ods,
}

fn problem(origin: &str, message: String) -> ImportError {
    let mut problems = Problems::default();
    problems.push(Place::File, message);
    problems.into_error(origin)
}

/// Reads the roster in a workbook; `origin` names it in messages.
pub fn read_workbook<R: Read + Seek + Clone>(
    source: R,
    origin: &str,
    catalogue: &Catalogue,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let zip = match zip::ZipArchive::new(source.clone()) {
        Ok(zip) => zip,
        Err(_) => return Err(problem(origin, not_a_workbook(source))),
    };
    let kind = if zip.index_for_name("content.xml").is_some() {
        Kind::Ods
    } else if zip.index_for_name("xl/workbook.bin").is_some() {
        return Err(problem(
            origin,
            "binary .xlsb workbooks are not read; save it as .xlsx (Excel Workbook) or export it as CSV".into(),
        ));
    } else {
        Kind::Xlsx
    };
    match kind {
        Kind::Xlsx => xlsx::read(zip, source, origin, catalogue, options),
        Kind::Ods => ods::read(zip, source, origin, catalogue, options),
    }
}

/// Why a file that is no zip archive is no workbook orggap reads.
fn not_a_workbook<R: Read>(mut source: R) -> String {
    let mut magic = [0u8; 8];
    let old_excel = source.read_exact(&mut magic).is_ok()
        && magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if old_excel {
        "old .xls workbooks are not read; save it as .xlsx (Excel Workbook) or export it as CSV"
            .into()
    } else {
        "not a readable .xlsx or .ods workbook: it is not a zip archive".into()
    }
}

/// The sheet the options ask for (the first when none), from the workbook's sheet names.
fn choose_sheet(names: &[String], options: &ImportOptions) -> Result<String, String> {
    match &options.sheet {
        Some(wanted) => names.iter().find(|n| *n == wanted).cloned().ok_or_else(|| {
            format!(
                "no sheet '{}'; the sheets are: {}",
                crate::quoted(wanted),
                names
                    .iter()
                    .map(|n| crate::quoted(n).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no sheet".into()),
    }
}

/// The text of a cell as a roster reads it, or why it has none.
fn cell_text(cell: Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DurationIso(s) => s,
        Data::Float(f) => float_text(f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64())?,
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or("").to_owned(),
        Data::Error(e) => format!("#{e:?}"),
    })
}

/// A number as text: whole numbers without a fraction (`3`, not `3.0`).
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// A spreadsheet serial date (days since 1899-12-30) as `YYYY-MM-DD`; a serial that is no
/// day of the years 1 to 9999 (or not a number at all) is refused.
fn excel_date(serial: f64) -> Result<String, String> {
    // 0001-01-01 and 9999-12-31 as serials.
    const FIRST: f64 = -693_593.0;
    const LAST: f64 = 2_958_466.0;
    let refuse = || {
        let shown = if serial.abs() < 1e9 {
            serial.to_string()
        } else {
            format!("{serial:e}")
        };
        format!("date serial {shown} is no date of the years 1 to 9999")
    };
    if !(FIRST..LAST).contains(&serial) {
        return Err(refuse());
    }
    let epoch = jiff::civil::date(1899, 12, 30);
    let days = jiff::Span::new().try_days(serial.floor() as i64);
    days.and_then(|span| epoch.checked_add(span))
        .map(|date| date.to_string())
        .map_err(|_| refuse())
}

/// The rows of a sheet, each with its 0-based row number and its cells (0-based column,
/// text), read into a roster: the first row with any text is the header.
struct SheetReader<'c> {
    origin: String,
    sheet: String,
    catalogue: &'c Catalogue,
    options: ImportOptions,
    /// The builder once the header has been read, and the header's width.
    builder: Option<(Builder<'c>, usize, SourceInfo)>,
    /// Problems with cells found before the header was read.
    early: Vec<((u32, u32), String)>,
    /// Rows that held something, read before the header was found (at most the first
    /// [`HEADER_ROWS`]): skipped if a later row is the header, else the first is.
    pending: Vec<(u32, Vec<(u32, String)>)>,
    /// One row's cells, reused.
    data: Vec<u8>,
    ends: Vec<usize>,
}

/// A row's cells (column, text) as a header's cells, one per column up to the last.
fn header_cells(cells: &[(u32, String)]) -> Vec<String> {
    let width = cells.last().map_or(0, |c| c.0 as usize + 1);
    let mut header = vec![String::new(); width];
    for (col, text) in cells {
        header[*col as usize].clone_from(text);
    }
    header
}

impl<'c> SheetReader<'c> {
    fn new(origin: &str, sheet: &str, catalogue: &'c Catalogue, options: &ImportOptions) -> Self {
        SheetReader {
            origin: origin.to_owned(),
            sheet: sheet.to_owned(),
            catalogue,
            options: options.clone(),
            builder: None,
            early: Vec::new(),
            pending: Vec::new(),
            data: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Notes a problem with the cell at `pos` (a formula without a value, a date that is
    /// none), to be reported with its column's header.
    fn cell_problem(&mut self, pos: (u32, u32), message: String) {
        match &mut self.builder {
            Some((builder, _, _)) => {
                builder.cell_problem(pos.0 as usize + 1, pos.1 as usize, message)
            }
            None => self.early.push((pos, message)),
        }
    }

    /// Reads one row: `cells` hold (column, text), in any order.
    fn row(&mut self, row: u32, cells: &mut [(u32, String)]) -> Result<(), ImportError> {
        cells.sort_by_key(|c| c.0);
        if self.builder.is_none() {
            return self.before_header(row, cells);
        }
        self.data.clear();
        self.ends.clear();
        for (col, text) in cells.iter() {
            while self.ends.len() < *col as usize {
                self.ends.push(self.data.len());
            }
            self.data.extend_from_slice(text.as_bytes());
            self.ends.push(self.data.len());
        }
        let Some((builder, width, _)) = &mut self.builder else {
            return Ok(());
        };
        // Empty cells are no cells in a sheet: a row is as wide as the header, and blanks
        // past it are no fields.
        let width = (*width).max(1);
        while self.ends.len() < width {
            self.ends.push(self.data.len());
        }
        while self.ends.len() > width
            && self.ends[self.ends.len() - 1] == self.ends[self.ends.len() - 2]
        {
            self.ends.pop();
        }
        builder.row(row as usize + 1, &Fields::new(&self.data, &self.ends));
        Ok(())
    }

    /// A row while the header is not known: the row `--header-row` names, else the first of
    /// the first [`HEADER_ROWS`] rows that holds a name and a skill; rows above it are
    /// skipped. Past those rows without such a row, the first row that held something is the
    /// header (its problems reported as the header's) and the others are read as people.
    fn before_header(&mut self, row: u32, cells: &[(u32, String)]) -> Result<(), ImportError> {
        let blank = cells.iter().all(|(_, t)| t.trim().is_empty());
        if let Some(wanted) = self.options.header_row {
            let here = row as usize + 1;
            if here < wanted {
                if !blank {
                    self.pending.push((row, Vec::new()));
                }
                return Ok(());
            }
            if here > wanted || blank {
                let message = format!("--header-row {wanted}: row {wanted} is blank");
                let mut problems = Problems::default();
                problems.push(Place::File, message);
                return Err(problems.into_error(&self.origin));
            }
            return self.header(row, cells);
        }
        if (row as usize) < HEADER_ROWS {
            if blank {
                return Ok(());
            }
            if looks_like_header(&header_cells(cells), self.catalogue) {
                return self.header(row, cells);
            }
            self.pending.push((row, cells.to_vec()));
            return Ok(());
        }
        self.header_from_pending()?;
        if self.builder.is_none() {
            // Nothing above: this row is the first that held something.
            if blank {
                return Ok(());
            }
            return self.header(row, cells);
        }
        self.row(row, &mut cells.to_vec())
    }

    /// No row among the first held a name and a skill: the first that held something is the
    /// header, the others people.
    fn header_from_pending(&mut self) -> Result<(), ImportError> {
        let mut pending = std::mem::take(&mut self.pending).into_iter();
        let Some((row, cells)) = pending.next() else {
            return Ok(());
        };
        self.header(row, &cells)?;
        if let Some((_, _, info)) = &mut self.builder {
            info.skipped_rows = 0;
        }
        for (row, mut cells) in pending {
            self.row(row, &mut cells)?;
        }
        Ok(())
    }

    fn header(&mut self, row: u32, cells: &[(u32, String)]) -> Result<(), ImportError> {
        let skipped_rows = std::mem::take(&mut self.pending).len();
        self.early.retain(|&((r, _), _)| r >= row);
        let header = header_cells(cells);
        let (layout, warnings, header_problems) =
            read_header(&header, self.catalogue, self.options.strict);
        let header_row = row as usize + 1;
        if !header_problems.is_empty() {
            let mut problems = Problems::default();
            for (column, message) in header_problems {
                let column = column.map(|i| (i, layout.columns[i].header.clone()));
                let place = Place::Cell {
                    sheet: self.sheet.clone(),
                    row: header_row,
                    column,
                };
                problems.push(place, message);
            }
            return Err(problems.into_error(&self.origin));
        }
        let info = SourceInfo {
            header_row,
            skipped_rows,
            encoding: "workbook".into(),
            sheet: Some(self.sheet.clone()),
            delimiter: None,
            bom: false,
            layout: layout.clone(),
        };
        let style = PlaceStyle::Sheet(self.sheet.clone());
        let mut builder = Builder::new(self.catalogue, layout, style, self.options.strict);
        builder.rate_by(self.options.rating, self.options.as_of);
        builder.blanks_unknown(self.options.blank_unknown);
        builder.warnings = warnings;
        for ((r, c), message) in std::mem::take(&mut self.early) {
            builder.cell_problem(r as usize + 1, c as usize, message);
        }
        self.builder = Some((builder, header.len(), info));
        Ok(())
    }

    fn finish(mut self) -> Result<Imported, ImportError> {
        if self.builder.is_none() {
            self.header_from_pending()?;
        }
        match self.builder {
            Some((builder, _, info)) => builder.into_imported(&self.origin, info),
            None => {
                let mut problems = Problems::default();
                for ((r, c), message) in self.early {
                    let place = Place::Cell {
                        sheet: self.sheet.clone(),
                        row: r as usize + 1,
                        column: Some((c as usize, String::new())),
                    };
                    problems.push(place, message);
                }
                if problems.is_empty() {
                    let message = format!(
                        "sheet '{}' is empty; expected a header row",
                        crate::quoted(&self.sheet)
                    );
                    problems.push(Place::File, message);
                }
                Err(problems.into_error(&self.origin))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_like_csv_text() {
        assert_eq!(cell_text(Data::Float(3.0)), Ok("3".into()));
        assert_eq!(cell_text(Data::Float(3.5)), Ok("3.5".into()));
        assert_eq!(cell_text(Data::Empty), Ok(String::new()));
        assert_eq!(cell_text(Data::Int(4)), Ok("4".into()));
        assert_eq!(excel_date(46_387.0), Ok("2026-12-31".into()));
        assert_eq!(excel_date(-693_593.0), Ok("0001-01-01".into()));
        assert_eq!(excel_date(2_958_465.5), Ok("9999-12-31".into()));
    }

    #[test]
    fn serials_that_are_no_date_are_refused() {
        for serial in [
            1e12,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            2_958_466.0,
        ] {
            let message = excel_date(serial).unwrap_err();
            assert!(
                message.ends_with("is no date of the years 1 to 9999"),
                "{message}"
            );
        }
    }
}
