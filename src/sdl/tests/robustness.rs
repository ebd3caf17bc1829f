//! Hostile input: random bytes and mutated scenes must give `Err` or `Ok`, never panic
//! or hang.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::sdl::{parse_ini_str, parse_scene_str, Limits, ParseOptions};

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
        let _ = parse_scene_str("fuzz.pov", &text, Path::new("."), &opts());
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
        let _ = parse_scene_str("bytes.pov", &text, Path::new("."), &opts());
        let _ = parse_ini_str("bytes.ini", &text);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "(".repeat(100_000);
    assert!(parse_scene_str(
        "d.pov",
        &format!("sphere {{ 0, {deep} }}"),
        Path::new("."),
        &opts()
    )
    .is_err());
    let unions = "union { ".repeat(50_000);
    assert!(parse_scene_str("d.pov", &unions, Path::new("."), &opts()).is_err());
    let declares = "#declare A = ".repeat(50_000);
    assert!(parse_scene_str("d.pov", &declares, Path::new("."), &opts()).is_err());
    let minus = "-".repeat(100_000);
    assert!(parse_scene_str(
        "d.pov",
        &format!("sphere {{ 0, {minus}1 }}"),
        Path::new("."),
        &opts()
    )
    .is_err());
    let calls = "M(".repeat(50_000);
    assert!(parse_scene_str(
        "d.pov",
        &format!("#macro M(A) A #end\nsphere {{ 0, {calls} }}"),
        Path::new("."),
        &opts()
    )
    .is_err());
}

#[test]
fn string_growth_is_bounded() {
    let text = "#declare S = \"ab\";\n#while (1) #declare S = concat(S, S); #end";
    let e = parse_scene_str("s.pov", text, Path::new("."), &opts()).unwrap_err();
    assert_eq!(e.kind(), crate::sdl::SceneErrorKind::Limit);
}
