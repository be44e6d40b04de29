//! CPU- and memory-heavy work (password hashing, image decoding) runs on blocking threads, at
//! most one job per core at a time. Without the cap, 64 simultaneous logins would run 64 argon2
//! hashes of 19 MiB each, and 50 photo uploads 50 decodes of up to ~100 MB each, at once; with
//! it, the extra requests wait their turn and memory stays within the server's budget.

use crate::error::{ServiceError, ServiceResult};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Semaphore::new(cores.max(1))
    })
}

/// Runs `job` on a blocking thread once a core is free.
pub async fn run<T, F>(job: F) -> ServiceResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let _turn = permits()
        .acquire()
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| ServiceError::Internal(format!("blocking job failed: {e}")))
}
