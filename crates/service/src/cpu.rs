//! CPU- and memory-heavy work (password hashing, image, Word and Excel decoding) runs on a fixed
//! set of worker threads, one per core, fed in arrival order. Without the cap, 64 simultaneous
//! logins would run 64 argon2 hashes of 19 MiB each, and 50 photo uploads 50 decodes at once.
//! The threads are few and fixed on purpose: the allocator keeps freed memory per thread, so work
//! spread over the runtime's many blocking threads left hundreds of megabytes resident after a
//! burst of logins; on the same few threads each next job reuses what the last one freed.

use crate::error::{ServiceError, ServiceResult};
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

fn workers() -> &'static Mutex<Sender<Job>> {
    static QUEUE: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        for n in 0..cores.max(1) {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("jinguo-cpu-{n}"))
                .spawn(move || work(&receiver));
            if let Err(err) = spawned {
                tracing::error!(error = %err, "a CPU worker thread could not start");
            }
        }
        Mutex::new(sender)
    })
}

fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        let next = match receiver.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

/// Runs `job` on a worker thread once one is free; a panic in it becomes an internal error.
pub async fn run<T, F>(job: F) -> ServiceResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (answer, answered) = tokio::sync::oneshot::channel();
    let wrapped: Job = Box::new(move || {
        let _ = answer.send(std::panic::catch_unwind(AssertUnwindSafe(job)));
    });
    workers()
        .lock()
        .map_err(|_| ServiceError::Internal("CPU worker queue poisoned".into()))?
        .send(wrapped)
        .map_err(|_| ServiceError::Internal("CPU workers are gone".into()))?;
    match answered.await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err(ServiceError::Internal("a CPU job panicked".into())),
        Err(_) => Err(ServiceError::Internal("a CPU job was dropped".into())),
    }
}
