//! Participating media along a ray segment, as POV-Ray 3.7 samples them: the segment
//! split into intervals, each sampled at evenly spaced points (method 3 refines
//! between neighbours that differ by more than `aa_threshold`, down `aa_level`
//! halvings), emission and light scattered towards the viewer added, and what lies
//! behind dimmed by the optical depth.

use std::sync::Arc;

use glam::{DMat4, DVec3};

use crate::budget::OverBudget;
use crate::render::integrator::media_intervals::{lit_stretches, sample_intervals};
use crate::render::sampling::{hash, unit};
use crate::render::texture::pigment::{CompiledPigment, ImageTexels};
use crate::render::variance::confidence_thresholds;
use crate::scene::{Interior, Media, Phase};

/// How far a ray that meets nothing runs through atmospheric media: POV-Ray's
/// largest depth (its `BOUND_HUGE`).
pub const MISS_LENGTH: f64 = 2.0e10;

/// A medium ready to sample, its densities in world space.
#[derive(Clone, Debug)]
pub struct CompiledMedia {
    pub emission: DVec3,
    pub scattering: DVec3,
    /// Absorption plus scattering's share of extinction.
    pub extinction: DVec3,
    pub phase: Phase,
    pub method: u8,
    pub intervals: u32,
    pub min_samples: u32,
    /// Methods 1 and 2 add samples to an interval up to this many while their
    /// variance stays above `thresholds` (by how many it has).
    pub max_samples: u32,
    pub thresholds: Vec<f64>,
    pub jitter: f64,
    pub aa_level: u32,
    pub aa_threshold: f64,
    /// The share of intervals given to lit stretches of a ray.
    pub ratio: f64,
    pub density: Vec<CompiledPigment>,
}

impl CompiledMedia {
    /// `media` with its densities moved by `to_world` (from the space they were
    /// written in).
    pub fn compile(
        media: &Media,
        to_world: Option<DMat4>,
        images: &mut ImageTexels,
        noise_generator: u8,
    ) -> Result<CompiledMedia, OverBudget> {
        let density = media
            .density
            .iter()
            .map(|d| {
                let mut d = d.clone();
                if let Some(m) = to_world {
                    d.transform(m);
                }
                CompiledPigment::compile_in(&d, images, noise_generator)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let max_samples = media.max_samples.max(media.min_samples).max(1);
        let thresholds = if media.method != 3 && max_samples > media.min_samples {
            confidence_thresholds(max_samples, media.confidence, media.variance)
        } else {
            Vec::new()
        };
        Ok(CompiledMedia {
            emission: media.emission,
            scattering: media.scattering,
            extinction: media.absorption + media.scattering * media.extinction,
            phase: media.phase,
            method: media.method,
            intervals: media.intervals.max(1),
            min_samples: media.min_samples.max(1),
            max_samples,
            thresholds,
            jitter: media.jitter,
            aa_level: media.aa_level.max(1),
            aa_threshold: media.aa_threshold,
            ratio: media.ratio,
            density,
        })
    }

    /// The product of the densities at `p` (1 with none).
    pub(crate) fn density_at(&self, p: DVec3) -> DVec3 {
        let mut c = DVec3::ONE;
        for d in &self.density {
            c *= d.eval(p).rgb;
        }
        c
    }

    /// How much of the light arriving along the unit `to_light` scatters back along
    /// the ray's unit `direction`, before averaging over the media. Constants matched
    /// against POV-Ray 3.7.0's phase functions (their normalisations).
    fn phase_weight(&self, to_light: DVec3, direction: DVec3) -> f64 {
        let alpha = to_light.dot(direction);
        match self.phase {
            Phase::Isotropic => 1.0,
            Phase::Rayleigh => 0.799372013 * (1.0 + alpha * alpha),
            Phase::MieHazy => 0.576655375 * (1.0 + 9.0 * (0.5 * (1.0 + alpha)).powi(8)),
            Phase::MieMurky => 0.495714547 * (1.0 + 50.0 * (0.5 * (1.0 + alpha)).powi(32)),
            Phase::HenyeyGreenstein(g) => (1.0 - g * g) / (1.0 + g * g - 2.0 * g * alpha).powf(1.5),
        }
    }
}

/// An interior as the renderer holds it: the scene's, with its media compiled.
#[derive(Debug, Default)]
pub struct RenderInterior {
    pub interior: Arc<Interior>,
    pub media: Vec<CompiledMedia>,
}

impl RenderInterior {
    /// Whether both are the same object's interior: the parts of a CSG object each
    /// hold their own, made from the one the scene gave it.
    pub fn same_as(&self, other: &RenderInterior) -> bool {
        Arc::ptr_eq(&self.interior, &other.interior)
    }
}

impl std::ops::Deref for RenderInterior {
    type Target = Interior;
    fn deref(&self) -> &Interior {
        &self.interior
    }
}

/// The straight stretch of a ray that media fill.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub origin: DVec3,
    /// Unit length.
    pub direction: DVec3,
    pub length: f64,
}

/// Hands each light reaching a point to a sink as (unit direction towards the light,
/// colour arriving there), shadows included.
pub type LightsAt<'l> = dyn FnMut(DVec3, &mut dyn FnMut(DVec3, DVec3)) + 'l;

/// What the media along a segment do to the light behind it: `(added, through)`, so
/// that the light seen is `behind * through + added`.
pub struct Integrator<'m, 'l> {
    pub media: &'m [&'m CompiledMedia],
    /// `None` for shadow rays: only extinction counts.
    pub lights: Option<&'l mut LightsAt<'l>>,
    /// The stretches of the segment each media-interacting light reaches (none for
    /// shadow rays): intervals are shared out over them, and only lit intervals
    /// scatter light.
    pub spans: Vec<(f64, f64)>,
    /// `lights` brings media photons too, which light unlit intervals as well.
    pub photons: bool,
    pub seed: u64,
}

