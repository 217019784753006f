//! The one process-wide tokio runtime, and the blocking facade over it.
//!
//! Every request the SDK sends runs on this runtime, whoever calls: plain
//! threads (C, Python sync calls), other executors, or the caller's own tokio
//! runtime. One runtime means one set of worker threads and connection pools
//! that outlive any caller's runtime.
//!
//! Fork safety: a pre-fork server (gunicorn) forks after the parent used the
//! client. The child inherits the runtime's memory but none of its threads, so
//! the runtime is remembered together with the pid that built it; when the pid
//! differs, the old runtime is leaked (dropping it would wait for threads that
//! do not exist in the child) and a new one is built. The HTTP client keys its
//! connection pool on [`generation`] so the child never reuses the parent's sockets.

use std::future::Future;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};

use tokio::runtime::{Handle, Runtime, RuntimeFlavor};
use tokio::task::JoinHandle;

use crate::error::{Error, Result};

struct Shared {
    pid: u32,
    generation: u64,
    runtime: Runtime,
}

/// The current runtime, never freed: a runtime lives as long as its process,
/// and one inherited across fork() is leaked on purpose. Lock-free, because a
/// lock held by some thread at fork() time would stay locked in the child forever.
static CURRENT: AtomicPtr<Shared> = AtomicPtr::new(ptr::null_mut());
static GENERATIONS: AtomicU64 = AtomicU64::new(0);

/// Worker threads of the shared runtime, unless `CLERK_RUNTIME_WORKER_THREADS`
/// says otherwise. HTTP calls are I/O bound, so one thread serves any number
/// of concurrent calls; a second one mostly adds wake-ups (measured from
/// Python on 2 cores: a small blocking call costs 122 µs of CPU with one
/// worker and 161 µs with two, with the same throughput for 32 concurrent
/// calls). More help where the caller's own work runs on the runtime.
const DEFAULT_WORKERS: usize = 1;
const MAX_WORKERS: usize = 64;

fn worker_threads() -> usize {
    std::env::var("CLERK_RUNTIME_WORKER_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(DEFAULT_WORKERS, |n| n.clamp(1, MAX_WORKERS))
}

/// The runtime of this process, if one was built.
fn peek() -> Option<&'static Shared> {
    // SAFETY: non-null values of CURRENT come from Box::into_raw and are never freed.
    let shared = unsafe { CURRENT.load(Ordering::Acquire).as_ref() }?;
    (shared.pid == std::process::id()).then_some(shared)
}

fn current() -> Result<&'static Shared> {
    loop {
        if let Some(shared) = peek() {
            return Ok(shared);
        }
        let stale = CURRENT.load(Ordering::Acquire);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(worker_threads())
            .thread_name("clerk-backend-rt")
            .on_thread_start(|| ON_SHARED_WORKER.with(|on| on.set(true)))
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start the SDK's tokio runtime: {e}")))?;
        let fresh = Box::into_raw(Box::new(Shared {
            pid: std::process::id(),
            generation: GENERATIONS.fetch_add(1, Ordering::SeqCst) + 1,
            runtime,
        }));
        match CURRENT.compare_exchange(stale, fresh, Ordering::AcqRel, Ordering::Acquire) {
            // The stale runtime (from before a fork) is leaked: its threads do not exist here.
            // SAFETY: `fresh` was just leaked and is now owned by CURRENT, which never frees it.
            Ok(_) => return Ok(unsafe { &*fresh }),
            Err(_) => {
                // Another thread installed one first; ours never ran a task.
                // SAFETY: `fresh` was not published, so this is its only owner.
                let Shared { runtime, .. } = *unsafe { Box::from_raw(fresh) };
                runtime.shutdown_background();
            }
        }
    }
}

/// The shared runtime's handle, building it on first use and again after a fork.
pub fn try_handle() -> Result<Handle> {
    Ok(current()?.runtime.handle().clone())
}

/// The shared runtime's handle.
///
/// # Panics
/// Only when the OS refuses to start the runtime's threads; use [`try_handle`]
/// to get that as an error.
#[allow(clippy::expect_used)]
pub fn handle() -> Handle {
    try_handle().expect("clerk-backend: cannot start the tokio runtime")
}

/// Which runtime the current process uses: changes after a fork. Pools and
/// clients built for one generation must not be used in another.
pub fn generation() -> Result<u64> {
    Ok(current()?.generation)
}

/// The current generation if this process has built its runtime, without building one.
pub(crate) fn built_generation() -> Option<u64> {
    peek().map(|s| s.generation)
}

/// Spawns `fut` on the shared runtime.
pub fn spawn<F>(fut: F) -> Result<JoinHandle<F::Output>>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    Ok(try_handle()?.spawn(fut))
}

/// Runs `fut` to completion, blocking the calling thread.
///
/// * From a plain thread: blocks on the shared runtime.
/// * Inside a multi-thread tokio runtime: hands the worker's other tasks off
///   (`block_in_place`) and blocks, so nothing deadlocks.
/// * Inside a current-thread tokio runtime: blocking would stall the very
///   thread that must drive I/O, so this returns [`Error::Config`]; use the
///   async API there.
pub fn block_on<F: Future>(fut: F) -> Result<F::Output> {
    match Handle::try_current() {
        Err(_) => Ok(try_handle()?.block_on(fut)),
        Ok(current) => match current.runtime_flavor() {
            RuntimeFlavor::CurrentThread => Err(Error::Config(
                "a blocking call was made inside a current-thread tokio runtime, where it would \
                 deadlock; use the async API (or a multi-thread runtime)"
                    .into(),
            )),
            _ => {
                let shared = try_handle()?;
                Ok(tokio::task::block_in_place(move || shared.block_on(fut)))
            }
        },
    }
}

thread_local! {
    /// Set on the shared runtime's worker threads (a thread of a runtime
    /// from before a fork does not exist in the child, so it cannot lie).
    static ON_SHARED_WORKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the caller already runs on the shared runtime (a binding's task
/// spawned there, a callback of the SDK).
pub fn on_shared_runtime() -> bool {
    ON_SHARED_WORKER.with(|on| on.get()) && Handle::try_current().is_ok()
}

/// Runs `fut` on the shared runtime and awaits it from any executor. The
/// task is aborted when the returned future is dropped, so a cancelled call
/// stops sending. Already on the shared runtime, `fut` runs inline: a
/// binding's task that calls the SDK is the one hop, not a task that spawns
/// another (dropping it drops `fut` all the same).
pub(crate) async fn run_shared<F>(fut: F) -> Result<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    if on_shared_runtime() {
        return Ok(fut.await);
    }
    struct AbortOnDrop<T>(JoinHandle<T>);
    impl<T> Drop for AbortOnDrop<T> {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
    let mut task = AbortOnDrop(spawn(fut)?);
    match (&mut task.0).await {
        Ok(out) => Ok(out),
        Err(e) if e.is_cancelled() => Err(Error::Config("the SDK runtime shut down during the call".into())),
        Err(e) => Err(Error::Config(format!("the SDK's request task failed: {e}"))),
    }
}
