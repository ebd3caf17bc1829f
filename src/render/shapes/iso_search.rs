//! The isosurface's root search along one ray: an interval is halved while the
//! function could reach zero in it, given the largest slope the scene promises
//! (`max_gradient`), down to intervals shorter than `accuracy`; the nearest such
//! interval that ends below zero holds the root.

use glam::DVec3;

use super::isosurface::Isosurface;

/// Function evaluations one root search may spend: a hostile max_gradient with a tiny
/// accuracy would otherwise halve every interval down to its end, 2^depth evaluations.
/// That is enough to halve every interval of a span 16 000 accuracies long (the default
/// box at the default accuracy is 3 500); a search that runs out reports no root.
const MAX_EVALUATIONS: u32 = 1 << 14;

/// One end of an interval: where, and the signed function's value there.
#[derive(Clone, Copy)]
struct End {
    t: f64,
    f: f64,
}

/// An interval waiting to be searched.
struct Interval {
    a: End,
    b: End,
    /// The most the function can change across it: max_gradient × its length.
    reach: f64,
    /// Its length in the ray's `t`.
    length: f64,
}

/// The state of the search along one ray, in the isosurface's space.
pub struct RaySearch<'a> {
    pub iso: &'a Isosurface,
    origin: DVec3,
    direction: DVec3,
    /// Object-space length of a unit of `t`: slopes are bounded in object space.
    scale: f64,
    /// 1 while looking for a way in, -1 while looking for a way out.
    pub sign: f64,
    /// The max_gradient in force (`evaluate` changes it as it goes).
    pub max_gradient: f64,
    /// The steepest slope met, for the max_gradient warning.
    pub steepest: f64,
    evaluations: u32,
}

impl<'a> RaySearch<'a> {
    pub fn new(iso: &'a Isosurface, origin: DVec3, direction: DVec3, max_gradient: f64) -> RaySearch<'a> {
        RaySearch {
            iso,
            origin,
            direction,
            scale: direction.length(),
            sign: 1.0,
            max_gradient,
            steepest: 0.0,
            evaluations: 0,
        }
    }

    /// `function - threshold` at `t` along the ray.
    pub fn value(&mut self, t: f64) -> f64 {
        self.evaluations += 1;
        self.iso.value(self.origin + self.direction * t)
    }

    fn signed(&mut self, t: f64) -> f64 {
        self.sign * self.value(t)
    }

    /// The nearest root in `[t1, t2]`, where the signed function goes below zero.
    pub fn find_root(&mut self, t1: f64, t2: f64) -> Option<f64> {
        let mut a = End {
            t: t1,
            f: self.signed(t1),
        };
        if self.iso.open && a.f < 0.0 {
            // Starting inside an open isosurface: look for the way out.
            self.sign = -self.sign;
            a.f = -a.f;
        }
        let b = End {
            t: t2,
            f: self.signed(t2),
        };
        let length = t2 - t1;
        if let Some([p0, _, p2]) = self.iso.evaluate {
            if self.max_gradient > p0 {
                self.max_gradient *= p2;
            }
        }
        let mut stack = Vec::with_capacity(32);
        stack.push(Interval {
            a,
            b,
            reach: self.max_gradient * self.scale * length,
            length,
        });
        while let Some(Interval {
            a,
            b,
            mut reach,
            length,
        }) = stack.pop()
        {
            let slope = (b.f - a.f).abs() / (self.scale * length);
            if slope > self.steepest {
                self.steepest = slope;
            }
            if let Some([_, p1, _]) = self.iso.evaluate {
                if self.max_gradient < slope * p1 {
                    self.max_gradient = slope * p1 * p1;
                    reach = self.max_gradient * self.scale * length;
                }
            }
            if length < self.iso.accuracy {
                if b.f < 0.0 {
                    return Some(b.t);
                }
                continue;
            }
            // The function can only reach zero in the interval if its ends, each
            // falling at most reach / 2 towards the middle, allow it.
            if a.f + b.f - reach < 0.0 {
                if self.evaluations >= MAX_EVALUATIONS {
                    return None;
                }
                let half = length * 0.5;
                let mid_t = a.t + half;
                let mid = End {
                    t: mid_t,
                    f: self.signed(mid_t),
                };
                let reach = reach * 0.5;
                stack.push(Interval {
                    a: mid,
                    b,
                    reach,
                    length: half,
                });
                stack.push(Interval {
                    a,
                    b: mid,
                    reach,
                    length: half,
                });
            }
        }
        None
    }
}
