//! Light transport: tracing a ray and shading what it hits, and radiosity's
//! irradiance cache.

pub mod fade;
pub mod fog;
pub mod media;
pub mod media_intervals;
pub mod radiosity;
pub mod rainbow;
pub mod surface_optics;
pub mod tracer;
