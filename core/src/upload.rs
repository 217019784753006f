//! Files for multipart uploads (`users.set_profile_image`, `organizations.upload_logo`, ...).
//!
//! A file given by path is streamed from disk on each attempt, so a large
//! upload is never held in memory and a retried attempt re-reads the file.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};

use crate::error::{Error, Result};

/// Where the content of an upload comes from.
#[derive(Clone)]
pub enum FileSource {
    Bytes(Bytes),
    /// Streamed from this path when the request is sent.
    Path(PathBuf),
}

impl std::fmt::Debug for FileSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileSource::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            FileSource::Path(p) => f.debug_tuple("Path").field(p).finish(),
        }
    }
}

/// One file part of a multipart request.
#[derive(Debug, Clone)]
pub struct FileUpload {
    pub file_name: String,
    /// `None` guesses from the file name, else `application/octet-stream`.
    pub content_type: Option<String>,
    pub source: FileSource,
}

impl FileUpload {
    pub fn from_bytes(file_name: impl Into<String>, data: impl Into<Bytes>) -> Self {
        FileUpload { file_name: file_name.into(), content_type: None, source: FileSource::Bytes(data.into()) }
    }

    /// A file streamed from `path`; the file name defaults to the path's last component.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
        FileUpload { file_name, content_type: None, source: FileSource::Path(path) }
    }

    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    /// Reads the JSON form `{"file_name": "...", "content_type": "...", "path": "/abs/path"}`
    /// (`file_name` and `content_type` optional) used by the dynamic entry points.
    pub fn from_json(field: &str, value: &serde_json::Value) -> Result<Self> {
        let obj = value.as_object().ok_or_else(|| {
            Error::invalid_argument(field, "a file must be an object {\"path\", \"file_name\", \"content_type\"}")
        })?;
        for key in obj.keys() {
            if !matches!(key.as_str(), "path" | "file_name" | "content_type") {
                return Err(Error::invalid_argument(
                    format!("{field}.{key}"),
                    "unknown key in a file object (expected path, file_name, content_type)",
                ));
            }
        }
        let text = |key: &str| -> Result<Option<String>> {
            match obj.get(key) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(Error::invalid_argument(format!("{field}.{key}"), "must be a string")),
            }
        };
        let path = text("path")?.filter(|p| !p.is_empty()).ok_or_else(|| {
            Error::invalid_argument(format!("{field}.path"), "a file object needs a non-empty `path`")
        })?;
        let mut upload = FileUpload::from_path(path);
        if let Some(name) = text("file_name")? {
            upload.file_name = name;
        }
        upload.content_type = text("content_type")?;
        Ok(upload)
    }

    /// Refuses what would corrupt the request, and only that: the file name
    /// and content type go into the part's header lines, where CR, LF or NUL
    /// would end the line (or inject a header, or a part) and a byte outside
    /// visible ASCII is not a header value. Anything else, well-formed MIME or
    /// not, is sent as given and left to the server, as the official SDKs do.
    pub(crate) fn check(&self, field: &str) -> Result<()> {
        if let Some(ct) = &self.content_type {
            if let Some(bad) = ct.chars().find(|c| !(c.is_ascii() && (*c == '\t' || !c.is_ascii_control()))) {
                return Err(Error::invalid_argument(
                    format!("{field}.content_type"),
                    format!("{} is not allowed in a header value", describe(bad)),
                ));
            }
        }
        if let Some(bad) = self.file_name.chars().find(|c| matches!(c, '\r' | '\n' | '\0')) {
            return Err(Error::invalid_argument(
                format!("{field}.file_name"),
                format!("{} would break the multipart framing", describe(bad)),
            ));
        }
        Ok(())
    }

    /// The content type sent: the caller's (blank means "not given"), else a guess from the file name.
    fn content_type_value(&self, field: &str) -> Result<HeaderValue> {
        let given = self.content_type.as_deref().map(str::trim).filter(|ct| !ct.is_empty());
        HeaderValue::from_str(given.unwrap_or_else(|| guess_mime(&self.file_name)))
            .map_err(|_| Error::invalid_argument(format!("{field}.content_type"), "not allowed in a header value"))
    }

    /// The multipart part for one attempt; a path is opened now and streamed.
    pub(crate) async fn to_part(&self, field: &str) -> Result<reqwest::multipart::Part> {
        let content_type = self.content_type_value(field)?;
        let part = match &self.source {
            FileSource::Bytes(b) => reqwest::multipart::Part::stream_with_length(b.clone(), b.len() as u64),
            FileSource::Path(p) => {
                let file = tokio::fs::File::open(p).await.map_err(|e| file_error(field, p, &e))?;
                let len = file.metadata().await.map_err(|e| file_error(field, p, &e))?.len();
                let stream = tokio_util::io::ReaderStream::new(file);
                reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), len)
            }
        };
        // As a part header rather than `Part::mime_str`, which parses it as a
        // MIME type and refuses values the server may well accept.
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, content_type);
        Ok(part.file_name(self.file_name.clone()).headers(headers))
    }
}

/// A character named for a message: control characters by code, never raw.
fn describe(c: char) -> String {
    match c {
        '\r' => "CR".to_owned(),
        '\n' => "LF".to_owned(),
        '\0' => "NUL".to_owned(),
        c if c.is_ascii_control() => format!("control character U+{:04X}", c as u32),
        c => format!("non-ASCII character U+{:04X}", c as u32),
    }
}

fn file_error(field: &str, path: &Path, e: &std::io::Error) -> Error {
    Error::invalid_argument(field, format!("cannot read file {}: {e}", path.display()))
}

fn guess_mime(file_name: &str) -> &'static str {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "txt" => "text/plain",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}
