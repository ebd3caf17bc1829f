//! Every field of the scene model is read by the renderer or warned about by the SDL:
//! a setting that is parsed and then silently dropped is a picture that differs from
//! POV-Ray's with no word to the user.
//!
//! The model's fields are read from its source (`src/scene/*.rs`); the renderer reads a
//! struct field when `src/render/` mentions `.field`, an enum variant's field when it
//! mentions the name at all (variants are taken apart by pattern). Names shared between
//! types make this lenient (`Radiosity.normal` passes because surfaces have a `.normal`),
//! never strict: a field this test calls unused is unused.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::sdl::not_rendered::NOT_RENDERED;
use crate::sdl::{parse_scene_str, ParseOptions};

/// Settings whose *value*, not field, goes unrendered: each must warn too.
const NOT_RENDERED_VALUES: &[(&str, &str)] = &[(
    "sphere { 0, 1 pigment { image_map { png \"one.png\" interpolate 1 } } }",
    "interpolate 1",
)];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The source of `dir`'s Rust files without comments and without test modules' files.
fn source_without_comments(dir: &str) -> String {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    files.sort();
    files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "tests.rs"))
        .map(|p| fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .flat_map(|text| {
            text.lines()
                .map(|line| line.split("//").next().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `(Type.field, belongs to an enum variant)` for every field of the scene model.
fn model_fields() -> Vec<(String, bool)> {
    let mut fields = Vec::new();
    let mut current: Option<(String, bool)> = None;
    for line in source_without_comments("src/scene").lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["pub", "struct", name, "{", ..] => current = Some((name.to_string(), false)),
            ["pub", "enum", name, "{", ..] => current = Some((name.to_string(), true)),
            ["}"] if !line.starts_with(' ') => current = None,
            _ => {}
        }
        let Some((owner, in_enum)) = &current else {
            continue;
        };
        let field = line.trim().trim_start_matches("pub ");
        if let Some((name, _)) = field.split_once(':') {
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                fields.push((format!("{owner}.{name}"), *in_enum));
            }
        }
    }
    fields
}

fn is_identifier_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `source` has `word` as a whole word.
fn mentions(source: &str, word: &str) -> bool {
    source.match_indices(word).any(|(at, _)| {
        !is_identifier_char(source[..at].chars().next_back())
            && !is_identifier_char(source[at + word.len()..].chars().next())
    })
}

/// Whether `source` reads a field `name` (`.name` as a whole word after the dot).
fn reads_field(source: &str, name: &str) -> bool {
    let access = format!(".{name}");
    source
        .match_indices(&access)
        .any(|(at, _)| !is_identifier_char(source[at + access.len()..].chars().next()))
}

#[test]
fn every_model_field_is_rendered_or_warned_about() {
    let render = source_without_comments("src/render");
    let fields = model_fields();
    assert!(
        fields.len() > 100,
        "only {} model fields found: has src/scene changed shape?",
        fields.len()
    );
    let listed: BTreeSet<&str> = NOT_RENDERED.iter().map(|n| n.field).collect();
    let mut silent = Vec::new();
    for (field, in_enum) in &fields {
        let name = field.split_once('.').map_or("", |(_, name)| name);
        let read = if *in_enum {
            mentions(&render, name)
        } else {
            reads_field(&render, name)
        };
        if !read && !listed.contains(field.as_str()) {
            silent.push(field.clone());
        }
    }
    assert!(
        silent.is_empty(),
        "scene model fields the renderer never reads, with no warning in src/sdl/not_rendered.rs: {silent:?}"
    );
    let known: BTreeSet<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
    for entry in NOT_RENDERED {
        assert!(
            known.contains(entry.field),
            "{} in NOT_RENDERED is not a model field",
            entry.field
        );
    }
}

#[test]
fn every_unrendered_setting_warns() {
    let cases = NOT_RENDERED
        .iter()
        .map(|n| (n.example, n.keyword))
        .chain(NOT_RENDERED_VALUES.iter().copied());
    // The image map examples need an image to read.
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut png_bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut png_bytes, 1, 1);
    encoder.set_color(png::ColorType::Rgb);
    encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&[255, 128, 0]))
        .expect("encode a 1x1 PNG");
    fs::write(folder.path().join("one.png"), &png_bytes).expect("write one.png");
    for (example, keyword) in cases {
        let text = format!("#version 3.7;\n{example}\n");
        let warnings =
            match parse_scene_str("not_rendered.pov", &text, folder.path(), &ParseOptions::default()) {
                Ok((_, warnings)) => warnings,
                Err(e) => panic!("{example}: {e}"),
            };
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains(&format!("`{keyword}")) && w.message.contains("not rendered")),
            "{example}: no warning naming `{keyword}`; warnings: {:?}",
            warnings.iter().map(|w| &w.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn settings_spotray_renders_do_not_warn() {
    let text = "#version 3.7;\n\
        global_settings { radiosity { recursion_limit 1 gray_threshold 0 always_sample off } }\n\
        light_source { 0, 1 area_light x, y, 2, 2 media_interaction on }\n\
        sphere { 0, 1 finish { conserve_energy off } interior { caustics 0 fade_power 0 } }\n";
    let (_, warnings) = parse_scene_str("renders.pov", text, Path::new("."), &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let noise: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.contains("not rendered"))
        .collect();
    assert!(noise.is_empty(), "{noise:?}");
}
