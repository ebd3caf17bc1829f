//! `julia_fractal`: a ray marched through the bounding sphere of a sliced 4D Julia
//! set, stepping by the distance estimate (at least 1 / precision), with each change
//! between outside and inside refined by bisection, as POV-Ray 3.7 finds the surface.

use glam::DVec3;

use super::hypercomplex::H;
use super::julia_maps::{JuliaSet, FRACTAL_TOLERANCE};
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;
use crate::scene::JuliaFractal;

/// POV-Ray 3.7's EPSILON in its sphere test, used for the bounding sphere.
const SPHERE_EPSILON: f64 = 1e-10;
/// Crossings nearer than this (in the ray's units, the world's for a unit ray) do not
/// count: POV-Ray 3.7's MIN_ISECT_DEPTH, which decides whether a shadow ray that meets
/// its own surface first is blocked.
const MIN_ISECT_DEPTH: f64 = 1e-4;
/// The most crossings [`Julia::crossings_alone`] looks for along one ray.
const MAX_RESTARTS: usize = 256;

#[derive(Clone, Debug)]
pub struct Julia {
    set: JuliaSet,
}

/// Where a unit-direction ray meets the sphere of radius² `r2` about the origin, as
/// POV-Ray's sphere test has it (nothing when the origin is outside and the centre
/// behind).
fn sphere_span(origin: DVec3, dir: DVec3, r2: f64) -> Option<(f64, f64)> {
    let oc2 = origin.length_squared();
    let closest = -origin.dot(dir);
    if oc2 >= r2 && closest < SPHERE_EPSILON {
        return None;
    }
    let half2 = r2 - oc2 + closest * closest;
    if half2.is_nan() || half2 <= SPHERE_EPSILON {
        return None;
    }
    let half = half2.sqrt();
    Some((closest - half, closest + half))
}

impl Julia {
    pub fn new(j: &JuliaFractal) -> Julia {
        Julia {
            set: JuliaSet::new(j),
        }
    }

    /// Pushes crossings with `t` in (`t_min`, `t_max`) onto `out`; when `first_only`,
    /// the first crossing found ends the search whether or not it is in range.
    fn march(&self, ray: &Ray, t_min: f64, t_max: f64, first_only: bool, out: &mut Vec<Crossing>) {
        self.set
            .with_orbit(|orbit| self.march_with(ray, t_min, t_max, first_only, out, orbit));
    }

    fn march_with(
        &self,
        ray: &Ray,
        t_min: f64,
        t_max: f64,
        first_only: bool,
        out: &mut Vec<Crossing>,
        orbit: &mut [H],
    ) {
        let len = ray.direction.length();
        if !(len.is_finite() && len > 0.0) {
            return;
        }
        let dir = ray.direction / len;
        let Some((enter, exit)) = sphere_span(ray.origin, dir, self.set.radius2) else {
            return;
        };
        // Depths along the unit direction; a first crossing past t_max ends the search.
        let end = if first_only { exit.min(t_max * len) } else { exit };
        if exit.is_nan() || exit < FRACTAL_TOLERANCE {
            return;
        }
        let set = &self.set;
        let mut depth = enter.max(FRACTAL_TOLERANCE);
        let mut next = ray.origin + dir * depth;
        let (mut state, mut dist) = set.inside_and_step(next, dir, orbit);
        if state {
            // Starting inside (a shadow ray from the surface): step off first.
            next += dir * (2.0 * FRACTAL_TOLERANCE);
            depth += 2.0 * FRACTAL_TOLERANCE;
            if depth > exit {
                return;
            }
            (state, dist) = set.inside_and_step(next, dir, orbit);
        }
        // Every step advances at least `step`; this bounds the work whatever the numbers.
        let mut budget = 4 * (((exit - depth).max(0.0) / set.step) as usize + 16);
        let mut last = false;
        while depth < end {
            // March until the state changes; `point` is the last one before the change.
            let mut point;
            let (next_state, next_dist) = loop {
                if dist.is_nan() || dist < set.step {
                    dist = set.step;
                }
                depth += dist;
                if depth > end || budget == 0 {
                    return;
                }
                budget -= 1;
                point = next;
                next += dir * dist;
                let (s, d) = set.inside_and_step(next, dir, orbit);
                if s != state {
                    depth -= dist;
                    break (s, d);
                }
                dist = d;
            };
            // Bisect down to the tolerance.
            while dist > FRACTAL_TOLERANCE {
                dist *= 0.5;
                let mid = point + dir * dist;
                last = set.inside(mid, orbit);
                if last == state {
                    point = mid;
                    depth += dist;
                    if depth > end {
                        return;
                    }
                }
            }
            // The normal comes from the orbit of the inside point at the crossing.
            if !state {
                point += dir * dist;
                depth += dist;
                set.inside(point, orbit);
            } else if last != state {
                set.inside(point, orbit);
            }
            let mut normal = set.normal(orbit, orbit.len() - 1);
            if !(normal.is_finite() && normal.length_squared() > 0.0) {
                // An orbit that vanishes or blows up has no slope to show: face the ray.
                normal = -dir;
            }
            let t = depth / len;
            if t > t_min && t < t_max {
                out.push(Crossing::new(t, normal));
            }
            if first_only {
                // POV-Ray stops at the first crossing of a shape outside CSG, even one
                // too near to count (a shadow ray's own surface): the ray then misses.
                return;
            }
            // Carry on from the far side of the step. POV-Ray leaves the depth at the
            // crossing, so later crossings lag behind by the rest of the step.
            dist = next_dist;
            state = next_state;
        }
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        self.march(ray, t_min.max(MIN_ISECT_DEPTH), f64::INFINITY, false, out);
    }

