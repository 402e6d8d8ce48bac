//! Reading a CSV roster from a stream: encoding checks, delimiter detection, exact line
//! numbers for LF, CRLF and CR-only files, and every row handed to the [`Builder`].
//!
//! `records` reads records (and its fast path for plain lines), `start` the encoding,
//! byte-order mark, delimiter and header, `parts` a large file in parts and their join,
//! `stream` the two-thread pipeline for other sources.
//!
//! [`Builder`]: crate::rows::Builder

mod parts;
mod records;
mod start;
mod stream;

use std::io::{self, Read};

use orggap_model::Catalogue;

pub use parts::read_csv_file;
pub use records::MAX_RECORD;
pub use start::{detect_delimiter, encoding_for};

use start::start;
use stream::stream_rows;

use crate::error::ImportError;
use crate::{ImportOptions, Imported};

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
