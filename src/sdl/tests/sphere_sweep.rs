//! `sphere_sweep`: its three spline kinds, `tolerance`, and the input POV-Ray refuses
//! (or spotray does, to stay bounded).

use glam::DVec3;

use super::support::{error, parse, scene};
use crate::scene::{Shape, SweepSpline};
use crate::sdl::SceneErrorKind;

fn sweep(s: &Shape) -> &crate::scene::SphereSweep {
    match s {
        Shape::SphereSweep(s) => s,
        other => panic!("not a sphere_sweep: {other:?}"),
    }
}

#[test]
fn each_spline_kind_is_read_with_its_spheres() {
    let s = scene(
        "sphere_sweep { linear_spline 2, <0,0,0>, 1, <1,0,0>, 0.5 }\n\
         sphere_sweep { b_spline, 4, <0,0,0>, 1 <1,0,0>, 1 <2,0,0>, 1 <3,1,0>, 0.5 tolerance 0.01 }\n\
         sphere_sweep { cubic_spline 4.7, 0, 1, x, 1, 2*x, 1, 3*x, 1 translate y }",
    );
    let kinds: Vec<SweepSpline> = s.objects.iter().map(|o| sweep(&o.shape).spline).collect();
    assert_eq!(
        kinds,
        [SweepSpline::Linear, SweepSpline::BSpline, SweepSpline::CatmullRom]
    );
    let linear = sweep(&s.objects[0].shape);
    assert_eq!(&*linear.spheres, &[(DVec3::ZERO, 1.0), (DVec3::X, 0.5)]);
    assert_eq!(linear.tolerance, 1e-6, "POV-Ray's default");
    assert_eq!(sweep(&s.objects[1].shape).tolerance, 0.01);
    // A fractional count is truncated, as POV-Ray truncates it.
    assert_eq!(sweep(&s.objects[2].shape).spheres.len(), 4);
}

#[test]
fn too_few_spheres_or_no_kind_are_refused_where_they_are() {
    for (text, says) in [
        (
            "sphere_sweep {\n 1, <0,0,0>, 1 }",
            "linear_spline, b_spline or cubic_spline",
        ),
        (
            "sphere_sweep {\n linear_spline 1, <0,0,0>, 1 }",
            "too few spheres",
        ),
        ("sphere_sweep {\n b_spline 3, 0, 1, x, 1, y, 1 }", "at least 4"),
        (
            "sphere_sweep {\n cubic_spline 3, 0, 1, x, 1, y, 1 }",
            "at least 4",
        ),
    ] {
        let e = error(text);
        assert!(e.message().contains(says), "{text}: {e}");
        assert!(e.location().is_some_and(|l| l.line >= 2), "{text}: {e}");
    }
}

#[test]
fn spheres_and_tolerance_must_be_finite() {
    for text in [
        "#declare Big = 1e300;\nsphere_sweep { linear_spline 2, 0, Big*Big, x, 1 }",
        "#declare Big = 1e300;\nsphere_sweep { linear_spline 2, 0, 1, x*Big*Big, 1 }",
        "#declare Big = 1e300;\nsphere_sweep { linear_spline 2, 0, 1, x, 1 tolerance Big*Big }",
    ] {
        let e = error(text);
        assert!(e.message().contains("finite"), "{text}: {e}");
        assert_eq!(e.location().map(|l| l.line), Some(2), "{text}: {e}");
    }
}

#[test]
fn a_negative_radius_is_kept_with_a_warning() {
    let (s, warnings) = parse("sphere_sweep { linear_spline 2, 0, -1, x, 1 }").expect("parses");
    assert_eq!(sweep(&s.objects[0].shape).spheres[0].1, -1.0);
    assert!(
        warnings.iter().any(|w| w.to_string().contains("negative radius")),
        "{warnings:?}"
    );
}

#[test]
fn a_huge_sphere_count_hits_the_object_limit() {
    let e = super::support::error_with_object_limit("sphere_sweep { linear_spline 1e9, 0, 1, x, 1 }", 100);
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    assert!(e.location().is_some(), "{e}");
}
