//! `material_map { png "file" [options] texture { } texture { } ... }`: an image whose
//! pixels pick a texture each, by palette index (or red channel), inside `texture { }`.

use std::path::Path;
use std::sync::Arc;

use crate::scene::pattern::{Pattern, PatternKind};
use crate::scene::{IndexImage, MaterialImage, TextureMap};
use crate::sdl::error::SceneErrorKind;
use crate::sdl::items::image::decode_png_indices;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

const IMAGE_TYPES: &[&str] = &[
    "png", "gif", "tga", "iff", "ppm", "pgm", "jpeg", "tiff", "sys", "exr", "hdr",
];

impl Parser<'_> {
    /// `material_map { ... }` after its keyword `t`: the patterned texture it makes.
    pub(crate) fn parse_material_map(&mut self, t: &Token) -> PResult<TextureMap> {
        self.expect_sym(Sym::LBrace, "after `material_map`")?;
        self.enter(t)?;
        let r = self.material_map_body(t);
        self.leave();
        r
    }

    fn material_map_body(&mut self, t: &Token) -> PResult<TextureMap> {
        let image = self.material_map_image(t)?;
        let mut m = MaterialImage {
            image,
            map_type: 0,
            once: false,
            textures: 0,
        };
        while !self.peek_raw_is_word("texture") {
            let item = self.next()?;
            match item.word() {
                Some("once") => m.once = true,
                Some("map_type") => {
                    let v = self.parse_float()?;
                    let n = self.float_to_u32(&item, v.trunc(), "map_type")?;
                    if matches!(n, 0..=2) {
                        m.map_type = n;
                    } else {
                        self.unsupported_here(&item, &format!("material_map map_type {n}"))?;
                    }
                }
                // POV-Ray reads it and picks textures by the nearest pixel all the same.
                Some("interpolate") => {
                    self.parse_float()?;
                }
                Some(w @ ("repeat" | "offset")) => {
                    let w = format!("material_map {w}");
                    self.unsupported_here(&item, &w)?;
                    self.parse_vector3()?;
                }
                _ => {
                    return Err(self.expected(
                        "a material_map option (`map_type`, `once`, `interpolate`) or its first `texture`",
                        &item,
                    ))
                }
            }
        }
        let mut entries = Vec::new();
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            if !item.is_word("texture") {
                return Err(self.expected("`texture { }` or `}` to close `material_map`", &item));
            }
            let layers = self.parse_texture_block(&item)?;
            entries.push((entries.len() as f64, layers));
            self.check_map_size(&item, entries.len(), "texture")?;
        }
        m.textures = entries.len();
        let mut pattern = Pattern::new(PatternKind::MaterialMap(Box::new(m)));
        // The texture numbers are used as they are, not wrapped by a frequency.
        pattern.frequency = 0.0;
        Ok(TextureMap { pattern, entries })
    }

    /// The map's `TYPE "file"`, read as indices.
    fn material_map_image(&mut self, t: &Token) -> PResult<Arc<IndexImage>> {
        let mut kind: Option<String> = None;
        if let Some(w) = self.peek_raw().and_then(|x| x.word()) {
            if IMAGE_TYPES.contains(&w) {
                kind = Some(w.to_string());
                self.next()?;
            }
        }
        let name_at = self.peek_raw().cloned().unwrap_or_else(|| t.clone());
        if !matches!(name_at.tok, Tok::Str(_) | Tok::Word(_)) {
            let found = self.next()?;
            return Err(self.expected("an image file name", &found));
        }
        let name = self.parse_string()?;
        let kind = kind.unwrap_or_else(|| {
            Path::new(&*name)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default()
        });
        let one_pixel = || {
            Arc::new(IndexImage {
                width: 1,
                height: 1,
                indices: vec![0],
            })
        };
        if kind != "png" {
            self.unsupported_here(&name_at, &format!("{kind} material_map"))?;
            return Ok(one_pixel());
        }
        let Some(path) = self.find_file(&name_at, &name) else {
            return Err(self.error(
                &name_at,
                SceneErrorKind::MissingFile,
                format!("cannot find image file `{name}`"),
            ));
        };
        let image = decode_png_indices(&path, self.opts.limits.max_image_pixels, self.opts.memory).map_err(
            |(kind, e)| {
                self.error(
                    &name_at,
                    kind,
                    format!("cannot decode PNG `{}`: {e}", path.display()),
                )
            },
        )?;
        Ok(Arc::new(image))
    }
}
