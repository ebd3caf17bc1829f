//! Which lights reach which leaves: `light_group`s, handed down to the objects inside
//! them as POV-Ray 3.7.0 hands them down.
//!
//! A leaf is lit by the lights of every group around it that has both lights and
//! objects: nested groups inherit the lights of the groups they are in, as documented
//! (and as POV-Ray 3.7.0 does for a group placed by its name; one written out inside
//! another keeps only its own there). Whether the scene's lights reach it too is
//! decided by the
//! outermost group it can be reached from through unions, intersections and merges
//! only: POV-Ray sets that flag down through those, stopping at a difference, and
//! objects no group's flag reaches are lit by the scene's lights.

use glam::DMat4;

use crate::render::RenderError;
use crate::scene::{CsgOp, LightGroup, Object, Shape};

/// The lights that reach a leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lighting {
    /// The light group whose lights reach it, by number.
    pub group: Option<usize>,
    /// The scene's lights reach it too.
    pub global_lights: bool,
}

impl Lighting {
    /// What every object outside light groups gets: the scene's lights.
    pub const SCENE: Lighting = Lighting {
        group: None,
        global_lights: true,
    };
}

/// Light groups met while compiling objects, and each leaf's lighting.
#[derive(Default)]
pub(super) struct Lightings {
    /// The groups with lights and objects, their lights in world space.
    pub groups: Vec<LightGroup>,
    /// The distinct lightings other than [`Lighting::SCENE`].
    pub kinds: Vec<Lighting>,
    /// Each leaf's lighting: 0 for [`Lighting::SCENE`], else one more than its index
    /// in `kinds`; empty until the first leaf lit otherwise.
    pub leaves: Vec<u16>,
    /// The group holding the lights of every group around the object being compiled.
    lights_from: Option<usize>,
    /// `global_lights` of the outermost group reaching the object being compiled.
    global_from: Option<bool>,
}

/// The part of [`Lightings`] that changes while descending into an object.
#[derive(Clone, Copy)]
pub(super) struct Around {
    lights_from: Option<usize>,
    global_from: Option<bool>,
}

impl Lightings {
    pub fn around(&self) -> Around {
        Around {
            lights_from: self.lights_from,
            global_from: self.global_from,
        }
    }

    /// Back to what surrounded an object once its parts are compiled.
    pub fn leave(&mut self, around: Around) {
        self.lights_from = around.lights_from;
        self.global_from = around.global_from;
    }

    /// Descends into CSG `object` (its parts next), moved to the world by `world`.
    pub fn enter(&mut self, object: &Object, op: CsgOp, world: DMat4) {
        if op == CsgOp::Difference {
            self.global_from = None;
        }
        let Some(group) = object.light_group() else {
            return;
        };
        let has_objects = matches!(&object.shape, Shape::Csg { children, .. } if !children.is_empty());
        if has_objects && !group.lights.is_empty() {
            let mut lights = group.lights.clone();
            for light in &mut lights {
                light.transform(world);
            }
            if let Some(outer) = self.lights_from {
                lights.extend(self.groups[outer].lights.iter().cloned());
            }
            self.groups.push(LightGroup {
                lights,
                global_lights: group.global_lights,
            });
            self.lights_from = Some(self.groups.len() - 1);
        }
        self.global_from.get_or_insert(group.global_lights);
    }

    /// Records the lighting of leaf number `leaf` (the next leaf).
    pub fn leaf(&mut self, leaf: usize) -> Result<(), RenderError> {
        let lighting = Lighting {
            group: self.lights_from,
            global_lights: self.global_from.unwrap_or(true),
        };
        if lighting == Lighting::SCENE {
            if !self.leaves.is_empty() {
                self.leaves.resize(leaf + 1, 0);
            }
            return Ok(());
        }
        let code = match self.kinds.iter().position(|k| *k == lighting) {
            Some(i) => i + 1,
            None if self.kinds.len() + 1 < usize::from(u16::MAX) => {
                self.kinds.push(lighting);
                self.kinds.len()
            }
            None => return Err(RenderError::TooManyLightGroups),
        };
        self.leaves.resize(leaf, 0);
        self.leaves.push(code as u16);
        Ok(())
    }
}
