//! Writing results: to standard output (a closed pipe is not an error) and to files that
//! appear whole or not at all.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Writes `text` to standard output; a reader that went away (`| head`) is not an error.
pub fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// Writes every file into `dir` (created when missing): each to a temporary name in the
/// same folder, then renamed into place, so no reader ever sees half a file.
pub fn write_files(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .tempfile_in(dir)
            .with_context(|| format!("{}: cannot create a file", dir.display()))?;
        temp.write_all(bytes)
            .and_then(|()| temp.as_file().sync_all())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        temp.persist(&path)
            .with_context(|| format!("{}: cannot replace", path.display()))?;
    }
    Ok(())
}