/// One interval's running sums.
struct Interval {
    s0: f64,
    ds: f64,
    /// Some light reaches it.
    lit: bool,
    /// Emitted (and scattered) light, summed over `samples`, and its squares.
    te: DVec3,
    te2: DVec3,
    /// Optical depth, summed over `samples`.
    od: DVec3,
    samples: u32,
}

impl Integrator<'_, '_> {
    pub fn run(&mut self, seg: Segment) -> (DVec3, DVec3) {
        if self.media.is_empty() || seg.length.is_nan() || seg.length <= 0.0 {
            return (DVec3::ZERO, DVec3::ONE);
        }
        // The medium with the most intervals leads (the first such), as in POV-Ray.
        let mut lead = self.media[0];
        let mut aa_threshold = f64::INFINITY;
        for m in self.media {
            if m.intervals > lead.intervals {
                lead = m;
            }
            aa_threshold = aa_threshold.min(m.aa_threshold);
        }
        let shadow = self.lights.is_none();
        if shadow && self.media.iter().all(|m| m.extinction == DVec3::ZERO) {
            return (DVec3::ZERO, DVec3::ONE);
        }
        if shadow && self.media.iter().all(|m| m.density.is_empty()) {
            // Constant media dim a shadow ray by their extinction over its length: the
            // one sample the intervals below would take, without laying them out.
            let extinction: DVec3 = self.media.iter().map(|m| m.extinction).sum();
            return (DVec3::ZERO, exp(-(extinction * seg.length)));
        }
        let constant = lead.density.is_empty();
        let stretches = lit_stretches(&self.spans, seg.length);
        let chosen = sample_intervals(&stretches, lead.intervals, lead.ratio, constant, seg.length);
        let mut counter = 0u64;
        let mut intervals = Vec::with_capacity(chosen.len());
        for stretch in chosen {
            let mut iv = Interval {
                s0: stretch.s0,
                ds: stretch.s1 - stretch.s0,
                lit: stretch.lit,
                te: DVec3::ZERO,
                te2: DVec3::ZERO,
                od: DVec3::ZERO,
                samples: 0,
            };
            let all_plain = shadow && self.media.iter().all(|m| m.density.is_empty());
            if lead.method == 3 && !all_plain {
                self.adaptive(seg, lead, aa_threshold, &mut iv, &mut counter);
            } else {
                self.regular(seg, lead, &mut iv, &mut counter, all_plain);
            }
            intervals.push(iv);
        }
        let (mut od, mut te) = (DVec3::ZERO, DVec3::ZERO);
        for iv in &intervals {
            let n = 1.0 / iv.samples.max(1) as f64;
            te += iv.te * n * exp(-od);
            od += iv.od * n;
        }
        (te, exp(-od))
    }

