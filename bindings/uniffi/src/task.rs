//! Futures on the core's shared runtime, never on a runtime of UniFFI's:
//! every async export spawns its work there and awaits the `JoinHandle`
//! (a future any executor can poll). A blocking export spawns the same way
//! and parks its thread on a channel. Cancelling — a `CancelHandle`, or the
//! foreign future being dropped (Kotlin frees it when its coroutine is
//! cancelled) — aborts the task, which drops the request and closes its
//! connection.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use clerk_backend::runtime;
use tokio::task::{AbortHandle, JoinError, JoinHandle};

use crate::error::ClerkError;

#[derive(Default)]
struct CancelState {
    cancelled: bool,
    tasks: Vec<AbortHandle>,
}

/// Cancels the call or page fetch it was passed to. Kotlin calls `cancel()`
/// from `invokeOnCancellation`; Swift from a task cancellation handler. A
/// cancel before the call started makes the call fail as `Cancelled` at once.
#[derive(Default, uniffi::Object)]
pub struct CancelHandle {
    state: Mutex<CancelState>,
}

#[uniffi::export]
impl CancelHandle {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CancelHandle::default())
    }

    /// Aborts the task (idempotent).
    pub fn cancel(&self) {
        let tasks = {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.cancelled = true;
            std::mem::take(&mut state.tasks)
        };
        for task in tasks {
            task.abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).cancelled
    }
}

impl CancelHandle {
    fn register(&self, task: AbortHandle) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.cancelled {
            task.abort();
        } else {
            state.tasks.retain(|t| !t.is_finished());
            state.tasks.push(task);
        }
    }
}

/// Aborts the task when the awaiting future is dropped.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn joined<T>(r: Result<Result<T, ClerkError>, JoinError>) -> Result<T, ClerkError> {
    match r {
        Ok(out) => out,
        Err(e) if e.is_cancelled() => Err(ClerkError::cancelled()),
        Err(_) => Err(ClerkError::internal()),
    }
}

/// Runs `fut` as one task on the shared runtime and awaits it.
pub(crate) async fn run<F, T>(fut: F, cancel: Option<Arc<CancelHandle>>) -> Result<T, ClerkError>
where
    F: Future<Output = Result<T, ClerkError>> + Send + 'static,
    T: Send + 'static,
{
    let mut task = AbortOnDrop(runtime::spawn(fut)?);
    if let Some(cancel) = cancel {
        cancel.register(task.0.abort_handle());
    }
    joined((&mut task.0).await)
}

/// Runs `fut` as one task on the shared runtime, parking the calling (JVM
/// or Swift) thread until it is done; no executor runs on the caller's thread.
pub(crate) fn block<F, T>(fut: F) -> Result<T, ClerkError>
where
    F: Future<Output = Result<T, ClerkError>> + Send + 'static,
    T: Send + 'static,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        // A caller inside some tokio runtime (a Rust host): the core's
        // block_on knows how to wait there without deadlocking.
        return runtime::block_on(run(fut, None))?;
    }
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let task = runtime::spawn(async move {
        let _ = tx.send(fut.await);
    })?;
    match rx.recv() {
        Ok(out) => out,
        // The task ended without sending: it panicked.
        Err(_) => {
            task.abort();
            Err(ClerkError::internal())
        }
    }
}
