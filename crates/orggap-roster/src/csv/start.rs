//! The start of a CSV roster: encoding, byte-order mark, what is not CSV at all, the
//! delimiter, and the header row.

use std::io::{self, Read};

use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::DecodeReaderBytesBuilder;
use orggap_model::Catalogue;

use super::records::{CHUNK, MAX_RECORD, Next, Records, line_of, read_some};
use super::stream::too_long;
use crate::error::{ImportError, Place, Problems};
use crate::header::{HEADER_ROWS, looks_like_header, read_header};
use crate::rows::{Builder, PlaceStyle};
use crate::{ImportOptions, SourceInfo};

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// The delimiter a header line uses: the most frequent of `,` `;` and tab outside quotes;
/// a comma when there is none.
///
/// Blank lines before the header are skipped.
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in skip_blank_lines(header) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

/// Fills `buf` from `source` until it holds the end of the first [`HEADER_ROWS`] lines (where
/// the header is looked for), or `limit` bytes, or the whole input.
fn read_head<R: Read>(source: &mut R, buf: &mut Vec<u8>, limit: usize) -> io::Result<usize> {
    let mut len = 0;
    loop {
        if buf.len() < len + CHUNK {
            buf.resize(len + CHUNK, 0);
        }
        let n = read_some(source, &mut buf[len..])?;
        len += n;
        let lines = memchr::memchr_iter(b'\n', &buf[..len]).count();
        if n == 0 || len >= limit || lines > HEADER_ROWS {
            return Ok(len);
        }
    }
}

/// The line (1-based) and delimiter of the header among the first [`HEADER_ROWS`] lines of
/// `head`: the first line that holds a name and a skill under its delimiter (`delimiter`, or
/// the one found on that line). `None` when no line does.
fn find_header(head: &[u8], delimiter: Option<u8>, catalogue: &Catalogue) -> Option<(usize, u8)> {
    let lines = head.split(|&b| b == b'\n').take(HEADER_ROWS);
    for (i, line) in lines.enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(line));
        if looks_like_header(&cells_of(line, delimiter), catalogue) {
            return Some((i + 1, delimiter));
        }
    }
    None
}

/// The cells of one line of CSV (quotes taken out), as text.
fn cells_of(line: &[u8], delimiter: u8) -> Vec<String> {
    use csv_core::ReadFieldResult;
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; line.len() + 1];
    let (mut input, mut cells, mut at) = (line, Vec::new(), 0);
    loop {
        // An empty input is the end of the line: the last field is then flushed.
        let (result, read, written) = reader.read_field(input, &mut out[at..]);
        input = &input[read..];
        at += written;
        match result {
            ReadFieldResult::Field { record_end } => {
                cells.push(String::from_utf8_lossy(&out[..at]).into_owned());
                at = 0;
                if record_end {
                    return cells;
                }
            }
            ReadFieldResult::InputEmpty => {}
            ReadFieldResult::OutputFull | ReadFieldResult::End => return cells,
        }
    }
}

/// The line (1-based) of line `row` of `head` (what `--header-row` names), or `None` past
/// the lines read.
fn header_row_delimiter(head: &[u8], row: usize, delimiter: Option<u8>) -> Option<u8> {
    let line = head.split(|&b| b == b'\n').nth(row.checked_sub(1)?)?;
    Some(delimiter.unwrap_or_else(|| detect_delimiter(line)))
}

/// `bytes` from the start of its first line that holds more than spaces and tabs.
fn skip_blank_lines(bytes: &[u8]) -> &[u8] {
    let first = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(bytes.len());
    let line_start = bytes[..first]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    &bytes[line_start..]
}

fn whole_file_problem(origin: &str, message: &str) -> ImportError {
    let mut problems = Problems::default();
    problems.push(Place::File, message.to_owned());
    problems.into_error(origin)
}

