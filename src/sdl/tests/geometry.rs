//! `trace`, `inside`, `min_extent` and `max_extent`. The expected values are POV-Ray
//! 3.7.0's, printed with `#debug` from the same expressions.

use glam::DVec3;

use super::support::{error, scene, sphere_centres};
use crate::scene::Shape;

/// The centres of the scene's spheres: each test writes its answers as sphere centres.
fn centres(text: &str) -> Vec<DVec3> {
    sphere_centres(&scene(text))
}

fn close(a: DVec3, b: DVec3) -> bool {
    (a - b).abs().max_element() < 1e-4
}

#[test]
fn trace_finds_the_nearest_surface_and_its_normal() {
    let c = centres(
        "#declare O = union { sphere { 0, 1 } box { <2, -1, -1>, <3, 1, 1> } translate y }\n\
         #declare N = <9, 9, 9>;\n\
         sphere { trace(O, <0, 5, 0>, -y, N), 1 } sphere { N, 1 }\n\
         sphere { trace(O, <2.5, 5, 0>, <0, -3, 0>, N), 1 } sphere { N, 1 }\n\
         sphere { trace(O, <9, 5, 0>, -y, N), 1 } sphere { N, 1 }\n\
         #declare D = difference { box { -1, 1 } sphere { 0, 1.2 } }\n\
         sphere { trace(D, <0.9, 0.9, -5>, z), 1 }",
    );
    let want = [
        DVec3::new(0.0, 2.0, 0.0),
        DVec3::Y,
        DVec3::new(2.5, 2.0, 0.0),
        DVec3::Y,
        // A miss: the origin, and a zero normal.
        DVec3::ZERO,
        DVec3::ZERO,
        DVec3::new(0.9, 0.9, -1.0),
    ];
    assert_eq!(c.len(), want.len());
    for (got, want) in c.iter().zip(want) {
        assert!(close(*got, want), "{got} != {want}");
    }
}

#[test]
fn extents_are_the_bounding_boxes_povray_reports() {
    let c = centres(
        "#declare O = union { sphere { 0, 1 } box { <2, -1, -1>, <3, 1, 1> } translate y }\n\
         #declare R = sphere { 0, 1 scale <1, 2, 3> rotate 45 * y }\n\
         #declare I = intersection { box { -1, 1 } sphere { <1, 0, 0>, 0.5 } }\n\
         #declare P = plane { y, 0 }\n\
         #for (K, 0, 3)\n\
           #switch (K) #case (0) #local X = O; #break #case (1) #local X = R; #break\n\
           #case (2) #local X = I; #break #else #local X = P; #end\n\
           sphere { min_extent(X), 1 } sphere { max_extent(X), 1 }\n\
         #end",
    );
    let want = [
        (DVec3::new(-1.0, 0.0, -1.0), DVec3::new(3.0, 2.0, 1.0)),
        (
            DVec3::new(-2.8284, -2.0, -2.8284),
            DVec3::new(2.8284, 2.0, 2.8284),
        ),
        (DVec3::new(0.5, -0.5, -0.5), DVec3::new(1.0, 0.5, 0.5)),
        (DVec3::splat(-1e10), DVec3::splat(1e10)),
    ];
    for (k, (min, max)) in want.iter().enumerate() {
        assert!(close(c[2 * k], *min), "{k}: min {} != {min}", c[2 * k]);
        assert!(close(c[2 * k + 1], *max), "{k}: max {} != {max}", c[2 * k + 1]);
    }
}

#[test]
fn inside_tests_a_point_against_the_object() {
    let c = centres(
        "#declare O = union { sphere { 0, 1 } box { <2, -1, -1>, <3, 1, 1> } translate y }\n\
         #declare P = plane { y, 0 }\n\
         sphere { <inside(O, <0, 1, 0>), inside(O, <0, 3, 0>), inside(P, <0, -3, 0>)>, 1 }",
    );
    assert_eq!(c, [DVec3::new(1.0, 0.0, 1.0)]);
}

#[test]
fn trace_in_a_loop_compiles_the_object_once() {
    // A mesh of 20,000 triangles traced 20,000 times: compiling it per call would take
    // minutes; the cache keeps this to a moment.
    let s = scene(
        "#declare M = mesh {\n\
           #for (I, 0, 9999)\n\
             triangle { <I, 0, 0>, <I + 1, 0, 0>, <I, 0, 1> }\n\
             triangle { <I + 1, 0, 0>, <I + 1, 0, 1>, <I, 0, 1> }\n\
           #end\n\
         }\n\
         #declare Hits = 0;\n\
         #for (I, 0, 19999)\n\
           #declare Hits = Hits + (trace(M, <I / 2 + 0.25, 1, 0.1>, -y).y = 0 ? 1 : 0);\n\
         #end\n\
         sphere { 0, Hits }",
    );
    assert!(matches!(s.objects[0].shape, Shape::Sphere { radius, .. } if radius == 20000.0));
}

#[test]
fn geometry_misuse_gets_clear_errors() {
    let cases = [
        ("#declare V = <1, 2, 3>;\n#declare P = trace(V, 0, y);", "needs an object identifier, found vector"),
        ("#declare P = trace(Nothing, 0, y);", "unknown identifier `Nothing`"),
        ("#declare S = sphere { 0, 1 }\n#declare P = trace(S, 0, <0, 0, 0>);", "direction that is not zero"),
        (
            "#declare S = sphere { 0, 1 }\n#declare T = texture { pigment { rgb 1 } }\n#declare P = trace(S, -5 * y, y, T);",
            "stores the normal in a vector identifier",
        ),
        ("#declare S = sphere { 0, 1 }\n#declare P = min_extent(sphere { 0, 1 });", "object identifier"),
        ("#declare S = sphere { 0, 1 }\n#declare P = inside(S, 0, 1);", "`)` to close `inside(...)`"),
    ];
    for (text, want) in cases {
        let e = error(&format!("{text}\nsphere {{ 0, 1 }}"));
        assert!(e.to_string().contains(want), "{text}:\n{e}");
        assert!(e.location().is_some(), "{e}");
    }
}
