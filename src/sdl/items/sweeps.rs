//! The parameters of the shapes made from a list of 2D points: `prism`, `lathe` and
//! `sor`, checked as POV-Ray 3.7 checks them.

use glam::DVec2;

use crate::scene::{Lathe, Prism, Shape, Sor, SplineKind};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::Token;

/// POV-Ray's EPSILON: points closer than this on both axes are the same point.
const SAME: f64 = 1e-10;

fn same(a: DVec2, b: DVec2) -> bool {
    (a.x - b.x).abs() < SAME && (a.y - b.y).abs() < SAME
}

fn spline_kind(word: &str) -> Option<SplineKind> {
    match word {
        "linear_spline" => Some(SplineKind::Linear),
        "quadratic_spline" => Some(SplineKind::Quadratic),
        "cubic_spline" => Some(SplineKind::Cubic),
        "bezier_spline" => Some(SplineKind::Bezier),
        _ => None,
    }
}

impl Parser<'_> {
    pub(crate) fn parse_sweep_shape(&mut self, t: &Token, kw: &str) -> PResult<Shape> {
        match kw {
            "prism" => self.parse_prism(t),
            "lathe" => {
                let spline = self.parse_spline_words(None)?;
                let points = self.parse_point_list(kw, spline)?;
                // The first and last points of a lathe only steer its ends; the rest
                // are radii.
                if let Some(i) = (1..points.len().saturating_sub(1)).find(|&i| points[i].x < 0.0) {
                    return Err(self.semantic(
                        t,
                        format!("lathe point {} has a negative radius {}", i + 1, points[i].x),
                    ));
                }
                Ok(Shape::Lathe(Box::new(Lathe {
                    spline,
                    points: points.into(),
                })))
            }
            "sor" => {
                let points = self.parse_point_list(kw, SplineKind::Cubic)?;
                self.check_sor(t, &points)?;
                let open = self.accept_open()?;
                Ok(Shape::Sor(Box::new(Sor {
                    points: points.into(),
                    open,
                })))
            }
            _ => Err(self.expected("an object", t)),
        }
    }

    fn parse_prism(&mut self, t: &Token) -> PResult<Shape> {
        let mut conic = false;
        let spline = self.parse_spline_words(Some(&mut conic))?;
        let at = self.peek_at();
        let h1 = self.parse_float()?;
        self.comma("prism")?;
        let h2 = self.parse_float()?;
        self.comma("prism")?;
        if !(h1.is_finite() && h2.is_finite()) {
            return Err(self.semantic(
                &at,
                format!("the prism's heights must be finite, found {h1} and {h2}"),
            ));
        }
        let mut points = self.parse_point_list("prism", spline)?;
        let open = self.accept_open()?;
        let closure = prism_closure(spline, &points);
        let mut walked = points.clone();
        if let Closure::CloseWith(p) = closure {
            walked.push(p);
        }
        if Prism::segment_starts(spline, &walked).is_none() {
            return Err(self.semantic(
                t,
                "too few points in the prism's last outline: is it closed, are its control points there?",
            ));
        }
        match closure {
            Closure::Closed => {}
            Closure::CloseWith(p) => {
                self.warn(t, "linear prism not closed: closing it, as POV-Ray does");
                points.push(p);
            }
            Closure::Open => {
                self.warn(t, "prism not closed: it is ignored, as POV-Ray ignores it");
                points.clear();
            }
        }
        Ok(Shape::Prism(Box::new(Prism {
            spline,
            conic,
            heights: [h1.min(h2), h1.max(h2)],
            points: points.into(),
            open,
        })))
    }

    /// The spline kind (and for `prism` the sweep kind) words, in any order.
    fn parse_spline_words(&mut self, mut conic: Option<&mut bool>) -> PResult<SplineKind> {
        let mut kind = SplineKind::Linear;
        loop {
            let k = self.next()?;
            let word = k.word();
            if let Some(s) = word.and_then(spline_kind) {
                kind = s;
                continue;
            }
            match (word, conic.as_deref_mut()) {
                (Some("linear_sweep"), Some(c)) => *c = false,
                (Some("conic_sweep"), Some(c)) => *c = true,
                _ => {
                    self.unget(k);
                    return Ok(kind);
                }
            }
        }
    }

    fn accept_open(&mut self) -> PResult<bool> {
        let k = self.next()?;
        if k.is_word("open") {
            return Ok(true);
        }
        self.unget(k);
        Ok(false)
    }

    /// The point count and the points, as many as the count says, each finite.
    fn parse_point_list(&mut self, kw: &str, spline: SplineKind) -> PResult<Vec<DVec2>> {
        let at = self.peek_at();
        let n = self.parse_float()?;
        if !n.is_finite() {
            return Err(self.semantic(&at, format!("`{kw}` needs a number of points, found {n}")));
        }
        // POV-Ray truncates a fractional count.
        let n = n.trunc();
        let (least, what) = match (kw, spline) {
            ("sor", _) => (4.0, "at least four points"),
            ("prism", SplineKind::Linear) => (3.0, "at least three points with linear splines"),
            ("prism", SplineKind::Quadratic) => (5.0, "at least five points with quadratic splines"),
            ("prism", SplineKind::Cubic) => (6.0, "at least six points with cubic splines"),
            (_, SplineKind::Linear) => (2.0, "at least two points with linear splines"),
            (_, SplineKind::Quadratic) => (3.0, "at least three points with quadratic splines"),
            (_, SplineKind::Cubic) => (4.0, "at least four points with cubic splines"),
            (_, SplineKind::Bezier) => (4.0, "four points for each Bezier segment"),
        };
        if n < least || (spline == SplineKind::Bezier && kw != "sor" && n % 4.0 != 0.0) {
            return Err(self.semantic(&at, format!("`{kw}` needs {what}, found {n}")));
        }
        let limit = self.opts.limits.max_objects;
        if n > limit as f64 {
            return Err(self.limit(
                &at,
                format!("`{kw}` has {n} points, more than the limit of {limit}"),
            ));
        }
        let n = n as usize;
        // Each point counts as an object, as each mesh triangle does.
        self.count_objects(&at, n)?;
        let mut points = Vec::with_capacity(n);
        for _ in 0..n {
            self.comma(kw)?;
            let at = self.peek_at();
            let v = self.parse_vector_n(2)?;
            let p = DVec2::new(v.c[0], v.c[1]);
            if !p.is_finite() {
                return Err(self.semantic(
                    &at,
                    format!("`{kw}`'s points must be finite, found <{}, {}>", p.x, p.y),
                ));
            }
            points.push(p);
        }
        Ok(points)
    }

    /// POV-Ray's rules: no negative radius; heights rising from the second point to the
    /// next-to-last; each segment's neighbours at different heights from it.
    fn check_sor(&mut self, t: &Token, p: &[DVec2]) -> PResult<()> {
        let n = p.len();
        if let Some(i) = (0..n).find(|&i| p[i].x < 0.0) {
            return Err(self.semantic(t, format!("sor point {} has a negative radius {}", i + 1, p[i].x)));
        }
        if let Some(i) = (2..n - 1).find(|&i| p[i].y <= p[i - 1].y) {
            return Err(self.semantic(
                t,
                format!(
                    "sor points must rise: point {} (y = {}) is not above point {} (y = {})",
                    i + 1,
                    p[i].y,
                    i,
                    p[i - 1].y
                ),
            ));
        }
        if (p[2].y - p[0].y).abs() < SAME || (p[n - 1].y - p[n - 3].y).abs() < SAME {
            return Err(self.semantic(
                t,
                "sor's first and last points must not be level with the third and third-to-last",
            ));
        }
        Ok(())
    }
}

