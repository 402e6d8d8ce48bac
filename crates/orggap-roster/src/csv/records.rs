//! The record reader: csv-core for anything quoted, plain lines split in place, and line
//! numbers counted here (right for LF, CRLF and CR-only files).

use std::io::{self, Read};

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use crate::rows::Fields;

/// Bytes read from the stream at a time.
pub(super) const CHUNK: usize = 1 << 18;
/// A record longer than this is refused: it is not a roster row, and most likely a quote
/// left open that swallows the rest of the file.
pub const MAX_RECORD: usize = 1 << 20;

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

/// The line that starts right after `bytes`, counted like [`LineCounter`] counts them.
pub(super) fn line_of(bytes: &[u8]) -> usize {
    let mut counter = LineCounter {
        line: 1,
        after_cr: false,
    };
    counter.advance(bytes);
    counter.line
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
pub(super) struct Records<R> {
    source: R,
    parser: Reader,
    pub(super) buf: Vec<u8>,
    pub(super) pos: usize,
    pub(super) len: usize,
    eof: bool,
    lines: LineCounter,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The input offset of `buf[0]`.
    pub(super) base: u64,
    /// Where the last record (or stop) found by [`Records::next`] starts in the input, and
    /// its line.
    pub(super) record_start: u64,
    pub(super) record_line: usize,
    /// Records starting at or after this input offset are left to another reader.
    pub(super) stop_at: u64,
    /// The delimiter, when plain lines may be split without csv-core (see
    /// [`Records::plain_record`]).
    plain: Option<u8>,
    /// Where the last record's fields are.
    last: Layout,
}

/// Where [`Records::next`] left a record's fields.
#[derive(Clone, Copy, Debug)]
enum Layout {
    /// In `out`, one after another (csv-core's output).
    Out,
    /// In `out`, with the delimiter between each two (a line with simple quoted fields).
    OutSeparated(u8),
    /// In `buf[start..end]`, a line without quotes.
    Line {
        start: usize,
        end: usize,
        delimiter: u8,
    },
}

/// What [`Records::next`] found.
pub(super) enum Next {
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
    pub(super) fn new(
        source: R,
        delimiter: u8,
        buf: Vec<u8>,
        len: usize,
        pos: usize,
    ) -> Records<R> {
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
            last: Layout::Out,
        }
    }

    /// Reads a part of a file: `source` starts at input offset `base`, and records starting
    /// at or after `stop_at` are not read.
    pub(super) fn part(mut self, base: u64, stop_at: u64) -> Records<R> {
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

    pub(super) fn next(&mut self) -> io::Result<Next> {
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
        self.last = Layout::Out;
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
    /// with no carriage return but a final `\r\n`, and either no quote character — almost
    /// every roster row — or only simple quoted fields (see [`quoted_line`]), as exports
    /// write names with commas. A line without quotes has as fields exactly its pieces
    /// between delimiters, which is what csv-core would give, at a fraction of the cost: the
    /// line stays where it is in the buffer and only the delimiters' positions are noted.
    /// Anything else is left to csv-core (`None`). Returns the number of fields.
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
        if self.ends.len() <= line.len() + ENDS_SLACK {
            self.ends.resize(line.len() + ENDS_SLACK + 1, 0);
        }
        let count = match memchr::memchr2(b'"', b'\r', line).map(|i| line[i]) {
            None => {
                let count = delimiter_positions(line, delimiter, &mut self.ends);
                self.ends[count] = line.len();
                self.last = Layout::Line {
                    start: self.pos,
                    end: self.pos + end,
                    delimiter,
                };
                count
            }
            Some(b'"') if memchr::memchr(b'\r', line).is_none() => {
                if self.out.len() < line.len() {
                    self.out.resize(line.len(), 0);
                }
                let count = quoted_line(line, delimiter, &mut self.out, &mut self.ends)?;
                self.last = Layout::OutSeparated(delimiter);
                count - 1
            }
            Some(_) => return None,
        };
        // One line: its `\n` (after a `\r` or not).
        self.lines.line += 1;
        self.lines.after_cr = false;
        self.pos += feed + 1;
        Some(count + 1)
    }

    pub(super) fn fields(&self, count: usize) -> Fields<'_> {
        let ends = &self.ends[..count];
        let out = || &self.out[..ends.last().copied().unwrap_or(0)];
        match self.last {
            Layout::Line {
                start,
                end,
                delimiter,
            } => Fields::separated(&self.buf[start..end], ends, delimiter),
            Layout::OutSeparated(delimiter) => Fields::separated(out(), ends, delimiter),
            Layout::Out => Fields::new(out(), ends),
        }
    }
}

