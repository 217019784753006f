//! Files for multipart uploads (`users.set_profile_image`, `organizations.upload_logo`, ...).
//!
//! A file given by path is streamed from disk on each attempt, so a large
//! upload is never held in memory and a retried attempt re-reads the file.

use std::path::{Path, PathBuf};

use bytes::Bytes;

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

    fn mime(&self) -> String {
        self.content_type.clone().unwrap_or_else(|| guess_mime(&self.file_name).to_owned())
    }

    /// The multipart part for one attempt; a path is opened now and streamed.
    pub(crate) async fn to_part(&self, field: &str) -> Result<reqwest::multipart::Part> {
        let part = match &self.source {
            FileSource::Bytes(b) => reqwest::multipart::Part::stream_with_length(b.clone(), b.len() as u64),
            FileSource::Path(p) => {
                let file = tokio::fs::File::open(p).await.map_err(|e| file_error(field, p, &e))?;
                let len = file.metadata().await.map_err(|e| file_error(field, p, &e))?.len();
                let stream = tokio_util::io::ReaderStream::new(file);
                reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(stream), len)
            }
        };
        part.file_name(self.file_name.clone())
            .mime_str(&self.mime())
            .map_err(|_| Error::invalid_argument(format!("{field}.content_type"), "not a valid MIME type"))
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
