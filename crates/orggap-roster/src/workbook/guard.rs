//! What a workbook may hold before any of it is parsed for real: every part unpacks within
//! a limit (a zip bomb is refused, not inflated), no text runs on without markup, a sheet
//! holds cells within Excel's grid and within a count, shared-string indices point into the
//! table, and an `.ods` sheet expands to a bounded number of cells.
//!
//! Each check streams the part through quick-xml and a [`Limited`] reader, so checking
//! costs the size of the part, never more memory than one piece of markup.

use std::cell::Cell;
use std::io::{self, BufReader, Read, Seek};
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::error::column_letters;

/// Bytes any one part other than a sheet may unpack to (shared strings, styles, the
/// workbook, an `.ods` document's content).
pub const MAX_PART_BYTES: u64 = 256 << 20;
/// Bytes all parts other than sheets may unpack to together.
const MAX_PARTS_BYTES: u64 = 512 << 20;
/// Bytes a sheet may unpack to.
const MAX_SHEET_BYTES: u64 = 1 << 30;
/// The longest text without markup: a cell of a megabyte is no roster cell.
const MAX_TEXT_RUN: u64 = 1 << 20;
/// Cells a sheet may hold: about 500,000 people with 40 skills. Larger rosters read as CSV.
pub const MAX_CELLS: u64 = 20_000_000;
/// Cells an `.ods` sheet may expand to: calamine holds the whole grid in memory.
pub const MAX_ODS_CELLS: u64 = 4_000_000;
/// Excel's grid.
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;
/// Entries a workbook's zip archive may have.
const MAX_ENTRIES: usize = 10_000;

/// Why a workbook was refused before it was read.
pub type Refusal = String;

/// What a stream of one part passed over: which limit, if any, it ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exceeded {
    Bytes(u64),
    TextRun,
}

/// A reader that fails once more than `max` bytes pass, or more than [`MAX_TEXT_RUN`] bytes
/// pass without a `<`; it notes which in `exceeded`.
struct Limited<R> {
    inner: R,
    max: u64,
    read: u64,
    run: u64,
    exceeded: Rc<Cell<Option<Exceeded>>>,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let chunk = &buf[..n];
        self.run = match memchr::memrchr(b'<', chunk) {
            Some(i) => (n - i - 1) as u64,
            None => self.run + n as u64,
        };
        let exceeded = if self.read > self.max {
            Some(Exceeded::Bytes(self.max))
        } else if self.run > MAX_TEXT_RUN {
            Some(Exceeded::TextRun)
        } else {
            None
        };
        if let Some(e) = exceeded {
            self.exceeded.set(Some(e));
            return Err(io::Error::other("a workbook limit was passed"));
        }
        Ok(n)
    }
}

/// Streams the part `name` through quick-xml, handing every event to `each`; the events of
/// one part are bounded by `max` bytes and [`MAX_TEXT_RUN`].
fn scan_part<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    max: u64,
    mut each: impl FnMut(&Event<'_>) -> Result<(), Refusal>,
) -> Result<u64, Refusal> {
    let entry = zip
        .by_name(name)
        .map_err(|e| format!("part '{}' cannot be read: {e}", crate::quoted(name)))?;
    let exceeded = Rc::new(Cell::new(None));
    let limited = Limited {
        inner: entry,
        max,
        read: 0,
        run: 0,
        exceeded: Rc::clone(&exceeded),
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(limited));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(event) => each(&event)?,
            Err(e) => {
                return Err(match exceeded.get() {
                    Some(Exceeded::Bytes(max)) => format!(
                        "part '{name}' unpacks to more than {} MiB; a roster's workbook is far smaller (a zip bomb?)",
                        max >> 20
                    ),
                    Some(Exceeded::TextRun) => format!(
                        "part '{name}' holds a text of more than {} MiB; no roster cell is that long",
                        MAX_TEXT_RUN >> 20
                    ),
                    None => format!("part '{}' is not well-formed XML: {e}", crate::quoted(name)),
                });
            }
        }
    }
    Ok(xml.buffer_position())
}

