//! Render settings that come from the INI file and the command line, not from the scene.

use crate::render::film::output::PixelFormat;

/// How the image is sampled and how large it is.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderOptions {
    pub width: u32,
    pub height: u32,
    /// `None` when antialiasing is off.
    pub antialias: Option<Antialias>,
    /// POV-Ray's Quality (0..=11); below 9 radiosity is skipped, below 8 reflection
    /// and refraction, below 4 shadows, as POV-Ray documents.
    pub quality: u32,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// A partial render (`Start_Row` ...): only these pixels are traced; the rest of
    /// the image is black, as POV-Ray 3.7 writes it.
    pub region: Option<Region>,
    /// `File_Gamma`: `None` writes sRGB, else `value^(1/gamma)`.
    pub file_gamma: Option<f64>,
    /// `Bits_Per_Color` and `Output_Alpha`.
    pub format: PixelFormat,
}

/// Pixel rows and columns, each a half-open range from the top left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub rows: (u32, u32),
    pub columns: (u32, u32),
}

impl Region {
    /// From POV-Ray's `Start_*`/`End_*` values for a side of `size` pixels: a start
    /// below 1 is a fraction of the side, an end at or below 1 too; otherwise they are
    /// 1-based pixel numbers, the end included. Matched against POV-Ray 3.7.0's output
    /// for `+SR`/`+ER` values 0, 0.1, 0.5, 0.999, 1, 2, 10 and 20 on a 30-row image.
    pub fn side(start: Option<f64>, end: Option<f64>, size: u32) -> (u32, u32) {
        let size_f = f64::from(size);
        let first = match start {
            None => 0.0,
            Some(s) if s < 1.0 => (s * size_f).floor(),
            Some(s) => s.floor() - 1.0,
        };
        let past_last = match end {
            None => size_f,
            Some(e) if e <= 1.0 => (e * size_f).floor(),
            Some(e) => e.floor(),
        };
        (
            first.clamp(0.0, size_f) as u32,
            past_last.clamp(0.0, size_f) as u32,
        )
    }

    /// The region for POV-Ray's four bounds on a `width` x `height` image; `None` when
    /// that is the whole image.
    pub fn from_bounds(bounds: [Option<f64>; 4], width: u32, height: u32) -> Option<Region> {
        let [start_row, end_row, start_column, end_column] = bounds;
        let region = Region {
            rows: Region::side(start_row, end_row, height),
            columns: Region::side(start_column, end_column, width),
        };
        (region.rows != (0, height) || region.columns != (0, width)).then_some(region)
    }

    pub fn contains(&self, x: u32, y: u32) -> bool {
        (self.rows.0..self.rows.1).contains(&y) && (self.columns.0..self.columns.1).contains(&x)
    }
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: 800,
            height: 600,
            antialias: None,
            quality: 9,
            threads: 0,
            region: None,
            file_gamma: None,
            format: PixelFormat::RGB8,
        }
    }
}

/// POV-Ray's antialiasing parameters (`+A`, `Sampling_Method`, `Antialias_Depth`, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct Antialias {
    /// 1: adaptive non-recursive supersampling; 2: adaptive recursive corner sampling.
    pub method: u32,
    pub threshold: f64,
    pub depth: u32,
    pub jitter: bool,
    pub jitter_amount: f64,
}

impl Default for Antialias {
    fn default() -> Self {
        Antialias {
            method: 1,
            threshold: 0.3,
            depth: 3,
            jitter: false,
            jitter_amount: 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Region;

    #[test]
    fn region_bounds_read_as_povray_reads_them() {
        // POV-Ray 3.7.0 on a 30-row image: the first and last rows it rendered.
        let cases = [
            ((Some(1.0), Some(1.0)), (0, 30)),
            ((Some(0.0), Some(0.5)), (0, 15)),
            ((Some(0.5), Some(1.0)), (15, 30)),
            ((Some(2.0), Some(3.0)), (1, 3)),
            ((Some(0.999), Some(30.0)), (29, 30)),
            ((Some(1.0), Some(10.0)), (0, 10)),
            ((Some(5.0), Some(1.0)), (4, 30)),
            ((Some(0.5), Some(20.0)), (15, 20)),
            ((Some(10.0), Some(0.5)), (9, 15)),
            ((Some(0.1), Some(0.2)), (3, 6)),
            // Nothing rendered: an empty range.
            ((Some(20.0), Some(10.0)), (19, 10)),
        ];
        for ((start, end), want) in cases {
            assert_eq!(Region::side(start, end, 30), want, "{start:?} {end:?}");
        }
        assert_eq!(
            Region::from_bounds([None, Some(1.0), Some(0.0), None], 40, 30),
            None
        );
        let r = Region::from_bounds([Some(10.0), Some(20.0), None, None], 40, 30).unwrap();
        assert!(r.contains(0, 9) && r.contains(39, 19) && !r.contains(0, 8) && !r.contains(0, 20));
    }
}
