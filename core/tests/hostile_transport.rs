//! The transport against a hostile local server (one behaviour per path, raw
//! request capture): secret echoes, path traversal, retry storms, refused
//! connections, huge timeouts, framing headers, redirects, huge bodies and
//! out-of-range parameters. Each test checks what the server saw (requests,
//! bytes) and, where time matters, the virtual clock.
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clerk_backend::generated::operations::OPERATIONS;
use clerk_backend::ops::{registry, BodySpec, OperationSpec, ParamLocation, ValueType};
use clerk_backend::{
    duration_from_millis, CallInput, CallOptions, Client, ClientOptions, Error, FileUpload, RetryConfig, TransportKind,
    DEFAULT_MAX_ATTEMPTS, MIN_RETRY_WAIT,
};
use serde_json::{json, Map, Value};
use support::*;

/// One request as the server read it off the socket.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// The request target as sent (`/users/a%2Fb?x=1`).
    target: String,
    headers: Vec<(String, String)>,
    /// Head and body, byte for byte.
    raw: Vec<u8>,
}

impl Seen {
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

enum Reply {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// `total` bytes of a JSON-ish body, with or without a `Content-Length`.
    Stream {
        total: u64,
        content_length: bool,
    },
}

fn json_reply(status: u16, body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    }
}

type Behaviour = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// An HTTP/1.1 server on 127.0.0.1 that records every request and answers as
/// `behaviour` says (by path, method, headers).
struct Hostile {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Body bytes the server managed to write (for the size-cap tests).
    written: Arc<AtomicU64>,
}

impl Hostile {
    fn start(behaviour: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let written: Arc<AtomicU64> = Arc::default();
        let behaviour: Behaviour = Arc::new(behaviour);
        let (s, w) = (seen.clone(), written.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (s, w, b) = (s.clone(), w.clone(), behaviour.clone());
                std::thread::spawn(move || serve(stream, &s, &w, &b));
            }
        });
        Hostile { url, seen, written }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    fn bytes_received(&self) -> usize {
        self.seen.lock().unwrap().iter().map(|s| s.raw.len()).sum()
    }
}

fn serve(mut stream: TcpStream, seen: &Mutex<Vec<Seen>>, written: &AtomicU64, behaviour: &Behaviour) {
    let _ = stream.set_nodelay(true);
    while let Some(request) = read_request(&mut stream) {
        seen.lock().unwrap().push(request.clone());
        let ok = match behaviour(&request) {
            Reply::Respond { status, headers, body } => {
                let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                for (k, v) in headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let mut reply = head.into_bytes();
                reply.extend_from_slice(&body);
                stream.write_all(&reply).is_ok()
            }
            Reply::Stream { total, content_length } => {
                let framing = if content_length {
                    format!("content-length: {total}")
                } else {
                    "transfer-encoding: chunked".to_owned()
                };
                let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{framing}\r\n\r\n");
                if stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                let chunk = vec![b' '; 64 * 1024];
                let mut sent = 0u64;
                while sent < total {
                    let n = chunk.len().min((total - sent) as usize);
                    let res = if content_length {
                        stream.write_all(&chunk[..n])
                    } else {
                        stream
                            .write_all(format!("{n:x}\r\n").as_bytes())
                            .and_then(|_| stream.write_all(&chunk[..n]))
                            .and_then(|_| stream.write_all(b"\r\n"))
                    };
                    if res.is_err() {
                        return;
                    }
                    sent += n as u64;
                    written.fetch_add(n as u64, Ordering::SeqCst);
                }
                content_length || stream.write_all(b"0\r\n\r\n").is_ok()
            }
        };
        if !ok {
            return;
        }
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let raw = read_request_bytes(stream)?;
    let head_len = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..head_len]).into_owned();
    let mut lines = head.split("\r\n");
    let mut start = lines.next()?.split(' ');
    let (method, target) = (start.next()?.to_owned(), start.next()?.to_owned());
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Some(Seen { method, target, headers, raw })
}

