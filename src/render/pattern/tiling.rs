//! The `tiling` pattern: POV-Ray 3.7's periodic tilings of the x-z plane. Each point
//! is folded by the tiling's symmetries into one fundamental cell, where its value is
//! its distance from the tile's centre (0) to its edge (1); tilings with several
//! kinds of tile give each kind its own band of values (k/n to (k+1)/n).

use glam::DVec3;

/// √3, √3/2, √2 and √2/2 to POV-Ray's digits (its SQRT3, SQRT3_2, SQRT2, SQRT2_2).
const R3: f64 = 1.732_050_807_568_877_2;
const R3_2: f64 = 0.866_025_403_784_438_6;
const R2: f64 = std::f64::consts::SQRT_2;
const R2_2: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// The value of tiling `n` at `p`. Tilings 11 to 27 are refused as unsupported when
/// the scene is read (and are squares here), as are numbers outside 1 to 27.
pub fn value(n: u8, p: DVec3) -> f64 {
    let (x, z) = (p.x, p.z);
    match n {
        2 => hexagon(x, z),
        3 => triangle(x, z),
        4 => lozenge(x, z),
        5 => rhombus(x, z),
        6 => rectangle(x, z),
        7 => octagon_square(x, z),
        8 => square_triangle(x, z),
        9 => hexagon_triangle(x, z),
        10 => offset_squares(x, z),
        _ => square(x, z),
    }
}

/// `v` wrapped into [0, period).
fn wrap(v: f64, period: f64) -> f64 {
    v - period * (v / period).floor()
}

/// Distance from the middle of a unit cell (0) to its edge (1) along one axis.
fn from_middle(v: f64) -> f64 {
    2.0 * (v - v.floor() - 0.5).abs()
}

/// Tiling 1: unit squares centred on the half-integers (mirrored at the axes).
fn square(x: f64, z: f64) -> f64 {
    from_middle(x.abs()).max(from_middle(z.abs()))
}

/// Folds a point of the hexagon lattice (period 3 by √3, shifted half a unit in x) into
/// the cell [0, 1.5] × [0, √3/2]; the second value tells whether one of the folds
/// swapped the point between the two half-cells (the rhombus tiling's orientation).
fn fold_hexagonal(x: f64, z: f64) -> (f64, f64, bool) {
    let (mut x, mut z) = (wrap(x + 0.5, 3.0), wrap(z, R3));
    let mut flipped = false;
    if z > R3_2 {
        z = R3 - z;
        flipped = !flipped;
    }
    if x > 1.5 {
        x -= 1.5;
        z = R3_2 - z;
        flipped = !flipped;
    }
    (x, z, flipped)
}

/// Tiling 2: regular hexagons of side 1.
fn hexagon(x: f64, z: f64) -> f64 {
    let (mut x, mut z, _) = fold_hexagonal(x, z);
    // The lower left corner belongs to a neighbour: mirror it onto this hexagon.
    if R3 * x + z < R3_2 {
        x = 0.5 - x;
        z = R3_2 - z;
    }
    if x > 1.0 {
        x = 2.0 - x;
    }
    let to_flat_edge = 1.0 - z / R3_2;
    let to_slanted_edge = 1.0 - (R3 * x + z - R3_2) / R3;
    to_flat_edge.max(to_slanted_edge).clamp(0.0, 1.0)
}

/// Reflects a point of the triangle [0, 1/2] × [0, √3/2] that lies above the line of
/// slope √3 through the origin into the triangle below it; true if it did.
fn fold_steep(x: &mut f64, z: &mut f64) -> bool {
    let above = if *x != 0.0 { *z / *x > R3 } else { true };
    if above {
        *z = R3_2 - *z;
        *x = if *x != 0.0 { 0.5 - *x } else { 0.5 };
    }
    above
}

/// Tiling 3: equilateral triangles of side 1, pointing up (0 to 1/2) and down (1/2 to 1).
fn triangle(x: f64, z: f64) -> f64 {
    let (mut x, mut z) = (x - x.floor(), wrap(z, R3));
    let mut down = false;
    if z > R3_2 {
        z = R3 - z;
        down = !down;
    }
    if x > 0.5 {
        x = 1.0 - x;
    }
    // POV-Ray leaves the orientation alone for a point on the fold's axis (x = 0).
    let on_axis = x == 0.0;
    if fold_steep(&mut x, &mut z) && !on_axis {
        down = !down;
    }
    let to_base = 1.0 - z * 2.0 * R3;
    let to_side = 1.0 - (R3 * x - z) * R3;
    f64::from(u8::from(down)) / 2.0 + 0.5 * to_base.max(to_side)
}

/// The lozenge value of a point already in [0, 1) × [0, √3/2]: its distance from the
/// lozenge's long diagonal.
fn lozenge_folded(mut x: f64, mut z: f64) -> f64 {
    if 2.0 * z > R3_2 {
        z = R3_2 - z;
        x = 1.5 - x;
    }
    if x > 0.75 {
        x -= 1.0;
    }
    if x != 0.0 && z / x > R3 {
        z = R3_2 - z;
        x = 0.5 - x;
    }
    let across = 1.0 - z * 4.0 * R3 / 3.0;
    let along = 1.0 - (R3 * x - z).abs() * R3 * 2.0 / 3.0;
    across.max(along)
}

/// Tiling 4: rhombi of 60° all lying the same way.
fn lozenge(x: f64, z: f64) -> f64 {
    let (mut x, mut z) = (x - x.floor(), wrap(z, R3));
    if z > R3_2 {
        z -= R3_2;
        x += 0.5;
    }
    lozenge_folded(x, z)
}

