//! Whether a call sends the secret key is decided by the operation's `security`
//! in the spec: required, optional, or none (`security: []`). Checked against a
//! local server that records the `Authorization` header of every request.
#![allow(clippy::unwrap_used)]

use clerk_backend::ops::registry;
use clerk_backend::{CallInput, CallOptions, Client, ClientOptions, Error, OperationSpec, OptionNames, Security};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_test_operation_auth_key";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!([]))).mount(&server).await;
    server
}

fn client(server: &MockServer, key: Option<&str>, names: OptionNames) -> Client {
    Client::new(ClientOptions {
        secret_key: key.map(Into::into),
        server_url: Some(server.uri()),
        option_names: names,
        ..Default::default()
    })
    .unwrap()
}

/// The `Authorization` header of each request the server saw, in order.
async fn authorizations(server: &MockServer) -> Vec<Option<String>> {
    let received = server.received_requests().await.unwrap();
    received.iter().map(|r| r.headers.get("authorization").map(|v| v.to_str().unwrap().to_owned())).collect()
}

async fn call(client: &Client, op: &'static OperationSpec) -> clerk_backend::Result<()> {
    client.call_op(op, CallInput::json(json!({})), &CallOptions::default()).await.map(|_| ())
}

/// One test for every case, because a client without a key falls back to
/// `CLERK_SECRET_KEY`: the variable is cleared once, before any client exists.
#[tokio::test]
async fn the_secret_key_is_sent_as_the_operation_security_says() {
    std::env::remove_var("CLERK_SECRET_KEY");
    let interstitial = registry::lookup("miscellaneous.get_public_interstitial").unwrap();
    let list = registry::lookup("users.list").unwrap();
    assert_eq!(interstitial.security, Security::None, "the spec marks it `security: []`");
    assert_eq!(list.security, Security::SecretKey, "the spec's global bearerAuth");
    // An operation that allows either; the spec has none today, so one is made from users.list.
    let optional: &'static OperationSpec =
        Box::leak(Box::new(OperationSpec { security: Security::OptionalSecretKey, ..*list }));

    // `security: []` needs no key and never sends one, even when the client has it.
    let s = server().await;
    call(&client(&s, None, OptionNames::RUST), interstitial).await.unwrap();
    call(&client(&s, Some(KEY), OptionNames::RUST), interstitial).await.unwrap();
    assert_eq!(authorizations(&s).await, vec![None, None]);

    // Optional: sent when present, and the call goes out without it otherwise.
    let s = server().await;
    call(&client(&s, Some(KEY), OptionNames::RUST), optional).await.unwrap();
    call(&client(&s, None, OptionNames::RUST), optional).await.unwrap();
    assert_eq!(authorizations(&s).await, vec![Some(format!("Bearer {KEY}")), None]);

    // Required: sent; without a key a config error before anything is sent,
    // naming the option as the caller's binding spells it.
    let s = server().await;
    call(&client(&s, Some(KEY), OptionNames::RUST), list).await.unwrap();
    assert_eq!(authorizations(&s).await, vec![Some(format!("Bearer {KEY}"))]);
    for (names, own, foreign) in [
        (OptionNames::RUST, "ClientOptions::secret_key", "bearer_auth"),
        (OptionNames::PYTHON, "bearer_auth=", "ClientOptions"),
        (OptionNames::C, "\"secret_key\"", "ClientOptions"),
    ] {
        let err = call(&client(&s, None, names), list).await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        let message = err.to_string();
        assert!(message.contains(own) && !message.contains(foreign), "{message}");
        assert!(message.contains("users.list") && message.contains("CLERK_SECRET_KEY"), "{message}");
    }
    assert_eq!(authorizations(&s).await.len(), 1, "nothing sent without the key");
}
