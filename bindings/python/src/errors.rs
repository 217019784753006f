//! Core errors → one native exception the Python layer turns into the
//! public classes (`models.ClerkErrors`, `SDKError`, timeouts, …).
//!
//! Keeping the public classes in Python makes them plain, picklable Python
//! exceptions; this module only carries the facts across the boundary.

use clerk_backend::Error;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::value_to_py;

pyo3::create_exception!(
    _native,
    NativeError,
    pyo3::exceptions::PyException,
    "Raised by the native core; args are (code, message, status, raw_body, clerk_trace_id, errors, retry_after_seconds, parameter, response_headers)."
);

/// Builds the `NativeError` for a core error. Carries the response's headers
/// (as the core redacted them), never the request's, so no secret can reach it.
pub fn to_py_err(err: Error) -> PyErr {
    Python::attach(|py| match error_args(py, &err) {
        Ok(args) => PyErr::from_type(py.get_type::<NativeError>(), args.unbind()),
        Err(e) => e,
    })
}

fn error_args<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyTuple>> {
    let (errors, trace_id, retry_after, response_headers) = match err.api() {
        Some(api) => {
            let list = serde_json::to_value(&api.errors).unwrap_or(serde_json::Value::Null);
            (
                value_to_py(py, &list)?,
                api.clerk_trace_id.clone(),
                api.retry_after.map(|d| d.as_secs_f64()),
                api.headers.clone(),
            )
        }
        None => (py.None().into_bound(py), None, None, Vec::new()),
    };
    let parameter = match err {
        Error::InvalidArgument { parameter, .. } => Some(parameter.clone()),
        _ => None,
    };
    let message = match err {
        Error::InvalidArgument { message, .. } => message.clone(),
        other => other.to_string(),
    };
    PyTuple::new(
        py,
        [
            err.code().into_pyobject(py)?.into_any(),
            message.into_pyobject(py)?.into_any(),
            err.status().into_pyobject(py)?.into_any(),
            err.raw_body().into_pyobject(py)?.into_any(),
            trace_id.into_pyobject(py)?.into_any(),
            errors,
            retry_after.into_pyobject(py)?.into_any(),
            parameter.into_pyobject(py)?.into_any(),
            response_headers.into_pyobject(py)?.into_any(),
        ],
    )
}
