//! `clerk_error`: the core's boundary error record, with its text fields
//! kept as C strings owned by the error.

use std::ffi::{c_char, CString};
use std::ptr;

use clerk_backend::boundary::ErrorRecord;

use crate::panic::{quiet, ClerkResult};

/// An error; read it with the `clerk_error_*` accessors, free it with
/// `clerk_error_free`. No field ever holds a secret key or token.
// Boxed: `Result<_, ClerkError>` is returned everywhere and should stay small.
pub struct ClerkError(Box<Fields>);

pub(crate) struct Fields {
    record: ErrorRecord,
    result: ClerkResult,
    code: CString,
    message: CString,
    reason: Option<CString>,
    trace_id: Option<CString>,
    body: Option<CString>,
    parameter: Option<CString>,
    json: CString,
}

/// A C string of `s`, with any NUL byte (impossible in JSON text, possible in a hostile body) dropped.
pub(crate) fn c_string(s: &str) -> CString {
    CString::new(s).unwrap_or_else(|_| CString::new(s.replace('\0', "")).unwrap_or_default())
}

impl ClerkError {
    pub(crate) fn invalid_argument(parameter: &str, message: &str) -> Self {
        ClerkError::from(clerk_backend::Error::invalid_argument(parameter, message))
    }

    /// A NULL where a pointer is required: `invalid_argument` in the record
    /// (what other bindings would say), `CLERK_RESULT_NULL_ARGUMENT` as the result.
    pub(crate) fn null_argument(parameter: &str) -> Self {
        let mut e = ClerkError::invalid_argument(parameter, "must not be NULL");
        e.0.result = ClerkResult::NullArgument;
        e
    }

    pub(crate) fn result(&self) -> ClerkResult {
        self.0.result
    }
}

/// Every core error type converts through the boundary record.
impl<E: Into<ErrorRecord>> From<E> for ClerkError {
    fn from(e: E) -> Self {
        let record: ErrorRecord = e.into();
        let opt = |s: &Option<String>| s.as_deref().map(c_string);
        ClerkError(Box::new(Fields {
            result: ClerkResult::from(record.code),
            code: c_string(record.code.as_str()),
            message: c_string(&record.message),
            reason: opt(&record.reason),
            trace_id: opt(&record.clerk_trace_id),
            body: opt(&record.body),
            parameter: opt(&record.parameter),
            json: c_string(&record.to_json()),
            record,
        }))
    }
}

fn opt(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |s| s.as_ptr())
}

/// The stable error code as a string: `api_error`, `connection_error`,
/// `timeout`, `tls_error`, `transport_error`, `decode_error`,
/// `invalid_argument`, `config_error`, `token_verification`,
/// `machine_token_verification`, `auth_config`, `webhook_verification`,
/// `webhook_config`, `cancelled`, `internal`. Valid until the error is freed.
///
/// # Safety
/// `err` is NULL or an error from this library, not yet freed.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_code(err: *const ClerkError) -> *const c_char {
    quiet(ptr::null(), || err.as_ref().map_or(ptr::null(), |e| e.0.code.as_ptr()))
}

/// The stable number of the error code (1000 `api_error`, … 9001
/// `internal`; see `ErrorCode` in the core), or 0 for NULL.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_number(err: *const ClerkError) -> u32 {
    quiet(0, || err.as_ref().map_or(0, |e| e.0.record.code.number()))
}

/// A human-readable message.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_message(err: *const ClerkError) -> *const c_char {
    quiet(ptr::null(), || err.as_ref().map_or(ptr::null(), |e| e.0.message.as_ptr()))
}

/// The auth or webhook spec's reason code (`token-expired`, …), or NULL.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_reason(err: *const ClerkError) -> *const c_char {
    quiet(ptr::null(), || err.as_ref().map_or(ptr::null(), |e| opt(&e.0.reason)))
}

/// The HTTP status of an API or decode error, else 0.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_status(err: *const ClerkError) -> u16 {
    quiet(0, || err.as_ref().and_then(|e| e.0.record.status).unwrap_or(0))
}

/// Clerk's trace id of an API error, or NULL.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_trace_id(err: *const ClerkError) -> *const c_char {
    quiet(ptr::null(), || err.as_ref().map_or(ptr::null(), |e| opt(&e.0.trace_id)))
}

/// The response body of an API or decode error (`{"errors": [...]}`), or NULL.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_body(err: *const ClerkError) -> *const c_char {
    quiet(ptr::null(), || err.as_ref().map_or(ptr::null(), |e| opt(&e.0.body)))
}

/// The refused parameter or option of an `invalid_argument` error
/// (`user_id`, `options.jwt_key`), or NULL.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_parameter(err: *const ClerkError) -> *const c_char {
    quiet(ptr::null(), || err.as_ref().map_or(ptr::null(), |e| opt(&e.0.parameter)))
}

/// The server's `Retry-After` of an API error in milliseconds, or -1.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_retry_after_ms(err: *const ClerkError) -> i64 {
    quiet(-1, || {
        err.as_ref().and_then(|e| e.0.record.retry_after_ms).map_or(-1, |ms| i64::try_from(ms).unwrap_or(i64::MAX))
    })
}

/// Every field as one JSON object: `code`, `message`, and where they apply
/// `reason`, `status`, `clerk_trace_id`, `errors` (Clerk's list), `body`,
/// `headers` (`[{"name", "value"}]`, the response's), `parameter`,
/// `wrong_type`, `retry_after_ms`. Valid until the error is freed.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_json(err: *const ClerkError) -> *const c_char {
    quiet(ptr::null(), || err.as_ref().map_or(ptr::null(), |e| e.0.json.as_ptr()))
}

/// Frees an error; NULL is ignored.
///
/// # Safety
/// `err` is NULL or an error from this library, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_free(err: *mut ClerkError) {
    quiet((), || {
        if !err.is_null() {
            drop(Box::from_raw(err));
        }
    })
}
