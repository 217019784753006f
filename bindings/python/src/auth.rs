//! Request authentication and token verification: `NativeAuthenticator`
//! over the core's `clerk_backend::auth::Authenticator`.
//!
//! The request object is read by `request_parts`; the Python layer
//! normalises the options into a dict, which the core parses as JSON
//! (`from_json`, shared with the other bindings). Results come back as plain
//! dicts the Python layer wraps into `RequestState`.

use std::sync::Arc;

use clerk_backend::auth::{
    AuthObject, AuthenticateRequestOptions, Authenticator, ManualClock, NoSleep, RequestData, RequestState, Verified,
    VerifyTokenOptions,
};
use clerk_backend::boundary::env;
use clerk_backend::runtime;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{json_bytes_to_py, value_to_py};
use crate::errors::{auth_py_err, to_py_err};
use crate::options::{option_err, options_json};
use crate::request_parts::request_parts;
use crate::wait::deliver;

#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativeAuthenticator {
    inner: Authenticator,
    clock: Option<Arc<ManualClock>>,
}

#[pymethods]
impl NativeAuthenticator {
    /// An authenticator with a JWKS cache of its own; `shared` gives the
    /// process-wide one instead (the module functions, and the C binding,
    /// use it). `now_ms` fixes the clock (tests); it also disables retry sleeps.
    #[new]
    #[pyo3(signature = (now_ms=None, shared=false))]
    fn new(now_ms: Option<i64>, shared: bool) -> PyResult<Self> {
        match (now_ms, shared) {
            (None, true) => Ok(NativeAuthenticator { inner: Authenticator::shared().clone(), clock: None }),
            (None, false) => Ok(NativeAuthenticator { inner: Authenticator::new(), clock: None }),
            (Some(ms), false) => {
                let clock = Arc::new(ManualClock::new(ms));
                let inner = Authenticator::builder().clock(clock.clone()).sleeper(Arc::new(NoSleep)).build();
                Ok(NativeAuthenticator { inner, clock: Some(clock) })
            }
            (Some(_), true) => Err(PyValueError::new_err("the shared authenticator uses the system clock")),
        }
    }

    fn set_now_ms(&self, now_ms: i64) -> PyResult<()> {
        match &self.clock {
            Some(c) => {
                c.set_ms(now_ms);
                Ok(())
            }
            None => Err(PyValueError::new_err("this authenticator uses the system clock")),
        }
    }

    fn jwks_fetch_count(&self) -> u64 {
        self.inner.jwks_fetch_count()
    }

    /// Authenticates a framework request object (see `request_parts`);
    /// returns the request state as a dict; a misconfiguration raises.
    fn authenticate_request<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        options: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let opts = NativeRequestOptions::from_py(options)?;
        let opts = env::request_defaults(&opts.get().0);
        let opts = &*opts;
        let (method, url, headers) = request_parts(request)?;
        let req = RequestData::new(method, url, headers);
        // The blocking form verifies PEM keys and cached JWKS on this thread
        // without a runtime hop; the GIL is released since the RSA verify
        // (or a JWKS fetch) dominates and other Python threads can run.
        let auth = &self.inner;
        let state = py.detach(|| auth.authenticate_request_blocking(&req, opts)).map_err(auth_py_err)?;
        state_with_auth(py, state)
    }

    fn authenticate_request_async(
        &self,
        callback: Py<PyAny>,
        request: &Bound<'_, PyAny>,
        options: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let opts = env::request_defaults(&NativeRequestOptions::from_py(options)?.get().0).into_owned();
        let (method, url, headers) = request_parts(request)?;
        let req = RequestData::new(method, url, headers);
        let auth = self.inner.clone();
        let handle = runtime::try_handle().map_err(to_py_err)?;
        handle.spawn(async move {
            let result = auth.authenticate_request(&req, &opts).await;
            deliver(&callback, |py| {
                result.map_err(auth_py_err).and_then(|s| state_with_auth(py, s).map(|d| d.into_any()))
            });
        });
        Ok(())
    }

    /// Verifies a session JWT; returns its claims, or raises with the reason.
    fn verify_token<'py>(
        &self,
        py: Python<'py>,
        token: String,
        options: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let opts = NativeVerifyOptions::from_py(options)?;
        let opts = env::verify_defaults(&opts.get().0);
        let opts = &*opts;
        let auth = &self.inner;
        let claims = py.detach(|| auth.verify_token_blocking(&token, opts)).map_err(auth_py_err)?;
        json_bytes_to_py(py, claims.json().as_bytes())
    }
}

/// `verify_token` options parsed once from their dict; the Python layer
/// caches one per options object so repeated calls skip the parsing.
#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativeVerifyOptions(VerifyTokenOptions);

#[pymethods]
impl NativeVerifyOptions {
    #[new]
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(NativeVerifyOptions(token_options(options)?))
    }
}

impl NativeVerifyOptions {
    /// Parsed options, or a dict parsed now.
    fn from_py<'py>(options: &Bound<'py, PyAny>) -> PyResult<Bound<'py, NativeVerifyOptions>> {
        if let Ok(parsed) = options.cast::<NativeVerifyOptions>() {
            return Ok(parsed.clone());
        }
        let d = options.cast::<PyDict>().map_err(|_| PyTypeError::new_err("`options` must be a dict"))?;
        Bound::new(options.py(), NativeVerifyOptions::new(d)?)
    }
}

