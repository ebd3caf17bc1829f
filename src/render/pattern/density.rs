//! The `density_file` pattern: a DF3 file's voxels filling the unit cube, read with no
//! interpolation, trilinearly or tricubically, as POV-Ray 3.7 reads them.

use glam::DVec3;

use crate::scene::DensityFile;

/// The voxel at (x, y, z), in [0, 1] (its value over the width's largest).
pub fn voxel(file: &DensityFile, x: usize, y: usize, z: usize) -> f64 {
    let i = ((z * file.size[1] + y) * file.size[0] + x) * file.width;
    let b = &file.voxels[i..i + file.width];
    match file.width {
        1 => f64::from(b[0]) / 255.0,
        2 => f64::from(u16::from_be_bytes([b[0], b[1]])) / 65535.0,
        _ => f64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])) / 4_294_967_295.0,
    }
}

/// The density at `p`: zero outside [0, 1)³ (and for an empty file, and never below
/// zero); `interpolate` is POV-Ray's integer (modulo 10: 0 none, 1 trilinear, else
/// tricubic).
pub fn value(file: &DensityFile, interpolate: i32, p: DVec3) -> f64 {
    let inside = |v: f64| (0.0..1.0).contains(&v);
    if file.is_empty() || !(inside(p.x) && inside(p.y) && inside(p.z)) {
        return 0.0;
    }
    let [sx, sy, sz] = file.size;
    // Voxel coordinates: voxel i covers [i, i + 1).
    let g = p * DVec3::new(sx as f64, sy as f64, sz as f64);
    let cell = [g.x as usize, g.y as usize, g.z as usize];
    let frac = g - g.floor();
    let density = match interpolate % 10 {
        0 => {
            if cell[0] < sx && cell[1] < sy && cell[2] < sz {
                voxel(file, cell[0], cell[1], cell[2])
            } else {
                0.0
            }
        }
        1 => trilinear(file, cell, frac),
        _ => tricubic(file, cell, frac),
    };
    density.max(0.0)
}

/// The eight voxels around the point blended; the far neighbours wrap round to the
/// file's first voxels, as POV-Ray's do.
fn trilinear(file: &DensityFile, [x0, y0, z0]: [usize; 3], f: DVec3) -> f64 {
    let [sx, sy, sz] = file.size;
    let (x1, y1, z1) = ((x0 + 1) % sx, (y0 + 1) % sy, (z0 + 1) % sz);
    let lerp = |a: f64, b: f64, t: f64| a * (1.0 - t) + b * t;
    let plane = |z: usize| {
        let near = lerp(voxel(file, x0, y0, z), voxel(file, x1, y0, z), f.x);
        let far = lerp(voxel(file, x0, y1, z), voxel(file, x1, y1, z), f.x);
        near * (1.0 - f.y) + far * f.y
    };
    plane(z0) * (1.0 - f.z) + plane(z1) * f.z
}

/// The voxel index `i + offset` wrapped into `0..n` the way POV-Ray's unsigned
/// arithmetic wraps it: one before the first voxel is (2^64 - 1) mod n.
fn wrapped(i: usize, offset: isize, n: usize) -> usize {
    (i as u64).wrapping_add(offset as u64) as usize % n
}

/// A Catmull-Rom step through four samples at t in [0, 1] between the middle two, in
/// POV-Ray's precision: coefficients summed in double and kept in single, the
/// polynomial in single.
fn catmull_rom(t: f32, a: f32, b: f32, c: f32, d: f32) -> f32 {
    let slope_b = (f64::from(c - a) * 0.5) as f32;
    let slope_c = (f64::from(d - b) * 0.5) as f32;
    let step = f64::from(b - c);
    let cubic = (2.0 * step + f64::from(slope_b) + f64::from(slope_c)) as f32;
    let square = (-3.0 * step - 2.0 * f64::from(slope_b) - f64::from(slope_c)) as f32;
    ((cubic * t + square) * t + slope_b) * t + b
}

/// The 4×4×4 voxels around the point through Catmull-Rom curves: along z first, then
/// y, then x.
fn tricubic(file: &DensityFile, [x0, y0, z0]: [usize; 3], f: DVec3) -> f64 {
    let [sx, sy, sz] = file.size;
    let zs = [-1, 0, 1, 2].map(|o| wrapped(z0, o, sz));
    let (tx, ty, tz) = (f.x as f32, f.y as f32, f.z as f32);
    let mut along_y = [0f32; 4];
    for (i, slot) in along_y.iter_mut().enumerate() {
        let x = wrapped(x0, i as isize - 1, sx);
        let mut along_z = [0f32; 4];
        for (j, v) in along_z.iter_mut().enumerate() {
            let y = wrapped(y0, j as isize - 1, sy);
            let s = zs.map(|z| voxel(file, x, y, z) as f32);
            *v = catmull_rom(tz, s[0], s[1], s[2], s[3]);
        }
        *slot = catmull_rom(ty, along_z[0], along_z[1], along_z[2], along_z[3]);
    }
    f64::from(catmull_rom(tx, along_y[0], along_y[1], along_y[2], along_y[3]))
}
