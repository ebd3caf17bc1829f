//! `mesh_camera` against POV-Ray 3.7.0: rays from face centres averaged over two
//! meshes (distribution 0), two side-by-side meshes (distribution 2), and a smooth
//! uv-mapped lens with a ray length limit (distribution 3). At 64x48 without
//! antialiasing every pixel of each matches POV-Ray's within 1/65535.

use super::povray_probes::assert_matches_povray;

/// A 64x48-face pinhole: each face a tiny triangle facing its pixel's direction.
const TWO_MESHES: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
#macro Grid(W, H, Angle, Shift)
mesh {
  #local R = 0;
  #while (R < H)
    #local C = 0;
    #while (C < W)
      #local D = vnormalize(<(C + 0.5 - W/2) / W * Angle, (H/2 - R - 0.5) / W * Angle, 1>);
      #local A = vnormalize(vcross(y, D));
      #local B = vcross(D, A);
      #local P = D * 0.1 + Shift;
      triangle { P, P + B * 0.001, P + A * 0.001 }
      #local C = C + 1;
    #end
    #local R = R + 1;
  #end
}
#end
#declare M1 = Grid(64, 48, 1.2, 0)
camera {
  mesh_camera { 2 0 mesh { M1 } mesh { M1 translate <0.02, 0.01, 0> } }
  location <0, 0, 0.05>
}
plane { y, -1 pigment { checker rgb 1 rgb <0.2, 0.3, 0.8> } }
sphere { <0, 0, 4>, 1 pigment { rgb <1, 0.4, 0.2> } finish { phong 0.6 } }
box { <1, -1, 3>, <2, 0.5, 4> rotate y * 30 pigment { rgb <0.3, 0.9, 0.4> } }
light_source { <-5, 8, -3> rgb 1 }
background { rgb <0.5, 0.6, 0.9> }
"#;

const STEREO: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
#macro Grid(W, H, Angle, Shift)
mesh {
  #local R = 0;
  #while (R < H)
    #local C = 0;
    #while (C < W)
      #local D = vnormalize(<(C + 0.5 - W/2) / W * Angle, (H/2 - R - 0.5) / W * Angle, 1>);
      #local A = vnormalize(vcross(y, D));
      #local B = vcross(D, A);
      #local P = D * 0.1 + Shift;
      triangle { P, P + B * 0.001, P + A * 0.001 }
      #local C = C + 1;
    #end
    #local R = R + 1;
  #end
}
#end
#declare L = Grid(32, 48, 1.2, -0.3 * x)
#declare R = Grid(32, 48, 1.2, 0.3 * x)
camera {
  mesh_camera { 1 2 mesh { L } mesh { R } }
}
plane { y, -1 pigment { checker rgb 1 rgb <0.2, 0.3, 0.8> } }
sphere { <0, 0, 4>, 1 pigment { rgb <1, 0.4, 0.2> } finish { phong 0.6 } }
light_source { <-5, 8, -3> rgb 1 }
background { rgb <0.5, 0.6, 0.9> }
"#;

const SMOOTH_LENS: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
#macro V(X, Y) <X, Y, 0>, vnormalize(<X * 0.4, Y * 0.4, 1>) #end
#declare Lens = mesh {
  smooth_triangle { V(-1, -0.75), V(1, -0.75), V(1, 0.75) uv_vectors <0, 0>, <1, 0>, <1, 1> }
  smooth_triangle { V(-1, -0.75), V(1, 0.75), V(-1, 0.75) uv_vectors <0, 0>, <1, 1>, <0, 1> }
}
camera {
  mesh_camera { 1 3 7 mesh { Lens rotate y * 10 } smooth }
  location <0, 0, 0.5>
}
plane { y, -1 pigment { checker rgb 1 rgb <0.2, 0.3, 0.8> } }
plane { -z, -10 pigment { rgb <0.9, 0.8, 0.2> } }
sphere { <0, 0, 4>, 1 pigment { rgb <1, 0.4, 0.2> } finish { phong 0.6 } }
light_source { <-5, 8, -3> rgb 1 }
background { rgb <0.5, 0.6, 0.9> }
"#;

/// Distribution 0, 2 rays per pixel, the second mesh moved, the origins moved off the
/// faces by `location`: the sky, the sphere, its shadow and the floor.
#[test]
fn two_meshes_average_their_rays() {
    assert_matches_povray(
        TWO_MESHES,
        64,
        48,
        &[(0, 0), (32, 30), (20, 26), (45, 30), (40, 44), (63, 47)],
        &[
            [48192, 52280, 62565],
            [35606, 23162, 16448],
            [46658, 30707, 22100],
            [44181, 44181, 44181],
            [23966, 29040, 45520],
            [49847, 49847, 49847],
        ],
    );
}

/// Distribution 2: the left half from the first mesh, the right half from the second
/// (its faces found as POV-Ray finds them, by the column across the whole image).
#[test]
fn side_by_side_meshes_share_the_image() {
    assert_matches_povray(
        STEREO,
        64,
        48,
        &[(8, 20), (16, 24), (40, 20), (48, 24), (60, 40), (30, 0)],
        &[
            [48192, 52280, 62565],
            [48388, 31888, 22986],
            [54607, 36133, 26165],
            [36597, 23839, 16955],
            [24124, 29227, 45801],
            [48192, 52280, 62565],
        ],
    );
}

/// Distribution 3 with `smooth`: rays from the lens's (u, v) along its interpolated
/// normals; the wall 10 units away lies beyond the 7-unit limit, so the sky shows where
/// it would be.
#[test]
fn smooth_uv_lens_with_a_ray_limit() {
    assert_matches_povray(
        SMOOTH_LENS,
        64,
        48,
        &[(32, 24), (20, 20), (5, 40), (60, 10), (32, 2), (50, 30)],
        &[
            [32081, 20756, 14645],
            [61024, 47804, 42149],
            [24506, 29680, 46483],
            [48192, 52280, 62565],
            [48192, 52280, 62565],
            [48192, 52280, 62565],
        ],
    );
}
