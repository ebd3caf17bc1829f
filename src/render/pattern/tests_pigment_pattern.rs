//! `pigment_pattern` against POV-Ray 3.7.0's pattern functions.

// The recorded values keep the digits POV-Ray printed.
#![allow(clippy::excessive_precision)]

use glam::DVec3;

use super::CompiledPattern;
use crate::render::texture::pigment::ImageTexels;
use crate::scene::PigmentPattern;
use crate::sdl::tests::support::scene;

/// The pattern of the first object's pigment in `text`, compiled with its pigment.
fn pattern_of(text: &str) -> CompiledPattern {
    let s = scene(text);
    let PigmentPattern::Mapped { pattern, .. } = &s.objects[0].texture[0].pigment.pattern else {
        panic!("no pattern in {text}");
    };
    let decode = |v: f64, _| v;
    let mut images = ImageTexels::new(&decode, crate::budget::MemoryBudget::UNLIMITED);
    let mut compiled = CompiledPattern::compile_in(pattern, None, 2);
    compiled.compile_pigments(&mut images, 2).expect("compile");
    compiled
}

#[test]
fn pigment_patterns_give_the_grey_of_their_pigment() {
    // `#declare F = function { pattern { pigment_pattern { ... } } }` printed with
    // `#debug concat(str(F(x, y, z), 0, 16), "\n")` by POV-Ray 3.7.0.10 (with
    // `assumed_gamma 1.0`), at these points.
    let points = [
        [0.0, 0.0, 0.0],
        [0.13, 0.07, 0.02],
        [1.1, -0.3, 0.7],
        [-2.5, 0.25, 1.75],
        [0.33, 0.66, 0.99],
        [7.1, -3.3, 2.2],
    ];
    let brick = pattern_of(
        "sphere { 0, 1 pigment { pigment_pattern { brick color rgb<1,1,1> color rgb<0.5,0.1,0> scale 0.1 } } }",
    );
    let gradient = pattern_of(
        "sphere { 0, 1 pigment { pigment_pattern { gradient x color_map { [0 rgb <1,0,0>] \
         [1 rgb <0.2,0.9,0.4>] } turbulence 0.3 } scale 2 } }",
    );
    let povray = [
        (0.2073999941349030, 0.5465533733367920),
        (0.2073999941349030, 0.5859211087226868),
        (0.2073999941349030, 0.4426524937152863),
        (1.0000000000000000, 0.5176784992218018),
        (0.2073999941349030, 0.3615229129791260),
        (1.0000000000000000, 0.4871016144752502),
    ];
    for (p, (b, g)) in points.iter().zip(povray) {
        let p = DVec3::from_array(*p);
        // POV-Ray blends colours in single precision: within 1e-6.
        assert!(
            (brick.value(p) - b).abs() < 1e-6,
            "brick at {p}: {} vs {b}",
            brick.value(p)
        );
        assert!(
            (gradient.value(p) - g).abs() < 1e-6,
            "gradient at {p}: {} vs {g}",
            gradient.value(p)
        );
    }
}
