//! The parameters of each primitive shape (`sphere`, `box`, `cone`, `torus`, ...) and
//! `mesh { ... }` bodies.

use std::sync::Arc;

use glam::{DVec2, DVec3};

use crate::scene::{Cone, Cylinder, Disc, MeshTriangle, Object, Shape};
use crate::sdl::items::objects::SceneObject;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

fn is_degenerate(a: DVec3, b: DVec3, c: DVec3) -> bool {
    (b - a).cross(c - a).length_squared() <= 1e-24
}

impl Parser<'_> {
    pub(crate) fn parse_shape_params(&mut self, t: &Token, kw: &str) -> PResult<Shape> {
        let shape = match kw {
            "sphere" => {
                let center = self.parse_vector3()?;
                self.comma(kw)?;
                let radius = self.parse_float()?;
                Shape::Sphere {
                    center,
                    radius: radius.abs(),
                }
            }
            "box" => {
                let corner1 = self.parse_vector3()?;
                self.comma(kw)?;
                let corner2 = self.parse_vector3()?;
                Shape::Box(Box::new([corner1, corner2]))
            }
            "plane" => {
                let n = self.parse_vector3()?;
                self.comma(kw)?;
                let d = self.parse_float()?;
                let len = n.length();
                if len == 0.0 || !len.is_finite() {
                    return Err(self.semantic(t, "the plane's normal vector has zero length"));
                }
                Shape::Plane {
                    normal: n / len,
                    distance: d,
                }
            }
            "cylinder" => {
                let base = self.parse_vector3()?;
                self.comma(kw)?;
                let cap = self.parse_vector3()?;
                self.comma(kw)?;
                let radius = self.parse_float()?;
                if (cap - base).length_squared() == 0.0 {
                    return Err(self.semantic(t, "degenerate cylinder: base and cap are the same point"));
                }
                Shape::Cylinder(Box::new(Cylinder {
                    base,
                    cap,
                    radius: radius.abs(),
                    open: false,
                }))
            }
            "cone" => {
                let base = self.parse_vector3()?;
                self.comma(kw)?;
                let base_radius = self.parse_float()?;
                self.comma(kw)?;
                let cap = self.parse_vector3()?;
                self.comma(kw)?;
                let cap_radius = self.parse_float()?;
                if (cap - base).length_squared() == 0.0 {
                    return Err(self.semantic(t, "degenerate cone: base and cap are the same point"));
                }
                Shape::Cone(Box::new(Cone {
                    base,
                    base_radius,
                    cap,
                    cap_radius,
                    open: false,
                }))
            }
            "torus" => {
                let major = self.parse_float()?;
                self.comma(kw)?;
                let minor = self.parse_float()?;
                Shape::Torus { major, minor }
            }
            "ovus" => self.parse_ovus(t)?,
            "disc" => {
                let center = self.parse_vector3()?;
                self.comma(kw)?;
                let normal = self.parse_vector3()?;
                self.comma(kw)?;
                let radius = self.parse_float()?;
                let hole_radius = if self.accept_sym_raw(Sym::Comma)? {
                    self.parse_float()?
                } else {
                    0.0
                };
                let len = normal.length();
                if len == 0.0 || !len.is_finite() {
                    return Err(self.semantic(t, "the disc's normal vector has zero length"));
                }
                Shape::Disc(Box::new(Disc {
                    center,
                    normal: normal / len,
                    radius,
                    hole_radius,
                }))
            }
            "triangle" => {
                let a = self.parse_vector3()?;
                self.comma(kw)?;
                let b = self.parse_vector3()?;
                self.comma(kw)?;
                let c = self.parse_vector3()?;
                Shape::Triangle(Box::new([a, b, c]))
            }
            "smooth_triangle" => {
                let a = self.parse_vector3()?;
                self.comma(kw)?;
                let na = self.parse_vector3()?;
                self.comma(kw)?;
                let b = self.parse_vector3()?;
                self.comma(kw)?;
                let nb = self.parse_vector3()?;
                self.comma(kw)?;
                let c = self.parse_vector3()?;
                self.comma(kw)?;
                let nc = self.parse_vector3()?;
                Shape::SmoothTriangle(Box::new([a, na, b, nb, c, nc]))
            }
            "blob" => return self.parse_blob_params(t),
            "polygon" => return self.parse_polygon(t),
            "prism" | "lathe" | "sor" => return self.parse_sweep_shape(t, kw),
            "sphere_sweep" => return self.parse_sphere_sweep(),
            "quadric" | "poly" | "cubic" | "quartic" | "polynomial" | "superellipsoid" => {
                return self.parse_algebraic_shape(t, kw);
            }
            "height_field" => return self.parse_height_field(t),
            "bicubic_patch" => return self.parse_bicubic_patch(t),
            "isosurface" => return self.parse_isosurface(t),
            "parametric" => return self.parse_parametric(t),
            "julia_fractal" => return self.parse_julia_fractal(t),
            _ => return Err(self.expected("an object", t)),
        };
        Ok(shape)
    }

    pub(crate) fn parse_mesh_body(&mut self, t: &Token) -> PResult<SceneObject> {
        if let Some(copy) = self.parse_mesh_copy("mesh")? {
            return Ok(copy);
        }
        let mut triangles = Vec::new();
        let mut dropped = 0usize;
        loop {
            let c = self.next()?;
            let smooth = match c.word() {
                Some("triangle") => false,
                Some("smooth_triangle") => true,
                _ => {
                    self.unget(c);
                    break;
                }
            };
            self.expect_sym(Sym::LBrace, "after the mesh triangle keyword")?;
            let kw = if smooth { "smooth_triangle" } else { "triangle" };
            let mut v = [DVec3::ZERO; 3];
            let mut n = [DVec3::ZERO; 3];
            for i in 0..3 {
                if i > 0 {
                    self.comma(kw)?;
                }
                v[i] = self.parse_vector3()?;
                if smooth {
                    self.comma(kw)?;
                    n[i] = self.parse_vector3()?;
                }
            }
            let mut texture = None;
            let mut uv = None;
            if self.peek_raw_is_word("uv_vectors") {
                self.next()?;
                let mut corners = [DVec2::ZERO; 3];
                for (i, corner) in corners.iter_mut().enumerate() {
                    if i > 0 {
                        self.comma("uv_vectors")?;
                    }
                    let v = self.parse_vector_n(2)?;
                    *corner = DVec2::new(v.c[0], v.c[1]);
                }
                uv = Some(Box::new(corners));
            }
            loop {
                let m = self.next()?;
                if m.is_sym(Sym::RBrace) {
                    break;
                }
                if m.is_word("texture") {
                    let mut layers = self.parse_texture_block(&m)?;
                    if layers.len() > 1 {
                        self.warn(
                            &m,
                            "layered textures on mesh triangles are not supported; using the top layer",
                        );
                    }
                    texture = layers.pop().map(Arc::new);
                } else {
                    return Err(self.expected(&format!("`texture` or `}}` to close `{kw}`"), &m));
                }
            }
            if is_degenerate(v[0], v[1], v[2]) {
                dropped += 1;
                continue;
            }
            self.count_objects(&c, 1)?;
            triangles.push(MeshTriangle {
                vertices: v,
                normals: smooth.then_some(n),
                texture,
                uv,
            });
        }
        if dropped > 0 {
            self.warn(t, format!("{dropped} degenerate mesh triangle(s) ignored"));
        }
        self.count_objects(t, 1)?;
        Ok(SceneObject::Shape {
            object: Object::new(Shape::Mesh {
                triangles: Arc::new(triangles),
            }),
            lights: Vec::new(),
        })
    }
}
