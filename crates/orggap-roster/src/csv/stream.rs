//! The two-thread stream for standard input and other unsplittable sources: one thread
//! parses records into batches, the other builds rows from them.

use std::io::{self, Read};

use super::records::{MAX_RECORD, Next, Records};
use crate::error::{ImportError, Place, Problems};
use crate::rows::{Builder, Fields};

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
pub(super) fn stream_rows<R: Read + Send>(
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

pub(super) fn open_quote(builder: &mut Builder<'_>, line: usize) {
    let message = "a quoted field that starts in this record is never closed".into();
    builder
        .problems
        .push(Place::Line { line, column: None }, message);
}

pub(super) fn record_too_long(builder: &mut Builder<'_>, line: usize) {
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

pub(super) fn too_long(origin: &str, line: usize) -> ImportError {
    let mut problems = Problems::default();
    problems.push(Place::Line { line, column: None }, too_long_message());
    problems.into_error(origin)
}
