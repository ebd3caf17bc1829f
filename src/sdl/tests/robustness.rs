//! Hostile input: random bytes and mutated scenes must give `Ok` or an ordinary `Err`,
//! never panic (an [`SceneErrorKind::Internal`] error) or hang.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::sdl::{
    parse_ini_str, parse_scene_str, Limits, ParseOptions, SceneError, SceneErrorKind, PANIC_FOR_TESTS,
};

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const CORPUS: &str = r#"
#include "colors.inc"
#include "finish.inc"
#include "rad_def.inc"
#version 3.7;
global_settings { assumed_gamma 1 radiosity { Rad_Settings(Radiosity_Fast, off, off) } }
#default { finish { ambient 0 } }
#declare A = array[3] { 1, <1,2,3>, "s" };
#declare T = texture { pigment { checker rgb 1, rgb <1,0,0> scale 0.5 } finish { Glossy } }
#macro M(X, Y) sphere { X, Y texture { T } } #end
#declare I = 0;
#while (I < 3)
  #switch (I)
    #case (0) M(<I, 0, 0>, 0.5) #break
    #range (1, 2) box { -1, 1 rotate <I * 10, 0, 0> pigment { gradient y color_map { [0 Red] [1 Blue] } } }
    #else cylinder { 0, y, 1 open }
  #end
  #declare I = I + 1;
#end
#for (J, 0, 2, 0.5) torus { 1, 0.1 translate J * x } #end
union { sphere { 0, 1 } cone { 0, 1, y, 0.5 } difference { box { 0, 1 } sphere { 0.5, 0.6 } cutaway_textures } }
mesh { triangle { 0, x, y } smooth_triangle { 0, y, x, y, z, y } }
light_source { <5, 10, -10> color White * 0.6 area_light x, z, 3, 3 adaptive 1 jitter }
camera { location <0, 1, -5> look_at 0 angle 60 right x * image_width / image_height }
#if (strlen(concat("a", str(1, 0, 2))) > 2) plane { y, -1 } #end
"#;

fn opts() -> ParseOptions {
    ParseOptions {
        limits: Limits {
            max_loop_iterations: 20_000,
            max_objects: 20_000,
            max_array_elements: 100_000,
            ..Limits::default()
        },
        ..ParseOptions::default()
    }
}

/// Fails the test when `result` is a parser panic ([`SceneErrorKind::Internal`]), showing
/// the `input` that caused it; `Ok` and every other error are fine.
fn assert_not_internal<T>(what: &str, input: &str, result: Result<T, SceneError>) {
    if let Err(e) = result {
        assert_ne!(
            e.kind(),
            SceneErrorKind::Internal,
            "{what}: the parser panicked on this input:\n{input:?}\n{e}"
        );
    }
}

/// Like `assert_not_internal`, but the input must be rejected.
fn assert_ordinary_error<T>(what: &str, result: Result<T, SceneError>) {
    match result {
        Ok(_) => panic!("{what}: expected an error, but it parsed"),
        Err(e) => assert_ne!(e.kind(), SceneErrorKind::Internal, "{what}: {e}"),
    }
}

#[test]
fn a_parser_panic_is_an_internal_error() {
    let text = format!("sphere {{ 0, 1 }}\n// {PANIC_FOR_TESTS}\n");
    let e = parse_scene_str("panic.pov", &text, Path::new("."), &opts()).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Internal, "{e}");
    assert_eq!(e.location(), None);
    let shown = e.to_string();
    assert!(
        shown.contains("internal error in spotray's scene parser"),
        "{shown}"
    );
    assert!(shown.contains("panic requested by the test scene"), "{shown}");
    assert!(shown.contains("please report this scene"), "{shown}");

    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("panic.pov");
    std::fs::write(&file, &text).expect("write the scene");
    let e = crate::sdl::parse_scene_file(&file, &opts()).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Internal, "{e}");

    let e = parse_ini_str("panic.ini", &format!("; {PANIC_FOR_TESTS}\n")).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Internal, "{e}");
    assert!(e.to_string().contains("please report this scene"), "{e}");
}

#[test]
fn corpus_parses() {
    if let Err(e) = parse_scene_str("corpus.pov", CORPUS, Path::new("."), &opts()) {
        panic!("{e}");
    }
}