    /// A pseudo-random number in [0, 1) from the segment's seed, the same on every
    /// thread.
    fn random(&self, counter: &mut u64) -> f64 {
        *counter += 1;
        unit(hash(&[self.seed, *counter]))
    }

    /// Methods 1 and 2: `samples` points per interval, evenly spread (method 2,
    /// jittered) or at random (method 1); each sample's light dimmed by the depth
    /// before it in the interval. Then, as POV-Ray does, more at random while the
    /// samples' variance is above the confidence test's threshold, up to the most
    /// `samples` allows (shadow rays take the least).
    fn regular(
        &mut self,
        seg: Segment,
        lead: &CompiledMedia,
        iv: &mut Interval,
        counter: &mut u64,
        one: bool,
    ) {
        let n = if one { 1 } else { lead.min_samples };
        for j in 0..n {
            let d = if lead.method == 2 {
                (j as f64 + 0.5) / n as f64 + self.random(counter) * lead.jitter / n as f64
            } else {
                self.random(counter)
            };
            self.add_sample(seg, iv, d);
        }
        if self.lights.is_none() || lead.thresholds.is_empty() {
            return;
        }
        while iv.samples <= lead.max_samples {
            let n = 1.0 / iv.samples as f64;
            let variance = (iv.te2 * n - (iv.te * n) * (iv.te * n)) * n;
            let threshold = lead.thresholds[(iv.samples - 1) as usize];
            if variance.max_element() < threshold {
                break;
            }
            let d = self.random(counter);
            self.add_sample(seg, iv, d);
        }
    }

    /// One sample of a method 1 or 2 interval at `d` (its share of the interval).
    fn add_sample(&mut self, seg: Segment, iv: &mut Interval, d: f64) {
        let (e, od) = self.sample(seg, iv, d);
        let seen = e * exp(-od * d);
        iv.od += od;
        iv.te += seen;
        iv.te2 += seen * seen;
        iv.samples += 1;
    }

    /// Method 3: evenly spaced samples refined recursively where neighbours differ.
    fn adaptive(
        &mut self,
        seg: Segment,
        lead: &CompiledMedia,
        aa_threshold: f64,
        iv: &mut Interval,
        counter: &mut u64,
    ) {
        let count = (lead.min_samples / 2 + 1).max(2);
        // POV-Ray 3.7.0 spaces the points by 1 / (count + 1), so they stop short of
        // the interval's end; matched here.
        let dd = 1.0 / (count + 1) as f64;
        let jitter = lead.jitter;
        let mut d0 = 0.0;
        let j = dd * jitter * (self.random(counter) - 0.5);
        let (mut c0, mut od0) = self.sample(seg, iv, d0 + j);
        let (mut te, mut od) = (DVec3::ZERO, DVec3::ZERO);
        for _ in 0..count {
            d0 += dd;
            let j = dd * jitter * (self.random(counter) - 0.5);
            let (c1, od1) = self.sample(seg, iv, d0 + j);
            let ends = Ends { c0, c1, od0, od1 };
            let (result, od_result) = self.refine(
                seg,
                iv,
                d0 - dd,
                d0,
                ends,
                lead.aa_level - 1,
                aa_threshold,
                counter,
            );
            te += result * exp(-od / count as f64);
            od += od_result;
            c0 = c1;
            od0 = od1;
        }
        iv.te = te;
        iv.od = od;
        iv.samples = count;
    }

