//! Turns for memory-hungry work: at most a few at once per CPU core, the rest wait in line.
//! CPU-bound work finishes no later in line, and memory stays bounded however many clients come.

use std::sync::OnceLock;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::ApiError;

/// A line for one kind of work; `per_core` turns per CPU core run at once.
pub struct Turns {
    per_core: usize,
    semaphore: OnceLock<Semaphore>,
}

impl Turns {
    pub const fn per_core(per_core: usize) -> Turns {
        Turns {
            per_core,
            semaphore: OnceLock::new(),
        }
    }

    /// Waits for a turn; the work runs while the permit lives.
    pub async fn take(&'static self) -> Result<SemaphorePermit<'static>, ApiError> {
        self.semaphore
            .get_or_init(|| {
                // Read once: on Linux it reads cgroup files, not something for every request.
                let cores =
                    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
                Semaphore::new(cores * self.per_core)
            })
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(format!("work queue closed: {e}")))
    }
}
