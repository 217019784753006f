//! Client and call options as they reach the wire: `User-Agent`, explicit
//! proxy, connect and per-call timeouts; validation of `Client::call` before
//! sending; stable error codes and errors that never show the secret key,
//! even when the server echoes it; pagination against servers that misbehave.
//! (Options read from the environment are in `env_options.rs`, a binary of its own.)
#![allow(clippy::unwrap_used)]

mod support;

use std::net::SocketAddr;
use std::os::fd::{FromRawFd, OwnedFd};
use std::time::Duration;

use clerk_backend::{
    ApiError, BackoffStrategy, CallInput, CallOptions, Client, ClientOptions, Error, RetryConfig, TransportKind,
};
use serde_json::{json, Value};
use support::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Generous bound on calls that must end on their own: a test fails instead of hanging.
const NO_HANG: Duration = Duration::from_secs(20);

async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u"}))).mount(&server).await;
    server
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).and_then(|v| v.to_str().ok())
}

fn get_user() -> CallInput {
    CallInput::json(json!({"user_id": "u"}))
}

#[tokio::test]
async fn user_agent_names_the_sdk_and_its_version() {
    let expected = format!("clerk-backend-rust/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(clerk_backend::SDK_VERSION, env!("CARGO_PKG_VERSION"));
    let server = echo_server().await;
    client(&server.uri()).call_op(&GET_USER, get_user(), &CallOptions::default()).await.unwrap();
    let with_suffix =
        Client::new(ClientOptions { user_agent_suffix: Some("node/22".into()), ..options(&server.uri()) }).unwrap();
    with_suffix.call_op(&GET_USER, get_user(), &CallOptions::default()).await.unwrap();
    let reqs = received(&server).await;
    assert_eq!(header(&reqs[0], "user-agent"), Some(expected.as_str()));
    assert_eq!(header(&reqs[1], "user-agent"), Some(format!("{expected} node/22").as_str()));
}

#[tokio::test]
async fn api_version_is_overridable_per_client_and_per_call() {
    let server = echo_server().await;
    let client =
        Client::new(ClientOptions { api_version: Some("2025-04-10".into()), ..options(&server.uri()) }).unwrap();
    assert_eq!(client.api_version(), "2025-04-10");
    client.call_op(&GET_USER, get_user(), &CallOptions::default()).await.unwrap();
    let call = CallOptions { headers: vec![("Clerk-API-Version".into(), "2024-10-01".into())], ..Default::default() };
    client.call_op(&GET_USER, get_user(), &call).await.unwrap();
    let reqs = received(&server).await;
    let versions: Vec<Vec<&str>> = reqs
        .iter()
        .map(|r| r.headers.get_all("clerk-api-version").iter().map(|v| v.to_str().unwrap()).collect())
        .collect();
    assert_eq!(versions, [vec!["2025-04-10"], vec!["2024-10-01"]], "one header, the call's value winning");
}

#[tokio::test]
async fn explicit_proxy_carries_every_request() {
    // The API host does not exist: only a client that goes through the proxy reaches anything.
    let proxy = echo_server().await;
    let client = Client::new(ClientOptions {
        proxy: Some(proxy.uri()),
        retry: Some(RetryConfig::none()),
        ..options("http://api.clerk.invalid/v1")
    })
    .unwrap();
    let out: Value = client.execute(&GET_USER, &json!({"user_id": "user_9"}), &CallOptions::default()).await.unwrap();
    assert_eq!(out, json!({"id": "u"}));
    let reqs = received(&proxy).await;
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].url.path(), "/v1/users/user_9");
    let host = header(&reqs[0], "host").unwrap_or_default();
    assert_eq!(host, "api.clerk.invalid", "the proxy is asked for the API host");
    assert_eq!(header(&reqs[0], "authorization"), Some(format!("Bearer {SECRET}").as_str()));
}

/// A listening socket whose accept queue is full: further connects never
/// complete (Linux drops their SYNs), so only a connect timeout ends them.
struct Unanswered {
    addr: SocketAddr,
    _listener: OwnedFd,
    _queued: Vec<std::net::TcpStream>,
}