enum Closure {
    Closed,
    /// A linear prism missing its last point: this one.
    CloseWith(DVec2),
    Open,
}

/// Whether each of the prism's sub-outlines ends where it began, by POV-Ray's reading.
fn prism_closure(spline: SplineKind, p: &[DVec2]) -> Closure {
    let n = p.len();
    if spline == SplineKind::Bezier {
        let mut loop_start = 0;
        for i in (4..n).step_by(4) {
            if !same(p[i], p[i - 1]) {
                if !same(p[i - 1], p[loop_start]) {
                    return Closure::Open;
                }
                loop_start = i;
            }
        }
        return if same(p[n - 1], p[loop_start]) {
            Closure::Closed
        } else {
            Closure::Open
        };
    }
    // A sub-outline's first point, and how many points follow its closing one.
    let (mut i, skip) = match spline {
        SplineKind::Linear => (1, 1),
        SplineKind::Quadratic => (2, 2),
        _ => (2, 3),
    };
    let mut first = p[i - 1];
    let mut closed = false;
    while i < n {
        closed = false;
        if same(first, p[i]) {
            i += skip;
            if i < n {
                first = p[i];
            }
            closed = true;
        }
        i += 1;
    }
    match (closed, spline) {
        (true, _) => Closure::Closed,
        (false, SplineKind::Linear) => Closure::CloseWith(first),
        _ => Closure::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(v: &[(f64, f64)]) -> Vec<DVec2> {
        v.iter().map(|&(x, y)| DVec2::new(x, y)).collect()
    }

    #[test]
    fn closure_by_povrays_rules() {
        let square = pts(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]);
        assert!(matches!(
            prism_closure(SplineKind::Linear, &square),
            Closure::Closed
        ));
        let open = pts(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]);
        assert!(matches!(
            prism_closure(SplineKind::Linear, &open),
            Closure::CloseWith(p) if p == DVec2::ZERO
        ));
        let two = pts(&[
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 0.0),
            (5.0, 5.0),
            (6.0, 5.0),
            (6.0, 6.0),
            (5.0, 5.0),
        ]);
        assert!(matches!(prism_closure(SplineKind::Linear, &two), Closure::Closed));
        let bez = pts(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (2.0, 2.0)]);
        assert!(matches!(prism_closure(SplineKind::Bezier, &bez), Closure::Open));
        let quad = pts(&[
            (0.0, 1.0),
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 0.0),
            (1.0, 0.0),
        ]);
        assert!(matches!(
            prism_closure(SplineKind::Quadratic, &quad),
            Closure::Closed
        ));
    }
}
