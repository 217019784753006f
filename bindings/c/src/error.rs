//! `clerk_error`: what went wrong, as C strings owned by the error.

use std::ffi::{c_char, CString};
use std::ptr;

use clerk_backend::auth::{AuthConfigError, OptionError, TokenVerificationError};
use clerk_backend::webhooks::WebhookError;
use clerk_backend::Error;

/// An error; read it with the `clerk_error_*` accessors, free it with
/// `clerk_error_free`. No message ever holds a secret key or token.
pub struct ClerkError {
    code: CString,
    message: CString,
    reason: Option<CString>,
    status: u16,
    trace_id: Option<CString>,
    body: Option<CString>,
}

/// A C string of `s`, with any NUL byte (impossible in JSON text, possible in a hostile body) dropped.
pub(crate) fn c_string(s: &str) -> CString {
    CString::new(s).unwrap_or_else(|_| CString::new(s.replace('\0', "")).unwrap_or_default())
}

impl ClerkError {
    pub(crate) fn new(code: &str, message: &str) -> Self {
        ClerkError {
            code: c_string(code),
            message: c_string(message),
            reason: None,
            status: 0,
            trace_id: None,
            body: None,
        }
    }

    fn with_reason(mut self, reason: &str) -> Self {
        self.reason = Some(c_string(reason));
        self
    }

    pub(crate) fn invalid_argument(parameter: &str, message: &str) -> Self {
        ClerkError::new("invalid_argument", &format!("{parameter}: {message}"))
    }
}

impl From<Error> for ClerkError {
    fn from(e: Error) -> Self {
        ClerkError {
            code: c_string(e.code()),
            message: c_string(&e.to_string()),
            reason: None,
            status: e.status().unwrap_or(0),
            trace_id: e.clerk_trace_id().map(c_string),
            body: e.raw_body().map(c_string),
        }
    }
}

impl From<OptionError> for ClerkError {
    fn from(e: OptionError) -> Self {
        ClerkError::invalid_argument(&format!("options.{}", e.option()), e.message())
    }
}

impl From<TokenVerificationError> for ClerkError {
    fn from(e: TokenVerificationError) -> Self {
        ClerkError::new("token_verification", &e.full_message()).with_reason(e.reason.as_str())
    }
}

impl From<AuthConfigError> for ClerkError {
    fn from(e: AuthConfigError) -> Self {
        ClerkError::new("auth_config", &e.message).with_reason(e.kind.as_str())
    }
}

impl From<WebhookError> for ClerkError {
    fn from(e: WebhookError) -> Self {
        let code = if e.is_config_error() { "webhook_config" } else { "webhook_verification" };
        ClerkError::new(code, &e.message).with_reason(e.reason.as_str())
    }
}

fn opt(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |s| s.as_ptr())
}

/// A stable error code: `api_error`, `timeout`, `connection_error`,
/// `tls_error`, `transport_error`, `decode_error`, `invalid_argument`, `config_error`, `token_verification`, `auth_config`,
/// `webhook_verification`, `webhook_config`, `internal`. Valid until the
/// error is freed.
///
/// # Safety
/// `err` is NULL or an error from this library, not yet freed.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_code(err: *const ClerkError) -> *const c_char {
    err.as_ref().map_or(ptr::null(), |e| e.code.as_ptr())
}

/// A human-readable message.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_message(err: *const ClerkError) -> *const c_char {
    err.as_ref().map_or(ptr::null(), |e| e.message.as_ptr())
}

/// The auth or webhook spec's reason code (`token-expired`, …), or NULL.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_reason(err: *const ClerkError) -> *const c_char {
    err.as_ref().map_or(ptr::null(), |e| opt(&e.reason))
}

/// The HTTP status of an API or decode error, else 0.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_status(err: *const ClerkError) -> u16 {
    err.as_ref().map_or(0, |e| e.status)
}

/// Clerk's trace id of an API error, or NULL.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_trace_id(err: *const ClerkError) -> *const c_char {
    err.as_ref().map_or(ptr::null(), |e| opt(&e.trace_id))
}

/// The response body of an API or decode error (`{"errors": [...]}`), or NULL.
///
/// # Safety
/// As for `clerk_error_code`.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_body(err: *const ClerkError) -> *const c_char {
    err.as_ref().map_or(ptr::null(), |e| opt(&e.body))
}

/// Frees an error; NULL is ignored.
///
/// # Safety
/// `err` is NULL or an error from this library, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_error_free(err: *mut ClerkError) {
    if !err.is_null() {
        drop(Box::from_raw(err));
    }
}
