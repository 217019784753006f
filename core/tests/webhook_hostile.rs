//! Webhook verification on hostile or unusual input: every failure is a
//! typed reason, never a panic.

use aws_lc_rs::hmac;
use base64::Engine as _;
use clerk_backend::auth::ManualClock;
use clerk_backend::webhooks::{verify_webhook_at, WebhookErrorReason as R, WebhookOptions};
use rand::{Rng, SeedableRng};

const NOW: i64 = 1_767_225_600;
const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

fn secret() -> String {
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(KEY))
}

fn sign(id: &str, ts: i64, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, KEY);
    let mut msg = format!("{id}.{ts}.").into_bytes();
    msg.extend_from_slice(body);
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(hmac::sign(&key, &msg).as_ref()))
}

fn headers(id: &str, ts: &str, sig: &str) -> Vec<(String, String)> {
    vec![("svix-id".into(), id.into()), ("svix-timestamp".into(), ts.into()), ("svix-signature".into(), sig.into())]
}

fn verify(h: &[(String, String)], body: &[u8]) -> Result<clerk_backend::webhooks::WebhookEvent, R> {
    let opts = WebhookOptions { signing_secret: Some(secret().into()), ..WebhookOptions::default() };
    verify_webhook_at(h, body, &opts, &ManualClock::new(NOW * 1000)).map_err(|e| e.reason)
}

const BODY: &[u8] = br#"{"type":"user.created","object":"event","data":{"id":"user_1"},"timestamp":1767225600000}"#;

#[test]
fn valid_event_with_case_insensitive_padded_headers() {
    let h = vec![
        ("SVIX-ID".into(), " msg_1 ".into()),
        ("Svix-Timestamp".into(), NOW.to_string()),
        ("svix-signature".into(), format!("v1,bogus {}", sign("msg_1", NOW, BODY))),
    ];
    let event = verify(&h, BODY).expect("valid");
    assert_eq!(event.event_type, "user.created");
    assert_eq!(event.data["id"], "user_1");
    assert_eq!(event.raw, BODY);
    assert!(!format!("{event:?}").contains("user_1"), "Debug hides the payload");
}

#[test]
fn malformed_headers_and_secrets() {
    let sig = sign("msg_1", NOW, BODY);
    for ts in ["12abc", "", " ", "1.5", "+1767225600", "99999999999999999999", "0x10"] {
        let r = verify(&headers("msg_1", ts, &sig), BODY).err();
        assert!(matches!(r, Some(R::InvalidTimestamp | R::MissingHeaders)), "timestamp {ts:?}: {r:?}");
    }
    assert_eq!(verify(&headers("msg_1", "-1767225600", &sig), BODY).err(), Some(R::TimestampTooOld));
    assert_eq!(
        verify(&headers("msg_1", &(NOW + 300).to_string(), &sign("msg_1", NOW + 300, BODY)), BODY).map(|_| ()),
        Ok(())
    );
    assert_eq!(
        verify(&headers("msg_1", &(NOW - 300).to_string(), &sign("msg_1", NOW - 300, BODY)), BODY).map(|_| ()),
        Ok(())
    );
    for bad in ["", "v1", "v1,", ",,,", "v1,\u{00e9}\u{00e9}", &"v1,x ".repeat(10_000), "v1a,xyz", "V1,xyz"] {
        assert_eq!(
            verify(&headers("msg_1", &NOW.to_string(), bad), BODY)
                .err()
                .map(|r| r == R::NoMatchingSignature || r == R::MissingHeaders),
            Some(true),
            "signature {bad:.40}"
        );
    }
    let opts = |s: &str| WebhookOptions { signing_secret: Some(s.into()), ..WebhookOptions::default() };
    let clock = ManualClock::new(NOW * 1000);
    for s in ["whsec_", "whsec_!!!", "not base64 at all", "whsec_YQ"] {
        let r =
            verify_webhook_at(&headers("msg_1", &NOW.to_string(), &sig), BODY, &opts(s), &clock).map_err(|e| e.reason);
        assert_eq!(r.err(), Some(R::InvalidSigningSecret), "secret {s:?}");
    }
    let r =
        verify_webhook_at(&headers("msg_1", &NOW.to_string(), &sig), BODY, &opts("   "), &clock).map_err(|e| e.reason);
    assert_eq!(r.err(), Some(R::MissingSigningSecret));
}

#[test]
fn signed_but_unusable_bodies_are_invalid_payloads() {
    for body in [
        &b""[..],
        b"not json",
        b"[1,2]",
        b"{\"data\":{}}",
        b"{\"type\":5}",
        b"\xff\xfe{}",
        b"{\"type\":\"x\"} trailing",
    ] {
        let h = headers("msg_1", &NOW.to_string(), &sign("msg_1", NOW, body));
        assert_eq!(verify(&h, body).err(), Some(R::InvalidPayload), "body {:?}", String::from_utf8_lossy(body));
    }
}

#[test]
fn standard_webhook_headers_are_opt_in() {
    let h = vec![
        ("webhook-id".into(), "msg_1".into()),
        ("webhook-timestamp".into(), NOW.to_string()),
        ("webhook-signature".into(), sign("msg_1", NOW, BODY)),
    ];
    assert_eq!(verify(&h, BODY).err(), Some(R::MissingHeaders));
    let opts = WebhookOptions {
        signing_secret: Some(secret().into()),
        accept_standard_headers: true,
        ..WebhookOptions::default()
    };
    assert!(verify_webhook_at(&h, BODY, &opts, &ManualClock::new(NOW * 1000)).is_ok());
}

#[test]
fn random_header_sweep_never_panics() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let alphabet = b"v1,2 =+/AZaz09-_.\t";
    for _ in 0..3_000 {
        let mut field = |max: usize| -> String {
            (0..rng.gen_range(0..max)).map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char).collect()
        };
        let h = headers(&field(20), &field(14), &field(120));
        let body: Vec<u8> = (0..rng.gen_range(0..64)).map(|_| rng.gen()).collect();
        assert!(verify(&h, &body).is_err());
    }
}
