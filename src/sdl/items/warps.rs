//! `warp { ... }`: one warp per block, as POV-Ray 3.7.0 reads it: `turbulence`,
//! `black_hole`, `repeat`, and the mappings `planar`, `cylindrical`, `spherical`,
//! `toroidal` and `cubic`.

use glam::DVec3;

use crate::render::pattern::check_black_hole;
use crate::scene::pattern::{BlackHole, Mapping, MappingShape, Pattern, Repeat, Turbulence, Warp};
use crate::sdl::eval::value::Value;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// `v` normalized as POV-Ray normalizes it (times the inverse length); a zero vector
/// stays zero.
fn normalized(v: DVec3) -> DVec3 {
    let len = (v.x * v.x + v.y * v.y + v.z * v.z).sqrt();
    if len > 0.0 {
        v * (1.0 / len)
    } else {
        v
    }
}

impl Parser<'_> {
    /// `warp { WARP }` after the keyword `t`: the warp wraps what the pattern has so far
    /// (it acts on the point first).
    pub(crate) fn warp_block(&mut self, t: &Token, pattern: &mut Pattern) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `warp`")?;
        let first = self.next()?;
        let warp = match first.word() {
            Some("turbulence") => Warp::Turbulence(self.warp_turbulence()?),
            Some("black_hole") => Warp::BlackHole(self.black_hole(&first)?),
            Some("repeat") => Warp::Repeat(self.repeat_warp(&first)?),
            Some("planar") => {
                let mut offset = 0.0;
                let mut m = Mapping::new(MappingShape::Planar { offset });
                if self.starts_vector() {
                    m.orientation = normalized(self.parse_vector3()?);
                    self.accept_sym_raw(Sym::Comma)?;
                    offset = self.parse_float()?;
                }
                m.shape = MappingShape::Planar { offset };
                Warp::Mapping(m)
            }
            Some("cylindrical") => Warp::Mapping(self.mapping_warp(MappingShape::Cylindrical)?),
            Some("spherical") => Warp::Mapping(self.mapping_warp(MappingShape::Spherical)?),
            Some("toroidal") => Warp::Mapping(self.mapping_warp(MappingShape::Toroidal { major_radius: 1.0 })?),
            Some("cubic") => Warp::Mapping(Mapping::new(MappingShape::Cubic)),
            _ => {
                return Err(self.expected(
                    "a warp (`turbulence`, `black_hole`, `repeat`, `planar`, `cylindrical`, `spherical`, `toroidal` or `cubic`)",
                    &first,
                ))
            }
        };
        let close = self.next()?;
        if !close.is_sym(Sym::RBrace) {
            return Err(self.expected("`}` to close `warp` (one warp per block)", &close));
        }
        let _ = t;
        pattern.warps.insert(0, warp);
        Ok(())
    }

    /// Whether the next raw token can begin a vector (`planar`'s optional normal).
    fn starts_vector(&self) -> bool {
        if self.starts_float() || self.peek_raw_is_sym(Sym::Lt) {
            return true;
        }
        match self.peek_raw().and_then(|t| t.word()) {
            Some("x" | "y" | "z") => true,
            Some(w) => {
                !crate::sdl::keywords::is_keyword(w) && matches!(self.lookup(w), Some(Value::Vector(_)))
            }
            None => false,
        }
    }

    /// `turbulence <v> [octaves N] [omega F] [lambda F]` inside `warp`.
    fn warp_turbulence(&mut self) -> PResult<Turbulence> {
        let mut turbulence = Turbulence {
            amount: self.parse_vector3()?,
            ..Turbulence::default()
        };
        while let Some(w) = self.peek_raw().and_then(|t| t.word().map(str::to_string)) {
            if !matches!(w.as_str(), "octaves" | "omega" | "lambda") {
                break;
            }
            let item = self.next()?;
            self.turbulence_parameter(&item, &mut turbulence)?;
        }
        Ok(turbulence)
    }

    /// `black_hole <centre>, radius` and its options `strength`, `falloff`, `inverse`,
    /// `type`, `repeat <v>` and `turbulence <v>`.
    fn black_hole(&mut self, t: &Token) -> PResult<BlackHole> {
        let centre = self.parse_vector3()?;
        self.accept_sym_raw(Sym::Comma)?;
        let radius = self.parse_float()?;
        let mut h = BlackHole::new(centre, radius);
        while let Some(w) = self.peek_raw().and_then(|t| t.word().map(str::to_string)) {
            match w.as_str() {
                "strength" | "falloff" | "type" | "repeat" | "turbulence" | "inverse" => {}
                _ => break,
            }
            let item = self.next()?;
            match w.as_str() {
                "strength" => h.strength = self.parse_float()?,
                "falloff" => h.falloff = self.parse_float()?,
                "inverse" => h.inverse = true,
                "type" => {
                    let v = self.parse_float()?;
                    h.kind = crate::render::pattern::trunc_i32(v);
                }
                _ => {
                    let v = self.parse_vector3()?;
                    if w == "repeat" {
                        h.repeat = Some(v);
                    } else {
                        h.uncertainty = Some(v);
                    }
                    for warning in check_black_hole(&mut h) {
                        self.warn(&item, warning);
                    }
                }
            }
        }
        let _ = t;
        Ok(h)
    }

    /// `repeat <v> [offset <o>] [flip <f>]`: `v` has one non-zero component, the axis
    /// and width; `flip` mirrors odd slabs on its non-zero axes.
    fn repeat_warp(&mut self, t: &Token) -> PResult<Repeat> {
        let at = self.peek_at();
        let v = self.parse_vector3()?;
        let axes: Vec<usize> = (0..3).filter(|&i| v[i] != 0.0).collect();
        let axis = match axes.as_slice() {
            [axis] => *axis,
            [] => return Err(self.semantic(&at, "`repeat` in `warp` needs an axis (a non-zero component)")),
            _ => return Err(self.semantic(&at, "`repeat` in `warp` repeats along one axis only")),
        };
        if !v[axis].is_finite() {
            return Err(self.semantic(&at, format!("`repeat` width must be finite, not {}", v[axis])));
        }
        let mut r = Repeat {
            axis,
            width: v[axis],
            offset: DVec3::ZERO,
            flip: DVec3::ONE,
        };
        while let Some(w) = self.peek_raw().and_then(|t| t.word().map(str::to_string)) {
            match w.as_str() {
                "offset" => {
                    self.next()?;
                    r.offset = self.parse_vector3()?;
                }
                "flip" => {
                    self.next()?;
                    let f = self.parse_vector3()?;
                    let sign = |c: f64| if c != 0.0 { -1.0 } else { 1.0 };
                    r.flip = DVec3::new(sign(f.x), sign(f.y), sign(f.z));
                }
                _ => break,
            }
        }
        let _ = t;
        Ok(r)
    }

    /// `cylindrical`, `spherical` or `toroidal` and their options `orientation <v>`,
    /// `dist_exp F` and (toroidal) `major_radius R`.
    fn mapping_warp(&mut self, shape: MappingShape) -> PResult<Mapping> {
        let mut m = Mapping::new(shape);
        while let Some(w) = self.peek_raw().and_then(|t| t.word().map(str::to_string)) {
            match (w.as_str(), &mut m.shape) {
                ("orientation", _) => {
                    self.next()?;
                    m.orientation = normalized(self.parse_vector3()?);
                }
                ("dist_exp", _) => {
                    self.next()?;
                    m.dist_exp = self.parse_float()?;
                }
                ("major_radius", MappingShape::Toroidal { major_radius }) => {
                    self.next()?;
                    *major_radius = self.parse_float()?;
                }
                _ => break,
            }
        }
        Ok(m)
    }
}
