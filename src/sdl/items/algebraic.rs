//! The parameters of the shapes given by formulas: `quadric`, `poly`, `cubic`,
//! `quartic`, `polynomial` and `superellipsoid`.

use crate::scene::{Poly, Shape};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// POV-Ray 3.7's highest `poly` order (its MAX_ORDER).
const MAX_ORDER: u32 = 35;

/// How many coefficients a polynomial of `order` in x, y and z has.
pub fn term_count(order: u32) -> usize {
    let n = order as usize;
    (n + 1) * (n + 2) * (n + 3) / 6
}

impl Parser<'_> {
    pub(crate) fn parse_algebraic_shape(&mut self, t: &Token, kw: &str) -> PResult<Shape> {
        match kw {
            "quadric" => {
                let mut c = [0.0; 10];
                for (i, part) in [0..3, 3..6, 6..9].into_iter().enumerate() {
                    if i > 0 {
                        self.comma(kw)?;
                    }
                    let v = self.parse_vector3()?;
                    c[part].copy_from_slice(&v.to_array());
                }
                self.comma(kw)?;
                c[9] = self.parse_float()?;
                if c.iter().any(|k| !k.is_finite()) {
                    return Err(self.semantic(t, "the quadric's coefficients must be finite numbers"));
                }
                Ok(Shape::Quadric(Box::new(c)))
            }
            "cubic" => self.parse_poly_coefficients(t, kw, 3),
            "quartic" => self.parse_poly_coefficients(t, kw, 4),
            "poly" => {
                let order = self.parse_order(kw)?;
                self.comma(kw)?;
                self.parse_poly_coefficients(t, kw, order)
            }
            "polynomial" => self.parse_polynomial_terms(t, kw),
            "superellipsoid" => {
                let at = self.peek_at();
                let v = self.parse_vector_n(2)?;
                let (e, n) = (v.c[0], v.c[1]);
                if !(e > 0.0 && n > 0.0 && e.is_finite() && n.is_finite()) {
                    return Err(self.semantic(
                        &at,
                        format!("the superellipsoid's exponents must be positive numbers, found <{e}, {n}>"),
                    ));
                }
                Ok(Shape::Superellipsoid { e, n })
            }
            _ => Err(self.expected("an object", t)),
        }
    }

    /// `poly`'s and `polynomial`'s order: a whole number from 2 to 35, as POV-Ray allows.
    fn parse_order(&mut self, kw: &str) -> PResult<u32> {
        let at = self.peek_at();
        let v = self.parse_float()?;
        if !(v >= 2.0 && v < MAX_ORDER as f64 + 1.0) {
            return Err(self.semantic(
                &at,
                format!("the order of `{kw}` must be from 2 to {MAX_ORDER}, found {v}"),
            ));
        }
        // POV-Ray truncates a fractional order.
        Ok(v as u32)
    }

    /// `<c1, c2, ...>`: exactly as many as a polynomial of `order` has terms.
    fn parse_poly_coefficients(&mut self, t: &Token, kw: &str, order: u32) -> PResult<Shape> {
        let want = term_count(order);
        self.expect_sym(Sym::Lt, &format!("to start `{kw}`'s coefficients"))?;
        let mut coefficients = Vec::with_capacity(want);
        loop {
            coefficients.push(self.parse_float()?);
            if self.accept_sym_raw(Sym::Gt)? {
                break;
            }
            // POV-Ray's commas between coefficients are optional (hyptorus.pov has none
            // at line ends).
            self.comma(kw)?;
            if self.accept_sym_raw(Sym::Gt)? {
                break;
            }
        }
        if coefficients.len() != want {
            return Err(self.semantic(
                t,
                format!(
                    "`{kw}` of order {order} needs {want} coefficients, found {}",
                    coefficients.len()
                ),
            ));
        }
        self.finish_poly(t, kw, order, coefficients)
    }

    /// `polynomial { N, xyz(i, j, k): c, ... }`: POV-Ray 3.7's term-by-term syntax.
    fn parse_polynomial_terms(&mut self, t: &Token, kw: &str) -> PResult<Shape> {
        let order = self.parse_order(kw)?;
        self.comma(kw)?;
        let mut coefficients = vec![0.0; term_count(order)];
        loop {
            let x = self.next()?;
            if !x.is_word("xyz") {
                self.unget(x);
                break;
            }
            self.expect_sym(Sym::LParen, "after `xyz`")?;
            let mut powers = [0u32; 3];
            for (i, p) in powers.iter_mut().enumerate() {
                if i > 0 {
                    self.comma(kw)?;
                }
                let at = self.peek_at();
                let v = self.parse_float()?;
                if !(v >= 0.0 && v <= order as f64) {
                    return Err(
                        self.semantic(&at, format!("`xyz` powers must be from 0 to {order}, found {v}"))
                    );
                }
                *p = v as u32;
            }
            self.expect_sym(Sym::RParen, "to close `xyz(i, j, k)`")?;
            self.expect_sym(Sym::Colon, "after `xyz(i, j, k)`")?;
            let value = self.parse_float()?;
            let [i, j, k] = powers;
            if i + j + k > order {
                return Err(self.semantic(
                    &x,
                    format!("the term xyz({i}, {j}, {k}) is beyond the polynomial's order {order}"),
                ));
            }
            coefficients[term_index(order, i, j, k)] = value;
            self.comma(kw)?;
        }
        self.finish_poly(t, kw, order, coefficients)
    }

    fn finish_poly(&mut self, t: &Token, kw: &str, order: u32, coefficients: Vec<f64>) -> PResult<Shape> {
        if coefficients.iter().any(|k| !k.is_finite()) {
            return Err(self.semantic(t, format!("`{kw}`'s coefficients must be finite numbers")));
        }
        if coefficients.iter().all(|k| *k == 0.0) {
            self.warn(
                t,
                format!("`{kw}` has no non-zero coefficient: it has no surface"),
            );
        }
        Ok(Shape::Poly(Box::new(Poly { order, coefficients })))
    }
}

/// Where x^i y^j z^k stands in POV-Ray's coefficient order: x's power falling slowest,
/// then y's, then z's.
pub fn term_index(order: u32, i: u32, j: u32, k: u32) -> usize {
    let mut index = 0;
    for a in (0..=order).rev() {
        for b in (0..=order - a).rev() {
            for c in (0..=order - a - b).rev() {
                if (a, b, c) == (i, j, k) {
                    return index;
                }
                index += 1;
            }
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_order_matches_povrays_quartic_table() {
        // POV-Ray's quartic: a04 is x²y², a19 is x, a30 is z⁴, a34 the constant.
        assert_eq!(term_index(4, 2, 2, 0), 4);
        assert_eq!(term_index(4, 1, 0, 0), 19);
        assert_eq!(term_index(4, 0, 0, 4), 30);
        assert_eq!(term_index(4, 0, 0, 0), 34);
        assert_eq!(term_count(4), 35);
        assert_eq!(term_count(3), 20);
    }
}
