//! Webhook header parsing and verification on arbitrary input: the first
//! three lines are `svix-id`, `svix-timestamp` and `svix-signature`, the
//! rest is the body.
#![no_main]

use clerk_backend::auth::ManualClock;
use clerk_backend::webhooks::{verify_webhook_at, WebhookOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |b| *b == b'\n');
    let mut next = || String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let (id, ts, sig) = (next(), next(), next());
    let body = data.splitn(4, |b| *b == b'\n').nth(3).unwrap_or_default();
    let headers = vec![
        ("svix-id".to_owned(), id.clone()),
        ("svix-timestamp".to_owned(), ts.clone()),
        ("Svix-Signature".to_owned(), sig.clone()),
        ("webhook-id".to_owned(), id),
        ("webhook-timestamp".to_owned(), ts),
        ("webhook-signature".to_owned(), sig),
    ];
    let clock = ManualClock::new(1_767_225_600_000);
    for (secret, standard) in [("whsec_9n64SNmBS+YdTpZhKa2/sJuqDngxPsBs318TeVhpLfc=", false), ("bm90IGEga2V5", true)] {
        let opts = WebhookOptions {
            signing_secret: Some(secret.into()),
            accept_standard_headers: standard,
            ..WebhookOptions::default()
        };
        let _ = verify_webhook_at(&headers, body, &opts, &clock);
        let _ = verify_webhook_at(&headers[..2], body, &opts, &clock);
    }
});
