//! `media`: its items and POV-Ray 3.7's defaults, in interiors and the atmosphere, and
//! bad values refused with their places.

use glam::DVec3;

use super::support::{error, parse, scene};
use crate::scene::Phase;

#[test]
fn media_are_read_with_povray_defaults() {
    let s = scene(
        "#declare M = media { absorption <0.1, 0.2, 0.3> samples 2, 5 }\n\
         sphere { 0, 1 hollow interior { media { M emission 0.5 method 2 intervals 3 } \
         media { scattering { 5, rgb x eccentricity 0.4 extinction 0.5 } density { bozo } density { granite } } } }\n\
         media { scattering { 4, 0.1 } aa_level 2 aa_threshold 0.05 jitter 0.3 }",
    );
    let interior = s.objects[0].interior.as_ref().expect("an interior");
    let (a, b) = (&interior.media[0], &interior.media[1]);
    assert_eq!(a.absorption, DVec3::new(0.1, 0.2, 0.3), "from the identifier");
    assert_eq!((a.min_samples, a.max_samples), (2, 5));
    assert_eq!((a.emission, a.method, a.intervals), (DVec3::splat(0.5), 2, 3));
    assert_eq!(b.phase, Phase::HenyeyGreenstein(0.4));
    assert_eq!((b.scattering, b.extinction), (DVec3::X, 0.5));
    assert_eq!(b.density.len(), 2, "densities multiply, so all are kept");
    assert_eq!(
        (b.method, b.intervals, b.min_samples, b.aa_level, b.jitter),
        (3, 1, 10, 3, 0.0),
        "POV-Ray 3.7's defaults"
    );
    let atmosphere = &s.atmosphere[0];
    assert_eq!(atmosphere.phase, Phase::Rayleigh);
    assert_eq!(
        (atmosphere.aa_level, atmosphere.aa_threshold, atmosphere.jitter),
        (2, 0.05, 0.3)
    );
}

#[test]
fn an_unknown_scattering_type_scatters_evenly_with_a_warning() {
    let (s, warnings) = parse("media { scattering { 7, 0.2 } }").expect("parses");
    assert_eq!(s.atmosphere[0].phase, Phase::Isotropic);
    assert!(
        warnings.iter().any(|w| w.to_string().contains("scattering type")),
        "{warnings:?}"
    );
}

#[test]
fn bad_media_are_refused_where_they_are() {
    for (text, words, line) in [
        ("media {\n method 4 }", "1, 2 or 3", 2),
        ("media { intervals 0 }", "`intervals` must be at least 1", 1),
        ("media {\n\n intervals 1e9 }", "over spotray's limit", 3),
        ("media { samples 1e12 }", "over spotray's limit", 1),
        ("media { samples 5, 2 }", "smaller than the least", 1),
        ("media { confidence 1 }", "below 1", 1),
        ("media { aa_threshold 0 }", "greater than zero", 1),
        ("media { aa_level 1000 }", "over spotray's limit", 1),
        ("media { scattering { 1, 0.2 eccentricity 0.3 } }", "type 5", 1),
        (
            "media { scattering { 1, 0.2 ior 2 } }",
            "to close `scattering`",
            1,
        ),
        (
            "sphere { 0, 1 interior { media { ior 1 } } }",
            "to close `media`",
            1,
        ),
        ("#declare P = pigment { rgb 1 }\nmedia { P }", "a media", 2),
    ] {
        let e = error(text);
        assert!(e.message().contains(words), "{text}: {e}");
        assert_eq!(e.location().map(|l| l.line), Some(line), "{text}: {e}");
    }
}

#[test]
fn extra_samples_are_read_without_warnings() {
    let (s, warnings) =
        parse("media { method 1 samples 2, 8 confidence 0.5 variance 0.01 }").expect("parses");
    assert!(warnings.is_empty(), "{warnings:?}");
    let m = &s.atmosphere[0];
    assert_eq!(
        (m.min_samples, m.max_samples, m.confidence, m.variance),
        (2, 8, 0.5, 0.01)
    );
}
