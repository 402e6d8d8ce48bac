//! Writing files: whole or not at all, never over an input, with the user's permissions,
//! and without leftovers when interrupted.
//!
//! - A single file is written to a temporary name beside it and renamed into place. Atomic
//!   replacing is for regular files: a character device, FIFO or terminal (`/dev/null`,
//!   `/dev/stdout`) is written straight into; a symbolic link is written through, to the
//!   file it points at, and kept (as `cp` does); anything else (a folder, a socket, a block
//!   device) is refused with one message.
//! - A report folder is written whole into a staging folder first, then put in place: a
//!   new folder is renamed in at once; into an existing folder the files are renamed one
//!   after another while the folder is locked, so two runs into one folder never mix their
//!   files and an interrupted run leaves the old set untouched.
//! - Files are created with mode `0666` less the umask, as any program the user runs would
//!   create them; a replaced file keeps its mode where that is stricter (a roster's report
//!   is personal data).
//! - No output may be one of the files being read (same device and inode, through links),
//!   and two outputs of one run may not be one file. Files are compared by their metadata,
//!   never by opening them (opening a FIFO to look at it would wait for a writer).
//! - On Ctrl-C (or SIGTERM, SIGHUP) every temporary is removed before the process exits.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

use anyhow::{Context, Result, bail};
#[cfg(not(unix))]
use same_file::Handle;

/// Exit status after an interruption (128 + SIGINT), as shells report it.
const EXIT_INTERRUPTED: i32 = 130;

/// Temporaries to remove if the process is interrupted.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the list was held leaves it usable: it is only a list of paths.
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every registered temporary and exits, on Ctrl-C, SIGTERM or SIGHUP.
fn install_handler() {
    HANDLER.call_once(|| {
        // Without a handler an interruption still stops the program, leaving temporaries.
        let _ = ctrlc::set_handler(|| {
            // Waits while files are being renamed into place, so a set is never half in.
            let mut list = pending();
            for path in list.drain(..) {
                let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
            }
            std::process::exit(EXIT_INTERRUPTED);
        });
    });
}

/// Makes a write past the file-size limit (`ulimit -f`) an error to report instead of a
/// signal that kills the process mid-write and leaves temporaries behind.
pub fn catch_file_size_limit() {
    #[cfg(unix)]
    {
        use std::sync::Arc;
        use std::sync::atomic::AtomicBool;
        // With a handler in place the write fails with EFBIG, which is reported as usual.
        let _ = signal_hook::flag::register(
            signal_hook::consts::SIGXFSZ,
            Arc::new(AtomicBool::new(false)),
        );
    }
}

/// A temporary file or folder that is removed when dropped, and on interruption.
#[derive(Debug)]
struct Temporary(PathBuf);

impl Temporary {
    fn new(path: PathBuf) -> Temporary {
        install_handler();
        pending().push(path.clone());
        Temporary(path)
    }

    /// Forgets the temporary without removing it (it has been renamed into place); done
    /// with the list held by the caller, see [`Temporary::drop`].
    fn keep(self, list: &mut Vec<PathBuf>) {
        list.retain(|p| *p != self.0);
        std::mem::forget(self);
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0).or_else(|_| fs::remove_file(&self.0));
        pending().retain(|p| *p != self.0);
    }
}

/// What tells one file from another: its device and inode, read from its metadata
/// (through links), without opening it.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = Handle;

#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<FileId> {
    // Elsewhere only regular files are opened to compare (a pipe would wait).
    fs::metadata(path)
        .ok()
        .filter(fs::Metadata::is_file)
        .and_then(|_| Handle::from_path(path).ok())
}

/// Whether `a` and `b` name one file: the same file where both exist, else the same place
/// once links and the folders' own names are resolved.
fn same_place(a: &Path, b: &Path) -> bool {
    if let (Some(x), Some(y)) = (file_id(a), file_id(b)) {
        return x == y;
    }
    let place = |p: &Path| {
        let p = through_links(p).ok()?;
        let folder = fs::canonicalize(parent_of(&p)).ok()?;
        Some(folder.join(p.file_name()?))
    };
    matches!((place(a), place(b)), (Some(x), Some(y)) if x == y)
}

