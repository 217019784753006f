//! The JWKS cache against a real local JWKS server: rotation, kid floods,
//! single flight, instance scoping, fixed lifetime, outages.

mod auth_support;

use std::sync::Arc;

use auth_support::{long_lived_claims, session_claims, TestKey};
use clerk_backend::auth::{
    Authenticator, JwksCachePolicy, ManualClock, NoSleep, TokenVerificationErrorReason as Reason, VerifyTokenOptions,
};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NOW_S: i64 = 1_767_225_600;
const SECRET: &str = "sk_test_jwks_tests";

async fn serve_keys(server: &MockServer, keys: &[&TestKey]) {
    server.reset().await;
    auth_support::mount_jwks(server, keys).await;
}

async fn serve_status(server: &MockServer, status: u16, body: serde_json::Value) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/v1/jwks"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

fn setup(policy: JwksCachePolicy) -> (Authenticator, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(NOW_S * 1000));
    let auth = Authenticator::builder().clock(clock.clone()).sleeper(Arc::new(NoSleep)).jwks_policy(policy).build();
    (auth, clock)
}

fn opts(server: &MockServer, secret: &str) -> VerifyTokenOptions {
    VerifyTokenOptions { secret_key: Some(secret.into()), api_url: Some(server.uri()), ..VerifyTokenOptions::default() }
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[tokio::test]
async fn rotation_needs_exactly_one_refetch() {
    let server = MockServer::start().await;
    let (a, b) = (TestKey::generate("ins_kid_a"), TestKey::generate("ins_kid_b"));
    let (auth, clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    serve_keys(&server, &[&a]).await;

    let token_a = a.sign(json!({}), session_claims(NOW_S));
    assert!(auth.verify_token(&token_a, &o).await.is_ok());
    assert!(auth.verify_token(&token_a, &o).await.is_ok());
    assert_eq!(auth.jwks_fetch_count(), 1);

    // The instance rotates to key B a minute later; the cache is still fresh.
    clock.advance_ms(60_000);
    serve_keys(&server, &[&a, &b]).await;
    let token_b = b.sign(json!({}), session_claims(NOW_S));
    let claims = auth.verify_token(&token_b, &o).await.expect("rotated key verifies");
    assert_eq!(claims.subject(), Some("user_1"));
    assert_eq!(requests(&server).await, 1, "exactly one refetch after rotation");
    assert!(auth.verify_token(&token_b, &o).await.is_ok());
    assert!(auth.verify_token(&token_a, &o).await.is_ok());
    assert_eq!(auth.jwks_fetch_count(), 2);
}

#[tokio::test]
async fn unknown_kid_flood_fetches_at_most_once_per_window() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    let policy = JwksCachePolicy { unknown_kid_refetch_interval_ms: 10_000, ..JwksCachePolicy::default() };
    let (auth, clock) = setup(policy);
    let o = opts(&server, SECRET);
    serve_keys(&server, &[&a]).await;
    assert!(auth.verify_token(&a.sign(json!({}), session_claims(NOW_S)), &o).await.is_ok());
    assert_eq!(auth.jwks_fetch_count(), 1);

    for i in 0..200 {
        let forged = a.sign(json!({"kid": format!("ins_spray_{i}")}), session_claims(NOW_S));
        let err = auth.verify_token(&forged, &o).await.expect_err("unknown kid");
        assert_eq!(err.reason, Reason::JwkKidMismatch);
        if i % 20 == 0 {
            clock.advance_ms(100);
        }
    }
    // The first fetch opened the window: no refetch inside it.
    assert_eq!(auth.jwks_fetch_count(), 1);

    clock.advance_ms(10_000);
    for i in 0..50 {
        let forged = a.sign(json!({"kid": format!("ins_spray2_{i}")}), session_claims(NOW_S));
        assert!(auth.verify_token(&forged, &o).await.is_err());
    }
    assert_eq!(auth.jwks_fetch_count(), 2, "one fetch in the next window");
    // Known kids keep verifying from the cache throughout.
    assert!(auth.verify_token(&a.sign(json!({}), session_claims(NOW_S)), &o).await.is_ok());
    assert_eq!(auth.jwks_fetch_count(), 2);
}

#[tokio::test]
async fn default_policy_bounds_unknown_kids_to_one_fetch_per_second() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    let (auth, clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    serve_keys(&server, &[&a]).await;
    assert!(auth.verify_token(&a.sign(json!({}), session_claims(NOW_S)), &o).await.is_ok());
    for i in 0..100 {
        let forged = a.sign(json!({"kid": format!("ins_spray_{i}")}), session_claims(NOW_S));
        assert_eq!(auth.verify_token(&forged, &o).await.expect_err("unknown").reason, Reason::JwkKidMismatch);
        clock.advance_ms(9);
    }
    assert_eq!(auth.jwks_fetch_count(), 1, "100 forged kids within 0.9 s: no refetch");
    clock.advance_ms(100);
    let b = TestKey::generate("ins_kid_b");
    serve_keys(&server, &[&a, &b]).await;
    assert!(
        auth.verify_token(&b.sign(json!({}), session_claims(NOW_S)), &o).await.is_ok(),
        "rotation after the window"
    );
    assert_eq!(auth.jwks_fetch_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_first_verifications_share_one_fetch() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    let jwks = json!({"keys": [a.jwk()]});
    // A slow answer keeps all 64 verifications waiting on the same fetch.
    Mock::given(method("GET"))
        .and(path("/v1/jwks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(jwks).set_delay(std::time::Duration::from_millis(300)))
        .mount(&server)
        .await;
    let (auth, _clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    let token = a.sign(json!({}), session_claims(NOW_S));
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let (auth, o, token) = (auth.clone(), o.clone(), token.clone());
            tokio::spawn(async move { auth.verify_token(&token, &o).await.map(|c| c.subject().map(str::to_owned)) })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.expect("task").expect("verifies"), Some("user_1".to_owned()));
    }
    assert_eq!(requests(&server).await, 1);
    assert_eq!(auth.jwks_fetch_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_unknown_kids_share_one_fetch() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    Mock::given(method("GET"))
        .and(path("/v1/jwks"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"keys": [a.jwk()]}))
                .set_delay(std::time::Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    let (auth, _clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let (auth, o) = (auth.clone(), o.clone());
            let token = a.sign(json!({"kid": format!("ins_unknown_{i}")}), session_claims(NOW_S));
            tokio::spawn(async move { auth.verify_token(&token, &o).await.map_err(|e| e.reason) })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.expect("task").err(), Some(Reason::JwkKidMismatch));
    }
    assert_eq!(auth.jwks_fetch_count(), 1);
}

#[tokio::test]
async fn cache_is_scoped_per_instance() {
    let server = MockServer::start().await;
    let (a, b) = (TestKey::generate("ins_kid_a"), TestKey::generate("ins_kid_b"));
    for (secret, key) in [("sk_test_instance_a", &a), ("sk_test_instance_b", &b)] {
        Mock::given(method("GET"))
            .and(path("/v1/jwks"))
            .and(header("authorization", format!("Bearer {secret}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"keys": [key.jwk()]})))
            .mount(&server)
            .await;
    }
    let (auth, _clock) = setup(JwksCachePolicy::default());
    let token_a = a.sign(json!({}), session_claims(NOW_S));
    assert!(auth.verify_token(&token_a, &opts(&server, "sk_test_instance_a")).await.is_ok());
    // Instance B never accepts A's token, although A's key is cached.
    let err = auth.verify_token(&token_a, &opts(&server, "sk_test_instance_b")).await.expect_err("other instance");
    assert_eq!(err.reason, Reason::JwkKidMismatch);
    assert_eq!(auth.jwks_fetch_count(), 2);
    // Same URL, other API version: another scope too.
    let mut v2 = opts(&server, "sk_test_instance_a");
    v2.api_version = Some("v2".into());
    assert_eq!(auth.verify_token(&token_a, &v2).await.expect_err("404").reason, Reason::RemoteJwkFailedToLoad);
}

#[tokio::test]
async fn lifetime_is_fixed_not_sliding() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    serve_keys(&server, &[&a]).await;
    let (auth, clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    let token = a.sign(json!({}), long_lived_claims(NOW_S));
    for step in [0, 100_000, 200_000, 299_999] {
        clock.set_ms(NOW_S * 1000 + step);
        assert!(auth.verify_token(&token, &o).await.is_ok());
    }
    assert_eq!(auth.jwks_fetch_count(), 1, "hits do not extend or refresh");
    clock.set_ms(NOW_S * 1000 + 300_000);
    assert!(auth.verify_token(&token, &o).await.is_ok());
    assert_eq!(auth.jwks_fetch_count(), 2);
}

#[tokio::test]
async fn outage_serves_last_good_keys_and_failures_do_not_poison() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    let (auth, clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    let token = a.sign(json!({}), long_lived_claims(NOW_S));

    // Cold start during an outage: an error, not a cached "no keys".
    serve_status(&server, 503, json!({"errors": [{"code": "unavailable", "message": "down"}]})).await;
    assert_eq!(auth.verify_token(&token, &o).await.expect_err("down").reason, Reason::RemoteJwkFailedToLoad);
    assert_eq!(requests(&server).await, 5, "one try and four retries");
    serve_keys(&server, &[&a]).await;
    assert!(auth.verify_token(&token, &o).await.is_ok(), "the failure did not poison the cache");

    // The keys expire while the API is down: the last good keys keep working.
    serve_status(&server, 500, json!({})).await;
    clock.advance_ms(301_000);
    assert!(auth.verify_token(&token, &o).await.is_ok());
    assert_eq!(requests(&server).await, 5);
    // Within the back-off after a failure no new fetch is tried.
    clock.advance_ms(1_000);
    assert!(auth.verify_token(&token, &o).await.is_ok());
    assert_eq!(requests(&server).await, 5);
    // After it, the next request tries again, and recovers when the API does.
    clock.advance_ms(10_000);
    serve_keys(&server, &[&a]).await;
    assert!(auth.verify_token(&token, &o).await.is_ok());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn rejected_secret_key_is_not_an_outage() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    serve_keys(&server, &[&a]).await;
    let (auth, clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    let token = a.sign(json!({}), long_lived_claims(NOW_S));
    assert!(auth.verify_token(&token, &o).await.is_ok());
    serve_status(&server, 401, json!({"errors": [{"code": "clerk_key_invalid", "message": "Secret key is invalid"}]}))
        .await;
    clock.advance_ms(301_000);
    let err = auth.verify_token(&token, &o).await.expect_err("revoked secret key");
    assert_eq!(err.reason, Reason::InvalidSecretKey);
    assert_eq!(err.message, "Secret key is invalid");
}

#[tokio::test]
async fn pem_key_makes_no_network_call_even_with_a_secret_key() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    serve_keys(&server, &[&a]).await;
    let (auth, _clock) = setup(JwksCachePolicy::default());
    let o = VerifyTokenOptions { jwt_key: Some(a.public_pem()), ..opts(&server, SECRET) };
    assert!(auth.verify_token(&a.sign(json!({}), session_claims(NOW_S)), &o).await.is_ok());
    let other = TestKey::generate("ins_kid_a");
    let err = auth.verify_token(&other.sign(json!({}), session_claims(NOW_S)), &o).await.expect_err("wrong key");
    assert_eq!(err.reason, Reason::TokenInvalidSignature);
    assert_eq!(requests(&server).await, 0);
    assert_eq!(auth.jwks_fetch_count(), 0);
}

#[tokio::test]
async fn skip_cache_fetches_every_time() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    serve_keys(&server, &[&a]).await;
    let (auth, _clock) = setup(JwksCachePolicy::default());
    let o = VerifyTokenOptions { skip_jwks_cache: true, ..opts(&server, SECRET) };
    let token = a.sign(json!({}), session_claims(NOW_S));
    for _ in 0..3 {
        assert!(auth.verify_token(&token, &o).await.is_ok());
    }
    assert_eq!(requests(&server).await, 3);
}

/// The blocking form from a plain thread: a cached or PEM verification
/// needs no runtime, a JWKS fetch runs on the shared one.
#[test]
fn blocking_verification_fetches_through_the_shared_runtime() {
    let rt = tokio::runtime::Runtime::new().expect("runtime for the mock server");
    let server = rt.block_on(MockServer::start());
    let a = TestKey::generate("ins_kid_a");
    rt.block_on(serve_keys(&server, &[&a]));
    let (auth, _clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    let token = a.sign(json!({}), session_claims(NOW_S));
    assert_eq!(auth.verify_token_blocking(&token, &o).expect("verifies").subject(), Some("user_1"));
    assert!(auth.verify_token_blocking(&token, &o).is_ok());
    assert_eq!(auth.jwks_fetch_count(), 1);
    assert_eq!(rt.block_on(requests(&server)), 1);
}

/// Inside a current-thread runtime the blocking form cannot fetch; it
/// reports that instead of deadlocking, and still verifies from the cache.
#[tokio::test]
async fn blocking_form_in_a_current_thread_runtime_reports_instead_of_hanging() {
    let server = MockServer::start().await;
    let a = TestKey::generate("ins_kid_a");
    serve_keys(&server, &[&a]).await;
    let (auth, _clock) = setup(JwksCachePolicy::default());
    let o = opts(&server, SECRET);
    let token = a.sign(json!({}), session_claims(NOW_S));
    let err = auth.verify_token_blocking(&token, &o).expect_err("cannot block here");
    assert_eq!(err.reason, Reason::RemoteJwkFailedToLoad);
    assert!(auth.verify_token(&token, &o).await.is_ok());
    assert!(auth.verify_token_blocking(&token, &o).is_ok(), "cached keys need no runtime");
}
