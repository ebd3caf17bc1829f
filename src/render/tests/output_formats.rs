//! 16-bit and alpha output (`Bits_Per_Color`, `Output_Alpha`), against POV-Ray 3.7.0.

use crate::budget::StopSignal;
use crate::render::film::output::{Image, PixelFormat};
use crate::render::film::partial::FinishedTiles;
use crate::render::film::tiles::tiles;
use crate::render::options::RenderOptions;
use crate::render::{render, RenderControl};
use crate::sdl::tests::support::scene;

/// A half-transparent sphere, a transmitting and a filtering disc lit by ambient only,
/// and a reflective box, on the default background or on an rgbft one.
const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,0,-5> look_at 0 }
light_source { <5,5,-5> color rgb 1 }
sphere { <-1,0,0>, 0.8 pigment { rgbt <1,0,0,0.5> } finish { ambient 0.2 } }
disc { <0,1.5,0>, -z, 0.3 pigment { rgbt <1,1,0,0.5> } finish { ambient 1 diffuse 0 } }
disc { <1.5,1.5,0>, -z, 0.3 pigment { rgbf <0,0.5,1,0.6> } finish { ambient 1 diffuse 0 } }
box { <0.5,-1,-0.5>, <1.5,0,0.5> pigment { rgb <0.2,0.6,0.3> } finish { reflection 0.5 } }
"#;
const BACKGROUND: &str = "background { rgbft <0.2,0.4,0.6,0.5,0.3> }";

/// Pixels read: background, sphere, transmitting disc, filtering disc, box.
const PROBES: [(u32, u32); 5] = [(1, 1), (12, 15), (20, 7), (29, 7), (25, 19)];

fn format(sixteen_bit: bool, alpha: bool) -> PixelFormat {
    PixelFormat { sixteen_bit, alpha }
}

fn options(format: PixelFormat) -> RenderOptions {
    RenderOptions {
        width: 40,
        height: 30,
        threads: 2,
        format,
        ..RenderOptions::default()
    }
}

fn image(text: &str, format: PixelFormat) -> Image {
    render(&scene(text), &options(format), &control(&StopSignal::new()))
        .expect("render")
        .0
}

fn control(stop: &StopSignal) -> RenderControl<'_> {
    RenderControl {
        progress: &|_, _| {},
        stop,
        memory: crate::budget::MemoryBudget::UNLIMITED,
        resume: None,
    }
}

/// The samples of `image` at the probes, 16-bit ones read big-endian.
fn probes(image: &Image) -> Vec<Vec<u32>> {
    PROBES
        .iter()
        .map(|&(x, y)| {
            let bytes = image.pixel(x, y);
            if image.format.sixteen_bit {
                bytes
                    .chunks(2)
                    .map(|b| u32::from(b[0]) << 8 | u32::from(b[1]))
                    .collect()
            } else {
                bytes.iter().map(|&b| u32::from(b)).collect()
            }
        })
        .collect()
}

#[test]
fn alpha_and_sixteen_bits_match_povray() {
    // povray +W40 +H30 -A [+UA] [+FN16] on SCENE (then with BACKGROUND), POV-Ray
    // 3.7.0.10, pixels read back from its PNG files.
    let cases: [(&str, PixelFormat, [[u32; 4]; 5]); 6] = [
        (
            "",
            format(false, true),
            [
                [0, 0, 0, 0],
                [177, 0, 0, 191],
                [255, 255, 0, 128],
                [0, 141, 192, 192],
                [82, 138, 100, 255],
            ],
        ),
        (
            "",
            format(true, true),
            [
                [0, 0, 0, 0],
                [45431, 0, 0, 49151],
                [65535, 65535, 0, 32768],
                [0, 36148, 49459, 49472],
                [21100, 35441, 25647, 65535],
            ],
        ),
        (
            "",
            format(false, false),
            [
                [0, 0, 0, 0],
                [155, 0, 0, 0],
                [188, 188, 0, 0],
                [0, 124, 170, 0],
                [82, 138, 100, 0],
            ],
        ),
        (
            BACKGROUND,
            format(false, true),
            [
                [78, 109, 132, 132],
                [167, 42, 52, 224],
                [216, 219, 79, 194],
                [0, 138, 193, 225],
                [119, 180, 175, 255],
            ],
        ),
        (
            BACKGROUND,
            format(true, true),
            [
                [20174, 28135, 33977, 33967],
                [42857, 10686, 13316, 57643],
                [55451, 56387, 20411, 49751],
                [0, 35455, 49680, 57798],
                [30592, 46139, 44889, 65535],
            ],
        ),
        (
            BACKGROUND,
            format(false, false),
            [
                [105, 144, 173, 0],
                [163, 75, 91, 0],
                [199, 209, 126, 0],
                [0, 145, 211, 0],
                [110, 168, 157, 0],
            ],
        ),
    ];
    for (background, format, want) in cases {
        let got = probes(&image(&format!("{SCENE}{background}"), format));
        let want: Vec<Vec<u32>> = want.iter().map(|p| p[..format.channels()].to_vec()).collect();
        assert_eq!(got, want, "{format:?} with background `{background}`");
    }
}

