//! The ray tracer: [`crate::scene::model::Scene`] in, image out.

pub mod options;
