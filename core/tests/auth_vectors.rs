//! Runs every vector of `shared/testdata/auth-vectors.json` (or the file in
//! `CLERK_AUTH_VECTORS`) against a fresh authenticator and a local Backend
//! API, printing each vector with its result. A vector this harness cannot
//! run is a failure, never a skip.

mod auth_support;

use std::sync::Arc;

use auth_support::*;
use clerk_backend::auth::{AuthConfigError, ManualClock, RequestState};
use serde_json::Value;
use wiremock::MockServer;

/// Keys of `expected` this harness checks; anything else cannot be run.
const EXPECTED_KEYS: &[&str] = &[
    "status",
    "reason",
    "token_type",
    "token_error",
    "auth",
    "backend_api_calls",
    "error",
    "message_contains",
    "headers",
    "without_handshake_support",
];

fn check_state(result: &Result<RequestState, AuthConfigError>, expected: &Value, advanced: bool) -> Result<(), String> {
    if let Some(k) = expected.as_object().and_then(|o| o.keys().find(|k| !EXPECTED_KEYS.contains(&k.as_str()))) {
        return Err(format!("cannot run: unknown expected key {k:?}"));
    }
    if let Some(err) = expected.get("error") {
        return match result {
            Err(e) if Some(e.kind.as_str()) == err.as_str() => Ok(()),
            Err(e) => Err(format!("expected config error {err}, got {}", e.kind)),
            Ok(s) => Err(format!("expected config error {err}, got state {}", s.status)),
        };
    }
    let state = result.as_ref().map_err(|e| format!("unexpected config error: {e}"))?;
    // Without the handshake layer the vector gives the fallback state.
    let outcome = if advanced {
        expected.get("without_handshake_support").ok_or("advanced vector without a fallback")?
    } else {
        expected
    };
    let status = outcome.get("status").and_then(Value::as_str).ok_or("expected.status missing")?;
    if state.status.as_str() != status {
        return Err(format!("status: expected {status}, got {} ({:?})", state.status, state.message));
    }
    if let Some(reason) = outcome.get("reason") {
        let got = state.reason.map(|r| r.as_str());
        if got != reason.as_str() {
            return Err(format!("reason: expected {reason}, got {got:?} ({:?})", state.message));
        }
    }
    if let Some(tt) = expected.get("token_type") {
        if &token_type_str(state.token_type) != tt {
            return Err(format!("token_type: expected {tt}, got {:?}", state.token_type));
        }
    }
    if let Some(te) = expected.get("token_error") {
        let got = state.token_error.map(|r| r.as_str());
        if got != te.as_str() {
            return Err(format!("token_error: expected {te}, got {got:?}"));
        }
    }
    if let Some(frag) = expected.get("message_contains").and_then(Value::as_str) {
        if !state.message.as_deref().unwrap_or("").contains(frag) {
            return Err(format!("message {:?} does not contain {frag:?}", state.message));
        }
    }
    if let Some(auth) = expected.get("auth").and_then(Value::as_object) {
        let got = state.to_auth().ok_or("no auth object")?.to_json();
        for (k, v) in auth {
            if got.get(k) != Some(v) {
                return Err(format!("auth.{k}: expected {v}, got {}", got.get(k).unwrap_or(&Value::Null)));
            }
        }
    }
    if !state.is_authenticated() {
        let reason = state.reason.map(|r| r.as_str()).unwrap_or("");
        let has = |n: &str, v: &str| state.headers.iter().any(|(hn, hv)| hn == n && hv == v);
        if !has("x-clerk-auth-status", "signed-out") || !has("x-clerk-auth-reason", reason) {
            return Err(format!("signed-out headers missing: {:?}", state.headers));
        }
    }
    Ok(())
}

async fn run_vector(server: &MockServer, v: &Value) -> Result<(), String> {
    mock_backend(server, v.get("backend_api")).await?;
    let now = v.get("now").and_then(Value::as_i64).ok_or("now missing")?;
    let clock = Arc::new(ManualClock::new(now * 1000));
    let auth = authenticator(clock);
    let opts = options_from(v.get("options").ok_or("options missing")?, &server.uri())?;
    let req = request_from(v.get("request").ok_or("request missing")?)?;
    let expected = v.get("expected").ok_or("expected missing")?;
    let advanced = v.get("advanced").and_then(Value::as_bool).unwrap_or(false);
    let result = auth.authenticate_request(&req, &opts).await;
    check_state(&result, expected, advanced)?;
    compare_calls(&calls(server).await, expected.get("backend_api_calls").unwrap_or(&Value::Array(vec![])))?;
    Ok(())
}

