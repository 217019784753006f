//! `clerk_authenticator` and the verification functions: request
//! authentication, session tokens and machine tokens (API key, M2M, OAuth).

use std::ffi::c_char;
use std::sync::Arc;

use clerk_backend::auth::{
    AuthenticateRequestOptions, Authenticator, ManualClock, NoSleep, RequestData, VerifyTokenOptions,
};
use serde_json::Value;

use crate::error::ClerkError;
use crate::panic::{boundary, quiet, ClerkResult, Outcome};
use crate::strings::{json_object, out_ptr, owned, text, write};
use clerk_backend::boundary::{env, header_pairs};

/// A verifier with its own JWKS cache; safe to share across threads. Keep
/// one for the life of the program so that fetched keys are reused.
pub struct ClerkAuthenticator {
    auth: Authenticator,
    clock: Option<Arc<ManualClock>>,
}

/// Creates an authenticator. `options_json` may be NULL or
/// `{"now_ms": <unix milliseconds>}`: a fixed clock (for tests and the shared
/// vectors), which also makes JWKS retries not wait; move it with
/// `clerk_authenticator_set_now_ms`.
///
/// # Safety
/// `options_json` is NULL or NUL-terminated; `out` is writable; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_authenticator_new(
    options_json: *const c_char,
    out: *mut *mut ClerkAuthenticator,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out, "out")?;
        let v = json_object(options_json, "options_json")?;
        let o = v.as_object().into_iter().flatten();
        let mut now_ms = None;
        for (k, v) in o {
            match (k.as_str(), v) {
                ("now_ms", Value::Null) => {}
                ("now_ms", v) => {
                    now_ms = Some(v.as_i64().ok_or_else(|| {
                        ClerkError::invalid_argument("options_json.now_ms", "must be an integer (unix milliseconds)")
                    })?)
                }
                _ => {
                    return Err(ClerkError::invalid_argument(
                        &format!("options_json.{k}"),
                        "unknown option; known: now_ms",
                    ))
                }
            }
        }
        let made = match now_ms {
            None => ClerkAuthenticator { auth: Authenticator::new(), clock: None },
            Some(ms) => {
                let clock = Arc::new(ManualClock::new(ms));
                let auth = Authenticator::builder().clock(clock.clone()).sleeper(Arc::new(NoSleep)).build();
                ClerkAuthenticator { auth, clock: Some(clock) }
            }
        };
        write(out, Box::into_raw(Box::new(made)));
        Ok(())
    })
}

/// Moves the fixed clock of an authenticator made with `now_ms`; one with
/// the system clock is `invalid_argument`.
///
/// # Safety
/// `auth` is a live authenticator; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_authenticator_set_now_ms(
    auth: *const ClerkAuthenticator,
    now_ms: i64,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        let auth = auth_arg(auth)?;
        let clock = auth.clock.as_ref().ok_or_else(|| {
            ClerkError::invalid_argument("auth", "this authenticator uses the system clock (made without now_ms)")
        })?;
        clock.set_ms(now_ms);
        Ok(())
    })
}

/// Frees an authenticator; NULL is ignored. No call may be running on it.
///
/// # Safety
/// `auth` is NULL or from `clerk_authenticator_new`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_authenticator_free(auth: *mut ClerkAuthenticator) {
    quiet((), || {
        if !auth.is_null() {
            drop(Box::from_raw(auth));
        }
    })
}

unsafe fn auth_arg<'a>(p: *const ClerkAuthenticator) -> Outcome<&'a ClerkAuthenticator> {
    p.as_ref().ok_or_else(|| ClerkError::null_argument("auth"))
}

