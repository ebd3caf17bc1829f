//! Photon mapping against POV-Ray 3.7.0: a glass sphere's refracted caustic and a
//! mirror box's reflected one on a floor. Where the floor sees the light directly,
//! pixels match POV-Ray's within 2/65535; in the caustics, where a pixel is an estimate
//! from the photons around it, within 3% (POV-Ray leaves 33488 photons in this scene,
//! spotray 33491); under the sphere, lit only through it, the shadow is whole. Without
//! photon mapping the same glass filters its shadow, as before.

use super::povray_probes::{render_plain, render_with, try_render};
use crate::budget::MemoryBudget;
use crate::render::film::output::PixelFormat;
use crate::render::lights::LightSource;
use crate::render::options::RenderOptions;
use crate::render::photons::{PhotonMap, Unmade};
use crate::render::world::World;
use crate::render::RenderError;
use crate::sdl::tests::support::scene;

const CAUSTICS: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 photons { spacing 0.01 autostop 0 jitter 0 } }
camera { location <0, 4, -4> look_at <0, 0, 0> angle 40 }
light_source { <0, 8, 0> rgb 1 }
plane { y, 0 pigment { rgb <0.8, 0.8, 0.7> } finish { diffuse 0.8 ambient 0 } }
sphere { <0, 1.2, 0>, 1
  pigment { rgbf <1, 0.9, 0.8, 0.9> }
  finish { reflection 0.05 diffuse 0 ambient 0 }
  interior { ior 1.5 }
  photons { target refraction on reflection on collect off }
}
box { <1.3, 0, -0.6>, <1.9, 1, 0.2> pigment { rgb <0.9, 0.5, 0.2> } finish { ambient 0 diffuse 0.6 reflection 0.6 }
  rotate y * 25 translate z * -0.5
  photons { target reflection on } }
"#;

fn sixteen_bit(text: &str, threads: usize) -> Vec<[u32; 3]> {
    let options = RenderOptions {
        width: 64,
        height: 48,
        threads,
        format: PixelFormat {
            sixteen_bit: true,
            alpha: false,
        },
        ..RenderOptions::default()
    };
    let image = render_with(&scene(text), &options);
    let mut out = Vec::new();
    for y in 0..48 {
        for x in 0..64 {
            let p = image.pixel(x, y);
            let c = |i: usize| u32::from(p[2 * i]) << 8 | u32::from(p[2 * i + 1]);
            out.push([c(0), c(1), c(2)]);
        }
    }
    out
}

#[test]
fn caustics_match_povray() {
    let image = sixteen_bit(CAUSTICS, 2);
    let at = |x: usize, y: usize| image[y * 64 + x];
    // Lit directly: exact.
    for ((x, y), want) in [
        ((52, 40), [42157, 42157, 39680]),
        ((10, 40), [53265, 53265, 50187]),
    ] {
        let got = at(x, y);
        for (g, w) in got.iter().zip(want) {
            assert!(g.abs_diff(w) <= 2, "({x}, {y}): {got:?}, POV-Ray {want:?}");
        }
    }
    // In the caustics: the sphere's focus, and the box's reflection (partly the
    // light's own, which is exact).
    for ((x, y), want) in [
        ((32, 28), [26667, 24164, 20175]),
        ((33, 28), [28025, 25411, 21242]),
        ((50, 42), [63036, 63036, 59429]),
    ] {
        let got = at(x, y);
        for (g, w) in got.iter().zip(want) {
            assert!(
                f64::from(g.abs_diff(w)) <= 0.03 * f64::from(w),
                "({x}, {y}): {got:?}, POV-Ray {want:?}"
            );
        }
    }
    // Under the sphere, outside its caustic: the glass casts a whole shadow, as the
    // light through it comes from the photons.
    assert_eq!(at(32, 30), [0, 0, 0]);
    assert_eq!(at(24, 31), [0, 0, 0]);
}

