//! spotray: a POV-Ray compatible ray tracer and cloud render worker.

pub mod fixtures;
pub mod imagecmp;
pub mod input;
pub mod pipeline;
pub mod render;
pub mod scene;
pub mod sdl;
pub mod worker;
