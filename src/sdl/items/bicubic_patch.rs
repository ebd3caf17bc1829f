//! `bicubic_patch { type T [flatness F] [u_steps U] [v_steps V] [accuracy A]
//! [uv_vectors ...] 16 points }`, read and checked as POV-Ray 3.7 reads it.

use glam::DVec3;

use crate::budget::format_bytes;
use crate::scene::{BicubicPatch, Shape};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// What one piece of a `type 1` patch costs once cut: its corners and normals, its
/// share of the tree's nodes and the allocator's rounding.
const BYTES_PER_PIECE: u64 = 320;

impl Parser<'_> {
    pub(crate) fn parse_bicubic_patch(&mut self, t: &Token) -> PResult<Shape> {
        let mut kind: Option<(f64, Token)> = None;
        let mut flatness = 0.0;
        let mut steps = [0.0, 0.0];
        loop {
            let k = self.next()?;
            match k.word() {
                Some("type") => {
                    let at = self.peek_at();
                    kind = Some((self.parse_float()?, at));
                }
                Some("flatness") => {
                    let at = self.peek_at();
                    flatness = self.parse_float()?;
                    if !(flatness >= 0.0 && flatness.is_finite()) {
                        return Err(self.semantic(
                            &at,
                            format!("the bicubic_patch's flatness must be 0 or more, found {flatness}"),
                        ));
                    }
                }
                Some(w @ ("u_steps" | "v_steps")) => {
                    let at = self.peek_at();
                    let n = self.parse_float()?;
                    if !n.is_finite() {
                        return Err(self.semantic(&at, format!("`{w}` must be finite, found {n}")));
                    }
                    // POV-Ray truncates to an integer.
                    steps[usize::from(w == "v_steps")] = n.trunc();
                }
                // Read and kept by POV-Ray 3.7, which never uses it.
                Some("accuracy") => {
                    self.parse_float()?;
                }
                Some("uv_vectors") => {
                    // Read for their syntax: uv_mapping is not rendered yet. As in POV-Ray,
                    // nothing but the points may follow them.
                    for i in 0..4 {
                        if i > 0 {
                            self.comma("uv_vectors")?;
                        }
                        self.parse_vector_n(2)?;
                    }
                    break;
                }
                None if matches!(k.tok, Tok::Number(_)) && kind.is_none() => {
                    // The old form: type, u_steps and v_steps as bare numbers.
                    self.warn(&k, "should use keywords for bicubic parameters");
                    self.unget(k);
                    let at = self.peek_at();
                    kind = Some((self.parse_float()?, at));
                    for s in &mut steps {
                        self.comma("bicubic_patch")?;
                        *s = self.parse_float()?.trunc();
                    }
                    if !steps.iter().all(|s| s.is_finite()) {
                        return Err(self.semantic(t, "the bicubic_patch's steps must be finite"));
                    }
                    break;
                }
                _ => {
                    self.unget(k);
                    break;
                }
            }
        }
        let precomputed = match kind {
            None => {
                return Err(self.semantic(t, "bicubic_patch needs a type: `type 0` or `type 1`"));
            }
            Some((k, at)) if k.is_nan() || k.trunc() < 0.0 => {
                return Err(self.semantic(
                    &at,
                    format!("undefined bicubic_patch type {k}: it must be 0 or 1"),
                ));
            }
            Some((k, at)) if k.trunc() > 1.0 => {
                self.warn(
                    &at,
                    format!(
                        "bicubic_patch type {k} is no longer supported: using type 1, as POV-Ray 3.7 does"
                    ),
                );
                true
            }
            Some((k, _)) => k.trunc() == 1.0,
        };
        self.check_patch_pieces(t, steps, precomputed)?;
        self.comma("bicubic_patch")?;
        let points = self.parse_patch_points()?;
        // Negative steps cut nothing, as 0 does.
        let [u_steps, v_steps] = steps.map(|s| s.clamp(0.0, 64.0) as i32);
        Ok(Shape::BicubicPatch(Box::new(BicubicPatch {
            precomputed,
            flatness,
            u_steps,
            v_steps,
            points,
        })))
    }

    /// At most 2^(u_steps + v_steps) pieces: no more than the object limit (a ray may
    /// test them all), and for `type 1`, which keeps them, within the memory budget.
    fn check_patch_pieces(&mut self, t: &Token, steps: [f64; 2], precomputed: bool) -> PResult<()> {
        let exponent = steps[0].max(0.0) + steps[1].max(0.0);
        let limit = self.opts.limits.max_objects;
        if exponent > 60.0 || (1u64 << exponent as u32) > limit as u64 {
            return Err(self.limit(
                t,
                format!(
                    "u_steps {} and v_steps {} cut the bicubic_patch into up to 2^{exponent} pieces, \
                     more than the limit of {limit} objects",
                    steps[0], steps[1]
                ),
            ));
        }
        if precomputed {
            let bytes = (1u64 << exponent as u32) * BYTES_PER_PIECE;
            self.opts.memory.reserve(bytes).map_err(|over| {
                self.limit(
                    t,
                    format!(
                        "{over}: the bicubic_patch's pieces need up to {}",
                        format_bytes(bytes)
                    ),
                )
            })?;
        }
        Ok(())
    }

    /// Sixteen finite points, commas optional; too few or too many is an error.
    fn parse_patch_points(&mut self) -> PResult<[[DVec3; 4]; 4]> {
        let mut points = [[DVec3::ZERO; 4]; 4];
        for k in 0..16 {
            if k > 0 {
                self.comma("bicubic_patch")?;
            }
            let at = self.next()?;
            let ends = at.is_sym(Sym::RBrace) || matches!(at.tok, Tok::Eof);
            self.unget(at.clone());
            if ends {
                return Err(self.semantic(&at, format!("bicubic_patch needs 16 control points, found {k}")));
            }
            let p = self.parse_vector3()?;
            if !p.is_finite() {
                return Err(self.semantic(
                    &at,
                    format!("the bicubic_patch's control points must be finite, found {p}"),
                ));
            }
            points[k / 4][k % 4] = p;
        }
        // A seventeenth point (after a comma or not) is a mistake, not a modifier.
        let mut after = self.next()?;
        if after.is_sym(Sym::Comma) {
            after = self.next()?;
        }
        if after.is_sym(Sym::Lt) {
            return Err(self.semantic(&after, "bicubic_patch takes 16 control points, found more"));
        }
        self.unget(after);
        Ok(points)
    }
}
