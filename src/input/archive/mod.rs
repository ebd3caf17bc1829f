//! Safe extraction of untrusted zip archives: no path escapes, no links, bounded output.
//!
//! Everything is checked before the first byte is written (names, entry types, duplicates,
//! declared sizes), then the size limits are enforced again on the bytes actually
//! decompressed, because a hostile archive can declare any size it likes.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

use super::error::{InputError, LimitKind};

/// Ratios are only enforced past this many bytes: small, highly repetitive files (a scene
/// full of identical lines) legitimately compress far better than 200:1, and an entry this
/// small cannot do harm anyway.
const RATIO_EXEMPT_BYTES: u64 = 1024 * 1024;
const COPY_BUFFER_BYTES: usize = 64 * 1024;
/// Longer names fail on common file systems with an error that would look transient.
const MAX_COMPONENT_BYTES: usize = 255;
const MAX_NAME_BYTES: usize = 1024;

const CENTRAL_HEADER_SIGNATURE: [u8; 4] = *b"PK\x01\x02";
const CENTRAL_HEADER_BYTES: usize = 46;
/// Local file header, empty archive and spanned archive markers.
const ZIP_MAGICS: [[u8; 4]; 3] = [*b"PK\x03\x04", *b"PK\x05\x06", *b"PK\x07\x08"];

const UNIX_FILE_TYPE_MASK: u32 = 0o170_000;
const UNIX_REGULAR_FILE: u32 = 0o100_000;
const UNIX_DIRECTORY: u32 = 0o040_000;
const UNIX_SYMLINK: u32 = 0o120_000;

/// Upper bounds for extracting one archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Files and directories together.
    pub max_entries: usize,
    /// Bytes written for all entries together.
    pub max_total_uncompressed: u64,
    /// Bytes written for one entry.
    pub max_entry_uncompressed: u64,
    /// Written bytes per compressed byte of one entry (past the first MiB).
    pub max_compression_ratio: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_entries: 10_000,
            max_total_uncompressed: 2 * 1024 * 1024 * 1024,
            max_entry_uncompressed: 512 * 1024 * 1024,
            max_compression_ratio: 200,
        }
    }
}

/// What an extraction wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extracted {
    pub files: usize,
    pub directories: usize,
    pub bytes: u64,
}

/// Extracts `archive` into `destination`, which must be missing or empty (anything already
/// there, a symlink above all, could redirect writes). Keeps the archive's layout. On error,
/// `destination` may hold part of the archive and should be discarded.
pub fn extract_zip(
    archive: &Path,
    destination: &Path,
    limits: &ArchiveLimits,
) -> Result<Extracted, InputError> {
    let mut zip = open_archive(archive)?;
    check_entry_count(&zip, archive, limits)?;
    let entries = plan_entries(&mut zip, archive, limits)?;
    check_conflicts(&entries)?;

    fs::create_dir_all(destination).map_err(|error| InputError::io(destination, error))?;
    let mut existing = fs::read_dir(destination).map_err(|error| InputError::io(destination, error))?;
    if existing.next().is_some() {
        return Err(InputError::Input {
            path: destination.to_path_buf(),
            message: "the extraction folder is not empty; extract into a fresh folder".into(),
        });
    }
    let mut extracted = Extracted {
        files: 0,
        directories: 0,
        bytes: 0,
    };
    let mut buffer = vec![0u8; COPY_BUFFER_BYTES];
    for entry in &entries {
        let target = destination.join(&entry.relative);
        match entry.kind {
            EntryKind::Directory => {
                fs::create_dir_all(&target).map_err(|error| InputError::io(&target, error))?;
                extracted.directories += 1;
            }
            EntryKind::File => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(|error| InputError::io(parent, error))?;
                }
                let written = copy_entry(
                    &mut zip,
                    archive,
                    entry,
                    &target,
                    limits,
                    extracted.bytes,
                    &mut buffer,
                )?;
                extracted.bytes += written;
                extracted.files += 1;
            }
        }
    }
    Ok(extracted)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Directory,
}

