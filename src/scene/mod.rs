//! The evaluated scene: what the SDL evaluator produces and the renderer consumes.
//!
//! Everything here is plain data in world units, with POV-Ray's left-handed axes
//! (x right, y up, z into the screen). Transforms are stored as matrices that map
//! object space to world space.

//!
//! The SDL front end ([`crate::sdl`]) builds a [`Scene`]; the renderer ([`crate::render`])
//! reads it. Nothing here parses or renders.

mod bicubic_patch;
mod camera;
mod colour;
mod density;
mod fog;
mod global;
mod glyph;
mod height_field;
mod julia;
mod light;
mod media;
mod mesh_camera;
mod object;
pub mod pattern;
mod photons;
mod rainbow;
mod sky;
mod texture;

#[cfg(test)]
mod tests;

pub use bicubic_patch::BicubicPatch;
pub use camera::{Camera, FocalBlur, Projection};
pub use colour::Colour;
pub use density::{DensityFile, DF3_HEADER};
pub use fog::Fog;
pub use global::{GlobalSettings, Radiosity};
pub use glyph::{Glyph, GlyphOutline, Segment};
pub use height_field::{HeightField, HeightGrid};
pub use julia::{ComplexFunction, JuliaAlgebra, JuliaFractal, JuliaFunction};
pub use light::{AreaLight, Light, LightKind, ProjectedThrough};
pub use media::{Media, Phase};
pub use mesh_camera::{CameraMesh, MeshCamera};
pub use object::{
    Blob, BlobComponent, BlobKind, Cone, Container, CsgOp, Cylinder, Disc, Isosurface, Lathe, LightGroup,
    MeshTriangle, Object, ObjectExtra, Parametric, ParametricPrecompute, Poly, Prism, Shape, Sor,
    SphereSweep, SplineKind, SweepSpline,
};
pub use photons::{LightPhotons, ObjectPhotons, PhotonSettings, Switch};
pub use rainbow::Rainbow;
pub use sky::SkySphere;
pub use texture::{
    default_colour_map, stored_grey_level, FileGamma, Finish, ImageData, ImageMap, IndexImage, Interior,
    MaterialImage, Normal, NormalMap, Pigment, PigmentMap, PigmentPattern, Texture, TextureMap,
};

/// A complete scene ready to render.
#[derive(Clone, Debug)]
pub struct Scene {
    pub camera: Camera,
    pub objects: Vec<Object>,
    pub lights: Vec<Light>,
    pub background: Colour,
    /// Whether the `background` that set [`Scene::background`] was read under a
    /// language version below 3.7 (or none yet), which POV-Ray 3.7.0 reads as 3.6 did:
    /// filter dropped and transmit replaced (see the renderer's `Background`).
    pub legacy_background: bool,
    /// The last `sky_sphere` statement's sky (POV-Ray keeps only the last).
    pub sky_sphere: Option<SkySphere>,
    /// Every `fog`, in order; they all apply.
    pub fogs: Vec<Fog>,
    /// Every `rainbow`; where several show, their colours are averaged.
    pub rainbows: Vec<Rainbow>,
    /// Every atmospheric `media`, in order.
    pub atmosphere: Vec<Media>,
    /// Whether the language version in force at the end of parsing is below 3.7 (or
    /// none was ever set, which POV-Ray 3.7.0 takes as 3.62): POV-Ray then composes
    /// the sky and background as 3.6 did.
    pub legacy_sky: bool,
    pub global: GlobalSettings,
    /// The `#version` in force at the end of parsing, or `None` when the scene set none.
    pub version: Option<f64>,
    /// POV-Ray 3.7 turns gamma correction off for a scene that sets no `assumed_gamma`
    /// and either runs no `#version` at all (its include files' included) or ends with
    /// one below 3.7: colours go to the file as they are, and images come in as they
    /// are.
    pub legacy_gamma: bool,
    /// A scene that sets `assumed_gamma` but ends with a `#version` below 3.7: POV-Ray
    /// 3.7 decodes its image maps with the working gamma (they come in as stored),
    /// not as sRGB.
    pub legacy_image_gamma: bool,
}
