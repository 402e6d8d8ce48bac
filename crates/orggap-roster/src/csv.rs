//! Reading a CSV roster from a stream: encoding checks, delimiter detection, exact line
//! numbers for LF, CRLF and CR-only files, and every row handed to the [`Builder`].

use std::io::{self, Read};

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::DecodeReaderBytesBuilder;
use orggap_model::Catalogue;

use crate::error::{ImportError, Place, Problems};
use crate::header::read_header;
use crate::rows::{Builder, Fields, PlaceStyle};
use crate::{ImportOptions, Imported, SourceInfo};

/// Bytes read from the stream at a time.
const CHUNK: usize = 1 << 18;
/// A record longer than this is refused: it is not a roster row, and most likely a quote
/// left open that swallows the rest of the file.
pub const MAX_RECORD: usize = 1 << 20;

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Counts lines as bytes are consumed: `\n`, `\r\n` and a lone `\r` each end one line.
#[derive(Debug)]
struct LineCounter {
    line: usize,
    after_cr: bool,
}

impl LineCounter {
    fn advance(&mut self, bytes: &[u8]) {
        // Fast path: no carriage return, so every line feed ends a line.
        if memchr::memchr(b'\r', bytes).is_none() {
            let lf = memchr::memchr_iter(b'\n', bytes).count();
            if self.after_cr && bytes.first() == Some(&b'\n') {
                self.line += lf - 1;
            } else {
                self.line += lf;
            }
            if !bytes.is_empty() {
                self.after_cr = false;
            }
            return;
        }
        for &b in bytes {
            match b {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' => self.line += 1,
                b'\r' => {
                    self.line += 1;
                    self.after_cr = true;
                }
                _ => self.after_cr = false,
            }
        }
    }
}

