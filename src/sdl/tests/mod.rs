//! Scene parser tests (one concept per module).

mod directives;
mod ecslogo;
mod errors;
mod expressions;
mod files;
mod objects;
mod perf;
mod robustness;
mod scene_items;
mod support;
mod system_includes;
mod textures;
mod transforms;
