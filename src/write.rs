//! Writing files back safely (`--fix`, `init`): the new bytes go to a temporary file in the same
//! directory, which is flushed and then renamed over the file, so a crash or a full disk leaves
//! either the old file or the new one, never half of each. The file keeps its permissions (and
//! owner, where the process may set it); a symbolic link stays a link and its target is written.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file was not written.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

fn err(path: &Path, message: impl Into<String>) -> WriteError {
    WriteError { path: path.to_path_buf(), message: message.into() }
}

fn io_text(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "no such file or directory".into(),
        _ => e.to_string(),
    }
}

/// Replaces the contents of an existing file with `bytes`, atomically.
///
/// `expected` is what the caller read from the file: when the file no longer holds it (an editor
/// saved it meanwhile), nothing is written, so no one's change is lost.
/// A symbolic link is followed to the file it names, which is written in place of the link's
/// target; the link itself is left alone.
pub fn replace(path: &Path, bytes: &[u8], expected: Option<&[u8]>) -> Result<(), WriteError> {
    let target = resolve(path)?;
    let meta = fs::metadata(&target).map_err(|e| err(path, format!("cannot write: {}", io_text(&e))))?;
    if !meta.is_file() {
        return Err(err(path, "not a regular file; not written"));
    }
    if meta.permissions().readonly() {
        return Err(err(path, "the file is read-only; not written"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(err(
                path,
                format!(
                    "the file has {} hard links; writing it safely would give this name a new file and leave the other links \
                     with the old text, so it is not written (apply the change by hand, see `--diff`)",
                    meta.nlink()
                ),
            ));
        }
    }
    let Some(expected) = expected else {
        return write_new_then_rename(&target, bytes, Some(&meta), |_| Ok(()))
            .map_err(|e| err(path, format!("cannot write: {}", io_text(&e))));
    };
    // The file is compared with what was read once the new text is on disk, right before the
    // rename; and after it, the old file (still open here) is checked again: a line appended to
    // it in between (by a writer that had it open) is not lost, the file is put back with it.
    let changed = || err(path, "the file changed while kafkalint was fixing it; not written (run again)");
    let mut old: Option<File> = None;
    let result = write_new_then_rename(&target, bytes, Some(&meta), |_| {
        let mut f = File::open(&target)?;
        if read_all(&mut f)? != expected {
            return Err(io::Error::other(CHANGED));
        }
        old = Some(f);
        Ok(())
    });
    match result {
        Ok(()) => {}
        Err(e) if e.to_string() == CHANGED => return Err(changed()),
        Err(e) => return Err(err(path, format!("cannot write: {}", io_text(&e)))),
    }
    let Some(mut old) = old else { return Ok(()) };
    match read_all(&mut old) {
        Ok(now) if now == expected => Ok(()),
        Ok(now) => {
            // Written to the old file after the check: restore it, with what was written to the
            // new one since, and report the file as changed.
            let since = fs::read(&target).ok().and_then(|n| n.strip_prefix(bytes).map(<[u8]>::to_vec)).unwrap_or_default();
            let restored = [now, since].concat();
            write_new_then_rename(&target, &restored, Some(&meta), |_| Ok(()))
                .map_err(|e| err(path, format!("changed while being fixed, and could not be restored: {}", io_text(&e))))?;
            Err(changed())
        }
        Err(_) => Ok(()),
    }
}

const CHANGED: &str = "kafkalint: the file changed";

fn read_all(f: &mut File) -> io::Result<Vec<u8>> {
    use std::io::{Read, Seek};
    f.seek(io::SeekFrom::Start(0))?;
    let mut v = Vec::new();
    f.read_to_end(&mut v)?;
    Ok(v)
}

/// Creates or replaces `path` atomically (a new file gets the default permissions).
pub fn create_or_replace(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    match fs::symlink_metadata(path) {
        Ok(_) => replace(path, bytes, None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            write_new_then_rename(path, bytes, None, |_| Ok(())).map_err(|e| err(path, format!("cannot write: {}", io_text(&e))))
        }
        Err(e) => Err(err(path, format!("cannot write: {}", io_text(&e)))),
    }
}

/// The file a path names, through any symbolic links (a dangling or looping link is an error).
fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let meta = fs::symlink_metadata(path).map_err(|e| err(path, format!("cannot write: {}", io_text(&e))))?;
    if !meta.file_type().is_symlink() {
        return Ok(path.to_path_buf());
    }
    fs::canonicalize(path).map_err(|e| {
        let why = if e.raw_os_error() == Some(40) { "a symlink loop".to_string() } else { io_text(&e) };
        err(path, format!("is a symbolic link whose target cannot be resolved ({why}); not written"))
    })
}

fn temp_path(target: &Path, n: u32) -> PathBuf {
    // Short, whatever the file's name (a name near the length limit still gets a temporary file).
    let tmp = format!(".kafkalint-{}-{n}.tmp", std::process::id());
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(tmp),
        _ => PathBuf::from(tmp),
    }
}

/// Writes `bytes` to a temporary file beside `target`, flushes it, runs `before_rename` (a last
/// check that may refuse), then renames it over `target`.
fn write_new_then_rename(
    target: &Path,
    bytes: &[u8],
    original: Option<&fs::Metadata>,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let mut n = 0;
    let (tmp, mut file) = loop {
        let tmp = temp_path(target, n);
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        if let Some(meta) = original {
            keep_owner_and_mode(&file, meta)?;
        }
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        fs::rename(&tmp, target)?;
        sync_dir(target);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn keep_owner_and_mode(file: &File, meta: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; others keep their own ownership (and the group when
        // they belong to it). Failing to keep the owner is not a reason to keep the old text.
        let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
        let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
    }
    file.set_permissions(meta.permissions())
}

fn sync_dir(target: &Path) {
    #[cfg(unix)]
    {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_mode() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.properties");
        fs::write(&p, b"a=1\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        replace(&p, b"a=2\n", Some(b"a=1\n")).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"a=2\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
        }
        // Changed meanwhile: not written.
        let e = replace(&p, b"a=3\n", Some(b"a=1\n")).unwrap_err();
        assert!(e.message.contains("changed"), "{e}");
        assert_eq!(fs::read(&p).unwrap(), b"a=2\n");
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    /// Lines appended while files are replaced (by writers that open, append and close, like
    /// `echo >>`) are never lost: a replace either happens before an append or is refused.
    #[test]
    fn no_append_is_lost() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.properties");
        fs::write(&p, b"a=1  \n").unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let appender = {
            let (p, stop) = (p.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) && n < 400 {
                    let mut f = OpenOptions::new().append(true).open(&p).unwrap();
                    f.write_all(format!("line.{n}=x  \n").as_bytes()).unwrap();
                    drop(f);
                    n += 1;
                    std::thread::yield_now();
                }
                n
            })
        };
        let (mut ok, mut refused) = (0, 0);
        for _ in 0..300 {
            let now = fs::read(&p).unwrap();
            let fixed = String::from_utf8(now.clone()).unwrap().replace("  \n", "\n");
            match replace(&p, fixed.as_bytes(), Some(&now)) {
                Ok(()) => ok += 1,
                Err(e) => {
                    assert!(e.message.contains("changed"), "{e}");
                    refused += 1;
                }
            }
        }
        stop.store(true, Ordering::Relaxed);
        let n = appender.join().unwrap();
        let text = fs::read_to_string(&p).unwrap();
        for i in 0..n {
            assert!(text.contains(&format!("line.{i}=x")), "line {i} of {n} lost ({ok} written, {refused} refused):\n{text}");
        }
        assert!(text.starts_with("a=1"), "{text}");
    }
}
