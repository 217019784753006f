//! The one error type of the SDK.
//!
//! Bindings map `Error::code()` to their own exception or error classes, so
//! the codes are stable strings. No variant ever holds a secret: messages are
//! built from status codes, Clerk's error list and our own text, never from
//! request headers.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// One entry of Clerk's `{"errors": [...]}` list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClerkError {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
}

/// A non-success HTTP response from the Backend API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    /// Parsed `errors` list; empty when the body was not Clerk's error shape.
    pub errors: Vec<ClerkError>,
    pub clerk_trace_id: Option<String>,
    /// The response body as received (lossy UTF-8).
    pub raw_body: String,
    /// `Retry-After`, when the server gave one.
    pub retry_after: Option<Duration>,
    /// The response's headers (names lower-case, in the order received).
    /// Only the response's: request headers carry the secret key.
    pub headers: Vec<(String, String)>,
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The connection could not be made (refused, DNS): the request never
    /// reached the server.
    Connect,
    /// A timeout (per attempt or total budget).
    Timeout,
    /// TLS handshake or certificate failure.
    Tls,
    /// Anything else on the wire (reset, broken body stream).
    Other,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API answered with a non-success status.
    #[error("{}", api_message(.0))]
    Api(Box<ApiError>),

    /// The request could not be completed on the wire.
    #[error("{kind:?} error: {message}")]
    Transport { kind: TransportKind, message: String },

    /// A success response did not match the model.
    #[error("could not decode the response (HTTP {status}): {message}")]
    Decode { status: u16, message: String, raw_body: String },

    /// Refused before sending: bad operation name, missing or mistyped parameter.
    #[error("invalid argument `{parameter}`: {message}")]
    InvalidArgument { parameter: String, message: String },

    /// The client is misconfigured (no secret key, bad URL).
    #[error("configuration error: {0}")]
    Config(String),
}

fn api_message(e: &ApiError) -> String {
    let mut s = format!("Clerk API error (HTTP {})", e.status);
    if let Some(first) = e.errors.first() {
        s.push_str(": ");
        s.push_str(&first.message);
        if let Some(long) = &first.long_message {
            s.push_str(" (");
            s.push_str(long);
            s.push(')');
        }
        if !first.code.is_empty() {
            s.push_str(" [");
            s.push_str(&first.code);
            s.push(']');
        }
    }
    if let Some(t) = &e.clerk_trace_id {
        s.push_str(" trace_id=");
        s.push_str(t);
    }
    s
}

impl Error {
    /// Stable, machine-readable code for bindings.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Api(_) => "api_error",
            Error::Transport { kind: TransportKind::Connect, .. } => "connection_error",
            Error::Transport { kind: TransportKind::Timeout, .. } => "timeout",
            Error::Transport { kind: TransportKind::Tls, .. } => "tls_error",
            Error::Transport { kind: TransportKind::Other, .. } => "transport_error",
            Error::Decode { .. } => "decode_error",
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::Config(_) => "config_error",
        }
    }

    pub fn invalid_argument(parameter: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument { parameter: parameter.into(), message: message.into() }
    }

    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    pub fn clerk_trace_id(&self) -> Option<&str> {
        self.api().and_then(|e| e.clerk_trace_id.as_deref())
    }

    /// This error with every occurrence of `secret` replaced by its redacted
    /// form (see [`Error::redacted`]).
    pub fn redact_secret(self, secret: &str) -> Error {
        self.redacted(&crate::secret::Redactor::new([secret]))
    }

    /// This error with every secret `redactor` knows replaced, in every text
    /// it carries. A server (or a proxy in front of it) may echo request
    /// headers into a body, a header or a message; the client's own key must
    /// not come back out through `Display`, `Debug`, `raw_body` or `headers`.
    pub fn redacted(self, redactor: &crate::secret::Redactor) -> Error {
        if redactor.is_empty() {
            return self;
        }
        let hide = |s: String| redactor.redact_string(s);
        match self {
            Error::Api(mut e) => {
                e.raw_body = hide(std::mem::take(&mut e.raw_body));
                e.clerk_trace_id = e.clerk_trace_id.map(hide);
                for (name, value) in &mut e.headers {
                    *name = hide(std::mem::take(name));
                    *value = hide(std::mem::take(value));
                }
                for c in &mut e.errors {
                    c.code = hide(std::mem::take(&mut c.code));
                    c.message = hide(std::mem::take(&mut c.message));
                    c.long_message = c.long_message.take().map(hide);
                    if let Some(meta) = c.meta.take() {
                        let text = meta.to_string();
                        c.meta = match redactor.redact_str(&text) {
                            std::borrow::Cow::Borrowed(_) => Some(meta),
                            std::borrow::Cow::Owned(t) => {
                                serde_json::from_str(&t).ok().or(Some(serde_json::Value::Null))
                            }
                        };
                    }
                }
                Error::Api(e)
            }
            Error::Transport { kind, message } => Error::Transport { kind, message: hide(message) },
            Error::Decode { status, message, raw_body } => {
                Error::Decode { status, message: hide(message), raw_body: hide(raw_body) }
            }
            Error::InvalidArgument { parameter, message } => {
                Error::InvalidArgument { parameter: hide(parameter), message: hide(message) }
            }
            Error::Config(m) => Error::Config(hide(m)),
        }
    }

    /// The raw response body, for API and decode errors.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(&e.raw_body),
            Error::Decode { raw_body, .. } => Some(raw_body),
            _ => None,
        }
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
