//! An `.ods` sheet: measured by the guard (calamine reads an `.ods` document whole, as a
//! grid), then read from calamine's grid.

use std::io::{Read, Seek};

use calamine::{Ods, Reader};
use orggap_model::Catalogue;
use zip::ZipArchive;

use super::guard::check_ods;
use super::xlsx::no_value;
use super::{SheetReader, cell_text, choose_sheet, problem};
use crate::error::ImportError;
use crate::{ImportOptions, Imported};

/// Reads the roster in the `.ods` workbook `source` (whose archive is `zip`).
pub(super) fn read<R: Read + Seek + Clone>(
    mut zip: ZipArchive<R>,
    source: R,
    origin: &str,
    catalogue: &Catalogue,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let formulas = check_ods(&mut zip).map_err(|m| problem(origin, m))?;
    drop(zip);
    let mut workbook = Ods::new(source)
        .map_err(|e| problem(origin, format!("not a readable .ods workbook: {e}")))?;
    let names = workbook.sheet_names();
    let sheet = choose_sheet(&names, options).map_err(|m| problem(origin, m))?;
    let range = workbook.worksheet_range(&sheet).map_err(|e| {
        problem(
            origin,
            format!("sheet '{}' cannot be read: {e}", crate::quoted(&sheet)),
        )
    })?;
    let mut reader = SheetReader::new(origin, &sheet, catalogue, options);
    for (_, pos, formula) in formulas.iter().filter(|(table, _, _)| *table == sheet) {
        reader.cell_problem(*pos, no_value(formula));
    }
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut row_cells: Vec<(u32, String)> = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        row_cells.clear();
        let row = first_row + i as u32;
        for (j, cell) in cells.iter().enumerate() {
            let col = first_col + j as u32;
            match cell_text(cell.clone()) {
                Ok(text) if text.is_empty() => {}
                Ok(text) => row_cells.push((col, text)),
                Err(message) => reader.cell_problem((row, col), message),
            }
        }
        reader.row(row, &mut row_cells)?;
    }
    reader.finish()
}
