//! The algebraic surfaces: a polynomial in x, y, z whose zero set is the surface, scaled by
//! the field strength `p[0]` and clamped to ±10 (POV-Ray's fixed limit) so that an
//! isosurface's gradient stays bounded far from it. The `_2d` ones are plane curves that
//! can be swept into surfaces of revolution (their last three parameters).
//!
//! The sums are written in POV-Ray's order of operations, so the values agree to the last
//! bit or so; reordering would be free mathematically but not in rounding.

use super::{clamp_field, cmax, cmin, revolve};

/// Field strength times `r`, within POV-Ray's ±10.
fn field(strength: f64, r: f64) -> f64 {
    clamp_field(strength * r, 10.0)
}

fn squares(x: f64, y: f64, z: f64) -> (f64, f64, f64) {
    (x * x, y * y, z * z)
}

/// The algebraic cylinders' parameters: strength, limit, then revolution (switch, offset,
/// angle).
fn cylinder_field(p: &[f64], r: f64) -> f64 {
    cmin(p[1], cmax(p[0] * r, -p[1]))
}

pub fn algbr_cyl1(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[2], p[3], p[4]);
    let (x2, y2) = (x * x, y * y);
    // POV-Ray negates this one's field, unlike the other three.
    -cylinder_field(p, -(x2 * x.abs() - x2 + y2))
}

pub fn algbr_cyl2(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[2], p[3], p[4]);
    let (x2, y2) = (x * x, y * y);
    cylinder_field(p, -(2.0 * x2 * x2 - 3.0 * x2 * y + y2 - 2.0 * y2 * y + y2 * y2))
}

pub fn algbr_cyl3(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[2], p[3], p[4]);
    let (x2, y2) = (x * x, y * y);
    cylinder_field(p, -(x2 * x2 + x2 * y2 - 2.0 * x2 * y - x * y2 + y2))
}

pub fn algbr_cyl4(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[2], p[3], p[4]);
    let (x2, y2) = (x * x, y * y);
    cylinder_field(p, -(x2 * x2 + y2 * y2 + 2.0 * x2 * y2 + 3.0 * x2 * y - y2 * y))
}

pub fn bicorn(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let a2 = p[1] * p[1];
    let t = x2 + z2 + 2.0 * p[1] * y - a2;
    field(p[0], y2 * (a2 - (x2 + z2)) - t * t)
}

pub fn bifolia(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, z2) = (x * x, z * z);
    let s = x2 + y * y + z2;
    field(p[0], -(s * s - p[1] * (x2 + z2) * y))
}

pub fn boy_surface(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let w = 1.0 - z;
    let rho2 = x2 + y2;
    let sqrt2 = 2f64.sqrt();
    let r = p[1]
        * (64.0 * w * w * w * z2 * z - 48.0 * w * w * z2 * (3.0 * x2 + 3.0 * y2 + 2.0 * z2)
            + 12.0
                * w
                * z
                * (27.0 * rho2 * rho2 - 24.0 * z2 * rho2
                    + 36.0 * sqrt2 * y * z * (y2 - 3.0 * x2)
                    + 4.0 * z2 * z2)
            + (9.0 * x2 + 9.0 * y2 - 2.0 * z2)
                * (-81.0 * rho2 * rho2 - 72.0 * z2 * rho2
                    + 108.0 * sqrt2 * x * z * (x2 - 3.0 * y2)
                    + 4.0 * z2 * z2));
    field(p[0], r)
}

pub fn crossed_trough(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    field(p[0], x * x * z * z - y)
}

pub fn cubic_saddle(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    field(p[0], -(x * x * x - y * y * y - z))
}

/// Also `f_odd`: POV-Ray's two are the same polynomial.
pub fn cushion(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let r = z2 * x2 - z2 * z2 - 2.0 * z * x2 + 2.0 * z2 * z + x2
        - z2
        - (x2 - z) * (x2 - z)
        - y2 * y2
        - 2.0 * x2 * y2
        - y2 * z2
        + 2.0 * y2 * z
        + y2;
    field(p[0], r)
}

pub fn devils_curve(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    field(
        p[0],
        -(x2 * x2 + 2.0 * x2 * z2 - 0.36 * x2 - y2 * y2 + 0.25 * y2 + z2 * z2),
    )
}

pub fn devils_curve_2d(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[3], p[4], p[5]);
    let (x2, y2) = (x * x, y * y);
    field(p[0], -(x2 * (x2 - p[1] * p[1]) - y2 * (y2 - p[2] * p[2])))
}

