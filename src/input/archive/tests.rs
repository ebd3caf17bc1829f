//! Tests of safe extraction: hostile names, links, sizes, ratios and malformed archives.

use super::*;
use crate::input::test_zip::{forge_uncompressed_sizes, patch, write_file, zip_bytes, Item};

/// A work area with `archive.zip` holding `bytes` and an `out` folder beside it, so
/// escapes can be detected as files appearing next to `out`.
struct Fixture {
    root: tempfile::TempDir,
    archive: PathBuf,
}

impl Fixture {
    fn new(bytes: &[u8]) -> Fixture {
        let root = tempfile::tempdir().expect("temp dir");
        let archive = write_file(root.path(), "archive.zip", bytes);
        Fixture { root, archive }
    }

    fn out(&self) -> PathBuf {
        self.root.path().join("out")
    }

    fn extract(&self, limits: &ArchiveLimits) -> Result<Extracted, InputError> {
        extract_zip(&self.archive, &self.out(), limits)
    }

    /// Everything in the work area except the archive and `out`.
    fn strays(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root.path())
            .expect("list")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name != "archive.zip" && name != "out")
            .collect();
        names.sort();
        names
    }
}

fn unsafe_reason(result: Result<Extracted, InputError>) -> String {
    match result {
        Err(InputError::UnsafeArchive { entry, reason }) => format!("{entry}: {reason}"),
        other => panic!("expected UnsafeArchive, got {other:?}"),
    }
}

#[test]
fn extracts_layout_as_is() {
    let fixture = Fixture::new(&zip_bytes(&[
        Item::Dir("Scene/"),
        Item::File("Scene/Scene.pov", b"sphere {}"),
        Item::File("Scene/maps/logo.png", b"png"),
        Item::File("./top.ini", b"Width=10"),
    ]));
    let extracted = fixture.extract(&ArchiveLimits::default()).expect("safe");
    assert_eq!(
        extracted,
        Extracted {
            files: 3,
            directories: 1,
            bytes: 9 + 3 + 8
        }
    );
    let out = fixture.out();
    assert_eq!(fs::read(out.join("Scene/Scene.pov")).expect("pov"), b"sphere {}");
    assert!(out.join("Scene/maps/logo.png").is_file());
    assert!(out.join("top.ini").is_file());
}

#[cfg(unix)]
#[test]
fn refuses_a_destination_that_is_not_empty() {
    let fixture = Fixture::new(&zip_bytes(&[Item::File("a.pov", b"//")]));
    fs::create_dir(fixture.out()).expect("out");
    std::os::unix::fs::symlink("/tmp", fixture.out().join("maps")).expect("link");
    let error = fixture.extract(&ArchiveLimits::default()).expect_err("not empty");
    assert!(matches!(error, InputError::Input { .. }), "{error:?}");
}

#[test]
fn zip_slip_is_rejected_before_writing() {
    let fixture = Fixture::new(&zip_bytes(&[
        Item::File("fine.pov", b"ok"),
        Item::File("../evil", b"pwned"),
    ]));
    let reason = unsafe_reason(fixture.extract(&ArchiveLimits::default()));
    assert!(reason.contains("../evil") && reason.contains(".."), "{reason}");
    assert!(fixture.strays().is_empty(), "{:?}", fixture.strays());
    assert!(!fixture.out().join("fine.pov").exists(), "nothing is written");
}

#[test]
fn nested_parent_escape_is_rejected() {
    let fixture = Fixture::new(&zip_bytes(&[Item::File("a/b/../../../evil", b"x")]));
    unsafe_reason(fixture.extract(&ArchiveLimits::default()));
    assert!(fixture.strays().is_empty());
}

#[test]
fn absolute_path_is_rejected() {
    let fixture = Fixture::new(&zip_bytes(&[Item::File("/tmp/spotray-evil", b"x")]));
    let reason = unsafe_reason(fixture.extract(&ArchiveLimits::default()));
    assert!(reason.contains("absolute"), "{reason}");
    assert!(!Path::new("/tmp/spotray-evil").exists());
}

#[test]
fn windows_tricks_are_rejected() {
    for name in [
        "..\\evil",
        "C:/evil",
        "C:evil",
        "scene\\..\\..\\evil",
        "a/b:stream",
    ] {
        let fixture = Fixture::new(&zip_bytes(&[Item::File(name, b"x")]));
        let reason = unsafe_reason(fixture.extract(&ArchiveLimits::default()));
        assert!(reason.contains("backslash") || reason.contains("':'"), "{reason}");
    }
}

