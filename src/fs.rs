//! File system access: every read, write, copy and rename of the crate goes
//! through here, so that each failure names the path it concerns.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io { action, path, source }
}

/// Reads a whole file as bytes.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(io_error("reading", path))
}

/// Reads a whole file that must be UTF-8 text (configuration, templates).
pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(io_error("reading", path))
}

/// Writes `contents` to `path`, creating its parent folders. A file already
/// at `path` is replaced, never written through (it may be a hard link).
pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    use io::Write;
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    create_replacing(path)
        .and_then(|mut file| file.write_all(contents))
        .map_err(io_error("writing", path))
}

/// Writes `contents` to a new file at `path`, creating its parent folders;
/// fails if a file is there already (nothing is ever written over it).
pub fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    use io::Write;
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(contents))
        .map_err(io_error("writing", path))
}

/// A new file at `path`, in place of any file there. Creating first and
/// removing only on a clash spares a removal per file in a fresh folder.
fn create_replacing(path: &Path) -> io::Result<fs::File> {
    let create = || fs::OpenOptions::new().write(true).create_new(true).open(path);
    match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            create()
        }
        result => result,
    }
}

/// Whether two files hold the same bytes (compared a block at a time).
pub fn same_contents(a: &Path, b: &Path) -> bool {
    use io::Read;
    let (Ok(meta_a), Ok(meta_b)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    if meta_a.len() != meta_b.len() {
        return false;
    }
    let (Ok(file_a), Ok(file_b)) = (fs::File::open(a), fs::File::open(b)) else {
        return false;
    };
    let (mut a, mut b) = (io::BufReader::new(file_a), io::BufReader::new(file_b));
    let (mut block_a, mut block_b) = (vec![0; 64 * 1024], vec![0; 64 * 1024]);
    loop {
        let Ok(n) = a.read(&mut block_a) else {
            return false;
        };
        if n == 0 {
            return true;
        }
        if b.read_exact(&mut block_b[..n]).is_err() || block_a[..n] != block_b[..n] {
            return false;
        }
    }
}

/// Removes the file at `path`, if there is one, before something takes its place.
fn clear(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        result => result.map_err(io_error("replacing", path)),
    }
}

/// Creates the folder `path` unless something is there already (a folder,
/// a file or a link); says whether it did. Its parent must exist.
pub fn create_new_dir(path: &Path) -> Result<bool> {
    match std::fs::create_dir(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(source) => Err(Error::Io {
            action: "creating folder",
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// What `path` itself is (a link is not followed), if anything is there.
pub fn link_metadata(path: &Path) -> Option<std::fs::Metadata> {
    std::fs::symlink_metadata(path).ok()
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(io_error("creating folder", path))
}

/// Copies a file, creating the destination's parent folders; replaces any
/// file there, as [`write`] does.
pub fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    clear(to)?;
    fs::copy(from, to).map(|_| ()).map_err(io_error("copying", from))
}

/// Links `to` to the existing file `from` (same content, same timestamps);
/// falls back to a copy where hard links are not possible. Replaces any
/// file at `to`, as [`write`] does.
pub fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    clear(to)?;
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    copy(from, to)
}

/// Renames a file or folder.
pub fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(io_error("renaming", from))
}

/// Removes a folder and everything in it; a missing folder is not an error.
pub fn remove_dir_all(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error("removing", path)(e)),
        _ => Ok(()),
    }
}

/// Whether a folder exists and holds at least one entry.
pub fn is_non_empty_dir(path: &Path) -> Result<bool> {
    match fs::read_dir(path) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io_error("listing", path)(e)),
    }
}

/// The absolute, symlink-free form of a path that may not exist yet: its
/// longest existing ancestor is canonicalized and the rest appended.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    let path = std::path::absolute(path).map_err(io_error("resolving", path))?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().map_err(io_error("resolving", existing))?;
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

/// Every file under `dir`, sorted by path, skipping hidden names (`.git`,
/// `.DS_Store`). A symbolic link is followed only when its target stays inside
/// `root`; one that leads out of the site is reported as a warning and skipped.
pub fn walk_inside(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.io_error().is_some_and(|io| io.kind() == io::ErrorKind::NotFound) && e.depth() == 0 => {
                break;
            }
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                problems.push(Diagnostic::error(relative(root, &path), 1, 1, e.to_string()));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => files.push(path.to_path_buf()),
                Ok(target) if target.starts_with(&canonical_root) => {}
                _ => problems.push(
                    Diagnostic::warning(
                        relative(root, path),
                        1,
                        1,
                        "symbolic link leads outside the site; not followed",
                    )
                    .with_hint("copy the file into the site instead of linking to it"),
                ),
            }
        } else if entry.file_type().is_file() {
            files.push(path.to_path_buf());
        }
    }
    files
}

/// `path` relative to `root` where possible, for messages.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