static DEFAULTS: std::sync::LazyLock<CallOptions> = std::sync::LazyLock::new(CallOptions::default);

fn no_retry() -> CallOptions {
    CallOptions { retry: Some(RetryConfig::none()), ..Default::default() }
}

// ---------------------------------------------------------------- secrets

/// `text` JSON-escaped the way a hostile echo may do it: `_` as `\u005f`,
/// `S` as `\u0053`, `/` as `\/`.
fn json_escaped(text: &str) -> String {
    text.replace('_', "\\u005f").replace('S', "\\u0053").replace('/', "\\/")
}

/// Reflects the request's `Authorization` into bodies and headers: plain and
/// JSON-escaped, in 2xx (valid and invalid JSON), 4xx and 5xx answers.
fn reflecting_server() -> Hostile {
    Hostile::start(|req| {
        let auth = req.header("authorization").unwrap_or_default().to_owned();
        let key = auth.trim_start_matches("Bearer ").to_owned();
        let esc = json_escaped(&key);
        let headers = vec![
            ("content-type".to_owned(), "application/json".to_owned()),
            ("x-echo".to_owned(), auth.clone()),
            ("x-echo-escaped".to_owned(), esc.clone()),
            ("x-clerk-trace-id".to_owned(), format!("trace-{key}")),
        ];
        let body = match req.path() {
            "/users/ok200" => format!(r#"{{"id":"user_1","plain":"{key}","escaped":"{esc}","x":"\u0073k_test_"}}"#),
            "/users/bad200" => format!("<html>you sent {auth} and \"{esc}\"</html>"),
            "/users/e400" => format!(
                r#"{{"errors":[{{"code":"c_{key}","message":"bad key {esc}","long_message":"{key}","meta":{{"k":"{esc}"}}}}],"clerk_trace_id":"t_{key}"}}"#
            ),
            _ => format!(r#"{{"errors":[{{"code":"internal","message":"{esc}"}}],"echo":"{key}"}}"#),
        };
        let status = match req.path() {
            "/users/e400" => 400,
            "/users/e500" => 500,
            _ => 200,
        };
        Reply::Respond { status, headers, body: body.into_bytes() }
    })
}

/// Whether `text` holds the key in any spelling the server used: plain,
/// escaped, or (for JSON text) anything that decodes to it.
fn leaks(text: &str) -> bool {
    let tail = &SECRET["sk_test_".len()..];
    if text.contains(tail) || text.contains(&json_escaped(SECRET)) || text.contains(&json_escaped(tail)) {
        return true;
    }
    serde_json::from_str::<Value>(text)
        .is_ok_and(|v| v.to_string().contains(tail) || decoded_strings(&v).contains(tail))
}

fn decoded_strings(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(decoded_strings).collect(),
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k}{}", decoded_strings(v))).collect(),
        _ => String::new(),
    }
}

fn assert_error_clean(e: &Error, what: &str) {
    for text in [e.to_string(), format!("{e:?}"), e.raw_body().unwrap_or_default().to_owned()] {
        assert!(!leaks(&text), "{what}: the key leaks through {text}");
    }
    if let Some(api) = e.api() {
        for (k, v) in &api.headers {
            assert!(!leaks(k) && !leaks(v), "{what}: header {k}: {v}");
        }
        let errors = serde_json::to_string(&api.errors).unwrap();
        assert!(!leaks(&errors), "{what}: {errors}");
    }
}

