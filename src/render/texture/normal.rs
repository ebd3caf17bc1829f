//! Normal perturbation (`normal { bumps 0.5 }` and friends): tilts the shading normal
//! by the slope of a pattern, leaving the geometry alone.

use glam::{DMat4, DVec3};

use crate::render::texture::noise::noise;
use crate::scene::{Normal, NormalPattern};

#[derive(Clone, Debug)]
pub struct CompiledNormal {
    pattern: NormalPattern,
    amount: f64,
    /// Texture space to pattern space.
    to_pattern: Option<Box<DMat4>>,
}

/// Step for numerical slopes, in world units.
const DELTA: f64 = 1e-3;
/// How far a unit slope tilts the normal, matched by eye to POV-Ray's renders.
const STRENGTH: f64 = 0.15;

impl CompiledNormal {
    pub fn compile(normal: &Normal) -> CompiledNormal {
        CompiledNormal {
            pattern: normal.kind.clone(),
            amount: normal.amount,
            to_pattern: normal
                .transform
                .as_deref()
                .copied()
                .filter(|m| m.determinant().abs() > 1e-300)
                .map(|m| Box::new(m.inverse())),
        }
    }

    fn height(&self, p: DVec3) -> f64 {
        match self.pattern {
            NormalPattern::Bumps => noise(p),
            NormalPattern::Dents => {
                let n = noise(p);
                n * n * n
            }
            NormalPattern::Wrinkles => {
                let mut sum = 0.0;
                let mut scale = 1.0;
                for _ in 0..6 {
                    sum += (noise(p * scale) - 0.5).abs() / scale;
                    scale *= 2.0;
                }
                sum
            }
            NormalPattern::Ripples => (p.length() * std::f64::consts::TAU).sin() * 0.05,
            NormalPattern::Waves => (p.length() * std::f64::consts::TAU).cos() * 0.05,
        }
    }

    /// The shading normal at world point `p` for the unit world normal `n`;
    /// `texture_point` maps world points into the texture's space.
    pub fn perturb(&self, p: DVec3, n: DVec3, texture_point: impl Fn(DVec3) -> DVec3) -> DVec3 {
        if self.amount == 0.0 {
            return n;
        }
        // Slopes are taken in world space, so texture transforms tilt them correctly.
        let height_at = |w: DVec3| {
            let t = texture_point(w);
            self.height(match &self.to_pattern {
                Some(m) => m.transform_point3(t),
                None => t,
            })
        };
        let h = height_at(p);
        let slope = DVec3::new(
            height_at(p + DVec3::X * DELTA) - h,
            height_at(p + DVec3::Y * DELTA) - h,
            height_at(p + DVec3::Z * DELTA) - h,
        ) / DELTA;
        // Only the part of the slope along the surface tilts the normal.
        let along = slope - n * slope.dot(n);
        let tilted = (n - along * self.amount * STRENGTH).normalize_or(n);
        if tilted.dot(n) > 0.0 {
            tilted
        } else {
            n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_tilt_the_normal_and_zero_amount_does_not() {
        let normal = |amount| {
            CompiledNormal::compile(&Normal {
                kind: NormalPattern::Bumps,
                amount,
                transform: None,
            })
        };
        let n = DVec3::Y;
        let mut tilted = 0;
        for i in 0..50 {
            let p = DVec3::new(i as f64 * 0.37, 0.0, i as f64 * 0.21);
            assert_eq!(normal(0.0).perturb(p, n, |w| w), n);
            let b = normal(0.8).perturb(p, n, |w| w);
            assert!((b.length() - 1.0).abs() < 1e-9 && b.dot(n) > 0.0);
            if b.dot(n) < 0.9999 {
                tilted += 1;
            }
        }
        assert!(tilted > 25, "bumps should tilt most normals, tilted {tilted}");
    }
}