/// Tiling 5: rhombi of 60° in three orientations, each its own third of the values.
fn rhombus(x: f64, z: f64) -> f64 {
    let (mut x, mut z, flipped) = fold_hexagonal(x, z);
    let mut third = if flipped { 2.0 } else { 0.0 };
    // Two orientations share the folded cell's ends; mirroring the left end onto the
    // right swaps them.
    if x < 0.5 {
        x = 1.0 - x;
        third = 2.0 - third;
    }
    x -= 0.5;
    // The third orientation, in the cell's middle: turned by -60° onto the others' shape.
    if x == 0.0 || z / x > R3 {
        let turned_x = x / 2.0 + z * R3_2;
        let turned_z = z / 2.0 - x * R3_2;
        x = turned_x;
        z = turned_z;
        third = 1.0;
    }
    (lozenge_folded(x, z) / 3.0 + third / 3.0).clamp(0.0, 1.0)
}

/// Tiling 6: 2 × 1 rectangles laid in a basket weave of period 4 × 4; one orientation
/// takes the values 0 to 1/2, the other 1/2 to 1.
fn rectangle(x: f64, z: f64) -> f64 {
    let (mut x, mut z) = (wrap(x, 4.0), wrap(z, 4.0));
    // For each unit square of the period: the shift to the rectangle's reference
    // corner, and whether the rectangle lies along x.
    const CELLS: [(f64, f64, bool); 16] = [
        (0.0, 1.0, true),
        (2.0, 0.0, false),
        (2.0, 0.0, false),
        (3.0, 0.0, true),
        (0.0, 1.0, true),
        (1.0, 2.0, true),
        (3.0, 1.0, false),
        (3.0, 1.0, false),
        (0.0, 2.0, false),
        (1.0, 2.0, true),
        (2.0, 3.0, true),
        (4.0, 2.0, false),
        (1.0, 3.0, false),
        (1.0, 3.0, false),
        (2.0, 3.0, true),
        (3.0, 4.0, true),
    ];
    let (dx, dz, along_x) = CELLS[(x as usize).min(3) + 4 * (z as usize).min(3)];
    x -= dx;
    z -= dz;
    let long = |v: f64| 2.0 * (v.abs().max(0.5) - 0.5);
    let (ex, ez, half) = if along_x {
        (2.0 * (x - 0.5).abs(), long(z), 0.5)
    } else {
        (long(x), 2.0 * (z - 0.5).abs(), 0.0)
    };
    (ex.max(ez) / 2.0 + half).abs()
}

/// Tiling 7: regular octagons with squares between them; squares 0 to 1/2, octagons
/// above.
fn octagon_square(x: f64, z: f64) -> f64 {
    let period = R2 + 1.0;
    let centred = |v: f64| (wrap(v, period) - (R2_2 + 0.5)).abs();
    let (a, b) = (centred(x), centred(z));
    let (x, z) = if b > a { (b, a) } else { (a, b) };
    if x + z < R2_2 {
        return (x + z) / R2;
    }
    let to_side = 1.0 - z;
    let to_corner_side = (R2 + R2_2 - (x + z)) / R2;
    // POV-Ray's constant: octagons stay just above one half.
    to_side.max(to_corner_side).max(0.500_000_000_001)
}

/// Tiling 8: rows of unit squares between rows of triangles; triangles 0 to 2/3,
/// squares above.
fn square_triangle(x: f64, z: f64) -> f64 {
    let (mut x, mut z) = (x - x.floor(), wrap(z, 2.0 + R3));
    if z > R3_2 + 1.0 {
        z -= R3_2 + 1.0;
        x += if x > 0.5 { -0.5 } else { 0.5 };
    }
    if x > 0.5 {
        x = 1.0 - x;
    }
    z -= 1.0;
    if z > 0.0 {
        let down = fold_steep(&mut x, &mut z);
        let to_base = 1.0 - 2.0 * z * R3;
        let to_side = 1.0 - (R3 * x - z) * R3;
        return (f64::from(u8::from(down)) + to_base.max(to_side)) / 3.0;
    }
    if z < -0.5 {
        z = -1.0 - z;
    }
    let edge = |v: f64| (2.0 + 2.0 * R3 * v.abs()).min(3.0);
    // POV-Ray's constant keeps squares just above two thirds.
    (5.000_000_1 - edge(x).min(edge(z))) / 3.0
}

/// Tiling 9: hexagons with triangles between them; triangles 0 to 2/3, hexagons above.
fn hexagon_triangle(x: f64, z: f64) -> f64 {
    let (mut x, mut z) = (wrap(x + 0.5, 2.0), wrap(z, 2.0 * R3));
    if z > R3 {
        z -= R3;
        x += if x < 1.0 { 1.0 } else { -1.0 };
    }
    let mut down = false;
    if z > R3_2 {
        z = R3 - z;
        down = true;
    }
    if x > 1.0 {
        x = 2.0 - x;
    }
    if R3 * x + z < R3_2 {
        let to_base = 1.0 - z * 2.0 * R3;
        let to_side = 1.0 + (R3 * x + z - R3_2) * R3;
        return (f64::from(u8::from(down)) + to_base.max(to_side)) / 3.0;
    }
    let to_flat = 2.0 + 2.0 * (z * R3);
    let to_slanted = 2.0 + 2.0 * (R3 * x + z - R3_2) * R3_2;
    // POV-Ray's constant keeps hexagons just above two thirds.
    (5.0 - to_flat.min(to_slanted)).max(2.000_000_1) / 3.0
}

/// Tiling 10: unit squares, each row shifted half a square from the one below.
fn offset_squares(x: f64, z: f64) -> f64 {
    let mut z = wrap(z, 2.0);
    let mut x = x;
    if z > 1.0 {
        x += 0.5;
        z -= 1.0;
    }
    from_middle(x).max(2.0 * (z - 0.5).abs())
}
