//! The iterations behind `julia_fractal`: for each algebra and function, whether a
//! point's orbit stays bounded, how far a ray may step from it, and the surface normal,
//! computed as POV-Ray 3.7 computes them (its shortcuts and quirks included, so that
//! pictures match).

use glam::DVec3;

use super::hypercomplex::{self, H};
use crate::scene::{ComplexFunction, JuliaAlgebra, JuliaFractal, JuliaFunction};

/// The hypercomplex step's threshold on the normal's slope along the ray: POV-Ray
/// 3.7's Fractal_Tolerance in its hypercomplex code.
const SLOPE_TOLERANCE: f64 = 1e-8;
/// POV-Ray 3.7's Fractal_Tolerance: the bounding radius's margin, and how close the
/// surface search gets.
pub const FRACTAL_TOLERANCE: f64 = 1e-7;

/// The map iterated, in the form each needs.
#[derive(Clone, Copy, Debug)]
enum Map {
    QuaternionSqr,
    QuaternionCube,
    /// POV-Ray 3.7 iterates z² for hypercomplex `cube` too; only its step differs.
    HyperSqr {
        cube: bool,
    },
    HyperReciprocal,
    HyperFunction(ComplexFunction),
}

/// One `julia_fractal`'s set, with its bailout.
#[derive(Clone, Debug)]
pub struct JuliaSet {
    map: Map,
    c: H,
    iterations: usize,
    /// The squared norm beyond which an orbit has escaped.
    exit: f64,
    /// The smallest step along a ray (1 / precision).
    pub step: f64,
    slice: H,
    slice_distance: f64,
    /// The bounding sphere's radius, squared.
    pub radius2: f64,
}

fn dot(a: H, b: H) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]
}

