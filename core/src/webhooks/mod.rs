//! Webhook verification (issue 3, spec section 12): the Svix / Standard
//! Webhooks scheme Clerk signs with.
//!
//! [`verify_webhook`] checks the `svix-id`, `svix-timestamp` and
//! `svix-signature` headers against the raw body with HMAC-SHA256, within a
//! ±300 s window, comparing signatures in constant time, and returns the
//! event type, the parsed payload and the raw body.

use std::fmt;

use aws_lc_rs::{constant_time, hmac};
use base64::Engine as _;
use serde_json::Value;

use crate::auth::reasons::string_enum;
use crate::auth::{Clock, SystemClock};
use crate::secret::SecretString;

string_enum! {
    /// Why a webhook was rejected.
    WebhookErrorReason {
        MissingSigningSecret => "missing-signing-secret",
        InvalidSigningSecret => "invalid-signing-secret",
        MissingHeaders => "missing-headers",
        InvalidTimestamp => "invalid-timestamp",
        TimestampTooOld => "timestamp-too-old",
        TimestampTooNew => "timestamp-too-new",
        NoMatchingSignature => "no-matching-signature",
        InvalidPayload => "invalid-payload",
    }
}

/// A webhook could not be verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookError {
    pub reason: WebhookErrorReason,
    pub message: String,
}

impl WebhookError {
    pub(crate) fn new(reason: WebhookErrorReason, message: impl Into<String>) -> Self {
        WebhookError { reason, message: message.into() }
    }

    /// Secret problems are configuration errors, the rest are bad requests.
    pub fn is_config_error(&self) -> bool {
        matches!(self.reason, WebhookErrorReason::MissingSigningSecret | WebhookErrorReason::InvalidSigningSecret)
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.reason)
    }
}

impl std::error::Error for WebhookError {}

/// Default replay window, seconds.
pub const DEFAULT_TOLERANCE_SECONDS: i64 = 300;

/// Options of [`verify_webhook`].
#[derive(Debug, Clone, Default)]
pub struct WebhookOptions {
    /// `whsec_…` (the prefix is optional). Bindings fill it from
    /// `CLERK_WEBHOOK_SIGNING_SECRET`; the core never reads the environment.
    pub signing_secret: Option<SecretString>,
    /// Default 300 s.
    pub tolerance_seconds: Option<i64>,
    /// Also read `webhook-id` / `webhook-timestamp` / `webhook-signature`
    /// when the `svix-*` headers are absent (off by default, as in JS).
    pub accept_standard_headers: bool,
}

/// A verified webhook.
#[derive(Clone, PartialEq)]
pub struct WebhookEvent {
    /// `type`, e.g. `user.created`.
    pub event_type: String,
    /// `object` (`"event"`).
    pub object: Option<String>,
    pub data: Value,
    pub event_attributes: Option<Value>,
    /// Milliseconds.
    pub timestamp: Option<i64>,
    pub instance_id: Option<String>,
    /// The whole parsed payload.
    pub payload: Value,
    /// The body exactly as received.
    pub raw: Vec<u8>,
}