/// The delimiter a header line uses: the most frequent of `,` `;` and tab outside quotes;
/// a comma when there is none.
pub fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header {
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

/// Streams records out of a reader with csv-core, tracking the line each record starts on.
struct Records<R> {
    source: R,
    parser: Reader,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    lines: LineCounter,
    out: Vec<u8>,
    ends: Vec<usize>,
}

/// What [`Records::next`] found.
enum Next {
    /// A record starting on this line; its fields are in `out` and `ends`. `open_quote` is
    /// set when the input ended inside a quoted field.
    Record {
        line: usize,
        fields: usize,
        open_quote: bool,
    },
    /// The record starting on this line is longer than [`MAX_RECORD`].
    TooLong { line: usize },
    /// The end of the input.
    End,
}

impl<R: Read> Records<R> {
    fn new(source: R, delimiter: u8, buf: Vec<u8>, len: usize, pos: usize) -> Records<R> {
        Records {
            source,
            parser: ReaderBuilder::new().delimiter(delimiter).build(),
            buf,
            pos,
            len,
            eof: false,
            lines: LineCounter {
                line: 1,
                after_cr: false,
            },
            out: vec![0; 4096],
            ends: vec![0; 64],
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.pos..self.len, 0);
        self.len -= self.pos;
        self.pos = 0;
        if self.buf.len() < self.len + CHUNK {
            self.buf.resize(self.len + CHUNK, 0);
        }
        let n = read_some(&mut self.source, &mut self.buf[self.len..])?;
        self.len += n;
        self.eof = n == 0;
        Ok(())
    }

    fn next(&mut self) -> io::Result<Next> {
        // Blank lines between records are skipped here so that the record's first line is
        // known before csv-core sees it.
        loop {
            let skip = self.buf[self.pos..self.len]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            self.lines.advance(&self.buf[self.pos..self.pos + skip]);
            self.pos += skip;
            if self.pos < self.len || self.eof {
                break;
            }
            self.refill()?;
        }
        let line = self.lines.line;
        let (mut nout, mut nend) = (0, 0);
        // Quote characters seen in this record's raw bytes: an odd count when the input ends
        // means a quoted field was never closed.
        let mut quotes = 0usize;
        loop {
            let input = &self.buf[self.pos..self.len];
            let (result, nin, o, e) =
                self.parser
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            self.lines.advance(&input[..nin]);
            quotes += memchr::memchr_iter(b'"', &input[..nin]).count();
            self.pos += nin;
            nout += o;
            // csv-core gives each record's ends relative to the record start already.
            nend += e;
            match result {
                ReadRecordResult::InputEmpty => {
                    if self.eof {
                        // Signal the end to csv-core with an empty input on the next turn.
                        continue;
                    }
                    self.refill()?;
                }
                ReadRecordResult::OutputFull => {
                    if self.out.len() >= MAX_RECORD {
                        return Ok(Next::TooLong { line });
                    }
                    let size = self.out.len() * 2;
                    self.out.resize(size, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let size = self.ends.len() * 2;
                    self.ends.resize(size, 0);
                }
                ReadRecordResult::Record => {
                    let at_end = self.eof && self.pos == self.len;
                    return Ok(Next::Record {
                        line,
                        fields: nend,
                        open_quote: at_end && quotes % 2 == 1,
                    });
                }
                ReadRecordResult::End => return Ok(Next::End),
            }
        }
    }

    fn fields(&self, count: usize) -> Fields<'_> {
        let ends = &self.ends[..count];
        Fields {
            data: &self.out[..ends.last().copied().unwrap_or(0)],
            ends,
        }
    }
}

/// Reads into `buf`, retrying on interruption.
fn read_some<R: Read>(source: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match source.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

/// Fills `buf` from `source` until it holds a line end or `limit` bytes or the input ends.
fn read_head<R: Read>(source: &mut R, buf: &mut Vec<u8>, limit: usize) -> io::Result<usize> {
    let mut len = 0;
    loop {
        if buf.len() < len + CHUNK {
            buf.resize(len + CHUNK, 0);
        }
        let n = read_some(source, &mut buf[len..])?;
        len += n;
        if n == 0 || len >= limit || buf[..len].iter().any(|&b| b == b'\n' || b == b'\r') {
            return Ok(len);
        }
    }
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
    if sample.contains(&0) {
        return Err(whole_file_problem(
            origin,
            "the file holds NUL bytes: it is binary, not CSV text",
        ));
    }
    Ok(())
}

/// The encoding a label names (`utf-8`, `windows-1252`, `latin1`, `utf-16`, …).
pub fn encoding_for(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Reads a CSV roster from `source`; `origin` names it in messages.
///
/// Text is UTF-8 unless `options.encoding` names another encoding, which is then decoded to
/// UTF-8 while streaming (a byte-order mark, if any, wins).
pub fn read_csv<'a, R: Read + Send + 'a>(
    source: R,
    origin: &str,
    catalogue: &Catalogue,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
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
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&buf[start..len]));
    let mut records = Records::new(source, delimiter, buf, len, start);

    let header_line;
    let header: Vec<String> = match records.next().map_err(io_error)? {
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
        Next::End => {
            return Err(whole_file_problem(
                origin,
                "the file holds only blank lines; expected a header row",
            ));
        }
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
    };
    let mut builder = Builder::new(catalogue, layout, PlaceStyle::Lines, options.strict);
    builder.warnings = warnings;
    if let Some(people) = estimate(options.size_hint, &records.buf[records.pos..records.len]) {
        builder.reserve(people);
    }
    stream_rows(records, &mut builder).map_err(io_error)?;
    builder.into_imported(origin, info)
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

fn not_utf8(origin: &str, line: usize) -> ImportError {
    let mut problems = Problems::default();
    let message = "the header is not valid UTF-8; if the file comes from Excel on Windows, try --encoding windows-1252".to_owned();
    problems.push(Place::Line { line, column: None }, message);
    problems.into_error(origin)
}

/// Records passed from the parsing thread to the building thread, many at a time.
#[derive(Debug, Default)]
struct Batch {
    /// The field bytes of each record, one record after another.
    data: Vec<u8>,
    /// Field ends, relative to their record's start.
    ends: Vec<usize>,
    records: Vec<BatchRecord>,
    /// What stopped the parser, in the last batch.
    end: Option<BatchEnd>,
}

#[derive(Debug)]
struct BatchRecord {
    line: usize,
    /// Where the record's bytes and field ends start in the batch.
    data: (usize, usize),
    ends: (usize, usize),
    open_quote: bool,
}

#[derive(Debug)]
enum BatchEnd {
    Done,
    TooLong(usize),
    Failed(io::Error),
}

/// Records per batch: large enough that handing over costs nothing, small enough to stay in
/// cache.
const BATCH: usize = 2048;

/// Parses records on one thread and builds rows on this one, so that reading and checking a
/// large file use both cores; batches are recycled, so memory stays a few batches.
fn stream_rows<R: Read + Send>(
    mut records: Records<R>,
    builder: &mut Builder<'_>,
) -> io::Result<()> {
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Batch>(4);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            loop {
                let mut batch = empty_rx.try_recv().unwrap_or_default();
                batch.data.clear();
                batch.ends.clear();
                batch.records.clear();
                while batch.records.len() < BATCH && batch.end.is_none() {
                    match records.next() {
                        Ok(Next::Record {
                            line,
                            fields,
                            open_quote,
                        }) => {
                            let f = records.fields(fields);
                            let (d, e) = (batch.data.len(), batch.ends.len());
                            batch.data.extend_from_slice(f.data);
                            batch.ends.extend_from_slice(f.ends);
                            batch.records.push(BatchRecord {
                                line,
                                data: (d, batch.data.len()),
                                ends: (e, batch.ends.len()),
                                open_quote,
                            });
                        }
                        Ok(Next::TooLong { line }) => batch.end = Some(BatchEnd::TooLong(line)),
                        Ok(Next::End) => batch.end = Some(BatchEnd::Done),
                        Err(e) => batch.end = Some(BatchEnd::Failed(e)),
                    }
                }
                let last = batch.end.is_some();
                // The builder stops listening only after the last batch.
                if full_tx.send(batch).is_err() || last {
                    return;
                }
            }
        });
        for mut batch in full_rx {
            for r in &batch.records {
                if r.open_quote {
                    let message =
                        "a quoted field that starts in this record is never closed".into();
                    builder.problems.push(
                        Place::Line {
                            line: r.line,
                            column: None,
                        },
                        message,
                    );
                    continue;
                }
                let fields = Fields {
                    data: &batch.data[r.data.0..r.data.1],
                    ends: &batch.ends[r.ends.0..r.ends.1],
                };
                builder.row(r.line, &fields);
            }
            match batch.end.take() {
                None => {
                    // The parser may already be gone after its last batch; nothing to recycle then.
                    let _ = empty_tx.send(batch);
                }
                Some(BatchEnd::Done) => return Ok(()),
                Some(BatchEnd::TooLong(line)) => {
                    builder
                        .problems
                        .push(Place::Line { line, column: None }, too_long_message());
                    return Ok(());
                }
                Some(BatchEnd::Failed(e)) => return Err(e),
            }
        }
        Ok(())
    })
}

