//! Focal blur: each image sample traced as several rays from across the aperture, all
//! meeting at the focal plane, averaged, with POV-Ray 3.7's adaptive stop (a variance
//! threshold from the chi-square distribution at the asked confidence).
//!
//! The aperture samples follow POV-Ray's plan: a hexagonal grid of 7, 19 or 37 points
//! (rings around the centre) taken first, ring by ring, then further points spread
//! over the disc; each ray's point is jittered within its grid cell, and its position
//! within the pixel too.

use glam::{DVec2, DVec3, DVec4};

use crate::render::ray::Ray;
use crate::render::sampling::{hash, unit};
use crate::render::variance::confidence_thresholds;
use crate::scene::Camera;

/// The hexagonal grids POV-Ray starts from: rings around the centre, and their sizes.
const HEX_RINGS: [(u32, u32); 3] = [(3, 37), (2, 19), (1, 7)];
/// Rays traced before each confidence test when no hexagonal grid is in use.
const BATCH: u32 = 4;

#[derive(Clone, Debug)]
pub struct BlurLens {
    /// Aperture points in the unit disc's half-size square ([-0.5, 0.5]²), in order.
    grid: Vec<DVec2>,
    /// How many rays each round traces before the confidence test.
    rounds: Vec<u32>,
    /// The variance below which `n` rays are enough, for n = 1, 2, ...
    thresholds: Vec<f64>,
    min_samples: u32,
    /// How far a ray's aperture point may stray from its grid point.
    max_jitter: f64,
    radius: f64,
    /// The film's horizontal and vertical directions (unit length).
    across: DVec3,
    down: DVec3,
    /// The focal distance in lengths of the camera's direction vector.
    focal_scale: f64,
    location: DVec3,
}

impl BlurLens {
    pub fn new(camera: &Camera) -> Option<BlurLens> {
        let blur = camera.blur?;
        let n = blur.samples.max(1);
        let (grid, rounds, hex_jitter) = aperture_grid(n);
        let max_jitter = hex_jitter.unwrap_or(0.5 / f64::from(n).sqrt());
        let across = camera.up.cross(camera.direction).normalize_or_zero();
        let down = camera.direction.cross(across).normalize_or_zero();
        let length = camera.direction.length();
        Some(BlurLens {
            grid,
            rounds,
            thresholds: confidence_thresholds(blur.samples, blur.confidence, blur.variance),
            min_samples: blur.min_samples.max(1),
            max_jitter,
            radius: blur.aperture * 0.5,
            across,
            down,
            focal_scale: if length > 0.0 {
                blur.focal_distance / length
            } else {
                1.0
            },
            location: camera.location,
        })
    }

    /// The rays of a sample are traced in rounds; after each, `enough` says whether
    /// the colours so far settle it.
    pub fn rounds(&self) -> impl Iterator<Item = u32> + '_ {
        self.rounds.iter().copied()
    }

    pub fn samples(&self) -> u32 {
        self.grid.len() as u32
    }

    /// Whether `n` rays whose colours (coverage in `w`) sum to `sum` and their squares
    /// to `squares` are enough, by POV-Ray's test: the variance of their mean below
    /// the threshold in every channel.
    pub fn enough(&self, n: u32, sum: DVec4, squares: DVec4) -> bool {
        if n < self.min_samples {
            return false;
        }
        let count = f64::from(n);
        let variance = (squares / count - (sum / count) * (sum / count)) / count;
        variance.max_element() < self.thresholds[(n - 1) as usize]
    }

    /// Where in the pixel ray `number` of the sample at `(x, y)` looks (an offset in
    /// pixels, each axis in [-0.5, 0.5)).
    pub fn pixel_offset(&self, x: f64, y: f64, number: u32) -> DVec2 {
        let h = hash(&[x.to_bits(), y.to_bits(), u64::from(number), 0x6662]);
        DVec2::new(unit(h) - 0.5, unit(hash(&[h, 1])) - 0.5)
    }

    /// `ray` (from the camera's location, its direction not yet normalised, as the
    /// projection made it) moved to aperture point `number` and aimed back at the
    /// point of the focal plane it was looking at.
    pub fn blur(&self, direction: DVec3, x: f64, y: f64, number: u32) -> Option<Ray> {
        let h = hash(&[x.to_bits(), y.to_bits(), u64::from(number), 0x6a74]);
        let jitter = DVec2::new(unit(h) - 0.5, unit(hash(&[h, 1])) - 0.5) * (2.0 * self.max_jitter);
        let at = (self.grid[number as usize] + jitter) * self.radius;
        let deflection = self.across * at.x - self.down * at.y;
        let direction = (direction * self.focal_scale - deflection).try_normalize()?;
        Some(Ray::new(self.location + deflection, direction))
    }
}