#[test]
fn symlink_entry_is_rejected() {
    let fixture = Fixture::new(&zip_bytes(&[
        Item::Symlink("link", "/etc"),
        Item::File("link/passwd", b"x"),
    ]));
    let reason = unsafe_reason(fixture.extract(&ArchiveLimits::default()));
    assert!(reason.contains("symbolic link"), "{reason}");
    assert!(!fixture.out().join("link").exists());
}

#[test]
fn harmless_looking_symlink_is_rejected_too() {
    let fixture = Fixture::new(&zip_bytes(&[Item::Symlink("inside", "scene.pov")]));
    unsafe_reason(fixture.extract(&ArchiveLimits::default()));
}

#[test]
fn duplicate_names_are_rejected() {
    let mut bytes = zip_bytes(&[Item::File("a.pov", b"one"), Item::File("b.pov", b"two")]);
    patch(&mut bytes, b"b.pov", b"a.pov");
    let fixture = Fixture::new(&bytes);
    let reason = unsafe_reason(fixture.extract(&ArchiveLimits::default()));
    assert!(
        reason.contains("a.pov") && reason.contains("more than once"),
        "{reason}"
    );
}

#[test]
fn names_that_normalise_alike_are_duplicates() {
    let fixture = Fixture::new(&zip_bytes(&[
        Item::File("s/a.pov", b"one"),
        Item::File("s//a.pov", b"two"),
    ]));
    let reason = unsafe_reason(fixture.extract(&ArchiveLimits::default()));
    assert!(reason.contains("same file"), "{reason}");
}

#[test]
fn file_used_as_folder_is_rejected() {
    let fixture = Fixture::new(&zip_bytes(&[
        Item::File("maps", b"file"),
        Item::File("maps/logo.png", b"png"),
    ]));
    let reason = unsafe_reason(fixture.extract(&ArchiveLimits::default()));
    assert!(reason.contains("folder"), "{reason}");
}

fn small_limits() -> ArchiveLimits {
    ArchiveLimits {
        max_entries: 10,
        max_total_uncompressed: 8 * 1024 * 1024,
        max_entry_uncompressed: 4 * 1024 * 1024,
        max_compression_ratio: 200,
    }
}

#[test]
fn large_entry_is_refused_by_its_declared_size() {
    let zeros = vec![0u8; 5 * 1024 * 1024];
    let fixture = Fixture::new(&zip_bytes(&[Item::File("bomb.pov", &zeros)]));
    let limits = ArchiveLimits {
        max_compression_ratio: u64::MAX,
        ..small_limits()
    };
    let error = fixture.extract(&limits).expect_err("too big");
    assert!(
        matches!(&error, InputError::ArchiveLimit { what: LimitKind::EntrySize { entry }, .. } if entry == "bomb.pov"),
        "{error:?}"
    );
    assert!(!fixture.out().join("bomb.pov").exists(), "refused before writing");
}

#[test]
fn zip_bomb_with_forged_sizes_is_stopped_while_copying() {
    let zeros = vec![0u8; 6 * 1024 * 1024];
    let mut bytes = zip_bytes(&[Item::File("bomb.pov", &zeros)]);
    forge_uncompressed_sizes(&mut bytes, 100);
    let fixture = Fixture::new(&bytes);
    let limits = ArchiveLimits {
        max_compression_ratio: u64::MAX,
        ..small_limits()
    };
    let error = fixture.extract(&limits).expect_err("forged bomb");
    assert!(
        matches!(
            error,
            InputError::ArchiveLimit {
                what: LimitKind::EntrySize { .. },
                ..
            }
        ),
        "{error:?}"
    );
    let written = fs::metadata(fixture.out().join("bomb.pov")).map_or(0, |m| m.len());
    assert!(written <= limits.max_entry_uncompressed, "{written}");
}

#[test]
fn extreme_compression_ratio_is_refused() {
    let zeros = vec![0u8; 3 * 1024 * 1024];
    let fixture = Fixture::new(&zip_bytes(&[Item::File("zeros.raw", &zeros)]));
    let error = fixture.extract(&small_limits()).expect_err("ratio");
    assert!(
        matches!(
            error,
            InputError::ArchiveLimit {
                what: LimitKind::CompressionRatio { .. },
                limit: 200
            }
        ),
        "{error:?}"
    );
}

