//! Fault tests against real local servers: retries, `Retry-After`, resets,
//! timeouts, decode errors, large bodies and the retry budget. Waits run on
//! a virtual clock ([`support::TestClock`]); nothing sleeps for real seconds.
#![allow(clippy::unwrap_used)]

mod support;

use std::time::{Duration, SystemTime};

use clerk_backend::{CallInput, CallOptions, Error, RetryConfig, RetryStrategy, TransportKind};
use serde_json::{json, Value};
use support::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// Answers with the given templates in order; the last one repeats.
struct Sequence(Vec<ResponseTemplate>, std::sync::atomic::AtomicUsize);

impl Respond for Sequence {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.0.get(n).or(self.0.last()).cloned().unwrap()
    }
}

async fn server_with(http_method: &str, route: &str, responses: Vec<ResponseTemplate>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(http_method))
        .and(path(route))
        .respond_with(Sequence(responses, Default::default()))
        .mount(&server)
        .await;
    server
}

async fn attempts(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

fn ok_user() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": "user_1", "object": "user"}))
}

fn get_user_input() -> CallInput {
    CallInput::json(json!({"user_id": "user_1"}))
}

fn create_user_input() -> CallInput {
    CallInput::json(json!({"first_name": "Ada"}))
}

fn default_opts() -> CallOptions {
    CallOptions::default()
}

#[tokio::test]
async fn get_429_with_retry_after_seconds_waits_that_long_then_succeeds() {
    let server = server_with(
        "GET",
        "/users/user_1",
        vec![ResponseTemplate::new(429).insert_header("retry-after", "2"), ok_user()],
    )
    .await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri(), clock.clone());
    let resp = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap();
    assert_eq!(resp.json::<Value>().unwrap()["id"], "user_1");
    assert_eq!(attempts(&server).await, 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
}

#[tokio::test]
async fn post_429_with_retry_after_http_date_is_retried_after_the_date() {
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(4));
    let server = server_with(
        "POST",
        "/users",
        vec![ResponseTemplate::new(429).insert_header("retry-after", date.as_str()), ok_user()],
    )
    .await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri(), clock.clone());
    client.call_op(&CREATE_USER, create_user_input(), &default_opts()).await.unwrap();
    assert_eq!(attempts(&server).await, 2);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1);
    // Whole-second dates: the wait is what is left of the 4 s, give or take a second.
    assert!(sleeps[0] >= Duration::from_secs(2) && sleeps[0] <= Duration::from_secs(4), "{sleeps:?}");
}

#[tokio::test]
async fn get_500_then_200_is_retried_once() {
    let server = server_with("GET", "/users/user_1", vec![ResponseTemplate::new(500), ok_user()]).await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri(), clock.clone());
    client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap();
    assert_eq!(attempts(&server).await, 2);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 1);
    assert!(sleeps[0] <= Duration::from_millis(500), "first backoff is capped by the initial interval");
}

#[tokio::test]
async fn put_and_delete_are_retried_on_502() {
    let server = MockServer::start().await;
    Mock::given(path("/things/t1"))
        .respond_with(Sequence(vec![ResponseTemplate::new(502), ok_user()], Default::default()))
        .mount(&server)
        .await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    client.call_op(&PUT_THING, CallInput::json(json!({"user_id": "t1"})), &default_opts()).await.unwrap();
    assert_eq!(attempts(&server).await, 2);

    let server = server_with("DELETE", "/users/u1", vec![ResponseTemplate::new(503), ResponseTemplate::new(204)]).await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let out: () = client.execute(&DELETE_USER, &json!({"user_id": "u1"}), &default_opts()).await.unwrap();
    assert_eq!(out, ());
    assert_eq!(attempts(&server).await, 2);
}

