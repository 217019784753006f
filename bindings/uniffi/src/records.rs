//! Plain records crossing the boundary: a response, a header, a page, a file.

use clerk_backend::boundary::{self, CallResponse, ContentKind, PageBytes};
use clerk_backend::FileUpload;

/// A header as a record (UniFFI has no tuples).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Header {
    pub name: String,
    pub value: String,
}

impl From<boundary::Header> for Header {
    fn from(h: boundary::Header) -> Self {
        Header { name: h.name, value: h.value }
    }
}

pub(crate) fn headers(list: Vec<boundary::Header>) -> Vec<Header> {
    list.into_iter().map(Header::from).collect()
}

pub(crate) fn pairs(list: Vec<Header>) -> Vec<(String, String)> {
    list.into_iter().map(|h| (h.name, h.value)).collect()
}

/// What a successful body is (the core's one decoding rule, `ContentKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum BodyKind {
    /// JSON text: parse it (a parser that refuses it reports `NativeClient::decode_error`).
    Json,
    /// UTF-8 text that is not JSON.
    Text,
    /// No body.
    Empty,
    /// Bytes that are neither JSON nor UTF-8.
    Other,
}

impl From<ContentKind> for BodyKind {
    fn from(k: ContentKind) -> Self {
        match k {
            ContentKind::Json => BodyKind::Json,
            ContentKind::Text => BodyKind::Text,
            ContentKind::Empty => BodyKind::Empty,
            ContentKind::Other => BodyKind::Other,
        }
    }
}

/// A successful response: the body as bytes, for the caller's own JSON parser.
#[derive(Debug, Clone, uniffi::Record)]
pub struct NativeResponse {
    pub status: u16,
    pub headers: Vec<Header>,
    pub kind: BodyKind,
    pub body: Vec<u8>,
}

impl From<CallResponse> for NativeResponse {
    fn from(r: CallResponse) -> Self {
        NativeResponse { status: r.status, headers: headers(r.headers), kind: r.kind.into(), body: r.body.into() }
    }
}

/// One page of a list operation: its JSON body and where the items are
/// (`data_field` of an envelope, or none when the body is the array).
#[derive(Debug, Clone, uniffi::Record)]
pub struct NativePage {
    pub status: u16,
    pub body: Vec<u8>,
    pub data_field: Option<String>,
    pub item_count: u64,
}

impl From<PageBytes> for NativePage {
    fn from(p: PageBytes) -> Self {
        NativePage {
            status: p.status,
            body: p.body.into(),
            data_field: p.data_field.map(str::to_owned),
            item_count: p.item_count as u64,
        }
    }
}

/// Where an upload's bytes come from.
#[derive(Debug, Clone, uniffi::Enum)]
pub enum NativeFileSource {
    /// In memory (copied once into the request).
    Bytes { data: Vec<u8> },
    /// Read from the path when the request is sent, and again on a retry.
    Path { path: String },
}

/// A file part of a multipart operation, by its field name (`file`).
#[derive(Debug, Clone, uniffi::Record)]
pub struct NativeFile {
    pub field: String,
    pub source: NativeFileSource,
    /// Defaults to the path's last component (a path) or `file` (bytes).
    pub file_name: Option<String>,
    /// Defaults to a guess from the file name.
    pub content_type: Option<String>,
}

impl NativeFile {
    pub(crate) fn into_upload(self) -> (String, FileUpload) {
        let file = match self.source {
            NativeFileSource::Bytes { data } => {
                FileUpload::from_bytes(self.file_name.clone().unwrap_or_else(|| "file".to_owned()), data)
            }
            NativeFileSource::Path { path } => FileUpload::from_path(path),
        };
        let file = match self.file_name {
            Some(n) => file.with_file_name(n),
            None => file,
        };
        let file = match self.content_type {
            Some(t) => file.with_content_type(t),
            None => file,
        };
        (self.field, file)
    }
}

/// One entry of Clerk's `errors` list of an API error.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ApiErrorDetail {
    pub code: String,
    pub message: String,
    pub long_message: Option<String>,
    /// `meta` as JSON text, when present.
    pub meta_json: Option<String>,
}

impl From<clerk_backend::error::ClerkError> for ApiErrorDetail {
    fn from(e: clerk_backend::error::ClerkError) -> Self {
        ApiErrorDetail {
            code: e.code,
            message: e.message,
            long_message: e.long_message,
            meta_json: e.meta.map(|m| m.to_string()),
        }
    }
}
