//! Where along a ray media are sampled, as POV-Ray 3.7 chooses it: the stretches each
//! media-interacting light reaches (a spotlight's cone, a cylinder light's tube, all of
//! the ray for other lights), merged into lit and unlit stretches, and the medium's
//! intervals shared out over them by its `ratio`.

/// POV-Ray's `MAX_DISTANCE`: where a stretch that runs on without end stops.
const MAX_DISTANCE: f64 = 1.0e7;
/// POV-Ray's `EPSILON` for the cone and tube equations.
const EPSILON: f64 = 1.0e-10;
/// A light's stretch must end beyond this to count (POV-Ray's `SMALL_TOLERANCE`).
const SMALL_TOLERANCE: f64 = 1.0e-3;

/// A ray from `origin` along the unit `direction`, and a light's axis.
pub struct Beam {
    pub origin: glam::DVec3,
    pub direction: glam::DVec3,
    /// Where the light is.
    pub centre: glam::DVec3,
    /// The unit direction the light points.
    pub axis: glam::DVec3,
}

impl Beam {
    /// The stretch `(t0, t1)` of the ray inside a spotlight's cone of half-angle
    /// `acos(cos_falloff)`, on the side the light points to.
    pub fn in_cone(&self, cos_falloff: f64) -> Option<(f64, f64)> {
        if cos_falloff <= EPSILON {
            // A cone of 90 degrees or more is all the space ahead of the light.
            return Some((0.0, MAX_DISTANCE));
        }
        let m = 1.0 / (cos_falloff * cos_falloff);
        let v = self.origin - self.centre;
        let (k1, k2) = (self.direction.dot(self.axis), v.dot(self.axis));
        let l = v.length();
        let starts_inside = l > EPSILON && k2 / l >= cos_falloff;
        if k1 <= 0.0 && k2 < 0.0 {
            return None;
        }
        let (k3, k4) = (v.dot(self.direction), v.dot(v));
        // The squared distance from the axis less the cone's, a t^2 + 2 b t + c.
        let a = 1.0 - k1 * k1 * m;
        let b = k3 - k1 * k2 * m;
        let c = k4 - k2 * k2 * m;
        if a == 0.0 {
            return starts_inside.then(|| (0.0, -c / (2.0 * b)));
        }
        let d = b * b - a * c;
        if d > EPSILON {
            let d = d.sqrt();
            let (r1, r2) = ((-b + d) / a, (-b - d) / a);
            let (t1, t2) = (r1.min(r2), r1.max(r2));
            // Where each root lies along the axis: behind the light is the other nappe.
            let (l1, l2) = (k2 + t1 * k1, k2 + t2 * k1);
            return match (l1 <= 0.0, l2 <= 0.0) {
                (true, true) => None,
                (true, false) if starts_inside => Some((0.0, if t2 > 0.0 { t2 } else { MAX_DISTANCE })),
                (true, false) => Some((t2, MAX_DISTANCE)),
                (false, true) if starts_inside => Some((0.0, t1)),
                (false, true) => Some((t1, MAX_DISTANCE)),
                (false, false) => Some((t1, t2)),
            };
        }
        if d > -EPSILON {
            return Some(if starts_inside {
                (0.0, -b / a)
            } else {
                (-b / a, MAX_DISTANCE)
            });
        }
        None
    }

    /// The stretch `(t0, t1)` of the ray inside a cylinder light's tube of `radius`,
    /// ahead of the light.
    pub fn in_tube(&self, radius: f64) -> Option<(f64, f64)> {
        let v = self.origin - self.centre;
        let (k1, k2) = (self.direction.dot(self.axis), v.dot(self.axis));
        if k1 <= 0.0 && k2 < 0.0 {
            return None;
        }
        let a = 1.0 - k1 * k1;
        if a == 0.0 {
            return None;
        }
        let (k3, k4) = (v.dot(self.direction), v.dot(v));
        let b = k3 - k1 * k2;
        let c = k4 - k2 * k2 - radius * radius;
        let d = b * b - a * c;
        if d <= EPSILON {
            return None;
        }
        let d = d.sqrt();
        let (r1, r2) = ((-b + d) / a, (-b - d) / a);
        let (mut t1, mut t2) = (r1.min(r2), r1.max(r2));
        let (l1, l2) = (k2 + t1 * k1, k2 + t2 * k1);
        if l1 <= 0.0 && l2 <= 0.0 {
            return None;
        }
        if l1 <= 0.0 {
            t1 = 0.0;
        } else if l2 <= 0.0 {
            t2 = (MAX_DISTANCE - k2) / k1;
        }
        Some((t1, t2))
    }
}

