//! Fog along a ray, as POV-Ray 3.7.0 computes it: each fog lets through
//! exp(-length / distance) of the light behind it (ground fog weighs the length by
//! its density, 1 below `fog_offset` and 1 / (1 + h²) at h `fog_alt`s above it),
//! turbulence thins or thickens it, and its colour fills in what it takes away.

use glam::DVec3;

use crate::render::texture::povray_noise::{turbulence, NoiseGenerator, Turbulence};
use crate::scene::Fog;

/// How far a ray that meets nothing runs through fog: POV-Ray's largest depth.
const MISS_LENGTH: f64 = 2.0e10;

/// POV-Ray's weights for the grey of a colour (its `greyscale()`).
const GREY: DVec3 = DVec3::new(0.297, 0.589, 0.114);

/// The fogs of a scene ready to apply.
#[derive(Clone, Debug, Default)]
pub struct Fogs {
    pub fogs: Vec<Fog>,
    pub generator: NoiseGenerator,
}

impl Fogs {
    pub fn is_empty(&self) -> bool {
        self.fogs.is_empty()
    }

    /// `colour` seen through the fogs along the ray from `origin` along the unit
    /// `direction` for `length` (`None`: it met nothing), and the grey fraction of
    /// what lay behind that still shows (for the alpha channel).
    pub fn apply(&self, origin: DVec3, direction: DVec3, length: Option<f64>, colour: DVec3) -> (DVec3, f64) {
        let (through, added) = self.along(origin, direction, length);
        (added + through * colour, through.dot(GREY))
    }

    /// What the fogs let through, per channel, along the ray (POV-Ray dims a light's
    /// shadow ray by it, without the fogs' own colour).
    pub fn transmittance(&self, origin: DVec3, direction: DVec3, length: f64) -> DVec3 {
        self.along(origin, direction, Some(length)).0
    }

    /// The fraction let through and the colour the fogs add along the ray.
    fn along(&self, origin: DVec3, direction: DVec3, length: Option<f64>) -> (DVec3, DVec3) {
        let length = length.unwrap_or(MISS_LENGTH).min(MISS_LENGTH);
        let mut through = DVec3::ONE;
        let mut added = DVec3::ZERO;
        for fog in &self.fogs {
            if fog.distance.abs() <= 1e-10 {
                continue;
            }
            let mut att = if fog.ground {
                self.ground(fog, origin, direction, length)
            } else {
                self.constant(fog, origin, direction, length)
            };
            if !att.is_finite() {
                att = 0.0;
            }
            let c = &fog.colour;
            att = att.max(c.transmit);
            through *= att * (DVec3::splat(1.0 - c.filter) + c.filter * c.rgb);
            added += (1.0 - att) * c.rgb;
        }
        (through, added)
    }

    fn constant(&self, fog: &Fog, origin: DVec3, direction: DVec3, length: f64) -> f64 {
        let width = self.turbulent_width(fog, origin + direction * (length / 2.0), length);
        (-width / fog.distance).exp()
    }

    fn ground(&self, fog: &Fog, origin: DVec3, direction: DVec3, length: f64) -> f64 {
        let end = origin + direction * length;
        let height = |p: DVec3| (p.dot(fog.up) - fog.offset) / fog.alt;
        let (start, finish) = (height(origin), height(end));
        // The mean density between the two heights: the integral of 1 / (1 + h²) is
        // atan(h), and below the offset the density is 1.
        let density = if start <= 0.0 {
            if finish <= 0.0 {
                1.0
            } else {
                (finish.atan() - start) / (finish - start)
            }
        } else if finish <= 0.0 {
            (start.atan() - finish) / (start - finish)
        } else if (start - finish).abs() > 1e-10 {
            (start.atan() - finish.atan()) / (start - finish)
        } else {
            1.0 / (start * start + 1.0)
        };
        let width = self.turbulent_width(fog, (origin + end) * 0.5, length);
        (-width * density / fog.distance).exp()
    }

    /// The length, thinned or thickened by the fog's turbulence at `middle`; the
    /// farther, the less turbulence counts.
    fn turbulent_width(&self, fog: &Fog, middle: DVec3, length: f64) -> f64 {
        let Some(t) = &fog.turbulence else {
            return length;
        };
        let k = (-length / fog.distance).exp();
        let shape = Turbulence {
            octaves: t.octaves,
            omega: t.omega,
            lambda: t.lambda,
        };
        let amount = turbulence(middle * t.amount, &shape, self.generator);
        length * (1.0 - k * (amount * fog.turb_depth).min(1.0))
    }
}