#[test]
fn small_repetitive_files_are_exempt_from_the_ratio() {
    let zeros = vec![b'a'; 512 * 1024];
    let fixture = Fixture::new(&zip_bytes(&[Item::File("flat.pov", &zeros)]));
    fixture.extract(&small_limits()).expect("under the exemption");
}

#[test]
fn total_size_is_enforced_across_entries() {
    let chunk = vec![7u8; 3 * 1024 * 1024];
    let fixture = Fixture::new(&zip_bytes(&[
        Item::File("a.raw", &chunk),
        Item::File("b.raw", &chunk),
        Item::File("c.raw", &chunk),
    ]));
    let limits = ArchiveLimits {
        max_compression_ratio: u64::MAX,
        ..small_limits()
    };
    let error = fixture.extract(&limits).expect_err("total");
    assert!(
        matches!(
            error,
            InputError::ArchiveLimit {
                what: LimitKind::TotalSize,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn too_many_entries_are_refused() {
    let names: Vec<String> = (0..11).map(|i| format!("f{i}.inc")).collect();
    let items: Vec<Item> = names.iter().map(|name| Item::File(name, b"x")).collect();
    let fixture = Fixture::new(&zip_bytes(&items));
    let error = fixture.extract(&small_limits()).expect_err("count");
    assert!(
        matches!(
            error,
            InputError::ArchiveLimit {
                what: LimitKind::Entries,
                limit: 10
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("10 entries"), "{error}");
}

#[test]
fn non_zip_is_reported_as_such() {
    let fixture = Fixture::new(b"#include \"colors.inc\"\nsphere { 0, 1 }\n");
    let error = fixture.extract(&ArchiveLimits::default()).expect_err("not zip");
    assert!(matches!(error, InputError::NotZip { .. }), "{error:?}");
    assert!(error.to_string().contains("is not a zip archive"), "{error}");
    assert!(error.is_permanent());
}

#[test]
fn empty_file_is_not_a_zip() {
    let fixture = Fixture::new(b"");
    let error = fixture.extract(&ArchiveLimits::default()).expect_err("empty");
    assert!(matches!(error, InputError::NotZip { .. }), "{error:?}");
}

#[test]
fn truncated_zip_is_a_bad_archive() {
    let bytes = zip_bytes(&[Item::File("scene.pov", &[b'x'; 4000])]);
    let fixture = Fixture::new(&bytes[..bytes.len() / 2]);
    let error = fixture.extract(&ArchiveLimits::default()).expect_err("truncated");
    assert!(matches!(error, InputError::BadArchive { .. }), "{error:?}");
    assert!(error.is_permanent());
}

#[test]
fn corrupted_data_is_a_bad_archive() {
    let content: Vec<u8> = (0..20_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let mut bytes = zip_bytes(&[Item::File("scene.pov", &content)]);
    // Flip bits in the middle of the compressed data.
    let middle = bytes.len() / 3;
    for byte in &mut bytes[middle..middle + 16] {
        *byte ^= 0x5a;
    }
    let fixture = Fixture::new(&bytes);
    let error = fixture.extract(&ArchiveLimits::default()).expect_err("corrupt");
    assert!(matches!(error, InputError::BadArchive { .. }), "{error:?}");
}

#[test]
fn safe_names() {
    let ok = |name: &str| safe_relative_path(name).expect("safe");
    assert_eq!(ok("a/b.pov"), Some(PathBuf::from("a/b.pov")));
    assert_eq!(ok("./a//b.pov"), Some(PathBuf::from("a/b.pov")));
    assert_eq!(ok("dir/"), Some(PathBuf::from("dir")));
    assert_eq!(ok("./"), None);
    assert_eq!(ok("a/.../b"), Some(PathBuf::from("a/.../b")));
    for name in [
        "",
        "/x",
        "../x",
        "a/../../x",
        "a/..",
        "x\\y",
        "C:/x",
        "a\nb",
        "a\0b",
    ] {
        assert!(safe_relative_path(name).is_err(), "{name:?} accepted");
    }
    assert!(safe_relative_path(&"a".repeat(256)).is_err());
}