/// Parameters: strength, major radius, minor radius, x and y displacement, radius of
/// inversion.
pub fn dupin_cyclid(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let (major, minor, dx, dy, inv) = (p[1], p[2], p[3], p[4], p[5]);
    let k2 = inv * inv;
    let m2 = minor * minor;
    let dy2 = dy * dy;
    let c1 = m2 - dy2 - (dx + major) * (dx + major);
    let c2 = m2 - dy2 - (dx - major) * (dx - major);
    let dx2 = dx * dx;
    let a2 = major * major;
    let r = -(c1 * c2 * (x2 * x2 + y2 * y2 + z2 * z2)
        + 2.0 * (c1 * c2 * (x2 * y2 + x2 * z2 + y2 * z2))
        + 2.0
            * k2
            * ((-dy2 - dx2 + m2 + a2) * (2.0 * x * dx + 2.0 * y * dy - k2) - 4.0 * dy * m2 * y)
            * (x2 + y2 + z2)
        + 4.0 * k2 * k2 * (dx * x + dy * y) * (-k2 + dy * y + dx * x)
        + 4.0 * k2 * k2 * a2 * y2
        + k2 * k2 * k2 * k2);
    field(p[0], r)
}

pub fn enneper(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    // POV-Ray keeps z away from 0 in the divisions only, and writes the constants 2/3,
    // 1/4, 8/9 and 2/9 in integer arithmetic, so those terms are zero. The products by
    // zero stay because an infinite input makes them NaN there too.
    let zd = if z.abs() < 0.2 { 0.2 } else { z };
    let a = (y2 - x2) / (2.0 * zd) + 2.0 * z2 / 9.0;
    let b = (y2 - x2) / (4.0 * zd) - 0.0 * (x2 + y2 + 0.0 * z2);
    field(p[0], -(a * a * a - 6.0 * b * b))
}

pub fn folium_surface(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    field(
        p[0],
        (y2 + z2) * (1.0 + (p[2] - 4.0 * p[1]) * x) + x2 * (1.0 + p[2]),
    )
}

pub fn folium_surface_2d(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[3], p[4], p[5]);
    let (x2, y2) = (x * x, y * y);
    // The 3D surface's field is not negated; POV-Ray negates this one.
    field(p[0], -(y2 * (1.0 + (p[2] - 4.0 * p[1]) * x) + x2 * (1.0 + p[2])))
}

pub fn glob(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let x2 = x * x;
    field(p[0], 0.5 * x2 * x2 * x + 0.5 * x2 * x2 - (y * y + z * z))
}

pub fn heart(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let s = 2.0 * x2 + y2 + z2 - 1.0;
    field(p[0], -(s * s * s - 0.1 * x2 * z2 * z - y2 * z2 * z))
}

pub fn hunt_surface(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let a = x2 + y2 + z2 - 13.0;
    let b = 3.0 * x2 + y2 - 4.0 * z2 - 12.0;
    field(p[0], -(4.0 * a * a * a + 27.0 * b * b))
}

pub fn hyperbolic_torus(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let (a2, b2) = (p[1] * p[1], p[2] * p[2]);
    let r = -(x2 * x2 + 2.0 * x2 * y2 - 2.0 * x2 * z2 - 2.0 * (a2 + b2) * x2 + y2 * y2 - 2.0 * y2 * z2
        + 2.0 * (a2 - b2) * y2
        + z2 * z2
        + 2.0 * (a2 + b2) * z2
        + (a2 - b2) * (a2 - b2));
    field(p[0], r)
}

pub fn kampyle_of_eudoxus(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let x2 = x * x;
    field(
        p[0],
        -((y * y + z * z) - p[2] * p[2] * x2 * x2 + p[2] * p[2] * p[1] * p[1] * x2),
    )
}

pub fn kampyle_of_eudoxus_2d(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[3], p[4], p[5]);
    let (x2, y2) = (x * x, y * y);
    // p[1] * p[2] where the 3D surface has p[1] * p[1]: POV-Ray's formula, matched.
    field(
        p[0],
        -(y2 - p[2] * p[2] * x2 * x2 + p[2] * p[2] * p[1] * p[2] * x2),
    )
}

pub fn klein_bottle(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let s = x2 + y2 + z2;
    let up = s + 2.0 * y - 1.0;
    let down = s - 2.0 * y - 1.0;
    field(p[0], -(up * (down * down - 8.0 * z2) + 16.0 * x * z * down))
}

pub fn kummer_surface_v1(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    field(
        p[0],
        -(x2 * x2 + y2 * y2 + z2 * z2 - x2 - y2 - z2 - x2 * y2 - x2 * z2 - y2 * z2 + 1.0),
    )
}

pub fn kummer_surface_v2(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let r = -(x2 * x2
        + y2 * y2
        + z2 * z2
        + p[1] * (x2 + y2 + z2)
        + p[2] * (x2 * y2 + x2 * z2 + y2 * z2)
        + p[3] * x * y * z
        - 1.0);
    field(p[0], r)
}

