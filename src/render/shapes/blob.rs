//! `blob`: the surface where the summed fields of its elements equal the threshold,
//! inside where the sum is more.
//!
//! A ray is cut into intervals at the places where it enters or leaves an element
//! (elements found through their own BVH); within each interval the field is one
//! quartic, the sum of the elements active there, solved only where its Bernstein
//! coefficients say it may cross the threshold.

use std::cell::RefCell;
use std::sync::Arc;

use glam::DVec3;

use super::blob_element::{Element, Span};
use super::roots::roots_between;
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::accel::bvh::Bvh;
use crate::render::ray::Ray;
use crate::render::world::Surface;

/// Crossings nearer than this are ignored: POV-Ray 3.7's DEPTH_TOLERANCE for blobs,
/// large because the surface is found less exactly than most.
const DEPTH_TOLERANCE: f64 = 1e-2;
/// Points whose field is at most this below the threshold count as inside (POV-Ray's).
const INSIDE_TOLERANCE: f64 = 1e-6;
/// No crossing beyond this distance: POV-Ray's MAX_DISTANCE.
const MAX_DISTANCE: f64 = 1e7;

#[derive(Debug)]
pub struct Blob {
    elements: Vec<Element>,
    bvh: Bvh,
    threshold: f64,
    /// Texture groups: 1 when the whole blob takes one texture.
    groups: u32,
    /// Of the elements that add to the field; nothing lies outside them.
    bounds: Aabb,
}

/// A blob as one leaf of the world, with the surface of each texture group when its
/// components have textures of their own (blended by [`Blob::shares`]).
#[derive(Clone, Debug)]
pub struct BlobPart {
    pub blob: Arc<Blob>,
    pub textures: Option<Arc<[Arc<Surface>]>>,
}

#[derive(Default)]
struct Sweep {
    spans: Vec<Span>,
    /// Where a span starts or ends, the span, and whether it starts.
    events: Vec<(f64, u32, bool)>,
}

thread_local! {
    static SWEEP: RefCell<Sweep> = RefCell::new(Sweep::default());
}

impl Blob {
    pub fn new(elements: Vec<Element>, threshold: f64, groups: u32) -> Blob {
        let boxes: Vec<Aabb> = elements.iter().map(Element::bounds).collect();
        let bounds = elements
            .iter()
            .zip(&boxes)
            .filter(|(e, _)| e.strength > 0.0)
            .fold(Aabb::EMPTY, |acc, (_, b)| acc.union(b));
        Blob {
            bvh: Bvh::build(&boxes),
            elements,
            threshold,
            groups: groups.max(1),
            bounds,
        }
    }

    pub fn field(&self, p: DVec3) -> f64 {
        let mut sum = 0.0;
        self.bvh
            .query_point(p, |i| sum += self.elements[i as usize].field(p));
        sum
    }

    pub fn inside(&self, p: DVec3) -> bool {
        self.field(p) > self.threshold - INSIDE_TOLERANCE
    }

    /// The outward normal at `p` (not unit length); +x where the field is flat, as in
    /// POV-Ray.
    pub fn normal(&self, p: DVec3) -> DVec3 {
        let mut n = DVec3::ZERO;
        self.bvh
            .query_point(p, |i| n += self.elements[i as usize].descent(p));
        if n.length_squared() > 0.0 && n.is_finite() {
            n
        } else {
            DVec3::X
        }
    }

    /// Each texture group's share of the field at `p`, as POV-Ray weighs the
    /// textures it blends: the size of each element's field there, summed per group,
    /// scaled to add up to 1 (all zero where no element reaches).
    pub fn shares(&self, p: DVec3) -> Vec<f64> {
        // In single precision, as POV-Ray weighs its textures.
        let mut shares = vec![0.0f32; self.groups as usize];
        let mut total = 0.0f32;
        self.bvh.query_point(p, |i| {
            let e = &self.elements[i as usize];
            if let Some(share) = shares.get_mut(e.group as usize) {
                let weight = e.field(p).abs() as f32;
                *share += weight;
                total += weight;
            }
        });
        let scale = if total > 0.0 { 1.0 / total } else { 0.0 };
        shares.iter().map(|s| f64::from(s * scale)).collect()
    }

