//! Writing results to standard output (a closed pipe is not an error) and messages to
//! standard error, escaped where they reach a terminal. Files are written by `files`.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

use std::path::Path;

use anyhow::{Context, Result, bail};
use orggap_model::terminal_safe;

/// Writes `text` to standard output; a reader that went away (`| head`) is not an error.
///
/// On a terminal, control and direction-changing characters are shown as escapes (names
/// and titles come from spreadsheets and catalogues); into a file or a pipe the text goes
/// exactly as rendered.
pub fn print(text: &str) -> Result<()> {
    print_styled(text, false)
}

/// Like [`print()`], keeping orggap's own colour sequences on a terminal when `colored`.
pub fn print_styled(text: &str, colored: bool) -> Result<()> {
    let mut out = io::stdout().lock();
    let text = if out.is_terminal() {
        terminal_safe(text, colored)
    } else {
        Cow::Borrowed(text)
    };
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// Writes a message line to standard error, escaped on a terminal like [`print()`]. A
/// standard error that cannot be written (closed, or a full disk) is ignored: there is
/// nowhere left to say so.
pub fn note(message: &str) {
    let mut err = io::stderr().lock();
    let message = if err.is_terminal() {
        terminal_safe(message, false)
    } else {
        Cow::Borrowed(message)
    };
    let _ = writeln!(err, "{message}").and_then(|()| err.flush());
}

/// A command's result: text, or a workbook's bytes.
pub enum Rendered {
    Text(String),
    Workbook(Vec<u8>),
}

/// Writes `text` to `output` whole (or not at all), else to standard output.
pub fn emit(text: String, output: Option<&Path>, inputs: &crate::files::Inputs) -> Result<()> {
    deliver(Rendered::Text(text), output, inputs, false, "")
}

/// Writes `value` as JSON to `output` whole (or not at all), else to standard output,
/// either way as it is made (see [`orggap_report::write_json`]) rather than first whole in
/// memory. On a terminal it is printed like any text.
pub fn deliver_json<T: serde::Serialize>(
    value: &T,
    output: Option<&Path>,
    inputs: &crate::files::Inputs,
) -> Result<()> {
    let write = |w: &mut dyn Write| orggap_report::write_json(value, w).map_err(io::Error::from);
    match output {
        Some(path) => crate::files::write_streamed(path, inputs, write),
        None if io::stdout().is_terminal() => print(&orggap_report::to_json(value)?),
        None => {
            let mut out = io::BufWriter::with_capacity(1 << 20, io::stdout().lock());
            match write(&mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}

/// Writes `rendered` to `output` whole (or not at all), else text to standard output (with
/// orggap's colours on a terminal when `colored`). A workbook without `--output` goes to
/// standard output when that is a file or a pipe, and on a terminal (where its bytes would
/// be noise) to `orggap-COMMAND.xlsx` in the current folder, which is said; a file of that
/// name already there is not replaced.
pub fn deliver(
    rendered: Rendered,
    output: Option<&Path>,
    inputs: &crate::files::Inputs,
    colored: bool,
    command: &str,
) -> Result<()> {
    let (bytes, path) = match (rendered, output) {
        (Rendered::Text(text), None) => return print_styled(&text, colored),
        (Rendered::Workbook(bytes), None) if !io::stdout().is_terminal() => {
            let mut out = io::stdout().lock();
            return out
                .write_all(&bytes)
                .and_then(|()| out.flush())
                .context("cannot write the workbook to standard output");
        }
        (Rendered::Workbook(bytes), None) => {
            let path = std::path::PathBuf::from(format!("orggap-{command}.xlsx"));
            if path.exists() {
                bail!(
                    "{} is already here and is not replaced: give the workbook's file with --output FILE",
                    path.display()
                );
            }
            crate::files::write_streamed(&path, inputs, |w| w.write_all(&bytes))?;
            note(&format!("wrote the workbook to {}", path.display()));
            return Ok(());
        }
        (Rendered::Text(text), Some(path)) => (text.into_bytes(), path),
        (Rendered::Workbook(bytes), Some(path)) => (bytes, path),
    };
    crate::files::write_streamed(path, inputs, |w| w.write_all(&bytes))
}
