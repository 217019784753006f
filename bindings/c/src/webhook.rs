//! `clerk_verify_webhook`: a Clerk (Svix-signed) webhook over its raw body.

use std::ffi::c_char;

use clerk_backend::auth::ManualClock;
use clerk_backend::webhooks::{verify_webhook, verify_webhook_at, WebhookOptions};
use serde_json::Value;

use crate::error::ClerkError;
use crate::panic::{boundary, ClerkResult, Outcome};
use crate::strings::{bytes, json_object, json_value, out_ptr, owned, write};
use clerk_backend::boundary::{env, header_pairs};

/// The webhook options and the fixed clock, if any.
fn options(v: &Value) -> Outcome<(WebhookOptions, Option<i64>)> {
    let name = "options_json";
    let o = v.as_object().ok_or_else(|| ClerkError::invalid_argument(name, "must be a JSON object"))?;
    const KEYS: &[&str] = &["signing_secret", "now_ms", "tolerance_seconds", "accept_standard_headers"];
    if let Some(k) = o.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(ClerkError::invalid_argument(
            &format!("{name}.{k}"),
            &format!("unknown option; known: {}", KEYS.join(", ")),
        ));
    }
    let int = |key: &str| match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| ClerkError::invalid_argument(&format!("{name}.{key}"), "must be an integer")),
    };
    let accept_standard_headers = match o.get("accept_standard_headers") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(ClerkError::invalid_argument("options_json.accept_standard_headers", "must be a boolean"))
        }
    };
    let secret = match o.get("signing_secret") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Err(ClerkError::invalid_argument("options_json.signing_secret", "must be a string")),
    };
    let opts = WebhookOptions {
        signing_secret: env::webhook_signing_secret(secret),
        tolerance_seconds: int("tolerance_seconds")?,
        accept_standard_headers,
    };
    Ok((opts, int("now_ms")?))
}

/// Verifies a webhook over its raw body (`body_len` bytes). `headers_json`:
/// the request headers as `[["name", "value"], …]` or an object.
/// `options_json` (NULL for none): `signing_secret` (default
/// `CLERK_WEBHOOK_SIGNING_SECRET`), `tolerance_seconds`,
/// `accept_standard_headers`, and `now_ms` to verify at a fixed time
/// (tests). On success `*out_payload_json` is the event as JSON; a refusal is
/// `CLERK_RESULT_WEBHOOK_VERIFICATION` / `_CONFIG` with the reason.
///
/// # Safety
/// `body` points to `body_len` bytes (NULL when 0); strings are
/// NUL-terminated (`options_json` may be NULL); `out_payload_json` is writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_verify_webhook(
    body: *const u8,
    body_len: usize,
    headers_json: *const c_char,
    options_json: *const c_char,
    out_payload_json: *mut *mut c_char,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out_payload_json, "out_payload_json")?;
        let body = bytes(body, body_len, "body")?;
        let headers = header_pairs(&json_value(headers_json, "headers_json")?, "headers_json")?;
        let (opts, now_ms) = options(&json_object(options_json, "options_json")?)?;
        let event = match now_ms {
            None => verify_webhook(&headers, body, &opts)?,
            Some(ms) => verify_webhook_at(&headers, body, &opts, &ManualClock::new(ms))?,
        };
        write(out_payload_json, owned(&event.payload.to_string()));
        Ok(())
    })
}
