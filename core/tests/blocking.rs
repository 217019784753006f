//! The blocking facade: plain threads sharing one client, and blocking calls
//! made from inside tokio runtimes (which must neither panic nor deadlock).
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;

use clerk_backend::{runtime, CallInput, CallOptions, Error};
use serde_json::json;
use support::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Echoes the requested user id, so each thread can check it got its own answer.
struct EchoId;

impl Respond for EchoId {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let id = req.url.path().rsplit('/').next().unwrap_or_default().to_owned();
        ResponseTemplate::new(200).set_body_json(json!({"id": id}))
    }
}

/// A mock server on its own runtime, reachable from plain threads.
fn start_server() -> (tokio::runtime::Runtime, MockServer) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(EchoId).mount(&server).await;
        server
    });
    (rt, server)
}

fn get_user(client: &clerk_backend::BlockingClient, id: &str) -> clerk_backend::Result<serde_json::Value> {
    client.call_op(&GET_USER, CallInput::json(json!({"user_id": id})), &CallOptions::default())?.json()
}

#[test]
fn eight_plain_threads_share_one_client() {
    const THREADS: usize = 8;
    const CALLS: usize = 25;
    let (rt, server) = start_server();
    let client = client(&server.uri()).blocking();
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let client = client.clone();
            std::thread::spawn(move || {
                for i in 0..CALLS {
                    let id = format!("user_{t}_{i}");
                    assert_eq!(get_user(&client, &id).unwrap()["id"], id.as_str());
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let received = rt.block_on(server.received_requests()).unwrap();
    assert_eq!(received.len(), THREADS * CALLS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_inside_a_multi_thread_runtime_works() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(EchoId).mount(&server).await;
    let client = client(&server.uri()).blocking();
    assert_eq!(get_user(&client, "u_mt").unwrap()["id"], "u_mt");
    assert_eq!(runtime::block_on(async { 40 + 2 }).unwrap(), 42);
    // Also from a task spawned on this runtime.
    let spawned = tokio::spawn(async move { get_user(&client, "u_task").map(|v| v["id"].clone()) });
    assert_eq!(spawned.await.unwrap().unwrap(), "u_task");
}

#[tokio::test(flavor = "current_thread")]
async fn blocking_inside_a_current_thread_runtime_is_an_error_not_a_panic() {
    let client = client("http://127.0.0.1:1").blocking();
    let err = get_user(&client, "u").unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.contains("current-thread")), "{err:?}");
    assert!(runtime::block_on(async {}).is_err());
}

#[test]
fn async_calls_work_from_a_non_tokio_executor() {
    let (_rt, server) = start_server();
    let client = client(&server.uri());
    let value = futures::executor::block_on(client.call_op(
        &GET_USER,
        CallInput::json(json!({"user_id": "u_exec"})),
        &CallOptions::default(),
    ))
    .unwrap();
    assert_eq!(value.json::<serde_json::Value>().unwrap()["id"], "u_exec");
}

#[test]
fn clients_are_shared_across_runtimes_that_come_and_go() {
    let (_rt, server) = start_server();
    let client = Arc::new(client(&server.uri()));
    // Pooled connections belong to the SDK's runtime, so a caller's runtime
    // shutting down never breaks the next call.
    for i in 0..3 {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let id = format!("u_rt{i}");
        let resp = rt
            .block_on(client.call_op(&GET_USER, CallInput::json(json!({"user_id": id})), &CallOptions::default()))
            .unwrap();
        assert_eq!(resp.json::<serde_json::Value>().unwrap()["id"], id.as_str());
        drop(rt);
    }
}

#[test]
fn blocking_pages_iterate() {
    let (_rt, server) = start_server();
    let client = client(&server.uri()).blocking();
    // EchoId answers an object, not a page: the iterator yields the decode error once, then ends.
    let mut pages = client.pages_op(&LIST_USERS, json!({}), CallOptions::default()).unwrap();
    assert_eq!(pages.next().unwrap().unwrap_err().code(), "decode_error");
    assert!(pages.next().is_none());
}

#[test]
fn calls_reuse_pooled_connections() {
    let server = RawServer::start(vec![Act::Respond(200, r#"{"id":"u"}"#)]);
    let client = client(&server.url()).blocking();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                for _ in 0..20 {
                    get_user(&client, "u").unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(server.count(), 80);
    // A connection goes back to the pool just after its response is handed
    // over, so a call can occasionally open one more; never one per call.
    assert!(server.connection_count() <= 8, "one pool, reused: {} connections", server.connection_count());
}

/// Bindings move these futures and values across threads (pyo3, napi): they must be `Send`.
#[test]
fn futures_and_handles_are_send() {
    fn send<T: Send>(_: &T) {}
    fn send_sync<T: Send + Sync>() {}
    send_sync::<clerk_backend::Client>();
    send_sync::<clerk_backend::BlockingClient>();
    send_sync::<clerk_backend::RawResponse>();
    send_sync::<clerk_backend::Error>();
    let client = client("http://127.0.0.1:1");
    let opts = CallOptions::default();
    send(&client.call("users.list", json!({})));
    send(&client.call_raw("users.list", CallInput::default(), &opts));
    send(&client.execute::<_, serde_json::Value>(&GET_USER, &json!({}), &opts));
    send(&client.send_raw(clerk_backend::HttpMethod::Get, "/x", &[], None, &opts));
    let mut pages = client.pages_op(&LIST_USERS, json!({}), opts.clone()).unwrap();
    send(&pages.next_page());
    send(&pages);
}