fn unanswered() -> Unanswered {
    // SAFETY: plain socket calls on a fresh fd with correctly sized arguments.
    let (fd, addr) = unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0);
        let mut sa: libc::sockaddr_in = std::mem::zeroed();
        sa.sin_family = libc::AF_INET as libc::sa_family_t;
        sa.sin_addr.s_addr = u32::from_ne_bytes([127, 0, 0, 1]);
        let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        assert_eq!(libc::bind(fd, (&sa as *const libc::sockaddr_in).cast(), len), 0);
        assert_eq!(libc::listen(fd, 0), 0);
        let mut bound: libc::sockaddr_in = std::mem::zeroed();
        let mut blen = len;
        assert_eq!(libc::getsockname(fd, (&mut bound as *mut libc::sockaddr_in).cast(), &mut blen), 0);
        (OwnedFd::from_raw_fd(fd), SocketAddr::from(([127, 0, 0, 1], u16::from_be(bound.sin_port))))
    };
    let mut queued = Vec::new();
    while let Ok(s) = std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
        queued.push(s);
        assert!(queued.len() < 64, "the accept queue never filled up");
    }
    Unanswered { addr, _listener: fd, _queued: queued }
}

#[tokio::test]
async fn connect_timeout_ends_a_connect_that_never_completes() {
    let target = unanswered();
    let url = format!("http://{}", target.addr);
    // The per-attempt timeout is a minute: only the connect timeout can end this call in time.
    let opts = ClientOptions {
        connect_timeout: Some(Duration::from_millis(200)),
        timeout: Some(Duration::from_secs(60)),
        retry: Some(RetryConfig::none()),
        ..options(&url)
    };
    let client = Client::with_clock(opts.clone(), TestClock::new()).unwrap();
    let call_opts = CallOptions::default();
    let call = client.call_op(&GET_USER, get_user(), &call_opts);
    let err = tokio::time::timeout(NO_HANG, call).await.expect("the connect timeout fired").unwrap_err();
    assert!(matches!(err, Error::Transport { kind: TransportKind::Timeout, .. }), "{err:?}");

    // A connect that timed out never reached the server, so even a POST is retried.
    let retry = RetryConfig {
        backoff: BackoffStrategy {
            initial_interval_ms: 1_000,
            max_interval_ms: 1_000,
            exponent: 1.0,
            max_elapsed_time_ms: 2_500,
        },
        ..RetryConfig::default()
    };
    let clock = TestClock::new();
    let client = Client::with_clock(ClientOptions { retry: Some(retry), ..opts }, clock.clone()).unwrap();
    let call = client.call_op(&CREATE_USER, CallInput::json(json!({"first_name": "A"})), &call_opts);
    let err = tokio::time::timeout(NO_HANG, call).await.expect("ends within the budget").unwrap_err();
    assert_eq!(err.code(), "timeout");
    assert!(!clock.sleeps().is_empty(), "a POST whose connect timed out is retried");
}

#[tokio::test]
async fn a_post_whose_host_does_not_resolve_is_retried() {
    // DNS failure: the request provably never reached a server.
    let retry = RetryConfig {
        backoff: BackoffStrategy {
            initial_interval_ms: 1_000,
            max_interval_ms: 1_000,
            exponent: 1.0,
            max_elapsed_time_ms: 2_500,
        },
        ..RetryConfig::default()
    };
    let clock = TestClock::new();
    let opts = ClientOptions { retry: Some(retry), ..options("http://api.clerk.invalid/v1") };
    let client = Client::with_clock(opts, clock.clone()).unwrap();
    let call_opts = CallOptions::default();
    let call = client.call_op(&CREATE_USER, CallInput::json(json!({"first_name": "A"})), &call_opts);
    let err = tokio::time::timeout(NO_HANG, call).await.expect("ends within the budget").unwrap_err();
    assert_eq!(err.code(), "connection_error", "{err}");
    let sleeps = clock.sleeps();
    assert!(!sleeps.is_empty(), "a POST that never left is retried");
    assert!(sleeps.iter().sum::<Duration>() <= Duration::from_millis(2_500), "within the budget: {sleeps:?}");
}