/// An error when two outputs of one run (`what`: the flags) are one file.
pub fn refuse_same_output(a: &Path, b: &Path, what: &str) -> Result<()> {
    if same_place(a, b) {
        bail!(
            "{}: {what} name one file; the second would replace the first: choose two files",
            b.display()
        );
    }
    Ok(())
}

/// The file a path ends at once every symbolic link on the way is followed (a link to a
/// file that does not exist yet ends at that file).
fn through_links(path: &Path) -> Result<PathBuf> {
    let mut at = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&at)
                    .with_context(|| format!("{}: cannot read the link", at.display()))?;
                at = parent_of(&at).join(to);
            }
            _ => return Ok(at),
        }
    }
    bail!("{}: too many symbolic links on the way", path.display())
}

/// Links followed before giving up, as the system does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// Where an output goes.
enum Target {
    /// A regular file, or none yet, at the end of any links: written beside, renamed over.
    File(PathBuf),
    /// A character device, FIFO or terminal: written straight into.
    Stream,
}

/// What kind of place `path` is to write to.
fn target(path: &Path) -> Result<Target> {
    let shown = path.display();
    match fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(Target::File(through_links(path)?)),
        Ok(m) if m.is_dir() => bail!("{shown}: is a folder; give a file to write"),
        Ok(m) if is_stream(&m) => Ok(Target::Stream),
        Ok(_) => bail!(
            "{shown}: is not a regular file, a character device or a pipe; orggap writes only to those"
        ),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::File(through_links(path)?)),
        Err(e) => Err(anyhow::Error::new(e).context(format!("{shown}: cannot write"))),
    }
}

/// Whether a file is a character device (a terminal, `/dev/null`) or a FIFO.
fn is_stream(metadata: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        kind.is_char_device() || kind.is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

/// The files a command reads; no output may be one of them.
#[derive(Debug, Default)]
pub struct Inputs(Vec<(PathBuf, FileId)>);

impl Inputs {
    /// Notes `path` as read (standard input, `-`, is not a file).
    pub fn add(&mut self, path: &Path) {
        if path.as_os_str() == "-" {
            return;
        }
        if let Some(id) = file_id(path) {
            self.0.push((path.to_owned(), id));
        }
    }

    /// An error when `output` is one of the inputs (or a link to one).
    fn refuse_overwrite(&self, output: &Path) -> Result<()> {
        let Some(id) = file_id(output) else {
            // It does not exist yet: it is no input.
            return Ok(());
        };
        if let Some((input, _)) = self.0.iter().find(|(_, i)| *i == id) {
            bail!(
                "{}: will not write here: it is {}, which orggap is reading; choose another output",
                output.display(),
                input.display()
            );
        }
        Ok(())
    }
}

/// The folder `path` is in (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A temporary-name builder whose file or folder gets `mode` less the umask, as `touch`
/// (`0666`) or `mkdir` (`0777`) would create it, instead of tempfile's private `0600`.
fn user_mode(prefix: &str, mode: u32) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder
}

/// A staged file in `dir`, created with `0666` less the umask.
fn staged_file(dir: &Path, name: &str) -> Result<(tempfile::NamedTempFile, Temporary)> {
    let prefix = format!(".{name}.");
    let file = user_mode(&prefix, 0o666)
        .tempfile_in(dir)
        .with_context(|| format!("{}: cannot create a file", dir.display()))?;
    let temporary = Temporary::new(file.path().to_owned());
    Ok((file, temporary))
}

/// Narrows `staged`'s mode to that of the file it will replace, where that is stricter.
fn keep_stricter_mode(staged: &File, target: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(old) = fs::metadata(target) {
            let new = staged.metadata()?.permissions().mode();
            let mode = new & old.permissions().mode() & 0o7777;
            staged
                .set_permissions(fs::Permissions::from_mode(mode))
                .with_context(|| format!("{}: cannot set permissions", target.display()))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (staged, target);
    Ok(())
}

/// Streams into `path` through `write`: into a temporary file beside it, renamed into place
/// once complete, so that an interrupted run leaves no half file (and no temporary).
pub fn write_streamed(
    path: &Path,
    inputs: &Inputs,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    inputs.refuse_overwrite(path)?;
    let cannot_write = || format!("{}: cannot write", path.display());
    let path = match target(path)? {
        Target::File(file) => file,
        Target::Stream => {
            let device = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(cannot_write)?;
            let mut buffered = io::BufWriter::with_capacity(1 << 20, device);
            write(&mut buffered).with_context(cannot_write)?;
            return buffered.flush().with_context(cannot_write);
        }
    };
    let path = path.as_path();
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let (file, temporary) = staged_file(parent_of(path), &name)?;
    let mut buffered = io::BufWriter::with_capacity(1 << 20, file);
    write(&mut buffered).with_context(cannot_write)?;
    let file = buffered
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.as_file().sync_all().map(|()| f))
        .with_context(cannot_write)?;
    keep_stricter_mode(file.as_file(), path)?;
    let mut list = pending();
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("{}: cannot replace", path.display()))?;
    temporary.keep(&mut list);
    Ok(())
}

