//! Reading a CSV roster from a stream: encoding checks, delimiter detection, exact line
//! numbers for LF, CRLF and CR-only files, and every row handed to the [`Builder`].

use std::fs::File;
use std::io::{self, Read};
use std::num::NonZeroUsize;

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
        // One pass over the line-end bytes only: a `\n` right after a `\r` ends no line.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let after_cr = match i {
                0 => self.after_cr,
                _ => bytes[i - 1] == b'\r',
            };
            if bytes[i] == b'\r' || !after_cr {
                self.line += 1;
            }
        }
        if let Some(&b) = bytes.last() {
            self.after_cr = b == b'\r';
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

/// A csv-core parser that takes every byte as it comes.
///
/// csv-core drops a UTF-8 byte-order mark at the start of the first input it is given.
/// The start of the file is handled before any parser sees it; but a parser may first be
/// given a line in the middle of the file (the first quoted line, or the start of a part),
/// whose leading U+FEFF is data. So each parser is first given one empty line, which it
/// skips and after which it strips nothing.
fn parser(delimiter: u8) -> Reader {
    let mut parser = ReaderBuilder::new().delimiter(delimiter).build();
    let (result, read, _, _) = parser.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
    debug_assert!(matches!(result, ReadRecordResult::InputEmpty) && read == 1);
    parser
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
    /// The input offset of `buf[0]`.
    base: u64,
    /// Where the last record (or stop) found by [`Records::next`] starts in the input, and
    /// its line.
    record_start: u64,
    record_line: usize,
    /// Records starting at or after this input offset are left to another reader.
    stop_at: u64,
    /// The delimiter, when plain lines may be split without csv-core (see
    /// [`Records::plain_record`]).
    plain: Option<u8>,
    /// Where in `buf` the last record's line is, when it was a plain line (its fields are
    /// then in `buf`, not in `out`).
    line_at: Option<(usize, usize)>,
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
    /// The next record starts at or after the position given to [`Records::stop_at`]: the
    /// reader of the next part of the file takes over there.
    Stop,
    /// The end of the input.
    End,
}

impl<R: Read> Records<R> {
    fn new(source: R, delimiter: u8, buf: Vec<u8>, len: usize, pos: usize) -> Records<R> {
        Records {
            source,
            parser: parser(delimiter),
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
            base: 0,
            record_start: 0,
            record_line: 1,
            stop_at: u64::MAX,
            plain: (!matches!(delimiter, b'"' | b'\r' | b'\n')).then_some(delimiter),
            line_at: None,
        }
    }

    /// Reads a part of a file: `source` starts at input offset `base`, and records starting
    /// at or after `stop_at` are not read.
    fn part(mut self, base: u64, stop_at: u64) -> Records<R> {
        self.base = base;
        self.stop_at = stop_at;
        self
    }

    fn refill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.pos..self.len, 0);
        self.len -= self.pos;
        self.base += self.pos as u64;
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
        self.record_start = self.base + self.pos as u64;
        self.record_line = line;
        if self.record_start >= self.stop_at {
            return Ok(Next::Stop);
        }
        self.line_at = None;
        if let Some(fields) = self.plain_record() {
            return Ok(Next::Record {
                line,
                fields,
                open_quote: false,
            });
        }
        let (mut nout, mut nend) = (0, 0);
        // Quote characters seen in this record's raw bytes, counted only when the input
        // ends (or the record outgrows the buffer): an odd count at the end means a quoted
        // field was never closed. `begin` is where the uncounted raw bytes start in `buf`.
        let mut quotes = 0usize;
        let mut begin = self.pos;
        loop {
            let input = &self.buf[self.pos..self.len];
            let (result, nin, o, e) =
                self.parser
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            self.lines.advance(&input[..nin]);
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
                    quotes += count_quotes(&self.buf[begin..self.pos]);
                    begin = 0;
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
                    if at_end {
                        quotes += count_quotes(&self.buf[begin..self.pos]);
                    }
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

    /// Reads the record at `pos` without csv-core when it is one whole line in the buffer
    /// with no quote character and no carriage return but a final `\r\n` — almost every
    /// roster row. Such a line's fields are exactly its pieces between delimiters, which is
    /// what csv-core would give, at a fraction of the cost: the line stays where it is in
    /// the buffer and only the delimiters' positions are noted. Anything else is left to
    /// csv-core (`None`). Returns the number of fields.
    fn plain_record(&mut self) -> Option<usize> {
        /// Longer lines go through csv-core, which also refuses records over `MAX_RECORD`.
        const PLAIN_MAX: usize = 1 << 16;
        let delimiter = self.plain?;
        let rest = &self.buf[self.pos..self.len];
        let feed = memchr::memchr(b'\n', &rest[..rest.len().min(PLAIN_MAX)])?;
        let end = if feed > 0 && rest[feed - 1] == b'\r' {
            feed - 1
        } else {
            feed
        };
        let line = &rest[..end];
        if memchr::memchr2(b'"', b'\r', line).is_some() {
            return None;
        }
        if self.ends.len() <= line.len() {
            self.ends.resize(line.len() + 1, 0);
        }
        let count = delimiter_positions(line, delimiter, &mut self.ends);
        self.ends[count] = line.len();
        self.line_at = Some((self.pos, self.pos + end));
        // One line: its `\n` (after a `\r` or not).
        self.lines.line += 1;
        self.lines.after_cr = false;
        self.pos += feed + 1;
        Some(count + 1)
    }

    fn fields(&self, count: usize) -> Fields<'_> {
        let ends = &self.ends[..count];
        match (self.line_at, self.plain) {
            (Some((start, end)), Some(delimiter)) => {
                Fields::separated(&self.buf[start..end], ends, delimiter)
            }
            _ => Fields::new(&self.out[..ends.last().copied().unwrap_or(0)], ends),
        }
    }
}

