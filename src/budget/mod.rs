//! What one job may spend: memory, counted by the global allocator, and time, enforced
//! through a stop signal that every phase of a job (parse, world build, pretrace, render)
//! checks.
//!
//! The worker runs one job at a time, so the process's heap is the job's heap: the
//! allocator's count of live bytes is what a job's [`MemoryBudget`] is held against.

mod memory;
mod size;
mod stop;

pub use memory::{live_heap_bytes, release_free_memory, MemoryBudget, OverBudget};
pub use size::{format_bytes, parse_bytes};
pub use stop::{DeadlineGuard, StopReason, StopSignal};

/// The allocator every spotray binary and test uses: the system allocator, counting.
#[global_allocator]
static ALLOCATOR: memory::CountingAllocator = memory::CountingAllocator;
