//! Deterministic 3D gradient noise and turbulence for the noise-based patterns.

use glam::DVec3;

fn hash(x: i64, y: i64, z: i64) -> u64 {
    let mut h = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ (z as u64).wrapping_mul(0x1656_67B1_9E37_79F9);
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h
}

fn gradient(h: u64) -> DVec3 {
    const DIRS: [DVec3; 12] = [
        DVec3::new(1.0, 1.0, 0.0),
        DVec3::new(-1.0, 1.0, 0.0),
        DVec3::new(1.0, -1.0, 0.0),
        DVec3::new(-1.0, -1.0, 0.0),
        DVec3::new(1.0, 0.0, 1.0),
        DVec3::new(-1.0, 0.0, 1.0),
        DVec3::new(1.0, 0.0, -1.0),
        DVec3::new(-1.0, 0.0, -1.0),
        DVec3::new(0.0, 1.0, 1.0),
        DVec3::new(0.0, -1.0, 1.0),
        DVec3::new(0.0, 1.0, -1.0),
        DVec3::new(0.0, -1.0, -1.0),
    ];
    DIRS[(h % 12) as usize]
}

fn fade(t: f64) -> f64 {
    t * t * t * (t * (t * 6.0 - 15.0) + 10.0)
}

/// Gradient noise in [0, 1], 0.5 on average.
pub fn noise(p: DVec3) -> f64 {
    let cell = p.floor();
    let f = p - cell;
    let (ix, iy, iz) = (cell.x as i64, cell.y as i64, cell.z as i64);
    let (u, v, w) = (fade(f.x), fade(f.y), fade(f.z));
    let mut corners = [0.0; 8];
    for (i, corner) in corners.iter_mut().enumerate() {
        let (dx, dy, dz) = ((i & 1) as i64, ((i >> 1) & 1) as i64, ((i >> 2) & 1) as i64);
        let g = gradient(hash(ix + dx, iy + dy, iz + dz));
        *corner = g.dot(f - DVec3::new(dx as f64, dy as f64, dz as f64));
    }
    let lerp = |a: f64, b: f64, t: f64| a + (b - a) * t;
    let x00 = lerp(corners[0], corners[1], u);
    let x10 = lerp(corners[2], corners[3], u);
    let x01 = lerp(corners[4], corners[5], u);
    let x11 = lerp(corners[6], corners[7], u);
    let value = lerp(lerp(x00, x10, v), lerp(x01, x11, v), w);
    (value * 0.5 + 0.5).clamp(0.0, 1.0)
}

/// Sum of octaves of noise, centred on 0.
pub fn turbulence(p: DVec3, octaves: u32) -> f64 {
    let mut sum = 0.0;
    let mut scale = 1.0;
    for _ in 0..octaves {
        sum += (noise(p * scale) - 0.5).abs() / scale;
        scale *= 2.0;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_bounded_and_repeatable() {
        for i in 0..1000 {
            let p = DVec3::new(i as f64 * 0.37, i as f64 * -0.11, i as f64 * 0.05);
            let n = noise(p);
            assert!((0.0..=1.0).contains(&n));
            assert_eq!(n, noise(p));
        }
    }
}