async fn run_sequence(server: &MockServer, seq: &Value) -> Result<usize, String> {
    mock_backend(server, seq.get("backend_api")).await?;
    let clock = Arc::new(ManualClock::new(0));
    let auth = authenticator(clock.clone());
    let base = seq.get("options").ok_or("options missing")?;
    let steps = seq.get("steps").and_then(Value::as_array).ok_or("steps missing")?;
    let mut seen = 0;
    for (i, step) in steps.iter().enumerate() {
        let opts =
            options_from(step.get("options").unwrap_or(base), &server.uri()).map_err(|e| format!("step {i}: {e}"))?;
        clock.set_ms(step.get("now").and_then(Value::as_i64).ok_or("now missing")? * 1000);
        let req = request_from(step.get("request").ok_or("request missing")?)?;
        let expected = step.get("expected").ok_or("expected missing")?;
        let result = auth.authenticate_request(&req, &opts).await;
        check_state(&result, expected, false).map_err(|e| format!("step {i}: {e}"))?;
        let all = calls(server).await;
        compare_calls(&all[seen..], expected.get("backend_api_calls").unwrap_or(&Value::Array(vec![])))
            .map_err(|e| format!("step {i}: {e}"))?;
        seen = all.len();
    }
    Ok(steps.len())
}

/// Runs every vector and sequence of one file; the count comes from the
/// file itself, so the guard holds for any valid file, not only the shared one.
async fn run_file(path: &std::path::Path, doc: &Value) {
    let vectors = doc.get("vectors").and_then(Value::as_array).expect("vectors list");
    let sequences = doc.get("sequences").and_then(Value::as_array).cloned().unwrap_or_default();
    println!("auth vectors from {}", path.display());
    let server = MockServer::start().await;
    let mut failures = Vec::new();
    let mut passed = 0;
    for v in vectors {
        let id = v.get("id").and_then(Value::as_str).unwrap_or("(no id)");
        // A hang is a failure of that vector, not of the whole run.
        let outcome = tokio::time::timeout(std::time::Duration::from_secs(60), run_vector(&server, v))
            .await
            .unwrap_or_else(|_| Err("did not finish within 60 s".to_owned()));
        match outcome {
            Ok(()) => {
                passed += 1;
                println!("  ok    {id}");
            }
            Err(e) => {
                println!("  FAIL  {id}: {e}");
                failures.push(id.to_owned());
            }
        }
    }
    for s in &sequences {
        let id = s.get("id").and_then(Value::as_str).unwrap_or("(no id)");
        match run_sequence(&server, s).await {
            Ok(n) => {
                passed += 1;
                println!("  ok    {id} ({n} steps)");
            }
            Err(e) => {
                println!("  FAIL  {id}: {e}");
                failures.push(id.to_owned());
            }
        }
    }
    let total = vectors.len() + sequences.len();
    println!(
        "ran {} vectors and {} sequences of {}: {passed} passed, {} failed",
        vectors.len(),
        sequences.len(),
        path.display(),
        failures.len()
    );
    assert!(!vectors.is_empty(), "no vectors in {}", path.display());
    assert!(failures.is_empty(), "failing vectors: {failures:?}");
    assert_eq!(passed, total, "every vector and sequence of the file ran and passed");
}

#[tokio::test]
async fn auth_vectors() {
    let (path, doc) = load("CLERK_AUTH_VECTORS", "auth-vectors.json");
    run_file(&path, &doc).await;
}

/// The project's own vectors (`tests/fixtures/auth-vectors-extra.json`),
/// whatever `CLERK_AUTH_VECTORS` says.
#[tokio::test]
async fn extra_auth_vectors() {
    let (path, doc) = load_extra("auth-vectors-extra.json");
    run_file(&path, &doc).await;
}

/// The networkless vectors again through the blocking API, on a plain
/// thread with no runtime: they must complete without one.
fn networkless_blocking(path: &std::path::Path, doc: &Value) {
    let vectors = doc.get("vectors").and_then(Value::as_array).expect("vectors list");
    assert!(!vectors.is_empty(), "no vectors in {}", path.display());
    let networkless: Vec<&Value> = vectors
        .iter()
        .filter(|v| {
            let expected = &v["expected"];
            v.get("backend_api").is_none()
                && !expected.get("backend_api_calls").and_then(Value::as_array).is_some_and(|c| !c.is_empty())
                && v["options"].get("jwt_key").is_some()
        })
        .collect();
    let mut ran = 0;
    let mut failures = Vec::new();
    for v in &networkless {
        let expected = &v["expected"];
        let id = v["id"].as_str().unwrap_or("");
        let clock = Arc::new(ManualClock::new(v["now"].as_i64().unwrap_or(0) * 1000));
        // An unroutable API URL: any network attempt would fail the vector.
        let outcome = options_from(&v["options"], "http://127.0.0.1:9").and_then(|opts| {
            let req = request_from(&v["request"])?;
            let result = authenticator(clock).authenticate_request_blocking(&req, &opts);
            check_state(&result, expected, v["advanced"].as_bool().unwrap_or(false))
        });
        ran += 1;
        if let Err(e) = outcome {
            println!("  FAIL  {id}: {e}");
            failures.push(id.to_owned());
        }
    }
    println!("ran {ran} networkless vectors (of {} in {}) through the blocking API", vectors.len(), path.display());
    assert_eq!(ran, networkless.len());
    assert!(failures.is_empty(), "failing vectors: {failures:?}");
}

#[test]
fn networkless_vectors_blocking_without_runtime() {
    let (path, doc) = load("CLERK_AUTH_VECTORS", "auth-vectors.json");
    networkless_blocking(&path, &doc);
}

#[test]
fn extra_networkless_vectors_blocking_without_runtime() {
    let (path, doc) = load_extra("auth-vectors-extra.json");
    networkless_blocking(&path, &doc);
}
