//! The request log (`ClientOptions::request_log`, a binding's `logger`): one
//! line per attempt and per outcome, with no secret and no parameter value.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};

use clerk_backend::{
    BackoffStrategy, CallInput, CallOptions, Client, ClientOptions, RequestLog, RetryConfig, RetryStrategy,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "sk_test_requestlogsecret123";

fn client(url: &str, lines: &Arc<Mutex<Vec<String>>>) -> Client {
    let sink = lines.clone();
    Client::new(ClientOptions {
        secret_key: Some(SECRET.into()),
        server_url: Some(url.to_owned()),
        retry: Some(RetryConfig {
            strategy: RetryStrategy::Backoff,
            backoff: BackoffStrategy { initial_interval_ms: 1, max_interval_ms: 5, ..Default::default() },
            ..Default::default()
        }),
        request_log: Some(RequestLog::new(move |line| sink.lock().unwrap().push(line.to_owned()))),
        ..Default::default()
    })
    .unwrap()
}

#[tokio::test]
async fn one_line_per_attempt_and_outcome_without_secrets_or_values() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/user_secretvalue"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"errors": [], "clerk_trace_id": SECRET})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/user_secretvalue"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "user_secretvalue"})))
        .mount(&server)
        .await;
    let lines = Arc::new(Mutex::new(Vec::new()));
    let c = client(&server.uri(), &lines);
    c.call_raw("users.get", CallInput::json(json!({"user_id": "user_secretvalue"})), &CallOptions::default())
        .await
        .unwrap();
    let lines = lines.lock().unwrap().clone();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert_eq!(lines[0], "request GET /users/{user_id} users.get attempt=1");
    assert!(lines[1].starts_with("response 500 GET /users/{user_id} users.get "), "{}", lines[1]);
    assert_eq!(lines[2], "request GET /users/{user_id} users.get attempt=2");
    assert!(lines[3].starts_with("response 200 GET /users/{user_id} users.get ") && lines[3].contains("attempt=2"));
    for line in &lines {
        assert!(!line.contains(SECRET) && !line.contains("user_secretvalue"), "{line}");
    }
}

#[tokio::test]
async fn a_failed_attempt_is_logged_with_its_code() {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let c = client("http://127.0.0.1:9", &lines);
    let opts = CallOptions { retry: Some(RetryConfig::none()), ..Default::default() };
    c.call_raw("users.get", CallInput::json(json!({"user_id": "u"})), &opts).await.unwrap_err();
    let lines = lines.lock().unwrap().clone();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[1].starts_with("failed GET /users/{user_id} users.get ") && lines[1].ends_with(": connection_error"),
        "{}",
        lines[1]
    );
}
