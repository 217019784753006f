//! Python-side configuration values → the core's `ClientOptions` / `CallOptions`.

use std::time::Duration;

use clerk_backend::{duration_from_millis, BackoffStrategy, Error, RetryConfig, RetryStrategy};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

/// `utils.RetryConfig` arrives as a plain tuple built by the Python layer:
/// `(strategy, initial_interval_ms, max_interval_ms, exponent, max_elapsed_time_ms, retry_connection_errors)`.
pub type RetryTuple = (String, u64, u64, f64, u64, bool);

pub fn retry_config(t: &RetryTuple, param: &str) -> PyResult<RetryConfig> {
    let (strategy, initial, max, exponent, elapsed, conn) = t;
    let strategy = match strategy.as_str() {
        "backoff" => RetryStrategy::Backoff,
        "none" => RetryStrategy::None,
        other => {
            return Err(PyValueError::new_err(format!(
                "parameter `{param}`: unknown retry strategy {other:?} (expected \"backoff\" or \"none\")"
            )))
        }
    };
    let config = RetryConfig {
        strategy,
        backoff: BackoffStrategy {
            initial_interval_ms: *initial,
            max_interval_ms: *max,
            exponent: *exponent,
            max_elapsed_time_ms: *elapsed,
        },
        retry_connection_errors: *conn,
        ..RetryConfig::default()
    };
    // The core's range checks, reported as the ValueError Python code expects.
    config.validate(param).map_err(value_error)?;
    Ok(config)
}

/// Milliseconds from Python (`timeout_ms=`, an httpx client's timeout) through
/// the core's one range check: `1e300` is a `ValueError`, never a panic.
pub fn millis(ms: Option<f64>, param: &str) -> PyResult<Option<Duration>> {
    ms.map(|v| duration_from_millis(param, v)).transpose().map_err(value_error)
}

fn value_error(e: Error) -> PyErr {
    match e {
        Error::InvalidArgument { parameter, message } => {
            PyValueError::new_err(format!("parameter `{parameter}`: {message}"))
        }
        other => PyValueError::new_err(other.to_string()),
    }
}

/// Headers as `[(name, value), ...]`; both must be `str`.
pub fn headers(obj: Option<&Bound<'_, PyAny>>, param: &str) -> PyResult<Vec<(String, String)>> {
    let Some(obj) = obj else { return Ok(Vec::new()) };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for item in obj.try_iter()? {
        let pair: (String, String) = item?
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("parameter `{param}`: headers must be str: str")))?;
        out.push(pair);
    }
    Ok(out)
}