/// Accepts connections, answers each request with a head promising 100
/// bytes and 10 of them, then stalls with the connection open.
fn stalling_body_server() -> (String, std::sync::mpsc::Sender<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let mut open = Vec::new();
        listener.set_nonblocking(true).unwrap();
        while stopped.try_recv().is_err() {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    let _ = stream.write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\": \"u",
                    );
                    open.push(stream);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    });
    (url, stop)
}

#[tokio::test]
async fn a_body_that_stalls_times_out() {
    let (url, stop) = stalling_body_server();
    let opts =
        ClientOptions { timeout: Some(Duration::from_millis(300)), retry: Some(RetryConfig::none()), ..options(&url) };
    let client = Client::new(opts).unwrap();
    let call_opts = CallOptions::default();
    let call = client.call_op(&GET_USER, get_user(), &call_opts);
    let err = tokio::time::timeout(NO_HANG, call).await.expect("the attempt timeout covers the body").unwrap_err();
    assert_eq!(err.code(), "timeout", "{err:?}");
    let _ = stop.send(());
}

#[tokio::test]
async fn per_call_timeout_also_bounds_the_connect() {
    let target = unanswered();
    // Client defaults (10 s connect, 30 s per attempt); the call asks for 200 ms.
    let opts = ClientOptions { retry: Some(RetryConfig::none()), ..options(&format!("http://{}", target.addr)) };
    let client = Client::new(opts).unwrap();
    let call_opts = CallOptions { timeout: Some(Duration::from_millis(200)), ..Default::default() };
    let call = client.call_op(&GET_USER, get_user(), &call_opts);
    let err = tokio::time::timeout(Duration::from_secs(8), call).await.expect("the call's timeout fired").unwrap_err();
    assert_eq!(err.code(), "timeout", "{err:?}");
}

