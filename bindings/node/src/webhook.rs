//! Webhook verification (the core's `webhooks`, Svix scheme); synchronous:
//! one HMAC over the body, no I/O.

use clerk_backend::auth::ManualClock;
use clerk_backend::boundary::env;
use clerk_backend::webhooks::{verify_webhook_at, WebhookOptions};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;
use serde_json::json;

use crate::auth::pairs;
use crate::errors::{throw, Result};

/// Verifies `body` against the `svix-*` headers (flat name, value, ...);
/// returns the event as JSON text or throws the record (`webhook_verification`).
/// `nowMs` fixes the clock (tests).
#[napi]
pub fn verify_webhook_native(
    body: Buffer,
    headers: Vec<String>,
    signing_secret: Option<String>,
    tolerance_seconds: Option<f64>,
    accept_standard_headers: Option<bool>,
    now_ms: Option<f64>,
) -> Result<String> {
    let opts = WebhookOptions {
        signing_secret: env::webhook_signing_secret(signing_secret.as_deref()),
        tolerance_seconds: tolerance_seconds.map(|s| s as i64),
        accept_standard_headers: accept_standard_headers.unwrap_or(false),
    };
    let headers = pairs(headers);
    let result = match now_ms {
        Some(ms) => verify_webhook_at(&headers, &body, &opts, &ManualClock::new(ms as i64)),
        None => verify_webhook_at(&headers, &body, &opts, &clerk_backend::auth::SystemClock),
    };
    let event = result.map_err(throw)?;
    Ok(json!({
        "type": event.event_type,
        "object": event.object,
        "data": event.data,
        "event_attributes": event.event_attributes,
        "timestamp": event.timestamp,
        "instance_id": event.instance_id,
        "payload": event.payload,
    })
    .to_string())
}
