//! `ClerkError`: the boundary's `ErrorRecord` as a UniFFI error, one variant
//! per error code with the fields that code has. Kotlin gets a sealed
//! `ClerkException` (wrapped by the hand-written layer), Swift an `Error`
//! enum. `msg` is always the record's message: redacted by the core, never
//! a secret (not `message`, which UniFFI's Kotlin exception defines itself).

use std::fmt;

use clerk_backend::boundary::{ErrorCode, ErrorRecord};

use crate::records::{headers, ApiErrorDetail, Header};

#[derive(Debug, Clone, uniffi::Error)]
pub enum ClerkError {
    /// The API answered with a non-success status.
    Api {
        msg: String,
        status: u16,
        clerk_trace_id: Option<String>,
        errors: Vec<ApiErrorDetail>,
        /// `Retry-After`, in milliseconds.
        retry_after_ms: Option<u64>,
        /// The response's headers.
        headers: Vec<Header>,
        body: Option<String>,
    },
    /// An attempt's timeout or the retry budget ran out.
    Timeout { msg: String },
    /// No connection could be made: the request was never sent.
    Connection { msg: String },
    /// Any other failure on the wire; `code` is `tls_error` or `transport_error`.
    Transport { msg: String, code: String },
    /// A success response that does not decode.
    Decode { msg: String, status: Option<u16>, body: Option<String> },
    /// A parameter or option refused before anything was sent.
    InvalidArgument {
        msg: String,
        /// The refused parameter or option (`user_id`, `options.timeout_ms`).
        parameter: Option<String>,
        /// The value had the wrong type rather than a bad value.
        wrong_type: bool,
    },
    /// The client is misconfigured (no secret key, bad URL).
    Config { msg: String },
    /// A session token was refused; `reason` is the spec's (`token-expired`).
    TokenVerification { msg: String, reason: String },
    /// A machine token was refused; `reason` is the machine-token code.
    MachineTokenVerification { msg: String, reason: String, status: Option<u16> },
    /// Request authentication was given unusable options.
    AuthConfig { msg: String, reason: String },
    /// A webhook's signature, timestamp or payload was refused.
    WebhookVerification { msg: String, reason: String },
    /// The webhook signing secret is missing or malformed.
    WebhookConfig { msg: String, reason: String },
    /// The caller cancelled the call.
    Cancelled { msg: String },
    /// A bug: a panic caught at the boundary.
    Internal { msg: String },
}

impl ClerkError {
    pub fn message(&self) -> &str {
        match self {
            ClerkError::Api { msg, .. }
            | ClerkError::Timeout { msg }
            | ClerkError::Connection { msg }
            | ClerkError::Transport { msg, .. }
            | ClerkError::Decode { msg, .. }
            | ClerkError::InvalidArgument { msg, .. }
            | ClerkError::Config { msg }
            | ClerkError::TokenVerification { msg, .. }
            | ClerkError::MachineTokenVerification { msg, .. }
            | ClerkError::AuthConfig { msg, .. }
            | ClerkError::WebhookVerification { msg, .. }
            | ClerkError::WebhookConfig { msg, .. }
            | ClerkError::Cancelled { msg }
            | ClerkError::Internal { msg } => msg,
        }
    }

    pub(crate) fn cancelled() -> Self {
        ErrorRecord::cancelled().into()
    }

    pub(crate) fn internal() -> Self {
        ErrorRecord::internal().into()
    }
}

impl fmt::Display for ClerkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ClerkError {}

impl From<ErrorRecord> for ClerkError {
    fn from(r: ErrorRecord) -> Self {
        let msg = r.message;
        let reason = r.reason.unwrap_or_default();
        match r.code {
            ErrorCode::Api => ClerkError::Api {
                msg,
                status: r.status.unwrap_or(0),
                clerk_trace_id: r.clerk_trace_id,
                errors: r.errors.into_iter().map(ApiErrorDetail::from).collect(),
                retry_after_ms: r.retry_after_ms,
                headers: headers(r.headers),
                body: r.body,
            },
            ErrorCode::Timeout => ClerkError::Timeout { msg },
            ErrorCode::Connection => ClerkError::Connection { msg },
            ErrorCode::Tls | ErrorCode::Transport => ClerkError::Transport { msg, code: r.code.as_str().to_owned() },
            ErrorCode::Decode => ClerkError::Decode { msg, status: r.status, body: r.body },
            ErrorCode::InvalidArgument => {
                ClerkError::InvalidArgument { msg, parameter: r.parameter, wrong_type: r.wrong_type }
            }
            ErrorCode::Config => ClerkError::Config { msg },
            ErrorCode::TokenVerification => ClerkError::TokenVerification { msg, reason },
            ErrorCode::MachineTokenVerification => {
                ClerkError::MachineTokenVerification { msg, reason, status: r.status }
            }
            ErrorCode::AuthConfig => ClerkError::AuthConfig { msg, reason },
            ErrorCode::WebhookVerification => ClerkError::WebhookVerification { msg, reason },
            ErrorCode::WebhookConfig => ClerkError::WebhookConfig { msg, reason },
            ErrorCode::Cancelled => ClerkError::Cancelled { msg },
            ErrorCode::Internal => ClerkError::Internal { msg },
        }
    }
}

/// Every core error type converts through its record.
macro_rules! from_core_error {
    ($($t:ty),+) => {$(
        impl From<$t> for ClerkError {
            fn from(e: $t) -> Self {
                ErrorRecord::from(e).into()
            }
        }
    )+};
}

from_core_error!(
    clerk_backend::Error,
    clerk_backend::boundary::OptionError,
    clerk_backend::auth::TokenVerificationError,
    clerk_backend::auth::MachineTokenVerificationError,
    clerk_backend::auth::AuthConfigError,
    clerk_backend::webhooks::WebhookError
);

/// JSON text handed over by the foreign layer (options, parameters).
pub(crate) fn parse_json(text: &str, what: &str) -> Result<serde_json::Value, ClerkError> {
    serde_json::from_str(text).map_err(|e| ClerkError::InvalidArgument {
        msg: format!("{what}: not valid JSON ({e})"),
        parameter: Some(what.to_owned()),
        wrong_type: false,
    })
}

/// Optional JSON text: `None` and blank are an empty object.
pub(crate) fn parse_options(text: Option<&str>, what: &str) -> Result<serde_json::Value, ClerkError> {
    match text.map(str::trim) {
        None | Some("") => Ok(serde_json::Value::Object(Default::default())),
        Some(t) => parse_json(t, what),
    }
}
