//! POV-Ray 3.7's built-in functions, `internal(0)` to `internal(78)`, which the standard
//! include file `functions.inc` names `f_algbr_cyl1` to `f_noise_generator`. Each takes
//! x, y, z and then its own parameters; the formulas, parameter orders and constants are
//! POV-Ray's (source/backend/vm/fnintern.cpp), quirks included, so that scenes shaped
//! with them in POV-Ray come out the same here.

mod algebraic;
mod fractal;
mod shapes;

use std::f64::consts::PI;
use std::fmt;

/// One built-in: `f(x, y, z, params)`.
pub struct Builtin {
    pub name: &'static str,
    /// How many parameters it takes after x, y and z.
    pub params: usize,
    f: fn(f64, f64, f64, &[f64]) -> f64,
}

impl fmt::Debug for Builtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl Builtin {
    pub const COUNT: usize = BUILTINS.len();

    /// `internal(v)`: POV-Ray truncates the number.
    pub fn numbered(v: f64) -> Option<&'static Builtin> {
        (v >= 0.0 && v < Self::COUNT as f64).then(|| &BUILTINS[v as usize])
    }

    /// The value at `args`: x, y, z, then the built-in's parameters (the caller checks
    /// there are that many).
    pub fn eval(&self, args: &[f64]) -> f64 {
        (self.f)(args[0], args[1], args[2], &args[3..])
    }
}

const fn builtin(name: &'static str, params: usize, f: fn(f64, f64, f64, &[f64]) -> f64) -> Builtin {
    Builtin { name, params, f }
}

/// In POV-Ray's numbering; the parameter counts are its own table's.
static BUILTINS: [Builtin; 79] = {
    use algebraic::*;
    use fractal::*;
    use shapes::*;
    [
        builtin("f_algbr_cyl1", 5, algbr_cyl1),
        builtin("f_algbr_cyl2", 5, algbr_cyl2),
        builtin("f_algbr_cyl3", 5, algbr_cyl3),
        builtin("f_algbr_cyl4", 5, algbr_cyl4),
        builtin("f_bicorn", 2, bicorn),
        builtin("f_bifolia", 2, bifolia),
        builtin("f_blob", 5, blob),
        builtin("f_blob2", 4, blob2),
        builtin("f_boy_surface", 2, boy_surface),
        builtin("f_comma", 1, comma),
        builtin("f_cross_ellipsoids", 4, cross_ellipsoids),
        builtin("f_crossed_trough", 1, crossed_trough),
        builtin("f_cubic_saddle", 1, cubic_saddle),
        builtin("f_cushion", 1, cushion),
        builtin("f_devils_curve", 1, devils_curve),
        builtin("f_devils_curve_2d", 6, devils_curve_2d),
        builtin("f_dupin_cyclid", 6, dupin_cyclid),
        builtin("f_ellipsoid", 3, ellipsoid),
        builtin("f_enneper", 1, enneper),
        builtin("f_flange_cover", 4, flange_cover),
        builtin("f_folium_surface", 3, folium_surface),
        builtin("f_folium_surface_2d", 6, folium_surface_2d),
        builtin("f_glob", 1, glob),
        builtin("f_heart", 1, heart),
        builtin("f_helical_torus", 10, helical_torus),
        builtin("f_helix1", 7, helix1),
        builtin("f_helix2", 7, helix2),
        builtin("f_hex_x", 1, hex_x),
        builtin("f_hex_y", 1, hex_y),
        builtin("f_hetero_mf", 6, hetero_mf),
        builtin("f_hunt_surface", 1, hunt_surface),
        builtin("f_hyperbolic_torus", 3, hyperbolic_torus),
        builtin("f_isect_ellipsoids", 4, isect_ellipsoids),
        builtin("f_kampyle_of_eudoxus", 3, kampyle_of_eudoxus),
        builtin("f_kampyle_of_eudoxus_2d", 6, kampyle_of_eudoxus_2d),
        builtin("f_klein_bottle", 1, klein_bottle),
        builtin("f_kummer_surface_v1", 1, kummer_surface_v1),
        builtin("f_kummer_surface_v2", 4, kummer_surface_v2),
        builtin("f_lemniscate_of_gerono", 1, lemniscate_of_gerono),
        builtin("f_lemniscate_of_gerono_2d", 6, lemniscate_of_gerono_2d),
        builtin("f_mesh1", 5, mesh1),
        builtin("f_mitre", 1, mitre),
        builtin("f_nodal_cubic", 1, nodal_cubic),
        builtin("f_odd", 1, cushion),
        builtin("f_ovals_of_cassini", 4, ovals_of_cassini),
        builtin("f_paraboloid", 1, paraboloid),
        builtin("f_parabolic_torus", 3, parabolic_torus),
        builtin("f_ph", 0, ph),
        builtin("f_pillow", 1, pillow),
        builtin("f_piriform", 1, piriform),
        builtin("f_piriform_2d", 7, piriform_2d),
        builtin("f_poly4", 5, poly4),
        builtin("f_polytubes", 6, polytubes),
        builtin("f_quantum", 1, quantum),
        builtin("f_quartic_paraboloid", 1, quartic_paraboloid),
        builtin("f_quartic_saddle", 1, quartic_saddle),
        builtin("f_quartic_cylinder", 3, quartic_cylinder),
        builtin("f_r", 0, r),
        builtin("f_ridge", 6, ridge),
        builtin("f_ridged_mf", 6, ridged_mf),
        builtin("f_rounded_box", 4, rounded_box),
        builtin("f_sphere", 1, sphere),
        builtin("f_spikes", 5, spikes),
        builtin("f_spikes_2d", 4, spikes_2d),
        builtin("f_spiral", 6, spiral),
        builtin("f_steiners_roman", 1, steiners_roman),
        builtin("f_strophoid", 4, strophoid),
        builtin("f_strophoid_2d", 7, strophoid_2d),
        builtin("f_superellipsoid", 2, superellipsoid),
        builtin("f_th", 0, th),
        builtin("f_torus", 2, torus),
        builtin("f_torus2", 3, torus2),
        builtin("f_torus_gumdrop", 1, torus_gumdrop),
        builtin("f_umbrella", 1, umbrella),
        builtin("f_witch_of_agnesi", 2, witch_of_agnesi),
        builtin("f_witch_of_agnesi_2d", 6, witch_of_agnesi_2d),
        builtin("f_noise3d", 0, noise3d),
        // What POV-Ray's pattern functions run on; written by hand it has no pattern to
        // evaluate, and POV-Ray gives 0.
        builtin("f_pattern", 0, |_, _, _, _| 0.0),
        builtin("f_noise_generator", 1, noise_generator),
    ]
};