impl fmt::Debug for WebhookEvent {
    // Payloads carry personal data; show what identifies the event.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookEvent")
            .field("event_type", &self.event_type)
            .field("instance_id", &self.instance_id)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

impl WebhookEvent {
    /// The payload as the generated typed event (`user.created` →
    /// `UserCreated(User)`, …); an unknown type or shape is an error, while
    /// [`WebhookEvent::payload`] always has the raw JSON.
    pub fn typed(&self) -> Result<crate::generated::webhook_events::WebhookEvent, serde_json::Error> {
        serde_json::from_value(self.payload.clone())
    }
}

/// Verifies a webhook with the system clock. `headers` are name/value
/// pairs (names case-insensitive); `body` the raw request body.
pub fn verify_webhook(
    headers: &[(String, String)],
    body: &[u8],
    options: &WebhookOptions,
) -> Result<WebhookEvent, WebhookError> {
    verify_webhook_at(headers, body, options, &SystemClock)
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(n, _)| n.trim().eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

fn fail(reason: WebhookErrorReason, message: impl Into<String>) -> WebhookError {
    WebhookError::new(reason, message)
}

/// "Unable to verify incoming webhook: <inner>" (JS wording for steps 4–8).
fn unable(reason: WebhookErrorReason, inner: &str) -> WebhookError {
    fail(reason, format!("Unable to verify incoming webhook: {inner}"))
}

/// Longest signature header considered (a few dozen signatures).
const MAX_SIGNATURE_HEADER: usize = 8 * 1024;

/// [`verify_webhook`] with an injected clock.
pub fn verify_webhook_at(
    headers: &[(String, String)],
    body: &[u8],
    options: &WebhookOptions,
    clock: &dyn Clock,
) -> Result<WebhookEvent, WebhookError> {
    use WebhookErrorReason as R;
    let secret = options.signing_secret.as_ref().filter(|s| !s.expose().trim().is_empty()).ok_or_else(|| {
        fail(
            R::MissingSigningSecret,
            "Missing webhook signing secret. Set the CLERK_WEBHOOK_SIGNING_SECRET environment variable with the signing secret from the Clerk Dashboard.",
        )
    })?;

    let pick = |svix: &str, standard: &str| {
        header(headers, svix).or_else(|| if options.accept_standard_headers { header(headers, standard) } else { None })
    };
    let id = pick("svix-id", "webhook-id");
    let timestamp = pick("svix-timestamp", "webhook-timestamp");
    let signatures = pick("svix-signature", "webhook-signature");
    let (Some(id), Some(timestamp), Some(signatures)) = (id, timestamp, signatures) else {
        let missing: Vec<&str> = [("svix-id", id), ("svix-timestamp", timestamp), ("svix-signature", signatures)]
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(n, _)| *n)
            .collect();
        return Err(fail(R::MissingHeaders, format!("Missing required webhook headers: {}", missing.join(", "))));
    };

    let key = signing_key(secret.expose())
        .ok_or_else(|| fail(R::InvalidSigningSecret, "The webhook signing secret is not valid base64."))?;

    let ts = parse_timestamp(timestamp).ok_or_else(|| unable(R::InvalidTimestamp, "Invalid Signature Headers"))?;
    let now_s = clock.now_ms().div_euclid(1000);
    let tolerance = options.tolerance_seconds.unwrap_or(DEFAULT_TOLERANCE_SECONDS).max(0);
    if now_s.saturating_sub(ts) > tolerance {
        return Err(unable(R::TimestampTooOld, "Message timestamp too old"));
    }
    if ts > now_s.saturating_add(tolerance) {
        return Err(unable(R::TimestampTooNew, "Message timestamp too new"));
    }

    let expected = expected_signature(&key, id, ts, body);
    if signatures.len() > MAX_SIGNATURE_HEADER || !signature_matches(signatures, expected.as_bytes()) {
        return Err(unable(R::NoMatchingSignature, "No matching signature found"));
    }
    parse_event(body).ok_or_else(|| unable(R::InvalidPayload, "The webhook payload is not a JSON event object"))
}

/// Step 3: optional `whsec_` prefix, standard base64, non-empty.
fn signing_key(secret: &str) -> Option<hmac::Key> {
    let b64 = secret.trim();
    let b64 = b64.strip_prefix("whsec_").unwrap_or(b64);
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    (!bytes.is_empty()).then(|| hmac::Key::new(hmac::HMAC_SHA256, &bytes))
}

/// Strict: an optional `-` and ASCII digits that fit an i64.
fn parse_timestamp(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// base64(HMAC-SHA256(key, "{id}.{ts}.{body}")), padded.
fn expected_signature(key: &hmac::Key, id: &str, ts: i64, body: &[u8]) -> String {
    let mut ctx = hmac::Context::with_key(key);
    ctx.update(id.as_bytes());
    ctx.update(format!(".{ts}.").as_bytes());
    ctx.update(body);
    base64::engine::general_purpose::STANDARD.encode(ctx.sign().as_ref())
}

/// Space-separated `v1,<sig>` entries; other versions are skipped.
fn signature_matches(header: &str, expected: &[u8]) -> bool {
    let mut found = false;
    for entry in header.split(' ') {
        let Some((version, sig)) = entry.split_once(',') else { continue };
        // Compare every v1 entry so timing does not reveal which one matched.
        if version == "v1" && constant_time::verify_slices_are_equal(sig.as_bytes(), expected).is_ok() {
            found = true;
        }
    }
    found
}

fn parse_event(body: &[u8]) -> Option<WebhookEvent> {
    let payload: Value = serde_json::from_slice(body).ok()?;
    let obj = payload.as_object()?;
    let s = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(WebhookEvent {
        event_type: s("type")?,
        object: s("object"),
        data: obj.get("data").cloned().unwrap_or(Value::Null),
        event_attributes: obj.get("event_attributes").cloned(),
        timestamp: obj.get("timestamp").and_then(Value::as_i64),
        instance_id: s("instance_id"),
        raw: body.to_vec(),
        payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_strict() {
        assert_eq!(parse_timestamp("1767225600"), Some(1767225600));
        assert_eq!(parse_timestamp("-5"), Some(-5));
        assert_eq!(parse_timestamp("12abc"), None);
        assert_eq!(parse_timestamp("+1"), None);
        assert_eq!(parse_timestamp(""), None);
        assert_eq!(parse_timestamp("99999999999999999999"), None);
    }

    #[test]
    fn signature_list() {
        assert!(signature_matches("v1,abc v1,xyz", b"xyz"));
        assert!(!signature_matches("v2,xyz v1", b"xyz"));
        assert!(!signature_matches("v1,xy", b"xyz"));
        assert!(!signature_matches("", b"xyz"));
    }
}
