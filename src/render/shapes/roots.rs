//! Every real root of a one-variable polynomial within an interval, for the shapes
//! whose surfaces are polynomials.
//!
//! Roots are isolated by the critical points (the roots of the derivative, found the
//! same way, down to a linear equation): between two neighbouring critical points the
//! polynomial is monotone, so it has a root there exactly when its sign differs at the
//! ends, and a bracketed Newton iteration finds it. Unlike the closed-form cubic and
//! quartic formulas this loses no roots to cancellation, which would show as speckles.

/// The highest degree solved: POV-Ray 3.7's highest `poly` order (its MAX_ORDER).
pub const MAX_DEGREE: usize = 35;

/// Roots found, in increasing order.
#[derive(Clone, Copy, Debug)]
pub struct Roots {
    t: [f64; MAX_DEGREE],
    len: usize,
}

impl Roots {
    fn new() -> Roots {
        Roots {
            t: [0.0; MAX_DEGREE],
            len: 0,
        }
    }

    fn push(&mut self, t: f64) {
        if self.len < MAX_DEGREE {
            self.t[self.len] = t;
            self.len += 1;
        }
    }

    pub fn as_slice(&self) -> &[f64] {
        &self.t[..self.len]
    }
}

fn eval(c: &[f64], t: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &k| acc * t + k)
}

/// Leading coefficients this small beside the largest are rounding noise from
/// expanding the surface along the ray, not a higher degree.
const NOISE: f64 = 1e-14;

/// The real roots of `c[0] + c[1] t + ... + c[n] t^n` with `lo < t < hi`, in increasing
/// order; a root of even multiplicity (the ray grazing the surface) may be missed.
/// Coefficients past [`MAX_DEGREE`] or not finite give no roots.
pub fn roots_between(c: &[f64], lo: f64, hi: f64) -> Roots {
    let mut out = Roots::new();
    if c.len() > MAX_DEGREE + 1 || c.iter().any(|k| !k.is_finite()) || lo.is_nan() || hi.is_nan() || lo >= hi
    {
        return out;
    }
    let scale = c.iter().fold(0.0f64, |m, k| m.max(k.abs()));
    let mut n = c.len();
    while n > 0 && c[n - 1].abs() <= NOISE * scale {
        n -= 1;
    }
    if n < 2 {
        return out;
    }
    let c = &c[..n];
    // Cauchy's bound: every root lies within it, which keeps the search finite.
    let lead = c[n - 1];
    let bound = 1.0 + c[..n - 1].iter().fold(0.0f64, |m, k| m.max((k / lead).abs()));
    let (lo, hi) = (lo.max(-bound), hi.min(bound));
    if lo < hi {
        solve(c, lo, hi, &mut out);
    }
    out
}

/// `c` has a non-zero leading coefficient and degree at least 1.
fn solve(c: &[f64], lo: f64, hi: f64, out: &mut Roots) {
    let degree = c.len() - 1;
    if degree == 1 {
        let t = -c[0] / c[1];
        if t > lo && t < hi {
            out.push(t);
        }
        return;
    }
    if degree == 2 {
        quadratic(c, lo, hi, out);
        return;
    }
    let mut dc = [0.0; MAX_DEGREE];
    for i in 1..=degree {
        dc[i - 1] = c[i] * i as f64;
    }
    let dc = &dc[..degree];
    let mut critical = Roots::new();
    solve(dc, lo, hi, &mut critical);
    let mut a = lo;
    let mut fa = eval(c, a);
    for &b in critical.as_slice().iter().chain(std::iter::once(&hi)) {
        let fb = eval(c, b);
        if fb == 0.0 && b < hi {
            // A root exactly at a critical point: a touching (double) root.
            out.push(b);
        } else if fa != 0.0 && fb != 0.0 && (fa < 0.0) != (fb < 0.0) {
            out.push(refine(c, dc, a, b, fa));
        }
        a = b;
        fa = fb;
    }
}

