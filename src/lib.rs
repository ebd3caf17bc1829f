//! spotray: a POV-Ray compatible ray tracer and cloud render worker.

pub mod imagecmp;
pub mod job;
pub mod render;
pub mod scene;
pub mod worker;