/// C++'s `std::min`, as POV-Ray uses it: `a` unless `b` is smaller, so a NaN `b` loses
/// and a NaN `a` wins (unlike `f64::min`), which decides what a NaN field becomes.
fn cmin(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// C++'s `std::max`, as POV-Ray uses it (see [`cmin`]).
fn cmax(a: f64, b: f64) -> f64 {
    if a < b {
        b
    } else {
        a
    }
}

/// `value` kept within ±`limit` the way POV-Ray's surfaces keep their fields: a NaN
/// value gives `limit`.
fn clamp_field(value: f64, limit: f64) -> f64 {
    cmin(limit, cmax(value, -limit))
}

/// C's `(int)v` as POV-Ray's x86-64 builds compute it: truncation, and `i32::MIN` (the
/// processor's "integer indefinite") for NaN or anything outside `i32`.
fn c_int(v: f64) -> i32 {
    if v > -2_147_483_649.0 && v < 2_147_483_648.0 {
        v as i32
    } else {
        i32::MIN
    }
}

/// The "surface of revolution" option of the `_2d` curves: when `switch` is positive the
/// curve, drawn in x-y, is swept around the y axis at distance `offset` and turned by
/// `angle` degrees. Returns the point's (x, y) in the curve's plane.
fn revolve(x: f64, y: f64, z: f64, switch: f64, offset: f64, angle: f64) -> (f64, f64) {
    if switch <= 0.0 || switch.is_nan() {
        return (x, y);
    }
    let radial = (x * x + z * z).sqrt() - offset;
    let th = angle * (PI / 180.0);
    if th == 0.0 {
        (radial, y)
    } else {
        (radial * th.cos() - y * th.sin(), radial * th.sin() + y * th.cos())
    }
}

/// The largest number of octaves (or tubes) a built-in evaluates: POV-Ray's loops run as
/// many as asked, so a hostile count would take minutes per point there.
const MAX_LOOPS: i32 = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_povray_order() {
        assert_eq!(Builtin::COUNT, 79);
        assert_eq!(BUILTINS[0].name, "f_algbr_cyl1");
        assert_eq!(BUILTINS[61].name, "f_sphere");
        assert_eq!(BUILTINS[78].name, "f_noise_generator");
        assert_eq!(Builtin::numbered(61.9).map(|b| b.name), Some("f_sphere"));
        assert!(Builtin::numbered(79.0).is_none());
        assert!(Builtin::numbered(f64::NAN).is_none());
    }

    #[test]
    fn nan_fields_clamp_as_in_povray() {
        assert_eq!(clamp_field(f64::NAN, 10.0), 10.0);
        assert_eq!(clamp_field(-1e300, 10.0), -10.0);
        assert_eq!(c_int(-2.7), -2);
        assert_eq!(c_int(1e30), i32::MIN);
        assert_eq!(c_int(f64::NAN), i32::MIN);
    }
}