/// Verifies a session JWT (auth spec 5). `options_json`: the spec's options,
/// snake_case (`jwt_key`, `secret_key`, `authorized_parties`, …; NULL for
/// none); unset keys come from `CLERK_SECRET_KEY`, `CLERK_JWT_KEY`,
/// `CLERK_API_URL`, `CLERK_API_VERSION`. On success `*out_claims_json` is the claims as JSON; a refused
/// token is `CLERK_RESULT_TOKEN_VERIFICATION` with the reason in the error.
///
/// # Safety
/// `auth` is live; strings are NUL-terminated (`options_json` may be NULL); `out_claims_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_verify_token(
    auth: *const ClerkAuthenticator,
    token: *const c_char,
    options_json: *const c_char,
    out_claims_json: *mut *mut c_char,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out_claims_json, "out_claims_json")?;
        let auth = auth_arg(auth)?;
        let token = text(token, "token")?;
        let opts = VerifyTokenOptions::from_json(&json_object(options_json, "options_json")?)?;
        let claims = auth.auth.verify_token_blocking(token, &env::verify_defaults(&opts))?;
        write(out_claims_json, owned(claims.json()));
        Ok(())
    })
}

/// Verifies a machine token (auth spec 8): an API key (`ak_…`), M2M token
/// (`mt_…`) or OAuth token (`oat_…`), opaque ones through the Backend API,
/// JWT ones locally. `options_json` as for `clerk_authenticate_request`
/// (`secret_key` / `machine_secret_key`, `api_url`, …). On success
/// `*out_json` is `{"token_type", "id", "subject", "scopes", "claims", …, "raw"}`.
///
/// # Safety
/// As for `clerk_verify_token`.
#[no_mangle]
pub unsafe extern "C" fn clerk_verify_machine_token(
    auth: *const ClerkAuthenticator,
    token: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out_json, "out_json")?;
        let auth = auth_arg(auth)?;
        let token = text(token, "token")?;
        let opts = AuthenticateRequestOptions::from_json(&json_object(options_json, "options_json")?)?;
        let data = auth.auth.verify_machine_token_blocking(token, &env::request_defaults(&opts))?;
        write(out_json, owned(&data.to_json().to_string()));
        Ok(())
    })
}

/// `{"method", "url", "headers"}` of a request; the request's shape is the
/// C ABI's own (other bindings take their framework's request objects).
fn request(v: &Value) -> Outcome<RequestData> {
    let name = "request_json";
    let r = v.as_object().ok_or_else(|| ClerkError::invalid_argument(name, "must be a JSON object"))?;
    let mut method = "GET".to_owned();
    let mut url = None;
    let mut headers = Vec::new();
    for (k, v) in r {
        let key = format!("{name}.{k}");
        match (k.as_str(), v) {
            (_, Value::Null) => {}
            ("method", Value::String(s)) => method.clone_from(s),
            ("url", Value::String(s)) => url = Some(s.clone()),
            ("method" | "url", _) => return Err(ClerkError::invalid_argument(&key, "must be a string")),
            ("headers", v) => headers = header_pairs(v, &key)?,
            _ => return Err(ClerkError::invalid_argument(&key, "unknown key; known: method, url, headers")),
        }
    }
    let url = url.ok_or_else(|| ClerkError::invalid_argument("request_json.url", "is required"))?;
    Ok(RequestData::new(method, url, headers))
}

/// Authenticates a request (auth spec 9). `request_json`: `{"method": "GET",
/// "url": "https://…", "headers": [["name", "value"], …]}` (or headers as an
/// object). On success `*out_state_json` is the request state (`status`,
/// `is_signed_in`, `reason`, `payload`, `auth`, `headers`, …): a signed-out
/// request is a state, not an error; only misconfiguration is an error (`auth_config`).
///
/// # Safety
/// `auth` is live; strings are NUL-terminated (`options_json` may be NULL); `out_state_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_authenticate_request(
    auth: *const ClerkAuthenticator,
    request_json: *const c_char,
    options_json: *const c_char,
    out_state_json: *mut *mut c_char,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out_state_json, "out_state_json")?;
        let auth = auth_arg(auth)?;
        if request_json.is_null() {
            return Err(ClerkError::null_argument("request_json"));
        }
        let req = request(&json_object(request_json, "request_json")?)?;
        let opts = AuthenticateRequestOptions::from_json(&json_object(options_json, "options_json")?)?;
        let state = auth.auth.authenticate_request_blocking(&req, &env::request_defaults(&opts))?;
        write(out_state_json, owned(&state.to_json().to_string()));
        Ok(())
    })
}