#[tokio::test]
async fn the_key_never_comes_back_out_plain_or_json_escaped() {
    let captured = capture::install();
    let server = reflecting_server();
    let client = client_with_clock(&server.url, TestClock::new());

    // 2xx with valid JSON: the body and headers a binding gets are redacted,
    // and still valid JSON.
    let raw = client.call_raw("users.get", CallInput::json(json!({"user_id": "ok200"})), &no_retry()).await.unwrap();
    let text = raw.text();
    assert!(!leaks(&text), "success body: {text}");
    assert!(serde_json::from_str::<Value>(&text).is_ok(), "still JSON: {text}");
    assert!(text.contains("sk_test_[REDACTED]"), "{text}");
    for (k, v) in &raw.headers {
        assert!(!leaks(v), "success header {k}: {v}");
    }
    assert!(!leaks(&format!("{raw:?}")));

    // 2xx with a JSON content type and a body that is not JSON: a decode
    // error from the core, for Rust callers, the Python path and C's text.
    let bad = CallInput::json(json!({"user_id": "bad200"}));
    let raw = client.call_raw("users.get", bad.clone(), &no_retry()).await.unwrap();
    assert!(!leaks(&raw.text()), "{}", raw.text());
    let json_text = raw.json_text().unwrap_err();
    assert_eq!(json_text.code(), "decode_error");
    assert_error_clean(&json_text, "json_text");
    assert_error_clean(&client.decode_error(&raw, "expected value"), "binding decode error");
    let e = client.call_with("users.get", bad, &no_retry()).await.unwrap_err();
    assert_eq!(e.code(), "decode_error", "{e}");
    assert_error_clean(&e, "call_with decode error");

    // 4xx and 5xx: every field of the API error.
    for id in ["e400", "e500"] {
        let e = client.call_raw("users.get", CallInput::json(json!({ "user_id": id })), &no_retry()).await.unwrap_err();
        assert!(e.status().is_some(), "{e:?}");
        assert_error_clean(&e, id);
        assert!(!e.clerk_trace_id().is_some_and(leaks));
    }
    // Retried 5xx and the typed path too.
    let e = client.call_with("users.get", CallInput::json(json!({"user_id": "e500"})), &DEFAULTS);
    assert_error_clean(&e.await.unwrap_err(), "retried 500");

    let lines = captured.lock().unwrap().join("\n");
    assert!(lines.contains("clerk.request"), "the subscriber saw the requests: {lines}");
    assert!(!leaks(&lines), "tracing recorded the key:\n{lines}");
    assert!(server.count() >= 6);
}

mod capture {
    //! A subscriber that writes every span field, record and event as text.
    use std::fmt::{Debug, Write};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    struct Capture(&'static Mutex<Vec<String>>, AtomicU64);
    struct Text<'a>(&'a mut String);