/// An entry that passed every check that can be made before extracting.
#[derive(Debug)]
struct PlannedEntry {
    index: usize,
    name: String,
    relative: PathBuf,
    kind: EntryKind,
}

fn open_archive(path: &Path) -> Result<ZipArchive<File>, InputError> {
    let file = File::open(path).map_err(|error| InputError::io(path, error))?;
    ZipArchive::new(file).map_err(|error| classify_open_error(path, error))
}

fn classify_open_error(path: &Path, error: ZipError) -> InputError {
    if !starts_with_zip_magic(path) {
        return InputError::NotZip {
            path: path.to_path_buf(),
        };
    }
    let message = match error {
        ZipError::Io(source) if source.kind() != io::ErrorKind::UnexpectedEof => {
            return InputError::io(path, source)
        }
        ZipError::Io(_) => "the zip archive is truncated; upload the complete file again".to_string(),
        ZipError::UnsupportedArchive(feature) => format!(
            "the zip archive uses an unsupported feature ({feature}); re-create it with a \
             standard zip tool"
        ),
        other => format!(
            "the zip archive is damaged or incomplete ({other}); re-create it and upload it \
             again"
        ),
    };
    InputError::BadArchive {
        path: path.to_path_buf(),
        message,
    }
}

fn starts_with_zip_magic(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut file| file.read_exact(&mut magic))
        .is_ok_and(|()| ZIP_MAGICS.contains(&magic))
}

/// `ZipArchive` keeps only the last of several entries with the same name, so the count and
/// the duplicates are checked on the raw central directory.
fn check_entry_count(
    zip: &ZipArchive<File>,
    archive: &Path,
    limits: &ArchiveLimits,
) -> Result<(), InputError> {
    let too_many = || InputError::ArchiveLimit {
        what: LimitKind::Entries,
        limit: limits.max_entries as u64,
    };
    if zip.len() > limits.max_entries {
        return Err(too_many());
    }
    let mut file = File::open(archive).map_err(|error| InputError::io(archive, error))?;
    let names = central_directory_names(&mut file, zip.central_directory_start(), limits.max_entries + 1)
        .map_err(|error| InputError::io(archive, error))?;
    if names.len() > limits.max_entries {
        return Err(too_many());
    }
    let mut seen = HashSet::with_capacity(names.len());
    for name in &names {
        if !seen.insert(name.as_slice()) {
            return Err(InputError::UnsafeArchive {
                entry: String::from_utf8_lossy(name).into_owned(),
                reason: "appears more than once in the archive, so it is unclear which copy \
                         is meant"
                    .to_string(),
            });
        }
    }
    Ok(())
}

/// Raw names of the central directory records, read up to `max_records`.
fn central_directory_names(file: &mut File, start: u64, max_records: usize) -> io::Result<Vec<Vec<u8>>> {
    let mut reader = BufReader::new(file);
    reader.seek(SeekFrom::Start(start))?;
    let mut names = Vec::new();
    let mut header = [0u8; CENTRAL_HEADER_BYTES];
    while names.len() < max_records {
        match reader.read_exact(&mut header) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => break,
            Err(error) => return Err(error),
        }
        if header[..4] != CENTRAL_HEADER_SIGNATURE {
            break;
        }
        let field = |at: usize| u16::from_le_bytes([header[at], header[at + 1]]);
        let (name_len, extra_len, comment_len) = (field(28), field(30), field(32));
        let mut name = vec![0u8; usize::from(name_len)];
        reader.read_exact(&mut name)?;
        reader.seek_relative(i64::from(extra_len) + i64::from(comment_len))?;
        names.push(name);
    }
    Ok(names)
}

