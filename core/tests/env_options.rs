//! Options read from the environment: `CLERK_SECRET_KEY`, `CLERK_API_URL`,
//! `CLERK_API_VERSION` and the proxy variables reqwest reads. A test binary of its own, so that no
//! other test sees these variables; within it, [`ENV`] serialises the tests.
#![allow(clippy::unwrap_used)]

mod auth_support;

use std::sync::{Mutex, MutexGuard};

use clerk_backend::{CallOptions, Client, ClientOptions, RetryConfig};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

static ENV: Mutex<()> = Mutex::new(());

const VARS: [&str; 7] =
    ["CLERK_SECRET_KEY", "CLERK_API_URL", "CLERK_API_VERSION", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

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

#[test]
fn api_urls_with_and_without_the_version_mean_the_same() {
    use clerk_backend::config::{
        api_base_url, server_url_for, DEFAULT_API_URL, DEFAULT_API_VERSION, DEFAULT_SERVER_URL,
    };
    for url in
        ["https://api.clerk.com", "https://api.clerk.com/", "https://api.clerk.com/v1", " https://api.clerk.com/v1/ "]
    {
        assert_eq!(api_base_url(url, "v1"), "https://api.clerk.com", "{url}");
        assert_eq!(server_url_for(url, "v1"), DEFAULT_SERVER_URL, "{url}");
    }
    assert_eq!(server_url_for(DEFAULT_API_URL, DEFAULT_API_VERSION), DEFAULT_SERVER_URL);
    assert_eq!(api_base_url("http://127.0.0.1:9/proxy/v1", "v1"), "http://127.0.0.1:9/proxy");
    assert_eq!(api_base_url("http://127.0.0.1:9/xv1", "v1"), "http://127.0.0.1:9/xv1");
    assert_eq!(api_base_url("https://v1", "v1"), "https://v1");
    assert_eq!(api_base_url("https://api.clerk.com/v1", "v2"), "https://api.clerk.com/v1");
    assert_eq!(server_url_for("https://api.clerk.com", "/v2/"), "https://api.clerk.com/v2");
}

/// One `CLERK_API_URL`, either spelling, serves an API call and a JWKS fetch
/// against the same server: `…/v1/users/…` and `…/v1/jwks`, never
/// `…/v1/v1/jwks` or a call without `/v1`.
#[tokio::test]
async fn clerk_api_url_means_the_same_for_api_calls_and_jwks() {
    use auth_support::{long_lived_claims, TestKey};
    use clerk_backend::auth::{Authenticator, VerifyTokenOptions};
    use wiremock::matchers::{method, path};

    let key = TestKey::generate("ins_env_api_url");
    let now_s = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let token = key.sign(json!({}), long_lived_claims(now_s));
    let server = MockServer::start().await;
    for spelling in ["", "/", "/v1", "/v1/"] {
        server.reset().await;
        auth_support::mount_jwks(&server, &[&key]).await;
        Mock::given(method("GET"))
            .and(path("/v1/users/user_1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "user_1"})))
            .mount(&server)
            .await;
        let api_url = format!("{}{spelling}", server.uri());
        let _env = Env::with(&[("CLERK_SECRET_KEY", "sk_test_k"), ("CLERK_API_URL", &api_url)]);
        let client = Client::from_env().unwrap();
        assert_eq!(client.server_url(), format!("{}/v1", server.uri()), "CLERK_API_URL={api_url}");
        assert_eq!(get_user(&client).await.unwrap(), json!({"id": "user_1"}), "CLERK_API_URL={api_url}");
        // The bindings hand CLERK_API_URL to auth as `api_url` unchanged.
        let opts = VerifyTokenOptions {
            secret_key: Some("sk_test_k".into()),
            api_url: Some(std::env::var("CLERK_API_URL").unwrap()),
            api_version: std::env::var("CLERK_API_VERSION").ok(),
            ..VerifyTokenOptions::default()
        };
        let claims = Authenticator::new().verify_token(&token, &opts).await;
        assert!(claims.is_ok(), "CLERK_API_URL={api_url}: {claims:?}");
        let paths: Vec<String> =
            server.received_requests().await.unwrap().iter().map(|r| r.url.path().to_owned()).collect();
        assert_eq!(paths, ["/v1/users/user_1", "/v1/jwks"], "CLERK_API_URL={api_url}");
    }
}

#[tokio::test]
async fn clerk_api_version_sets_the_path_segment() {
    let server = echo_server().await;
    let _env = Env::with(&[("CLERK_API_URL", &server.uri()), ("CLERK_API_VERSION", "v1")]);
    assert_eq!(Client::from_env().unwrap().server_url(), format!("{}/v1", server.uri()));
    drop(_env);
    let _env = Env::with(&[("CLERK_API_VERSION", "v1")]);
    assert_eq!(Client::from_env().unwrap().server_url(), "https://api.clerk.com/v1");
}
