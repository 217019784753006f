//! The boundary's call entry: the decoding rule once (content kinds), headers
//! as records, one runtime hop, and cancellation closing the connection (for
//! a call from outside the runtime, from a task on it, and for an async
//! `authenticate_request`).
#![allow(clippy::unwrap_used)]

use std::future::Future;
use std::io::{ErrorKind, Read};
use std::net::{TcpListener, TcpStream};
use std::pin::Pin;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use clerk_backend::auth::{AcceptsToken, AuthenticateRequestOptions, Authenticator, RequestData, TokenType};
use clerk_backend::boundary::{call, ContentKind};
use clerk_backend::{runtime, CallInput, CallOptions, Client, ClientOptions, Clock, Error};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(url: &str) -> Client {
    Client::new(ClientOptions {
        secret_key: Some("sk_test_boundary".into()),
        server_url: Some(url.to_owned()),
        retry: Some(clerk_backend::RetryConfig::none()),
        ..Default::default()
    })
    .unwrap()
}

async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(template).mount(&server).await;
    server
}

async fn kind_of(template: ResponseTemplate) -> (ContentKind, Vec<u8>) {
    let server = answering(template).await;
    let r =
        call(&client(&server.uri()), "users.list", CallInput::json(json!({})), &CallOptions::default()).await.unwrap();
    (r.kind, r.body.to_vec())
}

#[tokio::test]
async fn content_kinds_follow_the_one_rule() {
    let json_body = br#"[{"id":"user_1"}]"#.to_vec();
    let labelled = ResponseTemplate::new(200).set_body_raw(json_body.clone(), "application/json");
    assert_eq!(kind_of(labelled).await, (ContentKind::Json, json_body.clone()));
    // A JSON operation whose server forgot the content type: still JSON.
    let unlabelled = ResponseTemplate::new(200).set_body_raw(json_body.clone(), "text/plain");
    assert_eq!(kind_of(unlabelled).await.0, ContentKind::Json);
    let html = ResponseTemplate::new(200).set_body_raw(b"<html>hi</html>".to_vec(), "text/html");
    assert_eq!(kind_of(html).await, (ContentKind::Text, b"<html>hi</html>".to_vec()));
    assert_eq!(kind_of(ResponseTemplate::new(204)).await.0, ContentKind::Empty);
    let blank = ResponseTemplate::new(200).set_body_raw(b" \n".to_vec(), "application/json");
    assert_eq!(kind_of(blank).await.0, ContentKind::Empty);
    let binary = ResponseTemplate::new(200).set_body_raw(vec![0xff, 0xfe, 0x00], "application/octet-stream");
    assert_eq!(kind_of(binary).await.0, ContentKind::Other);
}

#[tokio::test]
async fn headers_are_records_and_errors_stay_errors() {
    let server = answering(
        ResponseTemplate::new(200).insert_header("x-clerk-trace-id", "trace_1").set_body_json(json!({"id": "u"})),
    )
    .await;
    let r =
        call(&client(&server.uri()), "users.list", CallInput::json(json!({})), &CallOptions::default()).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(r.headers.iter().any(|h| h.name == "x-clerk-trace-id" && h.value == "trace_1"), "{:?}", r.headers);

    let server =
        answering(ResponseTemplate::new(404).set_body_json(json!({"errors": [], "clerk_trace_id": "t404"}))).await;
    let e = call(&client(&server.uri()), "users.list", CallInput::json(json!({})), &CallOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(&e, Error::Api(a) if a.status == 404 && a.clerk_trace_id.as_deref() == Some("t404")), "{e:?}");
    // Validation happens before sending: an unknown operation never reaches the server.
    assert!(call(&client(&server.uri()), "users.nope", CallInput::json(json!({})), &CallOptions::default())
        .await
        .is_err());
}

/// Records the task the send loop runs in (it reads the clock as it starts).
struct TaskRecordingClock(Mutex<Vec<Option<tokio::task::Id>>>);

impl Clock for TaskRecordingClock {
    fn now(&self) -> std::time::Instant {
        self.0.lock().unwrap().push(tokio::task::try_id());
        std::time::Instant::now()
    }
    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(d))
    }
}

