//! GIF height fields: a GIF's palette indices, and POV-Ray's POT files (GIFs twice as
//! wide whose right half holds the low byte of each pixel on the left, as Fractint
//! writes continuous potential), turned into heights as POV-Ray 3.7 turns them.

use std::io::BufReader;
use std::num::NonZeroU64;
use std::path::Path;

use crate::budget::MemoryBudget;
use crate::scene::HeightGrid;
use crate::sdl::error::SceneErrorKind;

use super::height_field::flipped;
use super::image_budget::{admit_image, damaged, DecodeError};

/// The first image of a GIF file: its palette indices, rows top first.
struct Indices {
    width: u32,
    height: u32,
    indices: Vec<u8>,
}

/// Reads the first image's indices, bounded by `max_pixels` and `memory` before its
/// pixels are decoded.
fn decode_indices(path: &Path, max_pixels: u64, memory: MemoryBudget) -> Result<Indices, DecodeError> {
    let file = std::fs::File::open(path).map_err(|e| (SceneErrorKind::Io, e.to_string()))?;
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    // One byte an index: the decoder refuses a frame larger than the pixel limit.
    options.set_memory_limit(gif::MemoryLimit::Bytes(
        NonZeroU64::new(max_pixels.max(1)).expect("at least one"),
    ));
    let mut decoder = options.read_info(BufReader::new(file)).map_err(damaged)?;
    let (width, height) = match decoder.next_frame_info().map_err(damaged)? {
        Some(frame) => (u32::from(frame.width), u32::from(frame.height)),
        None => return Err(damaged("the GIF holds no image")),
    };
    let pixels = admit_image(width, height, max_pixels, memory, |pixels| pixels * 3)?;
    let mut indices = vec![0u8; pixels as usize];
    decoder.read_into_buffer(&mut indices).map_err(damaged)?;
    Ok(Indices {
        width,
        height,
        indices,
    })
}

/// A GIF's heights, rows bottom first: each palette index times 256, as POV-Ray keeps
/// an indexed image (so that the highest index is 65280, not 65535).
pub fn decode_gif_heights(
    path: &Path,
    max_pixels: u64,
    memory: MemoryBudget,
) -> Result<HeightGrid, DecodeError> {
    let gif = decode_indices(path, max_pixels, memory)?;
    let heights = gif.indices.iter().map(|&i| u16::from(i) << 8).collect();
    Ok(flipped(gif.width, gif.height, heights))
}

/// A POT file's heights, rows bottom first: half its width, each the left index as the
/// high byte and the index as far to the right as the low one. POV-Ray keeps the
/// 16-bit value as a grey level and scales it back to 16 bits in single precision.
pub fn decode_pot_heights(
    path: &Path,
    max_pixels: u64,
    memory: MemoryBudget,
) -> Result<HeightGrid, DecodeError> {
    let gif = decode_indices(path, max_pixels, memory)?;
    if gif.width % 2 != 0 {
        return Err(damaged(format!(
            "a POT file is twice as wide as its heights, but this one is {} wide",
            gif.width
        )));
    }
    let half = (gif.width / 2) as usize;
    let heights = gif
        .indices
        .chunks_exact(gif.width as usize)
        .flat_map(|row| {
            let (high, low) = row.split_at(half);
            high.iter().zip(low).map(|(&h, &l)| {
                let v = u16::from(h) << 8 | u16::from(l);
                (f32::from(v) / 65535.0 * 65535.0) as u16
            })
        })
        .collect();
    Ok(flipped(gif.width / 2, gif.height, heights))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GIF one row high of `indices` over a four-grey palette.
    fn tiny_gif(indices: &[u8]) -> Vec<u8> {
        let palette = [0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255];
        let width = indices.len() as u16;
        let mut out = Vec::new();
        {
            let mut encoder = gif::Encoder::new(&mut out, width, 1, &palette).expect("encoder");
            let frame = gif::Frame::from_indexed_pixels(width, 1, indices, None);
            encoder.write_frame(&frame).expect("frame");
        }
        out
    }

    #[test]
    fn gif_and_pot_heights_are_read_as_povray_reads_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.gif");
        std::fs::write(&path, tiny_gif(&[0, 1, 2, 3])).expect("write");
        let gif = decode_gif_heights(&path, 100, MemoryBudget::UNLIMITED).expect("a GIF");
        assert_eq!((gif.width, gif.depth), (4, 1));
        assert_eq!(gif.heights, vec![0, 256, 512, 768], "index times 256");
        let pot = decode_pot_heights(&path, 100, MemoryBudget::UNLIMITED).expect("a POT");
        assert_eq!((pot.width, pot.depth), (2, 1));
        assert_eq!(
            pot.heights,
            vec![2, 259],
            "high byte on the left, low on the right"
        );
        std::fs::write(&path, tiny_gif(&[0, 1, 2])).expect("write");
        let e = decode_pot_heights(&path, 100, MemoryBudget::UNLIMITED).expect_err("odd width");
        assert!(e.1.contains("twice as wide"), "{e:?}");
        let e = decode_gif_heights(&path, 2, MemoryBudget::UNLIMITED).expect_err("too many pixels");
        assert_eq!(e.0, SceneErrorKind::Limit, "{e:?}");
        std::fs::write(&path, b"GIF89a\x01").expect("write");
        assert!(
            decode_gif_heights(&path, 100, MemoryBudget::UNLIMITED).is_err(),
            "damaged"
        );
    }
}
