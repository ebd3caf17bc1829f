//! `height_field`: two triangles over each cell of a grid of heights, found by walking
//! the cells the ray crosses, nearest first.
//!
//! The shape works in grid units (x and z count grid points, y counts 1/65536 of the
//! unit height) as POV-Ray does, so that its tolerances mean what POV-Ray's mean; the
//! object space is the unit box, the grid scaled down.

use std::sync::Arc;

use glam::{DMat3, DMat4, DVec3, Vec3};

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;
use crate::scene::HeightGrid;

/// The box around the heights reaches this far beyond them (POV-Ray's HFIELD_OFFSET).
const OFFSET: f64 = 0.001;
/// Nothing nearer than this along the ray (POV-Ray's HFIELD_TOLERANCE).
const TOLERANCE: f64 = 1.0e-6;
/// How far outside a triangle a hit may fall and still count (POV-Ray's slack, which
/// also keeps rays through shared edges from slipping between triangles).
const EDGE_SLACK: f64 = 1.0e-4;
/// Rays this close to parallel with a triangle miss it (POV-Ray's EPSILON).
const PARALLEL: f64 = 1.0e-10;
/// The unit height in grid units: POV-Ray scales heights by 1/65536, not 1/65535.
const UNIT_HEIGHT: f64 = 65536.0;

#[derive(Debug)]
pub struct HeightField {
    grid: Arc<HeightGrid>,
    /// Grid points along x and z.
    nx: usize,
    nz: usize,
    /// Bottom of the box, in grid units: the lowest height or the water level, whichever
    /// is higher, less the offset. Below it everything is inside and nothing shows.
    floor: f64,
    ceiling: f64,
    /// Per grid point, for `smooth`: averaged normals, kept to POV-Ray's 16-bit steps,
    /// then turned into world space and normalised there, where POV-Ray interpolates them.
    /// Single precision: a large field has millions of them.
    normals: Option<Vec<Vec3>>,
    /// World normals back to object normals (the transpose of the world matrix).
    world_to_object: DMat3,
}

impl HeightField {
    /// `world` places the field (its object space, the unit box) in the scene: smooth
    /// normals are blended in world space, as POV-Ray blends them.
    pub fn new(grid: Arc<HeightGrid>, water_level: f64, smooth: bool, world: DMat4) -> HeightField {
        let linear = DMat3::from_mat4(world);
        let (nx, nz) = (grid.width as usize, grid.depth as usize);
        let lowest = grid.heights.iter().copied().min().unwrap_or(0);
        let highest = grid.heights.iter().copied().max().unwrap_or(0);
        let water = UNIT_HEIGHT * water_level;
        let mut field = HeightField {
            grid,
            nx,
            nz,
            floor: f64::from(lowest).max(if water.is_nan() { 0.0 } else { water }) - OFFSET,
            ceiling: f64::from(highest) + OFFSET,
            normals: None,
            world_to_object: linear.transpose(),
        };
        if smooth {
            let to_world = linear.inverse().transpose() * DMat3::from_diagonal(field.scale());
            let points = (0..nz as isize).flat_map(|z| (0..nx as isize).map(move |x| (x, z)));
            let normals = points.map(|(x, z)| unit_or_up(to_world * field.point_normal(x, z)).as_vec3());
            field.normals = Some(normals.collect());
        }
        field
    }

    /// Grid units per object unit.
    fn scale(&self) -> DVec3 {
        DVec3::new((self.nx - 1) as f64, UNIT_HEIGHT, (self.nz - 1) as f64)
    }

    fn height(&self, x: usize, z: usize) -> f64 {
        f64::from(self.grid.at(x, z))
    }

    fn point(&self, x: isize, z: isize) -> Option<DVec3> {
        let inside = (0..self.nx as isize).contains(&x) && (0..self.nz as isize).contains(&z);
        inside.then(|| DVec3::new(x as f64, self.height(x as usize, z as usize), z as f64))
    }