#[tokio::test]
async fn post_on_500_is_not_retried() {
    let server = server_with("POST", "/users", vec![ResponseTemplate::new(500), ok_user()]).await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri(), clock.clone());
    let err = client.call_op(&CREATE_USER, create_user_input(), &default_opts()).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(attempts(&server).await, 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn patch_on_503_without_retry_after_is_not_retried() {
    let server = server_with("PATCH", "/users/u1/metadata", vec![ResponseTemplate::new(503), ok_user()]).await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let input = CallInput::json(json!({"user_id": "u1", "public_metadata": {}}));
    let err = client.call_op(&UPDATE_METADATA, input, &default_opts()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn post_on_503_with_retry_after_is_retried() {
    let server =
        server_with("POST", "/users", vec![ResponseTemplate::new(503).insert_header("retry-after", "1"), ok_user()])
            .await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri(), clock.clone());
    client.call_op(&CREATE_USER, create_user_input(), &default_opts()).await.unwrap();
    assert_eq!(attempts(&server).await, 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(1)]);
}

#[tokio::test]
async fn post_on_500_is_retried_when_the_call_opts_in() {
    let server = server_with("POST", "/users", vec![ResponseTemplate::new(500), ok_user()]).await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let opts = CallOptions { retry_non_idempotent: true, ..Default::default() };
    client.call_op(&CREATE_USER, create_user_input(), &opts).await.unwrap();
    assert_eq!(attempts(&server).await, 2);
}

#[tokio::test]
async fn retry_strategy_none_makes_one_attempt() {
    let server = server_with("GET", "/users/user_1", vec![ResponseTemplate::new(500), ok_user()]).await;
    let (client, clock) = client_with(&server.uri(), RetryConfig::none(), None);
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(attempts(&server).await, 1);
    assert!(clock.sleeps().is_empty());

    // A per-call policy overrides the client's.
    let server = server_with("GET", "/users/user_1", vec![ResponseTemplate::new(500), ok_user()]).await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let opts = CallOptions { retry: Some(RetryConfig::none()), ..Default::default() };
    client.call_op(&GET_USER, get_user_input(), &opts).await.unwrap_err();
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn budget_exhaustion_stops_retrying() {
    // Every answer asks for 7 s; a 30 s budget allows waits at 7, 14, 21, 28,
    // and not a fifth (35 s): 5 attempts in all.
    let server =
        server_with("GET", "/users/user_1", vec![ResponseTemplate::new(503).insert_header("retry-after", "7")]).await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri(), clock.clone());
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    assert_eq!(attempts(&server).await, 5);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(7); 4]);
    let api = err.api().unwrap();
    assert_eq!(api.status, 503);
    assert_eq!(api.retry_after, Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn retry_after_beyond_the_budget_is_not_waited_for() {
    let server =
        server_with("GET", "/users/user_1", vec![ResponseTemplate::new(429).insert_header("retry-after", "3600")])
            .await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri(), clock.clone());
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(attempts(&server).await, 1);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn backoff_without_retry_after_stays_within_budget_and_caps() {
    let server = server_with("GET", "/users/user_1", vec![ResponseTemplate::new(500)]).await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri(), clock.clone());
    client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    let sleeps = clock.sleeps();
    assert_eq!(attempts(&server).await, sleeps.len() + 1);
    assert!(sleeps.len() >= 3, "full jitter under an 8 s cap fits several retries in 30 s: {sleeps:?}");
    assert!(sleeps.iter().sum::<Duration>() <= Duration::from_secs(30));
    for (i, d) in sleeps.iter().enumerate() {
        let cap = Duration::from_millis((500u64 << i.min(5)).min(8_000));
        assert!(*d <= cap, "retry {} waited {d:?} > {cap:?}", i + 1);
    }
}

