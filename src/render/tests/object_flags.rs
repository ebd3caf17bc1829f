//! Object flags a CSG object hands to its parts, against POV-Ray 3.7.0: a `no_image`
//! union (a sphere, and a box standing on the floor, which camera rays pass as if it
//! were not there, floor included) still casts its shadows; a `no_shadow` union of
//! two spheres casts none.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,1,-5> look_at <0,0.5,0> angle 50 }
light_source { <-3,6,-6> color rgb 1 }
union { sphere { <-0.8,0.5,-1>, 0.6 } box { <0.3,0,-1.5>, <1.2,1,-0.8> } pigment { rgb <1,1,0.5> } no_image }
union { sphere { <-1,1.8,1>, 0.3 } sphere { <1,1.8,1>, 0.3 } pigment { rgb 1 } no_shadow }
sphere { <0,0.6,1>, 0.8 pigment { rgb <0.9,0.3,0.2> } }
plane { y, 0 pigment { rgb 0.6 } }
"#;

/// The two small spheres, the red sphere, the floor in the hidden union's shadows
/// and under its box, the floor in the open, and where the small spheres would
/// shade the red one.
const PROBES: [(u32, u32); 8] = [
    (18, 6),
    (43, 6),
    (32, 20),
    (20, 33),
    (44, 33),
    (50, 40),
    (10, 44),
    (32, 28),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG;
/// over the whole image no channel differs by more than 1/65535.
const POVRAY: [[u32; 3]; 8] = [
    [54946, 54946, 54946],
    [54309, 54309, 54309],
    [49053, 29712, 24533],
    [17806, 17806, 17806],
    [17806, 17806, 17806],
    [39808, 39808, 39808],
    [41445, 41445, 41445],
    [28537, 16731, 13570],
];

#[test]
fn csg_objects_hand_their_flags_to_their_parts() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}
