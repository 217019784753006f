//! `Reply`: what every asynchronous native call resolves its promise with.
//! Never a rejection: a failure is the `ErrorRecord` as JSON in `error`, so
//! the JavaScript layer builds its error classes in one place.

use bytes::Bytes;
use clerk_backend::boundary::{decode_error, CallResponse, ContentKind, ErrorRecord, Header, PageBytes};
use clerk_backend::Client;
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

#[napi(object)]
pub struct Reply {
    pub status: u32,
    /// `json`, `text`, `empty`, `other` (the core's `ContentKind`), `page`
    /// or `end` (a pager), `error`.
    pub kind: String,
    /// The body of `json`, `text` and `page`: handed to V8's `JSON.parse`.
    pub text: Option<String>,
    /// The body of `other`.
    pub bytes: Option<Buffer>,
    /// The `ErrorRecord` as JSON, when `kind` is `error`.
    pub error: Option<String>,
    /// Where a page's items are (`data`), absent for a bare array.
    pub data_field: Option<String>,
}

impl Reply {
    fn new(status: u16, kind: &str) -> Reply {
        Reply {
            status: u32::from(status),
            kind: kind.to_owned(),
            text: None,
            bytes: None,
            error: None,
            data_field: None,
        }
    }

    pub fn error(record: impl Into<ErrorRecord>) -> Reply {
        let record = record.into();
        Reply { error: Some(record.to_json()), ..Reply::new(record.status.unwrap_or(0), "error") }
    }

    pub fn response(client: &Client, r: CallResponse) -> Reply {
        let mut reply = Reply::new(r.status, r.kind.as_str());
        match r.kind {
            ContentKind::Empty => {}
            ContentKind::Json | ContentKind::Text => match text(client, r.status, &r.headers, r.body) {
                Ok(text) => reply.text = Some(text),
                Err(e) => return e,
            },
            ContentKind::Other => reply.bytes = Some(Buffer::from(Vec::from(r.body))),
        }
        reply
    }

    pub fn page(client: &Client, p: Option<PageBytes>) -> Reply {
        match p {
            None => Reply::new(200, "end"),
            Some(p) => match text(client, p.status, &p.headers, p.body) {
                Ok(text) => Reply {
                    text: Some(text),
                    data_field: p.data_field.map(str::to_owned),
                    ..Reply::new(p.status, "page")
                },
                Err(e) => e,
            },
        }
    }

    pub fn json(status: u16, text: String) -> Reply {
        Reply { text: Some(text), ..Reply::new(status, "json") }
    }
}

/// A body as a string for `JSON.parse`; `Vec::from(Bytes)` takes the buffer
/// without a copy when the body is its only owner. The core believes a JSON
/// label without parsing, so a body that is not UTF-8 is the core's decode
/// error here (replacing bytes would hand altered data to the caller).
fn text(client: &Client, status: u16, headers: &[Header], body: Bytes) -> Result<String, Reply> {
    String::from_utf8(Vec::from(body)).map_err(|e| {
        let body = Bytes::from(e.into_bytes());
        Reply::error(decode_error(client, status, headers, &body, "the body is not valid UTF-8"))
    })
}
