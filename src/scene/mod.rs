//! POV-Ray scene description language: text in, [`model::Scene`] out.

pub mod model;