/// Writes where `delimiter` occurs in `line` into `ends` (at least as long as `line`) and
/// returns how many times: eight bytes at a time, a delimiter byte found as a zero byte of
/// the word XOR the delimiter repeated.
fn delimiter_positions(line: &[u8], delimiter: u8, ends: &mut [usize]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let repeated = u64::from_le_bytes([delimiter; 8]);
    let mut count = 0;
    let mut words = line.chunks_exact(8);
    for (w, word) in (&mut words).enumerate() {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ repeated;
        // The high bit of each byte of `x` that is zero, and of no other byte.
        let mut zeros = !(((x & LOW7) + LOW7) | x | LOW7);
        while zeros != 0 {
            ends[count] = w * 8 + zeros.trailing_zeros() as usize / 8;
            count += 1;
            zeros &= zeros - 1;
        }
    }
    let tail = line.len() - words.remainder().len();
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == delimiter {
            ends[count] = tail + i;
            count += 1;
        }
    }
    count
}

fn count_quotes(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'"', bytes).count()
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
    let mut started = start(source, origin, catalogue, options)?;
    if let Some(people) = started.people {
        started.builder.reserve(people);
    }
    stream_rows(started.records, &mut started.builder).map_err(|e| io_error(origin, e))?;
    started.builder.into_imported(origin, started.info)
}

fn io_error(origin: &str, source: io::Error) -> ImportError {
    ImportError::Io {
        origin: origin.to_owned(),
        source,
    }
}

/// A CSV roster whose header has been read: the rows are next.
struct Started<'a, 'c> {
    records: Records<Box<dyn Read + Send + 'a>>,
    builder: Builder<'c>,
    info: SourceInfo,
    /// About how many people the input holds, when it is large enough to matter.
    people: Option<usize>,
}

/// Checks the start of `source`, finds its delimiter and reads its header.
fn start<'a, 'c, R: Read + Send + 'a>(
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
        Next::End | Next::Stop => {
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
    let people = estimate(options.size_hint, &records.buf[records.pos..records.len]);
    Ok(Started {
        records,
        builder,
        info,
        people,
    })
}

