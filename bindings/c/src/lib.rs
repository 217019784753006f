//! C ABI of the clerk-backend core (`include/clerk_backend.h`, written by
//! cbindgen from this crate).
//!
//! Thin by design, like every binding: JSON text in, JSON text out, by the
//! same dotted operation names as the core (`"users.list"`). Every function
//! that can fail takes a `clerk_error **err` (may be NULL) and returns NULL
//! on failure; strings it returns are freed with `clerk_string_free`. No
//! panic crosses the boundary: one becomes an `internal` error.

mod error;

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::time::Duration;

use clerk_backend::auth::{AuthenticateRequestOptions, Authenticator, RequestData, VerifyTokenOptions};
use clerk_backend::boundary::ErrorRecord;
use clerk_backend::webhooks::{verify_webhook, WebhookOptions};
use clerk_backend::{CallInput, CallOptions, Client, ClientOptions, OptionNames, SecretString};
use serde_json::{Map, Value};

use error::c_string;
pub use error::ClerkError;

/// A Backend API client: one connection pool, safe to share across threads.
pub struct ClerkClient {
    client: Client,
}

type Outcome<T> = Result<T, ClerkError>;

/// Runs `f`, turning a failure or a panic into `*err` and `T`'s null value.
fn guard<T>(err: *mut *mut ClerkError, null: T, f: impl FnOnce() -> Outcome<T>) -> T {
    let outcome = catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(ClerkError::from(ErrorRecord::internal())));
    match outcome {
        Ok(v) => v,
        Err(e) => {
            if !err.is_null() {
                // SAFETY: the caller passes NULL or a valid `clerk_error **`.
                unsafe { *err = Box::into_raw(Box::new(e)) };
            }
            null
        }
    }
}

/// A required C string argument as UTF-8.
unsafe fn text<'a>(p: *const c_char, name: &str) -> Outcome<&'a str> {
    if p.is_null() {
        return Err(ClerkError::invalid_argument(name, "must not be NULL"));
    }
    CStr::from_ptr(p).to_str().map_err(|_| ClerkError::invalid_argument(name, "is not valid UTF-8"))
}

/// An optional JSON argument: NULL is `default`.
unsafe fn json_arg(p: *const c_char, name: &str, default: Value) -> Outcome<Value> {
    if p.is_null() {
        return Ok(default);
    }
    serde_json::from_str(text(p, name)?).map_err(|e| ClerkError::invalid_argument(name, &format!("invalid JSON: {e}")))
}

fn out(json: &Value) -> Outcome<*mut c_char> {
    Ok(c_string(&json.to_string()).into_raw())
}

fn object<'a>(v: &'a Value, name: &str) -> Outcome<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| ClerkError::invalid_argument(name, "must be a JSON object"))
}

fn opt_str(o: &Map<String, Value>, key: &str, name: &str) -> Outcome<Option<String>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ClerkError::invalid_argument(&format!("{name}.{key}"), "must be a string")),
    }
}

fn opt_millis(o: &Map<String, Value>, key: &str, name: &str) -> Outcome<Option<Duration>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        // The core's one range check: `1e300` is invalid_argument, never a panic.
        Some(v) => match v.as_f64() {
            Some(ms) => Ok(Some(clerk_backend::duration_from_millis(&format!("{name}.{key}"), ms)?)),
            None => {
                Err(ClerkError::invalid_argument(&format!("{name}.{key}"), "must be a positive number of milliseconds"))
            }
        },
    }
}

/// `[["name", "value"], ...]` or `{"name": "value"}`.
fn header_pairs(v: &Value, name: &str) -> Outcome<Vec<(String, String)>> {
    let bad = || ClerkError::invalid_argument(name, "must be an object of strings or a list of [name, value] pairs");
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Object(m) => {
            m.iter().map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())).ok_or_else(bad)).collect()
        }
        Value::Array(items) => items
            .iter()
            .map(|p| match p.as_array().map(Vec::as_slice) {
                Some([Value::String(k), Value::String(v)]) => Ok((k.clone(), v.clone())),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

/// The library's version (`"0.1.0"`), static.
#[no_mangle]
pub extern "C" fn clerk_version() -> *const c_char {
    static VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"?",
    };
    VERSION.as_ptr()
}

/// Creates a client. `options_json` may be NULL or an object with any of
/// `secret_key` (default `CLERK_SECRET_KEY`), `server_url` (default
/// `CLERK_API_URL`, else `https://api.clerk.com/v1`), `timeout_ms`,
/// `connect_timeout_ms`, `default_headers`, `proxy`.
///
/// # Safety
/// `options_json` is NULL or a NUL-terminated string; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_client_new(options_json: *const c_char, err: *mut *mut ClerkError) -> *mut ClerkClient {
    guard(err, ptr::null_mut(), || {
        let v = json_arg(options_json, "options_json", Value::Object(Map::new()))?;
        let o = object(&v, "options_json")?;
        let options = ClientOptions {
            secret_key: opt_str(o, "secret_key", "options_json")?.map(SecretString::new),
            server_url: opt_str(o, "server_url", "options_json")?,
            timeout: opt_millis(o, "timeout_ms", "options_json")?,
            connect_timeout: opt_millis(o, "connect_timeout_ms", "options_json")?,
            default_headers: header_pairs(
                o.get("default_headers").unwrap_or(&Value::Null),
                "options_json.default_headers",
            )?,
            proxy: opt_str(o, "proxy", "options_json")?,
            user_agent_suffix: Some("c".to_owned()),
            option_names: OptionNames::C,
            ..ClientOptions::default()
        };
        let client = Client::new(options)?;
        Ok(Box::into_raw(Box::new(ClerkClient { client })))
    })
}