/// `authenticate_request` options parsed once from their dict.
#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativeRequestOptions(AuthenticateRequestOptions);

#[pymethods]
impl NativeRequestOptions {
    #[new]
    fn new(options: &Bound<'_, PyDict>) -> PyResult<Self> {
        Ok(NativeRequestOptions(request_options(options)?))
    }
}

impl NativeRequestOptions {
    fn from_py<'py>(options: &Bound<'py, PyAny>) -> PyResult<Bound<'py, NativeRequestOptions>> {
        if let Ok(parsed) = options.cast::<NativeRequestOptions>() {
            return Ok(parsed.clone());
        }
        let d = options.cast::<PyDict>().map_err(|_| PyTypeError::new_err("`options` must be a dict"))?;
        Bound::new(options.py(), NativeRequestOptions::new(d)?)
    }
}

fn token_options(d: &Bound<'_, PyDict>) -> PyResult<VerifyTokenOptions> {
    VerifyTokenOptions::from_json(&options_json(d)?).map_err(option_err)
}

fn request_options(d: &Bound<'_, PyDict>) -> PyResult<AuthenticateRequestOptions> {
    AuthenticateRequestOptions::from_json(&options_json(d)?).map_err(option_err)
}

/// The request state's own fields, built directly rather than through
/// `RequestState::to_json`: this runs on every authenticated request, and
/// the JSON form would also build the payload and auth object, which the
/// Python side converts only when read (`NativeAuthSource`).
fn state_to_py<'py>(py: Python<'py>, s: &RequestState) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "status"), s.status.as_str())?;
    d.set_item(intern!(py, "reason"), s.reason.map(|r| r.as_str()))?;
    d.set_item(intern!(py, "message"), s.message.as_deref())?;
    // The caller's own token, handed back as the official SDK does.
    d.set_item(intern!(py, "token"), s.token.as_ref().map(|t| t.expose()))?;
    d.set_item(intern!(py, "token_type"), s.token_type.map(|t| t.as_str()))?;
    d.set_item(intern!(py, "token_error"), s.token_error.map(|t| t.as_str()))?;
    d.set_item(intern!(py, "headers"), s.headers.clone())?;
    d.set_item(intern!(py, "publishable_key"), &s.publishable_key)?;
    d.set_item(intern!(py, "proxy_url"), &s.proxy_url)?;
    d.set_item(intern!(py, "domain"), &s.domain)?;
    d.set_item(intern!(py, "is_satellite"), s.is_satellite)?;
    d.set_item(intern!(py, "sign_in_url"), &s.sign_in_url)?;
    d.set_item(intern!(py, "sign_up_url"), &s.sign_up_url)?;
    d.set_item(intern!(py, "after_sign_in_url"), &s.after_sign_in_url)?;
    d.set_item(intern!(py, "after_sign_up_url"), &s.after_sign_up_url)?;
    Ok(d)
}

/// The payload and auth object of a request state, built only when asked
/// (`RequestState.payload`, `to_auth()`): many callers only read
/// `is_signed_in`, and each of them converts the claims to Python objects.
#[pyclass(frozen, module = "clerk_backend._native")]
pub struct NativeAuthSource {
    state: RequestState,
}

#[pymethods]
impl NativeAuthSource {
    fn payload<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.state.verified {
            Some(Verified::Session(c)) => json_bytes_to_py(py, c.json().as_bytes()),
            Some(Verified::Machine(m)) => value_to_py(py, &m.raw),
            None => Ok(py.None().into_bound(py)),
        }
    }

    fn to_auth<'py>(&self, py: Python<'py>, treat_pending_as_signed_out: bool) -> PyResult<Bound<'py, PyAny>> {
        auth_to_py(py, self.state.to_auth_with(treat_pending_as_signed_out).as_ref())
    }
}

/// The request state as a dict, its `auth` entry a [`NativeAuthSource`].
fn state_with_auth<'py>(py: Python<'py>, s: RequestState) -> PyResult<Bound<'py, PyDict>> {
    let d = state_to_py(py, &s)?;
    d.set_item(intern!(py, "auth"), Bound::new(py, NativeAuthSource { state: s })?)?;
    Ok(d)
}

/// The core's JSON form of the auth object, plus the caller's own token
/// (which `to_json` leaves out). Built on demand (`to_auth()`), so not hot.
fn auth_to_py<'py>(py: Python<'py>, a: Option<&AuthObject>) -> PyResult<Bound<'py, PyAny>> {
    let Some(a) = a else { return Ok(py.None().into_bound(py)) };
    let d = value_to_py(py, &a.to_json())?;
    d.set_item(intern!(py, "token"), a.token().map(|t| t.expose()))?;
    Ok(d)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeAuthenticator>()?;
    m.add_class::<NativeAuthSource>()?;
    m.add_class::<NativeVerifyOptions>()?;
    m.add_class::<NativeRequestOptions>()?;
    m.add("NativeAuthError", m.py().get_type::<crate::errors::NativeAuthError>())?;
    Ok(())
}
