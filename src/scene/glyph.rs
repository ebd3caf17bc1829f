//! One letter of a `text` object: a TrueType glyph's outline swept along z, placed
//! where POV-Ray's layout puts it.

use std::sync::Arc;

use glam::DVec2;

/// A piece of a glyph's outline, in em units (font units over units per em). Curves
/// are split where y turns, so that every piece rises or falls monotonically: an
/// inside test then meets each piece at most once on a horizontal line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Segment {
    Line([DVec2; 2]),
    /// A quadratic Bézier: start, control point, end.
    Quad([DVec2; 3]),
}

/// The closed contours of one glyph, filled by the even-odd rule as POV-Ray fills
/// them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GlyphOutline {
    pub segments: Vec<Segment>,
    /// Bounds of every point, control points included.
    pub min: DVec2,
    pub max: DVec2,
}

impl GlyphOutline {
    pub fn push_line(&mut self, a: DVec2, b: DVec2) {
        if a != b {
            self.segments.push(Segment::Line([a, b]));
        }
    }

    /// Adds a quadratic curve, split at its turning point in y if it has one.
    pub fn push_quad(&mut self, a: DVec2, c: DVec2, b: DVec2) {
        let denominator = a.y - 2.0 * c.y + b.y;
        let s = if denominator != 0.0 {
            (a.y - c.y) / denominator
        } else {
            -1.0
        };
        if s > 0.0 && s < 1.0 {
            // de Casteljau at s: two quadratics meeting at the extremum.
            let ac = a.lerp(c, s);
            let cb = c.lerp(b, s);
            let mid = ac.lerp(cb, s);
            // Exactly flat there, so neither half turns back by a rounding error.
            let ac = DVec2::new(ac.x, mid.y);
            let cb = DVec2::new(cb.x, mid.y);
            self.segments.push(Segment::Quad([a, ac, mid]));
            self.segments.push(Segment::Quad([mid, cb, b]));
        } else {
            self.segments.push(Segment::Quad([a, c, b]));
        }
    }

    /// Sets the bounds from the segments' points.
    pub fn finish_bounds(&mut self) {
        let mut min = DVec2::splat(f64::INFINITY);
        let mut max = DVec2::splat(f64::NEG_INFINITY);
        for segment in &self.segments {
            let points: &[DVec2] = match segment {
                Segment::Line(p) => p,
                Segment::Quad(p) => p,
            };
            for p in points {
                min = min.min(*p);
                max = max.max(*p);
            }
        }
        if self.segments.is_empty() {
            min = DVec2::ZERO;
            max = DVec2::ZERO;
        }
        self.min = min;
        self.max = max;
    }
}

/// A glyph placed in the text's space: its outline moved by `offset`, swept from
/// z = 0 to z = `depth`.
#[derive(Clone, Debug)]
pub struct Glyph {
    /// Shared by every placement of the same glyph of the same font.
    pub outline: Arc<GlyphOutline>,
    pub offset: DVec2,
    pub depth: f64,
}