/// Checks the start of the file for things that are not a UTF-8 CSV at all.
fn check_start(head: &[u8], origin: &str) -> Result<(), ImportError> {
    if head.is_empty() {
        return Err(whole_file_problem(
            origin,
            "the file is empty; expected a header row such as 'name,title,team,…'",
        ));
    }
    if head.starts_with(b"\xff\xfe\0\0") || head.starts_with(b"\0\0\xfe\xff") {
        return Err(whole_file_problem(
            origin,
            "the file is UTF-32, which orggap does not read; save it as UTF-8 (in Excel: 'CSV UTF-8')",
        ));
    }
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return Err(whole_file_problem(
            origin,
            "the file is UTF-16; save it as UTF-8 (in Excel: 'CSV UTF-8') or pass --encoding utf-16",
        ));
    }
    let sample = &head[..head.len().min(8192)];
    if sample.starts_with(b"PK\x03\x04") {
        return Err(whole_file_problem(
            origin,
            "the file is a zip archive (an .xlsx or .ods workbook?), not CSV text; give it its real extension",
        ));
    }
    if let Some(at) = memchr::memchr(0, sample) {
        let mut problems = Problems::default();
        let message = "holds a NUL byte: the file is binary, not CSV text".to_owned();
        let line = line_of(&sample[..at]);
        problems.push(Place::Line { line, column: None }, message);
        return Err(problems.into_error(origin));
    }
    Ok(())
}

/// The encoding a label names (`utf-8`, `windows-1252`, `latin1`, `utf-16`, …).
pub fn encoding_for(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// A CSV roster whose header has been read: the rows are next.
pub(super) struct Started<'a, 'c> {
    pub(super) records: Records<Box<dyn Read + Send + 'a>>,
    pub(super) builder: Builder<'c>,
    pub(super) info: SourceInfo,
    /// About how many people the input holds, when it is large enough to matter.
    pub(super) people: Option<usize>,
}

/// Checks the start of `source`, finds its delimiter and reads its header.
pub(super) fn start<'a, 'c, R: Read + Send + 'a>(
    source: R,
    origin: &str,
    catalogue: &'c Catalogue,
    options: &ImportOptions,
) -> Result<Started<'a, 'c>, ImportError> {
    let encoding = match options.encoding.as_deref() {
        None => UTF_8,
        Some(label) => encoding_for(label).ok_or_else(|| {
            whole_file_problem(
                origin,
                &format!("unknown encoding '{label}'; expected one such as utf-8, windows-1252, latin1 or utf-16"),
            )
        })?,
    };
    let mut source: Box<dyn Read + Send + 'a> = if encoding == UTF_8 {
        Box::new(source)
    } else {
        Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .build(source),
        )
    };
    let io_error = |source| ImportError::Io {
        origin: origin.to_owned(),
        source,
    };
    let mut buf = Vec::new();
    let len = read_head(&mut source, &mut buf, MAX_RECORD).map_err(io_error)?;
    check_start(&buf[..len], origin)?;
    let encoding_name = encoding.name().to_owned();
    let bom = buf[..len].starts_with(UTF8_BOM);
    let start = if bom { UTF8_BOM.len() } else { 0 };
    // The header: the row `--header-row` names, else the first of the first rows that holds
    // a name and a skill, else the first row that is not blank (whose problems are then
    // reported as the header's).
    let head = &buf[start..len];
    let (wanted, delimiter) = match options.header_row {
        Some(row) => {
            let delimiter = header_row_delimiter(head, row, options.delimiter)
                .ok_or_else(|| no_such_row(origin, row))?;
            (Some(row), delimiter)
        }
        None => match find_header(head, options.delimiter, catalogue) {
            Some((row, delimiter)) => (Some(row), delimiter),
            None => (
                None,
                options.delimiter.unwrap_or_else(|| detect_delimiter(head)),
            ),
        },
    };
    let mut records = Records::new(source, delimiter, buf, len, start);

    let header_line;
    let mut skipped_rows = 0;
    let header: Vec<String> = loop {
        let next = records.next().map_err(io_error)?;
        if let Next::Record { fields, line, .. } = next {
            let blank = records.fields(fields).is_blank();
            let above = wanted.is_some_and(|row| line < row);
            if above || (blank && wanted.is_none()) {
                skipped_rows += usize::from(!blank);
                continue;
            }
        }
        break match next {
            Next::Record {
                line,
                open_quote: true,
                ..
            } => {
                let mut problems = Problems::default();
                let message = "a quoted field that starts in the header is never closed".into();
                problems.push(Place::Line { line, column: None }, message);
                return Err(problems.into_error(origin));
            }
            Next::Record { line, fields, .. } => {
                header_line = line;
                let cells = records.fields(fields);
                let mut header = Vec::with_capacity(cells.len());
                for i in 0..cells.len() {
                    match std::str::from_utf8(cells.get(i)) {
                        Ok(text) => header.push(text.to_owned()),
                        Err(_) => return Err(not_utf8(origin, line)),
                    }
                }
                header
            }
            Next::TooLong { line } => {
                return Err(too_long(origin, line));
            }
            Next::End | Next::Stop => {
                return Err(whole_file_problem(
                    origin,
                    "the file holds only blank lines; expected a header row",
                ));
            }
        };
    };
    let (layout, warnings, header_problems) = read_header(&header, catalogue, options.strict);
    let mut problems = Problems::default();
    for (column, message) in header_problems {
        let column = column.map(|i| layout.columns[i].header.clone());
        problems.push(
            Place::Line {
                line: header_line,
                column,
            },
            message,
        );
    }
    if !problems.is_empty() {
        return Err(problems.into_error(origin));
    }
    let info = SourceInfo {
        encoding: encoding_name,
        delimiter: Some(delimiter),
        bom,
        sheet: None,
        layout: layout.clone(),
        header_row: header_line,
        skipped_rows,
    };
    let mut builder = Builder::new(catalogue, layout, PlaceStyle::Lines, options.strict);
    builder.rate_by(options.rating, options.as_of);
    builder.blanks_unknown(options.blank_unknown);
    builder.warnings = warnings;
    let people = estimate(options.size_hint, &records.buf[records.pos..records.len]);
    Ok(Started {
        records,
        builder,
        info,
        people,
    })
}

