//! `verify_webhook`: a Clerk (Svix-signed) webhook over its raw body. No
//! I/O, so a plain synchronous export.

use clerk_backend::auth::ManualClock;
use clerk_backend::boundary::env;
use clerk_backend::webhooks::{self, WebhookOptions};

use crate::error::ClerkError;
use crate::records::{pairs, Header};

/// The webhook options (the spec's fields) and a fixed clock for tests.
#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct WebhookVerifyOptions {
    /// Default: `CLERK_WEBHOOK_SIGNING_SECRET`.
    #[uniffi(default = None)]
    pub signing_secret: Option<String>,
    #[uniffi(default = None)]
    pub tolerance_seconds: Option<i64>,
    /// Also accept `webhook-id` / `webhook-timestamp` / `webhook-signature`.
    #[uniffi(default = false)]
    pub accept_standard_headers: bool,
    /// Verify at this time (unix milliseconds) instead of now.
    #[uniffi(default = None)]
    pub now_ms: Option<i64>,
}

/// Verifies a webhook; the event's payload as JSON.
#[uniffi::export]
pub fn verify_webhook(
    body: Vec<u8>,
    headers: Vec<Header>,
    options: WebhookVerifyOptions,
) -> Result<String, ClerkError> {
    let headers = pairs(headers);
    let opts = WebhookOptions {
        signing_secret: env::webhook_signing_secret(options.signing_secret.as_deref()),
        tolerance_seconds: options.tolerance_seconds,
        accept_standard_headers: options.accept_standard_headers,
    };
    let event = match options.now_ms {
        None => webhooks::verify_webhook(&headers, &body, &opts)?,
        Some(ms) => webhooks::verify_webhook_at(&headers, &body, &opts, &ManualClock::new(ms))?,
    };
    Ok(event.payload.to_string())
}