/// Splits a line with quoted fields the way csv-core would, when that is simple: every
/// quoted field opens at the start of its field and closes (`""` inside standing for one
/// quote) right before a delimiter or the line's end. The fields' text goes into `out` (at
/// least as long as `line`) with one `delimiter` between each two, as in a line without
/// quotes, and their ends into `ends` (at least [`ENDS_SLACK`] + 1 longer than `line`); the plain fields
/// between quoted ones are copied a run at a time. Returns how many fields; `None` for
/// anything else (a quoted field running past the line, text after a closing quote), which
/// csv-core reads.
fn quoted_line(line: &[u8], delimiter: u8, out: &mut [u8], ends: &mut [usize]) -> Option<usize> {
    let (mut at, mut len, mut count) = (0, 0, 0);
    loop {
        let quote = memchr::memchr(b'"', &line[at..]).map(|i| at + i);
        if let Some(q) = quote
            && q > at
            && line[q - 1] != delimiter
        {
            // A quote inside an unquoted field.
            return None;
        }
        // The plain fields up to the next quoted one (or the line's end), delimiters and all.
        let plain = &line[at..quote.unwrap_or(line.len())];
        out[len..len + plain.len()].copy_from_slice(plain);
        let found = delimiter_positions(plain, delimiter, &mut ends[count..]);
        for end in &mut ends[count..count + found] {
            *end += len;
        }
        count += found;
        len += plain.len();
        let Some(q) = quote else {
            ends[count] = len;
            return Some(count + 1);
        };
        at = q + 1;
        loop {
            let close = at + memchr::memchr(b'"', &line[at..])?;
            out[len..len + close - at].copy_from_slice(&line[at..close]);
            len += close - at;
            at = close + 1;
            if line.get(at) != Some(&b'"') {
                break;
            }
            // A doubled quote stands for one.
            out[len] = b'"';
            len += 1;
            at += 1;
        }
        ends[count] = len;
        count += 1;
        match line.get(at) {
            None => return Some(count),
            Some(&b) if b == delimiter => {
                out[len] = delimiter;
                len += 1;
                at += 1;
            }
            Some(_) => return None,
        }
    }
}

/// Slots of `ends` past the line's length that [`delimiter_positions`] may write into.
const ENDS_SLACK: usize = 8;

/// Writes where `delimiter` occurs in `line` into `ends` (at least [`ENDS_SLACK`] longer
/// than `line`; what it writes past the count returned is scratch) and returns how many
/// times: sixteen bytes at a time, each compared to the delimiter into one bit of a mask
/// (which the compiler turns into a vector compare). The first eight set bits of a mask are
/// written without asking how many there are (a roster line has a delimiter every few
/// bytes, and a loop that stops at the last one mispredicts its end every time); a
/// sixteen-byte run with more than eight goes on one by one.
fn delimiter_positions(line: &[u8], delimiter: u8, ends: &mut [usize]) -> usize {
    const WIDTH: usize = 16;
    let ends = &mut ends[..line.len() + ENDS_SLACK];
    let mut count = 0;
    let mut chunks = line.chunks_exact(WIDTH);
    for (c, chunk) in (&mut chunks).enumerate() {
        let mut mask = chunk.iter().enumerate().fold(0u32, |mask, (i, &b)| {
            mask | (u32::from(b == delimiter) << i)
        });
        let found = mask.count_ones() as usize;
        let at = c * WIDTH;
        // `count` is at most `at`, so these eight slots are within the line's plus slack.
        for slot in &mut ends[count..count + ENDS_SLACK] {
            *slot = at + mask.trailing_zeros() as usize;
            mask &= mask.wrapping_sub(1);
        }
        let mut next = count + ENDS_SLACK;
        while mask != 0 {
            ends[next] = at + mask.trailing_zeros() as usize;
            next += 1;
            mask &= mask - 1;
        }
        count += found;
    }
    let tail = line.len() - chunks.remainder().len();
    for (i, &b) in chunks.remainder().iter().enumerate() {
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
pub(super) fn read_some<R: Read>(source: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match source.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                let mut ends = vec![0; line.len() + ENDS_SLACK];
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
        let mut ends = vec![0; 16 + ENDS_SLACK];
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

    /// Lines of fields, some quoted (with doubled quotes, delimiters and text after the
    /// closing quote), some not (with quotes inside).
    fn quoted_lines(delimiter: char) -> impl proptest::prelude::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let field = prop_oneof![
            Just("Ada".to_owned()),
            Just(String::new()),
            Just("\"Chen, Maya\"".to_owned()),
            Just("\"a;b\"".to_owned()),
            Just(" ".to_owned()),
            Just("\",,;;\"".to_owned()),
            Just("\"say \"\"hi\"\"\"".to_owned()),
            Just("\"\"".to_owned()),
            Just("\"\"\"\"".to_owned()),
            Just("\"ab\"cd".to_owned()),
            Just("Bob \"the\" Li".to_owned()),
            Just(" \"x\"".to_owned()),
            Just("\"open".to_owned()),
            Just("\"a\r\nb\"".to_owned()),
            Just("\"a\rb\"".to_owned()),
            Just("3".to_owned()),
        ];
        let line = proptest::collection::vec(field, 1..6)
            .prop_map(move |f| f.join(&delimiter.to_string()));
        let ending = prop_oneof![Just("\n"), Just("\r\n")];
        proptest::collection::vec((line, ending), 1..8).prop_map(|lines| {
            lines
                .into_iter()
                .flat_map(|(l, e)| format!("{l}{e}").into_bytes())
                .collect()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Lines with simple quoted fields, read without csv-core, give csv-core's records.
        #[test]
        fn quoted_lines_split_as_csv_core_does(
            (delimiter, text) in proptest::strategy::Strategy::prop_flat_map(
                proptest::sample::select(vec![',', ';']),
                |d| (proptest::strategy::Just(d), quoted_lines(d)),
            ),
        ) {
            let delimiter = delimiter as u8;
            let fast = describe(Records::new(text.as_slice(), delimiter, Vec::new(), 0, 0));
            let mut core = Records::new(text.as_slice(), delimiter, Vec::new(), 0, 0);
            core.plain = None;
            proptest::prop_assert_eq!(fast, describe(core));
        }
    }

    #[test]
    fn plain_lines_longer_than_the_output_buffer() {
        let line = vec!["1"; 6000].join(",");
        let got = record_lines(format!("{line}\n\"a\",{line}\n").as_bytes());
        assert_eq!(got[0].1.len(), 6000);
        assert_eq!(got[1].1.len(), 6001);
        assert_eq!(got[1].1[0], "a");
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
