//! The `object` pattern: 1 inside its object, 0 outside, the object compiled on its
//! own (without its textures, which the pattern never shows).

use std::sync::Arc;

use glam::DVec3;

use crate::budget::{MemoryBudget, OverBudget};
use crate::render::world::World;
use crate::render::RenderError;
use crate::scene::pattern::ObjectShape;
use crate::scene::{Object, Shape};

/// An `object` pattern's object, ready for inside tests.
#[derive(Clone)]
pub struct Inside(Arc<World>);

impl std::fmt::Debug for Inside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Inside({} leaves)", self.0.leaves.len())
    }
}

impl Inside {
    /// Compiles the pattern's object within `memory`.
    pub fn compile(
        shape: &ObjectShape,
        memory: MemoryBudget,
        noise_generator: u8,
    ) -> Result<Inside, OverBudget> {
        let mut object = (*shape.0).clone();
        drop_textures(&mut object);
        // Without textures no image is read, so no decoding curve is needed.
        let decode = |v: f64, _| v;
        let check = || memory.check().map_err(RenderError::from);
        match World::build_with_noise(vec![object], &decode, memory, &check, noise_generator) {
            Ok(world) => Ok(Inside(Arc::new(world))),
            Err(RenderError::OverBudget(over)) => Err(over),
            Err(_) => Err(OverBudget {
                budget: memory.bytes().unwrap_or(u64::MAX),
            }),
        }
    }

    /// 1 inside the object, 0 outside.
    pub fn value(&self, p: DVec3) -> f64 {
        if self.0.contains(p) {
            1.0
        } else {
            0.0
        }
    }
}

fn drop_textures(object: &mut Object) {
    object.texture.clear();
    object.interior = None;
    if let Shape::Csg { children, .. } = &mut object.shape {
        children.iter_mut().for_each(drop_textures);
    }
}
