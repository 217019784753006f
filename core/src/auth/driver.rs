//! Runs the async verification code from blocking callers.
//!
//! Most verifications need no I/O (a PEM key, or JWKS keys already cached),
//! so the blocking form first polls the future once on the calling thread
//! with I/O disabled: every Backend API call awaits [`io_gate`] first, which
//! stays pending in that probe. Only when the probe stops at the gate does
//! the future move to the shared runtime. A networkless verification thus
//! never builds or touches a runtime.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

thread_local! {
    static PROBING: Cell<bool> = const { Cell::new(false) };
}

/// Awaited before any network I/O; pending while a blocking probe runs.
pub(crate) fn io_gate() -> IoGate {
    IoGate
}

pub(crate) struct IoGate;

impl Future for IoGate {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        // In a probe nobody will wake us; the driver re-polls on the runtime.
        if PROBING.with(Cell::get) {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}

struct ProbeGuard;

impl Drop for ProbeGuard {
    fn drop(&mut self) {
        PROBING.with(|p| p.set(false));
    }
}

/// The probe: polls a verification future once on the calling thread with
/// network I/O held at [`io_gate`]. `Ready` when it needed no I/O (a PEM
/// key, cached JWKS); `Pending` when it stopped at the gate (or waits for
/// another caller's fetch): then drive the same future on the shared runtime
/// (spawned, or [`block_on`]), where it passes the gate. Bindings whose
/// async entries answer at once when nothing waits (Node, UniFFI) use this
/// rather than a runtime hop.
pub fn poll_now<F: Future + ?Sized>(fut: Pin<&mut F>) -> Poll<F::Output> {
    PROBING.with(|p| p.set(true));
    let _reset = ProbeGuard;
    fut.poll(&mut Context::from_waker(futures_util::task::noop_waker_ref()))
}

/// Runs `fut` to completion from synchronous code.
pub(crate) fn block_on<F>(fut: F) -> Result<F::Output, crate::Error>
where
    F: Future + Send,
    F::Output: Send,
{
    let mut fut = Box::pin(fut);
    match poll_now(fut.as_mut()) {
        Poll::Ready(out) => Ok(out),
        Poll::Pending => crate::runtime::block_on(fut),
    }
}
