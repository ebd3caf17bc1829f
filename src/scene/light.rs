//! Light sources, area lights included.

use std::sync::Arc;

use glam::DVec3;

use super::Object;

#[derive(Clone, Debug, PartialEq)]
pub struct Light {
    pub position: DVec3,
    pub colour: DVec3,
    pub kind: LightKind,
    pub area: Option<AreaLight>,
    pub shadowless: bool,
    pub fade_distance: f64,
    pub fade_power: f64,
    pub media_interaction: bool,
    /// `projected_through`: the light reaches only points it sees through this object
    /// (which is not itself rendered by this statement).
    pub projected_through: Option<ProjectedThrough>,
    /// Atmospheric media dim the light on its way to what it lights.
    pub media_attenuation: bool,
}

/// The object a light is projected through; lights compare equal when they share it.
#[derive(Clone, Debug)]
pub struct ProjectedThrough(pub Arc<Object>);

impl PartialEq for ProjectedThrough {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
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