/// How many rows a file of `size` bytes holds, judged from a sample of its rows (only for
/// inputs large enough to matter), with a margin.
fn estimate(size: Option<u64>, sample: &[u8]) -> Option<usize> {
    let size = size? as usize;
    let rows = sample.iter().filter(|&&b| b == b'\n').count();
    if size < 1 << 20 || rows < 16 {
        return None;
    }
    let people = size / (sample.len() / rows).max(1);
    Some(people + people / 20)
}

fn no_such_row(origin: &str, row: usize) -> ImportError {
    let message = format!("--header-row {row}: the start of the file holds no row {row}");
    whole_file_problem(origin, &message)
}

fn not_utf8(origin: &str, line: usize) -> ImportError {
    let mut problems = Problems::default();
    let message = "the header is not valid UTF-8; if the file comes from Excel on Windows, try --encoding windows-1252".to_owned();
    problems.push(Place::Line { line, column: None }, message);
    problems.into_error(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_one_line() {
        assert_eq!(cells_of(b"a,b", b','), ["a", "b"]);
        assert_eq!(
            cells_of(b"\"Last, First\";x;", b';'),
            ["Last, First", "x", ""]
        );
        assert!(cells_of(b"", b',').is_empty());
    }

    #[test]
    fn the_header_is_found_below_titles() {
        let catalogue = Catalogue::builtin();
        let head = b"Skills export\nGenerated 2026-01-05;;\n\nName;Budgeting\nAda;4\n";
        assert_eq!(find_header(head, None, &catalogue), Some((4, b';')));
        let no_skill = b"Report\nName,Team\nAda,X\n";
        assert_eq!(find_header(no_skill, None, &catalogue), None);
        let parts = b"title,,\nFirst name,Last name,Market research\n";
        assert_eq!(find_header(parts, None, &catalogue), Some((2, b',')));
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"name,team;x\n"), b',');
        assert_eq!(detect_delimiter(b"name;team;\"a,b,c\"\n"), b';');
        assert_eq!(detect_delimiter(b"name\tteam\n"), b'\t');
        assert_eq!(detect_delimiter(b"name\n"), b',');
    }
}