fn plan_entries(
    zip: &mut ZipArchive<File>,
    archive: &Path,
    limits: &ArchiveLimits,
) -> Result<Vec<PlannedEntry>, InputError> {
    let mut planned = Vec::with_capacity(zip.len());
    let mut declared_total: u64 = 0;
    for index in 0..zip.len() {
        let name = zip
            .name_for_index(index)
            .map_or_else(|| format!("#{index}"), str::to_owned);
        let entry = zip
            .by_index_raw(index)
            .map_err(|error| entry_error(archive, &name, error))?;

        let unsafe_entry = |reason: String| InputError::UnsafeArchive {
            entry: name.clone(),
            reason,
        };
        let kind = entry_kind(entry.is_dir(), entry.unix_mode()).map_err(unsafe_entry)?;
        let Some(relative) = safe_relative_path(&name).map_err(unsafe_entry)? else {
            // "./" and the like: the extraction directory itself.
            continue;
        };
        if entry.encrypted() {
            return Err(InputError::BadArchive {
                path: archive.to_path_buf(),
                message: format!("entry {name:?} is encrypted; upload an archive without a password"),
            });
        }
        if kind == EntryKind::File {
            let method = entry.compression();
            if !matches!(method, CompressionMethod::Stored | CompressionMethod::Deflated) {
                return Err(InputError::BadArchive {
                    path: archive.to_path_buf(),
                    message: format!(
                        "entry {name:?} uses compression method {method}; re-create the \
                         archive with the standard (deflate) compression"
                    ),
                });
            }
            // Declared sizes may lie, but an honest oversized archive fails here before
            // anything is written; actual bytes are counted again while copying.
            if entry.size() > limits.max_entry_uncompressed {
                return Err(InputError::ArchiveLimit {
                    what: LimitKind::EntrySize { entry: name.clone() },
                    limit: limits.max_entry_uncompressed,
                });
            }
            declared_total = declared_total.saturating_add(entry.size());
            if declared_total > limits.max_total_uncompressed {
                return Err(InputError::ArchiveLimit {
                    what: LimitKind::TotalSize,
                    limit: limits.max_total_uncompressed,
                });
            }
        }
        planned.push(PlannedEntry {
            index,
            name,
            relative,
            kind,
        });
    }
    Ok(planned)
}

/// Directories and regular files only: links could point anywhere, and devices or FIFOs
/// have no business in a scene.
fn entry_kind(named_as_directory: bool, unix_mode: Option<u32>) -> Result<EntryKind, String> {
    let file_type = unix_mode.map_or(0, |mode| mode & UNIX_FILE_TYPE_MASK);
    match file_type {
        UNIX_SYMLINK => Err("is a symbolic link; archives must contain plain files".into()),
        UNIX_DIRECTORY => Ok(EntryKind::Directory),
        _ if named_as_directory => Ok(EntryKind::Directory),
        0 | UNIX_REGULAR_FILE => Ok(EntryKind::File),
        _ => Err("is a device, FIFO or socket; archives must contain plain files".into()),
    }
}

/// The relative path an entry name may be extracted to, `None` for the directory itself,
/// or why the name is refused.
fn safe_relative_path(name: &str) -> Result<Option<PathBuf>, String> {
    if name.is_empty() {
        return Err("has an empty name".into());
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(format!("has a name longer than {MAX_NAME_BYTES} bytes"));
    }
    if name.chars().any(char::is_control) {
        return Err("has a control character in its name".into());
    }
    if name.contains('\\') {
        return Err(
            "contains a backslash, which Windows reads as a folder separator, so the entry \
             could land somewhere else there"
                .into(),
        );
    }
    if name.starts_with('/') {
        return Err("is an absolute path".into());
    }
    let mut path = PathBuf::new();
    for component in name.split('/') {
        match component {
            "" | "." => {}
            ".." => return Err("contains '..', which would climb out of the extraction folder".into()),
            _ if component.contains(':') => {
                return Err("contains ':', a drive letter or NTFS stream name on Windows".into())
            }
            _ if component.len() > MAX_COMPONENT_BYTES => {
                return Err(format!(
                    "has a path component longer than {MAX_COMPONENT_BYTES} bytes"
                ))
            }
            _ => path.push(component),
        }
    }
    Ok((!path.as_os_str().is_empty()).then_some(path))
}

