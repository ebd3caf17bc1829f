//! The built-ins that are not clamped polynomials: distance-like shapes (sphere, torus,
//! rounded box, helices, spirals, meshes), blobs made of exponentials, and coordinates.
//!
//! Several nudge x off the y axis before an `atan2`, as POV-Ray does; where the nudged x
//! is used again afterwards the nudge is kept there too, since it changes the value.

use std::f64::consts::{PI, TAU};

use super::{c_int, cmax, cmin, MAX_LOOPS};

/// The x POV-Ray uses where x and z are both zero: `nudge` instead of x.
fn off_axis(x: f64, z: f64, nudge: f64) -> f64 {
    if x == 0.0 && z == 0.0 {
        nudge
    } else {
        x
    }
}

/// The cross section shared by the helices and the spiral: 1 a circle, 0 a square, any
/// other `kind` the superellipse |u|^(2/kind) + |v|^(2/kind) = 1.
fn cross_section(u: f64, v: f64, kind: f64) -> f64 {
    if kind == 1.0 {
        (u * u + v * v).sqrt()
    } else if kind != 0.0 {
        let e = 2.0 / kind;
        (u.abs().powf(e) + v.abs().powf(e)).powf(kind * 0.5)
    } else {
        cmax(u.abs(), v.abs())
    }
}

/// Two blob components on the x axis, `p[0]` apart: strengths `p[1]`, `p[3]` and inverse
/// radii `p[2]`, `p[4]`.
pub fn blob(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (y2, z2) = (y * y, z * z);
    let half = p[0] * 0.5;
    let a = cmin(((x + half) * (x + half) + y2 + z2) * p[2] * p[2], 1.0);
    let b = cmin(((x - half) * (x - half) + y2 + z2) * p[4] * p[4], 1.0);
    -(p[1] * (1.0 - a) * (1.0 - a) + p[3] * (1.0 - b) * (1.0 - b))
}

/// Parameters: separation, inverse size, strength, threshold.
pub fn blob2(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = (x * x, y * y, z * z);
    let sum = (-(x2 + y2 + z2) * p[1]).exp() + (-((x - p[0]) * (x - p[0]) + y2 + z2) * p[1]).exp();
    p[3] - sum * p[2]
}

pub fn comma(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let x = off_axis(x, z, 0.0001);
    let s = p[0];
    let th = z.atan2(x);
    let r = ((x + s * 0.25) * (x + s * 0.25) + z * z).sqrt();
    let tail = cmin(
        z,
        (th * 0.5).cos() * s * 0.5 - ((r - s * 0.75) * (r - s * 0.75) + y * y).sqrt(),
    );
    let head = s * 0.5 - ((x - s * 0.5) * (x - s * 0.5) + z * z + y * y).sqrt();
    -cmax(tail, head)
}

/// The three axis-aligned ellipsoids of eccentricity `p[0]` and inverse size `p[1]`.
fn three_ellipsoids(x: f64, y: f64, z: f64, p: &[f64]) -> [f64; 3] {
    let (x2, y2, z2) = (x * x, y * y, z * z);
    let e = p[0];
    [
        (-(x2 * e + y2 * e + z2) * p[1]).exp(),
        (-(x2 * e + y2 + z2 * e) * p[1]).exp(),
        (-(x2 + y2 * e + z2 * e) * p[1]).exp(),
    ]
}

pub fn cross_ellipsoids(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let [a, b, c] = three_ellipsoids(x, y, z, p);
    p[3] - cmax(cmax(a, b), c) * p[2]
}

pub fn isect_ellipsoids(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let [a, b, c] = three_ellipsoids(x, y, z, p);
    p[3] - cmin(cmin(a, b), c) * p[2]
}

pub fn flange_cover(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let [a, b, c] = three_ellipsoids(x, y, z, p);
    p[3] - (a + b + c) * p[2]
}

/// Parameters: inverse scales along x, y and z.
pub fn ellipsoid(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    (x * x * p[0] * p[0] + y * y * p[1] * p[1] + z * z * p[2] * p[2]).sqrt()
}