    impl Visit for Text<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
    }

    pub fn install() -> &'static Mutex<Vec<String>> {
        let lines: &'static Mutex<Vec<String>> = Box::leak(Box::default());
        tracing::subscriber::set_global_default(Capture(lines, AtomicU64::new(1))).unwrap();
        lines
    }

    impl Capture {
        fn line(&self, head: String, fields: impl FnOnce(&mut Text<'_>)) {
            let mut line = head;
            fields(&mut Text(&mut line));
            self.0.lock().unwrap().push(line);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            self.line(span.metadata().name().to_owned(), |t| span.record(t));
            Id::from_u64(self.1.fetch_add(1, Ordering::SeqCst))
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            self.line("record".to_owned(), |t| values.record(t));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            self.line("event".to_owned(), |t| event.record(t));
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

// --------------------------------------------------------- path parameters

/// A value of `ty` that passes validation (bounds included).
fn sample(ty: ValueType, min: Option<f64>) -> Value {
    match ty {
        ValueType::String | ValueType::Any => json!("v1"),
        ValueType::Integer | ValueType::Number => json!(min.unwrap_or(1.0).max(1.0) as i64),
        ValueType::Boolean => json!(true),
        ValueType::Object => json!({}),
        ValueType::Array(item) => json!([sample(*item, min)]),
        ValueType::File => json!(null),
    }
}

/// Every required input of `op` but `target`, filled with valid samples.
fn minimal_input(op: &OperationSpec, target: &str, value: &str) -> CallInput {
    let mut params = Map::new();
    for p in op.params {
        if p.name == target {
            params.insert(p.name.to_owned(), json!(value));
        } else if p.location == ParamLocation::Path {
            params.insert(p.name.to_owned(), json!("p1"));
        } else if p.required {
            params.insert(p.name.to_owned(), sample(p.ty, p.minimum));
        }
    }
    let mut files = Vec::new();
    match op.body {
        BodySpec::JsonObject { fields, .. } | BodySpec::Multipart { fields, .. } => {
            for f in fields.iter().filter(|f| f.required) {
                if f.ty == ValueType::File {
                    files.push((f.name.to_owned(), FileUpload::from_bytes("a.png", vec![1u8, 2, 3])));
                } else {
                    params.insert(f.name.to_owned(), sample(f.ty, None));
                }
            }
        }
        BodySpec::JsonValue { required: true, ty } => {
            params.insert("body".to_owned(), sample(ty, None));
        }
        _ => {}
    }
    CallInput { params: Value::Object(params), files }
}

/// The path `op` must send with `target` set to `encoded` and others `p1`.
fn expected_path(op: &OperationSpec, target: &str, encoded: &str) -> String {
    let mut path = op.path.to_owned();
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
        path = path.replace(&format!("{{{}}}", p.name), if p.name == target { encoded } else { "p1" });
    }
    path
}

#[tokio::test]
async fn every_path_parameter_is_sent_encoded_or_refused() {
    // Values that must reach the server inside their own segment, exactly so.
    let sent: &[(&str, &str)] = &[
        ("user_1", "user_1"),
        ("/", "%2F"),
        ("a/../b", "a%2F..%2Fb"),
        ("?", "%3F"),
        ("#", "%23"),
        ("\r\n", "%0D%0A"),
        ("\0", "%00"),
        ("%", "%25"),
        ("%2f", "%252f"),
        ("...", "..."),
        ("é", "%C3%A9"),
    ];
    // Values a URL parser would turn into a dot segment: refused before sending.
    let refused = ["", ".", "..", "%2e", "%2E", "%2e%2e", ".%2e", "%2E.", "%2e%2E"];

    let server = Hostile::start(|_| json_reply(200, "{}"));
    let client = client(&server.url);
    let mut checked = 0;
    let mut expected_paths = Vec::new();
    for op in OPERATIONS {
        for p in op.params.iter().filter(|p| p.location == ParamLocation::Path) {
            for (value, encoded) in sent {
                let result = client.call_raw(op.name, minimal_input(op, p.name, value), &no_retry()).await;
                result.unwrap_or_else(|e| panic!("{} {}={value:?}: {e}", op.name, p.name));
                expected_paths.push((op.name, p.name, *value, expected_path(op, p.name, encoded)));
            }
            for value in refused {
                let before = server.count();
                let e = client.call_raw(op.name, minimal_input(op, p.name, value), &no_retry()).await.unwrap_err();
                match &e {
                    Error::InvalidArgument { parameter, .. } => assert_eq!(parameter, p.name, "{}", op.name),
                    other => panic!("{} {}={value:?}: {other:?}", op.name, p.name),
                }
                assert_eq!(server.count(), before, "{} {}={value:?} reached the server", op.name, p.name);
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "path parameters checked: {checked}");
    let seen = server.seen();
    assert_eq!(seen.len(), expected_paths.len());
    for (got, (op, param, value, want)) in seen.iter().zip(&expected_paths) {
        assert_eq!(got.path(), want, "{op} {param}={value:?}");
    }
}

#[tokio::test]
async fn oversized_parameters_are_refused_before_sending() {
    let server = Hostile::start(|_| json_reply(200, "{}"));
    let client = client(&server.url);
    let huge = "u".repeat(10 * 1024 * 1024);
    let e = client.call_raw("users.get", CallInput::json(json!({ "user_id": huge })), &no_retry()).await.unwrap_err();
    assert!(matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == "user_id"), "{e:?}");
    let e = client
        .call_raw("users.list", CallInput::json(json!({ "email_address": [huge] })), &no_retry())
        .await
        .unwrap_err();
    assert!(matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == "query"), "{e:?}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn numeric_parameters_are_checked_against_the_spec_bounds() {
    let server = Hostile::start(|_| json_reply(200, "[]"));
    let client = client(&server.url);
    let list = registry::lookup("users.list").unwrap();
    let limit = list.params.iter().find(|p| p.name == "limit").unwrap();
    assert_eq!((limit.minimum, limit.maximum), (Some(1.0), Some(500.0)), "from the spec");
    for bad in [json!(-1), json!(0), json!(501), json!(9_223_372_036_854_775_808u64), json!(u64::MAX)] {
        let e = client.call_raw("users.list", CallInput::json(json!({ "limit": bad })), &no_retry()).await.unwrap_err();
        assert!(matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == "limit"), "{bad}: {e:?}");
    }
    let e = client.call_raw("users.list", CallInput::json(json!({"offset": -1})), &no_retry()).await.unwrap_err();
    assert!(matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == "offset"), "{e:?}");
    assert_eq!(server.count(), 0);
    for ok in [1, 500] {
        client.call_raw("users.list", CallInput::json(json!({ "limit": ok, "offset": 0 })), &no_retry()).await.unwrap();
    }
    let targets: Vec<String> = server.seen().iter().map(|s| s.target.clone()).collect();
    assert_eq!(targets, ["/users?limit=1&offset=0", "/users?limit=500&offset=0"]);
}

// ---------------------------------------------------------------- retries

fn storm_server(retry_after: &'static str) -> Hostile {
    Hostile::start(move |_| Reply::Respond {
        status: 429,
        headers: vec![("retry-after".into(), retry_after.into()), ("content-type".into(), "application/json".into())],
        body: br#"{"errors":[{"code":"too_many_requests","message":"slow down"}]}"#.to_vec(),
    })
}

#[tokio::test]
async fn retry_after_zero_gives_a_few_attempts_not_a_storm() {
    for retry_after in ["0", "0.0001"] {
        for (op, input) in [
            (&CREATE_USER, CallInput::json(json!({"first_name": "Ada"}))),
            (&GET_USER, CallInput::json(json!({"user_id": "user_1"}))),
        ] {
            let server = storm_server(retry_after);
            let clock = TestClock::new();
            let client = client_with_clock(&server.url, clock.clone());
            let call = client.call_op(op, input, &DEFAULTS);
            let e = tokio::time::timeout(Duration::from_secs(20), call).await.expect("bounded").unwrap_err();
            assert_eq!(e.status(), Some(429));
            assert_eq!(server.count(), DEFAULT_MAX_ATTEMPTS as usize, "{} Retry-After: {retry_after}", op.name);
            let sleeps = clock.sleeps();
            assert_eq!(sleeps.len(), DEFAULT_MAX_ATTEMPTS as usize - 1);
            // The floor is the default initial interval (500 ms), above MIN_RETRY_WAIT.
            assert!(sleeps.iter().all(|d| *d >= Duration::from_millis(500)), "{sleeps:?}");
        }
    }
}

#[tokio::test]
async fn the_attempt_cap_is_set_per_client_and_per_call() {
    let server = storm_server("0");
    let per_client = RetryConfig { max_attempts: 2, ..RetryConfig::default() };
    let (client, clock) = client_with(&server.url, per_client, None);
    let get = || CallInput::json(json!({"user_id": "user_1"}));
    client.call_op(&GET_USER, get(), &DEFAULTS).await.unwrap_err();
    assert_eq!(server.count(), 2);
    let per_call =
        CallOptions { retry: Some(RetryConfig { max_attempts: 4, ..RetryConfig::default() }), ..Default::default() };
    client.call_op(&GET_USER, get(), &per_call).await.unwrap_err();
    assert_eq!(server.count(), 6);
    // A tiny configured interval still waits the floor.
    let tiny = RetryConfig {
        backoff: clerk_backend::BackoffStrategy { initial_interval_ms: 0, ..Default::default() },
        max_attempts: 3,
        ..RetryConfig::default()
    };
    let before = clock.sleeps().len();
    client.call_op(&GET_USER, get(), &CallOptions { retry: Some(tiny), ..Default::default() }).await.unwrap_err();
    assert!(clock.sleeps()[before..].iter().all(|d| *d >= MIN_RETRY_WAIT), "{:?}", clock.sleeps());

    for bad in [0, 101, u32::MAX] {
        let retry = RetryConfig { max_attempts: bad, ..RetryConfig::default() };
        let e = Client::new(ClientOptions { retry: Some(retry), ..options(&server.url) }).unwrap_err();
        assert!(matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == "retry.max_attempts"), "{e:?}");
        let opts = CallOptions { retry: Some(retry), ..Default::default() };
        let e = client.call_op(&GET_USER, get(), &opts).await.unwrap_err();
        assert!(matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == "retries.max_attempts"), "{e:?}");
    }
    assert_eq!(server.count(), 9);
}

