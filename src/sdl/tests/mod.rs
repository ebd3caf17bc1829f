//! Scene parser tests (one concept per module).

mod algebraic_shapes;
mod blob;
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
mod image_files;
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
pub(crate) mod text;
mod textures;
mod tolerance;
mod transforms;
