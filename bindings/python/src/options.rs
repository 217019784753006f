//! Python's option dicts → the core's parsers (`ClientOptions::from_json`,
//! `CallOptions::from_json`, the auth options): this module only marshals
//! the dict to JSON and spells the core's option names as Python does in the
//! errors (`retries`, `http_headers`, `retry_config`, `bearer_auth`).

use clerk_backend::auth::OptionError;
use clerk_backend::{CallOptions, ClientOptions, OptionNames};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat};
use serde_json::Value;

use crate::convert::py_to_value;

/// The call options' names as the generated methods' keywords spell them.
const CALL_SPELLING: &[(&str, &str)] = &[("retry", "retries"), ("headers", "http_headers")];
/// The client options' names as `Clerk(...)` spells them.
const CLIENT_SPELLING: &[(&str, &str)] =
    &[("retry", "retry_config"), ("secret_key", "bearer_auth"), ("default_headers", "client.headers")];

/// A dict of options as a JSON object. A value with no JSON form stays
/// visible as an object, so a known option of that value is refused by
/// type, and an unknown key is refused by name whatever its value.
pub fn options_json(d: &Bound<'_, PyDict>) -> PyResult<Value> {
    let mut map = serde_json::Map::with_capacity(d.len());
    for (k, v) in d.iter() {
        let key: String = k.extract().map_err(|_| PyTypeError::new_err("option names must be str"))?;
        // JSON has no infinity or NaN: refused here as the bad value it is.
        if let Ok(f) = v.cast::<PyFloat>() {
            if !f.value().is_finite() {
                return Err(PyValueError::new_err(format!("option `{key}` must be a finite number, got {f}")));
            }
        }
        let value = py_to_value(&v, &key).unwrap_or_else(|_| {
            let ty = v.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            serde_json::json!({ "python_type": ty })
        });
        map.insert(key, value);
    }
    Ok(Value::Object(map))
}

/// Wrong type or unknown key: `TypeError` (like an unexpected keyword
/// argument); bad value: `ValueError`.
pub fn option_err(e: OptionError) -> PyErr {
    match e {
        OptionError::TypeMismatch { message, .. } | OptionError::Unknown { message, .. } => {
            PyTypeError::new_err(message)
        }
        OptionError::BadValue { message, .. } => PyValueError::new_err(message),
    }
}

pub fn client_options(d: &Bound<'_, PyDict>) -> PyResult<ClientOptions> {
    let mut options =
        ClientOptions::from_json(&without_nones(d)?).map_err(|e| option_err(e.renamed(CLIENT_SPELLING)))?;
    options.option_names = OptionNames::PYTHON;
    Ok(options)
}

pub fn call_options(d: Option<&Bound<'_, PyDict>>) -> PyResult<CallOptions> {
    match d {
        None => Ok(CallOptions::default()),
        Some(d) => CallOptions::from_json(&options_json(d)?).map_err(|e| option_err(e.renamed(CALL_SPELLING))),
    }
}

/// `None` is unset, as `null` is for the core; dropped before converting.
fn without_nones(d: &Bound<'_, PyDict>) -> PyResult<Value> {
    let set = PyDict::new(d.py());
    for (k, v) in d.iter() {
        if !v.is_none() {
            set.set_item(k, v)?;
        }
    }
    options_json(&set)
}