pub fn lemniscate_of_gerono(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    field(p[0], -(x2 * x2 - x2 + y2 + z2))
}

pub fn lemniscate_of_gerono_2d(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[3], p[4], p[5]);
    let (x2, y2) = (x * x, y * y);
    field(
        p[0],
        -(y2 - p[2] * p[2] * p[1] * p[1] * x2 + p[2] * p[2] * x2 * x2),
    )
}

pub fn mitre(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    field(p[0], -(4.0 * x2 * (x2 + y2 + z2) - y2 * (1.0 - y2 - z2)))
}

pub fn nodal_cubic(_x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    field(p[0], -(y * y * y + z * z * z - 6.0 * y * z))
}

/// Parameters: strength, major radius, filling, thickness.
pub fn ovals_of_cassini(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let s = x2 + y2 + z2 + p[1] * p[1];
    field(p[0], -(s * s - p[3] * p[1] * p[1] * (x2 + z2) - p[2] * p[2]))
}

pub fn paraboloid(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    field(p[0], -(x * x - y + z * z))
}

pub fn parabolic_torus(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let (a2, b2) = (p[1] * p[1], p[2] * p[2]);
    let r = -(x2 * x2 + 2.0 * x2 * y2 - 2.0 * x2 * z - (a2 + b2) * x2 + y2 * y2 - 2.0 * y2 * z
        + (a2 - b2) * y2
        + z2
        + (a2 + b2) * z
        + (a2 - b2) * (a2 - b2));
    field(p[0], r)
}

pub fn pillow(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    field(p[0], x2 * x2 + y2 * y2 + z2 * z2 - (x2 + y2 + z2))
}

pub fn piriform(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let x2 = x * x;
    // Negated after clamping, unlike the others: POV-Ray's formula.
    -field(p[0], -((x2 * x2 - x2 * x) + y * y + z * z))
}

/// Parameters: strength, two size factors, fatness, then revolution.
pub fn piriform_2d(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[4], p[5], p[6]);
    let x2 = x * x;
    field(
        p[0],
        -(y * y - p[1] * p[3] * p[3] * x2 * x - p[2] * p[3] * p[3] * x2 * x2),
    )
}

pub fn quartic_paraboloid(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, z2) = (x * x, z * z);
    field(p[0], -(x2 * x2 + z2 * z2 - y))
}

pub fn quartic_saddle(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, z2) = (x * x, z * z);
    field(p[0], -(x2 * x2 - z2 * z2 - y))
}

pub fn quartic_cylinder(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let rho2 = x * x + z * z;
    let w2 = p[2] * p[2];
    field(p[0], -(rho2 * y * y + w2 * rho2 - w2 * p[1] * p[1]))
}

pub fn steiners_roman(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    field(p[0], -(x2 * y2 + x2 * z2 + y2 * z2 + x * y * z))
}

/// Parameters: strength, bulb size, sharpness, fatness.
pub fn strophoid(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let x2 = x * x;
    let f2 = p[3] * p[3];
    field(
        p[0],
        -((p[2] - x) * (y * y + z * z) - f2 * p[1] * x2 - f2 * x2 * x),
    )
}

pub fn strophoid_2d(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[4], p[5], p[6]);
    let (x2, y2) = (x * x, y * y);
    let f2 = p[3] * p[3];
    field(p[0], -((p[2] - x) * y2 - f2 * p[1] * x2 - f2 * x2 * x))
}

pub fn torus2(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let (a2, b2) = (p[1] * p[1], p[2] * p[2]);
    let r = -(x2 * x2 + y2 * y2 + z2 * z2 + 2.0 * x2 * y2 + 2.0 * x2 * z2 + 2.0 * y2 * z2
        - 2.0 * (a2 + b2) * x2
        + 2.0 * (a2 - b2) * y2
        - 2.0 * (a2 + b2) * z2
        + (a2 - b2) * (a2 - b2));
    field(p[0], r)
}

pub fn torus_gumdrop(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = squares(x, y, z);
    let yz = y2 + z2;
    field(
        p[0],
        -(4.0 * (x2 * x2 + yz * yz) + 17.0 * x2 * yz - 20.0 * (x2 + y2 + z2) + 17.0),
    )
}

pub fn umbrella(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    field(p[0], -(x * x - y * z * z))
}

pub fn witch_of_agnesi(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    field(p[0], -(p[1] * (y - 1.0) + (x * x + z * z) * y))
}

pub fn witch_of_agnesi_2d(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x, y) = revolve(x, y, z, p[3], p[4], p[5]);
    field(p[0], -(p[1] * p[1] * y + x * x * y - p[2]))
}
