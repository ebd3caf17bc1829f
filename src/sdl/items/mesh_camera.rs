//! `mesh_camera { rays distribution [max_distance] mesh { ... } ... [smooth] }`, read
//! and checked as POV-Ray 3.7 reads it.

use crate::scene::{CameraMesh, MeshCamera, Shape};
use crate::sdl::items::objects::SceneObject;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// More rays per pixel than any mesh camera needs; each ray of each pixel is traced.
const MOST_RAYS_PER_PIXEL: f64 = 4096.0;

impl Parser<'_> {
    /// The block after keyword `t`.
    pub(crate) fn parse_mesh_camera(&mut self, t: &Token) -> PResult<MeshCamera> {
        self.expect_sym(Sym::LBrace, "after `mesh_camera`")?;
        let at = self.peek_at();
        let rays = self.parse_float()?.trunc();
        if !(1.0..=MOST_RAYS_PER_PIXEL).contains(&rays) {
            return Err(self.semantic(
                &at,
                format!("the mesh camera's rays per pixel must be 1 to {MOST_RAYS_PER_PIXEL}, not {rays}"),
            ));
        }
        self.comma("mesh_camera")?;
        let at = self.peek_at();
        let distribution = self.parse_float()?.trunc();
        if !(0.0..=3.0).contains(&distribution) {
            return Err(self.semantic(
                &at,
                format!("the mesh camera's distribution type is 0, 1, 2 or 3, not {distribution}"),
            ));
        }
        if distribution >= 2.0 && rays != 1.0 {
            return Err(self.semantic(
                &at,
                format!("mesh camera distribution {distribution} shoots 1 ray per pixel, not {rays}"),
            ));
        }
        self.comma("mesh_camera")?;
        let mut max_distance = 0.0;
        if self.starts_float() {
            let at = self.peek_at();
            max_distance = self.parse_float()?;
            if max_distance < 0.0 {
                return Err(self.semantic(
                    &at,
                    format!("the mesh camera's max distance must be 0 or more, not {max_distance}"),
                ));
            }
        }
        let mut meshes = Vec::new();
        let mut smooth = false;
        loop {
            let item = self.next()?;
            match item.word() {
                Some("mesh" | "mesh2") if item.kw && !smooth => meshes.push(self.camera_mesh(&item)?),
                Some("smooth") if item.kw && !smooth => {
                    if distribution != 3.0 {
                        return Err(self.semantic(&item, "`smooth` needs mesh camera distribution 3"));
                    }
                    smooth = true;
                }
                _ if item.is_sym(Sym::RBrace) => break,
                _ => {
                    let wanted = if smooth {
                        "`}` to close `mesh_camera`"
                    } else {
                        "`mesh`, `mesh2`, `smooth` or `}` in `mesh_camera`"
                    };
                    return Err(self.expected(wanted, &item));
                }
            }
        }
        if meshes.is_empty() {
            return Err(self.semantic(t, "the mesh camera needs at least one `mesh` or `mesh2`"));
        }
        if distribution == 0.0 && rays as usize > meshes.len() {
            return Err(self.semantic(
                t,
                format!(
                    "mesh camera distribution 0 needs a mesh for each of its {rays} rays per pixel, found {}",
                    meshes.len()
                ),
            ));
        }
        if distribution == 3.0 && meshes.len() > 1 {
            self.warn(
                t,
                "mesh camera distribution 3 uses only its first mesh; the others are ignored",
            );
        }
        Ok(MeshCamera {
            rays_per_pixel: rays as u32,
            distribution: distribution as u8,
            max_distance,
            meshes,
            smooth,
        })
    }

    fn camera_mesh(&mut self, t: &Token) -> PResult<CameraMesh> {
        let SceneObject::Shape { object, .. } = self.parse_object(t)? else {
            unreachable!("a mesh is a shape");
        };
        match object.shape {
            Shape::Mesh { triangles } => Ok(CameraMesh {
                triangles,
                transform: object.transform.map(|m| *m),
            }),
            // An unsupported feature stood in for the mesh (already reported).
            _ => Err(self.semantic(t, "the mesh camera's mesh has no triangles")),
        }
    }
}
