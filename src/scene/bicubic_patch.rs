//! `bicubic_patch`: a Bezier patch of sixteen control points and how finely POV-Ray
//! cuts it into triangles.

use glam::DVec3;

/// The shape in its object space, as parsed.
#[derive(Clone, Debug)]
pub struct BicubicPatch {
    /// `type 1`: cut into triangles once, before rendering; `type 0`: cut again for
    /// every ray (the same triangles, less memory, more time).
    pub precomputed: bool,
    /// `flatness`: a piece whose control points lie within this distance of the
    /// plane of its corners is not cut further (0, the default: always cut to the
    /// steps).
    pub flatness: f64,
    /// `u_steps` and `v_steps`: the piece is halved along u (v) until it is this many
    /// levels deep, unless flat enough first. Negative values act as 0, as in POV-Ray.
    pub u_steps: i32,
    pub v_steps: i32,
    /// Four rows of four: `points[i][j]` is the (4 i + j + 1)-th point of the source,
    /// at u = i / 3, v = j / 3.
    pub points: [[DVec3; 4]; 4],
}
