//! Pictures decoded at once: no more than the machine has cores. A decode is CPU and
//! memory (a 16 MP picture is 48 MB of pixels); past the cores, more at once only adds
//! memory and makes each slower. The rest wait their turn.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

pub struct Decodes {
    permits: Semaphore,
    running: AtomicUsize,
    /// The most that ran at once since the start (what tests and operators read).
    peak: AtomicUsize,
    pub limit: usize,
}

impl Decodes {
    pub fn new(limit: usize) -> Decodes {
        let limit = limit.max(1);
        Decodes {
            permits: Semaphore::new(limit),
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            limit,
        }
    }

    /// One per core.
    pub fn per_core() -> Decodes {
        Decodes::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// Runs `f` on the blocking pool once a permit is free; `None` if it panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        let out = tokio::task::spawn_blocking(f).await.ok();
        self.running.fetch_sub(1, Ordering::SeqCst);
        out
    }

    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}
