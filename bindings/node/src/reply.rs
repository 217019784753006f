//! `Reply`: what every asynchronous native call resolves its promise with.
//! Never a rejection: a failure is the `ErrorRecord` as JSON in `error`, so
//! the JavaScript layer builds its error classes in one place.

use clerk_backend::boundary::{CallResponse, ContentKind, ErrorRecord, PageBytes};
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

    pub fn response(r: CallResponse) -> Reply {
        let mut reply = Reply::new(r.status, r.kind.as_str());
        match r.kind {
            ContentKind::Empty => {}
            // Json and Text are UTF-8 by the core's decoding rule, checked there.
            ContentKind::Json | ContentKind::Text => reply.text = Some(utf8(r.body.to_vec())),
            ContentKind::Other => reply.bytes = Some(Buffer::from(r.body.to_vec())),
        }
        reply
    }

    pub fn page(p: Option<PageBytes>) -> Reply {
        match p {
            None => Reply::new(200, "end"),
            Some(p) => Reply {
                text: Some(utf8(p.body.to_vec())),
                data_field: p.data_field.map(str::to_owned),
                ..Reply::new(p.status, "page")
            },
        }
    }

    pub fn json(status: u16, text: String) -> Reply {
        Reply { text: Some(text), ..Reply::new(status, "json") }
    }
}

/// A body the core classified as text; lossy only if that rule changed.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
