//! Light sources, area lights included.

use glam::DVec3;

#[derive(Clone, Debug, PartialEq)]
pub struct Light {
    pub position: DVec3,
    pub colour: DVec3,
    pub kind: LightKind,
    pub area: Option<AreaLight>,
    pub shadowless: bool,
    pub fade_distance: f64,
    pub fade_power: f64,
    /// Lights inside an object's definition are tied to it; POV-Ray's `looks_like`
    /// is not modelled.
    pub media_interaction: bool,
    /// Atmospheric media dim the light on its way to what it lights.
    pub media_attenuation: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LightKind {
    Point,
    Spot {
        point_at: DVec3,
        /// Degrees.
        radius: f64,
        falloff: f64,
        tightness: f64,
    },
    Cylinder {
        point_at: DVec3,
        radius: f64,
        falloff: f64,
        tightness: f64,
    },
    Parallel {
        point_at: DVec3,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct AreaLight {
    pub axis1: DVec3,
    pub axis2: DVec3,
    pub size1: u32,
    pub size2: u32,
    pub adaptive: u32,
    pub jitter: bool,
    pub circular: bool,
    pub orient: bool,
}
