//! Emission and ambient as POV-Ray 3.7.0 adds them: emission is a share of the
//! pigment's colour; with radiosity on, ambient counts only in scenes of an older
//! language version; and radiosity's gather rays do not see media.

use super::povray_probes::assert_matches_povray;

const EMISSION: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -4> look_at 0 }
sphere { <-1, 0, 0>, 0.8 pigment { rgb <0.5, 0.25, 1> } finish { emission 0.8 ambient 0 diffuse 0 } }
sphere { <1, 0, 0>, 0.8 pigment { rgbf <0.5, 0.5, 0.5, 0.5> } finish { emission 1 ambient 0 diffuse 0 } }
background { rgb <0, 0.2, 0> }
"#;

const LEGACY_AMBIENT: &str = r#"
#version 3.6;
global_settings { assumed_gamma 1.0 ambient_light 1 radiosity { count 20 } }
camera { location <0, 0, -4> look_at 0 }
sphere { 0, 1 pigment { rgb <0.8, 0.4, 0.2> } finish { ambient 0.5 diffuse 0 } }
"#;

const AMBIENT_UNDER_RADIOSITY: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 ambient_light 1 radiosity { count 20 } }
camera { location <0, 0, -4> look_at 0 }
sphere { 0, 1 pigment { rgb <0.8, 0.4, 0.2> } finish { ambient 0.5 diffuse 0 } }
"#;

const EMITTING_MEDIA: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 radiosity { count 20 recursion_limit 1 } }
camera { location <0, 2, -5> look_at 0 }
plane { y, -1 pigment { rgb 1 } finish { ambient 0 diffuse 1 } }
sphere { 0, 1 pigment { rgbt 1 } finish { ambient 0 diffuse 0 } interior { media { emission 2 } } hollow no_shadow }
"#;

/// A coloured emitting sphere, a filtering one (its emission dimmed by its opacity) and
/// the background.
#[test]
fn emission_is_a_share_of_the_pigment() {
    assert_matches_povray(
        EMISSION,
        64,
        48,
        &[(20, 24), (44, 24), (2, 2)],
        &[[43593, 31754, 59396], [38980, 39681, 38980], [0, 31754, 0]],
    );
}

/// `#version 3.6`: the sphere's ambient still shows with radiosity on.
#[test]
fn a_3_6_scene_keeps_ambient_under_radiosity() {
    assert_matches_povray(
        LEGACY_AMBIENT,
        64,
        48,
        &[(32, 24), (2, 2)],
        &[[43593, 31754, 22884], [0, 0, 0]],
    );
}

/// The same scene under `#version 3.7`: black.
#[test]
fn a_3_7_scene_drops_ambient_under_radiosity() {
    assert_matches_povray(AMBIENT_UNDER_RADIOSITY, 64, 48, &[(32, 24)], &[[0, 0, 0]]);
}

/// An emitting medium lights nothing through radiosity (POV-Ray's `media off` default):
/// the floor stays black while the medium shows.
#[test]
fn gather_rays_do_not_see_media() {
    assert_matches_povray(
        EMITTING_MEDIA,
        64,
        48,
        &[(32, 24), (32, 44), (10, 40)],
        &[[65535, 65535, 65535], [0, 0, 0], [0, 0, 0]],
    );
}