#[test]
fn without_photon_mapping_the_glass_filters_its_shadow() {
    let plain = CAUSTICS.replace("photons { spacing 0.01 autostop 0 jitter 0 }", "");
    let image = sixteen_bit(&plain, 2);
    for ((x, y), want) in [
        ((24, 31), [48876, 44465, 37613]),
        ((32, 28), [48951, 44534, 37672]),
    ] {
        let got = image[y * 64 + x];
        for (g, w) in got.iter().zip(want) {
            assert!(g.abs_diff(w) <= 2, "({x}, {y}): {got:?}, POV-Ray {want:?}");
        }
    }
}

#[test]
fn photons_are_the_same_whatever_the_thread_count() {
    let one = render_plain(CAUSTICS, 48, 36, 1);
    let three = render_plain(CAUSTICS, 48, 36, 3);
    assert!(
        one.pixels == three.pixels,
        "the photon map depends on the threads"
    );
}

#[test]
fn a_spacing_too_fine_is_refused_before_shooting() {
    let fine = CAUSTICS.replace("spacing 0.01", "spacing 0.00001");
    let options = RenderOptions {
        width: 8,
        height: 6,
        ..RenderOptions::default()
    };
    let started = std::time::Instant::now();
    match try_render(&scene(&fine), &options) {
        Err(RenderError::TooManyPhotons(most)) => {
            let said = RenderError::TooManyPhotons(most).to_string();
            assert!(said.contains("spacing") && said.contains("count"), "{said}");
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("rendered a scene of billions of photons"),
    }
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

#[test]
fn count_chooses_the_spacing() {
    // POV-Ray's estimate of what a spacing shoots turns `count 20000` into a spacing
    // that leaves 8130 photons in this scene (11114 shot): a guide, not a cap.
    let counted = CAUSTICS.replace("spacing 0.01", "count 20000");
    let photons = shoot(
        &counted,
        &std::sync::atomic::AtomicBool::new(false),
        MemoryBudget::UNLIMITED,
    )
    .expect("shoots")
    .map_or(0, |map| map.len());
    assert!(photons.abs_diff(8130) <= 160, "{photons} photons, POV-Ray 8130");
}

#[test]
fn shooting_answers_a_stop_request() {
    let stop = std::sync::atomic::AtomicBool::new(true);
    assert!(matches!(
        shoot(CAUSTICS, &stop, MemoryBudget::UNLIMITED),
        Err(Unmade::Stopped)
    ));
}

#[test]
fn shooting_past_the_memory_budget_names_the_budget() {
    // Any process holds more than a kilobyte of heap: the first check between rings
    // trips, and the error is the budget's, not "too many photons".
    let budget = MemoryBudget::new(1 << 10);
    match shoot(CAUSTICS, &std::sync::atomic::AtomicBool::new(false), budget) {
        Err(Unmade::OverBudget(e)) => assert_eq!(e.budget, 1 << 10),
        Err(Unmade::Stopped) => panic!("stopped"),
        Err(Unmade::TooMany) => panic!("too many photons, where the budget ran out"),
        Ok(_) => panic!("shot photons past the budget"),
    }
}

/// The photon map of `text`'s scene, shot with `stop` and `memory` as a job's render
/// shoots it.
fn shoot(
    text: &str,
    stop: &std::sync::atomic::AtomicBool,
    memory: MemoryBudget,
) -> Result<Option<PhotonMap>, Unmade> {
    let scene = scene(text);
    let decode = |v: f64, _| v;
    let world = World::build(
        scene.objects.clone(),
        &decode,
        MemoryBudget::UNLIMITED,
        &|| Ok(()),
    )
    .expect("world");
    let lights: Vec<LightSource> = scene.lights.iter().map(LightSource::compile).collect();
    let settings = scene.global.photons.as_ref().expect("a photons block");
    PhotonMap::build(&world, &lights, settings, (5, 1.0 / 255.0), stop, memory)
}