/// A light's stretch `(t0, t1)` clipped to a ray of `depth`, or `None` where it
/// misses the ray (POV-Ray keeps it only if it starts before the depth and ends past
/// its small tolerance).
pub fn clip_span(span: (f64, f64), depth: f64) -> Option<(f64, f64)> {
    (span.0 < depth && span.1 > SMALL_TOLERANCE).then(|| (span.0.max(0.0), span.1.min(depth)))
}

/// One stretch of a ray, lit by some light or by none.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stretch {
    pub lit: bool,
    pub s0: f64,
    pub s1: f64,
}

/// The lit and unlit stretches of a ray of `depth` from the lights' `spans`. As POV-Ray
/// 3.7.0 does it, the starts and the ends are sorted apart before they are paired.
pub fn lit_stretches(spans: &[(f64, f64)], depth: f64) -> Vec<Stretch> {
    if spans.is_empty() {
        return vec![Stretch {
            lit: false,
            s0: 0.0,
            s1: depth,
        }];
    }
    let mut starts: Vec<f64> = spans.iter().map(|s| s.0).collect();
    let mut ends: Vec<f64> = spans.iter().map(|s| s.1).collect();
    starts.sort_by(f64::total_cmp);
    ends.sort_by(f64::total_cmp);
    let mut out = Vec::with_capacity(2 * spans.len() + 1);
    let unlit = |s0, s1| Stretch { lit: false, s0, s1 };
    let lit = |s0, s1| Stretch { lit: true, s0, s1 };
    if starts[0] > 0.0 {
        out.push(unlit(0.0, starts[0]));
    }
    out.push(lit(starts[0], ends[0]));
    for (&s0, &s1) in starts.iter().zip(&ends).skip(1) {
        let last = out.last_mut().expect("one lit stretch");
        if s0 > last.s1 {
            let from = last.s1;
            out.push(unlit(from, s0));
            out.push(lit(s0, s1));
        } else if s1 > last.s1 {
            last.s1 = s1;
        }
    }
    let end = out.last().expect("one lit stretch").s1;
    if end < depth {
        out.push(unlit(end, depth));
    }
    out
}