/// Frees a client; NULL is ignored. Calls in progress on other threads must have returned.
///
/// # Safety
/// `client` is NULL or a client from `clerk_client_new`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_client_free(client: *mut ClerkClient) {
    if !client.is_null() {
        drop(Box::from_raw(client));
    }
}

/// Calls one Backend API operation by its dotted name (`"users.list"`,
/// `"users.get_o_auth_access_token"`) with its parameters as a JSON object
/// (path, query and body fields by their wire names; NULL for none), blocking
/// until it completes (retries included). Returns the response body as JSON
/// text (`null` for an empty body), or NULL with `*err` set.
///
/// # Safety
/// `client` is a live client; strings are NUL-terminated; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_client_call(
    client: *const ClerkClient,
    operation: *const c_char,
    params_json: *const c_char,
    err: *mut *mut ClerkError,
) -> *mut c_char {
    guard(err, ptr::null_mut(), || {
        let client = client.as_ref().ok_or_else(|| ClerkError::invalid_argument("client", "must not be NULL"))?;
        let name = text(operation, "operation")?;
        let params = json_arg(params_json, "params_json", Value::Object(Map::new()))?;
        let raw = client.client.blocking().call_raw(name, CallInput::json(params), &CallOptions::default())?;
        // The header promises JSON text: the core checks the body and builds
        // (and redacts) the decode error when it is not.
        let body = raw.json_text()?;
        Ok(c_string(&body).into_raw())
    })
}

/// Verifies a session JWT (auth spec 5). `options_json`: the spec's options,
/// snake_case (`jwt_key`, `secret_key`, `authorized_parties`, …). Returns the
/// claims as JSON, or NULL with `*err` (`token_verification`, with the reason).
///
/// # Safety
/// Strings are NUL-terminated (`options_json` may be NULL); `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_verify_token(
    token: *const c_char,
    options_json: *const c_char,
    err: *mut *mut ClerkError,
) -> *mut c_char {
    guard(err, ptr::null_mut(), || {
        let token = text(token, "token")?;
        let opts = VerifyTokenOptions::from_json(&json_arg(options_json, "options_json", Value::Object(Map::new()))?)?;
        let claims = Authenticator::shared().verify_token_blocking(token, &opts)?;
        Ok(c_string(claims.json()).into_raw())
    })
}

/// Authenticates a request (auth spec 9). `request_json`: `{"method": "GET",
/// "url": "https://…", "headers": [["name", "value"], …]}` (or headers as an
/// object). Returns the request state as JSON (`status`, `is_signed_in`,
/// `reason`, `payload`, `auth`, `headers`, …); a signed-out request is a
/// state, not an error. NULL with `*err` only for misconfiguration.
///
/// # Safety
/// Strings are NUL-terminated (`options_json` may be NULL); `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_authenticate_request(
    request_json: *const c_char,
    options_json: *const c_char,
    err: *mut *mut ClerkError,
) -> *mut c_char {
    guard(err, ptr::null_mut(), || {
        let req = json_arg(request_json, "request_json", Value::Null)?;
        let r = object(&req, "request_json")?;
        let method = opt_str(r, "method", "request_json")?.unwrap_or_else(|| "GET".to_owned());
        let url = opt_str(r, "url", "request_json")?
            .ok_or_else(|| ClerkError::invalid_argument("request_json.url", "is required"))?;
        let headers = header_pairs(r.get("headers").unwrap_or(&Value::Null), "request_json.headers")?;
        let opts =
            AuthenticateRequestOptions::from_json(&json_arg(options_json, "options_json", Value::Object(Map::new()))?)?;
        let state =
            Authenticator::shared().authenticate_request_blocking(&RequestData::new(method, url, headers), &opts)?;
        out(&state.to_json())
    })
}

/// Verifies a Clerk (Svix-signed) webhook over the raw body. `headers_json`
/// as for `clerk_authenticate_request`; `signing_secret` NULL reads
/// `CLERK_WEBHOOK_SIGNING_SECRET`. Returns the event payload as JSON, or NULL
/// with `*err` (`webhook_verification` / `webhook_config`, with the reason).
///
/// # Safety
/// `body` points to `body_len` bytes (may be NULL when 0); strings are
/// NUL-terminated or NULL where allowed; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_verify_webhook(
    body: *const u8,
    body_len: usize,
    headers_json: *const c_char,
    signing_secret: *const c_char,
    err: *mut *mut ClerkError,
) -> *mut c_char {
    guard(err, ptr::null_mut(), || {
        let body: &[u8] = match (body.is_null(), body_len) {
            (_, 0) => &[],
            (true, _) => return Err(ClerkError::invalid_argument("body", "is NULL with a non-zero length")),
            (false, n) => std::slice::from_raw_parts(body, n),
        };
        let headers = header_pairs(&json_arg(headers_json, "headers_json", Value::Null)?, "headers_json")?;
        let secret = if signing_secret.is_null() {
            std::env::var("CLERK_WEBHOOK_SIGNING_SECRET").ok()
        } else {
            Some(text(signing_secret, "signing_secret")?.to_owned())
        };
        let opts = WebhookOptions { signing_secret: secret.map(SecretString::new), ..WebhookOptions::default() };
        let event = verify_webhook(&headers, body, &opts)?;
        out(&event.payload)
    })
}

/// Frees a string this library returned; NULL is ignored.
///
/// # Safety
/// `s` is NULL or a string from this library, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_string_free(s: *mut c_char) {
    if !s.is_null() {
        drop(CString::from_raw(s));
    }
}
