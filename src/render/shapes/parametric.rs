//! `parametric`: the surface (x(u,v), y(u,v), z(u,v)) within its container, found as
//! POV-Ray 3.7 finds it: the (u, v) range is halved, depth first, until a patch's
//! coordinate bounds (from `max_gradient`) put it in reach of the ray over less than
//! `accuracy`; the nearest such patch is the one crossing. Like POV-Ray's, a ray meets
//! the surface at most once and nothing is inside it.

use std::sync::Arc;

use glam::{DVec2, DVec3};

use super::parametric_bounds::{evaluate, halves, patch_range, RangeTable, TableSpec};
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;
use crate::scene::Container;
use crate::sdl::function::Function;

/// POV-Ray 3.7's EPSILON: ray directions closer to 0 on an axis count as parallel to
/// it, for the container and for the patch bounds.
const TINY: f64 = 1e-10;
/// POV-Ray 3.7's BOUND_HUGE: the farthest a container box reaches along a ray.
const FAR: f64 = 2.0e10;
/// POV-Ray's DEPTH_TOLERANCE: a container box behind the ray by less still counts.
const BOX_TOLERANCE: f64 = 1e-6;
/// POV-Ray 3.7 searches from this many accuracies past where the ray enters the
/// container.
const ENTRY_MARGIN: f64 = 4.0;
/// POV-Ray 3.7 holds at most this many pending patches per ray (its interval stack);
/// a patch that would overflow it is taken as small enough.
const STACK_DEPTH: usize = 32;
/// POV-Ray numbers patches for its `precompute` table with this cap.
const MAX_PATCH_NUMBER: u32 = 10_000_000;
/// The most patches one ray examines, so that a huge max_gradient (bounds that never
/// shrink away from the ray) cannot stall the render: beyond it, the nearest crossing
/// found so far stands. Ordinary surfaces need thousands: POV-Ray's sample sine
/// cylinder without `precompute` needs up to 25,000 for some rays (12 function
/// evaluations each), and a hostile one spends some 6 ms a ray here.
const MAX_PATCHES: u32 = 1 << 15;
/// POV-Ray 3.7's MIN_ISECT_DEPTH: a crossing nearer a ray's origin is dropped.
const MIN_ISECT_DEPTH: f64 = 1.0e-4;
/// The most crossings one ray collects when the surface stands alone (each costs a
/// whole search).
const MAX_RESTARTS: usize = 64;

#[derive(Debug)]
pub struct Parametric {
    functions: [Arc<Function>; 3],
    uv_min: DVec2,
    uv_max: DVec2,
    container: Container,
    accuracy: f64,
    max_gradient: f64,
    table: Option<RangeTable>,
}

/// A (u, v) patch waiting to be examined, with its `precompute` number.
#[derive(Clone, Copy)]
struct Patch {
    low: DVec2,
    high: DVec2,
    number: u32,
}

impl Parametric {
    /// The shape, with its `precompute` table filled.
    pub fn new(p: &crate::scene::Parametric) -> Parametric {
        let table = p.precompute.map(|pre| {
            let spec = TableSpec {
                functions: [&*p.functions[0], &*p.functions[1], &*p.functions[2]],
                low: p.uv_min,
                high: p.uv_max,
                accuracy: p.accuracy,
                max_gradient: p.max_gradient,
            };
            RangeTable::new(&spec, pre.depth, pre.axes)
        });
        Parametric {
            functions: p.functions.clone(),
            uv_min: p.uv_min,
            uv_max: p.uv_max,
            container: p.container.clone(),
            accuracy: p.accuracy,
            max_gradient: p.max_gradient,
            table,
        }
    }

    /// The point at (u, v).
    pub fn point(&self, uv: DVec2) -> DVec3 {
        DVec3::new(
            evaluate(&self.functions[0], uv),
            evaluate(&self.functions[1], uv),
            evaluate(&self.functions[2], uv),
        )
    }