#[tokio::test]
async fn a_refused_loopback_connection_fails_fast_and_says_where() {
    for host in ["127.0.0.1", "localhost"] {
        let port = free_port();
        let clock = TestClock::new();
        let client = client_with_clock(&format!("http://{host}:{port}"), clock.clone());
        let e = client.call_op(&GET_USER, CallInput::json(json!({"user_id": "u"})), &DEFAULTS);
        let e = e.await.unwrap_err();
        assert!(matches!(e, Error::Transport { kind: TransportKind::Connect, .. }), "{e:?}");
        let text = e.to_string();
        assert!(text.contains(&format!("{host}:{port}")), "names the host: {text}");
        assert!(text.contains("3 attempts"), "names the attempts: {text}");
        assert!(!text.contains("SUPERSECRET"));
        let waited: Duration = clock.sleeps().iter().sum();
        assert_eq!(clock.sleeps().len(), 2, "two retries: {:?}", clock.sleeps());
        assert!(waited <= Duration::from_secs(2), "not 30 s of retries: {waited:?}");
    }
}

#[tokio::test]
async fn an_unresolvable_host_fails_fast() {
    let clock = TestClock::new();
    let client = client_with_clock("http://no-such-host.invalid", clock.clone());
    let e = client.call_op(&GET_USER, CallInput::json(json!({"user_id": "u"})), &DEFAULTS);
    let e = tokio::time::timeout(Duration::from_secs(30), e).await.expect("bounded").unwrap_err();
    let text = e.to_string();
    assert!(text.contains("no-such-host.invalid:80") && text.contains("attempt"), "{text}");
    assert!(clock.sleeps().len() <= 2, "{:?}", clock.sleeps());
    assert!(clock.sleeps().iter().sum::<Duration>() <= Duration::from_secs(2));
}

