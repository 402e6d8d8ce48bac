//! Writing results: to standard output (a closed pipe is not an error) and to files that
//! appear whole or not at all.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use orggap_model::terminal_safe;

/// Writes `text` to standard output; a reader that went away (`| head`) is not an error.
///
/// On a terminal, control and direction-changing characters are shown as escapes (names
/// and titles come from spreadsheets and catalogues); into a file or a pipe the text goes
/// exactly as rendered.
pub fn print(text: &str) -> Result<()> {
    print_styled(text, false)
}

/// Like [`print`], keeping orggap's own colour sequences on a terminal when `colored`.
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

/// Writes a message line to standard error, escaped on a terminal like [`print`]. A
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

/// Temporary files are private (0600); what replaces a report file is readable like any
/// file the user writes (0644 before the umask… which a rename cannot apply, so 0644).
fn readable(file: &std::fs::File) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))
            .context("cannot set file permissions")?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Streams into `path` through `write`: into a temporary file beside it, renamed into place
/// once complete, so that an interrupted run leaves no half file.
pub fn write_streamed(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a file", dir.display()))?;
    readable(temp.as_file())?;
    let mut buffered = io::BufWriter::with_capacity(1 << 20, temp);
    write(&mut buffered).with_context(|| format!("{}: cannot write", path.display()))?;
    let temp = buffered
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    temp.persist(path)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    Ok(())
}

/// Writes every file into `dir` (created when missing): each to a temporary name in the
/// same folder, then renamed into place, so no reader ever sees half a file.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .tempfile_in(dir)
            .with_context(|| format!("{}: cannot create a file", dir.display()))?;
        readable(temp.as_file())?;
        temp.write_all(bytes)
            .and_then(|()| temp.as_file().sync_all())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        temp.persist(&path)
            .with_context(|| format!("{}: cannot replace", path.display()))?;
    }
    Ok(())
}
