//! TrueType fonts for `text`: the character map, metrics, kerning and glyph outlines
//! read as POV-Ray 3.7 reads them, and a string laid out as POV-Ray lays it out.

use std::collections::HashMap;
use std::sync::Arc;

use glam::DVec2;
use ttf_parser::{cmap, Face, GlyphId, OutlineBuilder, PlatformId, Tag};

use crate::scene::GlyphOutline;

/// Largest font file read: POV-Ray's own fonts are under 100 KB, large CJK fonts
/// about 20 MB.
pub const MAX_FONT_BYTES: u64 = 64 << 20;

/// How the scene's strings are encoded (`global_settings { charset }`), which decides
/// the character map searched first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Charset {
    #[default]
    Ascii,
    Utf8,
}

/// A font read once and shared by every `text` that uses it.
pub struct Font {
    data: Vec<u8>,
    units_per_em: f64,
    kerning: Vec<KernSubtable>,
    outlines: HashMap<u16, Arc<GlyphOutline>>,
}

/// A format 0 subtable of the `kern` table: pairs of glyphs and their adjustment.
struct KernSubtable {
    coverage: u16,
    pairs: HashMap<(u16, u16), i16>,
}

/// Coverage bits of a `kern` subtable.
const KERN_HORIZONTAL: u16 = 1;
const KERN_MINIMUM: u16 = 2;
const KERN_CROSS_STREAM: u16 = 4;
const KERN_OVERRIDE: u16 = 8;

impl Font {
    pub fn new(data: Vec<u8>) -> Result<Font, String> {
        let face = Face::parse(&data, 0).map_err(|e| format!("not a TrueType font: {e}"))?;
        if face.tables().glyf.is_none() {
            return Err(
                "the font has no TrueType outlines (a `glyf` table); POV-Ray reads only those".into(),
            );
        }
        let units_per_em = face.units_per_em();
        // POV-Ray refuses fonts outside these resolutions.
        if !(16..=16384).contains(&units_per_em) {
            return Err(format!(
                "the font's units per em ({units_per_em}) is outside 16 to 16384"
            ));
        }
        let kerning = face
            .raw_face()
            .table(Tag::from_bytes(b"kern"))
            .map(read_kern)
            .unwrap_or_default();
        Ok(Font {
            units_per_em: f64::from(units_per_em),
            kerning,
            outlines: HashMap::new(),
            data,
        })
    }

    /// Places each character of `text`: its glyph's outline and where its origin
    /// goes, in em units. `offset` is added after each character, as POV-Ray's `text`
    /// adds it.
    pub fn layout(&mut self, text: &str, charset: Charset, offset: DVec2) -> Vec<(Arc<GlyphOutline>, DVec2)> {
        let face = Face::parse(&self.data, 0).expect("parsed when the font was read");
        let em = 1.0 / self.units_per_em;
        let mut placed = Vec::new();
        let mut pen = DVec2::ZERO;
        let mut previous = 0u16;
        for (i, ch) in text.chars().enumerate() {
            let glyph = glyph_index(&face, u32::from(ch), charset);
            let id = GlyphId(glyph);
            let x_min = face.glyph_bounding_box(id).map_or(0.0, |r| f64::from(r.x_min));
            let lsb = f64::from(face.glyph_hor_side_bearing(id).unwrap_or(0));
            let advance = f64::from(face.glyph_hor_advance(id).unwrap_or(0));
            let at = if i == 0 {
                // The first glyph's ink starts at the origin.
                let at = DVec2::new(-x_min * em, 0.0);
                pen = DVec2::new((advance - lsb) * em, 0.0);
                at
            } else {
                let kern = kern(&self.kerning, self.units_per_em, previous, glyph);
                let at = DVec2::new(pen.x + (lsb - x_min + kern.x) * em, pen.y + kern.y * em);
                pen.x += (advance + kern.x) * em;
                at
            };
            pen += offset;
            let outline = outline_of(&mut self.outlines, &face, id, em);
            placed.push((outline, at));
            previous = glyph;
        }
        placed
    }
}

/// POV-Ray 3.7's kerning between two glyphs, in font units. It reads the coverage of
/// the first subtable for all of them, a quirk kept here because it decides the
/// spacing of the pictures it made.
fn kern(kerning: &[KernSubtable], units_per_em: f64, left: u16, right: u16) -> DVec2 {
    let minimum = -units_per_em;
    let (mut x, mut y) = (0.0, 0.0);
    let (mut min_x, mut min_y) = (minimum, minimum);
    let Some(coverage) = kerning.first().map(|t| t.coverage) else {
        return DVec2::ZERO;
    };
    for table in kerning {
        if coverage & KERN_HORIZONTAL == 0 {
            continue;
        }
        let Some(&value) = table.pairs.get(&(left, right)) else {
            continue;
        };
        let v = f64::from(value);
        let cross = coverage & KERN_CROSS_STREAM != 0;
        if coverage & KERN_MINIMUM != 0 {
            if cross {
                min_y = v;
            } else {
                min_x = v;
            }
        } else if cross {
            // 0x8000 resets the cross-stream adjustment.
            if value == i16::MIN {
                y = 0.0;
            } else if coverage & KERN_OVERRIDE != 0 {
                y = v;
            } else {
                y += v;
            }
        } else if coverage & KERN_OVERRIDE != 0 {
            x = v;
        } else {
            x += v;
        }
    }
    DVec2::new(f64::max(x, min_x), f64::max(y, min_y))
}