#[tokio::test]
async fn connection_refused_is_retried_even_for_post() {
    let port = free_port();
    let clock = TestClock::new();
    let server: std::sync::Arc<std::sync::Mutex<Option<RawServer>>> = Default::default();
    let slot = server.clone();
    // The server comes up during the first backoff wait.
    clock.on_sleep(move |n| {
        if n == 1 {
            let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
            *slot.lock().unwrap() = Some(RawServer::on(listener, vec![Act::Respond(200, r#"{"id":"user_1"}"#)]));
        }
    });
    let client = client_with_clock(&format!("http://127.0.0.1:{port}"), clock.clone());
    let resp = client.call_op(&CREATE_USER, create_user_input(), &default_opts()).await.unwrap();
    assert_eq!(resp.status, 200);
    assert_eq!(clock.sleeps().len(), 1);
    assert_eq!(server.lock().unwrap().as_ref().unwrap().count(), 1);
}

#[tokio::test]
async fn connection_refused_without_retries_is_a_connect_error() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let (client, _) = client_with(&url, RetryConfig::none(), None);
    let err = client.call_op(&CREATE_USER, create_user_input(), &default_opts()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { kind: TransportKind::Connect, .. }), "{err:?}");
    assert_eq!(err.code(), "connection_error");

    let no_conn = RetryConfig { retry_connection_errors: false, ..RetryConfig::default() };
    let (client, clock) = client_with(&url, no_conn, None);
    client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn post_reset_after_sending_is_not_retried() {
    let server = RawServer::start(vec![Act::Reset, Act::Respond(200, "{}")]);
    let clock = TestClock::new();
    let client = client_with_clock(&server.url(), clock.clone());
    let err = client.call_op(&CREATE_USER, create_user_input(), &default_opts()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { kind: TransportKind::Other, .. }), "{err:?}");
    assert_eq!(server.count(), 1, "the server saw the POST once and only once");
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn get_reset_after_sending_is_retried() {
    let server = RawServer::start(vec![Act::Reset, Act::Respond(200, r#"{"id":"user_1"}"#)]);
    let client = client_with_clock(&server.url(), TestClock::new());
    client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ok_user().set_delay(Duration::from_secs(30))).mount(&server).await;
    let (client, clock) = client_with(&server.uri(), RetryConfig::default(), Some(Duration::from_millis(150)));
    let err = client.call_op(&CREATE_USER, create_user_input(), &default_opts()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { kind: TransportKind::Timeout, .. }), "{err:?}");
    assert_eq!(err.code(), "timeout");
    assert_eq!(attempts(&server).await, 1, "a POST that may have been processed is not resent");
    assert!(clock.sleeps().is_empty());

    // The per-call timeout overrides the client's (here: the 30 s default).
    let client = client_with_clock(&server.uri(), TestClock::new());
    let opts = CallOptions { timeout: Some(Duration::from_millis(150)), ..Default::default() };
    let err = client.call_op(&CREATE_USER, create_user_input(), &opts).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
}

#[tokio::test]
async fn get_timeouts_are_retried_within_the_budget() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ok_user().set_delay(Duration::from_secs(30))).mount(&server).await;
    let retry = RetryConfig {
        backoff: clerk_backend::BackoffStrategy {
            initial_interval_ms: 1_000,
            max_interval_ms: 1_000,
            exponent: 1.0,
            max_elapsed_time_ms: 2_000,
        },
        ..RetryConfig::default()
    };
    let (client, clock) = client_with(&server.uri(), retry, Some(Duration::from_millis(100)));
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    assert_eq!(err.code(), "timeout");
    let sleeps = clock.sleeps();
    assert!(!sleeps.is_empty(), "a GET that timed out is retried");
    assert_eq!(attempts(&server).await, sleeps.len() + 1);
    assert!(sleeps.iter().sum::<Duration>() <= Duration::from_secs(2));
}

#[tokio::test]
async fn invalid_json_is_a_decode_error_with_the_raw_body() {
    let server =
        server_with("GET", "/users/user_1", vec![ResponseTemplate::new(200).set_body_string("{not json")]).await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let err = client.execute::<_, Value>(&GET_USER, &json!({"user_id": "user_1"}), &default_opts()).await.unwrap_err();
    match &err {
        Error::Decode { status, raw_body, .. } => {
            assert_eq!(*status, 200);
            assert_eq!(raw_body, "{not json");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(err.raw_body(), Some("{not json"));
    assert_eq!(attempts(&server).await, 1);
}

#[tokio::test]
async fn ten_megabyte_body_decodes() {
    let item = "x".repeat(1000);
    let items: Vec<Value> = (0..10_500).map(|i| json!({"id": i, "pad": item})).collect();
    let body = serde_json::to_vec(&items).unwrap();
    assert!(body.len() > 10 * 1024 * 1024);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
        .mount(&server)
        .await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let resp = client.call_op(&LIST_USERS, CallInput::default(), &default_opts()).await.unwrap();
    assert_eq!(resp.body.len(), body.len());
    let decoded: Vec<Value> = resp.json().unwrap();
    assert_eq!(decoded.len(), 10_500);
    assert_eq!(decoded[10_499]["id"], 10_499);
}

#[tokio::test]
async fn api_errors_carry_clerk_errors_trace_id_and_no_secret() {
    let body = json!({
        "errors": [{"code": "form_param_missing", "message": "is missing", "long_message": "first_name is missing",
                    "meta": {"param_name": "first_name"}}],
        "clerk_trace_id": "trace_abc"
    });
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("authorization", format!("Bearer {SECRET}").as_str()))
        .and(header("clerk-api-version", "2026-05-12"))
        .respond_with(ResponseTemplate::new(422).set_body_json(&body))
        .mount(&server)
        .await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let err = client.call_op(&CREATE_USER, create_user_input(), &default_opts()).await.unwrap_err();
    let api = err.api().expect("an API error: the request carried the bearer key and API version");
    assert_eq!(api.status, 422);
    assert_eq!(api.errors.len(), 1);
    assert_eq!(api.errors[0].code, "form_param_missing");
    assert_eq!(api.errors[0].long_message.as_deref(), Some("first_name is missing"));
    assert_eq!(api.errors[0].meta, Some(json!({"param_name": "first_name"})));
    assert_eq!(err.clerk_trace_id(), Some("trace_abc"));
    assert_eq!(serde_json::from_str::<Value>(&api.raw_body).unwrap(), body);
    assert_eq!(err.code(), "api_error");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("first_name is missing"));
    assert!(!shown.contains("SUPERSECRET"), "{shown}");
}

#[tokio::test]
async fn trace_id_from_the_header_when_the_body_has_none() {
    let server = server_with(
        "GET",
        "/users/user_1",
        vec![ResponseTemplate::new(404).insert_header("x-clerk-trace-id", "trace_hdr").set_body_string("nope")],
    )
    .await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    assert_eq!(err.clerk_trace_id(), Some("trace_hdr"));
    assert_eq!(err.api().unwrap().errors, vec![]);
    assert_eq!(err.raw_body(), Some("nope"));
    assert_eq!(attempts(&server).await, 1, "a 404 is not retried");
}

#[tokio::test]
async fn tls_failure_is_a_tls_error_and_not_retried() {
    // A plain-HTTP server answers the TLS handshake with HTTP: the handshake fails.
    let server = MockServer::start().await;
    let clock = TestClock::new();
    let client = client_with_clock(&server.uri().replace("http://", "https://"), clock.clone());
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { kind: TransportKind::Tls, .. }), "{err:?}");
    assert_eq!(err.code(), "tls_error");
    assert!(clock.sleeps().is_empty(), "a TLS failure repeats the same way: not retried");
}

