//! `clerk_upload`: a file for a multipart operation, from a path (streamed
//! on each attempt) or from a buffer (copied).

use std::ffi::c_char;

use clerk_backend::FileUpload;

use crate::error::ClerkError;
use crate::panic::{boundary, quiet, ClerkResult, Outcome};
use crate::strings::{bytes, opt_text, out_ptr, text, write};

/// One file part: its multipart field name (`file`) and content.
pub struct ClerkUpload {
    pub(crate) field: String,
    pub(crate) file: FileUpload,
}

fn finish(
    field: &str,
    file: FileUpload,
    file_name: Option<&str>,
    content_type: Option<&str>,
    out: *mut *mut ClerkUpload,
) {
    let file = match file_name {
        Some(n) => file.with_file_name(n),
        None => file,
    };
    let file = match content_type {
        Some(t) => file.with_content_type(t),
        None => file,
    };
    // SAFETY: the callers checked `out` with `out_ptr`.
    unsafe { write(out, Box::into_raw(Box::new(ClerkUpload { field: field.to_owned(), file }))) };
}

/// A file read from `path` when the request is sent (and again on a retry).
/// `file_name` NULL takes the path's last component; `content_type` NULL
/// guesses from the file name. A missing file fails the call, not this function.
///
/// # Safety
/// Strings are NUL-terminated (`file_name`, `content_type` may be NULL); `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_upload_from_path(
    field: *const c_char,
    path: *const c_char,
    file_name: *const c_char,
    content_type: *const c_char,
    out: *mut *mut ClerkUpload,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out, "out")?;
        let field = text(field, "field")?;
        let file = FileUpload::from_path(text(path, "path")?);
        finish(field, file, opt_text(file_name, "file_name")?, opt_text(content_type, "content_type")?, out);
        Ok(())
    })
}

/// A file of `len` bytes at `data`, copied (the buffer may be freed at once).
///
/// # Safety
/// `data` points to `len` bytes (NULL when 0); strings are NUL-terminated
/// (`content_type` may be NULL); `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_upload_from_buffer(
    field: *const c_char,
    data: *const u8,
    len: usize,
    file_name: *const c_char,
    content_type: *const c_char,
    out: *mut *mut ClerkUpload,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out, "out")?;
        let field = text(field, "field")?;
        let data = bytes(data, len, "data")?.to_vec();
        let name = text(file_name, "file_name")?;
        finish(field, FileUpload::from_bytes(name, data), None, opt_text(content_type, "content_type")?, out);
        Ok(())
    })
}

/// Frees an upload; NULL is ignored. A call that took it holds its own copy.
///
/// # Safety
/// `upload` is NULL or from `clerk_upload_from_*`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_upload_free(upload: *mut ClerkUpload) {
    quiet((), || {
        if !upload.is_null() {
            drop(Box::from_raw(upload));
        }
    })
}

/// The `n` uploads at `files` as (field, file) pairs.
///
/// # Safety
/// `files` is NULL (with `n` 0) or points to `n` live uploads.
pub(crate) unsafe fn uploads_arg(files: *const *const ClerkUpload, n: usize) -> Outcome<Vec<(String, FileUpload)>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if files.is_null() {
        return Err(ClerkError::null_argument("files"));
    }
    std::slice::from_raw_parts(files, n)
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.as_ref()
                .map(|u| (u.field.clone(), u.file.clone()))
                .ok_or_else(|| ClerkError::null_argument(&format!("files[{i}]")))
        })
        .collect()
}
