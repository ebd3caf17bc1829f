//! `isosurface`: where a user function minus the threshold crosses zero, inside where
//! it is negative, within a box or sphere; unless `open`, the container's surface shows
//! where it cuts the solid. The ray's crossings follow POV-Ray 3.7's order of
//! searching: the container first, then up to `max_trace` roots.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use glam::DVec3;

use super::iso_search::RaySearch;
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;
use crate::scene::Container;
use crate::sdl::function::Function;

/// Rays are searched no further than this: POV-Ray 3.7's BOUND_HUGE.
const FAR: f64 = 2.0e10;
/// A container crossing this close behind the origin still counts: POV-Ray's box
/// DEPTH_TOLERANCE.
const BOX_TOLERANCE: f64 = 1e-6;
/// POV-Ray's EPSILON, with which its sphere intersection and isosurface normal test
/// closeness to the container sphere.
const TINY: f64 = 1e-10;
/// Near the surface, the search steps this many accuracies along before deciding which
/// side it is on: POV-Ray 3.7's isosurface steps.
const STEP_OFF: f64 = 5.0;
const NEAR_SURFACE: f64 = 4.0;

#[derive(Debug)]
pub struct Isosurface {
    pub function: Arc<Function>,
    pub container: Container,
    pub threshold: f64,
    pub accuracy: f64,
    pub max_gradient: f64,
    pub evaluate: Option<[f64; 3]>,
    pub open: bool,
    pub max_trace: u32,
    /// With `evaluate`: the max_gradient grown to so far, as f64 bits (non-negative
    /// floats order like their bits), shared by every ray as in POV-Ray.
    pub grown_gradient: AtomicU64,
    /// The steepest slope any ray met, as f64 bits: what POV-Ray's max_gradient warning
    /// reports (not yet shown: the render has no channel for warnings).
    pub steepest: AtomicU64,
}

/// Where a crossing lies: on the function's surface or on the container's.
enum On {
    Root,
    Container(DVec3),
}

/// Where `ray` runs through a sphere container, as POV-Ray's container test finds it:
/// nothing when the ray starts outside and heads away, or only grazes the sphere.
pub(super) fn sphere_container_span(ray: &Ray, center: DVec3, radius: f64) -> Option<(f64, f64)> {
    let length = ray.direction.length();
    let unit = ray.direction / length;
    let to_center = center - ray.origin;
    let along = to_center.dot(unit);
    let oc2 = to_center.length_squared();
    let r2 = radius * radius;
    if oc2 >= r2 && along < TINY {
        return None;
    }
    let half2 = r2 - oc2 + along * along;
    if half2.is_nan() || half2 <= TINY {
        return None;
    }
    let half = half2.sqrt();
    Some(((along - half) / length, (along + half) / length))
}

impl Isosurface {
    pub fn new(iso: &crate::scene::Isosurface) -> Isosurface {
        Isosurface {
            function: Arc::clone(&iso.function),
            container: iso.container.clone(),
            threshold: iso.threshold,
            accuracy: iso.accuracy,
            max_gradient: iso.max_gradient,
            evaluate: iso.evaluate,
            open: iso.open,
            max_trace: iso.max_trace,
            grown_gradient: AtomicU64::new(iso.max_gradient.to_bits()),
            steepest: AtomicU64::new(0),
        }
    }

    /// `function - threshold` at `p`.
    pub fn value(&self, p: DVec3) -> f64 {
        self.function.call(&[p.x, p.y, p.z]).unwrap_or(f64::NAN) - self.threshold
    }