/// The aperture points for `n` rays, the rays traced in each round, and the jitter of
/// a hexagonal grid used whole (`None`: more points were added).
fn aperture_grid(n: u32) -> (Vec<DVec2>, Vec<u32>, Option<f64>) {
    let hex = HEX_RINGS.iter().find(|&&(_, size)| n >= size);
    let (mut grid, mut rounds, jitter) = match hex {
        Some(&(rings, size)) => {
            let spacing = 1.0 / (3f64.sqrt() * f64::from(rings + 1));
            let (grid, rounds) = hex_grid(rings, spacing);
            (grid, rounds, (n == size).then_some(spacing * 0.5))
        }
        None => {
            // POV-Ray's four-point square grid.
            let square = [(-0.25, 0.25), (0.25, 0.25), (-0.25, -0.25), (0.25, -0.25)];
            let grid: Vec<DVec2> = square.iter().map(|&(x, y)| DVec2::new(x, y)).collect();
            (grid, vec![BATCH], (n == 4).then_some(0.5 / 2.0))
        }
    };
    grid.truncate(n as usize);
    // Further points spread evenly over the disc (a Halton sequence, as POV-Ray's).
    let mut index = 1;
    while (grid.len() as u32) < n {
        let p = DVec2::new(radical_inverse(index, 2), radical_inverse(index, 3)) - 0.5;
        index += 1;
        if p.length_squared() <= 0.25 {
            grid.push(p);
        }
    }
    let planned: u32 = rounds.iter().sum();
    if planned > n {
        rounds = rounds_up_to(&rounds, n);
    }
    let mut left = n - rounds.iter().sum::<u32>();
    while left > 0 {
        rounds.push(left.min(BATCH));
        left -= left.min(BATCH);
    }
    (grid, rounds, jitter)
}

/// The hexagonal grid of `rings` rings: the centre and the outer ring's six corners
/// first, each inner ring's corners next, then the points between corners, outer
/// rings first; traced in rounds of 7, 6, 6, then fours.
fn hex_grid(rings: u32, spacing: f64) -> (Vec<DVec2>, Vec<u32>) {
    let corner = |k: u32| {
        let a = std::f64::consts::FRAC_PI_3 * f64::from(k);
        DVec2::new(a.cos(), a.sin())
    };
    let mut corners = vec![DVec2::ZERO];
    let mut between = Vec::new();
    for ring in (1..=rings).rev() {
        let r = spacing * f64::from(ring);
        for k in 0..6 {
            let (a, b) = (corner(k) * r, corner(k + 1) * r);
            corners.push(a);
            for step in 1..ring {
                between.push(a.lerp(b, f64::from(step) / f64::from(ring)));
            }
        }
    }
    let mut rounds = vec![7];
    rounds.extend(std::iter::repeat_n(6, rings as usize - 1));
    let mut left = between.len() as u32;
    while left > 0 {
        rounds.push(left.min(BATCH));
        left -= left.min(BATCH);
    }
    corners.extend(between);
    (corners, rounds)
}

/// The first rounds of `rounds` that fit in `n` rays, the last one cut short.
fn rounds_up_to(rounds: &[u32], n: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut left = n;
    for &r in rounds {
        if left == 0 {
            break;
        }
        out.push(r.min(left));
        left -= r.min(left);
    }
    out
}

fn radical_inverse(mut i: u32, base: u32) -> f64 {
    let (mut value, mut scale) = (0.0, 1.0 / f64::from(base));
    while i > 0 {
        value += f64::from(i % base) * scale;
        i /= base;
        scale /= f64::from(base);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hexagonal_grids_are_povrays() {
        let (grid, rounds, jitter) = aperture_grid(37);
        assert_eq!((grid.len(), rounds.iter().sum::<u32>()), (37, 37));
        assert_eq!(&rounds[..3], &[7, 6, 6]);
        // The outer ring's corners, 0.433 from the centre, and POV-Ray's jitter.
        assert!((grid[1].length() - 0.433013).abs() < 1e-6, "{:?}", grid[1]);
        assert!((jitter.expect("whole grid") - 0.0721688).abs() < 1e-6);
        let (grid, _, jitter) = aperture_grid(19);
        assert!((grid[1].length() - 0.384900).abs() < 1e-6);
        assert!((jitter.expect("whole grid") - 0.096225).abs() < 1e-6);
        let (grid, rounds, jitter) = aperture_grid(7);
        assert_eq!((grid.len(), rounds), (7, vec![7]));
        assert!((grid[1].length() - 0.288675).abs() < 1e-6);
        assert!((jitter.expect("whole grid") - 0.144338).abs() < 1e-6);
        // Other counts: a grid, then points inside the disc, every ray in some round.
        let (grid, rounds, jitter) = aperture_grid(50);
        assert_eq!((grid.len(), rounds.iter().sum::<u32>(), jitter), (50, 50, None));
        assert!(grid.iter().all(|p| p.length() <= 0.5 + 1e-9));
        let (grid, rounds, _) = aperture_grid(2);
        assert_eq!((grid.len(), rounds), (2, vec![2]));
    }
}
