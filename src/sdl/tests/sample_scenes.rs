//! The repository's sample scenes (every `.pov` under `scenes/`) parse without error.

use std::path::{Path, PathBuf};

use crate::sdl::{parse_scene_file, ParseOptions};

/// The `.pov` files under `dir`, at any depth, sorted.
fn pov_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            found.extend(pov_files(&path));
        } else if path.extension().is_some_and(|x| x == "pov") {
            found.push(path);
        }
    }
    found.sort();
    found
}

#[test]
fn repository_sample_scenes_parse() {
    let scenes = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes");
    let files = pov_files(&scenes);
    assert!(
        files.len() >= 3,
        "expected at least three sample scenes under {}, found {files:?}",
        scenes.display()
    );
    let mut failures = Vec::new();
    for file in &files {
        match parse_scene_file(file, &ParseOptions::default()) {
            Ok((scene, _)) if scene.objects.is_empty() => {
                failures.push(format!("{}: parsed, but has no objects", file.display()))
            }
            Ok(_) => {}
            Err(e) => failures.push(format!("{}:\n{e}", file.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} sample scenes failed to parse:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}
