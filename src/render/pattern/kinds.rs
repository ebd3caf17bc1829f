//! What each kind of pattern computes at a point of pattern space, as POV-Ray 3.7.0
//! does (its values, constants and order of arithmetic; matched against its pattern
//! functions in `tests.rs`).

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use glam::DVec3;

use super::cells::{hash3d, random, trunc_i32};
use super::warp::octaves;
use super::wave::{cycloidal, triangle};
use crate::render::texture::povray_noise::{self, noise, NoiseGenerator};
use crate::scene::pattern::{PatternKind, Turbulence};

/// POV-Ray's `EPSILON`.
const EPSILON: f64 = 1e-10;
const SQRT3: f64 = 1.732_050_807_568_877_2;
const SQRT3_2: f64 = 0.866_025_403_784_438_6;

/// POV-Ray keeps a gradient's or a function's value above 1 to its fraction and
/// leaves the rest, negative values included, to the wave step.
fn fraction_above_one(v: f64) -> f64 {
    if v > 1.0 {
        v % 1.0
    } else {
        v
    }
}

/// Distance-like values turned into densities: 1 at 0, falling to 0 at 1, 0 beyond
/// and 1 below 0.
fn clip_density(r: f64) -> f64 {
    if r < 0.0 {
        1.0
    } else if r > 1.0 {
        0.0
    } else {
        1.0 - r
    }
}

/// POV-Ray's `FLOOR`.
fn floor_m(x: f64) -> f64 {
    if x >= 0.0 {
        x.floor()
    } else {
        0.0 - (0.0 - x).floor() - 1.0
    }
}

