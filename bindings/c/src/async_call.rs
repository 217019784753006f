//! `clerk_client_call_async`: a call that completes through a callback, for
//! event-loop programs, cancellable with `clerk_call_handle_cancel`.
//!
//! The guarantee: once `clerk_call_handle_cancel` returns, the callback has
//! either returned already or will never be called. To keep it, delivery and
//! cancellation go through one small state machine; a cancel that meets a
//! callback running on another thread waits for it to return.

use std::ffi::{c_char, c_void};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};

use clerk_backend::runtime;
use tokio::task::AbortHandle;

use crate::call::Prepared;
use crate::client::ClerkClient;
use crate::error::ClerkError;
use crate::panic::{boundary, quiet, ClerkResult, Outcome};
use crate::strings::{out_ptr, owned, write};
use crate::upload::ClerkUpload;

/// Called once when an asynchronous call completes, on a library thread:
/// `userdata` as given, the result, and on success the body as JSON text
/// (`json`, else NULL), on failure the error (`err`, else NULL). The callback
/// owns both and frees them with `clerk_string_free` / `clerk_error_free`. It
/// should return quickly; it may call any function of this library.
pub type ClerkCallCallback =
    Option<unsafe extern "C" fn(userdata: *mut c_void, result: ClerkResult, json: *mut c_char, err: *mut ClerkError)>;

enum Phase {
    Pending,
    Delivering(ThreadId),
    Finished,
    Cancelled,
}

struct Delivery {
    phase: Mutex<Phase>,
    finished: Condvar,
}

impl Delivery {
    fn lock(&self) -> MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An asynchronous call in flight (or done); free it with `clerk_call_handle_free`.
pub struct ClerkCallHandle {
    delivery: Arc<Delivery>,
    task: AbortHandle,
}

/// The caller's `void *`, handed back on another thread as the caller asked.
struct UserData(*mut c_void);
// SAFETY: the library never dereferences it; passing it to the callback on a
// library thread is the documented contract.
unsafe impl Send for UserData {}

fn deliver(
    delivery: &Delivery,
    callback: unsafe extern "C" fn(*mut c_void, ClerkResult, *mut c_char, *mut ClerkError),
    userdata: UserData,
    outcome: Outcome<String>,
) {
    {
        let mut phase = delivery.lock();
        if !matches!(*phase, Phase::Pending) {
            return;
        }
        *phase = Phase::Delivering(thread::current().id());
    }
    let (result, json, err) = match outcome {
        Ok(body) => (ClerkResult::Ok, owned(&body), std::ptr::null_mut()),
        Err(e) => (e.result(), std::ptr::null_mut(), Box::into_raw(Box::new(e))),
    };
    // SAFETY: the caller gave a valid callback; it owns `json` and `err` from here.
    unsafe { callback(userdata.0, result, json, err) };
    *delivery.lock() = Phase::Finished;
    delivery.finished.notify_all();
}

/// Starts `clerk_client_call_with_files` on the shared runtime and returns at
/// once; `callback(userdata, …)` is called once when it completes, unless it is
/// cancelled first. Arguments are read and copied before this returns (the
/// strings and uploads may be freed at once); a bad argument fails here, with
/// no callback. On success `*out_handle` is the call's handle.
///
/// # Safety
/// As for `clerk_client_call_with_files`; `callback` is not NULL; `out_handle` is writable.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn clerk_client_call_async(
    client: *const ClerkClient,
    operation: *const c_char,
    params_json: *const c_char,
    options_json: *const c_char,
    files: *const *const ClerkUpload,
    n_files: usize,
    callback: ClerkCallCallback,
    userdata: *mut c_void,
    out_handle: *mut *mut ClerkCallHandle,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out_handle, "out_handle")?;
        let callback = callback.ok_or_else(|| ClerkError::null_argument("callback"))?;
        let call = Prepared::new(client, operation, params_json, options_json, files, n_files)?;
        let delivery = Arc::new(Delivery { phase: Mutex::new(Phase::Pending), finished: Condvar::new() });
        let d = delivery.clone();
        let userdata = UserData(userdata);
        let task = runtime::spawn(async move {
            let outcome = call.run().await;
            deliver(&d, callback, userdata, outcome);
        })?;
        write(out_handle, Box::into_raw(Box::new(ClerkCallHandle { delivery, task: task.abort_handle() })));
        Ok(())
    })
}

/// Cancels the call: its request is dropped (the connection closed) and the
/// callback is not called. When this returns, the callback has either
/// returned already or will never be called; if it is running on another
/// thread, this waits for it to return. Called from within the callback
/// itself, it returns at once. Cancelling a finished call does nothing.
///
/// # Safety
/// `handle` is a live handle.
#[no_mangle]
pub unsafe extern "C" fn clerk_call_handle_cancel(
    handle: *const ClerkCallHandle,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        let handle = handle.as_ref().ok_or_else(|| ClerkError::null_argument("handle"))?;
        let mut phase = handle.delivery.lock();
        loop {
            match *phase {
                Phase::Pending => {
                    *phase = Phase::Cancelled;
                    drop(phase);
                    handle.task.abort();
                    return Ok(());
                }
                Phase::Delivering(t) if t != thread::current().id() => {
                    phase = handle.delivery.finished.wait(phase).unwrap_or_else(PoisonError::into_inner);
                }
                Phase::Delivering(_) | Phase::Finished | Phase::Cancelled => return Ok(()),
            }
        }
    })
}

/// Frees a handle; NULL is ignored. This does not cancel the call: its
/// callback still comes.
///
/// # Safety
/// `handle` is NULL or from `clerk_client_call_async`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_call_handle_free(handle: *mut ClerkCallHandle) {
    quiet((), || {
        if !handle.is_null() {
            drop(Box::from_raw(handle));
        }
    })
}