/// Parameters (POV-Ray's documentation guesses at some): major radius, loops, twist,
/// fatness, threshold, minor radius (negative), fatness again, groove period, groove
/// amplitude, groove phase.
pub fn helical_torus(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let rho = (x * x + z * z).sqrt();
    let x = off_axis(x, z, 0.000001);
    let around = x.atan2(z);
    let tube_angle = (rho - p[0]).atan2(y);
    let r = ((rho - p[0]) * (rho - p[0]) + y * y).sqrt();
    let mut th = (around * p[1] + tube_angle * p[2]) % TAU;
    if th < 0.0 {
        th += TAU;
    }
    let groove = ((th - PI) * p[8]).atan2(r - p[5]);
    let winding = (groove * p[7] + around * p[9]).cos() * p[3] + p[4];
    let core = p[4] + p[5] - p[0] - rho;
    let th = th - PI;
    let winding = winding - cmin(((r - p[5]) * (r - p[5]) + th * th * p[6]).sqrt(), r + p[5]);
    -cmax(core, winding)
}

/// Parameters: number of strands, period, minor radius, major radius, shape, cross
/// section kind, cross section angle (degrees).
pub fn helix1(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let rho = (x * x + z * z).sqrt();
    let x = off_axis(x, z, 0.000001);
    let mut th = (z.atan2(x) * p[0] + y * p[1] * p[0]) % TAU;
    if th < 0.0 {
        th += TAU;
    }
    let mut v = (th - PI) / p[4] / (p[1] * p[0]);
    let mut u = rho - p[3];
    let section = if p[5] == 1.0 {
        (u * u + v * v).sqrt()
    } else {
        if p[6] != 0.0 {
            let (sin, cos) = (p[6] * (PI / 180.0)).sin_cos();
            (u, v) = (u * cos - v * sin, u * sin + v * cos);
        }
        cross_section(u, v, p[5])
    };
    -p[2] + cmin(p[3] + rho, section)
}

/// For a minor radius larger than the major one; POV-Ray ignores the first, fifth and
/// seventh parameters.
pub fn helix2(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (sin, cos) = (y * p[1]).sin_cos();
    let (dx, dz) = (x - p[3] * cos, z - p[3] * sin);
    let u = dx * cos + dz * sin;
    let v = -dx * sin + dz * cos;
    cross_section(u, v, p[5]) - p[2]
}

/// The point folded into one cell of a hexagonal grid (cells √3 wide in x and 3 tall
/// in y), relative to its nearest centre, and whether it lies in the cell's lower
/// wedge (within 30° of the x axis).
fn hex_cell(x: f64, y: f64) -> (f64, f64, bool) {
    let half_width = 3f64.sqrt() / 2.0;
    let mut u = ((x.abs() % 3f64.sqrt()) - half_width).abs();
    let mut v = ((y.abs() % 3.0) - 1.5).abs();
    let (u2, v2) = (half_width - u, 1.5 - v);
    if u * u + v * v > u2 * u2 + v2 * v2 {
        (u, v) = (u2, v2);
    }
    (u, v, v.atan2(u) < PI / 6.0)
}

pub fn hex_x(x: f64, y: f64, _z: f64, _p: &[f64]) -> f64 {
    let (u, v, lower) = hex_cell(x, y);
    if lower {
        u
    } else {
        (PI / 3.0).cos() * u + (PI / 3.0).sin() * v
    }
}

pub fn hex_y(x: f64, y: f64, _z: f64, _p: &[f64]) -> f64 {
    let (u, v, lower) = hex_cell(x, y);
    if lower {
        v
    } else {
        (-(PI / 3.0).sin() * u + (PI / 3.0).cos() * v).abs()
    }
}

/// A woven grid of threads. Parameters: spacing along x, spacing along z, thickness
/// across, weave amplitude, thickness in y.
pub fn mesh1(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (dx, dz) = (p[0], p[1]);
    // Distance across the nearest thread of a family repeating every 2 * spacing, and
    // in y from a thread that weaves up and down by the amplitude.
    let thread = |along: f64, spacing: f64, y_off: f64| {
        let mut r = along % (spacing * 2.0);
        if r < 0.0 {
            r += spacing * 2.0;
        }
        let r = (r - spacing).abs() * p[2];
        let h = (y + y_off) * p[4];
        -(h * h + r * r).sqrt()
    };
    let weave_z = (z * (PI / dz)).cos() * p[3];
    let weave_x = (x * (PI / dx)).cos() * p[3];
    let mut nearest = thread(x, dx, -weave_z);
    nearest = cmax(thread(x - dx, dx, weave_z), nearest);
    nearest = cmax(thread(z, dz, weave_x), nearest);
    -cmax(thread(z - dz, dz, -weave_x), nearest)
}

pub fn ph(x: f64, y: f64, z: f64, _p: &[f64]) -> f64 {
    (x * x + z * z).sqrt().atan2(y)
}

