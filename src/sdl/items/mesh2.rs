//! `mesh2 { vertex_vectors normal_vectors uv_vectors texture_list face_indices
//! normal_indices uv_indices inside_vector }`: a mesh given as lists and indices.

use std::sync::Arc;

use glam::{DVec2, DVec3};

use crate::scene::{MeshTriangle, Object, Shape, Texture};
use crate::sdl::items::objects::SceneObject;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// `uv_vectors` and `uv_indices`: without indices, one point for every face or one a
/// vertex, taken by the face's vertex indices (as POV-Ray 3.7 reads them).
struct MeshUv {
    points: Vec<DVec2>,
    faces: Option<Vec<[usize; 3]>>,
}

impl MeshUv {
    fn new(points: Vec<DVec2>, faces: Option<Vec<[usize; 3]>>) -> MeshUv {
        MeshUv { points, faces }
    }
}

/// A face: its vertex indices and its texture indices (none, one, or one a vertex).
struct Face {
    vertices: [usize; 3],
    textures: Vec<usize>,
}

impl Parser<'_> {
    /// The body of `mesh2 { ... }` up to its object modifiers.
    pub(crate) fn parse_mesh2_body(&mut self, t: &Token) -> PResult<SceneObject> {
        if let Some(copy) = self.parse_mesh_copy("mesh2")? {
            return Ok(copy);
        }
        let mut vertices: Vec<DVec3> = Vec::new();
        let mut normals: Vec<DVec3> = Vec::new();
        let mut textures: Vec<Arc<Texture>> = Vec::new();
        let mut faces: Vec<Face> = Vec::new();
        let mut uvs: Vec<DVec2> = Vec::new();
        let mut uv_faces: Option<Vec<[usize; 3]>> = None;
        let mut normal_faces: Vec<[usize; 3]> = Vec::new();
        loop {
            let c = self.next()?;
            match c.word() {
                Some("vertex_vectors") => vertices = self.mesh2_list(&c, |p| p.parse_vector3())?,
                Some("normal_vectors") => {
                    normals = self.mesh2_list(&c, |p| p.parse_vector3().map(|n| n.normalize_or_zero()))?
                }
                Some("uv_vectors") => {
                    uvs = self.mesh2_list(&c, |p| p.parse_vector_n(2).map(|v| DVec2::new(v.c[0], v.c[1])))?;
                }
                Some("texture_list") => {
                    textures = self.mesh2_list(&c, |p| {
                        let k = p.next()?;
                        if !k.is_word("texture") {
                            return Err(p.expected("`texture` in `texture_list`", &k));
                        }
                        let mut layers = p.parse_texture_block(&k)?;
                        if layers.len() > 1 {
                            p.warn(
                                &k,
                                "layered textures on mesh triangles are not supported; using the top layer",
                            );
                        }
                        Ok(Arc::new(
                            layers.pop().unwrap_or_else(|| p.default_texture.clone()),
                        ))
                    })?
                }
                Some("face_indices") => {
                    let with_textures = !textures.is_empty();
                    faces = self.mesh2_list(&c, |p| {
                        let vertices = p.mesh2_indices()?;
                        let mut textures = Vec::new();
                        if with_textures {
                            // Up to three texture indices follow, each after a comma;
                            // a `<` after the comma starts the next face.
                            while textures.len() < 3 && p.texture_index_follows() {
                                p.next()?;
                                textures.push(p.mesh2_index()?);
                            }
                        }
                        Ok(Face { vertices, textures })
                    })?
                }
                Some("normal_indices") => normal_faces = self.mesh2_list(&c, |p| p.mesh2_indices())?,
                Some("uv_indices") => uv_faces = Some(self.mesh2_list(&c, |p| p.mesh2_indices())?),
                Some("inside_vector") => {
                    self.parse_vector3()?;
                }
                _ => {
                    self.unget(c);
                    break;
                }
            }
        }
        let uv = MeshUv::new(uvs, uv_faces);
        let triangles =
            self.mesh2_triangles(t, &vertices, (&normals, &normal_faces), &textures, &faces, &uv)?;
        self.count_objects(t, 1)?;
        Ok(SceneObject::Shape {
            object: Object::new(Shape::Mesh {
                triangles: Arc::new(triangles),
            }),
            lights: Vec::new(),
        })
    }

    /// `{ N, item, item, ... }` with N items read by `item`.
    fn mesh2_list<T>(&mut self, t: &Token, mut item: impl FnMut(&mut Self) -> PResult<T>) -> PResult<Vec<T>> {
        let kw = t.word().unwrap_or("mesh2").to_string();
        self.expect_sym(Sym::LBrace, &format!("after `{kw}`"))?;
        let at = self.peek_at();
        let n = self.parse_float()?;
        let limit = self.opts.limits.max_objects;
        if !(n >= 0.0 && n.fract() == 0.0) {
            return Err(self.semantic(&at, format!("`{kw}` needs a count of 0 or more, not {n}")));
        }
        if n > limit as f64 {
            return Err(self.limit(
                &at,
                format!("`{kw}` holds {n} items, more than the limit of {limit}"),
            ));
        }
        let n = n as usize;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            self.comma(&kw)?;
            items.push(item(self)?);
        }
        // A trailing comma is allowed.
        self.comma(&kw)?;
        let close = self.next()?;
        if !close.is_sym(Sym::RBrace) {
            return Err(self.expected(&format!("`}}` after the {n} items of `{kw}`"), &close));
        }
        Ok(items)
    }

    fn texture_index_follows(&self) -> bool {
        matches!(
            (self.peek_raw_nth(0), self.peek_raw_nth(1)),
            (Some(comma), Some(next)) if comma.is_sym(Sym::Comma) && !next.is_sym(Sym::Lt) && !next.is_sym(Sym::RBrace)
        )
    }

    /// A face's three indices, written as a vector.
    fn mesh2_indices(&mut self) -> PResult<[usize; 3]> {
        let at = self.peek_at();
        let v = self.parse_vector3()?;
        let mut out = [0; 3];
        for (o, c) in out.iter_mut().zip(v.to_array()) {
            if !(c >= 0.0 && c.fract() == 0.0 && c < u32::MAX as f64) {
                return Err(self.semantic(
                    &at,
                    format!("a mesh2 index must be a whole number of 0 or more, not {c}"),
                ));
            }
            *o = c as usize;
        }
        Ok(out)
    }

    fn mesh2_index(&mut self) -> PResult<usize> {
        let at = self.peek_at();
        let c = self.parse_float()?;
        if !(c >= 0.0 && c.fract() == 0.0 && c < u32::MAX as f64) {
            return Err(self.semantic(
                &at,
                format!("a mesh2 index must be a whole number of 0 or more, not {c}"),
            ));
        }
        Ok(c as usize)
    }

    fn mesh2_triangles(
        &mut self,
        t: &Token,
        vertices: &[DVec3],
        (normals, normal_faces): (&[DVec3], &[[usize; 3]]),
        textures: &[Arc<Texture>],
        faces: &[Face],
        uv: &MeshUv,
    ) -> PResult<Vec<MeshTriangle>> {
        if let Some(uv_faces) = &uv.faces {
            if uv_faces.len() != faces.len() {
                return Err(self.semantic(t, "`uv_indices` must have as many entries as `face_indices`"));
            }
        } else if uv.points.len() > 1 && uv.points.len() != vertices.len() {
            return Err(self.semantic(
                t,
                "mesh2 `uv_vectors` without `uv_indices` must have one entry, or one a vertex",
            ));
        }
        if !normal_faces.is_empty() && normal_faces.len() != faces.len() {
            return Err(self.semantic(t, "`normal_indices` must have as many entries as `face_indices`"));
        }
        let out_of_range = |what: &str, i: usize, n: usize| {
            format!("mesh2 {what} index {i} is out of range (there are {n})")
        };
        let mut triangles = Vec::with_capacity(faces.len());
        let mut blended = false;
        for (k, face) in faces.iter().enumerate() {
            let mut v = [DVec3::ZERO; 3];
            for (slot, &i) in v.iter_mut().zip(&face.vertices) {
                *slot = *vertices
                    .get(i)
                    .ok_or_else(|| self.semantic(t, out_of_range("vertex", i, vertices.len())))?;
            }
            // Normals by their own indices, else by the face's when there is one per vertex.
            let normal_ids = normal_faces
                .get(k)
                .copied()
                .or_else(|| (!normals.is_empty()).then_some(face.vertices));
            let n = match normal_ids {
                Some(ids) => {
                    let mut n = [DVec3::ZERO; 3];
                    for (slot, &i) in n.iter_mut().zip(&ids) {
                        *slot = *normals
                            .get(i)
                            .ok_or_else(|| self.semantic(t, out_of_range("normal", i, normals.len())))?;
                    }
                    Some(n)
                }
                None => None,
            };
            let texture = match face.textures.first() {
                Some(&i) => {
                    blended |= face.textures.iter().any(|&j| j != i);
                    Some(
                        textures
                            .get(i)
                            .ok_or_else(|| self.semantic(t, out_of_range("texture", i, textures.len())))?
                            .clone(),
                    )
                }
                None => None,
            };
            let uv = match (&uv.faces, uv.points.len()) {
                (_, 0) => None,
                (Some(ids), _) => Some(ids[k]),
                (None, 1) => Some([0; 3]),
                (None, _) => Some(face.vertices),
            }
            .map(|ids| -> PResult<Box<[DVec2; 3]>> {
                let mut corners = [DVec2::ZERO; 3];
                for (slot, &i) in corners.iter_mut().zip(&ids) {
                    *slot = *uv
                        .points
                        .get(i)
                        .ok_or_else(|| self.semantic(t, out_of_range("uv", i, uv.points.len())))?;
                }
                Ok(Box::new(corners))
            })
            .transpose()?;
            if (v[1] - v[0]).cross(v[2] - v[0]).length_squared() <= 1e-24 {
                continue;
            }
            self.count_objects(t, 1)?;
            triangles.push(MeshTriangle {
                vertices: v,
                normals: n,
                texture,
                uv,
            });
        }
        if blended {
            self.warn(
                t,
                "per-vertex textures of mesh2 faces are not blended yet; each face takes its first",
            );
        }
        Ok(triangles)
    }
}