#[test]
fn mutated_scenes_never_panic_or_hang() {
    let seed: u64 = std::env::var("SPOTRAY_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed | 1);
    let tokens: Vec<&str> = CORPUS
        .split_inclusive(|c: char| c.is_whitespace() || "{}()<>,;[]".contains(c))
        .collect();
    let start = Instant::now();
    let rounds: usize = std::env::var("SPOTRAY_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let budget = if rounds > 400 { 3600 } else { 60 };
    for _ in 0..rounds {
        let mut pieces: Vec<&str> = tokens.clone();
        for _ in 0..1 + rng.below(6) {
            if pieces.is_empty() {
                break;
            }
            let i = rng.below(pieces.len());
            match rng.below(4) {
                0 => {
                    pieces.remove(i);
                }
                1 => {
                    let j = rng.below(pieces.len());
                    pieces.insert(i, pieces[j]);
                }
                2 => {
                    let j = rng.below(pieces.len());
                    pieces.swap(i, j);
                }
                _ => pieces.truncate(i),
            }
        }
        let text: String = pieces.concat();
        assert_not_internal(
            "mutated scene",
            &text,
            parse_scene_str("fuzz.pov", &text, Path::new("."), &opts()),
        );
    }
    assert!(start.elapsed() < Duration::from_secs(budget));
}

#[test]
fn random_bytes_never_panic() {
    let seed: u64 = std::env::var("SPOTRAY_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12345);
    let mut rng = Rng(seed | 1);
    let alphabet: &[u8] = b"#{}()<>[],;.+-*/=!?:&|\"abcdefxyz0123456789 \n\t/*declare local if while for macro end sphere box union object";
    let rounds: usize = std::env::var("SPOTRAY_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    for round in 0..rounds {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if round % 3 == 0 {
                    (rng.next() & 0xff) as u8
                } else {
                    alphabet[rng.below(alphabet.len())]
                }
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        assert_not_internal(
            "random scene bytes",
            &text,
            parse_scene_str("bytes.pov", &text, Path::new("."), &opts()),
        );
        assert_not_internal("random INI bytes", &text, parse_ini_str("bytes.ini", &text));
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let parse = |text: &str| parse_scene_str("d.pov", text, Path::new("."), &opts());
    let deep = "(".repeat(100_000);
    assert_ordinary_error("nested parentheses", parse(&format!("sphere {{ 0, {deep} }}")));
    assert_ordinary_error("nested unions", parse(&"union { ".repeat(50_000)));
    assert_ordinary_error("nested declares", parse(&"#declare A = ".repeat(50_000)));
    let minus = "-".repeat(100_000);
    assert_ordinary_error("repeated minus", parse(&format!("sphere {{ 0, {minus}1 }}")));
    let calls = "M(".repeat(50_000);
    assert_ordinary_error(
        "nested macro calls",
        parse(&format!("#macro M(A) A #end\nsphere {{ 0, {calls} }}")),
    );
}

#[test]
fn string_growth_is_bounded() {
    let text = "#declare S = \"ab\";\n#while (1) #declare S = concat(S, S); #end";
    let e = parse_scene_str("s.pov", text, Path::new("."), &opts()).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
}

#[test]
fn hostile_maps_are_refused_or_bounded() {
    let parse = |text: &str| parse_scene_str("m.pov", text, Path::new("."), &opts());
    // Maps nested in their own entries, as deep as an attacker likes.
    let pigments = "pigment { gradient x pigment_map { [0 ".repeat(20_000);
    assert_ordinary_error(
        "nested pigment maps",
        parse(&format!("sphere {{ 0, 1 {pigments}")),
    );
    let normals = "normal { gradient x normal_map { [0 ".repeat(20_000);
    assert_ordinary_error("nested normal maps", parse(&format!("sphere {{ 0, 1 {normals}")));
    // More entries than any map may hold.
    let entries: String = (0..300)
        .map(|i| format!("[{} rgb 1]", i as f64 / 300.0))
        .collect();
    let e = parse(&format!(
        "sphere {{ 0, 1 pigment {{ bozo pigment_map {{ {entries} }} }} }}"
    ))
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    let slopes: String = (0..300)
        .map(|i| format!("[{} <0, 1>]", i as f64 / 300.0))
        .collect();
    let e = parse(&format!(
        "sphere {{ 0, 1 normal {{ bozo slope_map {{ {slopes} }} }} }}"
    ))
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
}

#[test]
fn odd_map_values_render_without_panicking() {
    use crate::render::texture::normal::CompiledNormal;
    use crate::render::texture::pigment::{CompiledPigment, ImageTexels};
    use glam::DVec3;
    let scene = parse_scene_str(
        "m.pov",
        "#declare N = -1e300;\n\
         sphere { 0, 1 texture { pigment { average pigment_map { [0 rgb 1] [0 rgb 0] } }\n\
           normal { average normal_map { [0 bumps] [-0 dents] } } } }\n\
         sphere { 0, 1 texture { pigment { gradient x pigment_map { [N rgb 1] [1e300 bozo] } }\n\
           normal { gradient x 1e300 slope_map { [N <N, 1e300>] [1 <0, 0>] } accuracy 1e-300 } } }",
        Path::new("."),
        &opts(),
    );
    let (scene, _) = scene.expect("the scene parses");
    let decode = |v: f64, _| v;
    let mut images = ImageTexels::new(&decode, crate::budget::MemoryBudget::UNLIMITED);
    for object in &scene.objects {
        let texture = &object.texture[0];
        let pigment = CompiledPigment::compile_in(&texture.pigment, &mut images, 2).expect("compile");
        let normal = texture
            .normal
            .as_ref()
            .map(|n| CompiledNormal::compile_in(n, None, 2, &mut images).expect("compile"));
        for i in 0..50 {
            let p = DVec3::new(i as f64 * 0.31 - 7.0, i as f64 * 0.17, -(i as f64) * 0.23);
            let _ = pigment.eval(p);
            if let Some(n) = &normal {
                let _ = n.perturb(p, DVec3::Y);
            }
        }
    }
}
