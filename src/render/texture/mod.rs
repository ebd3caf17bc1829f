//! Surface appearance: pigments and their patterns, noise, and normal perturbation.

pub mod image_mapping;
pub mod image_value;
pub mod noise;
pub mod normal;
pub mod pigment;
pub mod povray_noise;