/// Most parts a file is read in at once.
const MAX_PARTS: usize = 8;
/// Fewest bytes worth a part (and a thread) of their own.
const MIN_PART: u64 = 1 << 20;

/// Reads a CSV roster from a file, like [`read_csv`], but a large UTF-8 file is read in
/// parts, one per core, that are joined in order afterwards.
///
/// Each part starts after a line end; the part before it reads on until its next record
/// starts, which must be exactly where the next part's first record starts (a line end
/// inside a quoted field fails this). The result is the same roster, warnings and line
/// numbers as reading in one go; whenever the parts do not join cleanly — a split inside a
/// quoted field, any problem in any part, a name repeated across parts — the file is read
/// again in one go, so that what is reported is exactly what [`read_csv`] reports.
pub fn read_csv_file(
    file: &File,
    origin: &str,
    catalogue: &Catalogue,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let parts = cores.min(MAX_PARTS);
    read_file_in_parts(file, origin, catalogue, options, parts, MIN_PART).0
}

/// Reads `file` in up to `parts` parts of at least `min_part` bytes; also says how many
/// parts were joined (1 when it was read in one go).
fn read_file_in_parts(
    file: &File,
    origin: &str,
    catalogue: &Catalogue,
    options: &ImportOptions,
    parts: usize,
    min_part: u64,
) -> (Result<Imported, ImportError>, usize) {
    let one_go = || {
        // A regular file is read from its start whatever its cursor; a pipe as it comes.
        let regular = file.metadata().is_ok_and(|m| m.is_file());
        let result = if regular && CAN_READ_AT {
            read_csv(At { file, pos: 0 }, origin, catalogue, options)
        } else {
            read_csv(file, origin, catalogue, options)
        };
        (result, 1)
    };
    let utf8 = match options.encoding.as_deref() {
        None => true,
        Some(label) => encoding_for(label) == Some(UTF_8),
    };
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map_or(0, |m| m.len());
    let parts = parts.min(usize::try_from(size / min_part.max(1)).unwrap_or(usize::MAX));
    if !utf8 || parts < 2 || !CAN_READ_AT {
        return one_go();
    }
    let mut started = match start(At { file, pos: 0 }, origin, catalogue, options) {
        Ok(started) => started,
        Err(e) => return (Err(e), 1),
    };
    let data_start = started.records.base + started.records.pos as u64;
    let splits = split_points(file, data_start, size, parts).unwrap_or_default();
    if splits.is_empty() || started.builder.is_long_form() {
        return one_go();
    }
    started.builder.defer_name_check();
    let info = started.info.clone();
    let parts = read_parts(file, started, &splits);
    let count = parts.len();
    match join(parts) {
        Some(whole) => (whole.into_imported(origin, info), count),
        None => one_go(),
    }
}

/// Reads the rows after the header in parts starting at `splits`: the first part on this
/// thread (it goes on from the header), every other part on a thread of its own.
fn read_parts<'c>(file: &File, started: Started<'_, 'c>, splits: &[u64]) -> Vec<Part<'c>> {
    let Started {
        mut records,
        mut builder,
        info,
        people,
    } = started;
    let share = people.map(|people| people / (splits.len() + 1));
    let mut readers = Vec::with_capacity(splits.len());
    for (i, &from) in splits.iter().enumerate() {
        let to = splits.get(i + 1).copied().unwrap_or(u64::MAX);
        let delimiter = info.delimiter.unwrap_or(b',');
        let records =
            Records::new(At { file, pos: from }, delimiter, Vec::new(), 0, 0).part(from, to);
        readers.push((records, builder.fork()));
    }
    if let Some(people) = share {
        builder.reserve(people);
        for (_, builder) in &mut readers {
            builder.reserve(people);
        }
    }
    records.stop_at = splits[0];
    std::thread::scope(|scope| {
        let handles: Vec<_> = readers
            .into_iter()
            .map(|(records, builder)| scope.spawn(move || read_part(records, builder)))
            .collect();
        let mut parts = vec![read_part(records, builder)];
        parts.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        parts
    })
}