    /// The ray's entry and exit `t` of the container, with the surface normals there.
    fn container_span(&self, ray: &Ray) -> Option<(f64, f64, DVec3, DVec3)> {
        match self.container {
            Container::Box(min, max) => {
                let (mut near, mut far) = (f64::NEG_INFINITY, f64::INFINITY);
                let (mut near_normal, mut far_normal) = (DVec3::ZERO, DVec3::ZERO);
                for axis in 0..3 {
                    let (o, d) = (ray.origin[axis], ray.direction[axis]);
                    if d.abs() < TINY {
                        if o < min[axis] || o > max[axis] {
                            return None;
                        }
                        continue;
                    }
                    let mut n = DVec3::ZERO;
                    n[axis] = -d.signum();
                    let (t1, t2) = ((min[axis] - o) / d, (max[axis] - o) / d);
                    let (ta, tb) = if d > 0.0 { (t1, t2) } else { (t2, t1) };
                    if ta > near {
                        near = ta;
                        near_normal = n;
                    }
                    if tb < far {
                        far = tb;
                        far_normal = -n;
                    }
                }
                if near.is_nan() || far.is_nan() || near > far || far < BOX_TOLERANCE {
                    return None;
                }
                Some((near, far, near_normal, far_normal))
            }
            Container::Sphere { center, radius } => {
                let (t1, t2) = sphere_container_span(ray, center, radius)?;
                let normal = |t: f64| (ray.at(t) - center) / radius;
                Some((t1, t2, normal(t1), normal(t2)))
            }
        }
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let Some((entry, exit, entry_normal, exit_normal)) = self.container_span(ray) else {
            return;
        };
        let start = out.len();
        let accuracy = self.accuracy;
        let mut max_gradient = self.max_gradient;
        if self.evaluate.is_some() {
            max_gradient = max_gradient.max(f64::from_bits(self.grown_gradient.load(Ordering::Relaxed)));
        }
        let mut search = RaySearch::new(self, ray.origin, ray.direction, max_gradient);
        let near_surface = max_gradient * accuracy * NEAR_SURFACE;
        let push = |t: f64, on: On, out: &mut Vec<Crossing>| {
            if t > t_min {
                let normal = match on {
                    On::Container(n) => n,
                    On::Root => self.normal(ray.at(t)),
                };
                out.push(Crossing::new(t, normal));
            }
        };
        let mut tmin = entry.max(0.0);
        let mut traced = 0;
        if !self.open {
            let at_entry = search.value(tmin);
            if tmin > accuracy {
                if at_entry < 0.0 {
                    // The solid fills the container where the ray comes in.
                    push(tmin, On::Container(entry_normal), out);
                    traced += 1;
                    search.sign = -search.sign;
                }
            } else {
                if at_entry < near_surface {
                    tmin = accuracy * STEP_OFF;
                    if search.value(tmin) < 0.0 {
                        search.sign = -1.0;
                    }
                }
                if search.value(exit) < 0.0 {
                    push(exit, On::Container(exit_normal), out);
                }
            }
        }
        let tmax = exit.min(FAR);
        tmin = tmin.min(tmax);
        if tmax - tmin < accuracy {
            out.truncate(start);
            return;
        }
        if tmin < accuracy && search.sign > 0.0 && search.value(tmin).abs() < near_surface {
            // Starting on the surface (a secondary ray): step off it first.
            tmin = accuracy * STEP_OFF;
            if search.value(tmin) < 0.0 {
                search.sign = -1.0;
            }
        }
        while traced < self.max_trace {
            let Some(t) = search.find_root(tmin, tmax) else {
                break;
            };
            push(t, On::Root, out);
            tmin = t + accuracy * STEP_OFF;
            if tmax - tmin < accuracy {
                break;
            }
            search.sign = -search.sign;
            traced += 1;
        }
        if self.evaluate.is_some() {
            self.grown_gradient
                .fetch_max(search.max_gradient.to_bits(), Ordering::Relaxed);
        }
        if search.steepest > f64::from_bits(self.steepest.load(Ordering::Relaxed)) {
            self.steepest
                .fetch_max(search.steepest.to_bits(), Ordering::Relaxed);
        }
    }

    /// The surface normal at a root: the container sphere's where the root lies on it,
    /// else the function's gradient by forward differences one accuracy long, as
    /// POV-Ray 3.7 takes it.
    fn normal(&self, p: DVec3) -> DVec3 {
        if let Container::Sphere { center, radius } = self.container {
            let r = p - center;
            if (r.length() - radius).abs() < TINY {
                return r / radius;
            }
        }
        let f = self.value(p);
        let h = self.accuracy;
        let g = DVec3::new(
            self.value(p + DVec3::new(h, 0.0, 0.0)) - f,
            self.value(p + DVec3::new(0.0, h, 0.0)) - f,
            self.value(p + DVec3::new(0.0, 0.0, h)) - f,
        );
        if g == DVec3::ZERO || !g.is_finite() {
            return DVec3::X;
        }
        g.normalize()
    }

    pub fn inside(&self, p: DVec3) -> bool {
        let in_container = match self.container {
            Container::Box(min, max) => p.cmpge(min).all() && p.cmple(max).all(),
            Container::Sphere { center, radius } => (p - center).length_squared() <= radius * radius,
        };
        if !in_container {
            return false;
        }
        // A NaN value counts as inside, as in POV-Ray (which tests for above zero).
        let v = self.value(p);
        v.is_nan() || v <= 0.0
    }

    pub fn bounds(&self) -> Aabb {
        match self.container {
            Container::Box(min, max) => Aabb::new(min, max),
            Container::Sphere { center, radius } => Aabb::new(center - radius, center + radius),
        }
    }
}
