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

/// Runs `fut` to completion from synchronous code.
pub(crate) fn block_on<F>(fut: F) -> Result<F::Output, crate::Error>
where
    F: Future + Send,
    F::Output: Send,
{
    let mut fut = Box::pin(fut);
    let first = {
        PROBING.with(|p| p.set(true));
        let _reset = ProbeGuard;
        let mut cx = Context::from_waker(futures_util::task::noop_waker_ref());
        fut.as_mut().poll(&mut cx)
    };
    match first {
        Poll::Ready(out) => Ok(out),
        Poll::Pending => crate::runtime::block_on(fut),
    }
}
