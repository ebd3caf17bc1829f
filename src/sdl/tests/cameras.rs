//! The non-planar camera types: what each keeps of its settings, and the type
//! numbers and angles they refuse, with their locations (the expression evaluator
//! already refuses NaN and infinities).

use super::support::{error, scene};
use crate::scene::Projection;

#[test]
fn camera_types_and_angles() {
    for (text, projection) in [
        ("fisheye", Projection::Fisheye),
        ("ultra_wide_angle", Projection::UltraWideAngle),
        ("omnimax", Projection::Omnimax),
        ("panoramic", Projection::Panoramic),
        ("cylinder 1", Projection::Cylinder(1)),
        ("cylinder 4.9", Projection::Cylinder(4)),
        ("spherical", Projection::Spherical),
    ] {
        let s = scene(&format!("camera {{ {text} location <0, 0, -5> look_at 0 }}"));
        assert_eq!(s.camera.projection, projection, "{text}");
        assert_eq!(
            (s.camera.angle, s.camera.spherical),
            (90.0, (360.0, 180.0)),
            "{text}"
        );
        // Only planar cameras turn `angle` into a direction length.
        assert!((s.camera.direction.length() - 1.0).abs() < 1e-12, "{text}");
    }
    let s = scene("camera { fisheye angle 180 }");
    assert_eq!((s.camera.angle, s.camera.direction.length()), (180.0, 1.0));
    // A lone horizontal angle halves into the vertical one, as in POV-Ray.
    assert_eq!(
        scene("camera { spherical angle 200 }").camera.spherical,
        (200.0, 100.0)
    );
    assert_eq!(
        scene("camera { spherical angle 270, 120 }").camera.spherical,
        (270.0, 120.0)
    );
    assert_eq!(
        scene("camera { spherical angle 90 45 }").camera.spherical,
        (90.0, 45.0)
    );
}

#[test]
fn bad_camera_types_and_angles_are_located() {
    for (text, column, words) in [
        ("camera { cylinder 5 }", 19, "type 1 to 4"),
        ("camera { cylinder 0.5 }", 19, "type 1 to 4"),
        ("camera { cylinder -1 }", 19, "type 1 to 4"),
        ("#declare N = 1e9;\ncamera { cylinder N }", 19, "type 1 to 4"),
        ("camera { fisheye angle -10 }", 24, "not negative"),
        ("camera { ultra_wide_angle angle -1e-9 }", 33, "not negative"),
        ("camera { spherical angle -1 }", 26, "0 to 360"),
        ("camera { spherical angle 400 }", 26, "0 to 360"),
        ("camera { spherical angle 360, 361 }", 31, "vertical angle"),
        (
            "#declare N = -1e9;\ncamera { spherical angle 90, N }",
            30,
            "0 to 360",
        ),
        ("camera { fisheye angle 90, 45 }", 26, "second angle"),
        ("camera { angle 60, 45 }", 18, "second angle"),
    ] {
        let e = error(text);
        let loc = e.location().expect("a location");
        assert_eq!(
            (loc.line, loc.column),
            (text.lines().count() as u32, column),
            "{text}: {e}"
        );
        assert!(e.message().contains(words), "{text}: {e}");
    }
    let e = error("camera { spherical right 0 }");
    assert!(e.message().contains("non-zero right and up"), "{e}");
}

#[test]
fn focal_blur_settings() {
    let s = scene(
        "camera { location <0, 0, -5> direction 2 * z aperture 0.5 blur_samples 5, 37 \
         focal_point <0, 0, 5> confidence 0.95 variance 1/255 }",
    );
    let blur = s.camera.blur.expect("focal blur");
    assert_eq!((blur.samples, blur.min_samples), (37, 5));
    assert_eq!((blur.aperture, blur.focal_distance), (0.5, 10.0));
    assert_eq!((blur.confidence, blur.variance), (0.95, 1.0 / 255.0));
    // Defaults: at least 7 rays for 7 or more, 4 below; the focal plane a direction's
    // length away without a focal point; no blur without an aperture or samples.
    let blur = scene("camera { direction 3 * z aperture 1 blur_samples 19 }")
        .camera
        .blur
        .expect("focal blur");
    assert_eq!(
        (blur.min_samples, blur.focal_distance, blur.confidence),
        (7, 3.0, 0.9)
    );
    assert_eq!(
        scene("camera { aperture 1 blur_samples 5 }")
            .camera
            .blur
            .expect("blur")
            .min_samples,
        4
    );
    assert!(scene("camera { aperture 1 }").camera.blur.is_none());
    // A variance of 1 or more is too large: POV-Ray warns and keeps its default.
    let (s, warnings) = crate::sdl::tests::support::parse("camera { aperture 1 blur_samples 7 variance 1 }")
        .expect("a scene");
    assert_eq!(s.camera.blur.expect("focal blur").variance, 1.0 / 128.0);
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("`variance` of 1 is too large")),
        "{warnings:?}"
    );
    assert!(scene("camera { blur_samples 10 }").camera.blur.is_none());
    for (text, message) in [
        (
            "camera { aperture 1 blur_samples 0 }",
            "`blur_samples` takes 1 to 4096",
        ),
        (
            "camera { aperture 1 blur_samples 9, 4 }",
            "a minimum at most the maximum), not 9, 4",
        ),
        ("camera { aperture 1 blur_samples 5000 }", "not 5000"),
        (
            "camera { confidence 1 }",
            "`confidence` must be at least 0 and below 1, not 1",
        ),
        (
            "camera { variance -0.1 }",
            "`variance` must be at least 0 and below 1, not -0.1",
        ),
    ] {
        let e = error(text);
        assert!(e.message().contains(message), "{text}: {e}");
        assert_eq!(e.location().expect("a location").line, 1);
    }
}
