//! The two crossings between Python threads and the core's runtime threads:
//! a sync call waiting for the runtime, and the runtime handing an `_async`
//! call's result back to Python.
//!
//! Waiting: a sync call must not be deaf to Ctrl-C.
//! A signal only reaches Python code when the interpreter checks for it, and
//! a thread blocked in Rust without the GIL never does: a sync call used to
//! ignore Ctrl-C until its timeout. While waiting, the call wakes every
//! [`SIGNAL_CHECK`] to run pending signal handlers; when one raises
//! (`KeyboardInterrupt`), the request's future is dropped — its connection is
//! closed, so the server sees the request abandoned — and the exception
//! propagates.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

/// Runtime threads inside [`deliver`] right now.
static DELIVERING: AtomicUsize = AtomicUsize::new(0);
/// Set at interpreter exit: from then on results are dropped, not delivered.
static EXITING: AtomicBool = AtomicBool::new(false);

/// How long interpreter exit waits for deliveries under way.
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// Hands an `_async` call's outcome to its Python callback, from a runtime
/// thread; a failing callback is reported as unraisable instead of
/// unwinding into the runtime thread.
///
/// The callback (`loop.call_soon_threadsafe`) releases the GIL part way
/// through, and the event loop may then see the result, return from
/// `asyncio.run` and let the interpreter finalize. A thread that asks for the
/// GIL back during finalization is ended on the spot by CPython, unwinding
/// through frames that still hold Python objects: the process crashed at exit
/// (SIGSEGV or SIGABRT) in about one run in three. So deliveries are counted,
/// and interpreter exit ([`before_exit`], an `atexit` handler) waits for those
/// under way, and stops new ones, before finalization starts.
pub(crate) fn deliver<F>(callback: &Py<PyAny>, outcome: F)
where
    F: for<'py> FnOnce(Python<'py>) -> PyResult<Bound<'py, PyAny>>,
{
    DELIVERING.fetch_add(1, Ordering::SeqCst);
    if !EXITING.load(Ordering::SeqCst) {
        Python::attach(|py| {
            let args = match outcome(py) {
                Ok(v) => (true, v.unbind()),
                Err(e) => (false, e.into_value(py).into_any()),
            };
            if let Err(e) = callback.call1(py, args) {
                e.write_unraisable(py, None);
            }
        });
    }
    DELIVERING.fetch_sub(1, Ordering::SeqCst);
}

/// Registered with `atexit`: waits (GIL released, so a delivery can finish)
/// until no runtime thread is inside [`deliver`], at most [`EXIT_WAIT`].
#[pyfunction]
pub fn before_exit(py: Python<'_>) {
    EXITING.store(true, Ordering::SeqCst);
    let deadline = Instant::now() + EXIT_WAIT;
    while DELIVERING.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        py.detach(|| std::thread::sleep(Duration::from_millis(1)));
    }
}
