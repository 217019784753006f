//! Core errors → native exceptions carrying the core's [`ErrorRecord`] as
//! named attributes (`code`, `message`, `reason`, `status`, `clerk_trace_id`,
//! `errors`, `body`, `headers`, `parameter`, `detail`, `retry_after`,
//! `wrong_type`); the Python layer maps `code` to the public classes.
//!
//! Keeping the public classes in Python makes them plain, picklable Python
//! exceptions; this module only carries the record across the boundary.

use clerk_backend::boundary::ErrorRecord;
use clerk_backend::Error;
use pyo3::prelude::*;
use pyo3::types::PyList;
use pyo3::{intern, PyTypeInfo};

use crate::convert::value_to_py;

pyo3::create_exception!(
    _native,
    NativeRecordError,
    pyo3::exceptions::PyException,
    "Base of the native exceptions: the core's error record as attributes."
);

pyo3::create_exception!(
    _native,
    NativeError,
    NativeRecordError,
    "Raised by the native core for client calls; the core's error record as attributes (`code`, `message`, ...)."
);

pyo3::create_exception!(
    _native,
    NativeAuthError,
    NativeRecordError,
    "Raised by native auth and webhook verification; the core's error record as attributes (`code`, `reason`, `message`, ...)."
);

/// The `NativeError` of a core error. The record carries the response's
/// headers (as the core redacted them), never the request's.
pub fn to_py_err(err: Error) -> PyErr {
    record_err::<NativeError>(ErrorRecord::from(&err))
}

/// The `NativeAuthError` of an auth or webhook error.
pub fn auth_py_err(record: impl Into<ErrorRecord>) -> PyErr {
    record_err::<NativeAuthError>(record.into())
}

fn record_err<T: PyTypeInfo>(record: ErrorRecord) -> PyErr {
    Python::attach(|py| {
        let err = PyErr::from_type(py.get_type::<T>(), (record.message.clone(),));
        match set_fields(py, &err, &record) {
            Ok(()) => err,
            Err(e) => e,
        }
    })
}

fn set_fields(py: Python<'_>, err: &PyErr, r: &ErrorRecord) -> PyResult<()> {
    let e = err.value(py);
    e.setattr(intern!(py, "code"), r.code.as_str())?;
    e.setattr(intern!(py, "message"), &r.message)?;
    e.setattr(intern!(py, "reason"), r.reason.as_deref())?;
    e.setattr(intern!(py, "status"), r.status)?;
    e.setattr(intern!(py, "clerk_trace_id"), r.clerk_trace_id.as_deref())?;
    let errors = serde_json::to_value(&r.errors).unwrap_or(serde_json::Value::Null);
    e.setattr(intern!(py, "errors"), value_to_py(py, &errors)?)?;
    e.setattr(intern!(py, "body"), r.body.as_deref())?;
    let headers = PyList::empty(py);
    for h in &r.headers {
        headers.append((h.name.as_str(), h.value.as_str()))?;
    }
    e.setattr(intern!(py, "headers"), headers)?;
    e.setattr(intern!(py, "parameter"), r.parameter.as_deref())?;
    e.setattr(intern!(py, "detail"), r.detail.as_deref())?;
    e.setattr(intern!(py, "retry_after"), r.retry_after_ms.map(|ms| ms as f64 / 1000.0))?;
    e.setattr(intern!(py, "wrong_type"), r.wrong_type)?;
    Ok(())
}
