//! Photons left in media (`photons { media }`): a glass ball focusing a spotlight's
//! photons into a beam through scattering media, against POV-Ray 3.7's render.

use crate::budget::MemoryBudget;
use crate::render::film::output::{Image, PixelFormat};
use crate::render::options::RenderOptions;
use crate::render::RenderError;
use crate::sdl::tests::support::scene;

use super::povray_probes::{render_plain, render_with};

/// The ball focuses the light into a beam in the media behind it; the media show the
/// spotlight's cone before the ball, and its shadow behind it holds only the beam.
const BEAM: &str = "global_settings { assumed_gamma 1 max_trace_level 5 photons { spacing 0.02 media 60, 1 } }
camera { location <0, 6, -10> look_at <0, 0, 0> angle 40 }
light_source { <-12, 1, 0>, rgb 1 spotlight radius 3 falloff 4 point_at <0, 1, 0> photons { refraction on reflection on } }
plane { y, 0 pigment { rgb 0.3 } finish { ambient 0 diffuse 0.8 } }
box { <-6, 0.01, -3>, <6, 3, 3> hollow
  pigment { rgbf 1 }
  interior { media { scattering { 1, rgb 0.15 extinction 0 } method 3 intervals 1 samples 4 } }
  photons { target }
}
sphere { <-2, 1, 0>, 0.8 pigment { rgbf 1 } finish { ambient 0 diffuse 0 } interior { ior 1.5 } photons { target refraction on reflection off } }";

fn red(image: &Image, x: u32, y: u32) -> f64 {
    let p = image.pixel(x, y);
    u16::from_be_bytes([p[0], p[1]]) as f64
}

fn mean_red(image: &Image, (x0, x1): (u32, u32), (y0, y1): (u32, u32)) -> f64 {
    let n = ((x1 - x0) * (y1 - y0)) as f64;
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .map(|(x, y)| red(image, x, y))
        .sum::<f64>()
        / n
}

fn within(ours: f64, povray: f64, share: f64) -> bool {
    (ours - povray).abs() <= share * povray
}

#[test]
fn a_beam_focused_into_media_matches_povray() {
    let options = RenderOptions {
        width: 64,
        height: 48,
        threads: 2,
        format: PixelFormat {
            sixteen_bit: true,
            alpha: false,
        },
        ..RenderOptions::default()
    };
    let image = render_with(&scene(BEAM), &options);
    // POV-Ray 3.7.0's render (64x48, no antialiasing, 16 bits): mean red behind the
    // ball 32736, before it 27393, the floor below the beam 2718; without photons in
    // the media the ball's shadow would hold the spotlight's own light.
    let regions = [
        (((30, 64), (12, 22)), 32736.0),
        (((0, 10), (12, 22)), 27393.0),
        (((30, 64), (30, 40)), 2718.0),
    ];
    for ((xs, ys), povray) in regions {
        let ours = mean_red(&image, xs, ys);
        assert!(
            within(ours, povray, 0.03),
            "mean over {xs:?} x {ys:?}: {ours}, POV-Ray {povray}"
        );
    }
    let probes = [
        ((5, 16), 35070.0),
        ((40, 16), 38118.0),
        ((55, 16), 31744.0),
        ((40, 24), 21164.0),
        ((50, 8), 27438.0),
    ];
    for ((x, y), povray) in probes {
        let ours = red(&image, x, y);
        assert!(within(ours, povray, 0.03), "({x}, {y}): {ours}, POV-Ray {povray}");
    }
}

#[test]
fn media_photons_do_not_depend_on_the_threads() {
    let one = render_plain(BEAM, 32, 24, 1);
    let three = render_plain(BEAM, 32, 24, 3);
    assert!(
        one.pixels == three.pixels,
        "the media photons depend on the threads"
    );
}

#[test]
fn media_steps_past_the_memory_budget_stop_the_render() {
    // A million steps a tenth of the photons' spacing apart: about 10^11 photons
    // would be left in the media.
    let hostile = BEAM.replace("media 60, 1", "media 1000000, 0.1");
    let options = RenderOptions {
        width: 8,
        height: 6,
        threads: 2,
        ..RenderOptions::default()
    };
    let control = crate::render::RenderControl {
        progress: &|_, _| {},
        stop: &crate::budget::StopSignal::new(),
        memory: MemoryBudget::new(512 << 20),
        resume: None,
    };
    let started = std::time::Instant::now();
    match crate::render::render(&scene(&hostile), &options, &control) {
        Err(RenderError::TooManyPhotons(_) | RenderError::OverBudget(_)) => {}
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("left 10^11 photons in the media"),
    }
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