/// A file of a report folder: its bytes, or written as it is made (a `check.json` of a
/// million declared owners is tens of megabytes, never needed whole in memory).
pub enum Content<'a> {
    Bytes(Vec<u8>),
    Written(Box<WriteInto<'a>>),
}

/// What writes a [`Content::Written`] file into the writer it is given.
pub type WriteInto<'a> = dyn Fn(&mut dyn Write) -> io::Result<()> + Sync + 'a;

/// Writes every file into `dir` (created when missing) so that a reader sees either the
/// folder's old set of files or the new one, never a mix: see the module's documentation.
/// Other files in `dir` are left alone.
pub fn write_folder(dir: &Path, files: &[(String, Content)], inputs: &Inputs) -> Result<()> {
    for (name, _) in files {
        let target = dir.join(name);
        inputs.refuse_overwrite(&target)?;
        match fs::symlink_metadata(&target) {
            Ok(m) if m.is_dir() => bail!(
                "{}: is a folder; cannot write the report file there",
                target.display()
            ),
            // A report's files are replaced whole; what is not a regular file is not.
            Ok(m) if !m.is_file() => bail!(
                "{}: is not a regular file (a link, a device or a pipe); a report replaces only \
                 its own files: remove it or choose another folder",
                target.display()
            ),
            _ => {}
        }
    }
    if !dir.exists() {
        let parent = parent_of(dir);
        fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
        let staging = stage(parent, dir, files)?;
        let mut list = pending();
        // A new folder appears whole at once; if another run made it meanwhile, the files
        // go in one by one below instead.
        if fs::rename(&staging.0, dir).is_ok() {
            staging.keep(&mut list);
            return Ok(());
        }
        drop(list);
        return move_in(&staging.0, dir, files);
    }
    let staging = stage(dir, dir, files)?;
    move_in(&staging.0, dir, files)
}

/// Writes `files` into a new staging folder in `within`, each complete on disk, with the
/// mode it will have in `dir`.
fn stage(within: &Path, dir: &Path, files: &[(String, Content)]) -> Result<Temporary> {
    let stem = dir
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{stem}.orggap-");
    let folder = user_mode(&prefix, 0o777)
        .tempdir_in(within)
        .with_context(|| format!("{}: cannot create a folder", within.display()))?;
    let staging = Temporary::new(folder.keep());
    for (name, content) in files {
        let path = staging.0.join(name);
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("{}: cannot create", dir.join(name).display()))?;
        match content {
            Content::Bytes(bytes) => file.write_all(bytes),
            Content::Written(write) => {
                let mut buffered = io::BufWriter::with_capacity(1 << 20, &file);
                write(&mut buffered).and_then(|()| buffered.flush())
            }
        }
        .and_then(|()| file.sync_all())
        .with_context(|| format!("{}: cannot write", dir.join(name).display()))?;
        keep_stricter_mode(&file, &dir.join(name))?;
    }
    Ok(staging)
}

/// Renames the staged files into `dir` while holding `dir`'s lock and the list of
/// temporaries (so an interruption waits until the set is in), then removes the staging
/// folder.
fn move_in(staging: &Path, dir: &Path, files: &[(String, Content)]) -> Result<()> {
    let lock = lock_folder(dir)?;
    let list = pending();
    for (name, _) in files {
        let target = dir.join(name);
        fs::rename(staging.join(name), &target)
            .with_context(|| format!("{}: cannot replace", target.display()))?;
    }
    drop(list);
    drop(lock);
    Ok(())
}