/// From a task on the shared runtime the call runs inline: the send loop
/// runs in the binding's own task, not in one spawned for it; from outside
/// it runs in a task of its own.
#[test]
fn a_task_on_the_runtime_is_the_only_hop() {
    let server = runtime::block_on(answering(ResponseTemplate::new(200).set_body_json(json!([])))).unwrap();
    let clock = Arc::new(TaskRecordingClock(Mutex::new(Vec::new())));
    let opts = ClientOptions {
        secret_key: Some("sk_test_boundary".into()),
        server_url: Some(server.uri()),
        retry: Some(clerk_backend::RetryConfig::none()),
        ..Default::default()
    };
    let c = Client::with_clock(opts, clock.clone()).unwrap();
    assert!(!runtime::on_shared_runtime());
    let c2 = c.clone();
    let task = runtime::spawn(async move {
        assert!(runtime::on_shared_runtime());
        call(&c2, "users.list", CallInput::json(json!({})), &CallOptions::default()).await.unwrap();
        tokio::task::id()
    })
    .unwrap();
    let outer = runtime::block_on(task).unwrap().unwrap();
    let seen = std::mem::take(&mut *clock.0.lock().unwrap());
    assert!(!seen.is_empty() && seen.iter().all(|id| *id == Some(outer)), "outer {outer:?}, send ran in {seen:?}");

    // From a plain thread the send needs (and gets) a task on the runtime.
    runtime::block_on(call(&c, "users.list", CallInput::json(json!({})), &CallOptions::default())).unwrap().unwrap();
    let seen = std::mem::take(&mut *clock.0.lock().unwrap());
    assert!(!seen.is_empty() && seen.iter().all(|id| id.is_some()), "{seen:?}");
}

/// A server that accepts connections, reads the request head and never answers.
fn silent_server() -> (std::net::SocketAddr, mpsc::Receiver<TcpStream>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming().take(4) {
            let Ok(mut conn) = conn else { continue };
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match conn.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            if tx.send(conn).is_err() {
                break;
            }
        }
    });
    (addr, rx)
}

/// The client closed the connection: the next read sees EOF (or a reset) well
/// before the 10 s read timeout.
fn assert_closed(conn: &mut TcpStream) {
    let started = Instant::now();
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 64];
    match conn.read(&mut buf) {
        Ok(0) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        other => panic!("the connection stayed open: {other:?} after {:?}", started.elapsed()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_a_call_closes_its_connection() {
    let (server, seen) = silent_server();
    let c = client(&format!("http://{server}/v1"));
    let opts = CallOptions::default();
    let fut = call(&c, "users.list", CallInput::json(json!({})), &opts);
    let waited = tokio::time::timeout(Duration::from_millis(500), fut).await;
    assert!(waited.is_err(), "the silent server never answers");
    let mut conn = seen.recv_timeout(Duration::from_secs(5)).expect("the request arrived");
    assert_closed(&mut conn);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_authenticate_request_closes_its_connection() {
    let (server, seen) = silent_server();
    let opts = AuthenticateRequestOptions {
        secret_key: Some("sk_test_boundary".into()),
        api_url: Some(format!("http://{server}")),
        accepts_token: AcceptsToken::One(TokenType::ApiKey),
        network_timeout: Some(Duration::from_secs(60)),
        ..AuthenticateRequestOptions::default()
    };
    let req =
        RequestData::new("GET", "https://app.example/", vec![("authorization".into(), "Bearer ak_live_x".into())]);
    let auth = Authenticator::new();
    let waited = tokio::time::timeout(Duration::from_millis(500), auth.authenticate_request(&req, &opts)).await;
    assert!(waited.is_err(), "the silent server never answers");
    let mut conn = seen.recv_timeout(Duration::from_secs(5)).expect("the verify request arrived");
    assert_closed(&mut conn);
}

/// The inline path (a binding's task on the shared runtime, as Python's
/// `call_async`): aborting that task drops the send and closes the connection.
#[test]
fn aborting_a_task_on_the_runtime_closes_its_connection() {
    let (server, seen) = silent_server();
    let c = client(&format!("http://{server}/v1"));
    let task = runtime::spawn(async move {
        let _ = call(&c, "users.list", CallInput::json(json!({})), &CallOptions::default()).await;
    })
    .unwrap();
    let mut conn = seen.recv_timeout(Duration::from_secs(10)).expect("the request arrives");
    task.abort();
    assert_closed(&mut conn);
}