#[tokio::test]
async fn transport_errors_say_what_happened() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let (client, _) = client_with(&url, RetryConfig::none(), None);
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    assert!(err.to_string().to_lowercase().contains("refused"), "{err}");
    let server = RawServer::start(vec![Act::Reset]);
    let (client, _) = client_with(&server.url(), RetryConfig::none(), None);
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    let text = err.to_string().to_lowercase();
    assert!(text.contains("reset") || text.contains("closed"), "{err}");
}

#[tokio::test]
async fn no_secret_in_transport_errors() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let (client, _) = client_with(&url, RetryConfig { strategy: RetryStrategy::None, ..Default::default() }, None);
    let err = client.call_op(&GET_USER, get_user_input(), &default_opts()).await.unwrap_err();
    let shown = format!("{err} {err:?} {client:?}");
    assert!(!shown.contains("SUPERSECRET"), "{shown}");
}

/// A minimal global `tracing` subscriber writing spans, field updates and
/// events as text lines. Global because requests run on the SDK's runtime threads.
mod capture {
    use std::fmt::{Debug, Write};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    pub struct Capture {
        lines: &'static Mutex<Vec<String>>,
        next: AtomicU64,
    }

    /// Installs the global subscriber; returns where its lines go.
    pub fn install() -> &'static Mutex<Vec<String>> {
        let lines: &'static Mutex<Vec<String>> = Box::leak(Box::default());
        tracing::subscriber::set_global_default(Capture { lines, next: AtomicU64::new(0) }).unwrap();
        lines
    }

    struct Fields<'a>(&'a mut String);

    impl Visit for Fields<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            let _ = write!(self.0, " {}={}", field.name(), value);
        }
    }

    impl Capture {
        fn push(&self, line: String) {
            self.lines.lock().unwrap().push(line);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
            let mut line = format!("span#{id} {}", span.metadata().name());
            span.record(&mut Fields(&mut line));
            self.push(line);
            Id::from_u64(id)
        }
        fn record(&self, span: &Id, values: &Record<'_>) {
            let mut line = format!("record#{}", span.into_u64());
            values.record(&mut Fields(&mut line));
            self.push(line);
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut line = "event".to_owned();
            event.record(&mut Fields(&mut line));
            self.push(line);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn tracing_spans_name_the_operation_and_never_the_secret() {
    let captured = capture::install();
    let server = server_with(
        "GET",
        "/users/user_traced",
        vec![
            ResponseTemplate::new(429).insert_header("retry-after", "1"),
            ok_user().insert_header("x-clerk-trace-id", "trace_xyz"),
        ],
    )
    .await;
    let client = client_with_clock(&server.uri(), TestClock::new());
    client.call_op(&GET_USER, CallInput::json(json!({"user_id": "user_traced"})), &default_opts()).await.unwrap();

    let lines = captured.lock().unwrap().clone();
    let text = lines.join("\n");
    let span_line = lines
        .iter()
        .find(|l| l.contains("clerk.request") && l.contains("operation=users.get"))
        .unwrap_or_else(|| panic!("no request span in:\n{text}"));
    assert!(span_line.contains("method=GET") && span_line.contains("path=/users/{user_id}"), "{span_line}");
    assert!(!span_line.contains("user_traced"), "the span holds the path template, not values");
    let id = span_line.split_whitespace().next().unwrap().trim_start_matches("span#");
    let records: Vec<&String> = lines.iter().filter(|l| l.starts_with(&format!("record#{id} "))).collect();
    let recorded = records.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
    for field in ["attempt=2", "status=200", "clerk_trace_id=trace_xyz", "duration_ms="] {
        assert!(recorded.contains(field), "{field} missing from {recorded}");
    }
    assert!(!text.contains("SUPERSECRET") && !text.contains("Bearer"), "{text}");
}
