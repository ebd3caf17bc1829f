//! Primitive shapes in their own object space: every crossing of a ray, and inside tests.
//!
//! Each shape reports *all* the places a ray crosses its surface (not just the nearest),
//! because CSG needs them, plus an inside test. Shapes with a natural canonical form
//! (cylinder, cone, disc) are normalised at compile time and carry the extra transform
//! in their object's matrix.

pub mod bezier_net;
pub mod bezier_tree;
pub mod bicubic_patch;
pub mod blob;
pub mod blob_element;
pub mod cone;
pub mod cuboid;
pub mod disc;
pub mod glyph;
pub mod height_field;
pub mod hypercomplex;
pub mod iso_search;
pub mod isosurface;
pub mod julia;
pub mod julia_maps;
pub mod lathe;
pub mod mesh;
pub mod ovus;
pub mod parametric;
pub mod parametric_bounds;
pub mod plane;
pub mod poly;
pub mod polygon;
pub mod prism;
pub mod quadric;
pub mod roots;
pub mod shell;
pub mod sor;
pub mod sphere;
pub mod sphere_sweep;
pub mod spline2d;
pub mod superellipsoid;
pub mod sweep_roots;
pub mod torus;
pub mod triangle;

use glam::DVec3;

use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

/// One place where a ray crosses a surface, in the shape's object space.
#[derive(Clone, Copy, Debug)]
pub struct Crossing {
    pub t: f64,
    /// Outward-facing, not necessarily unit length.
    pub normal: DVec3,
    /// Which mesh triangle was hit, for per-triangle textures.
    pub triangle: u32,
}

impl Crossing {
    pub fn new(t: f64, normal: DVec3) -> Crossing {
        Crossing {
            t,
            normal,
            triangle: u32::MAX,
        }
    }
}

/// A shape in canonical object space.
#[derive(Clone, Debug)]
pub enum Primitive {
    Sphere(sphere::Sphere),
    Cuboid(cuboid::Cuboid),
    Plane(plane::Plane),
    /// Radius 1 at z = 0, radius `cap_radius` at z = 1 (1 for a cylinder).
    Cone(cone::Cone),
    Torus(torus::Torus),
    /// Boxed: seven numbers.
    Ovus(Box<ovus::Ovus>),
    /// Unit disc in the z = 0 plane with an optional hole.
    Disc(disc::Disc),
    /// In the z = 0 plane; shared by every copy.
    Polygon(std::sync::Arc<polygon::Polygon>),
    /// Boxed: ten coefficients.
    Quadric(Box<quadric::Quadric>),
    Poly(Box<poly::Poly>),
    /// In the cube -1..1.
    Superellipsoid(superellipsoid::Superellipsoid),
    /// Boxed: three vertices and three normals would make every primitive that big.
    Triangle(Box<triangle::Triangle>),
    Mesh(std::sync::Arc<mesh::Mesh>),
    /// Shared: it holds what its rays learn about the function's slope.
    Isosurface(std::sync::Arc<isosurface::Isosurface>),
    /// Shared: its functions and `precompute` table are held once for every copy.
    Parametric(std::sync::Arc<parametric::Parametric>),
    /// Boxed: the outline and placement would make every primitive that big.
    Glyph(Box<crate::scene::Glyph>),
    /// Shared: the grid and its normals are held once for every copy.
    HeightField(std::sync::Arc<height_field::HeightField>),
    /// Shared by the parts of a blob whose components have their own textures.
    Blob(blob::BlobPart),
    /// Shared: its outline is held once for every copy.
    Prism(std::sync::Arc<prism::Prism>),
    Lathe(std::sync::Arc<lathe::Lathe>),
    Sor(std::sync::Arc<sor::Sor>),
    /// Shared: its segments are held once for every copy.
    SphereSweep(std::sync::Arc<sphere_sweep::SphereSweep>),
    /// Shared: a `type 1` patch holds its cut pieces; in world space.
    BicubicPatch(std::sync::Arc<bicubic_patch::BicubicPatch>),
    /// Boxed: its set carries two 4D vectors.
    Julia(Box<julia::Julia>),
}

