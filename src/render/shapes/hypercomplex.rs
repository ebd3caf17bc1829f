//! Hypercomplex arithmetic for `julia_fractal`, and the complex functions it extends
//! to four dimensions, with POV-Ray 3.7's conventions at their singular points.
//!
//! A hypercomplex number x + yi + zj + wk (ij = k, i² = j² = -1, k² = 1, commutative)
//! splits into the two complex numbers (x - w) + (y + z)i and (x + w) + (y - z)i; a
//! complex function applies to each part and the results join back.

use crate::scene::ComplexFunction;

/// x, y, z, w.
pub type H = [f64; 4];

/// A complex number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct C {
    pub re: f64,
    pub im: f64,
}

const fn c(re: f64, im: f64) -> C {
    C { re, im }
}

const ZERO: C = c(0.0, 0.0);

impl C {
    fn add(self, o: C) -> C {
        c(self.re + o.re, self.im + o.im)
    }

    fn mul(self, o: C) -> C {
        c(self.re * o.re - self.im * o.im, self.re * o.im + self.im * o.re)
    }

    /// Zero where the divisor is zero (POV-Ray leaves its result unset there).
    fn div(self, o: C) -> C {
        let m = o.re * o.re + o.im * o.im;
        if m == 0.0 {
            return ZERO;
        }
        self.mul(c(o.re / m, -o.im / m))
    }

    fn ln(self) -> C {
        c(self.re.hypot(self.im).ln(), self.im.atan2(self.re))
    }

    /// The principal square root; zero at zero.
    fn sqrt(self) -> C {
        if self.re == 0.0 && self.im == 0.0 {
            return ZERO;
        }
        let r = self.re.hypot(self.im).sqrt();
        let half = self.im.atan2(self.re) / 2.0;
        c(r * half.cos(), r * half.sin())
    }

    /// z * z + k.
    fn square_plus(self, k: f64) -> C {
        let s = self.mul(self);
        c(s.re + k, s.im)
    }

    /// -i * z: a quarter turn the other way.
    fn times_minus_i(self) -> C {
        c(self.im, -self.re)
    }
}

fn atanh(z: C) -> C {
    if z.re == 0.0 {
        return c(0.0, z.im.atan());
    }
    if z.im == 0.0 {
        if z.re.abs() == 1.0 {
            // POV-Ray leaves its result unset at the poles.
            return ZERO;
        }
        if z.re.abs() < 1.0 {
            return c(((1.0 + z.re) / (1.0 - z.re)).ln() / 2.0, 0.0);
        }
    }
    let l = c(1.0 + z.re, z.im).div(c(1.0 - z.re, -z.im)).ln();
    c(0.5 * l.re, 0.5 * l.im)
}

fn atan(z: C) -> C {
    match (z.re == 0.0, z.im == 0.0) {
        (true, true) => ZERO,
        (false, true) => c(z.re.atan(), 0.0),
        (true, false) => {
            let t = atanh(c(z.im, 0.0));
            c(-t.im, t.re)
        }
        (false, false) => {
            // i/2 * ln((1 - iz) / (1 + iz)).
            let l = c(1.0 + z.im, -z.re).div(c(1.0 - z.im, z.re)).ln();
            c(-0.5 * l.im, 0.5 * l.re)
        }
    }
}