#[tokio::test]
async fn per_call_connect_timeout() {
    let target = unanswered();
    // The client allows 10 s to connect and a minute per attempt; the call allows 200 ms to connect.
    let opts = ClientOptions {
        timeout: Some(Duration::from_secs(60)),
        retry: Some(RetryConfig::none()),
        ..options(&format!("http://{}", target.addr))
    };
    let client = Client::new(opts).unwrap();
    let call_opts = CallOptions { connect_timeout: Some(Duration::from_millis(200)), ..Default::default() };
    let call = client.call_op(&GET_USER, get_user(), &call_opts);
    let err = tokio::time::timeout(Duration::from_secs(8), call)
        .await
        .expect("the call's connect timeout fired")
        .unwrap_err();
    assert_eq!(err.code(), "timeout", "{err:?}");

    // And a reachable server answers such a call as usual.
    let server = echo_server().await;
    let client = support::client(&server.uri());
    client.call_op(&GET_USER, get_user(), &call_opts).await.unwrap();
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn call_by_name_validates_generated_operations_before_sending() {
    let server = echo_server().await;
    let client = client(&server.uri());
    let cases = [
        ("users.gett", json!({"user_id": "u"}), "operation"),
        ("users.get", json!({}), "user_id"),
        ("users.get", json!({"user_id": 5}), "user_id"),
        ("users.get", json!({"user_id": ""}), "user_id"),
        ("users.get", json!({"user_id": "u", "expand": true}), "expand"),
        ("users.list", json!({"limit": "10"}), "limit"),
        ("users.list", json!({"email_address": "a@b.c"}), "email_address"),
        ("users.list", json!([1, 2]), "params"),
        ("users.create", json!({"public_metadata": []}), "public_metadata"),
        ("users.update_metadata", json!({"user_id": "u", "privat_metadata": {}}), "privat_metadata"),
    ];
    for (name, params, key) in cases {
        let err = client.call(name, params.clone()).await.expect_err(&format!("{name} {params}"));
        match &err {
            Error::InvalidArgument { parameter, .. } => assert_eq!(parameter, key, "{name} {params}: {err}"),
            other => panic!("{name} {params}: expected InvalidArgument({key}), got {other:?}"),
        }
        let blocking = client.blocking();
        // A plain thread: this test's current-thread runtime also serves the mock.
        let err = std::thread::spawn(move || blocking.call(name, params)).join().unwrap().unwrap_err();
        assert_eq!(err.code(), "invalid_argument", "the blocking facade validates the same way");
    }
    assert!(received(&server).await.is_empty(), "no invalid call reached the server");
    // The same calls, made valid, do go out.
    client.call("users.get", json!({"user_id": "u"})).await.unwrap();
    assert_eq!(received(&server).await.len(), 1);
}

#[test]
fn error_codes_are_stable_and_errors_are_std_errors() {
    fn std_error(e: &(dyn std::error::Error + Send + Sync + 'static)) -> String {
        e.to_string()
    }
    let transport = |kind| Error::Transport { kind, message: "m".into() };
    let api = Error::Api(Box::new(ApiError {
        status: 404,
        errors: vec![],
        clerk_trace_id: None,
        raw_body: String::new(),
        retry_after: None,
        headers: Vec::new(),
    }));
    let cases = [
        (api, "api_error"),
        (transport(TransportKind::Connect), "connection_error"),
        (transport(TransportKind::Timeout), "timeout"),
        (transport(TransportKind::Tls), "tls_error"),
        (transport(TransportKind::Other), "transport_error"),
        (Error::Decode { status: 200, message: "m".into(), raw_body: "b".into() }, "decode_error"),
        (Error::invalid_argument("p", "m"), "invalid_argument"),
        (Error::Config("m".into()), "config_error"),
    ];
    for (err, code) in cases {
        assert_eq!(err.code(), code);
        assert!(!std_error(&err).is_empty());
    }
}

/// Answers `status` with a body that echoes the request's `Authorization`
/// header everywhere an error can show text.
struct EchoAuth(u16);

impl Respond for EchoAuth {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let auth = header(req, "authorization").unwrap_or_default().to_owned();
        let body = if self.0 < 300 {
            json!(auth)
        } else {
            json!({
                "errors": [{"code": "bad_auth", "message": format!("bad header {auth}"),
                            "long_message": format!("you sent {auth}"), "meta": {"header": auth}}],
                "clerk_trace_id": auth,
            })
        };
        ResponseTemplate::new(self.0).set_body_json(body)
    }
}

fn assert_hidden(err: &Error) {
    let shown = format!("{err} {err:?} {}", err.raw_body().unwrap_or_default());
    assert!(!shown.contains("SUPERSECRET"), "{shown}");
    assert!(shown.contains("[REDACTED]"), "the echo is still visible, redacted: {shown}");
}

#[tokio::test]
async fn errors_never_show_the_secret_even_when_the_server_echoes_it() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(EchoAuth(401)).mount(&server).await;
    let client = client(&server.uri());
    let err = client.call("users.get", json!({"user_id": "u"})).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_hidden(&err);
    let api = err.api().unwrap();
    assert_eq!(api.errors[0].code, "bad_auth");
    assert!(api.errors[0].message.starts_with("bad header Bearer sk_test_"));
    assert!(!api.errors[0].meta.as_ref().unwrap().to_string().contains("SUPERSECRET"));
    assert!(!api.clerk_trace_id.as_deref().unwrap().contains("SUPERSECRET"));

    // A success body that echoes it and does not decode: serde quotes the value it rejects.
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(EchoAuth(200)).mount(&server).await;
    let client = support::client(&server.uri());
    let err = client.execute::<_, u64>(&GET_USER, &json!({"user_id": "u"}), &CallOptions::default()).await.unwrap_err();
    assert_eq!(err.code(), "decode_error");
    assert_hidden(&err);
    let err = client.call("users.get", json!({"user_id": "u"})).await.map(|_| ());
    assert!(err.is_ok(), "a dynamic call returns the JSON as it came: {err:?}");
    let mut pages = client.pages_op(&LIST_USERS, json!({}), CallOptions::default()).unwrap();
    let err = pages.next_page().await.unwrap_err();
    assert_eq!(err.code(), "decode_error");
    assert_hidden(&err);
}