    #[allow(clippy::too_many_arguments)]
    fn refine(
        &mut self,
        seg: Segment,
        iv: &Interval,
        d1: f64,
        d3: f64,
        ends: Ends,
        depth: u32,
        threshold: f64,
        counter: &mut u64,
    ) -> (DVec3, DVec3) {
        let Ends { c0, c1, od0, od1 } = ends;
        let d2 = 0.5 * (d1 + d3);
        let jd = d2 + self.lead_jitter() * (d3 - d1) * (self.random(counter) - 0.5);
        let (c2, od2) = self.sample(seg, iv, jd);
        if depth == 0 {
            return ((c0 + c2 + c1) / 3.0, (od0 + od2 + od1) / 3.0);
        }
        let (mut r, mut o);
        if distance(c0, c2) > threshold {
            let e = Ends {
                c0,
                c1: c2,
                od0,
                od1: od2,
            };
            let (a, b) = self.refine(seg, iv, d1, d2, e, depth - 1, threshold, counter);
            r = a / 2.0;
            o = b / 2.0;
        } else {
            r = c0 / 3.0 + c2 / 6.0;
            o = od0 / 3.0 + od2 / 6.0;
        }
        if distance(c2, c1) > threshold {
            let e = Ends {
                c0: c2,
                c1,
                od0: od2,
                od1,
            };
            let (a, b) = self.refine(seg, iv, d2, d3, e, depth - 1, threshold, counter);
            r += a / 2.0;
            o += b / 2.0;
        } else {
            r += c2 / 6.0 + c1 / 3.0;
            o += od2 / 6.0 + od1 / 3.0;
        }
        (r, o)
    }

    /// The leading medium's jitter.
    fn lead_jitter(&self) -> f64 {
        let mut lead = self.media[0];
        for m in self.media {
            if m.intervals > lead.intervals {
                lead = m;
            }
        }
        lead.jitter
    }

    /// The light emitted and scattered towards the viewer at fraction `d` of the
    /// interval, times the interval's length, and the interval's optical depth at the
    /// density there.
    fn sample(&mut self, seg: Segment, iv: &Interval, d: f64) -> (DVec3, DVec3) {
        let p = seg.origin + seg.direction * (iv.s0 + d * iv.ds);
        let (mut extinction, mut emission, mut scattering) = (DVec3::ZERO, DVec3::ZERO, DVec3::ZERO);
        let shadow = self.lights.is_none();
        for m in self.media {
            let c = m.density_at(p);
            extinction += c * m.extinction;
            if !shadow {
                emission += c * m.emission;
                scattering += c * m.scattering;
            }
        }
        if let Some(lights) = self.lights.as_deref_mut() {
            if (iv.lit || self.photons) && scattering != DVec3::ZERO {
                let media = self.media;
                let direction = seg.direction;
                let mut added = DVec3::ZERO;
                lights(p, &mut |to_light, colour| {
                    let k: f64 = media
                        .iter()
                        .map(|m| m.phase_weight(to_light, direction))
                        .sum::<f64>()
                        / media.len() as f64;
                    added += k * scattering * colour;
                });
                emission += added;
            }
        }
        (emission * iv.ds, extinction * iv.ds)
    }
}

#[derive(Clone, Copy)]
struct Ends {
    c0: DVec3,
    c1: DVec3,
    od0: DVec3,
    od1: DVec3,
}

fn exp(v: DVec3) -> DVec3 {
    DVec3::new(v.x.exp(), v.y.exp(), v.z.exp())
}

/// POV-Ray's colour distance: the sum of the channels' differences.
fn distance(a: DVec3, b: DVec3) -> f64 {
    (a - b).abs().element_sum()
}