/// Unpacks `name` without parsing it, within `max` bytes; returns the bytes it unpacks to.
fn measure_part<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    max: u64,
) -> Result<u64, Refusal> {
    let mut entry = zip
        .by_index(index)
        .map_err(|e| format!("the workbook's zip archive is damaged: {e}"))?;
    let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
    let unpacked = io::copy(&mut (&mut entry).take(max + 1), &mut io::sink())
        .map_err(|e| format!("part '{}' cannot be unpacked: {e}", crate::quoted(&name)))?;
    if unpacked > max {
        return Err(format!(
            "part '{name}' unpacks to more than {} MiB; a roster's workbook is far smaller (a zip bomb?)",
            max >> 20
        ));
    }
    Ok(unpacked)
}

/// The value of the attribute whose local name is `local`, unescaped.
fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| {
                quick_xml::escape::unescape(&a.value)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// The parts of an `.xlsx` workbook that matter here.
#[derive(Debug, Default)]
pub struct Package {
    /// Sheets in workbook order: name and the path of their part.
    pub sheets: Vec<(String, String)>,
    /// Entries in the shared-strings table.
    pub shared_strings: u64,
}

/// Checks every part of an `.xlsx` archive but its sheets against the limits, and reads
/// which sheets it has and how many shared strings.
pub fn inspect_xlsx<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<Package, Refusal> {
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the workbook's archive has {} parts; at most {MAX_ENTRIES}",
            zip.len()
        ));
    }
    let workbook = office_document(zip)?;
    let (folder, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
    let rels = resolve(folder, &format!("_rels/{file}.rels"));
    let mut targets = Vec::new();
    if zip.index_for_name(&rels).is_some() {
        scan_part(zip, &rels, MAX_PART_BYTES, |event| {
            if let Event::Empty(e) | Event::Start(e) = event
                && e.local_name().as_ref() == "Relationship"
                && let (Some(id), Some(target)) = (attribute(e, "Id"), attribute(e, "Target"))
            {
                targets.push((id, resolve(folder, &target)));
            }
            Ok(())
        })?;
    }
    let mut sheets = Vec::new();
    scan_part(zip, &workbook, MAX_PART_BYTES, |event| {
        if let Event::Empty(e) | Event::Start(e) = event
            && e.local_name().as_ref() == "sheet"
            && let (Some(name), Some(id)) = (attribute(e, "name"), attribute(e, "id"))
            && let Some((_, path)) = targets.iter().find(|(i, _)| *i == id)
        {
            sheets.push((name, path.clone()));
        }
        Ok(())
    })?;
    let shared_strings = count_shared_strings(zip, &resolve(folder, "sharedStrings.xml"))?;
    let mut total = 0;
    for index in 0..zip.len() {
        let name = zip
            .name_for_index(index)
            .and_then(Result::ok)
            .map(|n| n.into_owned());
        if name.is_some_and(|n| sheets.iter().any(|(_, path)| *path == n)) {
            continue;
        }
        total += measure_part(zip, index, MAX_PART_BYTES)?;
        if total > MAX_PARTS_BYTES {
            return Err(format!(
                "the workbook's parts unpack to more than {} MiB besides its sheets (a zip bomb?)",
                MAX_PARTS_BYTES >> 20
            ));
        }
    }
    Ok(Package {
        sheets,
        shared_strings,
    })
}

/// The path of the main workbook part, from the package's relationships.
fn office_document<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<String, Refusal> {
    let mut found = None;
    if zip.index_for_name("_rels/.rels").is_some() {
        scan_part(zip, "_rels/.rels", MAX_PART_BYTES, |event| {
            if let Event::Empty(e) | Event::Start(e) = event
                && attribute(e, "Type").is_some_and(|t| t.ends_with("/officeDocument"))
            {
                found = attribute(e, "Target").map(|t| resolve("", &t));
            }
            Ok(())
        })?;
    }
    Ok(found.unwrap_or_else(|| "xl/workbook.xml".to_owned()))
}

/// A relationship's target as a path in the archive: absolute (`/xl/…`) or relative to
/// `folder`.
fn resolve(folder: &str, target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None if folder.is_empty() => target.to_owned(),
        None => format!("{folder}/{target}"),
    }
}

/// How many strings the shared-strings table holds; its declared count may not exceed them
/// by much (calamine sets memory aside for the declared count).
fn count_shared_strings<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
) -> Result<u64, Refusal> {
    if zip.index_for_name(name).is_none() {
        return Ok(0);
    }
    let (mut count, mut declared) = (0u64, 0u64);
    scan_part(zip, name, MAX_PART_BYTES, |event| {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "si" => count += 1,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                declared = attribute(e, "uniqueCount").map_or(0, |n| n.parse().unwrap_or(u64::MAX));
            }
            _ => {}
        }
        Ok(())
    })?;
    if declared > count.max(1 << 20) {
        return Err(format!(
            "part '{name}' declares {declared} shared strings but holds {count}; the file is damaged"
        ));
    }
    Ok(count)
}

