//! [`ErrorRecord`]: every fact any binding shows about a failure, flat.
//!
//! Bindings used to take these facts from the core's six error types each in
//! their own way (C and Python disagreed on codes); building the record here
//! means an exception class, a C accessor or a JS error field reads one field.

use std::fmt;

use serde::{Serialize, Serializer};

use super::header::Header;
use crate::auth::{AuthConfigError, MachineTokenVerificationError, OptionError, TokenVerificationError};
use crate::error::{ClerkError, Error, TransportKind};
use crate::webhooks::WebhookError;

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $number:literal => $s:literal,)+) => {
        /// A stable error code. The numbers are grouped by area (1xxx the API and
        /// the wire, 2xxx the caller's input and configuration, 3xxx token
        /// verification, 4xxx webhooks, 9xxx the boundary itself) and never reused:
        /// the C header exposes them as an enum.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant = $number,)+
        }

        impl ErrorCode {
            /// Every code, in numeric order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            /// The stable string (`"api_error"`).
            pub const fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $s,)+ }
            }

            pub fn parse(s: &str) -> Option<ErrorCode> {
                match s { $($s => Some(ErrorCode::$variant),)+ _ => None }
            }

            /// The fixed number.
            pub const fn number(self) -> u32 {
                self as u32
            }
        }
    };
}

error_codes! {
    /// The API answered with a non-success status.
    Api = 1000 => "api_error",
    /// No connection could be made (refused, DNS): the request was never sent.
    Connection = 1001 => "connection_error",
    /// An attempt's timeout or the retry budget ran out.
    Timeout = 1002 => "timeout",
    /// TLS handshake or certificate failure.
    Tls = 1003 => "tls_error",
    /// Any other failure on the wire (reset, broken body).
    Transport = 1004 => "transport_error",
    /// A success response that does not decode.
    Decode = 1005 => "decode_error",
    /// A parameter or option refused before anything was sent.
    InvalidArgument = 2000 => "invalid_argument",
    /// The client is misconfigured (no secret key, bad URL).
    Config = 2001 => "config_error",
    /// A session token was refused (`reason` says why).
    TokenVerification = 3000 => "token_verification",
    /// A machine token (API key, M2M, OAuth) was refused.
    MachineTokenVerification = 3001 => "machine_token_verification",
    /// Request authentication was given unusable options.
    AuthConfig = 3002 => "auth_config",
    /// A webhook's signature, timestamp or payload was refused.
    WebhookVerification = 4000 => "webhook_verification",
    /// The webhook signing secret is missing or malformed.
    WebhookConfig = 4001 => "webhook_config",
    /// The caller cancelled the call.
    Cancelled = 9000 => "cancelled",
    /// A bug: a panic caught at the boundary.
    Internal = 9001 => "internal",
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One failure, with every field a binding may show. Fields that do not apply
/// are `None` / empty. Nothing in it holds a secret: the core redacts errors
/// before they get here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorRecord {
    pub code: ErrorCode,
    /// Human-readable, complete (`Display` of the core error).
    pub message: String,
    /// The auth or webhook spec's reason (`token-expired`), or the machine-token code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// HTTP status of an API or decode error, or of the Backend API behind a machine-token failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clerk_trace_id: Option<String>,
    /// Clerk's `errors` list of an API error.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ClerkError>,
    /// The response body of an API or decode error (lossy UTF-8).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The response's headers of an API error (never the request's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Header>,
    /// The refused parameter or option (`user_id`, `options.jwt_key`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// For `invalid_argument`: the message without the parameter, for a
    /// binding that names the parameter in its own spelling (Python's
    /// keyword `type_` for the wire's `type`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For an invalid argument: the value had the wrong type (a binding may
    /// raise its language's type error) rather than a bad value.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub wrong_type: bool,
    /// `Retry-After` of an API error, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
}

impl ErrorRecord {
    /// A record with only a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorRecord {
            code,
            message: message.into(),
            reason: None,
            status: None,
            clerk_trace_id: None,
            errors: Vec::new(),
            body: None,
            headers: Vec::new(),
            parameter: None,
            detail: None,
            wrong_type: false,
            retry_after_ms: None,
        }
    }

    /// The record of a panic caught at a binding's boundary.
    pub fn internal() -> Self {
        ErrorRecord::new(ErrorCode::Internal, "clerk-backend: internal error (a bug; please report it)")
    }

    /// The record of a call the caller cancelled.
    pub fn cancelled() -> Self {
        ErrorRecord::new(ErrorCode::Cancelled, "the call was cancelled")
    }

    fn with_reason(mut self, reason: &str) -> Self {
        self.reason = Some(reason.to_owned());
        self
    }

    /// The record as JSON text (the C ABI's `clerk_error_json`, Node's error fields).
    pub fn to_json(&self) -> String {
        // Serializing plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl fmt::Display for ErrorRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<&Error> for ErrorRecord {
    fn from(e: &Error) -> Self {
        let code = match e {
            Error::Api(_) => ErrorCode::Api,
            Error::Transport { kind: TransportKind::Connect, .. } => ErrorCode::Connection,
            Error::Transport { kind: TransportKind::Timeout, .. } => ErrorCode::Timeout,
            Error::Transport { kind: TransportKind::Tls, .. } => ErrorCode::Tls,
            Error::Transport { kind: TransportKind::Other, .. } => ErrorCode::Transport,
            Error::Decode { .. } => ErrorCode::Decode,
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::Config(_) => ErrorCode::Config,
        };
        let mut record = ErrorRecord::new(code, e.to_string());
        record.status = e.status();
        record.body = e.raw_body().map(str::to_owned);
        match e {
            Error::Api(api) => {
                record.clerk_trace_id = api.clerk_trace_id.clone();
                record.errors = api.errors.clone();
                record.headers = Header::list(&api.headers);
                record.retry_after_ms = api.retry_after.map(|d| d.as_millis().min(u128::from(u64::MAX)) as u64);
            }
            Error::InvalidArgument { parameter, message } => {
                record.parameter = Some(parameter.clone());
                record.detail = Some(message.clone());
            }
            _ => {}
        }
        record
    }
}

impl From<Error> for ErrorRecord {
    fn from(e: Error) -> Self {
        ErrorRecord::from(&e)
    }
}

impl From<OptionError> for ErrorRecord {
    fn from(e: OptionError) -> Self {
        let wrong_type = matches!(e, OptionError::TypeMismatch { .. });
        let mut record = ErrorRecord::from(Error::from(e));
        record.wrong_type = wrong_type;
        record
    }
}

impl From<TokenVerificationError> for ErrorRecord {
    fn from(e: TokenVerificationError) -> Self {
        ErrorRecord::new(ErrorCode::TokenVerification, e.full_message()).with_reason(e.reason.as_str())
    }
}

impl From<MachineTokenVerificationError> for ErrorRecord {
    fn from(e: MachineTokenVerificationError) -> Self {
        let mut record =
            ErrorRecord::new(ErrorCode::MachineTokenVerification, e.full_message()).with_reason(e.code.as_str());
        record.status = e.status;
        record
    }
}

impl From<AuthConfigError> for ErrorRecord {
    fn from(e: AuthConfigError) -> Self {
        ErrorRecord::new(ErrorCode::AuthConfig, e.message.clone()).with_reason(e.kind.as_str())
    }
}

impl From<WebhookError> for ErrorRecord {
    fn from(e: WebhookError) -> Self {
        let code = if e.is_config_error() { ErrorCode::WebhookConfig } else { ErrorCode::WebhookVerification };
        ErrorRecord::new(code, e.message.clone()).with_reason(e.reason.as_str())
    }
}