    /// Where the ray is in the container, as POV-Ray 3.7 finds it: a box from t = 0 on,
    /// a sphere wherever the ray's line crosses it (behind the origin too).
    fn container_span(&self, ray: &Ray) -> Option<(f64, f64)> {
        match self.container {
            Container::Box(min, max) => {
                let (mut near, mut far) = (0.0f64, FAR);
                for axis in 0..3 {
                    let (o, d) = (ray.origin[axis], ray.direction[axis]);
                    if d.abs() <= TINY {
                        if o < min[axis] || o > max[axis] {
                            return None;
                        }
                        continue;
                    }
                    let (t1, t2) = ((min[axis] - o) / d, (max[axis] - o) / d);
                    near = near.max(t1.min(t2));
                    far = far.min(t1.max(t2));
                }
                (near <= far && far >= BOX_TOLERANCE).then_some((near, far))
            }
            Container::Sphere { center, radius } => {
                super::isosurface::sphere_container_span(ray, center, radius)
            }
        }
    }

    /// The range of `t` over which the ray is within the bounds of coordinate `axis`
    /// on `patch`, or `Err(())` when it never is; `Ok(None)` when the ray runs parallel
    /// to that axis within them.
    fn axis_span(&self, ray: &Ray, axis: usize, patch: &Patch) -> Result<Option<(f64, f64)>, ()> {
        let (low, high) = self
            .table
            .as_ref()
            .and_then(|table| table.get(axis, patch.number))
            .unwrap_or_else(|| {
                patch_range(
                    &self.functions[axis],
                    patch.low,
                    patch.high,
                    self.accuracy,
                    self.max_gradient,
                )
            });
        let (o, d) = (ray.origin[axis], ray.direction[axis]);
        if d.abs() < TINY {
            return if high < o || low > o { Err(()) } else { Ok(None) };
        }
        let (a, b) = ((high - o) / d, (low - o) / d);
        Ok(Some(if a > b { (b, a) } else { (a, b) }))
    }

