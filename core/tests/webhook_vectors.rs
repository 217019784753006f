//! Runs every vector of `shared/testdata/webhook-vectors.json` (or the file
//! in `CLERK_WEBHOOK_VECTORS`), printing each with its result. A vector this
//! harness cannot run is a failure, never a skip.

mod auth_support;

use auth_support::load;
use clerk_backend::auth::ManualClock;
use clerk_backend::webhooks::{verify_webhook_at, WebhookOptions};
use serde_json::Value;

fn run(v: &Value) -> Result<(), String> {
    let now = v.get("now").and_then(Value::as_i64).ok_or("now missing")?;
    let secret = match v.get("secret") {
        Some(Value::String(s)) => Some(s.as_str().into()),
        Some(Value::Null) | None => None,
        Some(other) => return Err(format!("cannot run: secret {other}")),
    };
    let headers: Vec<(String, String)> = v
        .get("headers")
        .and_then(Value::as_object)
        .ok_or("headers missing")?
        .iter()
        .map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())).ok_or(format!("header {k}")))
        .collect::<Result<_, _>>()?;
    let body = v.get("body").and_then(Value::as_str).ok_or("body missing")?;
    let expected = v.get("expected").ok_or("expected missing")?;
    let options = WebhookOptions { signing_secret: secret, ..WebhookOptions::default() };
    let result = verify_webhook_at(&headers, body.as_bytes(), &options, &ManualClock::new(now * 1000));
    match (expected.get("ok").and_then(Value::as_bool), result) {
        (Some(true), Ok(event)) => {
            let want = expected.get("event").ok_or("expected.event missing")?;
            let got = serde_json::json!({
                "type": event.event_type,
                "object": event.object,
                "data": event.data,
                "event_attributes": event.event_attributes,
                "timestamp": event.timestamp,
                "instance_id": event.instance_id,
            });
            for (k, w) in want.as_object().ok_or("expected.event is not an object")? {
                match got.get(k) {
                    Some(g) if g == w => {}
                    Some(g) => return Err(format!("event.{k}: expected {w}, got {g}")),
                    None => return Err(format!("cannot run: unknown event field {k:?}")),
                }
            }
            if event.raw != body.as_bytes() {
                return Err("raw body differs".into());
            }
            Ok(())
        }
        (Some(false), Err(e)) => {
            let want = expected.get("error").and_then(Value::as_str).ok_or("expected.error missing")?;
            if e.reason.as_str() != want {
                return Err(format!("error: expected {want}, got {} ({})", e.reason, e.message));
            }
            match expected.get("message_contains").and_then(Value::as_str) {
                Some(frag) if !e.message.contains(frag) => Err(format!("message {:?} lacks {frag:?}", e.message)),
                _ => Ok(()),
            }
        }
        (Some(true), Err(e)) => Err(format!("expected success, got {} ({})", e.reason, e.message)),
        (Some(false), Ok(ev)) => Err(format!("expected an error, got event {}", ev.event_type)),
        (None, _) => Err("cannot run: expected.ok missing".into()),
    }
}

#[test]
fn webhook_vectors() {
    let (path, doc) = load("CLERK_WEBHOOK_VECTORS", "webhook-vectors.json");
    let vectors = doc.get("vectors").and_then(Value::as_array).expect("vectors list");
    println!("webhook vectors from {}", path.display());
    let mut failures = Vec::new();
    for v in vectors {
        let id = v.get("id").and_then(Value::as_str).unwrap_or("(no id)");
        match run(v) {
            Ok(()) => println!("  ok    {id}"),
            Err(e) => {
                println!("  FAIL  {id}: {e}");
                failures.push(id.to_owned());
            }
        }
    }
    println!(
        "ran {} webhook vectors: {} passed, {} failed",
        vectors.len(),
        vectors.len() - failures.len(),
        failures.len()
    );
    assert!(!vectors.is_empty(), "no vectors in {}", path.display());
    assert!(failures.is_empty(), "failing vectors: {failures:?}");
}