/// The parts joined into one builder, as if the file had been read in one go; `None` when
/// they do not join cleanly: a part did not end where the next began, a part has a problem
/// or failed to read, or a name appears twice.
fn join(mut parts: Vec<Part<'_>>) -> Option<Builder<'_>> {
    let clean = parts.windows(2).all(|w| w[0].stop == Some(w[1].first.0))
        && parts
            .iter()
            .all(|p| p.failed.is_none() && p.builder.problems.is_empty());
    let names: Vec<Vec<u64>> = parts
        .iter_mut()
        .map(|p| std::mem::take(&mut p.names))
        .collect();
    if !clean || any_repeated(&names) {
        return None;
    }
    drop(names);
    let mut parts = parts.into_iter();
    let first = parts.next()?;
    let mut stop_line = first.stop_line;
    let mut whole = first.builder;
    let mut line_offset = 0;
    for part in parts {
        // Both readers counted the lines up to the record where one stopped and the other began.
        line_offset = line_offset + stop_line - part.first.1;
        stop_line = part.stop_line;
        whole.absorb(part.builder, line_offset);
    }
    Some(whole)
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

/// Whether this platform can read a file at an offset without moving a shared cursor.
const CAN_READ_AT: bool = cfg!(any(unix, windows));

/// Reads `file` from `pos` on, without touching the file's own cursor, so that several
/// readers can share one open file.
struct At<'f> {
    file: &'f File,
    pos: u64,
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = read_at(self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, pos)
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<usize> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Where parts 2, 3, … of the rows in `from..size` start: just after the first line feed
/// at or after each even share of the bytes. Fewer when a share holds no line feed.
fn split_points(file: &File, from: u64, size: u64, parts: usize) -> io::Result<Vec<u64>> {
    let mut splits: Vec<u64> = Vec::with_capacity(parts);
    let mut window = vec![0; 1 << 16];
    for k in 1..parts as u64 {
        let nominal = from + (size - from) / parts as u64 * k;
        let mut at = nominal.max(splits.last().copied().unwrap_or(from));
        while at < size && at - nominal < MAX_RECORD as u64 {
            let n = read_at(file, &mut window, at)?;
            if n == 0 {
                break;
            }
            if let Some(i) = memchr::memchr(b'\n', &window[..n]) {
                let split = at + i as u64 + 1;
                if split < size && splits.last().is_none_or(|&s| s < split) {
                    splits.push(split);
                }
                break;
            }
            at += n as u64;
        }
    }
    Ok(splits)
}

/// What reading one part of a file gave.
struct Part<'c> {
    builder: Builder<'c>,
    /// Where the part's first record starts, and its line as this part counts them.
    first: (u64, usize),
    /// Where the next part's first record starts, when this part stopped there, and the
    /// line there as this part counts them.
    stop: Option<u64>,
    stop_line: usize,
    failed: Option<io::Error>,
    /// The sorted hashes of the part's names.
    names: Vec<u64>,
}

/// Builds the rows of one part of a file, on the calling thread.
fn read_part<'c, R: Read>(mut records: Records<R>, mut builder: Builder<'c>) -> Part<'c> {
    let mut first = None;
    let mut stop = None;
    let mut failed = None;
    loop {
        let next = records.next();
        first.get_or_insert((records.record_start, records.record_line));
        match next {
            Ok(Next::Record {
                line,
                open_quote: true,
                ..
            }) => open_quote(&mut builder, line),
            Ok(Next::Record { line, fields, .. }) => builder.row(line, &records.fields(fields)),
            Ok(Next::TooLong { line }) => {
                record_too_long(&mut builder, line);
                break;
            }
            Ok(Next::Stop) => {
                stop = Some(records.record_start);
                break;
            }
            Ok(Next::End) => break,
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    Part {
        names: builder.sorted_name_hashes(),
        builder,
        first: first.unwrap_or_default(),
        stop,
        stop_line: records.record_line,
        failed,
    }
}

/// Whether any value repeats within a sorted list or across two of them (linear passes;
/// there are a few lists, one per part).
fn any_repeated(lists: &[Vec<u64>]) -> bool {
    lists.iter().enumerate().any(|(i, list)| {
        list.windows(2).any(|w| w[0] == w[1])
            || lists[..i]
                .iter()
                .any(|earlier| shares_a_value(earlier, list))
    })
}

fn shares_a_value(a: &[u64], b: &[u64]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
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
    /// The byte between cells in the data, if any (see [`Fields`]).
    delimiter: Option<u8>,
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
                                delimiter: f.delimiter,
                                open_quote,
                            });
                        }
                        Ok(Next::TooLong { line }) => batch.end = Some(BatchEnd::TooLong(line)),
                        Ok(Next::End | Next::Stop) => batch.end = Some(BatchEnd::Done),
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
                    open_quote(builder, r.line);
                    continue;
                }
                let (data, ends) = (
                    &batch.data[r.data.0..r.data.1],
                    &batch.ends[r.ends.0..r.ends.1],
                );
                let fields = match r.delimiter {
                    Some(delimiter) => Fields::separated(data, ends, delimiter),
                    None => Fields::new(data, ends),
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
                    record_too_long(builder, line);
                    return Ok(());
                }
                Some(BatchEnd::Failed(e)) => return Err(e),
            }
        }
        Ok(())
    })
}

