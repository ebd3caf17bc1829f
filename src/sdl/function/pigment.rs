//! `function { pigment { ... } }`: a pigment compiled once, as the renderer compiles
//! it, to be evaluated from the scene's expressions and from other functions.

use crate::render::film::output::Gamma;
use crate::render::pattern::CompiledPattern;
use crate::render::texture::pigment::{CompiledPigment, ImageTexels};
use crate::scene::Pigment;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::Token;

/// A pigment function's value kept by a function: `.red`, `.green`, `.blue`, `.filter`,
/// `.transmit` (0 to 4, as [`crate::sdl::eval::expr::component_index`] numbers them) or
/// `.gray` (5), POV-Ray's greyscale of the colour.
pub const GRAY: u8 = 5;

/// The colour of `pigment` at `p`: red, green, blue, filter, transmit. POV-Ray 3.7 holds
/// colours in single precision, so the components are rounded to it (its pigment
/// functions print values equal to these in their first 8 digits).
pub fn colour(pigment: &CompiledPigment, p: glam::DVec3) -> [f64; 5] {
    let paint = pigment.eval(p);
    [
        paint.rgb.x,
        paint.rgb.y,
        paint.rgb.z,
        paint.filter,
        paint.transmit,
    ]
    .map(|c| f64::from(c as f32))
}

/// The component `component` of `pigment` at `(x, y, z)`.
pub fn component(pigment: &CompiledPigment, x: f64, y: f64, z: f64, component: u8) -> f64 {
    let c = colour(pigment, glam::DVec3::new(x, y, z));
    match component {
        0..=4 => c[component as usize],
        _ => f64::from((0.297 * c[0] + 0.589 * c[1] + 0.114 * c[2]) as f32),
    }
}

impl Parser<'_> {
    /// Compiles the pigment of a `pigment_pattern` in a pattern function, as
    /// [`Parser::compile_pigment`] compiles a pigment function's.
    pub(crate) fn compile_pattern_pigments(
        &mut self,
        t: &Token,
        pattern: &mut CompiledPattern,
    ) -> PResult<()> {
        let gamma = Gamma {
            assumed: self.scene.global.assumed_gamma.unwrap_or(1.0).clamp(0.1, 10.0),
            file: None,
            off: false,
            raw_images: self.legacy_image_gamma(),
        };
        let decode = |v: f64, file| gamma.decode_texel(v, file);
        let mut images = ImageTexels::new(&decode, self.opts.memory);
        pattern
            .compile_pigments(&mut images, self.scene.global.noise_generator)
            .map_err(|over| self.limit(t, format!("{over}: the pattern function's images do not fit")))
    }

    /// Compiles `pigment` (declared at `t`) with the scene's gamma and noise generator
    /// as they stand, within the job's memory budget.
    pub(crate) fn compile_pigment(&mut self, t: &Token, pigment: &Pigment) -> PResult<CompiledPigment> {
        let gamma = Gamma {
            assumed: self.scene.global.assumed_gamma.unwrap_or(1.0).clamp(0.1, 10.0),
            file: None,
            off: false,
            raw_images: self.legacy_image_gamma(),
        };
        let decode = |v: f64, file| gamma.decode_texel(v, file);
        let mut images = ImageTexels::new(&decode, self.opts.memory);
        CompiledPigment::compile_in(pigment, &mut images, self.scene.global.noise_generator)
            .map_err(|over| self.limit(t, format!("{over}: the pigment function's images do not fit")))
    }
}
