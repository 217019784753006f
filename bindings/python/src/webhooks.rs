//! Webhook verification (core `clerk_backend::webhooks`, Svix scheme).

use clerk_backend::auth::ManualClock;
use clerk_backend::boundary::env;
use clerk_backend::webhooks::{verify_webhook, verify_webhook_at, WebhookOptions};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::value_to_py;
use crate::errors::auth_py_err;
use crate::request_parts::headers_of;

/// Verifies `body` against the `svix-*` headers (a mapping or a request
/// object); returns the event as a dict
/// or raises `NativeAuthError("webhook", reason, message)`. `now_ms` fixes
/// the clock (tests).
#[pyfunction]
#[pyo3(signature = (body, headers, signing_secret=None, now_ms=None, tolerance_seconds=None, accept_standard_headers=false))]
fn verify_webhook_native<'py>(
    py: Python<'py>,
    body: &[u8],
    headers: &Bound<'py, PyAny>,
    signing_secret: Option<String>,
    now_ms: Option<i64>,
    tolerance_seconds: Option<i64>,
    accept_standard_headers: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let opts = WebhookOptions {
        signing_secret: env::webhook_signing_secret(signing_secret.as_deref()),
        tolerance_seconds,
        accept_standard_headers,
    };
    let headers = headers_of(headers)?;
    let owned = body.to_vec();
    let result = py.detach(move || match now_ms {
        Some(ms) => verify_webhook_at(&headers, &owned, &opts, &ManualClock::new(ms)),
        None => verify_webhook(&headers, &owned, &opts),
    });
    let event = result.map_err(auth_py_err)?;
    let d = PyDict::new(py);
    d.set_item(intern!(py, "type"), &event.event_type)?;
    d.set_item(intern!(py, "object"), event.object.as_deref())?;
    d.set_item(intern!(py, "data"), value_to_py(py, &event.data)?)?;
    d.set_item(
        intern!(py, "event_attributes"),
        event.event_attributes.as_ref().map(|v| value_to_py(py, v)).transpose()?,
    )?;
    d.set_item(intern!(py, "timestamp"), event.timestamp)?;
    d.set_item(intern!(py, "instance_id"), event.instance_id.as_deref())?;
    d.set_item(intern!(py, "payload"), value_to_py(py, &event.payload)?)?;
    Ok(d)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify_webhook_native, m)?)
}
