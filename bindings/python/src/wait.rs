//! Blocking on the core's runtime from a sync Python call, without making the
//! call deaf to Ctrl-C.
//!
//! A signal only reaches Python code when the interpreter checks for it, and
//! a thread blocked in Rust without the GIL never does: a sync call used to
//! ignore Ctrl-C until its timeout. While waiting, the call wakes every
//! [`SIGNAL_CHECK`] to run pending signal handlers; when one raises
//! (`KeyboardInterrupt`), the request's future is dropped — its connection is
//! closed, so the server sees the request abandoned — and the exception
//! propagates.

use std::future::Future;
use std::time::Duration;

use clerk_backend::runtime;
use pyo3::prelude::*;

use crate::errors::to_py_err;

/// How often a waiting call looks for signals: quick enough that Ctrl-C feels
/// immediate, rare enough to cost nothing (a call that answers sooner never wakes).
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// Runs `fut` on the shared runtime with the GIL released, returning its
/// output, or the exception a signal handler raised meanwhile.
pub fn block_on_interruptible<F, T>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = clerk_backend::Result<T>> + Send,
    T: Send,
{
    let outcome = py.detach(move || {
        runtime::block_on(async move {
            let mut ticks = tokio::time::interval(SIGNAL_CHECK);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await; // the first tick is immediate
            tokio::pin!(fut);
            loop {
                tokio::select! {
                    biased;
                    out = &mut fut => return Ok(out),
                    _ = ticks.tick() => {
                        // Signal handlers run on the main thread only; elsewhere this returns at once.
                        Python::attach(|py| py.check_signals())?;
                    }
                }
            }
        })
    });
    match outcome {
        Ok(Ok(out)) => out.map_err(to_py_err),
        Ok(Err(interrupted)) => Err(interrupted),
        Err(e) => Err(to_py_err(e)),
    }
}
