//! An `.xlsx` sheet streamed cell by cell into the roster, after the guard has checked the
//! package and the sheet; never held as a grid.

use std::io::{Read, Seek};

use calamine::{Data, DataRef, Reader, Xlsx};
use orggap_model::Catalogue;
use zip::ZipArchive;

use super::guard::{check_sheet, inspect_xlsx};
use super::{SheetReader, cell_text, choose_sheet, problem};
use crate::error::ImportError;
use crate::{ImportOptions, Imported};

/// Reads the roster in the `.xlsx` workbook `source` (whose archive is `zip`).
pub(super) fn read<R: Read + Seek + Clone>(
    mut zip: ZipArchive<R>,
    source: R,
    origin: &str,
    catalogue: &Catalogue,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let package = inspect_xlsx(&mut zip).map_err(|m| problem(origin, m))?;
    let names: Vec<String> = package.sheets.iter().map(|(n, _)| n.clone()).collect();
    let sheet = choose_sheet(&names, options).map_err(|m| problem(origin, m))?;
    let path = &package.sheets[names.iter().position(|n| *n == sheet).unwrap_or(0)].1;
    check_sheet(&mut zip, &sheet, path, package.shared_strings).map_err(|m| problem(origin, m))?;
    drop(zip);
    let mut workbook = Xlsx::new(source)
        .map_err(|e| problem(origin, format!("not a readable .xlsx workbook: {e}")))?;
    if workbook.sheet_names() != names {
        return Err(problem(
            origin,
            "the workbook's list of sheets cannot be read consistently; the file is damaged".into(),
        ));
    }
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(|e| {
        problem(
            origin,
            format!("sheet '{}' cannot be read: {e}", crate::quoted(&sheet)),
        )
    })?;
    let mut reader = SheetReader::new(origin, &sheet, catalogue, options);
    let mut row: Option<u32> = None;
    let mut row_cells: Vec<(u32, String)> = Vec::new();
    loop {
        let next = cells.next_cell_with_formula().map_err(|e| {
            problem(
                origin,
                format!("sheet '{}' cannot be read: {e}", crate::quoted(&sheet)),
            )
        })?;
        let Some(cell) = next else { break };
        let (r, c) = cell.pos;
        if row != Some(r) {
            if let Some(done) = row {
                if r < done {
                    return Err(problem(
                        origin,
                        format!(
                            "sheet '{}': row {} comes after row {}; the rows are out of order (open the file in a spreadsheet and save it again)",
                            crate::quoted(&sheet),
                            r + 1,
                            done + 1
                        ),
                    ));
                }
                reader.row(done, &mut row_cells)?;
            }
            row_cells.clear();
            row = Some(r);
        }
        if let Some(formula) = &cell.formula
            && cell.value == DataRef::Empty
        {
            reader.cell_problem(cell.pos, no_value(formula));
            continue;
        }
        match cell_text(Data::from(cell.value)) {
            Ok(text) if text.is_empty() => {}
            Ok(text) => row_cells.push((c, text)),
            Err(message) => reader.cell_problem(cell.pos, message),
        }
    }
    if let Some(done) = row {
        reader.row(done, &mut row_cells)?;
    }
    reader.finish()
}

/// The message for a formula cell that carries no computed value.
pub(super) fn no_value(formula: &str) -> String {
    let formula = formula.trim_start_matches("of:").trim_start_matches('=');
    format!(
        "holds the formula '={}' but no computed value (the file was written by a program that does not calculate); open it in a spreadsheet and save it again",
        crate::quoted(formula)
    )
}
