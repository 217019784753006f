//! Native half of the `clerk_backend` Python package (`clerk_backend._native`).
//!
//! Thin by design: it converts Python values to the core's JSON parameters,
//! runs calls on the core's shared runtime (releasing the GIL), and converts
//! responses and errors back. Everything else lives in the core crate.

mod auth;
mod client;
mod convert;
mod errors;
mod options;
mod pages;
mod request_parts;
mod upload;
mod wait;
mod webhooks;

use pyo3::prelude::*;

/// The core's tables (error codes, reason strings, operation names) as JSON
/// text, so that a test can compare the Python layer's copies with them.
#[pyfunction]
fn tables_json() -> String {
    clerk_backend::boundary::tables::tables_json().to_string()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::NativeClient>()?;
    m.add_class::<pages::NativePages>()?;
    m.add_class::<client::NativeCall>()?;
    m.add("NativeRecordError", m.py().get_type::<errors::NativeRecordError>())?;
    m.add("NativeError", m.py().get_type::<errors::NativeError>())?;
    m.add("SDK_VERSION", clerk_backend::SDK_VERSION)?;
    m.add("API_VERSION", clerk_backend::API_VERSION)?;
    auth::register(m)?;
    webhooks::register(m)?;
    request_parts::register(m)?;
    m.add_function(wrap_pyfunction!(tables_json, m)?)?;
    m.add_function(wrap_pyfunction!(convert::json_loads, m)?)?;
    m.add_function(wrap_pyfunction!(convert::py_to_json, m)?)?;
    m.add("JSON_MAX_DEPTH", convert::JSON_MAX_DEPTH)?;
    let before_exit = wrap_pyfunction!(wait::before_exit, m)?;
    m.py().import("atexit")?.call_method1("register", (before_exit,))?;
    Ok(())
}
