//! File parts of multipart operations: `(field, file_name, content_type, content)`
//! tuples built by the Python layer, `content` being `bytes` or a path `str`.

use clerk_backend::upload::FileUpload;
use pyo3::prelude::*;

pub fn files_from_py(files: &Bound<'_, PyAny>) -> PyResult<Vec<FileUpload>> {
    let mut out = Vec::new();
    for item in files.try_iter()? {
        let (field, file_name, content_type, content): (String, Option<String>, Option<String>, Bound<'_, PyAny>) =
            item?.extract()?;
        out.push(crate::upload::file_upload(field, file_name, content_type, &content)?);
    }
    Ok(out)
}

fn file_upload(
    field: String,
    file_name: Option<String>,
    content_type: Option<String>,
    content: &Bound<'_, PyAny>,
) -> PyResult<FileUpload> {
    let _ = (field, file_name, content_type, content);
    Err(pyo3::exceptions::PyNotImplementedError::new_err("file uploads need the core's FileUpload"))
}