/// `turbulence` is the pattern's classic turbulence, which marble, wood, agate and
/// the spirals read themselves; `generator` the noise generator the pattern uses.
pub fn value(
    kind: &PatternKind,
    p: DVec3,
    turbulence: Option<&Turbulence>,
    generator: NoiseGenerator,
) -> f64 {
    match kind {
        PatternKind::Gradient(axis) => fraction_above_one(p.dot(axis.normalize_or_zero())),
        PatternKind::Radial => {
            if p.x.abs() < 0.001 && p.z.abs() < 0.001 {
                0.25
            } else {
                0.25 + (p.x.atan2(p.z) + PI) / TAU
            }
        }
        PatternKind::Onion => (p.x * p.x + p.y * p.y + p.z * p.z).sqrt() % 1.0,
        PatternKind::Bozo | PatternKind::Spotted | PatternKind::Bumps => noise(p, generator),
        PatternKind::Dents => {
            let n = noise(p, generator);
            n * n * n
        }
        PatternKind::Leopard => {
            let s = (p.x.sin() + p.y.sin() + p.z.sin()) / 3.0;
            s * s
        }
        PatternKind::Marble => {
            let turb = turbulence.map_or(0.0, |t| {
                t.amount.x * povray_noise::turbulence(p, &octaves(t), generator)
            });
            p.x + turb
        }
        PatternKind::Wood => wood(p, turbulence),
        PatternKind::Agate { turbulence: scale } => {
            let params = turbulence.map_or_else(povray_noise::Turbulence::default, octaves);
            // POV-Ray keeps agate_turb in single precision.
            let turb = (*scale as f32 as f64) * povray_noise::turbulence(p, &params, generator);
            let n = 0.5 * (cycloidal(1.3 * turb + 1.1 * p.z) + 1.0);
            if n < 0.0 {
                0.0
            } else {
                n.min(1.0).powf(0.77)
            }
        }
        PatternKind::Granite => granite(p, generator),
        PatternKind::Wrinkles => wrinkles(p, generator),
        PatternKind::Function(f) => fraction_above_one(f.0.call(&[p.x, p.y, p.z]).unwrap_or(0.0)),
        PatternKind::Checker => {
            let s = (p.x + EPSILON).floor() + (p.y + EPSILON).floor() + (p.z + EPSILON).floor();
            (trunc_i32(s) & 1) as f64
        }
        PatternKind::Boxed => clip_density(p.x.abs().max(p.y.abs().max(p.z.abs()))),
        PatternKind::Cylindrical => clip_density((p.x * p.x + p.z * p.z).sqrt()),
        PatternKind::Spherical => clip_density((p.x * p.x + p.y * p.y + p.z * p.z).sqrt()),
        PatternKind::Planar => clip_density(p.y.abs()),
        PatternKind::Cubic => cubic(p),
        PatternKind::Square => {
            let x = trunc_i32(p.x.floor()) & 1;
            let z = trunc_i32(p.z.floor()) & 1;
            match (x, z) {
                (1, 1) => 2.0,
                (1, _) => 3.0,
                (_, 1) => 1.0,
                _ => 0.0,
            }
        }
        PatternKind::Triangular => triangular(p),
        PatternKind::Hexagon => hexagon(p),
        PatternKind::Brick { size, mortar } => brick(p, *size, *mortar),
        PatternKind::Spiral1 { arms } => {
            let turb = spiral_turbulence(p, turbulence, generator);
            let (rad, phi) = spiral_polar(p);
            p.z + rad + *arms as f64 * phi / TAU + turb
        }
        PatternKind::Spiral2 { arms } => {
            let turb = spiral_turbulence(p, turbulence, generator);
            let (rad, phi) = spiral_polar(p);
            let t = triangle(p.z + rad + *arms as f64 * phi / TAU + turb);
            triangle(rad) + t
        }
        PatternKind::Quilted { control0, control1 } => quilted(p, *control0, *control1),
        // Evaluated with its compiled pigment ([`super::CompiledPattern::evaluate`]).
        PatternKind::Average | PatternKind::PigmentPattern(_) => 0.0,
        PatternKind::Cells => {
            let cell = |v: f64| trunc_i32((v + EPSILON).floor());
            random(hash3d(cell(p.x), cell(p.y), cell(p.z))).min(1.0)
        }
        PatternKind::Crackle {
            form,
            metric,
            offset,
            solid,
        } => crackle(p, *form, *metric, *offset, *solid, generator),
        PatternKind::Fractal(f) => super::fractal::value(f, p),
        // Evaluated by the compiled pattern, which holds the wave sources; without
        // them, the middle value.
        PatternKind::Ripples | PatternKind::Waves => 0.5,
        // Evaluated by the compiled pattern, which holds the object compiled; without
        // it, outside.
        PatternKind::Object(_) => 0.0,
        PatternKind::DensityFile { file, interpolate } => super::density::value(file, *interpolate, p),
        PatternKind::Tiling(n) => super::tiling::value(*n, p),
        PatternKind::Slope(settings) => super::surface::slope(settings, p),
        PatternKind::Aoi => super::surface::angle_of_incidence(),
        PatternKind::ImagePattern(image) | PatternKind::BumpMap(image) => {
            crate::render::texture::image_value::value(image, p)
        }
        PatternKind::MaterialMap(m) => {
            let grid = crate::render::texture::image_mapping::ImageGrid {
                width: m.image.width as usize,
                height: m.image.height as usize,
                map_type: m.map_type,
                once: m.once,
                interpolation: crate::render::texture::image_mapping::Interpolation::Nearest,
            };
            material_index(m, grid.locate(p)) as f64
        }
    }
}

fn wood(p: DVec3, turbulence: Option<&Turbulence>) -> f64 {
    let (mut x, mut y) = (0.0, 0.0);
    if let Some(t) = turbulence {
        let d = povray_noise::dturbulence(p, &octaves(t), NoiseGenerator::default());
        x = cycloidal((p.x + d.x) * t.amount.x);
        y = cycloidal((p.y + d.y) * t.amount.y);
    }
    x += p.x;
    y += p.y;
    (x * x + y * y + 0.0 * 0.0).sqrt()
}

fn granite(p: DVec3, generator: NoiseGenerator) -> f64 {
    let base = p * 4.0;
    let mut sum = 0.0;
    let mut freq = 1.0;
    for _ in 0..6 {
        let n = noise(base * freq, generator);
        let t = if generator == NoiseGenerator::Original {
            (0.5 - n).abs()
        } else {
            (1.0 - 2.0 * n).abs().min(0.5)
        };
        sum += t / freq;
        freq *= 2.0;
    }
    sum
}

fn wrinkles(p: DVec3, generator: NoiseGenerator) -> f64 {
    let stretched = generator != NoiseGenerator::Original;
    let octave = |q: DVec3| {
        let n = noise(q, generator);
        if stretched {
            (n * 2.0 - 0.5).clamp(0.0, 1.0)
        } else {
            n
        }
    };
    let mut value = octave(p);
    let (mut lambda, mut omega) = (2.0, 0.5);
    for _ in 1..10 {
        value += omega * octave(p * lambda);
        lambda *= 2.0;
        omega *= 0.5;
    }
    value / 2.0
}

