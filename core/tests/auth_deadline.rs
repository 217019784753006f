//! The verification deadline (`network_timeout`): a Backend API that accepts
//! connections and never answers costs a verification at most that long,
//! ends with the spec's reason, and keys fetched earlier keep serving.

mod auth_support;

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use auth_support::{long_lived_claims, mount_jwks, TestKey};
use clerk_backend::auth::{
    AcceptsToken, AuthStatus, AuthenticateRequestOptions, Authenticator, JwksCachePolicy, ManualClock, RequestData,
    RequestReason, TokenType, TokenVerificationErrorReason as Reason, VerifyTokenOptions, DEFAULT_NETWORK_TIMEOUT,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NOW_S: i64 = 1_767_225_600;
const SECRET: &str = "sk_test_deadline_tests";

/// Accepts every connection and reads from it, never writing, for at most
/// 60 s (so a broken test cannot leave it running forever).
struct SilentServer {
    url: String,
    connections: Arc<AtomicUsize>,
}

fn silent_server() -> SilentServer {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = connections.clone();
    std::thread::spawn(move || {
        let start = Instant::now();
        listener.set_nonblocking(true).expect("nonblocking");
        let mut held: Vec<TcpStream> = Vec::new();
        while start.elapsed() < Duration::from_secs(60) {
            match listener.accept() {
                Ok((stream, _)) => {
                    seen.fetch_add(1, Ordering::SeqCst);
                    let _ = stream.set_nonblocking(true);
                    held.push(stream);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
            let mut buf = [0u8; 4096];
            for s in &mut held {
                let _ = s.read(&mut buf);
            }
        }
    });
    SilentServer { url, connections }
}

fn verify_opts(api_url: &str, timeout_ms: u64) -> VerifyTokenOptions {
    // Through the JSON parser, as the bindings pass it.
    VerifyTokenOptions::from_json(&json!({
        "secret_key": SECRET, "api_url": api_url, "network_timeout_ms": timeout_ms,
    }))
    .expect("valid options")
}

fn token() -> String {
    TestKey::generate("ins_deadline").sign(json!({}), long_lived_claims(NOW_S))
}

#[tokio::test]
async fn a_silent_jwks_endpoint_fails_at_the_deadline_with_the_jwks_reason() {
    let server = silent_server();
    let auth = Authenticator::new();
    let started = Instant::now();
    let outcome =
        tokio::time::timeout(Duration::from_secs(20), auth.verify_token(&token(), &verify_opts(&server.url, 400)))
            .await
            .expect("bounded by the deadline, not by the 30 s attempt timeout");
    let took = started.elapsed();
    let err = outcome.expect_err("no keys");
    assert_eq!(err.reason, Reason::RemoteJwkFailedToLoad, "{err}");
    assert!(err.message.contains("network_timeout_ms"), "{}", err.message);
    assert!(took >= Duration::from_millis(400) && took < Duration::from_secs(3), "took {took:?}");
    assert!(server.connections.load(Ordering::SeqCst) >= 1, "the server was reached");
    println!("silent JWKS endpoint: {} after {took:?}", err.reason);
}

#[test]
fn the_default_deadline_bounds_the_blocking_form_too() {
    let server = silent_server();
    let auth = Authenticator::new();
    let opts = VerifyTokenOptions {
        secret_key: Some(SECRET.into()),
        api_url: Some(server.url.clone()),
        ..VerifyTokenOptions::default()
    };
    let started = Instant::now();
    let err = auth.verify_token_blocking(&token(), &opts).expect_err("no keys");
    let took = started.elapsed();
    assert_eq!(err.reason, Reason::RemoteJwkFailedToLoad, "{err}");
    assert!(took >= DEFAULT_NETWORK_TIMEOUT && took < DEFAULT_NETWORK_TIMEOUT + Duration::from_secs(3), "{took:?}");
    println!("default deadline ({DEFAULT_NETWORK_TIMEOUT:?}): {} after {took:?}", err.reason);
}

#[tokio::test]
async fn authenticate_request_is_bounded_and_last_good_keys_keep_serving() {
    let server = MockServer::start().await;
    let key = TestKey::generate("ins_deadline_keys");
    mount_jwks(&server, &[&key]).await;
    let clock = Arc::new(ManualClock::new(NOW_S * 1000));
    let auth = Authenticator::builder().clock(clock.clone()).jwks_policy(JwksCachePolicy::default()).build();
    let opts = AuthenticateRequestOptions {
        secret_key: Some(SECRET.into()),
        api_url: Some(server.uri()),
        network_timeout: Some(Duration::from_millis(300)),
        ..AuthenticateRequestOptions::default()
    };
    let token = key.sign(json!({}), long_lived_claims(NOW_S));
    let req =
        RequestData::new("GET", "https://app.example.com/", vec![("authorization".into(), format!("Bearer {token}"))]);
    assert!(auth.authenticate_request(&req, &opts).await.expect("options").is_authenticated());

    // The keys expire and the API now hangs: the stale keys answer after the deadline.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/v1/jwks"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(60)))
        .mount(&server)
        .await;
    clock.advance_ms(301_000);
    let started = Instant::now();
    let state = tokio::time::timeout(Duration::from_secs(20), auth.authenticate_request(&req, &opts))
        .await
        .expect("bounded")
        .expect("options");
    let took = started.elapsed();
    assert!(state.is_authenticated(), "{:?}", state.message);
    assert!(took >= Duration::from_millis(300) && took < Duration::from_secs(3), "took {took:?}");

    // A new instance (other secret key) has no keys to fall back on: signed out with the JWKS reason.
    let other = AuthenticateRequestOptions { secret_key: Some("sk_test_other_instance".into()), ..opts.clone() };
    let state = auth.authenticate_request(&req, &other).await.expect("options");
    assert_eq!(state.status, AuthStatus::SignedOut);
    assert_eq!(state.reason, Some(RequestReason::Token(Reason::RemoteJwkFailedToLoad)), "{:?}", state.message);
}

#[tokio::test]
async fn a_silent_machine_token_endpoint_is_bounded_too() {
    let server = silent_server();
    let opts = AuthenticateRequestOptions {
        secret_key: Some(SECRET.into()),
        api_url: Some(server.url.clone()),
        accepts_token: AcceptsToken::One(TokenType::ApiKey),
        network_timeout: Some(Duration::from_millis(300)),
        ..AuthenticateRequestOptions::default()
    };
    let req =
        RequestData::new("GET", "https://app.example.com/", vec![("authorization".into(), "Bearer ak_live_x".into())]);
    let started = Instant::now();
    let state = tokio::time::timeout(Duration::from_secs(20), Authenticator::new().authenticate_request(&req, &opts))
        .await
        .expect("bounded")
        .expect("options");
    let took = started.elapsed();
    assert_eq!(state.reason.map(|r| r.as_str()), Some("unexpected-error"), "{:?}", state.message);
    assert!(state.message.as_deref().unwrap_or("").contains("network_timeout_ms"), "{:?}", state.message);
    assert!(took >= Duration::from_millis(300) && took < Duration::from_secs(3), "took {took:?}");
}