    /// The nearest crossing POV-Ray 3.7 would report, with its (u, v): the near end of
    /// the last axis's reach over the first patch found small enough, beyond the
    /// container entry and before its exit.
    fn nearest(&self, ray: &Ray) -> Option<(f64, DVec2)> {
        let (mut entry, exit) = self.container_span(ray)?;
        if entry == exit {
            entry = 0.0;
        }
        entry += ENTRY_MARGIN * self.accuracy;
        if entry > exit {
            return None;
        }
        let mut best: Option<(f64, DVec2)> = None;
        let mut best_t = f64::INFINITY;
        // Like POV-Ray's, a patch to which the ray runs parallel on every axis keeps the
        // previous patch's near end.
        let mut near = f64::INFINITY;
        let mut stack = Vec::with_capacity(STACK_DEPTH);
        stack.push(Patch {
            low: self.uv_min,
            high: self.uv_max,
            number: 1,
        });
        let mut examined = 0;
        'patches: while let Some(patch) = stack.pop() {
            examined += 1;
            if examined > MAX_PATCHES {
                break;
            }
            let extent = patch.high - patch.low;
            let mut size = extent.x.max(extent.y);
            let mut reach: f64 = 0.0;
            let mut spans: [Option<(f64, f64)>; 3] = [None; 3];
            for axis in 0..3 {
                let Ok(span) = self.axis_span(ray, axis, &patch) else {
                    continue 'patches;
                };
                let Some((t0, t1)) = span else {
                    continue;
                };
                if t0 > exit || t1 < entry {
                    continue 'patches;
                }
                near = t0;
                if near > best_t {
                    continue 'patches;
                }
                if spans[..axis].iter().flatten().any(|&(s0, s1)| t0 > s1 || t1 < s0) {
                    continue 'patches;
                }
                // Compared as POV-Ray compares them, so that NaN bounds fare alike.
                if axis == 0 || t1 - t0 > reach {
                    reach = t1 - t0;
                }
                spans[axis] = Some((t0, t1));
            }
            if size > reach {
                size = reach;
            }
            if size < self.accuracy || stack.len() + 2 > STACK_DEPTH {
                if best_t > near && near > entry {
                    best_t = near;
                    best = Some((near, patch.low));
                }
                continue;
            }
            let number = (patch.number.saturating_mul(2)).min(MAX_PATCH_NUMBER);
            let [lower, upper] = halves(patch.low, patch.high);
            stack.push(Patch {
                low: upper.0,
                high: upper.1,
                number: number + 1,
            });
            stack.push(Patch {
                low: lower.0,
                high: lower.1,
                number,
            });
        }
        best.filter(|&(t, _)| t < exit)
    }

    /// The normal at (u, v): the cross product of the steps one accuracy along u and
    /// along v, as POV-Ray 3.7 forms it (facing either way: the surface has no inside).
    fn normal(&self, uv: DVec2) -> DVec3 {
        let at = self.point(uv);
        let along_u = self.point(uv + DVec2::new(self.accuracy, 0.0)) - at;
        let along_v = self.point(uv + DVec2::new(0.0, self.accuracy)) - at;
        // Where both steps are parallel (a pole) this is zero: POV-Ray normalises it to
        // NaN and shades the spot black, where spotray falls back to its default normal.
        along_u.cross(along_v)
    }

    /// The one crossing POV-Ray would report, when beyond `t_min`: what a CSG sees.
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        if let Some((t, uv)) = self.nearest(ray) {
            if t > t_min {
                out.push(Crossing::new(t, self.normal(uv)));
            }
        }
    }

    /// The crossings a ray meets one after another when the surface stands alone: as
    /// POV-Ray traces on through a transparent surface (or a shadow ray through a
    /// filtering one), each is searched afresh from the last. A search that finds the
    /// surface it starts on (a sphere container lets it) ends the chain, since POV-Ray
    /// drops a crossing that near and with it the only one its search reports.
    pub fn crossings_alone(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let mut from = 0.0;
        let mut threshold = t_min;
        for _ in 0..MAX_RESTARTS {
            let start = Ray::new(ray.at(from), ray.direction);
            let Some((t, uv)) = self.nearest(&start) else {
                return;
            };
            if t <= threshold {
                return;
            }
            from += t;
            out.push(Crossing::new(from, self.normal(uv)));
            threshold = MIN_ISECT_DEPTH;
        }
    }

    /// Never: POV-Ray's parametric surface has no inside.
    pub fn inside(&self, _p: DVec3) -> bool {
        false
    }

    pub fn bounds(&self) -> Aabb {
        match self.container {
            Container::Box(min, max) => Aabb::new(min, max),
            Container::Sphere { center, radius } => Aabb::new(center - radius, center + radius),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sdl::tests::support::scene;

    fn shape(text: &str) -> Parametric {
        match &scene(text).objects[0].shape {
            crate::scene::Shape::Parametric(p) => Parametric::new(p),
            other => panic!("{other:?}"),
        }
    }

    /// The square z = 0, -1 < x, y < 1, within the default container.
    fn square(extra: &str) -> Parametric {
        shape(&format!(
            "parametric {{ function {{ u }} function {{ v }} function {{ 0 }} <-1,-1>, <1,1> {extra} }}"
        ))
    }

    fn hits(p: &Parametric, origin: DVec3, direction: DVec3) -> Vec<Crossing> {
        let mut out = Vec::new();
        p.crossings(&Ray::new(origin, direction), 1e-6, &mut out);
        out
    }

    #[test]
    fn a_ray_meets_the_square_once_an_accuracy_short_of_it() {
        let p = square("");
        let out = hits(&p, DVec3::new(0.3, -0.2, -5.0), DVec3::Z);
        assert_eq!(out.len(), 1);
        // POV-Ray's bounds are taken an accuracy below the surface, and reach a
        // patch's spread short of that.
        let t = out[0].t;
        assert!((t - (5.0 - 0.001)).abs() < 0.001, "{t}");
        let n = out[0].normal.normalize();
        assert!((n.z.abs() - 1.0).abs() < 1e-9, "{n}");
        assert!(!p.inside(DVec3::ZERO));
    }

    #[test]
    fn rays_beside_the_range_or_container_miss() {
        let p = square("");
        assert!(hits(&p, DVec3::new(0.5, 1.5, -5.0), DVec3::Z).is_empty());
        assert!(hits(&p, DVec3::new(3.0, 0.0, -5.0), DVec3::Z).is_empty());
        // Within the container, nearer than four accuracies past its entry: missed.
        assert!(hits(&p, DVec3::new(0.0, 0.0, -0.002), DVec3::Z).is_empty());
        // The container clips what lies outside it.
        let far = square("contained_by { box { <-1,-1,0.5>, <1,1,1> } }");
        assert!(hits(&far, DVec3::new(0.0, 0.0, -5.0), DVec3::Z).is_empty());
    }

    #[test]
    fn the_nearest_of_two_sheets_is_the_one_crossing() {
        // A tube of radius 0.5 around y: a ray along z meets it twice, reported once.
        let p = shape(
            "parametric { function { 0.5*cos(u) } function { v } function { 0.5*sin(u) } \
             <0,-1>, <2*pi,1> max_gradient 2 precompute 10 x,y,z }",
        );
        let out = hits(&p, DVec3::new(0.0, 0.2, -5.0), DVec3::Z);
        assert_eq!(out.len(), 1);
        assert!((out[0].t - 4.5).abs() < 0.01, "{}", out[0].t);
        let n = out[0].normal.normalize();
        assert!(n.z.abs() > 0.99, "{n}");
    }

    #[test]
    fn standing_alone_the_sheets_are_met_one_after_another() {
        let p = shape(
            "parametric { function { 0.5*cos(u) } function { v } function { 0.5*sin(u) } \
             <0,-1>, <2*pi,1> max_gradient 2 precompute 10 x,y,z }",
        );
        let mut out = Vec::new();
        p.crossings_alone(&Ray::new(DVec3::new(0.0, 0.2, -5.0), DVec3::Z), 1e-6, &mut out);
        let ts: Vec<f64> = out.iter().map(|c| c.t).collect();
        assert_eq!(ts.len(), 2, "{ts:?}");
        assert!((ts[0] - 4.5).abs() < 0.01 && (ts[1] - 5.5).abs() < 0.01, "{ts:?}");
    }

    #[test]
    fn a_huge_max_gradient_still_ends_each_ray_soon() {
        let p = square("max_gradient 1e9 accuracy 1e-6");
        let start = std::time::Instant::now();
        let _ = hits(&p, DVec3::new(0.3, -0.2, -5.0), DVec3::new(0.01, 0.02, 1.0));
        assert!(start.elapsed().as_secs_f64() < 5.0);
    }

    #[test]
    fn precomputed_bounds_hold_their_halves_and_match_the_estimate() {
        let p = shape(
            "parametric { function { sin(3*u) } function { v*v } function { u*v } \
             <0,0>, <2,1> precompute 6 x,y }",
        );
        let table = p.table.as_ref().expect("a table");
        assert!(table.get(2, 1).is_none());
        assert!(table.get(0, table.size).is_none());
        for k in 1..table.size / 2 {
            let (parent, a, b) = (
                table.get(0, k).unwrap(),
                table.get(0, 2 * k).unwrap(),
                table.get(0, 2 * k + 1).unwrap(),
            );
            assert_eq!(parent, (a.0.min(b.0), a.1.max(b.1)), "patch {k}");
        }
        // The first deepest patch: five halvings from the whole range.
        let (mut low, mut high) = (p.uv_min, p.uv_max);
        for _ in 0..5 {
            [(low, high), _] = halves(low, high);
        }
        let expected = patch_range(&p.functions[1], low, high, p.accuracy, p.max_gradient);
        assert_eq!(table.get(1, table.size / 2).unwrap(), expected);
    }
}
