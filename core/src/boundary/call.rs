//! The one call entry of the bindings: validate once, send once on the
//! shared runtime (one hop), classify the body once, and hand back bytes
//! with status, headers and a [`ContentKind`], so that each binding parses
//! JSON with its own fastest parser (or takes the bytes).
//!
//! Dropping the future (a cancelled task, an aborted C call) drops the
//! request and closes its connection: the send runs as the task
//! `runtime::run_shared` aborts on drop, or inline when the caller already
//! runs on the shared runtime.

use bytes::Bytes;

use super::Header;
use crate::client::{CallInput, Client};
use crate::config::CallOptions;
use crate::error::Result;
use crate::http::RawResponse;
use crate::ops::{registry, OperationSpec, ResponseKind};

/// What a successful body is, by the one decoding rule ([`ContentKind::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// JSON: the server says so (`application/json`, `…+json`; a binding
    /// whose parser refuses the body reports [`Client::decode_error`]), or
    /// the operation returns JSON and the body parses as JSON.
    Json,
    /// UTF-8 text that is not JSON (HTML, plain text).
    Text,
    /// No body, or only whitespace: `null` / `None`.
    Empty,
    /// Bytes that are neither JSON nor UTF-8.
    Other,
}

impl ContentKind {
    /// The decoding rule, once for every binding. `expected` is what the
    /// operation returns; a server that labels JSON as JSON is believed
    /// without parsing here, so a binding parses the body only once.
    pub fn of(response: &RawResponse, expected: ResponseKind) -> ContentKind {
        let body = &response.body;
        if body.iter().all(u8::is_ascii_whitespace) {
            return ContentKind::Empty;
        }
        if response.is_json() {
            return ContentKind::Json;
        }
        if expected == ResponseKind::Json && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
            return ContentKind::Json;
        }
        match std::str::from_utf8(body) {
            Ok(_) => ContentKind::Text,
            Err(_) => ContentKind::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ContentKind::Json => "json",
            ContentKind::Text => "text",
            ContentKind::Empty => "empty",
            ContentKind::Other => "other",
        }
    }
}

/// A successful response as a binding receives it (redacted like every response).
#[derive(Debug, Clone, PartialEq)]
pub struct CallResponse {
    pub status: u16,
    pub headers: Vec<Header>,
    pub kind: ContentKind,
    pub body: Bytes,
}

/// Calls the operation named `name` (`users.list`): see the module docs. A
/// non-success status is an `Error::Api`, as for every call.
pub async fn call(client: &Client, name: &str, input: CallInput, opts: &CallOptions) -> Result<CallResponse> {
    call_op(client, registry::lookup(name)?, input, opts).await
}

/// [`call`] for an operation already looked up.
pub async fn call_op(
    client: &Client,
    op: &'static OperationSpec,
    input: CallInput,
    opts: &CallOptions,
) -> Result<CallResponse> {
    let raw = client.call_op(op, input, opts).await?;
    Ok(CallResponse::new(raw, op.response))
}

impl CallResponse {
    pub fn new(raw: RawResponse, expected: ResponseKind) -> CallResponse {
        let kind = ContentKind::of(&raw, expected);
        // Moved, not copied: this runs on every call of every binding.
        let headers = raw.headers.into_iter().map(|(name, value)| Header { name, value }).collect();
        CallResponse { status: raw.status, headers, kind, body: raw.body }
    }
}

/// The [`Error::Decode`](crate::Error::Decode) a binding reports when its
/// own parser refused a body the core handed it (a call's or a page's),
/// built and redacted by the client like every error.
pub fn decode_error(
    client: &Client,
    status: u16,
    headers: &[Header],
    body: &Bytes,
    message: impl std::fmt::Display,
) -> crate::error::Error {
    let raw = RawResponse {
        status,
        headers: headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect(),
        body: body.clone(),
    };
    client.decode_error(&raw, message)
}
