//! Options read from the environment: `CLERK_SECRET_KEY`, `CLERK_API_URL` and
//! the proxy variables reqwest reads. A test binary of its own, so that no
//! other test sees these variables; within it, [`ENV`] serialises the tests.
#![allow(clippy::unwrap_used)]

use std::sync::{Mutex, MutexGuard};

use clerk_backend::{CallOptions, Client, ClientOptions, RetryConfig};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

static ENV: Mutex<()> = Mutex::new(());

const VARS: [&str; 6] = ["CLERK_SECRET_KEY", "CLERK_API_URL", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

/// Holds the environment lock with the given variables set and every other
/// one of [`VARS`] unset; restores a clean state when dropped.
struct Env(#[allow(dead_code)] MutexGuard<'static, ()>);

impl Env {
    fn with(vars: &[(&str, &str)]) -> Env {
        let guard = ENV.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        for v in VARS {
            std::env::remove_var(v);
        }
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
        for (k, v) in vars {
            std::env::set_var(k, v);
        }
        Env(guard)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        for v in VARS {
            std::env::remove_var(v);
        }
    }
}

async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u"}))).mount(&server).await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "expected exactly one request");
    received.remove(0)
}

fn authorization(req: &Request) -> Option<String> {
    req.headers.get("authorization").map(|v| v.to_str().unwrap().to_owned())
}

async fn get_user(client: &Client) -> clerk_backend::Result<Value> {
    client.call("users.get", json!({"user_id": "user_1"})).await
}

#[tokio::test]
async fn bearer_key_from_clerk_secret_key_and_explicit_key_wins() {
    let _env = Env::with(&[("CLERK_SECRET_KEY", "sk_test_FROMENV")]);
    let server = echo_server().await;
    let client = Client::new(ClientOptions { server_url: Some(server.uri()), ..Default::default() }).unwrap();
    assert!(client.has_secret_key());
    get_user(&client).await.unwrap();
    assert_eq!(authorization(&only_request(&server).await).as_deref(), Some("Bearer sk_test_FROMENV"));

    let server = echo_server().await;
    let explicit = ClientOptions {
        secret_key: Some("sk_test_EXPLICIT".into()),
        server_url: Some(server.uri()),
        ..Default::default()
    };
    get_user(&Client::new(explicit).unwrap()).await.unwrap();
    assert_eq!(authorization(&only_request(&server).await).as_deref(), Some("Bearer sk_test_EXPLICIT"));
}

#[tokio::test]
async fn blank_clerk_secret_key_means_no_key() {
    let _env = Env::with(&[("CLERK_SECRET_KEY", "  ")]);
    let server = echo_server().await;
    let client = Client::new(ClientOptions { server_url: Some(server.uri()), ..Default::default() }).unwrap();
    assert!(!client.has_secret_key());
    assert_eq!(get_user(&client).await.unwrap_err().code(), "config_error");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn server_url_from_clerk_api_url_and_explicit_url_wins() {
    let server = echo_server().await;
    let _env = Env::with(&[("CLERK_SECRET_KEY", "sk_test_k"), ("CLERK_API_URL", &format!("{}/v1", server.uri()))]);
    let client = Client::from_env().unwrap();
    assert_eq!(client.server_url(), format!("{}/v1", server.uri()));
    get_user(&client).await.unwrap();
    assert_eq!(only_request(&server).await.url.path(), "/v1/users/user_1");

    let other = echo_server().await;
    let client = Client::new(ClientOptions { server_url: Some(other.uri()), ..Default::default() }).unwrap();
    get_user(&client).await.unwrap();
    assert_eq!(only_request(&other).await.url.path(), "/users/user_1");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "CLERK_API_URL was not used");
}

#[test]
fn defaults_without_environment() {
    let _env = Env::with(&[]);
    let client = Client::from_env().unwrap();
    assert_eq!(client.server_url(), "https://api.clerk.com/v1");
    assert_eq!(client.api_version(), clerk_backend::API_VERSION);
    assert_eq!(clerk_backend::API_VERSION, "2026-05-12");
    assert!(!client.has_secret_key());
}

#[tokio::test]
async fn proxy_from_the_environment() {
    let proxy = echo_server().await;
    let _env = Env::with(&[("HTTP_PROXY", &proxy.uri())]);
    let opts = ClientOptions {
        secret_key: Some("sk_test_k".into()),
        server_url: Some("http://api.clerk.invalid/v1".into()),
        retry: Some(RetryConfig::none()),
        ..Default::default()
    };
    let client = Client::new(opts.clone()).unwrap();
    let out = get_user(&client).await.unwrap();
    assert_eq!(out, json!({"id": "u"}));
    let req = only_request(&proxy).await;
    assert_eq!(req.url.path(), "/v1/users/user_1");
    assert_eq!(req.headers.get("host").unwrap(), "api.clerk.invalid");

    // Without the variable the same host cannot be reached at all.
    drop(_env);
    let _env = Env::with(&[]);
    let client = Client::new(opts).unwrap();
    let input = clerk_backend::CallInput::json(json!({"user_id": "u"}));
    let err = client.call_with("users.get", input, &CallOptions::default()).await.unwrap_err();
    assert_eq!(err.code(), "connection_error", "{err}");
}