    /// The first crossing the march finds, if it lies in (`t_min`, `t_max`).
    pub fn nearest(&self, ray: &Ray, t_min: f64, t_max: f64) -> Option<Crossing> {
        let mut out = Vec::with_capacity(1);
        self.march(ray, t_min.max(MIN_ISECT_DEPTH), t_max, true, &mut out);
        out.pop()
    }

    /// The crossings a ray outside CSG meets, as POV-Ray finds them: the first, then
    /// the first from there on, until one is too near or there are no more.
    pub fn crossings_alone(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let mut from = 0.0;
        let mut threshold = t_min;
        for _ in 0..MAX_RESTARTS {
            let start = Ray::new(ray.at(from), ray.direction);
            let Some(c) = self.nearest(&start, threshold, f64::INFINITY) else {
                return;
            };
            from += c.t;
            out.push(Crossing::new(from, c.normal));
            threshold = 0.0;
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        if p.length_squared() > self.set.radius2 * 4.0 {
            // Far outside the bounding sphere every orbit escapes at once.
            return false;
        }
        self.set.with_orbit(|orbit| self.set.inside(p, orbit))
    }

    pub fn bounds(&self) -> Aabb {
        let r = self.set.radius2.sqrt();
        Aabb::new(DVec3::splat(-r), DVec3::splat(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{JuliaAlgebra, JuliaFunction};

    /// c = 0: z -> z² (or z³) keeps the unit ball bounded (a few iterations, or the
    /// orbits of its inside points vanish and leave no normal).
    fn ball(function: JuliaFunction) -> Julia {
        let mut j = JuliaFractal::new([0.0; 4]);
        j.function = function;
        j.max_iteration = 4;
        Julia::new(&j)
    }

    fn first(j: &Julia, origin: DVec3, dir: DVec3) -> Option<Crossing> {
        j.nearest(&Ray::new(origin, dir), 1e-6, f64::INFINITY)
    }

    #[test]
    fn zero_parameter_gives_the_unit_ball() {
        for f in [JuliaFunction::Sqr, JuliaFunction::Cube] {
            let j = ball(f);
            // A direction of length 2: t is in the ray's units.
            let c = first(&j, DVec3::new(0.3, 0.4, -5.0), DVec3::Z * 2.0).expect("hit");
            let z = (1.0f64 - 0.25).sqrt();
            assert!((c.t * 2.0 - (5.0 - z)).abs() < 1e-5, "{f:?}: {c:?}");
            let n = c.normal.normalize();
            assert!((n - DVec3::new(0.3, 0.4, -z)).length() < 1e-4, "{f:?}: {n}");
            assert!(j.inside(DVec3::new(0.5, 0.5, 0.5)) && !j.inside(DVec3::new(0.6, 0.6, 0.6)));
            assert!(first(&j, DVec3::new(1.2, 0.0, -5.0), DVec3::Z).is_none());
        }
    }

    #[test]
    fn crossings_find_both_sides_and_a_ray_from_inside_finds_the_way_out() {
        let j = ball(JuliaFunction::Sqr);
        let mut out = Vec::new();
        j.crossings(&Ray::new(DVec3::new(0.0, 0.0, -5.0), DVec3::Z), 1e-6, &mut out);
        assert_eq!(out.len(), 2, "{out:?}");
        assert!((out[0].t - 4.0).abs() < 1e-5 && out[0].normal.z < 0.0, "{out:?}");
        // POV-Ray leaves the depth at each crossing: the second lags by under a step.
        assert!(
            out[1].t > 5.9 && out[1].t < 6.0 + 1e-5 && out[1].normal.z > 0.0,
            "{out:?}"
        );
        // Here the unit ball touches its bounding sphere: start from a smaller set.
        let j = Julia::new(&JuliaFractal::new([-0.2, 0.0, 0.0, 0.0]));
        let c = first(&j, DVec3::ZERO, DVec3::Y).expect("way out");
        assert!(c.t > 0.5 && c.t < 1.1 && c.normal.y > 0.0, "{c:?}");
        assert!(j.inside(DVec3::Y * (c.t - 1e-6)) && !j.inside(DVec3::Y * (c.t + 1e-6)));
    }

    #[test]
    fn the_slice_chooses_which_3d_cut_is_seen() {
        // w = -z on the slice: x² + y² + 2z² = 1, an ellipsoid half as deep.
        let mut s = JuliaFractal::new([0.0; 4]);
        let k = 0.5f64.sqrt();
        s.slice = [0.0, 0.0, k, k];
        let j = Julia::new(&s);
        let c = first(&j, DVec3::new(0.0, 0.0, -5.0), DVec3::Z).expect("hit");
        assert!((c.t - (5.0 - k)).abs() < 1e-5, "{c:?}");
        assert!(j.inside(DVec3::new(0.0, 0.0, 0.7)) && !j.inside(DVec3::new(0.0, 0.0, 0.72)));
        // Moved along the slice normal: a smaller ball (w = 0.6 there, r² = 1 - 0.36).
        s.slice = [0.0, 0.0, 0.0, 1.0];
        s.slice_distance = 0.6;
        let j = Julia::new(&s);
        let c = first(&j, DVec3::new(0.0, 0.0, -5.0), DVec3::Z).expect("hit");
        assert!((c.t - 4.2).abs() < 1e-5, "{c:?}");
    }

    #[test]
    fn hypercomplex_sets_are_bounded_by_radius_four() {
        let mut h = JuliaFractal::new([-0.745, 0.0, 0.113, 0.05]);
        h.algebra = JuliaAlgebra::Hypercomplex;
        h.max_iteration = 9;
        let j = Julia::new(&h);
        assert_eq!(j.bounds().max, DVec3::splat(4.0));
        assert!(j.inside(DVec3::ZERO) && !j.inside(DVec3::splat(3.0)));
        let c = first(&j, DVec3::new(0.0, 0.0, -6.0), DVec3::Z).expect("hit");
        assert!(
            c.t > 2.0 && c.t < 6.0 && c.normal.is_finite() && c.normal.z < 0.0,
            "{c:?}"
        );
        assert!(j.inside(DVec3::new(0.0, 0.0, c.t - 6.0 + 1e-6)));
        assert!(!j.inside(DVec3::new(0.0, 0.0, c.t - 6.0 - 1e-6)));
        // A quaternion set's sphere is 1 + |c|, at most 2.
        let q = Julia::new(&JuliaFractal::new([0.3, 0.4, 0.0, 0.0]));
        assert!((q.bounds().max.x - 1.5).abs() < 1e-6);
        assert_eq!(
            Julia::new(&JuliaFractal::new([3.0, 0.0, 0.0, 0.0]))
                .bounds()
                .max
                .x,
            2.0
        );
    }
}