/// A cell's place as a reference such as `B3`.
fn cell_ref((row, col): (u32, u32)) -> String {
    format!("{}{}", column_letters(col as usize), u64::from(row) + 1)
}

/// Parses a reference such as `AB12` into a 0-based (row, column), within Excel's grid.
fn parse_ref(text: &str) -> Option<(u32, u32)> {
    let letters = text.bytes().take_while(u8::is_ascii_uppercase).count();
    let (col_text, row_text) = text.split_at(letters);
    if letters == 0 || letters > 3 || row_text.is_empty() {
        return None;
    }
    let col = col_text
        .bytes()
        .fold(0u32, |c, b| c * 26 + u32::from(b - b'A') + 1)
        - 1;
    let row: u32 = row_text.parse().ok().filter(|&r| r >= 1)?;
    (row <= MAX_ROWS && col < MAX_COLUMNS).then_some((row - 1, col))
}

/// Checks the sheet part `path`: at most [`MAX_CELLS`] cells, each inside Excel's grid, and
/// every shared-string index inside the table of `shared_strings`.
pub fn check_sheet<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    sheet: &str,
    path: &str,
    shared_strings: u64,
) -> Result<(), Refusal> {
    // Where the scan is, as calamine counts cells that carry no reference.
    let (mut row, mut col) = (0u32, 0u32);
    let mut cells = 0u64;
    let mut shared_cell: Option<(u32, u32)> = None;
    let mut in_value = false;
    let place = |pos| format!("sheet '{}': cell {}", crate::quoted(sheet), cell_ref(pos));
    scan_part(zip, path, MAX_SHEET_BYTES, |event| {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                if let Some(r) = attribute(e, "r") {
                    row = r
                        .parse::<u32>()
                        .ok()
                        .filter(|r| (1..=MAX_ROWS).contains(r))
                        .ok_or_else(|| {
                            format!(
                                "sheet '{}': row '{}' is outside the sheet (rows 1 to {MAX_ROWS})",
                                crate::quoted(sheet),
                                crate::quoted(&r)
                            )
                        })?
                        - 1;
                }
                col = 0;
            }
            Event::End(e) if e.local_name().as_ref() == "row" => {
                row = row.saturating_add(1);
                col = 0;
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "c" => {
                cells += 1;
                if cells > MAX_CELLS {
                    return Err(format!(
                        "sheet '{}' holds more than {MAX_CELLS} cells; orggap reads at most that many from a workbook (export a larger roster as CSV)",
                        crate::quoted(sheet)
                    ));
                }
                let pos = match attribute(e, "r") {
                    Some(r) => parse_ref(&r).ok_or_else(|| {
                        format!(
                            "sheet '{}': cell '{}' is outside the sheet ({MAX_ROWS} rows × {MAX_COLUMNS} columns)",
                            crate::quoted(sheet),
                            crate::quoted(&r)
                        )
                    })?,
                    None if col < MAX_COLUMNS && row < MAX_ROWS => (row, col),
                    None => {
                        return Err(format!(
                            "sheet '{}': a cell is outside the sheet ({MAX_ROWS} rows × {MAX_COLUMNS} columns)",
                            crate::quoted(sheet)
                        ));
                    }
                };
                (row, col) = (pos.0, pos.1 + 1);
                let shared = attribute(e, "t").as_deref() == Some("s");
                shared_cell = (shared && matches!(event, Event::Start(_))).then_some(pos);
            }
            Event::End(e) if e.local_name().as_ref() == "c" => shared_cell = None,
            Event::Start(e) if e.local_name().as_ref() == "v" => in_value = true,
            Event::End(e) if e.local_name().as_ref() == "v" => in_value = false,
            Event::Text(t) if in_value => {
                if let Some(pos) = shared_cell {
                    let text: &str = t.as_ref();
                    let index = text.trim();
                    let valid = !index.is_empty()
                        && index.bytes().all(|b| b.is_ascii_digit())
                        && index.parse::<u64>().is_ok_and(|i| i < shared_strings);
                    if !valid {
                        return Err(format!(
                            "{}: shared string {} is not in the workbook's table of {shared_strings} strings; the file is damaged",
                            place(pos),
                            crate::quoted(index)
                        ));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    Ok(())
}

/// A formula cell without a computed value: its table, (row, column) and formula.
pub type Uncomputed = (String, (u32, u32), String);

/// The cells an `.ods` document's tables would expand to, checked against
/// [`MAX_ODS_CELLS`] before calamine expands them; also every formula cell without a
/// computed value (row, column, formula).
pub fn check_ods<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<Vec<Uncomputed>, Refusal> {
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "the workbook's archive has {} parts; at most {MAX_ENTRIES}",
            zip.len()
        ));
    }
    for index in 0..zip.len() {
        measure_part(zip, index, MAX_PART_BYTES)?;
    }
    let mut scan = OdsScan::default();
    scan_part(zip, "content.xml", MAX_PART_BYTES, |event| {
        scan.event(event)
    })?;
    Ok(scan.formulas)
}

/// The state of the scan of an `.ods` document's tables.
#[derive(Debug, Default)]
struct OdsScan {
    table: String,
    /// Rows so far in this table (with repeats), and the current row's repeat.
    rows: u64,
    row_repeat: u64,
    /// Columns so far in the current row (with repeats), and its last non-empty column.
    col: u64,
    last_filled: Option<u64>,
    /// The table's first and last rows with a non-empty cell, and its widest row.
    first_row: Option<u64>,
    last_row: u64,
    width: u64,
    /// Cells calamine keeps row by row before expanding.
    stored: u64,
    /// Formula cells without a value.
    formulas: Vec<Uncomputed>,
}

impl OdsScan {
    fn event(&mut self, event: &Event<'_>) -> Result<(), Refusal> {
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                self.table = attribute(e, "name").unwrap_or_default();
                (self.rows, self.first_row, self.last_row, self.width) = (0, None, 0, 0);
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                self.row_repeat = repeat(e, "number-rows-repeated", u64::from(MAX_ROWS));
                (self.col, self.last_filled) = (0, None);
                if matches!(event, Event::Empty(_)) {
                    self.end_row()?;
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => self.end_row()?,
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let times = repeat(e, "number-columns-repeated", u64::from(MAX_COLUMNS));
                let valued = attribute(e, "value-type").is_some();
                if valued || matches!(event, Event::Start(_)) {
                    self.last_filled = Some((self.col + times).min(u64::from(MAX_COLUMNS)) - 1);
                }
                if let Some(formula) = attribute(e, "formula").filter(|_| !valued)
                    && self.formulas.len() < crate::MAX_PROBLEMS
                {
                    let pos = (self.rows.min(u64::from(u32::MAX)) as u32, self.col as u32);
                    self.formulas.push((self.table.clone(), pos, formula));
                }
                self.col = (self.col + times).min(u64::from(MAX_COLUMNS));
            }
            _ => {}
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), Refusal> {
        let repeat = self.row_repeat.max(1);
        if let Some(last) = self.last_filled {
            self.stored += last + 1;
            self.first_row.get_or_insert(self.rows);
            self.last_row = self.rows + repeat - 1;
            self.width = self.width.max(last + 1);
        }
        self.rows = (self.rows + repeat).min(u64::from(MAX_ROWS));
        let span = self.first_row.map_or(0, |first| self.last_row + 1 - first);
        let cells = self.stored.max(span.saturating_mul(self.width));
        if cells > MAX_ODS_CELLS {
            return Err(format!(
                "sheet '{}' expands to more than {MAX_ODS_CELLS} cells; orggap reads at most that many from an .ods workbook (save it as .xlsx, or export it as CSV)",
                crate::quoted(&self.table)
            ));
        }
        Ok(())
    }
}

/// A repeat count attribute (`table:number-…-repeated`), at least 1 and at most `max`.
fn repeat(e: &BytesStart<'_>, local: &str, max: u64) -> u64 {
    attribute(e, local)
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_inside_excels_grid() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("AB12"), Some((11, 27)));
        assert_eq!(parse_ref("XFD1048576"), Some((1_048_575, 16_383)));
        for outside in [
            "XFE1",
            "A1048577",
            "A4294967296",
            "A0",
            "a1",
            "1",
            "A",
            "AAAA1",
        ] {
            assert_eq!(parse_ref(outside), None, "{outside}");
        }
        assert_eq!(cell_ref((2, 1)), "B3");
    }
}