    /// Calls `found` with each crossing's `t` and point, nearest first, until it
    /// returns true.
    fn trace(&self, ray: &Ray, t_min: f64, mut found: impl FnMut(f64, DVec3) -> bool) {
        let len = ray.direction.length();
        if !len.is_finite() || len <= 0.0 {
            return;
        }
        let lo = t_min.max(DEPTH_TOLERANCE);
        let Some(start) = self.bounds.hit(ray, ray.direction.recip(), lo, MAX_DISTANCE) else {
            return;
        };
        // Restarted where it enters the bounds with a unit direction, the ray's
        // polynomials have coefficients of the size of the blob, not of its distance.
        let origin = ray.at(start);
        let dir = ray.direction / len;
        let (s_lo, s_hi) = ((lo - start) * len, (MAX_DISTANCE - start) * len);
        SWEEP.with(|sweep| {
            let Ok(mut sweep) = sweep.try_borrow_mut() else {
                return;
            };
            let Sweep { spans, events } = &mut *sweep;
            spans.clear();
            events.clear();
            let local = Ray::new(origin, dir);
            self.bvh.traverse(&local, s_lo, s_hi, |i, _| {
                if let Some(mut span) = self.elements[i as usize].span(origin, dir) {
                    span.from = span.from.max(s_lo);
                    span.to = span.to.min(s_hi);
                    if span.from < span.to {
                        spans.push(span);
                    }
                }
                false
            });
            for (k, span) in spans.iter().enumerate() {
                events.push((span.from, k as u32, true));
                events.push((span.to, k as u32, false));
            }
            events.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            let empty = [-self.threshold, 0.0, 0.0, 0.0, 0.0];
            let mut sum = empty;
            let mut active = 0usize;
            for (i, &(s, k, enters)) in events.iter().enumerate() {
                let field = &spans[k as usize].field;
                if enters {
                    active += 1;
                    sum.iter_mut().zip(field).for_each(|(a, f)| *a += f);
                } else {
                    active = active.saturating_sub(1);
                    if active == 0 {
                        // Starting again from nothing drops what rounding has added up.
                        sum = empty;
                        continue;
                    }
                    sum.iter_mut().zip(field).for_each(|(a, f)| *a -= f);
                }
                let Some(&(next, ..)) = events.get(i + 1) else {
                    break;
                };
                if next <= s || !may_cross(&sum, s, next) {
                    continue;
                }
                for &root in roots_between(&sum, s, next).as_slice() {
                    let t = start + root / len;
                    if t > lo && found(t, origin + dir * root) {
                        return;
                    }
                }
            }
        });
    }
}

/// False when quartic `c` certainly keeps one sign between `from` and `to`: its
/// Bernstein coefficients there, whose hull holds the curve, all have that sign.
fn may_cross(c: &[f64; 5], from: f64, to: f64) -> bool {
    // The polynomial in x of c(from + (to - from) x), by Taylor shifts.
    let mut k = *c;
    for i in 0..4 {
        for j in (i..4).rev() {
            k[j] += from * k[j + 1];
        }
    }
    let w = to - from;
    let mut scale = 1.0;
    for kj in &mut k {
        *kj *= scale;
        scale *= w;
    }
    let b = [
        k[0],
        k[0] + 0.25 * k[1],
        k[0] + 0.5 * k[1] + k[2] / 6.0,
        k[0] + 0.75 * k[1] + 0.5 * k[2] + 0.25 * k[3],
        k[0] + k[1] + k[2] + k[3] + k[4],
    ];
    let all_above = b.iter().all(|v| *v >= 0.0);
    let all_below = b.iter().all(|v| *v <= 0.0);
    !all_above && !all_below
}

impl BlobPart {
    pub fn whole(blob: Blob) -> BlobPart {
        BlobPart {
            blob: Arc::new(blob),
            textures: None,
        }
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        self.blob.trace(ray, t_min, |t, p| {
            out.push(Crossing::new(t, self.blob.normal(p)));
            false
        });
    }

    pub fn nearest(&self, ray: &Ray, t_min: f64, t_max: f64) -> Option<Crossing> {
        let mut best = None;
        self.blob.trace(ray, t_min, |t, p| {
            if t < t_max {
                best = Some(Crossing::new(t, self.blob.normal(p)));
            }
            true
        });
        best
    }

    pub fn inside(&self, p: DVec3) -> bool {
        self.blob.inside(p)
    }

    pub fn bounds(&self) -> Aabb {
        self.blob.bounds
    }
}

#[cfg(test)]
mod tests {
    use glam::DAffine3;

    use super::super::blob_element::Piece;
    use super::*;

    fn ball(center: DVec3, radius: f64, strength: f64, group: u32) -> Element {
        let unit = DAffine3::from_translation(center) * DAffine3::from_scale(DVec3::splat(radius));
        Element::new(Piece::Ball, unit, strength, group)
    }

