//! Scene parser tests (one concept per module).

mod algebraic_shapes;
mod budget;
mod directives;
mod ecslogo;
mod errors;
mod expressions;
mod fileio;
mod files;
mod fractal_warps;
mod functions;
mod geometry;
mod internal_functions;
mod material_maps;
mod objects;
mod pattern_functions;
mod robustness;
mod sample_scenes;
mod scene_items;
mod sky_sphere;
mod splines;
pub(crate) mod support;
mod sweep_shapes;
pub(crate) mod text;
mod textures;
mod tolerance;
mod transforms;
