//! `sky_sphere` over the `background`, against POV-Ray 3.7.0: layered pigments with
//! filter and transmit, `emission`, transformations, a declared sky reused, a second
//! `sky_sphere` replacing the first; seen directly, through a transmitting sphere and
//! in a mirror; with and without an alpha channel; composed as 3.7 does and, under
//! `#version 3.6` or none, as 3.6 did.

use crate::budget::StopSignal;
use crate::render::film::output::{Image, PixelFormat};
use crate::render::options::RenderOptions;
use crate::render::{render, RenderControl};
use crate::sdl::tests::support::scene;

/// A transmitting sphere (left) and a mirror box (bottom right), lit by nothing.
const OBJECTS: &str = r#"
global_settings { assumed_gamma 1.0 }
camera { location <0,0,-3> look_at 0 angle 100 }
sphere { <-1.2,0,0>, 0.7 pigment { rgbt <1,0,0,0.5> } finish { ambient 1 diffuse 0 } }
box { <0.3,-1.5,-0.5>, <1.8,-0.3,0.5> pigment { rgb 0 } finish { ambient 0 diffuse 0 reflection 0.8 } rotate y*30 }
"#;

/// Two pigment layers with filter and transmit, emission, a rotation, and a
/// filtering and transmitting background.
const LAYERED: &str = r#"
sky_sphere {
  pigment { gradient y colour_map { [0 rgbt <0.9,0.5,0.2,0.4>] [1 rgbf <0.1,0.3,0.8,0.5>] } }
  pigment { bozo colour_map { [0 rgbft <1,1,1,0.3,0.2>] [0.5 rgbt <0.2,0.8,0.3,0.6>] [1 rgbf <1,0,0,0.9>] } scale 0.3 }
  emission rgb <1.2,1,0.8>
  rotate <10,20,0>
}
background { rgbft <0.2,0.4,0.6,0.3,0.2> }
"#;

/// A declared sky reused with one more layer and transforms written around it, after
/// a sky_sphere it replaces; a transmitting background.
const DECLARED: &str = r#"
#declare Sky = sky_sphere { pigment { gradient x colour_map { [0 rgb <1,0.2,0>] [1 rgb <0,0.4,1>] } } scale 2 }
sky_sphere { pigment { rgb 1 } }
sky_sphere { Sky translate <0.3,0,0> pigment { checker rgbt <1,1,1,0.7>, rgbf <0,1,0,0.5> scale 0.25 } emission 0.8 rotate z*15 }
background { rgbt <0.3,0.2,0.1,0.5> }
"#;

/// Pixels read: sky (three), the sphere, the mirror (two).
const PROBES: [(u32, u32); 6] = [(1, 1), (14, 2), (6, 6), (9, 8), (12, 10), (4, 11)];

fn image(text: &str, alpha: bool) -> Image {
    let options = RenderOptions {
        width: 16,
        height: 12,
        threads: 2,
        format: PixelFormat {
            sixteen_bit: false,
            alpha,
        },
        ..RenderOptions::default()
    };
    let stop = StopSignal::new();
    let control = RenderControl {
        progress: &|_, _| {},
        stop: &stop,
        memory: crate::budget::MemoryBudget::UNLIMITED,
        resume: None,
    };
    render(&scene(text), &options, &control).expect("render").0
}

#[test]
fn skies_match_povray() {
    // Each case's scene is `{version}\n{OBJECTS}{sky}`, rendered with POV-Ray 3.7.0.10 by
    //     povray +Iscene.pov +W16 +H12 -D -A [+UA] +Oout.png
    // and the probes read back from its PNG (every other pixel equal too, when
    // recorded). Alpha 0 stands for none.
    let cases: [(&str, &str, bool, [[u8; 4]; 6]); 8] = [
        (
            "#version 3.7;",
            LAYERED,
            false,
            [
                [161, 171, 140, 0],
                [157, 184, 150, 0],
                [244, 109, 85, 0],
                [141, 172, 141, 0],
                [160, 133, 104, 0],
                [164, 154, 128, 0],
            ],
        ),
        (
            "#version 3.7;",
            LAYERED,
            true,
            [
                [163, 171, 136, 241],
                [159, 185, 146, 240],
                [245, 108, 82, 251],
                [143, 174, 145, 255],
                [161, 136, 108, 255],
                [166, 154, 124, 242],
            ],
        ),
        (
            "#version 3.6;",
            LAYERED,
            false,
            [
                [167, 171, 142, 0],
                [158, 182, 147, 0],
                [245, 110, 86, 0],
                [140, 170, 136, 0],
                [170, 141, 118, 0],
                [173, 158, 138, 0],
            ],
        ),
        (
            "#version 3.6;",
            LAYERED,
            true,
            [
                [0, 0, 0, 0],
                [0, 0, 0, 0],
                [255, 0, 0, 191],
                [140, 170, 136, 255],
                [170, 141, 118, 255],
                [0, 0, 0, 0],
            ],
        ),
        (
            "#version 3.7;",
            DECLARED,
            false,
            [
                [181, 173, 200, 0],
                [0, 187, 0, 0],
                [237, 93, 112, 0],
                [175, 154, 170, 0],
                [0, 174, 0, 0],
                [182, 173, 199, 0],
            ],
        ),
        (
            "#version 3.7;",
            DECLARED,
            true,
            [
                [181, 173, 200, 255],
                [0, 187, 0, 255],
                [237, 93, 112, 255],
                [175, 154, 170, 255],
                [0, 174, 0, 255],
                [182, 173, 199, 255],
            ],
        ),
        (
            "",
            DECLARED,
            false,
            [
                [181, 173, 200, 0],
                [152, 187, 82, 0],
                [237, 93, 112, 0],
                [175, 154, 170, 0],
                [100, 174, 121, 0],
                [182, 173, 199, 0],
            ],
        ),
        (
            "",
            DECLARED,
            true,
            [
                [0, 0, 0, 0],
                [0, 0, 0, 0],
                [255, 0, 0, 191],
                [175, 154, 170, 255],
                [100, 174, 121, 255],
                [0, 0, 0, 0],
            ],
        ),
    ];
    for (version, sky, alpha, want) in cases {
        let text = format!("{version}\n{OBJECTS}{sky}");
        let image = image(&text, alpha);
        let got: Vec<Vec<u8>> = PROBES.iter().map(|&(x, y)| image.pixel(x, y).to_vec()).collect();
        let want: Vec<Vec<u8>> = want
            .iter()
            .map(|p| p[..if alpha { 4 } else { 3 }].to_vec())
            .collect();
        assert_eq!(got, want, "`{version}`, alpha {alpha}, sky:{sky}");
    }
}

#[test]
fn a_background_without_a_sky_is_its_colour_under_every_version() {
    // povray +W16 +H12 -A on each scene: (149, 170, 188) seen directly and in the
    // mirror sphere alike, whatever the #version.
    for version in ["#version 3.6;", "", "#version 3.7;"] {
        let text = format!(
            "{version}\nglobal_settings {{ assumed_gamma 1.0 }}\ncamera {{ location <0,0,-3> look_at 0 }}\n\
             background {{ rgb <0.3,0.4,0.5> }}\n\
             sphere {{ 0, 0.5 pigment {{ rgb 1 }} finish {{ ambient 0 diffuse 0 reflection 1 }} }}"
        );
        let img = image(&text, false);
        for (x, y) in [(1, 1), (8, 6)] {
            assert_eq!(img.pixel(x, y), [149, 170, 188], "{version:?} at ({x}, {y})");
        }
    }
}