/// A glyph's outline in em units, read once per font.
fn outline_of(
    outlines: &mut HashMap<u16, Arc<GlyphOutline>>,
    face: &Face,
    id: GlyphId,
    em: f64,
) -> Arc<GlyphOutline> {
    outlines
        .entry(id.0)
        .or_insert_with(|| {
            let mut builder = OutlineCollector {
                outline: GlyphOutline::default(),
                start: DVec2::ZERO,
                at: DVec2::ZERO,
                em,
            };
            face.outline_glyph(id, &mut builder);
            builder.close();
            builder.outline.finish_bounds();
            Arc::new(builder.outline)
        })
        .clone()
}

/// The glyph for a character code, from the first character map of the first
/// platform in POV-Ray 3.7's order of preference for the charset; 0 (the missing
/// glyph) when that map lacks the character.
fn glyph_index(face: &Face, code: u32, charset: Charset) -> u16 {
    let Some(table) = face.tables().cmap else {
        return 0;
    };
    let order = match charset {
        Charset::Ascii => [PlatformId::Macintosh, PlatformId::Windows, PlatformId::Unicode],
        Charset::Utf8 => [PlatformId::Unicode, PlatformId::Windows, PlatformId::Macintosh],
    };
    for platform in order {
        let usable = table.subtables.into_iter().find(|s| {
            s.platform_id == platform
                && matches!(
                    s.format,
                    cmap::Format::ByteEncodingTable(_)
                        | cmap::Format::SegmentMappingToDeltaValues(_)
                        | cmap::Format::TrimmedTableMapping(_)
                )
        });
        if let Some(subtable) = usable {
            return subtable.glyph_index(code).map_or(0, |g| g.0);
        }
    }
    0
}

/// The format 0 subtables of a Microsoft-style `kern` table; anything unreadable is
/// left out (a font without kerning is still a font).
fn read_kern(data: &[u8]) -> Vec<KernSubtable> {
    let u16_at = |at: usize| data.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]));
    let mut tables = Vec::new();
    if u16_at(0) != Some(0) {
        return tables;
    }
    let count = u16_at(2).unwrap_or(0);
    let mut at = 4usize;
    for _ in 0..count {
        let (Some(length), Some(coverage)) = (u16_at(at + 2), u16_at(at + 4)) else {
            break;
        };
        if coverage >> 8 == 0 {
            let pairs_count = usize::from(u16_at(at + 6).unwrap_or(0));
            let mut pairs = HashMap::with_capacity(pairs_count.min(data.len() / 6));
            for k in 0..pairs_count {
                let p = at + 14 + 6 * k;
                let (Some(left), Some(right), Some(value)) = (u16_at(p), u16_at(p + 2), u16_at(p + 4)) else {
                    break;
                };
                // The first entry for a pair wins, as a search in the sorted list finds it.
                pairs.entry((left, right)).or_insert(value as i16);
            }
            tables.push(KernSubtable { coverage, pairs });
        }
        if length < 6 {
            break;
        }
        at += usize::from(length);
    }
    tables
}

/// Turns ttf-parser's outline events into monotonic segments in em units.
struct OutlineCollector {
    outline: GlyphOutline,
    start: DVec2,
    at: DVec2,
    em: f64,
}

impl OutlineCollector {
    fn point(&self, x: f32, y: f32) -> DVec2 {
        DVec2::new(f64::from(x), f64::from(y)) * self.em
    }
}

impl OutlineBuilder for OutlineCollector {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.start = self.point(x, y);
        self.at = self.start;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.point(x, y);
        self.outline.push_line(self.at, p);
        self.at = p;
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (c, p) = (self.point(x1, y1), self.point(x, y));
        self.outline.push_quad(self.at, c, p);
        self.at = p;
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        // TrueType outlines have no cubic curves; should one appear, its chord
        // through the control points keeps the contour closed.
        for (px, py) in [(x1, y1), (x2, y2), (x, y)] {
            self.line_to(px, py);
        }
    }

    fn close(&mut self) {
        if self.at != self.start {
            self.outline.push_line(self.at, self.start);
        }
        self.at = self.start;
    }
}
