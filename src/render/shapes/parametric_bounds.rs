//! How far one coordinate function of a parametric surface can range over a (u, v)
//! patch, estimated from its corners and `max_gradient` as POV-Ray 3.7 estimates it,
//! and the table of those ranges that `precompute` fills before rendering.

use glam::DVec2;

use crate::sdl::function::Function;

/// A coordinate function's value at (u, v): u and v are its first two parameters (an
/// implicit function's x and y); any others are 0.
pub fn evaluate(f: &Function, uv: DVec2) -> f64 {
    let n = f.params.len();
    let value = if n <= 3 {
        f.call(&[uv.x, uv.y, 0.0][..n])
    } else {
        let mut args = vec![0.0; n];
        args[0] = uv.x;
        args[1] = uv.y;
        f.call(&args)
    };
    value.unwrap_or(f64::NAN)
}

/// The range a function with slope at most `max_gradient` can reach along an edge
/// `length` long whose ends have the values `a` and `b`: POV-Ray 3.7's estimate,
/// written in its order of operations so that its rounding is matched too.
fn edge_range(length: f64, a: f64, b: f64, max_gradient: f64) -> (f64, f64) {
    let rise = (a - b).abs();
    let spare = (max_gradient * (length - rise / max_gradient) / 2.0).max(0.0);
    (a.min(b) - spare, a.max(b) + spare)
}

/// The (low, high) bounds of `f` over the patch from `low` to `high`: each edge at
/// constant u bounded first, then the two edges' bounds joined across u. As in
/// POV-Ray 3.7, every corner value has `accuracy` subtracted first (its patch estimate
/// takes the accuracy as a threshold), which shifts the whole surface by that much.
pub fn patch_range(f: &Function, low: DVec2, high: DVec2, accuracy: f64, max_gradient: f64) -> Range {
    let at = |u: f64, v: f64| evaluate(f, DVec2::new(u, v)) - accuracy;
    let (f00, f01) = (at(low.x, low.y), at(low.x, high.y));
    let (f10, f11) = (at(high.x, low.y), at(high.x, high.y));
    let dv = high.y - low.y;
    let (min0, max0) = edge_range(dv, f00, f01, max_gradient);
    let (min1, max1) = edge_range(dv, f10, f11, max_gradient);
    let du = high.x - low.x;
    let (_, hi) = edge_range(du, max0, max1, max_gradient);
    let (lo, _) = edge_range(du, min0, min1, max_gradient);
    (lo, hi)
}

/// A coordinate's (low, high) bounds over a patch.
pub type Range = (f64, f64);

/// `precompute`: for each tabulated axis, the bounds of every patch down to `depth`
/// halvings, numbered as a binary heap (patch 1 the whole range, patch k's halves
/// 2k and 2k + 1, the lower first). The deepest patches are estimated; each above
/// holds the union of its halves', tighter than its own estimate would be.
#[derive(Debug)]
pub struct RangeTable {
    /// Patches numbered below this are tabulated.
    pub size: u32,
    /// Per axis, when tabulated: (low, high) by patch number (entry 0 unused).
    pub axes: [Option<Box<[Range]>>; 3],
}

/// The coordinate a patch is halved along: u unless v is longer (POV-Ray's choice,
/// both in its ray search and in its `precompute`).
fn halves_v(low: DVec2, high: DVec2) -> bool {
    high.y - low.y > high.x - low.x
}

/// The two halves of a patch, the lower (u or v) first.
pub fn halves(low: DVec2, high: DVec2) -> [(DVec2, DVec2); 2] {
    let mid = (low + high) / 2.0;
    if halves_v(low, high) {
        [(low, DVec2::new(high.x, mid.y)), (DVec2::new(low.x, mid.y), high)]
    } else {
        [(low, DVec2::new(mid.x, high.y)), (DVec2::new(mid.x, low.y), high)]
    }
}

/// What a table is built from: the functions, their (u, v) range and the estimate's
/// settings.
pub struct TableSpec<'a> {
    pub functions: [&'a Function; 3],
    pub low: DVec2,
    pub high: DVec2,
    pub accuracy: f64,
    pub max_gradient: f64,
}

impl RangeTable {
    /// Tabulates the axes named in `axes` to `depth` (1 to 20) halvings.
    pub fn new(spec: &TableSpec, depth: u32, axes: [bool; 3]) -> RangeTable {
        let depth = depth.clamp(1, 20);
        let size = 1u32 << depth;
        let mut table = RangeTable {
            size,
            axes: axes.map(|on| on.then(|| vec![(0.0, 0.0); size as usize].into_boxed_slice())),
        };
        table.fill(spec, 1, spec.low, spec.high, 1u32 << (depth - 1));
        table
    }

    /// Fills patch `k` and those below it; patches from `first_leaf` on are estimated.
    fn fill(&mut self, spec: &TableSpec, k: u32, low: DVec2, high: DVec2, first_leaf: u32) {
        if k >= first_leaf {
            for (axis, slots) in self.axes.iter_mut().enumerate() {
                if let Some(slots) = slots {
                    slots[k as usize] =
                        patch_range(spec.functions[axis], low, high, spec.accuracy, spec.max_gradient);
                }
            }
            return;
        }
        let [lower, upper] = halves(low, high);
        self.fill(spec, 2 * k, lower.0, lower.1, first_leaf);
        self.fill(spec, 2 * k + 1, upper.0, upper.1, first_leaf);
        for slots in self.axes.iter_mut().flatten() {
            let (a, b) = (slots[2 * k as usize], slots[2 * k as usize + 1]);
            // Written as POV-Ray compares them, so a NaN bound is passed on alike.
            let low = if a.0 < b.0 { a.0 } else { b.0 };
            let high = if a.1 > b.1 { a.1 } else { b.1 };
            slots[k as usize] = (low, high);
        }
    }

    /// The tabulated bounds of patch `k` on `axis`, if any.
    pub fn get(&self, axis: usize, k: u32) -> Option<Range> {
        if k >= self.size {
            return None;
        }
        self.axes[axis].as_ref().map(|slots| slots[k as usize])
    }
}