/// Two entries that normalise to the same path (`a//b`, `./a/b`), or a file that another
/// entry needs as a folder, would make the result depend on extraction order.
fn check_conflicts(entries: &[PlannedEntry]) -> Result<(), InputError> {
    let mut files: HashMap<&Path, &str> = HashMap::new();
    let mut directories: HashSet<&Path> = HashSet::new();
    for entry in entries {
        if entry.kind == EntryKind::File {
            if let Some(other) = files.insert(&entry.relative, &entry.name) {
                return Err(InputError::UnsafeArchive {
                    entry: entry.name.clone(),
                    reason: format!("names the same file as entry {other:?}"),
                });
            }
        } else {
            directories.insert(&entry.relative);
        }
        for ancestor in entry.relative.ancestors().skip(1) {
            if !ancestor.as_os_str().is_empty() {
                directories.insert(ancestor);
            }
        }
    }
    for (path, name) in files {
        if directories.contains(path) {
            return Err(InputError::UnsafeArchive {
                entry: name.to_string(),
                reason: "is a file, but other entries use it as a folder".into(),
            });
        }
    }
    Ok(())
}

/// Copies one file entry, counting real decompressed bytes against the limits before
/// writing them. Returns the bytes written.
fn copy_entry(
    zip: &mut ZipArchive<File>,
    archive: &Path,
    entry: &PlannedEntry,
    target: &Path,
    limits: &ArchiveLimits,
    written_before: u64,
    buffer: &mut [u8],
) -> Result<u64, InputError> {
    let mut reader = zip
        .by_index(entry.index)
        .map_err(|error| entry_error(archive, &entry.name, error))?;
    let compressed = reader.compressed_size();
    let mut output = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(|error| match error.kind() {
            // Checked names are unique, so this is a case-insensitive file system merging
            // names that differ only in case: a property of the archive, not a transient fault.
            io::ErrorKind::AlreadyExists => InputError::UnsafeArchive {
                entry: entry.name.clone(),
                reason: "names the same file as another entry on this file system (names \
                         that differ only in case?)"
                    .into(),
            },
            _ => InputError::io(target, error),
        })?;

    let mut written: u64 = 0;
    loop {
        let count = match reader.read(buffer) {
            Ok(0) => break,
            Ok(count) => count,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => {
                return Err(InputError::BadArchive {
                    path: archive.to_path_buf(),
                    message: format!(
                        "entry {:?} is damaged ({error}); re-create the archive and upload \
                         it again",
                        entry.name
                    ),
                })
            }
        };
        written += count as u64;
        if written > limits.max_entry_uncompressed {
            return Err(InputError::ArchiveLimit {
                what: LimitKind::EntrySize {
                    entry: entry.name.clone(),
                },
                limit: limits.max_entry_uncompressed,
            });
        }
        if written_before + written > limits.max_total_uncompressed {
            return Err(InputError::ArchiveLimit {
                what: LimitKind::TotalSize,
                limit: limits.max_total_uncompressed,
            });
        }
        if written > RATIO_EXEMPT_BYTES && written > compressed.saturating_mul(limits.max_compression_ratio) {
            return Err(InputError::ArchiveLimit {
                what: LimitKind::CompressionRatio {
                    entry: entry.name.clone(),
                },
                limit: limits.max_compression_ratio,
            });
        }
        output
            .write_all(&buffer[..count])
            .map_err(|error| InputError::io(target, error))?;
    }
    Ok(written)
}

fn entry_error(archive: &Path, entry: &str, error: ZipError) -> InputError {
    match error {
        ZipError::Io(source) if source.kind() != io::ErrorKind::UnexpectedEof => {
            InputError::io(archive, source)
        }
        other => InputError::BadArchive {
            path: archive.to_path_buf(),
            message: format!(
                "entry {entry:?} cannot be read ({other}); re-create the archive and upload \
                 it again"
            ),
        },
    }
}

#[cfg(test)]
mod tests;
