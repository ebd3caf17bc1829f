//! Light sources: direction, falloff, and how much of each reaches a point (shadows,
//! with area lights sampled adaptively like POV-Ray's `adaptive` keyword).

use std::collections::HashMap;
use std::sync::Arc;

use glam::DVec3;

use crate::render::integrator::media_intervals::{clip_span, Beam};

use crate::render::sampling::{hash, unit};
use crate::render::world::World;
use crate::scene::{AreaLight, Light, LightKind, LightPhotons};

#[derive(Clone, Debug)]
pub struct LightSource {
    pub position: DVec3,
    pub colour: DVec3,
    kind: LightKind,
    pub area: Option<AreaGrid>,
    pub shadowless: bool,
    /// Media scatter this light.
    pub media_interaction: bool,
    /// Atmospheric media dim this light.
    pub media_attenuation: bool,
    fade_distance: f64,
    fade_power: f64,
    /// `projected_through`'s object, compiled on its own: the light reaches a point
    /// only through it.
    pub through: Option<Projection>,
    /// Its `photons { }` switches.
    pub photons: LightPhotons,
}

/// A `projected_through` object compiled on its own.
#[derive(Clone)]
pub struct Projection(pub Arc<World>);

impl std::fmt::Debug for Projection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Projection({} leaves)", self.0.leaves.len())
    }
}

/// The scene's area light with its grid sizes clamped to what we agree to sample.
#[derive(Clone, Debug)]
pub struct AreaGrid(AreaLight);

/// Where a light is, as seen from a point.
pub struct Incidence {
    /// Unit vector towards the light.
    pub direction: DVec3,
    pub distance: f64,
    /// Light colour after spotlight and distance falloff.
    pub colour: DVec3,
}

impl LightSource {
    pub fn compile(light: &Light) -> LightSource {
        let area = light.area.as_ref().and_then(|a| {
            (a.size1 > 1 || a.size2 > 1).then(|| {
                AreaGrid(AreaLight {
                    size1: a.size1.clamp(1, 4096),
                    size2: a.size2.clamp(1, 4096),
                    ..a.clone()
                })
            })
        });
        LightSource {
            position: light.position,
            colour: light.colour,
            kind: light.kind.clone(),
            area,
            shadowless: light.shadowless,
            media_interaction: light.media_interaction,
            media_attenuation: light.media_attenuation,
            fade_distance: light.fade_distance,
            fade_power: light.fade_power,
            through: None,
            photons: light.photons,
        }
    }

    pub fn incidence(&self, p: DVec3) -> Option<Incidence> {
        let (direction, distance) = match &self.kind {
            LightKind::Parallel { point_at } => {
                let d = (self.position - *point_at).normalize_or_zero();
                // A parallel light still shadows only between the point and its plane.
                (d, (self.position - p).dot(d).max(0.0))
            }
            _ => {
                let v = self.position - p;
                let len = v.length();
                (v / len, len)
            }
        };
        if !direction.is_finite() || direction == DVec3::ZERO {
            return None;
        }
        let mut colour = self.colour * self.beam(p, direction);
        colour *= self.fade(distance);
        if colour == DVec3::ZERO {
            return None;
        }
        Some(Incidence {
            direction,
            distance,
            colour,
        })
    }

    /// How much of the light's colour a spotlight's cone or a cylinder light's tube
    /// lets reach `p`, which sees the light along the unit `direction`.
    fn beam(&self, p: DVec3, direction: DVec3) -> f64 {
        match &self.kind {
            LightKind::Spot {
                point_at,
                radius,
                falloff,
                tightness,
            } => {
                let axis = (*point_at - self.position).normalize_or_zero();
                let cos = (-direction).dot(axis);
                spot_factor(cos, *radius, *falloff, *tightness)
            }
            LightKind::Cylinder {
                point_at,
                radius,
                falloff,
                tightness,
            } => {
                let axis = (*point_at - self.position).normalize_or_zero();
                let offset = p - self.position;
                let along = offset.dot(axis);
                let across = (offset - axis * along).length();
                if along < 0.0 || across > *falloff {
                    0.0
                } else if across <= *radius {
                    1.0
                } else {
                    let t = (falloff - across) / (falloff - radius).max(1e-12);
                    t.powf(tightness.max(1.0) * 0.1 + 1.0)
                }
            }
            LightKind::Point | LightKind::Parallel { .. } => 1.0,
        }
    }