    /// The normal at grid point (x, z): the unit normals of the four triangles fanned
    /// around it to its axis neighbours (those that exist), summed and normalised, then
    /// kept to 32767 steps as POV-Ray keeps them.
    fn point_normal(&self, x: isize, z: isize) -> DVec3 {
        let centre = self.point(x, z).expect("in the grid");
        let around = [(1, 0), (0, 1), (-1, 0), (0, -1), (1, 0)];
        let mut sum = DVec3::ZERO;
        for pair in around.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (Some(pa), Some(pb)) = (self.point(x + a.0, z + a.1), self.point(x + b.0, z + b.1)) else {
                continue;
            };
            let n = unit_or_up((pb - centre).cross(pa - centre));
            sum += if n.y < 0.0 { -n } else { n };
        }
        (unit_or_up(sum) * 32767.0).trunc()
    }

    pub fn bounds(&self) -> Aabb {
        let s = self.scale();
        Aabb::new(
            DVec3::new(0.0, self.floor / s.y, 0.0),
            DVec3::new(1.0, self.ceiling / s.y, 1.0),
        )
    }

    /// The ray's span inside the box, in grid units, from no nearer than `t_min`.
    fn span(&self, o: DVec3, d: DVec3, t_min: f64) -> Option<(f64, f64)> {
        let lo = DVec3::new(0.0, self.floor, 0.0);
        let hi = DVec3::new((self.nx - 1) as f64, self.ceiling, (self.nz - 1) as f64);
        let (mut t0, mut t1) = (f64::NEG_INFINITY, f64::INFINITY);
        for axis in 0..3 {
            if d[axis] == 0.0 {
                if o[axis] < lo[axis] || o[axis] > hi[axis] {
                    return None;
                }
                continue;
            }
            let (a, b) = ((lo[axis] - o[axis]) / d[axis], (hi[axis] - o[axis]) / d[axis]);
            t0 = t0.max(a.min(b));
            t1 = t1.min(a.max(b));
        }
        let t0 = t0.max(TOLERANCE).max(t_min);
        (t0 <= t1).then_some((t0, t1))
    }

    /// Visits the cells the ray crosses inside the box, nearest first, pushing each
    /// triangle hit; stops after the first cell with a hit when `first` is set.
    fn walk(&self, ray: &Ray, t_min: f64, first: bool, out: &mut Vec<Crossing>) {
        let s = self.scale();
        let (o, d) = (ray.origin * s, ray.direction * s);
        let Some((t0, t1)) = self.span(o, d, t_min) else {
            return;
        };
        let (max_x, max_z) = (self.nx as i64 - 2, self.nz as i64 - 2);
        let start = o + d * t0;
        let cell = |v: f64, max: i64| (v.floor() as i64).clamp(0, max);
        let (mut cx, mut cz) = (cell(start.x, max_x), cell(start.z, max_z));
        // Distance to the next cell wall along each axis, and between walls.
        let setup = |c: i64, o: f64, d: f64| -> (i64, f64, f64) {
            if d > 0.0 {
                (1, (c as f64 + 1.0 - o) / d, 1.0 / d)
            } else if d < 0.0 {
                (-1, (c as f64 - o) / d, -1.0 / d)
            } else {
                (0, f64::INFINITY, f64::INFINITY)
            }
        };
        let (step_x, mut next_x, delta_x) = setup(cx, o.x, d.x);
        let (step_z, mut next_z, delta_z) = setup(cz, o.z, d.z);
        let mut enter = t0;
        loop {
            let exit = next_x.min(next_z).min(t1);
            let before = out.len();
            self.cell(cx as usize, cz as usize, o, d, (enter, exit), (t0, t1), ray, out);
            if (first && out.len() > before) || exit >= t1 || !exit.is_finite() {
                return;
            }
            if next_x <= next_z {
                cx += step_x;
                next_x += delta_x;
            } else {
                cz += step_z;
                next_z += delta_z;
            }
            if cx < 0 || cz < 0 || cx > max_x || cz > max_z {
                return;
            }
            enter = exit;
        }
    }

    /// Both triangles of cell (x, z), if the ray's heights over `along` meet the cell's.
    #[allow(clippy::too_many_arguments)]
    fn cell(
        &self,
        x: usize,
        z: usize,
        o: DVec3,
        d: DVec3,
        along: (f64, f64),
        span: (f64, f64),
        ray: &Ray,
        out: &mut Vec<Crossing>,
    ) {
        let (ya, yb) = (o.y + d.y * along.0, o.y + d.y * along.1);
        let (ray_lo, ray_hi) = (ya.min(yb) - OFFSET, ya.max(yb) + OFFSET);
        let y1 = self.height(x, z);
        let y2 = self.height(x + 1, z);
        let y3 = self.height(x, z + 1);
        let y4 = self.height(x + 1, z + 1);
        let lo = y1.min(y2).min(y3).min(y4);
        let hi = y1.max(y2).max(y3).max(y4);
        if hi < ray_lo || lo > ray_hi {
            return;
        }
        let (fx, fz) = (x as f64, z as f64);
        // The near triangle (x, z), (x+1, z), (x, z+1), then the far one, whose corner
        // is (x+1, z+1): each cell is cut along its x + z = 1 diagonal.
        let near = (DVec3::new(fx, y1, fz), DVec3::new(y1 - y2, 1.0, y1 - y3));
        let far = (
            DVec3::new(fx + 1.0, y4, fz + 1.0),
            DVec3::new(y3 - y4, 1.0, y2 - y4),
        );
        for (is_far, (p, n)) in [(false, near), (true, far)] {
            let dot = n.dot(d);
            if dot.abs() <= PARALLEL {
                continue;
            }
            let t = n.dot(p - o) / dot;
            if t < span.0 || t > span.1 {
                continue;
            }
            let u = o.x + t * d.x - fx;
            let v = o.z + t * d.z - fz;
            let within = if is_far {
                u <= 1.0 + EDGE_SLACK && v <= 1.0 + EDGE_SLACK && u + v >= 1.0 - EDGE_SLACK
            } else {
                u >= -EDGE_SLACK && v >= -EDGE_SLACK && u + v <= 1.0 + EDGE_SLACK
            };
            if within {
                let normal = match &self.normals {
                    Some(_) => self.smooth_normal(ray.origin + ray.direction * t),
                    None => n * self.scale(),
                };
                out.push(Crossing::new(t, normal));
            }
        }
    }

    /// The grid points' world normals interpolated bilinearly across the cell at
    /// object-space point `p`, as an object-space normal.
    fn smooth_normal(&self, p: DVec3) -> DVec3 {
        let normals = self.normals.as_ref().expect("smooth");
        let g = p * self.scale();
        let cx = (g.x.max(0.0) as usize).min(self.nx - 2);
        let cz = (g.z.max(0.0) as usize).min(self.nz - 2);
        let (u, v) = (g.x - cx as f64, g.z - cz as f64);
        let at = |x: usize, z: usize| normals[z * self.nx + x].as_dvec3();
        let n = (1.0 - v) * ((1.0 - u) * at(cx, cz) + u * at(cx + 1, cz))
            + v * ((1.0 - u) * at(cx, cz + 1) + u * at(cx + 1, cz + 1));
        self.world_to_object * n
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        self.walk(ray, t_min, false, out);
    }

    pub fn nearest(
        &self,
        ray: &Ray,
        t_min: f64,
        t_max: f64,
        scratch: &mut Vec<Crossing>,
    ) -> Option<Crossing> {
        scratch.clear();
        self.walk(ray, t_min, true, scratch);
        scratch
            .iter()
            .filter(|c| c.t > t_min && c.t < t_max)
            .min_by(|a, b| a.t.total_cmp(&b.t))
            .copied()
    }

    /// Below the surface (or the water level) and within the box's square.
    pub fn inside(&self, p: DVec3) -> bool {
        let g = p * self.scale();
        let (wx, wz) = ((self.nx - 1) as f64, (self.nz - 1) as f64);
        if g.x.is_nan() || g.z.is_nan() || g.x < 0.0 || g.x >= wx || g.z < 0.0 || g.z >= wz {
            return false;
        }
        if g.y.is_nan() || g.y >= self.ceiling {
            return false;
        }
        if g.y < self.floor {
            return true;
        }
        let h = |x: usize, z: usize| self.height(x, z).max(self.floor);
        let (px, pz) = (g.x.floor(), g.z.floor());
        let (x, z) = (px as usize, pz as usize);
        // The plane of the triangle under the point, through one of its corners.
        let (corner, n) = if (g.x - px) + (g.z - pz) < 1.0 {
            let (y1, y2, y3) = (h(x, z), h(x + 1, z), h(x, z + 1));
            (DVec3::new(px, y1, pz), DVec3::new(y1 - y2, 1.0, y1 - y3))
        } else {
            let (x, z) = (g.x.ceil() as usize, g.z.ceil() as usize);
            let (y1, y2, y3) = (h(x, z), h(x - 1, z), h(x, z - 1));
            (
                DVec3::new(x as f64, y1, z as f64),
                DVec3::new(y2 - y1, 1.0, y3 - y1),
            )
        };
        g.dot(n) < corner.dot(n)
    }
}

fn unit_or_up(v: DVec3) -> DVec3 {
    let len = v.length();
    if len > 1.0e-10 {
        v / len
    } else {
        DVec3::Y
    }
}
