//! File parts of multipart operations: `(field, file_name, content_type, content)`
//! tuples built by the Python layer, `content` being `bytes` (sent as is) or a
//! path `str` (streamed from disk by the core).

use clerk_backend::FileUpload;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

pub fn files_from_py(files: &Bound<'_, PyAny>) -> PyResult<Vec<(String, FileUpload)>> {
    let mut out = Vec::new();
    for item in files.try_iter()? {
        let (field, file_name, content_type, content): (String, Option<String>, Option<String>, Bound<'_, PyAny>) =
            item?.extract()?;
        let mut upload = if let Ok(b) = content.cast::<PyBytes>() {
            FileUpload::from_bytes(file_name.clone().unwrap_or_else(|| field.clone()), b.as_bytes().to_vec())
        } else if let Ok(p) = content.cast::<PyString>() {
            FileUpload::from_path(p.to_cow()?.into_owned())
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
