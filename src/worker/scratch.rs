//! The worker's scratch space: one folder per worker process, locked while it lives, in
//! which every job unpacks and renders. At start-up a worker removes the folders of
//! workers that died without cleaning up (killed, OOM, a lost spot instance whose volume
//! was reused), so the disk never fills with their leftovers.

use std::fs::File;
use std::io;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

const WORKER_PREFIX: &str = "spotray-worker-";
const LOCK_FILE: &str = "lock";
/// Job folders of builds from before worker folders (`spotray-job-*`, `spotray-scene-*`)
/// are removed once they are this old: no job runs that long.
const LEGACY_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// This worker's own scratch folder, locked while the value lives and removed with it.
pub struct Scratch {
    dir: PathBuf,
    /// Holds the lock (flock on an open file description).
    _lock: File,
}

impl Scratch {
    /// Sweeps `base` of dead workers' folders, then makes and locks this worker's own.
    pub fn claim(base: &Path) -> io::Result<(Scratch, Sweep)> {
        let swept = sweep(base);
        let dir = tempfile::Builder::new()
            .prefix(WORKER_PREFIX)
            .tempdir_in(base)?
            .keep();
        let lock = File::create(dir.join(LOCK_FILE))?;
        if !try_lock(&lock)? {
            return Err(io::Error::other("a fresh scratch folder was already locked"));
        }
        Ok((Scratch { dir, _lock: lock }, swept))
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a sweep removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sweep {
    pub removed: Vec<PathBuf>,
}

/// Removes the folders of workers that are gone (their lock can be taken) and old job
/// folders of earlier builds; folders of live workers are left alone.
pub fn sweep(base: &Path) -> Sweep {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(base) else {
        return Sweep { removed };
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let dead = if name.starts_with(WORKER_PREFIX) {
            owner_is_gone(&path)
        } else if name.starts_with("spotray-job-") || name.starts_with("spotray-scene-") {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > LEGACY_AGE))
        } else {
            false
        };
        if dead && std::fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    Sweep { removed }
}

/// A worker folder whose lock nobody holds (or that has no lock file: it died while
/// making it) belongs to no live worker.
fn owner_is_gone(dir: &Path) -> bool {
    match File::open(dir.join(LOCK_FILE)) {
        Ok(lock) => try_lock(&lock).unwrap_or(false),
        Err(e) => e.kind() == io::ErrorKind::NotFound,
    }
}

/// Takes an exclusive flock without waiting; `false` when another holds it. Locks
/// belong to open file descriptions, so this works across processes and containers
/// sharing the folder, and the kernel drops them when their holder dies.
fn try_lock(file: &File) -> io::Result<bool> {
    // SAFETY: flock takes a valid descriptor of a file we hold open, and no memory.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    if error.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_workers_folders_are_swept_and_live_ones_kept() {
        let base = tempfile::tempdir().unwrap();
        // A worker that died: its folder and lock file remain, nobody holds the lock.
        let dead = base.path().join("spotray-worker-dead");
        std::fs::create_dir_all(dead.join("spotray-job-1")).unwrap();
        std::fs::write(dead.join(LOCK_FILE), b"").unwrap();
        std::fs::write(dead.join("spotray-job-1/big.zip"), vec![0u8; 4096]).unwrap();
        // Someone else's folder is never touched.
        let other = base.path().join("not-ours");
        std::fs::create_dir(&other).unwrap();

        let (live, swept) = Scratch::claim(base.path()).unwrap();
        assert_eq!(swept.removed, vec![dead.clone()]);
        assert!(!dead.exists() && other.exists() && live.path().exists());

        // A second worker starting now leaves the live one alone.
        let (second, swept) = Scratch::claim(base.path()).unwrap();
        assert!(swept.removed.is_empty(), "{swept:?}");
        assert!(live.path().exists());

        // A worker that ends normally removes its own folder.
        let gone = live.path().to_path_buf();
        drop(live);
        assert!(!gone.exists());
        assert!(sweep(base.path()).removed.is_empty());
        assert!(second.path().exists());
    }
}