fn too_long_message() -> String {
    format!(
        "a record is longer than {} MiB; is a quote left open?",
        MAX_RECORD >> 20
    )
}

fn too_long(origin: &str, line: usize) -> ImportError {
    let mut problems = Problems::default();
    problems.push(Place::Line { line, column: None }, too_long_message());
    problems.into_error(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"name,team;x\n"), b',');
        assert_eq!(detect_delimiter(b"name;team;\"a,b,c\"\n"), b';');
        assert_eq!(detect_delimiter(b"name\tteam\n"), b'\t');
        assert_eq!(detect_delimiter(b"name\n"), b',');
    }

    /// A reader that hands out one byte per call, so every record crosses chunk boundaries.
    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn record_lines(text: &[u8]) -> Vec<(usize, Vec<String>)> {
        let whole = collect(Records::new(text, b',', Vec::new(), 0, 0));
        let bytewise = collect(Records::new(OneByte(text), b',', Vec::new(), 0, 0));
        assert_eq!(whole, bytewise, "chunking changes nothing");
        whole
    }

    fn collect<R: Read>(mut records: Records<R>) -> Vec<(usize, Vec<String>)> {
        let mut out = Vec::new();
        loop {
            match records.next().unwrap() {
                Next::Record { line, fields, .. } => {
                    let f = records.fields(fields);
                    let cells = (0..f.len())
                        .map(|i| String::from_utf8_lossy(f.get(i)).into_owned())
                        .collect();
                    out.push((line, cells));
                }
                Next::TooLong { line } => panic!("too long at {line}"),
                Next::End => return out,
            }
        }
    }

    #[test]
    fn line_numbers_for_every_line_ending() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = ["a,b", "", "\"multi", "line\",x", "c,d", ""].join(ending);
            let got: Vec<usize> = record_lines(text.as_bytes()).iter().map(|r| r.0).collect();
            assert_eq!(got, [1, 3, 5], "line ending {ending:?}");
        }
    }

    #[test]
    fn last_line_without_ending_and_quoted_fields() {
        let got = record_lines(b"a,\"b,\"\"c\"\"\"\n1,2");
        assert_eq!(got[0].1, ["a", "b,\"c\""]);
        assert_eq!(got[1], (2, vec!["1".to_owned(), "2".to_owned()]));
    }
}
