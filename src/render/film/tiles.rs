//! The image plane: tiles, and POV-Ray's antialiasing methods within a tile.

use glam::DVec4;

use crate::render::camera::CameraRays;
use crate::render::film::output::encode_channel;
use crate::render::focal_blur::BlurLens;
use crate::render::integrator::tracer::{Purpose, Tracer};
use crate::render::options::Antialias;
use crate::render::sampling::{hash, unit};

pub const TILE_SIZE: u32 = 32;

/// A rectangle of pixels rendered as one unit of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tile {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

pub fn tiles(width: u32, height: u32) -> Vec<Tile> {
    let mut out = Vec::new();
    for y in (0..height).step_by(TILE_SIZE as usize) {
        for x in (0..width).step_by(TILE_SIZE as usize) {
            out.push(Tile {
                x,
                y,
                width: TILE_SIZE.min(width - x),
                height: TILE_SIZE.min(height - y),
            });
        }
    }
    out
}

pub struct Film<'a> {
    pub camera: &'a CameraRays,
    pub width: u32,
    pub height: u32,
    pub antialias: Option<&'a Antialias>,
    /// Whether pixels carry coverage (`Output_Alpha`); without it coverage is always 1.
    pub alpha: bool,
}

impl Film<'_> {
    /// Linear-light pixels of `tile`, row by row: colour (premultiplied by coverage)
    /// and coverage in `w`.
    pub fn render_tile(&self, tracer: &mut Tracer, tile: Tile) -> Vec<DVec4> {
        match self.antialias {
            None => self.plain(tracer, tile),
            Some(aa) if aa.method == 2 => self.recursive(tracer, tile, aa),
            Some(aa) => self.supersampled(tracer, tile, aa),
        }
    }

    fn sample(&self, tracer: &mut Tracer, x: f64, y: f64) -> DVec4 {
        let (x_at, y_at) = (x / self.width as f64, y / self.height as f64);
        if let Some(lens) = self.camera.blur() {
            return self.blurred(tracer, lens, x, y);
        }
        let rays = self.camera.rays_per_sample();
        if rays == 1 {
            return match self.camera.ray(x_at, y_at) {
                Some(ray) => self.trace(tracer, &ray, hash(&[x.to_bits(), y.to_bits()])),
                None => self.nothing(),
            };
        }
        // The mesh camera's rays of one pixel, averaged over those it shoots.
        let mut sum = DVec4::ZERO;
        let mut traced = 0;
        for number in 0..rays {
            if let Some(ray) = self.camera.numbered_ray(x_at, y_at, number) {
                let seed = hash(&[x.to_bits(), y.to_bits(), u64::from(number)]);
                sum += self.trace(tracer, &ray, seed);
                traced += 1;
            }
        }
        if traced == 0 {
            return self.nothing();
        }
        sum / f64::from(traced)
    }

    /// Focal blur: rays from across the aperture, each from its own point of the pixel,
    /// traced round by round until POV-Ray's confidence test says the mean will do.
    fn blurred(&self, tracer: &mut Tracer, lens: &BlurLens, x: f64, y: f64) -> DVec4 {
        let (mut sum, mut squares) = (DVec4::ZERO, DVec4::ZERO);
        let mut number = 0;
        for round in lens.rounds() {
            for _ in 0..round {
                let offset = lens.pixel_offset(x, y, number);
                let (px, py) = (x + offset.x, y + offset.y);
                let at = (px / self.width as f64, py / self.height as f64);
                let colour = match self.camera.blurred_ray(at.0, at.1, (x, y), number) {
                    Some(ray) => self.trace(
                        tracer,
                        &ray,
                        hash(&[x.to_bits(), y.to_bits(), u64::from(number), 0x6662]),
                    ),
                    None => self.nothing(),
                };
                sum += colour;
                squares += colour * colour;
                number += 1;
            }
            if lens.enough(number, sum, squares) {
                break;
            }
        }
        sum / f64::from(number.max(1))
    }

    /// The colour seen along camera ray `ray`, with its coverage.
    fn trace(&self, tracer: &mut Tracer, ray: &crate::render::ray::Ray, seed: u64) -> DVec4 {
        tracer.direct = true;
        let colour = tracer.trace(ray, 0, 1.0, Purpose::Image, seed);
        let coverage = if self.alpha {
            1.0 - tracer.transparency
        } else {
            1.0
        };
        colour.extend(coverage)
    }

    /// POV-Ray's sample where a projection shows nothing: black, fully transparent.
    fn nothing(&self) -> DVec4 {
        DVec4::new(0.0, 0.0, 0.0, if self.alpha { 0.0 } else { 1.0 })
    }

    fn plain(&self, tracer: &mut Tracer, tile: Tile) -> Vec<DVec4> {
        let mut out = Vec::with_capacity((tile.width * tile.height) as usize);
        for y in tile.y..tile.y + tile.height {
            for x in tile.x..tile.x + tile.width {
                out.push(self.sample(tracer, x as f64 + 0.5, y as f64 + 0.5));
            }
        }
        out
    }

    /// Method 1: one ray per pixel, then a jittered grid of `depth`² rays wherever a
    /// pixel differs from its left or upper neighbour by more than the threshold.
    fn supersampled(&self, tracer: &mut Tracer, tile: Tile, aa: &Antialias) -> Vec<DVec4> {
        let (w, h) = (tile.width as usize + 1, tile.height as usize + 1);
        let mut centres = vec![DVec4::ZERO; w * h];
        for j in 0..h {
            for i in 0..w {
                let (x, y) = (tile.x as i64 + i as i64 - 1, tile.y as i64 + j as i64 - 1);
                if x >= 0 && y >= 0 && (i > 0 || j > 0) {
                    centres[j * w + i] = self.sample(tracer, x as f64 + 0.5, y as f64 + 0.5);
                }
            }
        }
        let n = aa.depth.clamp(1, 9);
        let mut out = Vec::with_capacity((tile.width * tile.height) as usize);
        for j in 1..h {
            for i in 1..w {
                let c = centres[j * w + i];
                let (x, y) = (tile.x + i as u32 - 1, tile.y + j as u32 - 1);
                let left = (x > 0).then(|| centres[j * w + i - 1]);
                let up = (y > 0).then(|| centres[(j - 1) * w + i]);
                let differs = [left, up]
                    .into_iter()
                    .flatten()
                    .any(|o| differ(c, o, aa.threshold));
                if !differs {
                    out.push(c);
                    continue;
                }
                let mut sum = c;
                for sy in 0..n {
                    for sx in 0..n {
                        let (jx, jy) = self.jitter(
                            aa,
                            x as u64 * 16 + sx as u64,
                            y as u64 * 16 + sy as u64,
                            1.0 / n as f64,
                        );
                        let px = x as f64 + (sx as f64 + 0.5) / n as f64 + jx;
                        let py = y as f64 + (sy as f64 + 0.5) / n as f64 + jy;
                        sum += self.sample(tracer, px, py);
                    }
                }
                out.push(sum / (n * n + 1) as f64);
            }
        }
        out
    }

    /// Method 2: trace pixel corners, and split any square whose corners differ into
    /// four, up to `depth` levels.
    fn recursive(&self, tracer: &mut Tracer, tile: Tile, aa: &Antialias) -> Vec<DVec4> {
        let (w, h) = (tile.width as usize + 1, tile.height as usize + 1);
        let levels = aa.depth.clamp(1, 9) - 1;
        let lattice = 1u64 << levels;
        let mut corners = vec![DVec4::ZERO; w * h];
        for j in 0..h {
            for i in 0..w {
                let (lx, ly) = (
                    (tile.x as u64 + i as u64) * lattice,
                    (tile.y as u64 + j as u64) * lattice,
                );
                corners[j * w + i] = self.lattice_sample(tracer, aa, lx, ly, lattice);
            }
        }
        let mut out = Vec::with_capacity((tile.width * tile.height) as usize);
        for j in 0..h - 1 {
            for i in 0..w - 1 {
                let c = [
                    corners[j * w + i],
                    corners[j * w + i + 1],
                    corners[(j + 1) * w + i],
                    corners[(j + 1) * w + i + 1],
                ];
                let (lx, ly) = (
                    (tile.x as u64 + i as u64) * lattice,
                    (tile.y as u64 + j as u64) * lattice,
                );
                out.push(self.subdivide(tracer, aa, lx, ly, lattice, lattice, c));
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn subdivide(
        &self,
        tracer: &mut Tracer,
        aa: &Antialias,
        lx: u64,
        ly: u64,
        size: u64,
        lattice: u64,
        c: [DVec4; 4],
    ) -> DVec4 {
        let average = (c[0] + c[1] + c[2] + c[3]) * 0.25;
        if size < 2 || !c.iter().any(|k| differ(*k, c[0], aa.threshold)) {
            return average;
        }
        let half = size / 2;
        let mut at = |dx: u64, dy: u64| self.lattice_sample(tracer, aa, lx + dx, ly + dy, lattice);
        let top = at(half, 0);
        let left = at(0, half);
        let centre = at(half, half);
        let right = at(size, half);
        let bottom = at(half, size);
        let quads = [
            (0, 0, [c[0], top, left, centre]),
            (half, 0, [top, c[1], centre, right]),
            (0, half, [left, centre, c[2], bottom]),
            (half, half, [centre, right, bottom, c[3]]),
        ];
        let mut sum = DVec4::ZERO;
        for (dx, dy, corners) in quads {
            sum += self.subdivide(tracer, aa, lx + dx, ly + dy, half, lattice, corners);
        }
        sum * 0.25
    }

    /// A sample at a point of the sub-pixel lattice (`lattice` points per pixel side),
    /// jittered by an amount that depends only on the lattice point.
    fn lattice_sample(&self, tracer: &mut Tracer, aa: &Antialias, lx: u64, ly: u64, lattice: u64) -> DVec4 {
        let (jx, jy) = self.jitter(aa, lx, ly, 0.5 / lattice as f64);
        let x = lx as f64 / lattice as f64 + jx;
        let y = ly as f64 / lattice as f64 + jy;
        self.sample(
            tracer,
            x.clamp(0.0, self.width as f64),
            y.clamp(0.0, self.height as f64),
        )
    }

    fn jitter(&self, aa: &Antialias, a: u64, b: u64, scale: f64) -> (f64, f64) {
        if !aa.jitter || aa.jitter_amount <= 0.0 {
            return (0.0, 0.0);
        }
        let h = hash(&[a, b, 0x6a17]);
        let amount = aa.jitter_amount.min(1.0) * scale;
        ((unit(h) - 0.5) * amount, (unit(hash(&[h])) - 0.5) * amount)
    }
}

/// POV-Ray's test: the summed absolute difference of the displayed colours, and of
/// the coverage (always 1 without an alpha channel).
fn differ(a: DVec4, b: DVec4, threshold: f64) -> bool {
    let mut total = (a.w - b.w).abs();
    for i in 0..3 {
        total += (encode_channel(a[i]) - encode_channel(b[i])).abs();
    }
    total > threshold
}