#[test]
fn redact_secret_covers_every_text_of_every_kind() {
    let s = "sk_live_TOPSECRET";
    let errs = [
        Error::Transport { kind: TransportKind::Other, message: format!("x {s}") },
        Error::Decode { status: 200, message: s.into(), raw_body: s.into() },
        Error::invalid_argument(s, s),
        Error::Config(s.into()),
    ];
    for e in errs {
        let shown = format!("{:?}", e.redact_secret(s));
        assert!(!shown.contains("TOPSECRET") && shown.contains("sk_live_[REDACTED]"), "{shown}");
    }
}

/// Serves the same page whatever the `offset`: a server that ignores it.
struct IgnoresOffset(Value);

impl Respond for IgnoresOffset {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        ResponseTemplate::new(200).set_body_json(self.0.clone())
    }
}

async fn drain(pages: &mut clerk_backend::Pages) -> (Vec<usize>, Option<Error>) {
    let mut sizes = Vec::new();
    loop {
        match tokio::time::timeout(NO_HANG, pages.next_page()).await.expect("a page never hangs") {
            Ok(Some(page)) => sizes.push(page.len()),
            Ok(None) => return (sizes, None),
            Err(e) => return (sizes, Some(e)),
        }
        assert!(sizes.len() < 100, "pagination never ends: {sizes:?}");
    }
}

#[tokio::test]
async fn pages_end_when_the_server_ignores_offset() {
    let page = json!([{"id": 1}, {"id": 2}]);
    let bodies = [
        (&LIST_USERS, page.clone(), json!({"limit": 2})),
        (&LIST_USERS, page.clone(), json!({})),
        (&LIST_ORGS, json!({"data": page.clone()}), json!({"limit": 2})),
        (&LIST_ORGS, json!({"data": page.clone(), "total_count": 1000}), json!({"limit": 2})),
    ];
    for (op, body, params) in bodies {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(IgnoresOffset(body.clone())).mount(&server).await;
        let mut pages = client(&server.uri()).pages_op(op, params.clone(), CallOptions::default()).unwrap();
        let (sizes, err) = drain(&mut pages).await;
        assert_eq!(sizes, [2], "{body} {params}: the repeated page is not yielded again");
        let err = err.unwrap_or_else(|| panic!("{body} {params}: a repeated page is an error"));
        assert_eq!(err.code(), "decode_error");
        assert!(err.to_string().contains("offset"), "{err}");
        assert_eq!(received(&server).await.len(), 2);
        assert!(pages.next_page().await.unwrap().is_none(), "and iteration is over");
    }
}

/// Pages by `offset` with a server-side default limit of 10 when none is sent.
struct DefaultLimit(usize);

impl Respond for DefaultLimit {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let q = |k: &str| req.url.query_pairs().find(|(n, _)| n == k).and_then(|(_, v)| v.parse::<usize>().ok());
        let (offset, limit) = (q("offset").unwrap_or(0), q("limit").unwrap_or(10));
        let items: Vec<Value> = (offset..self.0.min(offset + limit)).map(|i| json!({"id": i})).collect();
        ResponseTemplate::new(200).set_body_json(items)
    }
}

#[tokio::test]
async fn pages_without_a_limit_stop_at_a_page_shorter_than_the_first() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(DefaultLimit(25)).mount(&server).await;
    let mut pages = client(&server.uri()).pages("users.list", json!({})).unwrap();
    let (sizes, err) = drain(&mut pages).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(sizes, [10, 10, 5]);
    let reqs = received(&server).await;
    assert_eq!(reqs.len(), 3, "no request after the short page");
    assert!(reqs.iter().all(|r| r.url.query_pairs().all(|(k, _)| k != "limit")), "no limit is invented");
}
