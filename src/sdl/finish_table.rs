//! One shared copy of each distinct finish, so that a million objects with
//! `finish { phong 0.5 }` hold one finish between them.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::scene::Finish;

/// The distinct finishes met so far.
#[derive(Default)]
pub struct FinishTable {
    shared: HashSet<ByValue>,
}

impl FinishTable {
    /// The table's copy of `finish`, added if it is new.
    pub fn share(&mut self, finish: Finish) -> Arc<Finish> {
        let candidate = ByValue(Arc::new(finish));
        if let Some(existing) = self.shared.get(&candidate) {
            return existing.0.clone();
        }
        self.shared.insert(candidate.clone());
        candidate.0
    }
}

/// A finish compared and hashed by the bits of its fields: equal bits, equal shading
/// (where `==` on floats would set 0.0 and -0.0 equal and NaN apart).
#[derive(Clone)]
struct ByValue(Arc<Finish>);

impl PartialEq for ByValue {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || finish_bits(&self.0) == finish_bits(&other.0)
    }
}

impl Eq for ByValue {}

impl Hash for ByValue {
    fn hash<H: Hasher>(&self, state: &mut H) {
        finish_bits(&self.0).hash(state);
    }
}

/// Words in [`finish_bits`].
const FINISH_WORDS: usize = 23;

/// Every field of a finish as bits. Destructured without `..`, so that a new field
/// cannot be forgotten here.
fn finish_bits(f: &Finish) -> [u64; FINISH_WORDS] {
    let Finish {
        ambient,
        emission,
        diffuse,
        brilliance,
        specular,
        roughness,
        phong,
        phong_size,
        metallic,
        reflection_min,
        reflection_max,
        reflection_falloff,
        reflection_fresnel,
        reflection_metallic,
        conserve_energy,
    } = f;
    let vectors = [ambient, emission, reflection_min, reflection_max];
    let scalars = [
        diffuse,
        brilliance,
        specular,
        roughness,
        phong,
        phong_size,
        metallic,
        reflection_falloff,
        reflection_metallic,
    ];
    let mut words = [0; FINISH_WORDS];
    let all = vectors
        .iter()
        .flat_map(|v| v.to_array())
        .chain(scalars.into_iter().copied())
        .map(f64::to_bits)
        .chain([u64::from(*reflection_fresnel), u64::from(*conserve_energy)]);
    let mut count = 0;
    for (slot, word) in words.iter_mut().zip(all) {
        *slot = word;
        count += 1;
    }
    debug_assert_eq!(count, FINISH_WORDS, "FINISH_WORDS must count every field");
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_finishes_share_one_copy_and_different_ones_do_not() {
        let mut table = FinishTable::default();
        let shiny = Finish {
            phong: 0.5,
            ..Finish::default()
        };
        let a = table.share(shiny.clone());
        let b = table.share(shiny);
        assert!(Arc::ptr_eq(&a, &b));
        let c = table.share(Finish::default());
        assert!(!Arc::ptr_eq(&a, &c));
        // -0.0 == 0.0, yet the two are kept apart: bits, not values, decide.
        let negative = table.share(Finish {
            specular: -0.0,
            ..Finish::default()
        });
        assert!(!Arc::ptr_eq(&c, &negative));
        assert!(Arc::ptr_eq(&c, &table.share(Finish::default())));
    }
}