// ---------------------------------------------------------------- durations

#[tokio::test]
async fn every_duration_is_range_checked() {
    for bad in [1e300, 2e22, f64::NAN, f64::INFINITY, -1.0, 0.0, 86_400_001.0] {
        let e = duration_from_millis("timeout_ms", bad).unwrap_err();
        assert!(matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == "timeout_ms"), "{bad}: {e:?}");
    }
    assert_eq!(duration_from_millis("timeout_ms", 1500.0).unwrap(), Duration::from_millis(1500));
    assert_eq!(duration_from_millis("timeout_ms", 86_400_000.0).unwrap(), Duration::from_secs(86_400));

    let server = Hostile::start(|_| json_reply(200, "{}"));
    for (name, opts) in [
        ("timeout", ClientOptions { timeout: Some(Duration::MAX), ..options(&server.url) }),
        ("connect_timeout", ClientOptions { connect_timeout: Some(Duration::MAX), ..options(&server.url) }),
        ("timeout", ClientOptions { timeout: Some(Duration::ZERO), ..options(&server.url) }),
    ] {
        let e = Client::new(opts).unwrap_err();
        assert!(matches!(&e, Error::InvalidArgument { parameter, .. } if parameter == name), "{e:?}");
    }
    let huge_budget = RetryConfig {
        backoff: clerk_backend::BackoffStrategy { max_elapsed_time_ms: u64::MAX, ..Default::default() },
        ..RetryConfig::default()
    };
    let e = Client::new(ClientOptions { retry: Some(huge_budget), ..options(&server.url) }).unwrap_err();
    assert_eq!(e.code(), "invalid_argument", "{e}");

    let client = client(&server.url);
    for opts in [
        CallOptions { timeout: Some(Duration::from_secs(u64::MAX)), ..Default::default() },
        CallOptions { connect_timeout: Some(Duration::MAX), ..Default::default() },
    ] {
        let e = client.call_op(&GET_USER, CallInput::json(json!({"user_id": "u"})), &opts).await.unwrap_err();
        assert_eq!(e.code(), "invalid_argument", "{e}");
    }
    assert_eq!(server.count(), 0);
}