/// An exclusive lock on `dir`, held until the returned file is dropped: runs writing into
/// one folder take turns.
fn lock_folder(dir: &Path) -> Result<File> {
    #[cfg(unix)]
    let file = File::open(dir);
    #[cfg(not(unix))]
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".orggap.lock"));
    let file = file.with_context(|| format!("{}: cannot open the folder", dir.display()))?;
    file.lock()
        .with_context(|| format!("{}: cannot lock the folder", dir.display()))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// A set of report files, each saying which set it belongs to; the last is written as
    /// it is made.
    fn set(which: u8) -> Vec<(String, Content<'static>)> {
        let mut files: Vec<(String, Content)> = (0..15)
            .map(|i| (format!("f{i}.txt"), Content::Bytes(vec![which; 64 + i])))
            .collect();
        let written = move |w: &mut dyn Write| (0..79).try_for_each(|_| w.write_all(&[which]));
        files.push(("f15.txt".into(), Content::Written(Box::new(written))));
        files
    }

    /// What `set(which)` puts in a folder.
    fn set_bytes(which: u8) -> BTreeMap<String, Vec<u8>> {
        (0..16)
            .map(|i| (format!("f{i}.txt"), vec![which; 64 + i]))
            .collect()
    }

    /// Every file in `dir`, by name.
    fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        fs::read_dir(dir)
            .expect("a folder")
            .map(|e| {
                let e = e.expect("an entry");
                let name = e.file_name().to_string_lossy().into_owned();
                (name, fs::read(e.path()).unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn writers_racing_into_one_folder_leave_one_whole_set() {
        let dir = tempfile::tempdir().expect("a folder");
        let sets = [set(1), set(2)];
        let whole = [set_bytes(1), set_bytes(2)];
        for round in 0..40 {
            // A new folder each other round: made by one writer, joined by the other.
            let out = dir.path().join(format!("out{}", round / 2));
            std::thread::scope(|scope| {
                for files in &sets {
                    let out = &out;
                    scope.spawn(move || write_folder(out, files, &Inputs::default()).unwrap());
                }
            });
            let now = contents(&out);
            assert!(now == whole[0] || now == whole[1], "round {round}: a mix");
        }
        // No staging folder is left beside them.
        let left: Vec<String> = contents(dir.path()).into_keys().collect();
        assert!(left.iter().all(|n| n.starts_with("out")), "{left:?}");
    }

    #[test]
    fn an_input_is_never_written_over_through_any_name() {
        let dir = tempfile::tempdir().expect("a folder");
        let out = dir.path().join("out");
        fs::create_dir(&out).expect("mkdir");
        let roster = dir.path().join("team.csv");
        fs::write(&roster, "name\nAda\n").expect("write");
        let mut inputs = Inputs::default();
        inputs.add(&roster);
        fs::hard_link(&roster, out.join("f3.txt")).expect("link");
        let error = write_folder(&out, &set(1), &inputs).unwrap_err();
        assert!(
            error.to_string().contains("f3.txt: will not write here"),
            "{error}"
        );
        fs::remove_file(out.join("f3.txt")).expect("unlink");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&roster, out.join("f5.txt")).expect("symlink");
            let error = write_folder(&out, &set(1), &inputs).unwrap_err();
            assert!(error.to_string().contains("f5.txt"), "{error}");
        }
        assert_eq!(fs::read_to_string(&roster).expect("read"), "name\nAda\n");
        // Only what was there: nothing of the refused set was written.
        assert!(contents(&out).keys().all(|n| n == "f5.txt"));
    }

    #[test]
    fn what_is_not_a_regular_file_is_not_replaced() {
        let dir = tempfile::tempdir().expect("a folder");
        let out = dir.path().join("out");
        fs::create_dir_all(out.join("f0.txt")).expect("a folder in the way");
        let error = write_folder(&out, &set(1), &Inputs::default()).unwrap_err();
        assert!(error.to_string().contains("is a folder"), "{error}");
        #[cfg(unix)]
        {
            fs::remove_dir(out.join("f0.txt")).expect("rmdir");
            let elsewhere = dir.path().join("elsewhere.txt");
            fs::write(&elsewhere, "mine").expect("write");
            std::os::unix::fs::symlink(&elsewhere, out.join("f1.txt")).expect("symlink");
            let error = write_folder(&out, &set(1), &Inputs::default()).unwrap_err();
            assert!(error.to_string().contains("not a regular file"), "{error}");
            assert_eq!(fs::read_to_string(&elsewhere).expect("read"), "mine");
        }
    }
}