/// The roots of a quadratic between `lo` and `hi`, by the formula in the form that
/// loses nothing to cancellation (the smaller root from the product of the roots).
fn quadratic(c: &[f64], lo: f64, hi: f64, out: &mut Roots) {
    let (a, b, k) = (c[2], c[1], c[0]);
    let disc = b * b - 4.0 * a * k;
    if disc < 0.0 {
        return;
    }
    if disc == 0.0 {
        // A touching (double) root.
        let t = -b / (2.0 * a);
        if t > lo && t < hi {
            out.push(t);
        }
        return;
    }
    let q = -0.5 * (b + b.signum() * disc.sqrt());
    let (r1, r2) = (q / a, if q != 0.0 { k / q } else { -q / a });
    for t in [r1.min(r2), r1.max(r2)] {
        if t > lo && t < hi {
            out.push(t);
        }
    }
}

/// The one root of monotone `c` between `a` and `b`, where it changes sign: Newton's
/// method while its step stays in the bracket and shrinks fast enough, bisection
/// otherwise, so that it always closes in.
fn refine(c: &[f64], dc: &[f64], mut a: f64, mut b: f64, fa: f64) -> f64 {
    let negative_at_a = fa < 0.0;
    let mut x = 0.5 * (a + b);
    let (mut step, mut last_step) = (b - a, b - a);
    let mut f = eval(c, x);
    let mut df = eval(dc, x);
    for _ in 0..200 {
        if f == 0.0 {
            return x;
        }
        if (f < 0.0) == negative_at_a {
            a = x;
        } else {
            b = x;
        }
        let newton = x - f / df;
        let slow = (2.0 * f).abs() > (last_step * df).abs();
        last_step = step;
        if newton > a && newton < b && !slow {
            step = newton - x;
            x = newton;
        } else {
            step = 0.5 * (b - a);
            x = a + step;
        }
        let tolerance = 1e-13 * x.abs().max(1e-3);
        if step.abs() <= tolerance || b - a <= tolerance {
            return x;
        }
        f = eval(c, x);
        df = eval(dc, x);
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_roots(roots: &[f64]) -> Vec<f64> {
        let mut c = vec![1.0];
        for r in roots {
            let mut next = vec![0.0; c.len() + 1];
            for (i, k) in c.iter().enumerate() {
                next[i + 1] += k;
                next[i] -= k * r;
            }
            c = next;
        }
        c
    }

    #[test]
    fn finds_every_simple_root_in_order() {
        let expected = [-3.0, -0.5, 0.25, 1.0, 2.0, 7.5, 11.0];
        for degree in 2..=expected.len() {
            let c = from_roots(&expected[..degree]);
            let found = roots_between(&c, -10.0, 10.0);
            let want: Vec<f64> = expected[..degree].iter().copied().filter(|t| *t < 10.0).collect();
            assert_eq!(found.as_slice().len(), want.len(), "{:?}", found.as_slice());
            for (f, w) in found.as_slice().iter().zip(&want) {
                assert!((f - w).abs() < 1e-9, "{:?}", found.as_slice());
            }
        }
    }

    #[test]
    fn close_roots_stay_apart() {
        let c = from_roots(&[1.0, 1.0 + 1e-6, 3.0, 4.0]);
        let found = roots_between(&c, 0.0, 100.0);
        assert_eq!(found.as_slice().len(), 4, "{:?}", found.as_slice());
    }

    #[test]
    fn hostile_coefficients_give_no_roots_and_no_panic() {
        assert!(roots_between(&[0.0; 5], -1.0, 1.0).as_slice().is_empty());
        assert!(roots_between(&[1.0, f64::NAN, 1.0], -1.0, 1.0)
            .as_slice()
            .is_empty());
        assert!(roots_between(&[1.0, 0.0, f64::INFINITY], -1.0, 1.0)
            .as_slice()
            .is_empty());
        let huge = roots_between(&[-1e300, 0.0, 1e-300], -1e7, 1e7);
        assert!(huge.as_slice().iter().all(|t| t.is_finite()));
        assert!(roots_between(&[1.0; 40], -1.0, 1.0).as_slice().is_empty());
    }
}
