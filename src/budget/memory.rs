//! Counting live heap bytes, and the memory budget a job is held to.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::size::format_bytes;

/// Bytes currently allocated through the global allocator, with each block rounded the
/// way glibc's malloc rounds it (so that many small blocks are not undercounted).
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// Blocks at least this big are served by their own mapping, whole pages of it.
const MMAP_THRESHOLD: usize = 128 << 10;
const PAGE: usize = 4096;

/// What a block of `size` bytes costs the process: glibc adds an 8-byte header and
/// rounds up to 16 (32 at least); big blocks get whole pages.
fn charged(size: usize) -> usize {
    if size >= MMAP_THRESHOLD {
        (size + 16 + PAGE - 1) & !(PAGE - 1)
    } else {
        ((size + 8 + 15) & !15).max(32)
    }
}

/// The system allocator, keeping [`LIVE`] up to date.
pub struct CountingAllocator;

// SAFETY: every call is forwarded unchanged to `System`; the counter is bookkeeping only.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            LIVE.fetch_add(charged(layout.size()), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            LIVE.fetch_add(charged(layout.size()), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(charged(layout.size()), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            LIVE.fetch_add(charged(new_size), Ordering::Relaxed);
            LIVE.fetch_sub(charged(layout.size()), Ordering::Relaxed);
        }
        p
    }
}

/// Heap bytes the process holds now, as the allocator counts them.
pub fn live_heap_bytes() -> u64 {
    LIVE.load(Ordering::Relaxed) as u64
}

/// Hands freed heap memory back to the system between the phases of a job, so that what
/// one phase freed (the parser's thread arena, say) does not stay resident while the
/// next allocates its own.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of glibc's arenas to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Memory the process needs outside the counted heap: code, thread stacks, the allocator's
/// own structures and the fragmentation between blocks. Measured with the hostile scenes
/// of `tests/memory_budget.rs` (peak RSS minus peak counted heap was 20-40 MiB).
const OUTSIDE_HEAP: u64 = 64 << 20;
/// Share of the budget left for fragmentation that grows with the heap.
const FRAGMENTATION_PERCENT: u64 = 4;

/// The most memory (resident set) a job may use; `None` for no limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MemoryBudget {
    total: Option<u64>,
}

impl MemoryBudget {
    pub const UNLIMITED: MemoryBudget = MemoryBudget { total: None };

    /// A budget of `bytes` of resident memory for the whole process.
    pub fn new(bytes: u64) -> MemoryBudget {
        MemoryBudget { total: Some(bytes) }
    }

    /// The budget this machine or container affords one job: the cgroup's memory limit
    /// (a container's task size) or else the machine's memory, less headroom for the
    /// worker itself and the kernel's page cache of the scene files.
    pub fn from_environment() -> MemoryBudget {
        match available_memory() {
            Some(bytes) => MemoryBudget::new(bytes - (bytes / 10).clamp(128 << 20, 1 << 30)),
            None => MemoryBudget::UNLIMITED,
        }
    }

    pub fn bytes(&self) -> Option<u64> {
        self.total
    }

    /// Heap bytes the job may hold.
    fn heap_allowance(&self) -> Option<u64> {
        self.total.map(|t| {
            let t = t.saturating_sub(OUTSIDE_HEAP);
            t - t * FRAGMENTATION_PERCENT / 100
        })
    }

    /// Fails when the heap already holds more than the budget allows.
    pub fn check(&self) -> Result<(), OverBudget> {
        self.reserve(0)
    }

    /// Fails when `bytes` more would not fit: called before a big allocation (an array,
    /// an image, a frame buffer) so that it never happens.
    pub fn reserve(&self, bytes: u64) -> Result<(), OverBudget> {
        match (self.total, self.heap_allowance()) {
            (Some(total), Some(allowed)) if live_heap_bytes().saturating_add(bytes) > allowed => {
                Err(OverBudget { budget: total })
            }
            _ => Ok(()),
        }
    }
}

/// A job needed more memory than its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the scene needs more memory than the job's budget of {} (--max-memory)", format_bytes(*.budget))]
pub struct OverBudget {
    pub budget: u64,
}

/// The cgroup's limit (v2, then v1) or the machine's total memory.
fn available_memory() -> Option<u64> {
    let cgroup = [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ]
    .iter()
    .filter_map(|p| std::fs::read_to_string(p).ok())
    .find_map(|s| s.trim().parse::<u64>().ok());
    let machine = std::fs::read_to_string("/proc/meminfo").ok().and_then(|s| {
        let line = s.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    });
    // cgroup v1 reports "no limit" as a huge number.
    match (cgroup, machine) {
        (Some(c), Some(m)) => Some(c.min(m)),
        (c, m) => c.or(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_charged_as_the_allocator_rounds_them() {
        assert_eq!(charged(1), 32);
        assert_eq!(charged(24), 32);
        assert_eq!(charged(40), 48);
        assert_eq!(charged(1 << 20), (1 << 20) + PAGE);
    }

    #[test]
    fn the_counter_sees_allocations_come_and_go() {
        // Other tests allocate concurrently, so only a big block is clearly visible.
        let before = live_heap_bytes();
        // black_box: an optimised build may otherwise drop an allocation never read.
        let block = std::hint::black_box(vec![1u8; 64 << 20]);
        let during = live_heap_bytes();
        assert!(during >= before + (48 << 20), "{before} -> {during}");
        drop(block);
        assert!(live_heap_bytes() < during - (48 << 20));
    }

    #[test]
    fn a_reservation_past_the_budget_fails_and_names_it() {
        let budget = MemoryBudget::new(1 << 30);
        assert!(budget.reserve(1 << 20).is_ok());
        let error = budget.reserve(2 << 30).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the scene needs more memory than the job's budget of 1.0 GiB (--max-memory)"
        );
        assert!(MemoryBudget::UNLIMITED.reserve(u64::MAX).is_ok());
        // A budget below what the process already holds fails any check.
        assert!(MemoryBudget::new(1 << 10).check().is_err());
    }

    #[test]
    fn the_environment_gives_a_budget_below_the_memory_there_is() {
        let budget = MemoryBudget::from_environment()
            .bytes()
            .expect("Linux reports its memory");
        assert!(budget < available_memory().unwrap());
        assert!(budget > 0);
    }
}
