//! Deterministic pseudo-random numbers keyed by where they are used, so a render gives
//! the same bytes whatever the thread count or tile order.

use glam::DVec3;

/// A well-mixed 64-bit hash of a few integers.
pub fn hash(values: &[u64]) -> u64 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for &v in values {
        h ^= v
            .wrapping_add(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(h << 6)
            .wrapping_add(h >> 2);
        h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 31;
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// A uniform number in [0, 1) from a hash.
pub fn unit(h: u64) -> f64 {
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Hash a position to a stable seed (quantised so tiny float noise does not matter).
pub fn position_seed(p: DVec3) -> u64 {
    let q = |v: f64| (v * 1e5).round() as i64 as u64;
    hash(&[q(p.x), q(p.y), q(p.z)])
}

/// Any unit vector perpendicular to `n`, and a second completing the basis.
pub fn orthonormal_basis(n: DVec3) -> (DVec3, DVec3) {
    let sign = 1f64.copysign(n.z);
    let a = -1.0 / (sign + n.z);
    let b = n.x * n.y * a;
    (
        DVec3::new(1.0 + sign * n.x * n.x * a, sign * b, -sign * n.x),
        DVec3::new(b, sign + n.y * n.y * a, -n.y),
    )
}