    /// Fading with `distance` from the light (`fade_distance`, `fade_power`).
    pub fn fade(&self, distance: f64) -> f64 {
        if self.fade_power > 0.0 && self.fade_distance > 0.0 {
            2.0 / (1.0 + (distance / self.fade_distance).powf(self.fade_power))
        } else {
            1.0
        }
    }

    /// The colour a photon leaving `origin` along the unit `direction` carries: the
    /// light's, through its spotlight cone or cylinder, not yet faded.
    pub fn emitted(&self, origin: DVec3, direction: DVec3) -> DVec3 {
        self.colour * self.beam(origin + direction, -direction)
    }

    /// A parallel or cylinder light's direction of travel, from its position towards
    /// `point_at`; `None` for lights that shine from a point.
    pub fn parallel_direction(&self) -> Option<DVec3> {
        match &self.kind {
            LightKind::Parallel { point_at } | LightKind::Cylinder { point_at, .. } => {
                Some((*point_at - self.position).normalize_or_zero())
            }
            _ => None,
        }
    }

    /// The area light's axes and grid size, if it is one.
    pub fn area_grid(&self) -> Option<(DVec3, DVec3, u32, u32)> {
        self.area
            .as_ref()
            .map(|a| (a.0.axis1, a.0.axis2, a.0.size1, a.0.size2))
    }

    /// The stretch `(t0, t1)` of a ray from `origin` along the unit `direction`, `depth`
    /// long, that this light reaches, for media: a spotlight's cone out to its falloff,
    /// a cylinder light's tube, the whole ray for other lights.
    pub fn media_span(&self, origin: DVec3, direction: DVec3, depth: f64) -> Option<(f64, f64)> {
        let beam = |point_at: &DVec3| Beam {
            origin,
            direction,
            centre: self.position,
            axis: (*point_at - self.position).normalize_or_zero(),
        };
        let span = match &self.kind {
            LightKind::Spot {
                point_at,
                radius,
                falloff,
                ..
            } => beam(point_at).in_cone(falloff.max(*radius).to_radians().cos())?,
            LightKind::Cylinder {
                point_at,
                radius,
                falloff,
                ..
            } => beam(point_at).in_tube(falloff.max(*radius))?,
            LightKind::Point | LightKind::Parallel { .. } => return Some((0.0, depth)),
        };
        clip_span(span, depth)
    }

    /// Fraction of the light (per channel) reaching `p`, given a function that traces a
    /// shadow ray from `p` to a point on the light.
    pub fn visibility(
        &self,
        p: DVec3,
        seed: u64,
        full_area: bool,
        stopped: &dyn Fn() -> bool,
        mut shadow: impl FnMut(DVec3) -> DVec3,
    ) -> DVec3 {
        match (&self.area, full_area) {
            (Some(grid), true) => {
                let axes = grid.axes_towards(self.position, p);
                grid.sample((self.position, axes), seed, stopped, &mut shadow)
            }
            _ => {
                let target = match &self.kind {
                    LightKind::Parallel { point_at } => {
                        p + (self.position - *point_at).normalize_or_zero() * (self.position - p).length()
                    }
                    _ => self.position,
                };
                shadow(target)
            }
        }
    }
}

fn spot_factor(cos: f64, radius: f64, falloff: f64, tightness: f64) -> f64 {
    let cos_radius = radius.to_radians().cos();
    let cos_falloff = falloff.max(radius).to_radians().cos();
    if cos < cos_falloff {
        return 0.0;
    }
    let mut factor = if tightness > 0.0 {
        cos.max(0.0).powf(tightness)
    } else {
        1.0
    };
    if cos < cos_radius {
        let t = (cos - cos_falloff) / (cos_radius - cos_falloff).max(1e-12);
        factor *= t * t * (3.0 - 2.0 * t);
    }
    factor
}