// ---------------------------------------------------------------- headers

#[tokio::test]
async fn framing_and_auth_headers_cannot_be_set_by_the_caller() {
    let server = Hostile::start(|_| json_reply(200, r#"{"id":"user_1"}"#));
    let client = client(&server.url);
    let create = || CallInput::json(json!({"first_name": "Ada"}));
    for name in ["Content-Length", "transfer-encoding", "HOST", "Connection", "Authorization"] {
        for value in ["0", "5", "999", "chunked", "evil.example", "close", "Bearer sk_test_other"] {
            let opts = CallOptions { headers: vec![(name.to_owned(), value.to_owned())], ..Default::default() };
            let e = client.call_op(&CREATE_USER, create(), &opts).await.unwrap_err();
            assert_eq!(e.code(), "invalid_argument", "{name}: {e}");
            assert!(e.to_string().contains(name), "names the header: {e}");
            assert!(!e.to_string().contains(value) || value.len() < 3, "never the value: {e}");
        }
        let opts = ClientOptions { default_headers: vec![(name.to_owned(), "1".to_owned())], ..options(&server.url) };
        let e = Client::new(opts).unwrap_err();
        assert!(e.to_string().contains(name), "{e}");
    }
    assert_eq!(server.count(), 0);

    // Other headers go through, and the body arrives whole.
    let opts = CallOptions { headers: vec![("X-Custom".into(), "yes".into())], ..Default::default() };
    client.call_op(&CREATE_USER, create(), &opts).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].header("x-custom"), Some("yes"));
    let body = br#"{"first_name":"Ada"}"#;
    assert!(seen[0].raw.ends_with(body), "{}", String::from_utf8_lossy(&seen[0].raw));
    assert_eq!(seen[0].header("content-length"), Some(body.len().to_string().as_str()));
    assert_eq!(server.bytes_received(), seen[0].raw.len());
}

// ---------------------------------------------------------------- redirects

