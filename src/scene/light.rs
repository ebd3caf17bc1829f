//! Light sources, area lights included.

use std::sync::Arc;

use glam::{DMat4, DVec3};

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
    /// Its `photons { }` block.
    pub photons: super::LightPhotons,
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

impl Light {
    /// Moves the light by `m` (object to world, after what has moved it already).
    pub fn transform(&mut self, m: DMat4) {
        self.position = m.transform_point3(self.position);
        match &mut self.kind {
            LightKind::Point => {}
            LightKind::Spot { point_at, .. }
            | LightKind::Cylinder { point_at, .. }
            | LightKind::Parallel { point_at } => *point_at = m.transform_point3(*point_at),
        }
        if let Some(a) = &mut self.area {
            a.axis1 = m.transform_vector3(a.axis1);
            a.axis2 = m.transform_vector3(a.axis2);
        }
        if let Some(through) = &mut self.projected_through {
            let object = Arc::make_mut(&mut through.0);
            let moved = match object.transform.as_deref() {
                Some(e) => m * *e,
                None => m,
            };
            object.transform = Some(Box::new(moved));
        }
    }
}