/// Grids up to this many points keep their samples on the stack.
const SMALL_GRID: usize = 17 * 17;
/// Grids up to this many points keep a dense table of traced corners; bigger ones (a
/// 4096x4096 light would need half a gigabyte per thread) keep only the corners traced.
const DENSE_GRID: usize = 65 * 65;
/// Cells refined between two looks at the stop flag.
const CELLS_PER_STOP_CHECK: u32 = 256;

impl AreaGrid {
    /// The grid's axes as seen from `p`: the light's own, or with `orient` a square
    /// of the first axis's length across the line from `p` to the light, as POV-Ray
    /// turns it (the helper vector and its 0.01 threshold are POV-Ray 3.7's).
    fn axes_towards(&self, center: DVec3, p: DVec3) -> (DVec3, DVec3) {
        let a = &self.0;
        if !a.orient {
            return (a.axis1, a.axis2);
        }
        let towards = (center - p).normalize_or_zero();
        let helper = if (towards.z.abs() - 1.0).abs() < 0.01 {
            DVec3::Y
        } else {
            DVec3::new(0.0, 0.0, 0.1)
        };
        let length = a.axis1.length();
        let axis1 = towards.cross(helper).normalize_or_zero();
        let axis2 = towards.cross(axis1).normalize_or_zero();
        (axis1 * length, axis2 * length)
    }

    fn point(&self, (center, (axis1, axis2)): (DVec3, (DVec3, DVec3)), i: u32, j: u32, seed: u64) -> DVec3 {
        let cell = |n: u32| if n > 1 { 1.0 / (n - 1) as f64 } else { 0.0 };
        let (c1, c2) = (cell(self.0.size1), cell(self.0.size2));
        let mut u = i as f64 * c1 - 0.5;
        let mut v = j as f64 * c2 - 0.5;
        if self.0.size1 <= 1 {
            u = 0.0;
        }
        if self.0.size2 <= 1 {
            v = 0.0;
        }
        if self.0.jitter {
            let h = hash(&[seed, i as u64, j as u64]);
            u += (unit(h) - 0.5) * c1;
            v += (unit(hash(&[h])) - 0.5) * c2;
        }
        if self.0.circular && self.0.size1 > 1 && self.0.size2 > 1 {
            // The square's shells drawn in onto circles, as POV-Ray 3.7 does it (its
            // 0.001 keeps the centre off zero length).
            u += 0.001;
            v += 0.001;
            let shrink = u.abs().max(v.abs()) / (u * u + v * v).sqrt();
            u *= shrink;
            v *= shrink;
        }
        center + axis1 * u + axis2 * v
    }

    /// `place`: the light's centre and the grid's axes.
    fn sample(
        &self,
        place: (DVec3, (DVec3, DVec3)),
        seed: u64,
        stopped: &dyn Fn() -> bool,
        shadow: &mut impl FnMut(DVec3) -> DVec3,
    ) -> DVec3 {
        let (n1, n2) = (self.0.size1.max(1) - 1, self.0.size2.max(1) - 1);
        if n1 == 0 && n2 == 0 {
            return shadow(self.point(place, 0, 0, seed));
        }
        // Start from a coarse grid of 2^adaptive cells per side and refine cells whose
        // corners disagree, never finer than the light's own grid.
        let coarse = 1u32 << self.0.adaptive.min(8);
        let step1 = (n1 / coarse.min(n1.max(1))).max(1);
        let step2 = (n2 / coarse.min(n2.max(1))).max(1);
        // Corners are shared between neighbouring cells: remember each one traced.
        let columns = n2 as usize + 1;
        let points = (n1 as usize + 1) * columns;
        let grid = Grid {
            n1,
            n2,
            step1,
            step2,
            columns,
        };
        let trace = |i: u32, j: u32| shadow(self.point(place, i, j, seed));
        if points <= SMALL_GRID {
            let mut small = [None; SMALL_GRID];
            refine(&grid, &mut small[..], trace, stopped)
        } else if points <= DENSE_GRID {
            refine(&grid, &mut vec![None; points][..], trace, stopped)
        } else {
            refine(&grid, &mut HashMap::new(), trace, stopped)
        }
    }
}

