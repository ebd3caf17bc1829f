//! `density_file df3 "file"`: reading a DF3 voxel file for the pattern, its size
//! checked against its header, its voxels against the image limit and the memory
//! budget before they are read.

use std::io::Read;
use std::sync::Arc;

use crate::budget::format_bytes;
use crate::scene::pattern::PatternKind;
use crate::scene::{DensityFile, DF3_HEADER};
use crate::sdl::error::SceneErrorKind;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Tok, Token};

impl Parser<'_> {
    /// What follows `density_file` (`t`): `df3 "file"`. Interpolation starts as none,
    /// POV-Ray's default; `interpolate` after it changes that.
    pub(crate) fn parse_density_file(&mut self, t: &Token) -> PResult<PatternKind> {
        let kw = self.next()?;
        if kw.word() != Some("df3") {
            return Err(self.expected("`df3` (the density file's type)", &kw));
        }
        let name_at = self.peek_raw().cloned().unwrap_or_else(|| t.clone());
        if !matches!(name_at.tok, Tok::Str(_) | Tok::Word(_)) {
            let found = self.next()?;
            return Err(self.expected("a density file name", &found));
        }
        let name = self.parse_string()?;
        let file = self.load_df3(&name_at, &name)?;
        Ok(PatternKind::DensityFile { file, interpolate: 0 })
    }

    fn load_df3(&mut self, at: &Token, name: &str) -> PResult<Arc<DensityFile>> {
        let Some(path) = self.find_file(at, name) else {
            return Err(self.error(
                at,
                SceneErrorKind::MissingFile,
                format!("cannot find density file `{name}`"),
            ));
        };
        let bad = |p: &Self, kind: SceneErrorKind, e: String| {
            p.error(
                at,
                kind,
                format!("cannot read density file `{}`: {e}", path.display()),
            )
        };
        let mut f = std::fs::File::open(&path).map_err(|e| bad(self, SceneErrorKind::Io, e.to_string()))?;
        let len = f
            .metadata()
            .map_err(|e| bad(self, SceneErrorKind::Io, e.to_string()))?
            .len();
        let mut header = [0u8; DF3_HEADER as usize];
        f.read_exact(&mut header).map_err(|_| {
            bad(
                self,
                SceneErrorKind::BadFile,
                "shorter than its 6-byte header".into(),
            )
        })?;
        let (size, width) =
            DensityFile::check_header(header, len).map_err(|e| bad(self, SceneErrorKind::BadFile, e))?;
        let voxels: u64 = size.iter().map(|&s| s as u64).product();
        let max = self.opts.limits.max_image_pixels;
        if voxels > max {
            return Err(bad(
                self,
                SceneErrorKind::Limit,
                format!("{voxels} voxels, more than the limit of {max}"),
            ));
        }
        let bytes = len - DF3_HEADER;
        self.opts.memory.reserve(bytes).map_err(|over| {
            bad(
                self,
                SceneErrorKind::Limit,
                format!("{over}: its voxels need {}", format_bytes(bytes)),
            )
        })?;
        let mut data = Vec::with_capacity(bytes as usize);
        // Read no more than the header promised, should the file grow meanwhile.
        f.take(bytes)
            .read_to_end(&mut data)
            .map_err(|e| bad(self, SceneErrorKind::Io, e.to_string()))?;
        let file = DensityFile::new(size, width, data).map_err(|e| bad(self, SceneErrorKind::BadFile, e))?;
        Ok(Arc::new(file))
    }
}
