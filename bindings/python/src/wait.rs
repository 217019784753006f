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
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use clerk_backend::runtime;
use pyo3::prelude::*;

use crate::errors::to_py_err;

/// How often a waiting call looks for signals: quick enough that Ctrl-C feels
/// immediate, rare enough to cost nothing (a call that answers sooner never wakes).
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// Runs `fut` on the shared runtime with the GIL released, returning its
/// output, or the exception a signal handler raised meanwhile.
///
/// The future is spawned as a task of the runtime and this thread parks on a
/// channel, waking every [`SIGNAL_CHECK`]: the request then runs inline in
/// that one task (`runtime::run_shared` sees it is on the runtime), with one
/// hand-off each way. Driving it here with `block_on` instead cost a second
/// hop (the send spawned from this thread), a timer in the runtime's wheel per
/// call and wake-ups across both threads for every read. On a runtime thread
/// (Python code called back from the runtime) parking would starve the very
/// task it waits for, so there the future is driven by `runtime::block_on`.
pub fn block_on_interruptible<F, T>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = clerk_backend::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    if runtime::on_shared_runtime() {
        return match py.detach(|| runtime::block_on(fut)) {
            Ok(out) => out.map_err(to_py_err),
            Err(e) => Err(to_py_err(e)),
        };
    }
    let handle = runtime::try_handle().map_err(to_py_err)?;
    let (done, mut outcome) = mpsc::sync_channel(1);
    let task = handle.spawn(async move {
        // The receiver is gone only when the waiter gave up (a signal); nothing to report then.
        let _ = done.send(fut.await);
    });
    loop {
        // The receiver is `Send` but not `Sync`: it goes to the detached closure and back.
        let (receiver, received) = py.detach(move || {
            let received = outcome.recv_timeout(SIGNAL_CHECK);
            (outcome, received)
        });
        outcome = receiver;
        match received {
            Ok(out) => return out.map_err(to_py_err),
            Err(RecvTimeoutError::Timeout) => {
                // Signal handlers run on the main thread only; elsewhere this returns at once.
                if let Err(interrupted) = py.check_signals() {
                    // Dropping the request closes its connection.
                    task.abort();
                    return Err(interrupted);
                }
            }
            // The task ended without sending: it panicked, or the runtime shut down.
            Err(RecvTimeoutError::Disconnected) => {
                return Err(to_py_err(clerk_backend::Error::Config("the SDK runtime shut down during the call".into())))
            }
        }
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