/// The intervals to sample: `intervals` (at least one a stretch) shared out over the
/// stretches, lit ones weighted by `ratio` and unlit ones by `1 - ratio`; a single
/// unlit stretch through a constant medium is one interval. The ray's start and end
/// are always covered.
pub fn sample_intervals(
    stretches: &[Stretch],
    intervals: u32,
    ratio: f64,
    constant: bool,
    depth: f64,
) -> Vec<Stretch> {
    let count = (intervals as usize).max(stretches.len());
    let mut out = Vec::with_capacity(count + 2);
    let mut split = |s: &Stretch, n: usize| {
        let delta = (s.s1 - s.s0) / n as f64;
        for j in 0..n {
            out.push(Stretch {
                lit: s.lit,
                s0: s.s0 + delta * j as f64,
                s1: s.s0 + delta * (j + 1) as f64,
            });
        }
    };
    if let [only] = stretches {
        split(only, if !only.lit && constant { 1 } else { count });
    } else {
        let weight = |s: &Stretch| if s.lit { ratio } else { 1.0 - ratio };
        let sum: f64 = stretches.iter().map(weight).sum();
        let mut remaining = count;
        for (i, s) in stretches.iter().enumerate() {
            // At least one each, and enough left for the stretches after this one.
            let share = (weight(s) / sum * count as f64) as usize + 1;
            let room = (remaining + i + 1).saturating_sub(stretches.len()).max(1);
            let n = share.min(room);
            split(s, n);
            remaining = remaining.saturating_sub(n);
        }
    }
    if let Some(first) = out.first().copied() {
        if first.s0 > 0.0 {
            out.insert(
                0,
                Stretch {
                    lit: false,
                    s0: 0.0,
                    s1: first.s0,
                },
            );
        }
    }
    if let Some(last) = out.last().copied() {
        if last.s1 < depth {
            out.push(Stretch {
                lit: false,
                s0: last.s1,
                s1: depth,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use glam::DVec3;

    #[test]
    fn a_ray_across_a_cone_is_lit_between_its_walls() {
        let beam = Beam {
            origin: DVec3::new(-10.0, -5.0, 0.0),
            direction: DVec3::X,
            centre: DVec3::ZERO,
            axis: -DVec3::Y,
        };
        // A 45 degree cone five below its apex is five wide each side.
        let (t0, t1) = beam.in_cone(45f64.to_radians().cos()).expect("crosses");
        assert!((t0 - 5.0).abs() < 1e-9 && (t1 - 15.0).abs() < 1e-9, "{t0} {t1}");
        let above = Beam {
            origin: DVec3::new(-10.0, 5.0, 0.0),
            ..beam
        };
        assert_eq!(
            above.in_cone(45f64.to_radians().cos()),
            None,
            "the nappe behind the light"
        );
        let inside = Beam {
            origin: DVec3::new(0.0, -5.0, 0.0),
            ..beam
        };
        let span = inside.in_cone(45f64.to_radians().cos()).expect("starts inside");
        let (t0, t1) = clip_span(span, 100.0).expect("ahead");
        assert!(t0 == 0.0 && (t1 - 5.0).abs() < 1e-9, "{t0} {t1}");
    }

    #[test]
    fn a_ray_across_a_tube_is_lit_inside_it() {
        let beam = Beam {
            origin: DVec3::new(-10.0, -5.0, 0.0),
            direction: DVec3::X,
            centre: DVec3::ZERO,
            axis: -DVec3::Y,
        };
        let (t0, t1) = beam.in_tube(2.0).expect("crosses");
        assert!((t0 - 8.0).abs() < 1e-9 && (t1 - 12.0).abs() < 1e-9, "{t0} {t1}");
        let behind = Beam {
            origin: DVec3::new(-10.0, 5.0, 0.0),
            ..beam
        };
        assert_eq!(behind.in_tube(2.0), None);
    }

    #[test]
    fn stretches_merge_overlapping_lights_and_fill_the_gaps() {
        let s = lit_stretches(&[(2.0, 4.0), (3.0, 5.0), (7.0, 8.0)], 10.0);
        let pairs: Vec<(bool, f64, f64)> = s.iter().map(|s| (s.lit, s.s0, s.s1)).collect();
        assert_eq!(
            pairs,
            vec![
                (false, 0.0, 2.0),
                (true, 2.0, 5.0),
                (false, 5.0, 7.0),
                (true, 7.0, 8.0),
                (false, 8.0, 10.0)
            ]
        );
        assert_eq!(
            lit_stretches(&[], 3.0),
            vec![Stretch {
                lit: false,
                s0: 0.0,
                s1: 3.0
            }]
        );
    }

    #[test]
    fn intervals_are_shared_by_ratio_and_cover_the_ray() {
        let stretches = lit_stretches(&[(2.0, 4.0)], 10.0);
        let iv = sample_intervals(&stretches, 10, 0.9, false, 10.0);
        let lit = iv.iter().filter(|s| s.lit).count();
        assert!(lit > iv.len() / 2, "most intervals where the light is: {iv:?}");
        assert_eq!((iv[0].s0, iv.last().unwrap().s1), (0.0, 10.0));
        for w in iv.windows(2) {
            assert!((w[0].s1 - w[1].s0).abs() < 1e-12, "no gaps: {iv:?}");
        }
        let one = sample_intervals(&lit_stretches(&[], 10.0), 10, 0.9, true, 10.0);
        assert_eq!(one.len(), 1, "an unlit constant medium is one interval");
        assert_eq!(
            sample_intervals(&lit_stretches(&[], 10.0), 4, 0.9, false, 10.0).len(),
            4
        );
    }
}
