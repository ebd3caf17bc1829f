//! Test helpers: building zip archives (including malformed ones) in temporary directories.

use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// One entry to put in a test archive.
pub(crate) enum Item<'a> {
    File(&'a str, &'a [u8]),
    Dir(&'a str),
    Symlink(&'a str, &'a str),
}

/// The bytes of a deflated zip holding `items`, in order.
pub(crate) fn zip_bytes(items: &[Item]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for item in items {
        match item {
            Item::File(name, content) => {
                writer.start_file(*name, options).expect("start file");
                writer.write_all(content).expect("write file");
            }
            Item::Dir(name) => writer.add_directory(*name, options).expect("directory"),
            Item::Symlink(name, target) => writer.add_symlink(*name, *target, options).expect("symlink"),
        }
    }
    writer.finish().expect("finish").into_inner()
}

/// Writes `bytes` as `name` in `dir` and returns its path.
pub(crate) fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write archive");
    path
}

/// Replaces every occurrence of `from` by `to` (same length), to forge names and sizes the
/// zip writer would refuse to produce.
pub(crate) fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len(), "patch must keep the length");
    let mut patched = 0;
    let mut at = 0;
    while at + from.len() <= bytes.len() {
        if &bytes[at..at + from.len()] == from {
            bytes[at..at + from.len()].copy_from_slice(to);
            patched += 1;
            at += from.len();
        } else {
            at += 1;
        }
    }
    assert!(patched > 0, "pattern not found");
}

/// Sets the declared uncompressed size of every entry (local and central headers) to `size`.
pub(crate) fn forge_uncompressed_sizes(bytes: &mut [u8], size: u32) {
    const LOCAL: &[u8] = b"PK\x03\x04";
    const CENTRAL: &[u8] = b"PK\x01\x02";
    let positions: Vec<(usize, usize)> = (0..bytes.len().saturating_sub(4))
        .filter_map(|at| match &bytes[at..at + 4] {
            header if header == LOCAL => Some((at, 22)),
            header if header == CENTRAL => Some((at, 24)),
            _ => None,
        })
        .collect();
    assert!(!positions.is_empty());
    for (header, offset) in positions {
        bytes[header + offset..header + offset + 4].copy_from_slice(&size.to_le_bytes());
    }
}