#[tokio::test]
async fn redirects_only_for_get_and_only_on_the_same_origin() {
    let other = Hostile::start(|_| json_reply(200, r#"{"id":"elsewhere"}"#));
    let elsewhere = other.url.clone();
    let server = Hostile::start(move |req| {
        let to = |location: String| Reply::Respond {
            status: if req.method == "GET" { 302 } else { 307 },
            headers: vec![("location".into(), location)],
            body: Vec::new(),
        };
        match req.path() {
            "/users" => to(format!("{elsewhere}/users")),
            "/users/same" | "/users/same/metadata" => to("/users/final".to_owned()),
            "/users/away" => to(format!("{elsewhere}/users/away")),
            "/users/loop" => to("/users/loop".to_owned()),
            _ => json_reply(200, r#"{"id":"final"}"#),
        }
    });
    let client = client(&server.url);

    // POST answered with 307 to another host: not re-sent anywhere.
    let e = client.call_op(&CREATE_USER, CallInput::json(json!({"first_name": "Ada"})), &no_retry()).await;
    assert_eq!(e.unwrap_err().status(), Some(307));
    // A POST redirected on the same origin is not followed either.
    let e = client.call_op(&UPDATE_METADATA, CallInput::json(json!({"user_id": "same"})), &no_retry()).await;
    assert_eq!(e.unwrap_err().status(), Some(307));
    // GET across hosts: not followed.
    let e = client.call_op(&GET_USER, CallInput::json(json!({"user_id": "away"})), &no_retry()).await;
    assert_eq!(e.unwrap_err().status(), Some(302));
    assert_eq!(other.count(), 0, "nothing reached the other host");
    // GET on the same origin: followed, with the key (same server).
    let raw = client.call_op(&GET_USER, CallInput::json(json!({"user_id": "same"})), &no_retry()).await.unwrap();
    assert_eq!(raw.json::<Value>().unwrap()["id"], "final");
    let seen = server.seen();
    let last = seen.last().unwrap();
    assert_eq!(last.path(), "/users/final");
    assert!(last.header("authorization").is_some());
    // A redirect loop ends after a few hops.
    let before = server.count();
    let e = client.call_op(&GET_USER, CallInput::json(json!({"user_id": "loop"})), &no_retry()).await;
    assert_eq!(e.unwrap_err().status(), Some(302));
    assert_eq!(server.count() - before, 6, "the request and five redirects");
    let methods: BTreeMap<String, usize> = server.seen().iter().fold(BTreeMap::new(), |mut m, s| {
        *m.entry(s.method.clone()).or_default() += 1;
        m
    });
    assert_eq!(methods.get("POST"), Some(&1));
    assert_eq!(methods.get("PATCH"), Some(&1));
}

// ------------------------------------------------------------ size cap

#[tokio::test]
async fn response_bodies_stop_at_the_cap() {
    const MB: u64 = 1024 * 1024;
    let server = Hostile::start(|req| match req.path() {
        "/users/announced" => Reply::Stream { total: 300 * MB, content_length: true },
        "/users/chunked" => Reply::Stream { total: 300 * MB, content_length: false },
        _ => Reply::Stream { total: MB - 10, content_length: false },
    });
    let capped = ClientOptions { max_response_bytes: Some(MB), ..options(&server.url) };
    let capped = Client::new(capped).unwrap();
    for id in ["announced", "chunked"] {
        let e = capped.call_op(&GET_USER, CallInput::json(json!({ "user_id": id })), &DEFAULTS);
        let e = tokio::time::timeout(Duration::from_secs(30), e).await.expect("bounded");
        let e = e.map(|r| r.body.len()).unwrap_err();
        assert!(e.to_string().contains("larger than the limit of 1048576 bytes"), "{e}");
        assert_eq!(e.code(), "transport_error");
    }
    assert_eq!(server.count(), 2, "not retried");
    // The server could write the cap plus what socket buffers hold, not 300 MB.
    let written = server.written.load(Ordering::SeqCst);
    assert!(written < 32 * MB, "read stopped early: {written} bytes written");
    let raw = capped.call_op(&GET_USER, CallInput::json(json!({"user_id": "small"})), &DEFAULTS);
    assert_eq!(raw.await.unwrap().body.len() as u64, MB - 10);

    // The default cap refuses an announced 300 MB at once.
    let client = client(&server.url);
    let e = client.call_op(&GET_USER, CallInput::json(json!({"user_id": "announced"})), &no_retry()).await;
    assert!(e.map(|r| r.body.len()).unwrap_err().to_string().contains("larger than the limit of 67108864 bytes"));
}
