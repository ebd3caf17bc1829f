//! `text { ttf "font.ttf" "string" thickness, offset }`: a union of glyphs, the font
//! found beside the scene, on the library path, then in POV-Ray's include folder.

use std::io::Read;
use std::rc::Rc;

use glam::DVec2;

use crate::scene::{CsgOp, Glyph, Object, Shape};
use crate::sdl::error::SceneErrorKind;
use crate::sdl::font::{Font, MAX_FONT_BYTES};
use crate::sdl::items::objects::SceneObject;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::Token;

impl Parser<'_> {
    /// The body of `text { ... }` up to its modifiers.
    pub(crate) fn parse_text_body(&mut self, t: &Token) -> PResult<SceneObject> {
        let kind = self.next()?;
        if !kind.is_word("ttf") {
            return Err(self.expected("`ttf` and a font file name", &kind));
        }
        let file_at = self.peek_at();
        let file = self.parse_string()?;
        self.comma("text")?;
        let text = self.parse_string()?;
        self.comma("text")?;
        let depth = self.parse_float()?;
        self.comma("text")?;
        let offset = self.parse_vector3()?;
        if !depth.is_finite() || !offset.is_finite() {
            return Err(self.semantic(t, "the text's thickness and offset must be finite"));
        }
        let font = self.load_font(&file_at, &file)?;
        let placed = font
            .borrow_mut()
            .layout(&text, self.charset, DVec2::new(offset.x, offset.y));
        self.count_objects(t, placed.len().max(1))?;
        let children = placed
            .into_iter()
            .map(|(outline, offset)| {
                Object::new(Shape::Glyph(Box::new(Glyph {
                    outline,
                    offset,
                    depth,
                })))
            })
            .collect();
        Ok(SceneObject::Shape {
            object: Object::new(Shape::Csg {
                op: CsgOp::Union,
                children,
                cutaway_textures: false,
            }),
            lights: Vec::new(),
        })
    }

    fn load_font(&mut self, at: &Token, name: &str) -> PResult<Rc<std::cell::RefCell<Font>>> {
        // As POV-Ray does, a name without its extension finds the `.ttf` file.
        let found = self
            .find_file(at, name)
            .or_else(|| self.find_file(at, &format!("{name}.ttf")));
        let Some(path) = found else {
            return Err(self.missing_file(at, "font", name));
        };
        if let Some(font) = self.fonts.get(&path) {
            return Ok(font.clone());
        }
        let mut data = Vec::new();
        let read = std::fs::File::open(&path).and_then(|f| f.take(MAX_FONT_BYTES + 1).read_to_end(&mut data));
        if let Err(e) = read {
            return Err(self.error(
                at,
                SceneErrorKind::Io,
                format!("cannot read font `{}`: {e}", path.display()),
            ));
        }
        if data.len() as u64 > MAX_FONT_BYTES {
            return Err(self.error(
                at,
                SceneErrorKind::Limit,
                format!(
                    "font `{}` is larger than {} MiB",
                    path.display(),
                    MAX_FONT_BYTES >> 20
                ),
            ));
        }
        let font = Font::new(data).map_err(|e| {
            self.error(
                at,
                SceneErrorKind::BadFile,
                format!("cannot use font `{}`: {e}", path.display()),
            )
        })?;
        let font = Rc::new(std::cell::RefCell::new(font));
        self.fonts.insert(path, font.clone());
        Ok(font)
    }
}