impl Primitive {
    /// Pushes every crossing with `t > t_min` (unsorted) onto `out`.
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        match self {
            Primitive::Sphere(s) => s.crossings(ray, t_min, out),
            Primitive::Cuboid(b) => b.crossings(ray, t_min, out),
            Primitive::Plane(p) => p.crossings(ray, t_min, out),
            Primitive::Cone(c) => c.crossings(ray, t_min, out),
            Primitive::Torus(t) => t.crossings(ray, t_min, out),
            Primitive::Ovus(o) => o.crossings(ray, t_min, out),
            Primitive::Disc(d) => d.crossings(ray, t_min, out),
            Primitive::Polygon(p) => p.crossings(ray, t_min, out),
            Primitive::Quadric(q) => q.crossings(ray, t_min, out),
            Primitive::Poly(p) => p.crossings(ray, t_min, out),
            Primitive::Superellipsoid(s) => s.crossings(ray, t_min, out),
            Primitive::Triangle(t) => t.crossings(ray, t_min, out),
            Primitive::Mesh(m) => m.crossings(ray, t_min, out),
            Primitive::Glyph(g) => g.crossings(ray, t_min, out),
            Primitive::HeightField(h) => h.crossings(ray, t_min, out),
            Primitive::Isosurface(i) => i.crossings(ray, t_min, out),
            Primitive::Parametric(p) => p.crossings(ray, t_min, out),
            Primitive::Blob(b) => b.crossings(ray, t_min, out),
            Primitive::Prism(p) => p.crossings(ray, t_min, out),
            Primitive::Lathe(l) => l.crossings(ray, t_min, out),
            Primitive::Sor(s) => s.crossings(ray, t_min, out),
            Primitive::SphereSweep(s) => s.crossings(ray, t_min, out),
            Primitive::BicubicPatch(b) => b.crossings(ray, t_min, out),
            Primitive::Julia(j) => j.crossings(ray, t_min, out),
        }
    }

    /// [`Primitive::crossings`], or when `alone` (not in CSG) the crossings a ray meets
    /// one after another, each found afresh from the last: the same for every shape
    /// but `julia_fractal` and `parametric`, whose searches POV-Ray stops at the first
    /// crossing.
    pub fn crossings_as(&self, alone: bool, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        match self {
            Primitive::Julia(j) if alone => j.crossings_alone(ray, t_min, out),
            Primitive::Parametric(p) if alone => p.crossings_alone(ray, t_min, out),
            _ => self.crossings(ray, t_min, out),
        }
    }

    /// The nearest crossing in `(t_min, t_max)`; `scratch` avoids an allocation per ray.
    pub fn nearest(
        &self,
        ray: &Ray,
        t_min: f64,
        t_max: f64,
        scratch: &mut Vec<Crossing>,
    ) -> Option<Crossing> {
        match self {
            Primitive::Mesh(m) => m.nearest(ray, t_min, t_max),
            Primitive::Triangle(t) => t.nearest(ray, t_min, t_max),
            Primitive::HeightField(h) => h.nearest(ray, t_min, t_max, scratch),
            Primitive::Blob(b) => b.nearest(ray, t_min, t_max),
            Primitive::Julia(j) => j.nearest(ray, t_min, t_max),
            _ => {
                scratch.clear();
                self.crossings(ray, t_min, scratch);
                scratch
                    .iter()
                    .filter(|c| c.t < t_max)
                    .min_by(|a, b| a.t.total_cmp(&b.t))
                    .copied()
            }
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        match self {
            Primitive::Sphere(s) => s.inside(p),
            Primitive::Cuboid(b) => b.inside(p),
            Primitive::Plane(pl) => pl.inside(p),
            Primitive::Cone(c) => c.inside(p),
            Primitive::Torus(t) => t.inside(p),
            Primitive::Ovus(o) => o.inside(p),
            Primitive::Glyph(g) => g.inside(p),
            Primitive::HeightField(h) => h.inside(p),
            Primitive::Quadric(q) => q.inside(p),
            Primitive::Poly(poly) => poly.inside(p),
            Primitive::Superellipsoid(s) => s.inside(p),
            Primitive::Isosurface(i) => i.inside(p),
            Primitive::Parametric(s) => s.inside(p),
            Primitive::Blob(b) => b.inside(p),
            Primitive::Prism(prism) => prism.inside(p),
            Primitive::Lathe(l) => l.inside(p),
            Primitive::Sor(s) => s.inside(p),
            Primitive::SphereSweep(s) => s.inside(p),
            Primitive::Julia(j) => j.inside(p),
            Primitive::Disc(_)
            | Primitive::Polygon(_)
            | Primitive::Triangle(_)
            | Primitive::Mesh(_)
            | Primitive::BicubicPatch(_) => false,
        }
    }

    /// Object-space bounds; infinite for planes.
    pub fn bounds(&self) -> Aabb {
        match self {
            Primitive::Sphere(s) => s.bounds(),
            Primitive::Cuboid(b) => Aabb::new(b.min, b.max),
            Primitive::Plane(_) => Aabb::EVERYTHING,
            Primitive::Cone(c) => c.bounds(),
            Primitive::Torus(t) => t.bounds(),
            Primitive::Ovus(o) => o.bounds(),
            Primitive::Quadric(q) => q.bounds(),
            Primitive::Poly(p) => p.bounds(),
            Primitive::Superellipsoid(s) => s.bounds(),
            Primitive::Disc(_) => Aabb::new(DVec3::new(-1.0, -1.0, 0.0), DVec3::new(1.0, 1.0, 0.0)),
            Primitive::Polygon(p) => p.bounds(),
            Primitive::Triangle(t) => t.bounds(),
            Primitive::Mesh(m) => m.bounds(),
            Primitive::Glyph(g) => g.bounds(),
            Primitive::HeightField(h) => h.bounds(),
            Primitive::Isosurface(i) => i.bounds(),
            Primitive::Parametric(p) => p.bounds(),
            Primitive::Blob(b) => b.bounds(),
            Primitive::Prism(p) => p.bounds(),
            Primitive::Lathe(l) => l.bounds(),
            Primitive::Sor(s) => s.bounds(),
            Primitive::SphereSweep(s) => s.bounds(),
            Primitive::BicubicPatch(b) => b.bounds(),
            Primitive::Julia(j) => j.bounds(),
        }
    }
}