/// The light's grid of sample points and the coarse cells refinement starts from.
struct Grid {
    n1: u32,
    n2: u32,
    step1: u32,
    step2: u32,
    columns: usize,
}

/// Where the corners traced so far are kept: a table for grids of ordinary size, a map
/// for huge ones (only the corners traced take room).
trait Corners {
    fn get_or_trace(&mut self, index: usize, trace: impl FnOnce() -> DVec3) -> DVec3;
}

impl Corners for [Option<DVec3>] {
    fn get_or_trace(&mut self, index: usize, trace: impl FnOnce() -> DVec3) -> DVec3 {
        *self[index].get_or_insert_with(trace)
    }
}

impl Corners for HashMap<usize, DVec3> {
    fn get_or_trace(&mut self, index: usize, trace: impl FnOnce() -> DVec3) -> DVec3 {
        *self.entry(index).or_insert_with(trace)
    }
}

/// Averages the light's visibility over the grid, refining cells whose corners disagree.
fn refine<C: Corners + ?Sized>(
    grid: &Grid,
    corners_seen: &mut C,
    mut trace: impl FnMut(u32, u32) -> DVec3,
    stopped: &dyn Fn() -> bool,
) -> DVec3 {
    let Grid {
        n1,
        n2,
        step1,
        step2,
        columns,
    } = *grid;
    let mut value = |i: u32, j: u32| -> DVec3 {
        corners_seen.get_or_trace(i as usize * columns + j as usize, || trace(i, j))
    };
    let mut total = DVec3::ZERO;
    let mut weight = 0.0;
    let mut stack = Vec::new();
    let mut i = 0;
    while i < n1.max(1) {
        let i1 = (i + step1).min(n1);
        let mut j = 0;
        while j < n2.max(1) {
            let j1 = (j + step2).min(n2);
            stack.push((i, j, i1, j1));
            j = j1.max(j + 1);
        }
        i = i1.max(i + 1);
    }
    let mut refined = 0u32;
    while let Some((i0, j0, i1, j1)) = stack.pop() {
        refined = refined.wrapping_add(1);
        if refined % CELLS_PER_STOP_CHECK == 0 && stopped() {
            break;
        }
        let corners = [value(i0, j0), value(i1, j0), value(i0, j1), value(i1, j1)];
        let area = ((i1 - i0).max(1) * (j1 - j0).max(1)) as f64;
        let differ = corners
            .iter()
            .any(|c| (*c - corners[0]).abs().max_element() > 1e-3);
        let can_split = i1 - i0 > 1 || j1 - j0 > 1;
        if differ && can_split {
            let im = if i1 - i0 > 1 { (i0 + i1) / 2 } else { i0 };
            let jm = if j1 - j0 > 1 { (j0 + j1) / 2 } else { j0 };
            let is: &[(u32, u32)] = if im > i0 {
                &[(i0, im), (im, i1)]
            } else {
                &[(i0, i1)]
            };
            let js: &[(u32, u32)] = if jm > j0 {
                &[(j0, jm), (jm, j1)]
            } else {
                &[(j0, j1)]
            };
            for &(a, b) in is {
                for &(c, d) in js {
                    stack.push((a, c, b, d));
                }
            }
        } else {
            total += (corners[0] + corners[1] + corners[2] + corners[3]) * 0.25 * area;
            weight += area;
        }
    }
    if weight > 0.0 {
        total / weight
    } else {
        DVec3::ONE
    }
}