fn cubic(p: DVec3) -> f64 {
    let (ax, ay, az) = (p.x.abs(), p.y.abs(), p.z.abs());
    if p.x >= 0.0 && p.x >= ay && p.x >= az {
        0.0
    } else if p.y >= 0.0 && p.y >= ax && p.y >= az {
        1.0
    } else if p.z >= 0.0 && p.z >= ax && p.z >= ay {
        2.0
    } else if p.x < 0.0 && p.x <= -ay && p.x <= -az {
        3.0
    } else if p.y < 0.0 && p.y <= -ax && p.y <= -az {
        4.0
    } else {
        5.0
    }
}

fn triangular(p: DVec3) -> f64 {
    let mut xs = p.x - 3.0 * (p.x / 3.0).floor();
    let mut zs = p.z - SQRT3 * (p.z / SQRT3).floor();
    let a = trunc_i32(xs.floor());
    xs -= a as f64;
    let upper = zs >= SQRT3_2;
    if upper {
        zs = SQRT3 - zs;
    }
    let k = 1.0 - xs;
    // POV-Ray leaves the value unset when both slopes are steep; its build gives 0.
    let mut answer = 0.0;
    if xs != 0.0 && k != 0.0 {
        let s1 = zs / xs;
        let s2 = zs / k;
        match (s1 < SQRT3, s2 < SQRT3) {
            (true, true) => answer = 0.0,
            (false, true) => answer = 1.0,
            (true, false) => answer = 3.0,
            (false, false) => {}
        }
    } else {
        answer = 1.0;
    }
    let mask = trunc_i32(answer);
    let a = a as f64;
    answer = if mask & 1 != 0 {
        (answer + 2.0 * a) % 6.0
    } else {
        (6.0 + answer - 2.0 * a) % 6.0
    };
    if upper {
        answer = 5.0 - answer;
    }
    answer
}

fn hexagon(p: DVec3) -> f64 {
    const XFACTOR: f64 = 0.5;
    const ZFACTOR: f64 = 0.866025404;
    let x = p.x.abs();
    let z = if p.z < 0.0 { 5.196152424 - p.z.abs() } else { p.z };
    let mut xs = x / XFACTOR;
    let mut zs = z / ZFACTOR;
    xs -= (xs / 6.0).floor() * 6.0;
    zs -= (zs / 6.0).floor() * 6.0;
    let xm = trunc_i32(floor_m(xs)) % 6;
    let zm = trunc_i32(floor_m(zs)) % 6;
    let value: f64 = match xm {
        0 | 5 => match zm {
            1 | 2 => 1.0,
            3 | 4 => 2.0,
            _ => 0.0,
        },
        2 | 3 => match zm {
            0 | 1 => 2.0,
            4 | 5 => 1.0,
            _ => 0.0,
        },
        1 | 4 => {
            let mut xl = xs - xm as f64;
            let zl = zs - zm as f64;
            if (xm + zm) % 2 == 1 {
                xl = 1.0 - xl;
            }
            if xl == 0.0 {
                xl = 0.0001;
            }
            if zl / xl < 1.0 {
                match zm {
                    2 | 5 => 1.0,
                    1 | 4 => 2.0,
                    _ => 0.0,
                }
            } else {
                match zm {
                    0 | 3 => 2.0,
                    1 | 4 => 1.0,
                    _ => 0.0,
                }
            }
        }
        _ => 0.0,
    };
    value % 3.0
}

fn brick(p: DVec3, size: DVec3, mortar: f64) -> f64 {
    // POV-Ray keeps the mortar width in single precision.
    let mortar = mortar as f32 as f64;
    let fudge = EPSILON + mortar;
    let (x, y, z) = (p.x + fudge, p.y + fudge, p.z + fudge);
    let frac = |v: f64| {
        let mut f = v - trunc_i32(v) as f64;
        if f < 0.0 {
            f += 1.0;
        }
        f
    };
    let (mw, mh, md) = (mortar / size.x, mortar / size.y, mortar / size.z);
    if frac(y / size.y) <= mh {
        return 0.0;
    }
    let row = frac((y / size.y) * 0.5);
    if frac(x / size.x) <= mw && row <= 0.5 {
        return 0.0;
    }
    if frac((x / size.x) + 0.5) <= mw && row > 0.5 {
        return 0.0;
    }
    if frac(z / size.z) <= md && row > 0.5 {
        return 0.0;
    }
    if frac((z / size.z) + 0.5) <= md && row <= 0.5 {
        return 0.0;
    }
    1.0
}