/// A tube around the y axis whose radius is a quartic in y (`p[0]` + `p[1]` y + ...).
pub fn poly4(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let y2 = y * y;
    let radius = p[0] + p[1] * y + p[2] * y2 + p[3] * y2 * y + p[4] * y2 * y2;
    // A NaN radius stays NaN: only a radius below -5 is raised.
    let radius = if radius < -5.0 { -5.0 } else { radius };
    -radius + (x * x + z * z).sqrt()
}

/// `p[0]` tubes around the y axis at a distance that is a quartic in y (`p[1]` + ...).
pub fn polytubes(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let y2 = y * y;
    let spread = p[1] + p[2] * y + p[3] * y2 + p[4] * y2 * y + p[5] * y2 * y2;
    let mut nearest = -10000.0;
    for i in 0..c_int(p[0]).min(MAX_LOOPS) {
        let angle = TAU / p[0] * f64::from(i);
        let (dx, dz) = (x - spread * angle.sin(), z - spread * angle.cos());
        nearest = cmax(nearest, -(dx * dx + dz * dz).sqrt());
    }
    -nearest
}

/// A hydrogen-like orbital (POV-Ray's parameter has no effect).
pub fn quantum(x: f64, y: f64, z: f64, _p: &[f64]) -> f64 {
    let x = off_axis(x, z, 1e-6);
    let rho = (x * x + z * z).sqrt();
    let cos_th = rho.atan2(y).cos();
    let r = (rho * rho + y * y).sqrt() * 2.0;
    // POV-Ray's constant, not 1/3.
    let psi = r * r * (-r * 0.33333333).exp() * (3.0 * cos_th * cos_th - 1.0);
    (psi * psi - 12.0) * -0.1
}

pub fn r(x: f64, y: f64, z: f64, _p: &[f64]) -> f64 {
    (x * x + y * y + z * z).sqrt()
}

/// Parameters: corner radius, then the half sizes along x, y, z.
pub fn rounded_box(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let radius = p[0];
    // How far the point lies outside the box shrunk by the radius, along one axis.
    let outside = |v: f64, half: f64| {
        let (hi, lo) = (half - radius, radius - half);
        let above = if v < hi { 0.0 } else { v - hi };
        let below = if v > lo { 0.0 } else { lo - v };
        cmax(below, above)
    };
    let (dx, dy, dz) = (outside(x, p[1]), outside(y, p[2]), outside(z, p[3]));
    // POV-Ray's 1e-6 shrink, matched.
    -radius + (dx * dx + dy * dy + dz * dz).sqrt() - 1e-6
}

pub fn sphere(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    -p[0] + (x * x + y * y + z * z).sqrt()
}

/// Parameters: spikiness, hollowness, size, roundness, fatness.
pub fn spikes(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (x2, y2, z2) = (x * x, y * y, z * z);
    let [a, b, c] = three_ellipsoids(x, y, z, &[p[0], p[1]]);
    let core = (-(x2 + y2 + z2) * p[3]).exp() * p[4];
    -(core - a - b - c) * p[2]
}

/// Parameters: height, x frequency, z frequency, decay.
pub fn spikes_2d(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    -(p[0] * (p[1] * x).cos() * (p[2] * z).cos() * (-p[3] * (x * x + z * z)).exp() - y)
}

/// Parameters: winding spacing, thickness, outer radius, two unused, cross section kind.
pub fn spiral(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let rho = (x * x + z * z).sqrt();
    let x = off_axis(x, z, 0.000001);
    let unwound = rho + p[0] * z.atan2(x) / TAU;
    let across = unwound % p[0] - p[0] * 0.5;
    let section = if p[5] == 1.0 {
        (across * across + y * y).sqrt()
    } else if p[5] != 0.0 {
        let e = 2.0 / p[5];
        (across.abs().powf(e) + y.abs().powf(e)).powf(1.0 / e)
    } else {
        cmax(across.abs(), y.abs())
    };
    let r = (x * x + y * y + z * z).sqrt();
    -cmin(p[2] - r, p[1] - cmin(section, r))
}

/// Parameters: the exponents of POV-Ray's superellipsoid (east-west, north-south).
pub fn superellipsoid(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (e, n) = (2.0 / p[0], 1.0 / p[1]);
    let xy = x.abs().powf(e) + y.abs().powf(e);
    1.0 - (xy.powf(p[0] * n) + z.abs().powf(2.0 * n)).powf(p[1] * 0.5)
}

pub fn th(x: f64, _y: f64, z: f64, _p: &[f64]) -> f64 {
    x.atan2(z)
}

pub fn torus(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let across = (x * x + z * z).sqrt() - p[0];
    -p[1] + (across * across + y * y).sqrt()
}
