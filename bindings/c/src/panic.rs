//! The panic boundary and `clerk_result`, the status every fallible function
//! returns (rustls-ffi's convention: a status enum, outputs through
//! out-parameters, no panic unwinding into C).

use std::panic::{catch_unwind, AssertUnwindSafe};

use clerk_backend::boundary::{ErrorCode, ErrorRecord};

use crate::error::ClerkError;

/// What a fallible function returns. `CLERK_RESULT_OK` is 0; the others carry
/// the numbers of the core's error codes (`clerk_error_number`), grouped 1xxx
/// API and wire, 2xxx input and configuration, 3xxx token verification, 4xxx
/// webhooks, 9xxx the boundary; 91xx are the C ABI's own. Numbers are never
/// reused. When a function returns anything but OK, its out-parameters are
/// untouched and `*err` (when `err` is not NULL) holds the details.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClerkResult {
    Ok = 0,
    ApiError = 1000,
    ConnectionError = 1001,
    Timeout = 1002,
    TlsError = 1003,
    TransportError = 1004,
    DecodeError = 1005,
    InvalidArgument = 2000,
    ConfigError = 2001,
    TokenVerification = 3000,
    MachineTokenVerification = 3001,
    AuthConfig = 3002,
    WebhookVerification = 4000,
    WebhookConfig = 4001,
    Cancelled = 9000,
    /// A panic inside the library was caught at the boundary (a bug).
    Panic = 9001,
    /// A required pointer argument was NULL (the error's `parameter` names it).
    NullArgument = 9100,
}

impl From<ErrorCode> for ClerkResult {
    // Exhaustive on purpose: a code added to the core fails to compile here
    // until the C enum has it (the numbers are checked by a test).
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::Api => ClerkResult::ApiError,
            ErrorCode::Connection => ClerkResult::ConnectionError,
            ErrorCode::Timeout => ClerkResult::Timeout,
            ErrorCode::Tls => ClerkResult::TlsError,
            ErrorCode::Transport => ClerkResult::TransportError,
            ErrorCode::Decode => ClerkResult::DecodeError,
            ErrorCode::InvalidArgument => ClerkResult::InvalidArgument,
            ErrorCode::Config => ClerkResult::ConfigError,
            ErrorCode::TokenVerification => ClerkResult::TokenVerification,
            ErrorCode::MachineTokenVerification => ClerkResult::MachineTokenVerification,
            ErrorCode::AuthConfig => ClerkResult::AuthConfig,
            ErrorCode::WebhookVerification => ClerkResult::WebhookVerification,
            ErrorCode::WebhookConfig => ClerkResult::WebhookConfig,
            ErrorCode::Cancelled => ClerkResult::Cancelled,
            ErrorCode::Internal => ClerkResult::Panic,
        }
    }
}

pub(crate) type Outcome<T> = Result<T, ClerkError>;

/// Runs an exported function's body: a failure becomes its result and `*err`,
/// a panic `CLERK_RESULT_PANIC`. The body writes its out-parameters last, so
/// they are written only on success.
pub(crate) fn boundary(err: *mut *mut ClerkError, f: impl FnOnce() -> Outcome<()>) -> ClerkResult {
    let outcome = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(ClerkError::from(ErrorRecord::internal())));
    match outcome {
        Ok(()) => ClerkResult::Ok,
        Err(e) => {
            let result = e.result();
            if !err.is_null() {
                // SAFETY: the caller passes NULL or a writable `clerk_error **`.
                unsafe { *err = Box::into_raw(Box::new(e)) };
            }
            result
        }
    }
}

/// For functions without a result (`_free`, accessors): a panic is swallowed
/// and `fallback` returned, since nothing may unwind into C.
pub(crate) fn quiet<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_numbers_are_the_core_error_numbers() {
        for &code in ErrorCode::ALL {
            assert_eq!(ClerkResult::from(code) as u32, code.number(), "{code}");
        }
        assert_eq!(ClerkResult::Ok as u32, 0);
        // The C ABI's own numbers stay out of the core's ranges.
        assert!(ErrorCode::ALL.iter().all(|c| c.number() != ClerkResult::NullArgument as u32));
    }

    #[test]
    fn a_panic_is_a_result_and_an_error() {
        let mut err: *mut ClerkError = std::ptr::null_mut();
        let r = boundary(&mut err, || panic!("boom"));
        assert_eq!(r, ClerkResult::Panic);
        assert!(!err.is_null());
        // SAFETY: written by `boundary` just above.
        let e = unsafe { Box::from_raw(err) };
        assert_eq!(e.result(), ClerkResult::Panic);
        assert_eq!(quiet(7, || panic!("boom")), 7);
    }
}
