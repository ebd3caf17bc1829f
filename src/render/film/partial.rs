//! Finished tiles of an interrupted render, and their compact binary form.
//!
//! Tiles are pure functions of the scene and settings, so a render resumed from the
//! tiles another process finished gives the same bytes as one that never stopped.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;

use crate::render::film::output::PixelFormat;

/// Version 2 added the pixel format (bit depth and alpha).
const MAGIC: &[u8; 8] = b"SPRTILE2";
/// Refuse to inflate checkpoints beyond what the largest allowed image needs (16-bit
/// RGBA: 8 bytes a pixel).
const MAX_INFLATED: u64 = crate::render::MAX_PIXELS * 8 + (1 << 20);

/// Encoded (display-ready) pixels of finished tiles, keyed by tile index: each tile's
/// bytes are its pixels in `format`, rows top first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishedTiles {
    pub width: u32,
    pub height: u32,
    pub format: PixelFormat,
    pub tiles: BTreeMap<u32, Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
#[error("damaged tile data: {0}")]
pub struct TileDataError(String);

impl FinishedTiles {
    pub fn new(width: u32, height: u32, format: PixelFormat) -> FinishedTiles {
        FinishedTiles {
            width,
            height,
            format,
            tiles: BTreeMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.tiles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tiles.is_empty()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(&self.width.to_le_bytes());
        raw.extend_from_slice(&self.height.to_le_bytes());
        raw.push(self.format.code());
        raw.extend_from_slice(&(self.tiles.len() as u32).to_le_bytes());
        let size = self.format.bytes_per_pixel();
        for (index, bytes) in &self.tiles {
            raw.extend_from_slice(&index.to_le_bytes());
            raw.extend_from_slice(&((bytes.len() / size) as u32).to_le_bytes());
            raw.extend_from_slice(bytes);
        }
        let mut out = MAGIC.to_vec();
        let mut encoder = ZlibEncoder::new(&mut out, Compression::fast());
        encoder
            .write_all(&raw)
            .and_then(|()| encoder.finish().map(drop))
            .expect("compressing into memory cannot fail");
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<FinishedTiles, TileDataError> {
        FinishedTiles::from_bytes_within(bytes, MAX_INFLATED)
    }

    /// [`FinishedTiles::from_bytes`], refusing data that inflates past `max_inflated`
    /// bytes (a checkpoint bomb) instead of holding it.
    pub fn from_bytes_within(bytes: &[u8], max_inflated: u64) -> Result<FinishedTiles, TileDataError> {
        let limit = max_inflated.min(MAX_INFLATED);
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| TileDataError("not a spotray tile file".into()))?;
        let mut raw = Vec::new();
        ZlibDecoder::new(body)
            .take(limit + 1)
            .read_to_end(&mut raw)
            .map_err(|e| TileDataError(e.to_string()))?;
        if raw.len() as u64 > limit {
            return Err(TileDataError(format!("inflates past {limit} bytes")));
        }
        let mut reader = Reader { data: &raw, at: 0 };
        let width = reader.u32()?;
        let height = reader.u32()?;
        let code = reader.take(1)?[0];
        let format = PixelFormat::from_code(code)
            .ok_or_else(|| TileDataError(format!("unknown pixel format {code}")))?;
        let count = reader.u32()?;
        let mut tiles = BTreeMap::new();
        for _ in 0..count {
            let index = reader.u32()?;
            let len = reader.u32()? as usize;
            let bytes = reader.take(
                len.checked_mul(format.bytes_per_pixel())
                    .ok_or_else(|| TileDataError("tile too large".into()))?,
            )?;
            tiles.insert(index, bytes.to_vec());
        }
        Ok(FinishedTiles {
            width,
            height,
            format,
            tiles,
        })
    }
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TileDataError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or_else(|| TileDataError("truncated".into()))?;
        let slice = &self.data[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, TileDataError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut tiles = FinishedTiles::new(64, 32, PixelFormat::RGB8);
        tiles.tiles.insert(1, [1, 2, 3].repeat(1024));
        tiles.tiles.insert(0, [9, 8, 7].repeat(1024));
        assert_eq!(FinishedTiles::from_bytes(&tiles.to_bytes()).unwrap(), tiles);
        let deep = PixelFormat {
            sixteen_bit: true,
            alpha: true,
        };
        let mut tiles = FinishedTiles::new(64, 32, deep);
        tiles.tiles.insert(3, (0..8 * 1024).map(|i| i as u8).collect());
        let back = FinishedTiles::from_bytes(&tiles.to_bytes()).unwrap();
        assert_eq!((back.format, &back), (deep, &tiles));
    }

    #[test]
    fn rejects_garbage_and_truncation() {
        assert!(FinishedTiles::from_bytes(b"hello").is_err());
        // A bomb: a little data that inflates past the limit is refused, not held.
        let mut bomb = FinishedTiles::new(4096, 4096, PixelFormat::RGB8);
        bomb.tiles.insert(0, vec![0; 3 << 20]);
        let bytes = bomb.to_bytes();
        assert!(bytes.len() < 64 << 10, "{}", bytes.len());
        let error = FinishedTiles::from_bytes_within(&bytes, 1 << 20).unwrap_err();
        assert!(error.to_string().contains("inflates past"), "{error}");
        assert!(FinishedTiles::from_bytes_within(&bytes, 4 << 20).is_ok());
        let mut tiles = FinishedTiles::new(64, 32, PixelFormat::RGB8);
        tiles.tiles.insert(1, [1, 2, 3].repeat(1024));
        let bytes = tiles.to_bytes();
        assert!(FinishedTiles::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    }
}