/// f(z), as POV-Ray 3.7 defines each function.
pub fn apply(f: ComplexFunction, z: C) -> C {
    use ComplexFunction::*;
    let (x, y) = (z.re, z.im);
    match f {
        Exp => {
            let e = x.exp();
            c(e * y.cos(), e * y.sin())
        }
        Ln => z.ln(),
        Sin => c(x.sin() * y.cosh(), x.cos() * y.sinh()),
        Cos => c(x.cos() * y.cosh(), -x.sin() * y.sinh()),
        Sinh => c(x.sinh() * y.cos(), x.cosh() * y.sin()),
        Cosh => c(x.cosh() * y.cos(), x.sinh() * y.sin()),
        Tan => {
            let d = (2.0 * x).cos() + (2.0 * y).cosh();
            if d == 0.0 {
                return ZERO;
            }
            c((2.0 * x).sin() / d, (2.0 * y).sinh() / d)
        }
        Tanh => {
            let d = (2.0 * x).cosh() + (2.0 * y).cos();
            if d == 0.0 {
                return ZERO;
            }
            c((2.0 * x).sinh() / d, (2.0 * y).sin() / d)
        }
        // -i ln(iz + sqrt(1 - z²)).
        Asin => {
            let root = c(-z.re, -z.im).mul(z).add(c(1.0, 0.0)).sqrt();
            root.add(c(-y, x)).ln().times_minus_i()
        }
        // -i ln(z + sqrt(z² - 1)).
        Acos => z.add(z.square_plus(-1.0).sqrt()).ln().times_minus_i(),
        Asinh => z.add(z.square_plus(1.0).sqrt()).ln(),
        Acosh => z.add(z.square_plus(-1.0).sqrt()).ln(),
        Atan => atan(z),
        Atanh => atanh(z),
        Pwr(ex, ey) => {
            if x == 0.0 && y == 0.0 {
                return ZERO;
            }
            let t = z.ln().mul(c(ex, ey));
            // POV-Ray 3.7 flushes exp below e^-690 to zero.
            let e = if t.re < -690.0 { 0.0 } else { t.re.exp() };
            c(e * t.im.cos(), e * t.im.sin())
        }
    }
}

/// The hypercomplex product.
pub fn mul(a: H, b: H) -> H {
    let [x1, y1, z1, w1] = a;
    let [x2, y2, z2, w2] = b;
    [
        x1 * x2 - y1 * y2 - z1 * z2 + w1 * w2,
        y1 * x2 + x1 * y2 - w1 * z2 - z1 * w2,
        z1 * x2 - w1 * y2 + x1 * z2 - y1 * w2,
        w1 * x2 + z1 * y2 + y1 * z2 + x1 * w2,
    ]
}

/// 1 / h; zero for the zero divisors (x = ±w and y = ∓z), which have none.
pub fn reciprocal(h: H) -> H {
    let [x, y, z, w] = h;
    let det = ((x - w) * (x - w) + (y + z) * (y + z)) * ((x + w) * (x + w) + (y - z) * (y - z));
    if det == 0.0 {
        return [0.0; 4];
    }
    let m = x * x + y * y + z * z + w * w;
    let k = x * w - y * z;
    [
        (x * m - 2.0 * w * k) / det,
        (-y * m - 2.0 * z * k) / det,
        (-z * m - 2.0 * y * k) / det,
        (w * m - 2.0 * x * k) / det,
    ]
}

/// f(h): f applied to both complex parts.
pub fn function(f: ComplexFunction, h: H) -> H {
    let [x, y, z, w] = h;
    let a = apply(f, c(x - w, y + z));
    let b = apply(f, c(x + w, y - z));
    [
        0.5 * (a.re + b.re),
        0.5 * (a.im + b.im),
        0.5 * (a.im - b.im),
        0.5 * (b.re - a.re),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: C, b: C) -> bool {
        (a.re - b.re).abs() < 1e-12 && (a.im - b.im).abs() < 1e-12
    }

    #[test]
    fn inverse_functions_undo_their_functions() {
        use ComplexFunction::*;
        let z = c(0.3, -0.4);
        for (f, g) in [
            (Exp, Ln),
            (Sin, Asin),
            (Cos, Acos),
            (Tan, Atan),
            (Sinh, Asinh),
            (Cosh, Acosh),
            (Tanh, Atanh),
        ] {
            let back = apply(g, apply(f, z));
            assert!(close(back, z), "{f:?}: {back:?}");
        }
        assert!(close(apply(Pwr(2.0, 0.0), z), z.mul(z)));
    }

    #[test]
    fn hypercomplex_functions_agree_with_products() {
        let h = [0.3, -0.2, 0.5, 0.1];
        let sq = function(ComplexFunction::Pwr(2.0, 0.0), h);
        let prod = mul(h, h);
        for i in 0..4 {
            assert!((sq[i] - prod[i]).abs() < 1e-12, "{sq:?} {prod:?}");
        }
        let one = mul(h, reciprocal(h));
        assert!(
            (one[0] - 1.0).abs() < 1e-12 && one[1..].iter().all(|v| v.abs() < 1e-12),
            "{one:?}"
        );
        assert_eq!(reciprocal([1.0, 0.5, -0.5, 1.0]), [0.0; 4]);
    }
}
