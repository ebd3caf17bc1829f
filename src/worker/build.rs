//! Which build of the renderer is running: a hash of the executable itself, so that
//! tiles saved by one build are never mixed into another build's image, whatever the
//! crate version says.

use std::hash::Hasher;
use std::io::Read;
use std::sync::OnceLock;

/// Sixteen hex digits naming this executable's exact bytes; `unknown` when it cannot be
/// read (then no checkpoint made by this process matches one made by any other).
pub fn build_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        std::env::current_exe()
            .and_then(|path| hash_file(&path))
            .map(|h| format!("{h:016x}"))
            .unwrap_or_else(|_| format!("unknown-{}", std::process::id()))
    })
}

/// FNV-1a over the file: stable across Rust versions and machines, unlike std's hasher.
fn hash_file(path: &std::path::Path) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Fnv1a::default();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(hasher.finish());
        }
        hasher.write(&buffer[..n]);
    }
}

struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_id_is_stable_and_names_the_bytes() {
        assert_eq!(build_id(), build_id());
        assert_eq!(build_id().len(), 16, "{}", build_id());
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, b"spotray build one").unwrap();
        std::fs::write(&b, b"spotray build two").unwrap();
        assert_ne!(hash_file(&a).unwrap(), hash_file(&b).unwrap());
        assert_eq!(hash_file(&a).unwrap(), hash_file(&a).unwrap());
    }
}
