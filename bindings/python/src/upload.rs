//! File parts of multipart operations: `(field, file_name, content_type, content)`
//! tuples built by the Python layer, `content` being `bytes` (sent as is) or a
//! path `str` (streamed from disk by the core).

use clerk_backend::FileUpload;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::convert::text;

pub fn files_from_py(files: &Bound<'_, PyAny>) -> PyResult<Vec<(String, FileUpload)>> {
    let mut out = Vec::new();
    for item in files.try_iter()? {
        let (field, file_name, content_type, content): (
            Bound<'_, PyAny>,
            Bound<'_, PyAny>,
            Bound<'_, PyAny>,
            Bound<'_, PyAny>,
        ) = item?.extract()?;
        let field = text(&field, "file")?;
        let optional = |v: &Bound<'_, PyAny>, what: &str| -> PyResult<Option<String>> {
            if v.is_none() {
                Ok(None)
            } else {
                text(v, &format!("{field}.{what}")).map(Some)
            }
        };
        let file_name = optional(&file_name, "file_name")?;
        let content_type = optional(&content_type, "content_type")?;
        let mut upload = if let Ok(b) = content.cast::<PyBytes>() {
            FileUpload::from_bytes(file_name.clone().unwrap_or_else(|| field.clone()), b.as_bytes().to_vec())
        } else if content.cast::<PyString>().is_ok() {
            FileUpload::from_path(text(&content, &format!("{field}.content"))?)
        } else {
            return Err(PyTypeError::new_err(format!("parameter `{field}`: content must be bytes or a path")));
        };
        if let Some(name) = file_name {
            upload = upload.with_file_name(name);
        }
        if let Some(ct) = content_type {
            upload = upload.with_content_type(ct);
        }
        out.push((field, upload));
    }
    Ok(out)
}