fn spiral_turbulence(p: DVec3, turbulence: Option<&Turbulence>, generator: NoiseGenerator) -> f64 {
    turbulence.map_or(0.0, |t| {
        t.amount.x * povray_noise::turbulence(p, &octaves(t), generator)
    })
}

/// Distance from the z axis and angle around it (0 to 2 pi), as the spirals take them.
fn spiral_polar(p: DVec3) -> (f64, f64) {
    let rad = (p.x * p.x + p.y * p.y).sqrt();
    let phi = if rad == 0.0 {
        0.0
    } else if p.x < 0.0 {
        3.0 * FRAC_PI_2 - (p.y / rad).asin()
    } else {
        FRAC_PI_2 + (p.y / rad).asin()
    };
    (rad, phi)
}

fn quilted(p: DVec3, c0: f64, c1: f64) -> f64 {
    let v = quilt_offset(p);
    let v = v * quilt_cubic(v.length(), c0, c1);
    (v.x.abs() + v.y.abs() + v.z.abs()) / 3.0
}

/// Where `p` lies from the centre of its unit cube: -0.5 to 0.5 on each axis.
pub fn quilt_offset(p: DVec3) -> DVec3 {
    DVec3::new(
        p.x - floor_m(p.x) - 0.5,
        p.y - floor_m(p.y) - 0.5,
        p.z - floor_m(p.z) - 0.5,
    )
}

/// Quilted's profile across a cube: a cubic from 0 (centre) to 1 (corner) shaped by
/// the two controls, scaled by POV-Ray's 1.154700538 (its 2/sqrt(3)).
pub fn quilt_cubic(t: f64, c0: f64, c1: f64) -> f64 {
    const INV_SQRT_3_4: f64 = 1.154700538;
    // POV-Ray keeps the controls in single precision.
    let (c0, c1) = (c0 as f32 as f64, c1 as f32 as f64);
    let it = 1.0 - t;
    (t * t * t + 3.0 * t * (it * it) * c0 + 3.0 * (t * t) * it * c1) * INV_SQRT_3_4
}

/// The 81 neighbouring cells crackle searches: offsets -2 to 2 on each axis with at
/// most one axis at distance 2, x slowest.
fn crackle_cubes() -> &'static [[i32; 3]] {
    static CUBES: std::sync::OnceLock<Vec<[i32; 3]>> = std::sync::OnceLock::new();
    CUBES.get_or_init(|| {
        let mut v = Vec::with_capacity(81);
        for x in -2..=2i32 {
            for y in -2..=2i32 {
                for z in -2..=2i32 {
                    let far = (x.abs() == 2) as u8 + (y.abs() == 2) as u8 + (z.abs() == 2) as u8;
                    if far <= 1 {
                        v.push([x, y, z]);
                    }
                }
            }
        }
        v
    })
}

/// How many feature points crackle compares: those of `crackle_cubes`.
const CRACKLE_POINTS: usize = 81;

/// How many cells' feature points each thread keeps: scenes evaluate several crackle
/// patterns in turn (one for each medium's density, at other scales), and each would
/// push the others' cells out of a one-cell cache.
const CRACKLE_CACHED_CELLS: usize = 4;

/// A cell's feature points, by its cell.
type CrackleCell = ([i32; 3], Box<[DVec3; CRACKLE_POINTS]>);

thread_local! {
    /// The last cells' feature points: neighbouring evaluations (an isosurface's root
    /// search above all) mostly fall in the same cell, and hashing 81 points each time
    /// made crackle isosurfaces slower than POV-Ray, which caches them per thread too.
    /// Used in place: copying 81 points out for every evaluation cost a tenth of a
    /// crackle-dense render.
    static CRACKLE_CELLS: std::cell::RefCell<(usize, Vec<CrackleCell>)> =
        const { std::cell::RefCell::new((0, Vec::new())) };
}

