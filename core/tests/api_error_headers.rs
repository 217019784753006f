//! API errors carry the response's headers (never the request's), with the
//! client's secret key redacted like everywhere else in an error.
#![allow(clippy::unwrap_used)]

mod support;

use clerk_backend::{CallInput, CallOptions};
use serde_json::json;
use support::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn error_from(reply: ResponseTemplate) -> clerk_backend::Error {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/users/user_1")).respond_with(reply).mount(&server).await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let input = CallInput::json(json!({"user_id": "user_1"}));
    client.call_op(&GET_USER, input, &CallOptions::default()).await.unwrap_err()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn a_4xx_error_carries_the_response_headers_lower_cased() {
    let reply = ResponseTemplate::new(400)
        .insert_header("X-Custom", "1")
        .insert_header("Retry-After", "7")
        .set_body_json(json!({"errors": [{"code": "bad", "message": "bad"}]}));
    let err = error_from(reply).await;
    let api = err.api().unwrap();
    assert_eq!(api.status, 400);
    assert_eq!(header(&api.headers, "x-custom"), Some("1"), "{:?}", api.headers);
    assert_eq!(header(&api.headers, "retry-after"), Some("7"));
    assert_eq!(header(&api.headers, "content-type"), Some("application/json"));
    assert!(header(&api.headers, "authorization").is_none(), "request headers never end up on the error");
    let shown = format!("{err:?}");
    assert!(!shown.contains("SUPERSECRET"), "{shown}");
}

#[tokio::test]
async fn a_header_echoing_the_secret_key_is_redacted() {
    let reply = ResponseTemplate::new(401)
        .insert_header("x-echo-authorization", format!("Bearer {SECRET}").as_str())
        .set_body_string("unauthorized");
    let err = error_from(reply).await;
    let api = err.api().unwrap();
    let echoed = header(&api.headers, "x-echo-authorization").unwrap();
    assert!(!echoed.contains(SECRET), "{echoed}");
    assert!(echoed.starts_with("Bearer "), "the rest of the value is kept: {echoed}");
    assert!(!format!("{err} {err:?}").contains("SUPERSECRET"));
}
