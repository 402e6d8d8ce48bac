//! Reading a large file in parts, one per core, and joining them as if it had been read
//! in one go (or reading it again in one go when they do not join cleanly).

use std::fs::File;
use std::io::{self, Read};
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};

use encoding_rs::UTF_8;
use orggap_model::Catalogue;

use super::read_csv;
use super::records::{MAX_RECORD, Next, Records};
use super::start::{Started, encoding_for, start};
use super::stream::{open_quote, record_too_long};
use crate::error::ImportError;
use crate::rows::Builder;
use crate::{ImportOptions, Imported};

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

/// Reads the rows after the header in parts starting at `splits`, each part on a thread of
/// its own (the first goes on from the header).
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
    let abandon = AtomicBool::new(false);
    let abandon = &abandon;
    std::thread::scope(|scope| {
        let handles: Vec<_> = readers
            .into_iter()
            .map(|(records, builder)| scope.spawn(move || read_part(records, builder, abandon)))
            .collect();
        // The first part on a thread of its own too: read on the calling thread (whose
        // allocations come from the process's main heap), it mostly finished last of two
        // halves of a million people, 5–40 ms after the other.
        let first = scope.spawn(move || read_part(records, builder, abandon));
        let mut parts = vec![
            first
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        ];
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
        && parts.iter().all(|p| p.failed.is_none() && !p.doomed)
        && Builder::unknown_fits(parts.iter().map(|p| &p.builder));
    let names: Vec<Vec<u64>> = parts
        .iter_mut()
        .map(|p| std::mem::take(&mut p.names))
        .collect();
    if !clean || any_repeated(&names) {
        return None;
    }
    drop(names);
    // The hashes' work of finishing (reporting lines, shared names) goes on beside the
    // joining, which copies texts and levels on one core.
    let kept = parts.first()?.builder.hashes_kept();
    let people = parts.iter().map(|p| p.builder.people()).sum();
    let later: Option<Vec<_>> = parts.iter_mut().map(|p| p.builder.take_later()).collect();
    let join = move || {
        let mut parts = parts.into_iter();
        let first = parts.next()?;
        let mut stop_line = first.stop_line;
        let mut whole = first.builder;
        let mut line_offset = 0;
        for part in parts {
            // Both readers counted the lines up to the record where one stopped and the
            // other began.
            line_offset = line_offset + stop_line - part.first.1;
            stop_line = part.stop_line;
            whole.absorb(part.builder, line_offset);
        }
        Some(whole)
    };
    let (whole, prepared) = rayon::join(join, || {
        later.map(|later| Builder::prepare(later, kept, people))
    });
    let mut whole = whole?;
    // With a manager column, repeated keys are found by the reporting lines' tables.
    let (_, keys_later) = kept;
    match prepared {
        Some(prepared) if !prepared.repeated => whole.set_prepared(prepared),
        _ if keys_later => return None,
        _ => {}
    }
    Some(whole)
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
    /// Whether the part found a problem or a name twice (see [`Builder::doomed`]).
    doomed: bool,
    /// The sorted hashes of the part's names.
    names: Vec<u64>,
}

/// Builds the rows of one part of a file, on the calling thread. As soon as this part or
/// another is doomed (see [`Builder::doomed`]), reading stops: the file is read again in one
/// go, and the parts' rosters are never held whole.
fn read_part<'c, R: Read>(
    mut records: Records<R>,
    mut builder: Builder<'c>,
    abandon: &AtomicBool,
) -> Part<'c> {
    let mut first = None;
    let mut stop = None;
    let mut failed = None;
    loop {
        if builder.doomed() {
            abandon.store(true, Ordering::Relaxed);
        }
        if abandon.load(Ordering::Relaxed) {
            break;
        }
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
                abandon.store(true, Ordering::Relaxed);
                break;
            }
            Ok(Next::Stop) => {
                stop = Some(records.record_start);
                break;
            }
            Ok(Next::End) => break,
            Err(e) => {
                failed = Some(e);
                abandon.store(true, Ordering::Relaxed);
                break;
            }
        }
    }
    Part {
        doomed: builder.doomed(),
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
    fn hr_exports_are_read_in_parts_with_the_same_result() {
        let mut text = Vec::new();
        let style = crate::Style {
            hr: true,
            ..crate::Style::default()
        };
        crate::generate_styled(&Catalogue::builtin(), 3_000, 7, style, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        // Shared names, and managers in other parts than their reports.
        let roster = read_csv(
            text.as_bytes(),
            "r.csv",
            &Catalogue::builtin(),
            &ImportOptions::default(),
        )
        .unwrap()
        .roster;
        assert!(roster.people().any(|p| roster.name_is_shared(p)));
        assert!(
            roster
                .people()
                .any(|p| roster.manager(p).is_some_and(|m| m > p))
        );
        assert_eq!(read_both_ways(text.as_bytes()), [2, 3, 7]);
        let read = |text: &str| {
            read_csv(
                text.as_bytes(),
                "r.csv",
                &Catalogue::builtin(),
                &ImportOptions::default(),
            )
        };
        // An id repeated in another part: read again in one go, with the one-go message.
        let first_row = text.lines().nth(1).unwrap();
        let mut cells: Vec<&str> = first_row.split(',').collect();
        cells[1] = "Twice";
        let repeated = format!("{text}{}\n", cells.join(","));
        assert_eq!(read_both_ways(repeated.as_bytes()), [1, 1, 1]);
        let error = read(&repeated).unwrap_err().to_string();
        assert!(
            error.contains("id 'E0") && error.contains("is already on line 2"),
            "{error}"
        );
        // A long id (over eight bytes) repeated far apart in other parts: found by the
        // reporting lines' tables (which check the keys of an export with managers).
        let mut rows: Vec<String> = text.lines().map(str::to_owned).collect();
        for row in [10, 2990] {
            let (_, rest) = rows[row].split_once(',').unwrap();
            rows[row] = format!("Employee-long-id,{rest}");
        }
        let repeated: String = rows.iter().map(|l| l.clone() + "\n").collect();
        assert_eq!(read_both_ways(repeated.as_bytes()), [1, 1, 1]);
        let error = read(&repeated).unwrap_err().to_string();
        assert!(
            error.contains("id 'Employee-long-id' is already on line 11"),
            "{error}"
        );
        // Reporting lines worked out while the parts are joined: a manager nobody is, one
        // named rather than given by id, and a circle through people in different parts.
        let mut lines: Vec<Vec<String>> = text
            .lines()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect();
        let (id, first, last, manager) = (0, 1, 2, 4);
        lines[2500][manager] = "Nobody Here".into();
        lines[1500][manager] = format!("{} {}", lines[2900][first], lines[2900][last]);
        lines[100][manager] = lines[2800][id].clone();
        lines[2800][manager] = lines[100][id].clone();
        let edited: String = lines.iter().map(|l| l.join(",") + "\n").collect();
        assert_eq!(read_both_ways(edited.as_bytes()), [2, 3, 7]);
        let error = read(&edited).unwrap_err().to_string();
        assert!(error.contains("go round in a circle"), "{error}");
        lines[2800][manager] = lines[2801][manager].clone();
        let warned: String = lines.iter().map(|l| l.join(",") + "\n").collect();
        assert_eq!(read_both_ways(warned.as_bytes()), [2, 3, 7]);
        let warnings = read(&warned).unwrap().warnings.join("\n");
        assert!(
            warnings.contains("manager 'Nobody Here' is not on the roster"),
            "{warnings}"
        );
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
    fn every_part_stops_once_one_is_doomed() {
        // One name on every row: each part meets a repeat at its second row. Reading on
        // would build every part's roster only to throw it away.
        let mut text = String::from("name,budgeting\n");
        for _ in 0..50_000 {
            text.push_str("Same,1\n");
        }
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let catalogue = Catalogue::builtin();
        let options = ImportOptions::default();
        let mut started = start(
            At {
                file: &file,
                pos: 0,
            },
            "r.csv",
            &catalogue,
            &options,
        )
        .unwrap_or_else(|_| panic!("a header"));
        let data_start = started.records.base + started.records.pos as u64;
        let size = text.len() as u64;
        let splits = split_points(&file, data_start, size, 4).unwrap();
        assert_eq!(splits.len(), 3);
        started.builder.defer_name_check();
        let parts = read_parts(&file, started, &splits);
        let people: usize = parts.iter().map(|p| p.builder.people()).sum();
        assert!(parts.iter().all(|p| p.doomed || p.builder.people() <= 2));
        assert!(people < 1_000, "{people} people read into parts");
        assert!(join(parts).is_none());
    }

    #[test]
    fn files_without_line_feeds_are_read_in_one_go() {
        let text = generated(500).replace('\n', "\r");
        assert_eq!(read_both_ways(text.as_bytes()), [1, 1, 1]);
    }
}
