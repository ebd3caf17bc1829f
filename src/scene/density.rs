//! A DF3 voxel file for the `density_file` pattern: a big-endian header of three
//! 16-bit sizes, then the voxels, x fastest, each 8, 16 or 32 bits wide (which one the
//! file's length tells, as POV-Ray decides it).

/// The voxels of a DF3 file, kept as the file stores them (big-endian) so that the file
/// is held once, in its own size.
#[derive(Clone, Debug, PartialEq)]
pub struct DensityFile {
    pub size: [usize; 3],
    /// Bytes per voxel: 1, 2 or 4.
    pub width: usize,
    /// Big-endian, x fastest, then y, then z; checked to be `size`'s product times
    /// `width` long.
    pub voxels: Vec<u8>,
}

/// The header's length in bytes.
pub const DF3_HEADER: u64 = 6;

impl DensityFile {
    /// The sizes in a header, and the voxel width a file of `file_len` bytes then has;
    /// an error if the length fits no width.
    pub fn check_header(header: [u8; 6], file_len: u64) -> Result<([usize; 3], usize), String> {
        let size = [0, 2, 4].map(|i| u16::from_be_bytes([header[i], header[i + 1]]) as usize);
        let count = size.iter().map(|&s| s as u64).product::<u64>();
        let body = file_len.saturating_sub(DF3_HEADER);
        for width in [4u64, 2, 1] {
            if count * width == body {
                return Ok((size, width as usize));
            }
        }
        Err(format!(
            "a {}x{}x{} density file has {count} voxels of 1, 2 or 4 bytes after its 6-byte header, \
             but this one has {body} bytes there",
            size[0], size[1], size[2]
        ))
    }

    /// A file's contents after its header, checked against the header's sizes.
    pub fn new(size: [usize; 3], width: usize, voxels: Vec<u8>) -> Result<DensityFile, String> {
        if !matches!(width, 1 | 2 | 4) || voxels.len() != size.iter().product::<usize>() * width {
            return Err("the density file's voxels do not match its header".into());
        }
        Ok(DensityFile { size, width, voxels })
    }

    /// Decodes a whole file held in memory.
    pub fn from_bytes(bytes: &[u8]) -> Result<DensityFile, String> {
        let header: [u8; 6] = bytes
            .get(..6)
            .and_then(|h| h.try_into().ok())
            .ok_or("a density file starts with a 6-byte header, and this one is shorter")?;
        let (size, width) = Self::check_header(header, bytes.len() as u64)?;
        Self::new(size, width, bytes[6..].to_vec())
    }

    /// Whether the file holds any voxel.
    pub fn is_empty(&self) -> bool {
        self.voxels.is_empty()
    }
}
