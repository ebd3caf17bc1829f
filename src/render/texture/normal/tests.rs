//! Normal perturbation: its invariants, and its values against POV-Ray's renders.

use glam::{DMat4, DVec3};

use super::CompiledNormal;
use crate::render::texture::pigment::ImageTexels;
use crate::scene::pattern::{Pattern, PatternKind};
use crate::scene::{Normal, NormalMap};

fn normal(kind: PatternKind, amount: f64) -> Normal {
    let mut n = Normal::new(Pattern::new(kind));
    n.amount = amount;
    n
}

fn compiled(n: &Normal) -> CompiledNormal {
    let decode = |v: f64, _| v;
    let mut images = ImageTexels::new(&decode, crate::budget::MemoryBudget::UNLIMITED);
    CompiledNormal::compile_in(n, None, 2, &mut images).expect("compile")
}

fn points() -> impl Iterator<Item = DVec3> {
    (0..40).map(|i| {
        let i = i as f64;
        DVec3::new(i * 0.37 - 3.0, (i * 0.61).sin() * 2.0, i * 0.23 - 1.0)
    })
}

#[test]
fn zero_amount_leaves_the_normal_and_bumps_tilt_it() {
    let n = DVec3::new(0.0, 0.6, 0.8);
    let flat = compiled(&normal(PatternKind::Bumps, 0.0));
    let bumpy = compiled(&normal(PatternKind::Granite, 0.8));
    let mut tilted = 0;
    for p in points() {
        assert!((flat.perturb(p, n) - n).length() < 1e-12);
        let b = bumpy.perturb(p, n);
        assert!((b.length() - 1.0).abs() < 1e-9);
        if b.dot(n) < 0.9999 {
            tilted += 1;
        }
    }
    assert!(tilted > 30, "granite should tilt most normals, tilted {tilted}");
}

#[test]
fn a_scaled_pattern_tilts_as_the_unscaled_one_at_the_scaled_point() {
    for kind in [
        PatternKind::Bumps,
        PatternKind::Wrinkles,
        PatternKind::Dents,
        PatternKind::Bozo,
    ] {
        let plain = compiled(&normal(kind.clone(), 0.7));
        let mut scaled = normal(kind, 0.7);
        scaled.transform(DMat4::from_scale(DVec3::splat(3.0)));
        let scaled = compiled(&scaled);
        let n = DVec3::new(0.3, 0.4, -0.5).normalize();
        for p in points() {
            let a = plain.perturb(p, n);
            let b = scaled.perturb(p * 3.0, n);
            assert!((a - b).length() < 1e-9, "{a} vs {b} at {p}");
        }
    }
}

#[test]
fn a_rotated_pattern_turns_the_tilt_with_it() {
    let plain = compiled(&normal(PatternKind::Bumps, 1.0));
    let turn = DMat4::from_rotation_y(0.7);
    let mut rotated = normal(PatternKind::Bumps, 1.0);
    rotated.transform(turn);
    let rotated = compiled(&rotated);
    let n = DVec3::Y;
    for p in points() {
        let a = turn.transform_vector3(plain.perturb(p, n));
        let b = rotated.perturb(turn.transform_point3(p), turn.transform_vector3(n));
        assert!((a - b).length() < 1e-9, "{a} vs {b}");
    }
}

#[test]
fn a_slope_map_takes_its_heights_at_its_entries() {
    let mut n = normal(PatternKind::Gradient(DVec3::X), 1.0);
    n.map = NormalMap::Slopes(vec![(0.0, 0.0, 1.0), (0.5, 1.0, 0.0), (1.0, 0.0, -1.0)]);
    let c = compiled(&n);
    assert_eq!(c.height(-0.1), 0.0);
    assert_eq!(c.height(0.5), 1.0);
    assert_eq!(c.height(1.0), 0.0);
    // Between entries, the Hermite curve through (0, 0) with slope 1 and (1, 1) with
    // slope 0, at t = 0.5: 0.125 * (1 + 0 - 2) - 0.25 * (2 + 0 - 3) + 0.5 = 0.625.
    assert!((c.height(0.25) - 0.625).abs() < 1e-12);
}

#[test]
fn an_average_of_equal_normals_is_that_normal_and_a_normal_map_blends() {
    let entry = normal(PatternKind::Bumps, 0.6);
    let mut average = normal(PatternKind::Average, 0.5);
    average.map = NormalMap::Normals(vec![(1.0, entry.clone()), (3.0, entry.clone())]);
    let mut map = normal(PatternKind::Gradient(DVec3::X), 0.5);
    map.map = NormalMap::Normals(vec![(0.0, entry.clone()), (1.0, entry.clone())]);
    let (entry, average, map) = (compiled(&entry), compiled(&average), compiled(&map));
    let n = DVec3::Z;
    for p in points() {
        let e = entry.perturb(p, n);
        assert!((average.perturb(p, n) - e).length() < 1e-9);
        assert!((map.perturb(p, n) - e).length() < 1e-9);
    }
}