    #[test]
    fn one_ball_is_a_sphere_where_its_field_meets_the_threshold() {
        // (1 - r²/4)² = 1/4 where r = √2.
        let b = BlobPart::whole(Blob::new(vec![ball(DVec3::ZERO, 2.0, 1.0, 0)], 0.25, 1));
        let ray = Ray::new(DVec3::new(-5.0, 0.0, 0.0), DVec3::X);
        let mut out = Vec::new();
        b.crossings(&ray, 1e-6, &mut out);
        let r = 2f64.sqrt();
        assert_eq!(out.len(), 2, "{out:?}");
        assert!((out[0].t - (5.0 - r)).abs() < 1e-9 && (out[1].t - (5.0 + r)).abs() < 1e-9);
        assert!(out[0].normal.normalize().dot(-DVec3::X) > 0.999_999);
        assert!(out[1].normal.normalize().dot(DVec3::X) > 0.999_999);
        let near = b.nearest(&ray, 1e-6, f64::INFINITY).expect("a hit");
        assert_eq!(near.t, out[0].t);
        assert!(b.nearest(&ray, 1e-6, 3.0).is_none());
        assert!(b.inside(DVec3::ZERO) && b.inside(DVec3::new(0.0, 1.4, 0.0)));
        assert!(!b.inside(DVec3::new(0.0, 1.5, 0.0)));
        let bounds = b.bounds();
        assert!(
            bounds.min.abs_diff_eq(DVec3::splat(-2.0), 1e-9)
                && bounds.max.abs_diff_eq(DVec3::splat(2.0), 1e-9)
        );
    }

    #[test]
    fn a_negative_component_carves_a_dent_and_adds_nothing_to_the_bounds() {
        let b = BlobPart::whole(Blob::new(
            vec![
                ball(DVec3::ZERO, 2.0, 1.0, 0),
                ball(DVec3::new(1.5, 0.0, 0.0), 1.0, -1.0, 0),
            ],
            0.25,
            1,
        ));
        assert!(!b.inside(DVec3::new(1.3, 0.0, 0.0)));
        assert!(b.inside(DVec3::new(-1.3, 0.0, 0.0)));
        assert!(b.bounds().max.x <= 2.0 + 1e-9);
        let ray = Ray::new(DVec3::new(5.0, 0.0, 0.0), -DVec3::X);
        let hit = b.nearest(&ray, 1e-6, f64::INFINITY).expect("a hit");
        let p = ray.at(hit.t);
        assert!(p.x < 2f64.sqrt() - 1e-3, "the dent moves the surface in: {p:?}");
        assert!((b.blob.field(p) - 0.25).abs() < 1e-9);
        assert!(hit.normal.x > 0.0);
    }

    #[test]
    fn two_balls_merge_between_them() {
        let b = BlobPart::whole(Blob::new(
            vec![
                ball(DVec3::new(-1.0, 0.0, 0.0), 1.5, 1.0, 0),
                ball(DVec3::new(1.0, 0.0, 0.0), 1.5, 1.0, 0),
            ],
            0.5,
            1,
        ));
        // Alone, neither reaches the middle above the threshold; together they do.
        assert!(b.inside(DVec3::ZERO));
        let ray = Ray::new(DVec3::new(-5.0, 0.0, 0.0), DVec3::X);
        let mut out = Vec::new();
        b.crossings(&ray, 1e-6, &mut out);
        assert_eq!(out.len(), 2, "{out:?}");
        for c in &out {
            assert!((b.blob.field(ray.at(c.t)) - 0.5).abs() < 1e-9);
        }
    }

    #[test]
    fn texture_groups_share_the_field_by_its_size() {
        let blob = Blob::new(
            vec![
                ball(DVec3::new(-1.0, 0.0, 0.0), 1.5, 1.0, 0),
                ball(DVec3::new(1.0, 0.0, 0.0), 1.5, -1.0, 1),
            ],
            0.5,
            2,
        );
        let middle = blob.shares(DVec3::ZERO);
        assert!((middle[0] - 0.5).abs() < 1e-6 && (middle[1] - 0.5).abs() < 1e-6);
        let left = blob.shares(DVec3::new(-1.0, 0.0, 0.0));
        assert!(left[0] > 0.9 && (left[0] + left[1] - 1.0).abs() < 1e-6);
        assert_eq!(blob.shares(DVec3::new(9.0, 0.0, 0.0)), vec![0.0, 0.0]);
    }

    #[test]
    fn a_ray_missing_every_element_or_degenerate_finds_nothing() {
        let b = BlobPart::whole(Blob::new(vec![ball(DVec3::ZERO, 1.0, 1.0, 0)], 0.5, 1));
        let mut out = Vec::new();
        b.crossings(&Ray::new(DVec3::new(-5.0, 3.0, 0.0), DVec3::X), 1e-6, &mut out);
        b.crossings(&Ray::new(DVec3::ZERO, DVec3::ZERO), 1e-6, &mut out);
        b.crossings(&Ray::new(DVec3::ZERO, DVec3::splat(f64::NAN)), 1e-6, &mut out);
        assert!(out.is_empty(), "{out:?}");
        let empty = BlobPart::whole(Blob::new(Vec::new(), 0.5, 1));
        empty.crossings(&Ray::new(DVec3::new(-5.0, 0.0, 0.0), DVec3::X), 1e-6, &mut out);
        assert!(out.is_empty() && !empty.inside(DVec3::ZERO) && empty.bounds().is_empty());
    }
}