#[test]
fn the_png_says_what_it_holds() {
    for (format, colour, depth) in [
        (format(false, false), png::ColorType::Rgb, png::BitDepth::Eight),
        (format(false, true), png::ColorType::Rgba, png::BitDepth::Eight),
        (format(true, false), png::ColorType::Rgb, png::BitDepth::Sixteen),
        (format(true, true), png::ColorType::Rgba, png::BitDepth::Sixteen),
    ] {
        let image = image(SCENE, format);
        assert_eq!(image.pixels.len(), 40 * 30 * format.bytes_per_pixel());
        let png = image.to_png().unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap();
        assert_eq!(
            (reader.info().color_type, reader.info().bit_depth),
            (colour, depth)
        );
        let mut data = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut data).unwrap();
        assert_eq!(
            &data[..frame.buffer_size()],
            image.pixels.as_slice(),
            "{format:?}"
        );
    }
}

#[test]
fn eight_bits_are_the_sixteen_rounded() {
    let eight = image(SCENE, format(false, true));
    let sixteen = image(SCENE, format(true, true));
    for (i, pair) in sixteen.pixels.chunks(2).enumerate() {
        let wide = f64::from(u16::from_be_bytes([pair[0], pair[1]]));
        let narrow = f64::from(eight.pixels[i]);
        assert!(
            (wide / 257.0 - narrow).abs() <= 0.5 + 1e-9,
            "sample {i}: {wide} vs {narrow}"
        );
    }
}

#[test]
fn a_deep_render_resumed_from_some_tiles_gives_the_same_bytes() {
    let text = format!("{SCENE}{BACKGROUND}");
    let format = format(true, true);
    let whole = image(&text, format);
    let size = format.bytes_per_pixel();
    let mut finished = FinishedTiles::new(40, 30, format);
    for (index, tile) in tiles(40, 30).iter().enumerate().step_by(2) {
        let mut bytes = Vec::new();
        for y in tile.y..tile.y + tile.height {
            let start = (y * 40 + tile.x) as usize * size;
            bytes.extend_from_slice(&whole.pixels[start..start + tile.width as usize * size]);
        }
        finished.tiles.insert(index as u32, bytes);
    }
    let restored = FinishedTiles::from_bytes(&finished.to_bytes()).unwrap();
    let stop = StopSignal::new();
    let resuming = RenderControl {
        resume: Some(&restored),
        ..control(&stop)
    };
    let (resumed, stats) = render(&scene(&text), &options(format), &resuming).unwrap();
    assert_eq!(stats.tiles_resumed, restored.len());
    assert_eq!(resumed, whole);
    // Tiles kept in another format are refused, not mixed in.
    let eight = RenderOptions {
        format: PixelFormat::RGB8,
        ..options(format)
    };
    let Err(error) = render(&scene(&text), &eight, &resuming) else {
        panic!("tiles of another format were taken");
    };
    assert!(
        matches!(error, crate::render::RenderError::ResumeFormat(..)),
        "{error}"
    );
}
