//! What reaches `RequestState.message` and the `x-clerk-auth-message` header
//! from outside: a Backend API error that echoes the machine token, and
//! control characters in an unauthenticated token's `kid`.

mod auth_support;

use std::sync::Arc;

use auth_support::{authenticator, long_lived_claims, mount_jwks, TestKey};
use clerk_backend::auth::{
    AcceptsToken, AuthenticateRequestOptions, Authenticator, BackendApi, BapiRequest, BapiResponse, BapiTransportError,
    BoxFuture, ManualClock, NoSleep, RequestData, RequestState, TokenVerificationErrorReason, VerifyTokenOptions,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NOW_S: i64 = 1_767_225_600;
const SECRET: &str = "sk_test_messages_tests";

fn bearer(token: &str) -> RequestData {
    RequestData::new("GET", "https://app.example.com/", vec![("authorization".into(), format!("Bearer {token}"))])
}

fn everything_said(state: &RequestState) -> String {
    let headers: Vec<String> = state.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    format!("{:?}\n{}", state.message, headers.join("\n"))
}

#[tokio::test]
async fn machine_tokens_echoed_by_the_backend_api_are_redacted() {
    let server = MockServer::start().await;
    let auth = authenticator(Arc::new(ManualClock::new(NOW_S * 1000)));
    let tokens = [
        ("ak_live_EchoedApiKeySecret0123456789", "/api_keys/verify"),
        ("mt_EchoedMachineTokenSecret0123456789", "/m2m_tokens/verify"),
        ("oat_EchoedOAuthTokenSecret0123456789", "/oauth_applications/access_tokens/verify"),
    ];
    for (token, route) in tokens {
        server.reset().await;
        let echo = format!("token {token} is not valid for key {SECRET}\r\nSet-Cookie: forged=1");
        Mock::given(method("POST"))
            .and(path(route))
            .respond_with(
                ResponseTemplate::new(401)
                    .set_body_json(json!({"errors": [{"code": "authentication_invalid", "message": echo}]})),
            )
            .mount(&server)
            .await;
        let opts = AuthenticateRequestOptions {
            secret_key: Some(SECRET.into()),
            api_url: Some(server.uri()),
            accepts_token: AcceptsToken::Any,
            ..AuthenticateRequestOptions::default()
        };
        let state = auth.authenticate_request(&bearer(token), &opts).await.expect("options");
        assert_eq!(state.reason.map(|r| r.as_str()), Some("secret-key-invalid"), "{token}");
        let said = everything_said(&state);
        assert!(!said.contains(token), "{token} leaked: {said}");
        assert!(!said.contains("Echoed"), "part of {token} leaked: {said}");
        assert!(!said.contains(SECRET), "the secret key leaked: {said}");
        assert!(said.contains("[REDACTED]"), "the message keeps its shape: {said}");
        let message = state.message.as_deref().unwrap_or("");
        assert!(!message.contains(['\r', '\n']), "{message:?}");
        // The header is sent (the message is now header-safe) and holds no line break either.
        let header = state.headers.iter().find(|(n, _)| n == "x-clerk-auth-message").expect("message header");
        assert!(!header.1.contains(['\r', '\n']));
    }
}

#[tokio::test]
async fn control_characters_of_an_unauthenticated_kid_are_stripped() {
    let server = MockServer::start().await;
    let known = TestKey::generate("ins_known");
    mount_jwks(&server, &[&known]).await;
    let auth = authenticator(Arc::new(ManualClock::new(NOW_S * 1000)));
    let forged = TestKey::generate("ins_forged");
    let kid = "evil\r\nSet-Cookie: __session=forged\u{0}\u{202e}";
    let token = forged.sign(json!({"kid": kid}), long_lived_claims(NOW_S));
    let opts = AuthenticateRequestOptions {
        secret_key: Some(SECRET.into()),
        api_url: Some(server.uri()),
        ..AuthenticateRequestOptions::default()
    };
    let state = auth.authenticate_request(&bearer(&token), &opts).await.expect("options");
    assert_eq!(state.reason.map(|r| r.as_str()), Some("jwk-kid-mismatch"));
    let message = state.message.as_deref().unwrap_or("");
    assert!(message.contains("evilSet-Cookie: __session=forged"), "{message:?}");
    assert!(!message.chars().any(|c| c.is_control() || c == '\u{202e}'), "{message:?}");
    let header = state.headers.iter().find(|(n, _)| n == "x-clerk-auth-message").expect("message header");
    assert!(!header.1.contains(['\r', '\n', '\0']));
}

/// A transport that answers 401 with a message echoing the key and the body
/// it was sent, as a custom `BackendApi` would hand it over: unredacted.
struct EchoingBackend;

impl BackendApi for EchoingBackend {
    fn send(&self, request: BapiRequest) -> BoxFuture<'_, Result<BapiResponse, BapiTransportError>> {
        let key = request.bearer.as_ref().map(|k| k.expose().to_owned()).unwrap_or_default();
        let sent = request.json.map(|j| j.to_string()).unwrap_or_default();
        let message = format!("key {key} is invalid for {sent}\r\nX-Forged: 1");
        let body = json!({"errors": [{"code": "clerk_key_invalid", "message": message}]});
        Box::pin(async move { Ok(BapiResponse { status: 401, body: body.to_string().into() }) })
    }
}

#[tokio::test]
async fn keys_echoed_through_a_custom_backend_are_redacted() {
    let auth = Authenticator::builder()
        .backend(Arc::new(EchoingBackend))
        .clock(Arc::new(ManualClock::new(NOW_S * 1000)))
        .sleeper(Arc::new(NoSleep))
        .build();
    let key = TestKey::generate("ins_echo");
    let token = key.sign(json!({}), long_lived_claims(NOW_S));
    let opts = VerifyTokenOptions {
        secret_key: Some(SECRET.into()),
        api_url: Some("http://127.0.0.1:9".into()),
        ..VerifyTokenOptions::default()
    };
    let err = auth.verify_token(&token, &opts).await.expect_err("rejected key");
    assert_eq!(err.reason, TokenVerificationErrorReason::InvalidSecretKey);
    assert!(!err.message.contains(SECRET) && err.message.contains("sk_test_[REDACTED]"), "{}", err.message);
    assert!(!err.message.contains(['\r', '\n']), "{:?}", err.message);

    let machine = "ak_live_EchoedThroughCustomBackend0123";
    let opts = AuthenticateRequestOptions {
        secret_key: Some(SECRET.into()),
        api_url: Some("http://127.0.0.1:9".into()),
        accepts_token: AcceptsToken::Any,
        ..AuthenticateRequestOptions::default()
    };
    let state = auth.authenticate_request(&bearer(machine), &opts).await.expect("options");
    let said = everything_said(&state);
    assert!(!said.contains(SECRET) && !said.contains(machine), "{said}");
}