fn open_quote(builder: &mut Builder<'_>, line: usize) {
    let message = "a quoted field that starts in this record is never closed".into();
    builder
        .problems
        .push(Place::Line { line, column: None }, message);
}

fn record_too_long(builder: &mut Builder<'_>, line: usize) {
    builder
        .problems
        .push(Place::Line { line, column: None }, too_long_message());
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
                Next::End | Next::Stop => return out,
            }
        }
    }

    #[test]
    fn delimiters_found_in_every_byte_of_a_word() {
        for len in 0..40 {
            for every in 1..5 {
                let line: Vec<u8> = (0..len)
                    .map(|i| {
                        if i % every == 0 {
                            b';'
                        } else {
                            b'a' + (i % 26) as u8
                        }
                    })
                    .collect();
                let mut ends = vec![0; line.len() + 1];
                let count = delimiter_positions(&line, b';', &mut ends);
                let expected: Vec<usize> = (0..len).filter(|i| i % every == 0).collect();
                assert_eq!(
                    &ends[..count],
                    expected.as_slice(),
                    "len {len} every {every}"
                );
            }
        }
        // Bytes with the high bit set are never taken for the delimiter.
        let mut ends = vec![0; 17];
        let line = [
            0xbb,
            b',',
            0xac,
            0x2c | 0x80,
            b',',
            0xff,
            0,
            1,
            b',',
            0x80,
            0xab,
            b',',
            0,
            0,
            0,
            0,
        ];
        assert_eq!(delimiter_positions(&line, b',', &mut ends), 4);
        assert_eq!(&ends[..4], &[1, 4, 8, 11]);
    }

    /// Every record with its line, its cells and whether a quote was left open.
    type Described = Vec<(usize, Vec<Vec<u8>>, bool)>;

    fn describe<R: Read>(mut records: Records<R>) -> Described {
        let mut out = Vec::new();
        loop {
            match records.next().unwrap() {
                Next::Record {
                    line,
                    fields,
                    open_quote,
                } => {
                    let f = records.fields(fields);
                    let cells = (0..f.len()).map(|i| f.get(i).to_vec()).collect();
                    out.push((line, cells, open_quote));
                }
                Next::TooLong { line } => panic!("too long at {line}"),
                Next::End | Next::Stop => return out,
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Plain lines split without csv-core give exactly csv-core's records and lines.
        #[test]
        fn plain_lines_split_as_csv_core_does(
            text in crate::props::rosterish(),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
        ) {
            let plain = describe(Records::new(text.as_slice(), delimiter, Vec::new(), 0, 0));
            let mut core = Records::new(text.as_slice(), delimiter, Vec::new(), 0, 0);
            core.plain = None;
            proptest::prop_assert_eq!(plain, describe(core));
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

#[cfg(test)]
mod parts_tests {
    use std::io::{Seek, Write};

    use proptest::prelude::Strategy;

    use super::*;

    /// Reads `text` in one go and from a file in 2, 3 and 7 parts: the rosters, warnings and
    /// errors must be the same. Returns how many parts each read joined.
    fn read_both_ways(text: &[u8]) -> Vec<usize> {
        let catalogue = Catalogue::builtin();
        let options = ImportOptions::default();
        let describe = |result: Result<Imported, ImportError>| match result {
            Ok(i) => Ok((i.roster, i.warnings, i.info)),
            Err(e) => Err(e.to_string()),
        };
        let whole = describe(read_csv(text, "r.csv", &catalogue, &options));
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(text).unwrap();
        file.rewind().unwrap();
        [2, 3, 7]
            .into_iter()
            .map(|parts| {
                let (result, joined) =
                    read_file_in_parts(&file, "r.csv", &catalogue, &options, parts, 1);
                assert_eq!(describe(result), whole, "in {parts} parts");
                joined
            })
            .collect()
    }

    fn generated(people: usize) -> String {
        let mut text = Vec::new();
        crate::generate(&Catalogue::builtin(), people, 7, &mut text).unwrap();
        String::from_utf8(text).unwrap()
    }

    #[test]
    fn clean_files_are_read_in_parts_with_the_same_result() {
        let text = generated(3_000);
        assert_eq!(read_both_ways(text.as_bytes()), [2, 3, 7]);
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(read_both_ways(crlf.as_bytes()), [2, 3, 7]);
        // Blank lines everywhere, and warnings whose lines must come out right.
        let spaced = text
            .lines()
            .enumerate()
            .map(|(i, l)| match i % 997 {
                500 => format!("{}\n\n", l.replacen(",,", ",,cpo.nothing", 1)),
                _ => format!("{l}\n\n"),
            })
            .collect::<String>();
        let joined = read_both_ways(spaced.as_bytes());
        assert!(joined.iter().all(|&n| n > 1), "{joined:?}");
    }

    #[test]
    fn splits_inside_quoted_fields_fall_back_to_one_go() {
        // Every name holds a line feed inside quotes, so some splits land inside a field.
        let text = generated(2_000);
        let mut quoted = String::new();
        for (i, line) in text.lines().enumerate() {
            match (i, line.split_once(',')) {
                (0, _) | (_, None) => quoted.push_str(line),
                (_, Some((name, rest))) => {
                    quoted.push_str(&format!("\"{name}\n{}\",{rest}", "x".repeat(i % 300)));
                }
            }
            quoted.push('\n');
        }
        read_both_ways(quoted.as_bytes());
    }

    #[test]
    fn problems_and_repeated_names_are_reported_as_in_one_go() {
        let text = generated(2_000);
        let lines: Vec<&str> = text.lines().collect();
        let last = lines.len() - 1;
        let name_of = |i: usize| lines[i].split(',').next().unwrap();
        let renamed = |i: usize, name: &str| {
            let mut lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            let (_, rest) = lines[i].split_once(',').unwrap();
            lines[i] = format!("{name},{rest}");
            lines.join("\n")
        };
        // A bad level late in the file.
        let mut bad = lines.clone();
        let worse = bad[last - 5].replacen(",1,", ",9,", 1);
        bad[last - 5] = &worse;
        assert_eq!(read_both_ways(bad.join("\n").as_bytes()), [1, 1, 1]);
        // The first person's name again at the end: in another part than the first.
        assert_eq!(
            read_both_ways(renamed(last, name_of(1)).as_bytes()),
            [1, 1, 1]
        );
        // A name twice within the last part.
        assert_eq!(
            read_both_ways(renamed(last, name_of(last - 1)).as_bytes()),
            [1, 1, 1]
        );
    }

    /// A roster of `rows`: each row's name style, level cell, owns cell and line ending —
    /// quoted names with line feeds and quotes, blank lines, CRLF, now and then a bad cell
    /// or a repeated name.
    fn roster_text(rows: &[(u8, u8, u8, u8)]) -> String {
        let mut text = String::from("name,budgeting,owns\n");
        for (i, &(name, level, owns, ending)) in rows.iter().enumerate() {
            let name = match name % 5 {
                0 => format!("\"P{i}\nsecond line\""),
                1 => format!("\"P{i} \"\"the\"\" one\""),
                2 => "Same Name".to_owned(),
                _ => format!("P{i}"),
            };
            let level = ["", "3", "expert", "\"2\"", "9", "0"][usize::from(level % 6)];
            let owns = ["", "cpo.budget", "cpo.nothing", ""][usize::from(owns % 4)];
            let ending = ["\n", "\r\n", "\n\n", "\n"][usize::from(ending % 4)];
            text.push_str(&format!("{name},{level},{owns}{ending}"));
        }
        text
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Whatever the rows, reading in parts gives exactly what reading in one go gives.
        #[test]
        fn parts_agree_with_one_go(
            rows in proptest::collection::vec(
                (0u8..200, 0u8..200, 0u8..4, 0u8..4).prop_map(|(n, l, o, e)| {
                    // Mostly good rows (repeats and bad cells are rare), so that about a
                    // quarter of the rosters join in parts and the rest fall back.
                    let n = match n {
                        0..150 => n % 2 * 3,
                        150..198 => [0, 1, 3, 4][usize::from(n % 4)],
                        _ => 2,
                    };
                    let l = if l < 197 { l % 4 } else { l % 6 };
                    (n, l, o, e)
                }),
                0..150,
            )
        ) {
            read_both_ways(roster_text(&rows).as_bytes());
        }
    }

    #[test]
    fn quoted_rows_join_when_splits_fall_between_records() {
        // Quoted names with line feeds everywhere, but no repeats or bad cells: splits that
        // land between records join, the others fall back; results match either way.
        let rows: Vec<(u8, u8, u8, u8)> = (0..600)
            .map(|i: u32| ((i % 2) as u8, (i % 4) as u8, (i % 3) as u8, (i % 4) as u8))
            .collect();
        let joined = read_both_ways(roster_text(&rows).as_bytes());
        assert!(joined.iter().any(|&n| n > 1), "{joined:?}");
    }

    #[test]
    fn a_byte_order_mark_inside_the_file_is_data_wherever_the_parts_start() {
        // Each row starts with U+FEFF and has a quoted title with a line feed, so each goes
        // through csv-core, and the first record of a part is a fresh parser's first input.
        let text = generated(1_500);
        let mut marked = String::new();
        for (i, line) in text.lines().enumerate() {
            match (i, line.split_once(',')) {
                (0, _) | (_, None) => marked.push_str(line),
                (_, Some((name, rest))) => {
                    let (_, rest) = rest.split_once(',').unwrap_or(("", rest));
                    marked.push_str(&format!("\u{feff}{name},\"Lead\nof {i}\",{rest}"));
                }
            }
            marked.push('\n');
        }
        let joined = read_both_ways(marked.as_bytes());
        assert!(joined.iter().any(|&n| n > 1), "{joined:?}");
    }

    #[test]
    fn files_without_line_feeds_are_read_in_one_go() {
        let text = generated(500).replace('\n', "\r");
        assert_eq!(read_both_ways(text.as_bytes()), [1, 1, 1]);
    }
}
