//! File parts of multipart operations: bytes (a Buffer, or a Blob the
//! JavaScript layer read) sent as is, or a path the core streams from disk.

use clerk_backend::FileUpload;
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

#[napi(object)]
pub struct FileArg {
    /// The multipart field (`file`).
    pub field: String,
    pub data: Option<Buffer>,
    pub path: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

pub fn files(args: Vec<FileArg>) -> Vec<(String, FileUpload)> {
    args.into_iter()
        .map(|a| {
            let mut upload = match (a.data, a.path) {
                (Some(data), _) => {
                    FileUpload::from_bytes(a.file_name.clone().unwrap_or_else(|| a.field.clone()), data.to_vec())
                }
                (None, Some(path)) => FileUpload::from_path(path),
                // The JavaScript layer always sets one; an empty part is still a part.
                (None, None) => FileUpload::from_bytes(a.field.clone(), Vec::new()),
            };
            if let Some(name) = a.file_name {
                upload = upload.with_file_name(name);
            }
            if let Some(ct) = a.content_type {
                upload = upload.with_content_type(ct);
            }
            (a.field, upload)
        })
        .collect()
}