fn add(a: H, b: H) -> H {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

/// A point's orbit ends at the iteration `at` (1-based) whose start, orbit[at - 1],
/// had squared norm `norm` above the bailout.
#[derive(Clone, Copy, Debug)]
struct Escape {
    at: usize,
    norm: f64,
}

impl JuliaSet {
    pub fn new(j: &JuliaFractal) -> JuliaSet {
        let map = match (j.algebra, j.function) {
            (JuliaAlgebra::Quaternion, JuliaFunction::Cube) => Map::QuaternionCube,
            (JuliaAlgebra::Quaternion, _) => Map::QuaternionSqr,
            (JuliaAlgebra::Hypercomplex, JuliaFunction::Sqr) => Map::HyperSqr { cube: false },
            (JuliaAlgebra::Hypercomplex, JuliaFunction::Cube) => Map::HyperSqr { cube: true },
            (JuliaAlgebra::Hypercomplex, JuliaFunction::Reciprocal) => Map::HyperReciprocal,
            (JuliaAlgebra::Hypercomplex, JuliaFunction::Complex(f)) => Map::HyperFunction(f),
        };
        // POV-Ray 3.7's bounds: for quaternions 1 + |c| (plus its tolerance), at most 2,
        // with the bailout that radius squared (plus the tolerance); for hypercomplex
        // numbers radius 4 and bailout 16.
        let (radius, exit) = match j.algebra {
            JuliaAlgebra::Quaternion => {
                let r = (1.0 + dot(j.parameter, j.parameter).sqrt() + FRACTAL_TOLERANCE).min(2.0);
                (r, r * r + FRACTAL_TOLERANCE)
            }
            JuliaAlgebra::Hypercomplex => (4.0, 16.0),
        };
        JuliaSet {
            map,
            c: j.parameter,
            iterations: j.max_iteration as usize,
            exit,
            step: j.step,
            slice: j.slice,
            slice_distance: j.slice_distance,
            radius2: radius * radius,
        }
    }

    /// Calls `f` with room for an orbit: on the stack for the usual few iterations.
    pub fn with_orbit<R>(&self, f: impl FnOnce(&mut [H]) -> R) -> R {
        const ON_STACK: usize = 64;
        if self.iterations < ON_STACK {
            let mut orbit = [[0.0; 4]; ON_STACK];
            f(&mut orbit[..=self.iterations])
        } else {
            f(&mut vec![[0.0; 4]; self.iterations + 1])
        }
    }

    /// The 4D point of the slice above `p`. POV-Ray 3.7's plain iteration for the
    /// complex functions reads y in place of z; `plain` asks for that quirk.
    fn lift(&self, p: DVec3, plain: bool) -> H {
        let z = if plain && matches!(self.map, Map::HyperFunction(_)) {
            p.y
        } else {
            p.z
        };
        let s = self.slice;
        let w = (self.slice_distance - s[0] * p.x - s[1] * p.y - s[2] * z) / s[3];
        [p.x, p.y, z, w]
    }

    fn apply(&self, q: H) -> H {
        let [x, y, z, w] = q;
        let image = match self.map {
            Map::QuaternionSqr => {
                let d = y * y + z * z + w * w;
                [x * x - d, 2.0 * x * y, 2.0 * x * z, 2.0 * x * w]
            }
            Map::QuaternionCube => {
                let d = y * y + z * z + w * w;
                let t = 3.0 * x * x - d;
                [x * (x * x - 3.0 * d), y * t, z * t, w * t]
            }
            Map::HyperSqr { .. } => hypercomplex::mul(q, q),
            Map::HyperReciprocal => hypercomplex::reciprocal(q),
            Map::HyperFunction(f) => hypercomplex::function(f, q),
        };
        add(image, self.c)
    }

    /// Fills `orbit` from `start`; `None` when it stays bounded for every iteration.
    fn run(&self, start: H, orbit: &mut [H]) -> Option<Escape> {
        orbit[0] = start;
        for at in 1..=self.iterations {
            let q = orbit[at - 1];
            let norm = dot(q, q);
            // A NaN orbit counts as bounded, as POV-Ray's comparison has it.
            if norm > self.exit {
                return Some(Escape { at, norm });
            }
            orbit[at] = self.apply(q);
        }
        None
    }

    /// Whether `p` is in the set (its orbit left in `orbit`).
    pub fn inside(&self, p: DVec3, orbit: &mut [H]) -> bool {
        self.run(self.lift(p, true), orbit).is_none()
    }

    /// Whether `p` is in the set, and how far a ray along the unit `dir` may step from
    /// it: POV-Ray 3.7's distance estimate, or the precision step where it has none.
    pub fn inside_and_step(&self, p: DVec3, dir: DVec3, orbit: &mut [H]) -> (bool, f64) {
        let Some(e) = self.run(self.lift(p, false), orbit) else {
            return (true, self.step);
        };
        let dist = match self.map {
            Map::QuaternionSqr | Map::QuaternionCube => {
                // |q| ln|q|² / (k^n |q0| |q1| ... |q|), n the iterations run.
                let k: f64 = if matches!(self.map, Map::QuaternionSqr) {
                    2.0
                } else {
                    3.0
                };
                let product: f64 = orbit[..e.at].iter().map(|q| dot(*q, *q)).product();
                (e.norm / product).sqrt() * e.norm.ln() / k.powi(e.at as i32)
            }
            _ => {
                let slope = -self.normal(orbit, e.at - 1).dot(dir);
                // POV-Ray 3.7's hypercomplex step: norm / (2 × slope) where that lies
                // between 1 and 30 precision steps, else one precision step.
                if slope > SLOPE_TOLERANCE {
                    let s = 2.0 * slope;
                    if e.norm > self.step * s && e.norm < 30.0 * self.step * s {
                        e.norm / s
                    } else {
                        self.step
                    }
                } else {
                    self.step
                }
            }
        };
        (false, dist)
    }

    /// The (unnormalised, outward) normal at the point whose orbit is in `orbit`,
    /// through `n` iterations.
    pub fn normal(&self, orbit: &[H], n: usize) -> DVec3 {
        match self.map {
            Map::QuaternionSqr | Map::QuaternionCube => self.quaternion_normal(orbit, n),
            _ => self.hypercomplex_normal(orbit, n),
        }
    }

    /// The gradient of |q_n|² over x, y and z (w held fixed), through the Jacobians of
    /// the map (halved for sqr; the scale does not matter).
    fn quaternion_normal(&self, orbit: &[H], n: usize) -> DVec3 {
        let mut rows = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]];
        let cube = matches!(self.map, Map::QuaternionCube);
        for q in &orbit[..n] {
            let [x, y, z, w] = *q;
            for r in rows.iter_mut() {
                let [a, b, cc, d] = *r;
                *r = if cube {
                    let d2 = y * y + z * z + w * w;
                    let s = 2.0 * (b * y + cc * z + d * w);
                    let t = 6.0 * x * a - s;
                    let u = 3.0 * x * x - d2;
                    [
                        3.0 * (a * (x * x - d2) - x * s),
                        b * u + y * t,
                        cc * u + z * t,
                        d * u + w * t,
                    ]
                } else {
                    [
                        a * x - b * y - cc * z - d * w,
                        a * y + x * b,
                        a * z + x * cc,
                        a * w + x * d,
                    ]
                };
            }
        }
        let last = orbit[n];
        DVec3::new(dot(rows[0], last), dot(rows[1], last), dot(rows[2], last))
    }

    /// POV-Ray 3.7's hypercomplex normal: the orbit's product (times each step's
    /// factor: 1 for z², -1/z² for 1/z, f(z) for the functions) against the last point.
    fn hypercomplex_normal(&self, orbit: &[H], n: usize) -> DVec3 {
        let mut v = orbit[0];
        for q in orbit.iter().take(n).skip(1) {
            let factor = match self.map {
                Map::HyperReciprocal => {
                    let r = hypercomplex::reciprocal(*q);
                    hypercomplex::mul(r, r).map(|a| -a)
                }
                Map::HyperFunction(f) => hypercomplex::function(f, *q),
                _ => *q,
            };
            v = hypercomplex::mul(factor, v);
        }
        // sqr scales by 2 per iteration (at least once): it sets the step's size.
        let scale = match self.map {
            Map::HyperSqr { cube: false } => 2f64.powi(n.max(1) as i32),
            _ => 1.0,
        };
        let m = orbit[n].map(|a| a * scale);
        let [x, y, z, w] = v;
        DVec3::new(
            dot(v, m),
            -y * m[0] + x * m[1] - w * m[2] + z * m[3],
            -z * m[0] - w * m[1] + x * m[2] + y * m[3],
        )
    }
}