/// Calls `f` with the feature points of the cell `key`, made by `point` for each of
/// [`crackle_cubes`] when the cell is not cached.
fn with_crackle_cell<R>(
    key: [i32; 3],
    point: impl Fn(&[i32; 3]) -> DVec3,
    f: impl FnOnce(&[DVec3; CRACKLE_POINTS]) -> R,
) -> R {
    CRACKLE_CELLS.with_borrow_mut(|(next, cells)| {
        let at = match cells.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let mut points = Box::new([DVec3::ZERO; CRACKLE_POINTS]);
                for (slot, o) in points.iter_mut().zip(crackle_cubes()) {
                    *slot = point(o);
                }
                if cells.len() < CRACKLE_CACHED_CELLS {
                    cells.push((key, points));
                    cells.len() - 1
                } else {
                    let at = *next;
                    *next = (*next + 1) % CRACKLE_CACHED_CELLS;
                    cells[at] = (key, points);
                    at
                }
            }
        };
        f(&cells[at].1)
    })
}

fn crackle(p: DVec3, form: DVec3, metric: f64, offset: f64, solid: bool, generator: NoiseGenerator) -> f64 {
    let cell = |v: f64| trunc_i32((v - EPSILON).floor());
    let (fx, fy, fz) = (cell(p.x), cell(p.y), cell(p.z));
    let square = metric == 2.0;
    let unity = metric == 1.0;
    let distance = |c: DVec3| {
        let d = c - p;
        if square {
            d.x * d.x + d.y * d.y + d.z * d.z
        } else if unity {
            d.x.abs() + d.y.abs() + d.z.abs()
        } else {
            d.x.abs().powf(metric) + d.y.abs().powf(metric) + d.z.abs().powf(metric)
        }
    };
    let point = |o: &[i32; 3]| {
        let (x, y, z) = (
            fx.wrapping_add(o[0]),
            fy.wrapping_add(o[1]),
            fz.wrapping_add(o[2]),
        );
        let seed = hash3d(x & 0xFFF, y & 0xFFF, z & 0xFFF);
        DVec3::new(
            x as f64 + random(seed),
            y as f64 + random(seed + 1),
            z as f64 + random(seed + 2),
        )
    };
    let key = [fx, fy, fz];
    with_crackle_cell(key, point, |points| {
        let mut min1 = distance(points[0]);
        let mut min2 = distance(points[1]);
        let mut min3 = distance(points[2]);
        let mut nearest = 0;
        if min2 < min1 {
            std::mem::swap(&mut min1, &mut min2);
            nearest = 1;
        }
        if min3 < min1 {
            std::mem::swap(&mut min1, &mut min3);
            nearest = 2;
        }
        if min3 < min2 {
            std::mem::swap(&mut min2, &mut min3);
        }
        for (i, c) in points.iter().enumerate().skip(3) {
            let s = distance(*c);
            if s < min1 {
                min3 = min2;
                min2 = min1;
                min1 = s;
                nearest = i;
            } else if s < min2 {
                min3 = min2;
                min2 = s;
            } else if s < min3 {
                min3 = s;
            }
        }
        if offset != 0.0 {
            let add = if square {
                offset * offset
            } else if unity {
                offset
            } else {
                offset.powf(metric)
            };
            min1 += add;
            min2 += add;
            min3 += add;
        }
        let v = if solid {
            noise(points[nearest], generator)
        } else if square {
            form.x * min1.sqrt() + form.y * min2.sqrt() + form.z * min3.sqrt()
        } else if unity {
            form.x * min1 + form.y * min2 + form.z * min3
        } else {
            form.x * min1.powf(1.0 / metric)
                + form.y * min2.powf(1.0 / metric)
                + form.z * min3.powf(1.0 / metric)
        };
        v.clamp(0.0, 1.0)
    })
}

/// The texture a `material_map` picks at `position` (pixels from the image's top left;
/// `None` off the image, where POV-Ray takes the first): the pixel's index, wrapped
/// round the textures.
pub fn material_index(m: &crate::scene::MaterialImage, position: Option<(f64, f64)>) -> usize {
    let (w, h) = (m.image.width as usize, m.image.height as usize);
    let Some((fx, fy)) = position.filter(|_| w > 0 && h > 0 && m.textures > 0) else {
        return 0;
    };
    let x = (fx as usize).min(w - 1);
    let y = (fy as usize).min(h - 1);
    usize::from(m.image.indices[y * w + x]) % m.textures
}
