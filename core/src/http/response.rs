//! Responses as received, and the errors built from them.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::retry::parse_retry_after;
use crate::error::{ApiError, ClerkError, Error, Result};
use crate::ops::{OperationSpec, ResponseKind};
use crate::secret::Redactor;

/// Header Clerk puts its trace id in, beside the body's `clerk_trace_id`.
pub const TRACE_ID_HEADER: &str = "x-clerk-trace-id";

/// A response as it came off the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct RawResponse {
    pub status: u16,
    /// Header names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

impl RawResponse {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Whether the server says the body is JSON (`application/json`, `…+json`).
    pub fn is_json(&self) -> bool {
        self.header("content-type").is_some_and(|v| v.to_ascii_lowercase().contains("json"))
    }

    /// This response with every secret `redactor` knows taken out of its body
    /// and headers; the same buffers when there is none (the common case).
    pub fn redacted(self, redactor: &Redactor) -> RawResponse {
        if redactor.is_empty() {
            return self;
        }
        let headers =
            self.headers.into_iter().map(|(k, v)| (redactor.redact_string(k), redactor.redact_string(v))).collect();
        RawResponse { status: self.status, headers, body: redactor.redact_bytes(self.body) }
    }

    /// The success body as JSON text, for bindings that hand out text: a JSON
    /// body as it came (checked, not re-encoded), an empty one as `null`, any
    /// other text as a JSON string. A body that claims JSON but is not is an
    /// [`Error::Decode`].
    pub fn json_text(&self) -> Result<String> {
        use crate::boundary::ContentKind;
        match ContentKind::of(self, ResponseKind::Json) {
            ContentKind::Empty => Ok("null".to_owned()),
            // Labelled JSON is checked here: this text goes out as JSON.
            ContentKind::Json => match serde_json::from_slice::<serde::de::IgnoredAny>(&self.body) {
                Ok(_) => std::str::from_utf8(&self.body)
                    .map(str::to_owned)
                    .map_err(|_| self.decode_error_with("the response body is not UTF-8")),
                Err(e) => Err(self.decode_error(&e)),
            },
            ContentKind::Text => Ok(serde_json::Value::String(self.text()).to_string()),
            ContentKind::Other => Err(self.decode_error_with("the response body is not UTF-8")),
        }
    }

    /// First value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes the body as JSON; a mismatch is an [`Error::Decode`] with the raw body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| self.decode_error(&e))
    }

    /// Decodes the body the way the operation's response kind says: JSON,
    /// nothing (`()`/`null`), or text (`String`).
    pub fn decode<T: DeserializeOwned>(&self, kind: ResponseKind) -> Result<T> {
        let blank = self.body.iter().all(u8::is_ascii_whitespace);
        let value = match kind {
            ResponseKind::Json if !blank => return self.json(),
            ResponseKind::Json | ResponseKind::Empty => serde_json::Value::Null,
            ResponseKind::Text => serde_json::Value::String(self.text()),
        };
        serde_json::from_value(value).map_err(|e| self.decode_error(&e))
    }

    /// Checks the body against the operation's typed response model.
    pub fn check_model(&self, op: &OperationSpec) -> Result<()> {
        if op.response != ResponseKind::Json {
            return Ok(());
        }
        (op.validate_response)(&self.body).map_err(|e| self.decode_error(&e))
    }

    /// The `clerk_trace_id` of the body (error responses carry one) or header.
    pub fn clerk_trace_id(&self) -> Option<String> {
        #[derive(Deserialize)]
        struct Traced {
            clerk_trace_id: Option<String>,
        }
        serde_json::from_slice::<Traced>(&self.body)
            .ok()
            .and_then(|t| t.clerk_trace_id)
            .or_else(|| self.trace_id_header())
    }

    /// The trace id header alone, without reading the body.
    pub fn trace_id_header(&self) -> Option<String> {
        self.header(TRACE_ID_HEADER).map(str::to_owned)
    }

    /// `Retry-After`, as a wait from now.
    pub fn retry_after(&self) -> Option<Duration> {
        self.header("retry-after").and_then(|v| parse_retry_after(v, SystemTime::now()))
    }

    pub(crate) fn decode_error(&self, e: &serde_json::Error) -> Error {
        self.decode_error_with(e)
    }

    /// An [`Error::Decode`] for this response: a binding whose own decoder
    /// refused the body builds its error here, from the (redacted) response
    /// the client handed it.
    pub fn decode_error_with(&self, message: impl std::fmt::Display) -> Error {
        Error::Decode { status: self.status, message: message.to_string(), raw_body: self.text() }
    }

    /// The [`Error::Api`] for a non-success response.
    pub fn to_error(&self) -> Error {
        #[derive(Deserialize)]
        struct ClerkErrors {
            #[serde(default)]
            errors: Vec<ClerkError>,
        }
        let errors = serde_json::from_slice::<ClerkErrors>(&self.body).map(|b| b.errors).unwrap_or_default();
        Error::Api(Box::new(ApiError {
            status: self.status,
            errors,
            clerk_trace_id: self.clerk_trace_id(),
            raw_body: self.text(),
            retry_after: self.retry_after(),
            headers: self.headers.clone(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(content_type: &str, body: &'static [u8]) -> RawResponse {
        RawResponse {
            status: 200,
            headers: vec![("content-type".into(), content_type.into())],
            body: Bytes::from_static(body),
        }
    }

    /// C hands out `json_text()` as "JSON text": it must always be JSON or an error.
    #[test]
    fn json_text_is_always_json_or_a_decode_error() {
        let text = |ct, body| response(ct, body).json_text().map_err(|e| e.code());
        assert_eq!(text("application/json", br#"{"a": [1, 2]}"#), Ok(r#"{"a": [1, 2]}"#.to_owned()));
        assert_eq!(text("application/json", b"  "), Ok("null".to_owned()));
        assert_eq!(text("text/html", b"<p>\"hi\"</p>"), Ok(r#""<p>\"hi\"</p>""#.to_owned()));
        assert_eq!(text("application/json; charset=utf-8", b"<html>sk_test_x</html>"), Err("decode_error"));
        assert_eq!(text("Application/Problem+JSON", b"{"), Err("decode_error"));
        assert_eq!(text("application/octet-stream", b"\xff\xfe"), Err("decode_error"));
    }
}
