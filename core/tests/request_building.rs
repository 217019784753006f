//! Request building against a real local server: validation before sending,
//! query arrays, path encoding, three-state nulls, JSON and multipart bodies,
//! headers, URL resolution, and pagination.
#![allow(clippy::unwrap_used)]

mod support;

use clerk_backend::{CallInput, CallOptions, Client, ClientOptions, Error, FileUpload, HttpMethod};
use futures_util::StreamExt;
use serde_json::{json, Value};
use support::*;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true}))).mount(&server).await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "expected exactly one request");
    received.remove(0)
}

fn query_pairs(req: &Request) -> Vec<(String, String)> {
    req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).and_then(|v| v.to_str().ok())
}

fn opts() -> CallOptions {
    CallOptions::default()
}

/// Calls `op` with `params` expecting an invalid-argument error naming `key`,
/// and checks nothing reached the server.
async fn assert_invalid(op: &'static clerk_backend::OperationSpec, params: Value, key: &str) {
    let server = echo_server().await;
    let err = client(&server.uri()).call_op(op, CallInput::json(params.clone()), &opts()).await.unwrap_err();
    match &err {
        Error::InvalidArgument { parameter, .. } => assert_eq!(parameter, key, "{params} -> {err}"),
        other => panic!("{params}: expected InvalidArgument({key}), got {other:?}"),
    }
    assert_eq!(err.code(), "invalid_argument");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing may be sent for {params}");
}

#[tokio::test]
async fn invalid_input_is_refused_before_sending() {
    assert_invalid(&GET_USER, json!({"user_id": "u1", "nickname": "x"}), "nickname").await;
    assert_invalid(&GET_USER, json!({}), "user_id").await;
    assert_invalid(&GET_USER, json!({"user_id": ""}), "user_id").await;
    assert_invalid(&GET_USER, json!({"user_id": null}), "user_id").await;
    assert_invalid(&GET_USER, json!({"user_id": 12.5}), "user_id").await;
    assert_invalid(&GET_USER, json!(["user_id"]), "params").await;
    assert_invalid(&LIST_USERS, json!({"limit": "ten"}), "limit").await;
    assert_invalid(&LIST_USERS, json!({"limit": 1.5}), "limit").await;
    assert_invalid(&LIST_USERS, json!({"banned": "yes"}), "banned").await;
    assert_invalid(&LIST_USERS, json!({"email_address": "a@b.c"}), "email_address").await;
    assert_invalid(&LIST_USERS, json!({"email_address": ["a@b.c", 3]}), "email_address[1]").await;
    assert_invalid(&CREATE_USER, json!({"public_metadata": "not an object"}), "public_metadata").await;
    assert_invalid(&CREATE_USER, json!({"first_name": "Ada", "frist_name": "typo"}), "frist_name").await;
    assert_invalid(&SET_ALLOWLIST, json!({}), "body").await;
    assert_invalid(&SET_ALLOWLIST, json!({"body": "a"}), "body").await;
    assert_invalid(&UPLOAD_IMAGE, json!({"user_id": "u1"}), "file").await;
    assert_invalid(&UPLOAD_IMAGE, json!({"user_id": "u1", "file": {"file_name": "a.png"}}), "file.path").await;
    assert_invalid(&UPLOAD_IMAGE, json!({"user_id": "u1", "file": {"path": "/x", "size": 3}}), "file.size").await;
}

#[tokio::test]
async fn unknown_operation_and_unexpected_files_are_invalid_arguments() {
    let server = echo_server().await;
    let client = client(&server.uri());
    let err = client.call("no_such.operation", json!({})).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { parameter, message } if parameter == "operation" && message.contains("no_such.operation"))
    );
    let input = CallInput::json(json!({"user_id": "u1"})).with_file("file", FileUpload::from_bytes("a", &b"x"[..]));
    let err = client.call_op(&GET_USER, input, &opts()).await.unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    let missing = std::env::temp_dir().join("clerk-backend-no-such-file.png");
    let input = CallInput::json(json!({"user_id": "u1", "file": {"path": missing}}));
    let err = client.call_op(&UPLOAD_IMAGE, input, &opts()).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "file"), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn query_arrays_repeat_and_booleans_are_words() {
    let server = echo_server().await;
    let params =
        json!({"email_address": ["a@x.com", "b+1@x.com"], "banned": true, "limit": 10, "order_by": "-created_at"});
    client(&server.uri()).call_op(&LIST_USERS, CallInput::json(params), &opts()).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/users");
    let pairs = query_pairs(&req);
    let get = |k: &str| pairs.iter().filter(|(n, _)| n == k).map(|(_, v)| v.as_str()).collect::<Vec<_>>();
    assert_eq!(get("email_address"), ["a@x.com", "b+1@x.com"]);
    assert_eq!(get("banned"), ["true"]);
    assert_eq!(get("limit"), ["10"]);
    assert_eq!(get("order_by"), ["-created_at"]);
    assert_eq!(pairs.len(), 5);
    assert!(req.body.is_empty());
}

#[tokio::test]
async fn unexploded_query_arrays_are_comma_joined() {
    // The spec gives `enrollment_mode` `explode: false`: one comma-separated value.
    let server = echo_server().await;
    let op = clerk_backend::ops::registry::lookup("organization_domains.list_all").unwrap();
    let params = json!({"enrollment_mode": ["manual_invitation", "enterprise_sso"], "limit": 5});
    client(&server.uri()).call_op(op, CallInput::json(params), &opts()).await.unwrap();
    let pairs = query_pairs(&only_request(&server).await);
    let modes: Vec<&str> = pairs.iter().filter(|(n, _)| n == "enrollment_mode").map(|(_, v)| v.as_str()).collect();
    assert_eq!(modes, ["manual_invitation,enterprise_sso"]);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = echo_server().await;
    let params = json!({"user_id": "user/1 ?#%é"});
    client(&server.uri()).call_op(&GET_USER, CallInput::json(params), &opts()).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/users/user%2F1%20%3F%23%25%C3%A9");
    assert_eq!(req.url.query(), None);
}

#[tokio::test]
async fn json_body_keeps_explicit_nulls_and_omits_absent_fields() {
    let server = echo_server().await;
    let params = json!({"user_id": "u1", "public_metadata": null, "private_metadata": {"plan": "pro", "n": 9007199254740993u64}});
    client(&server.uri()).call_op(&UPDATE_METADATA, CallInput::json(params), &opts()).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "PATCH");
    assert_eq!(req.url.path(), "/users/u1/metadata");
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body, json!({"public_metadata": null, "private_metadata": {"plan": "pro", "n": 9007199254740993u64}}));
    assert!(!body.as_object().unwrap().contains_key("unsafe_metadata"));
    assert!(String::from_utf8_lossy(&req.body).contains("9007199254740993"), "big integers keep full precision");
}

#[tokio::test]
async fn optional_body_left_out_sends_no_body_and_array_bodies_go_under_body() {
    let server = echo_server().await;
    let client = client(&server.uri());
    client.call_op(&UPDATE_METADATA, CallInput::json(json!({"user_id": "u1"})), &opts()).await.unwrap();
    client.call_op(&SET_ALLOWLIST, CallInput::json(json!({"body": ["a", "b"]})), &opts()).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert!(received[0].body.is_empty());
    assert_eq!(header(&received[0], "content-type"), None);
    assert_eq!(serde_json::from_slice::<Value>(&received[1].body).unwrap(), json!(["a", "b"]));
}

fn multipart_text(req: &Request) -> String {
    assert!(header(req, "content-type").unwrap().starts_with("multipart/form-data; boundary="));
    String::from_utf8_lossy(&req.body).into_owned()
}

#[tokio::test]
async fn multipart_from_bytes() {
    let server = echo_server().await;
    let png = b"\x89PNG\r\n\x1a\nfake image bytes".to_vec();
    let input = CallInput::json(json!({"user_id": "u1", "note": "hello"}))
        .with_file("file", FileUpload::from_bytes("avatar.png", png.clone()));
    client(&server.uri()).call_op(&UPLOAD_IMAGE, input, &opts()).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/users/u1/profile_image");
    let text = multipart_text(&req);
    assert!(text.contains(r#"name="file"; filename="avatar.png""#), "{text}");
    assert!(text.to_ascii_lowercase().contains("content-type: image/png"), "{text}");
    assert!(req.body.windows(png.len()).any(|w| w == png.as_slice()));
    assert!(text.contains("name=\"note\"\r\n\r\nhello\r\n"), "{text}");
}

#[tokio::test]
async fn multipart_from_a_path_streams_the_file() {
    let dir = std::env::temp_dir().join(format!("clerk-backend-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("logo.jpg");
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &content).unwrap();

    let server = echo_server().await;
    let input = CallInput::json(json!({"user_id": "u1", "file": {"path": path, "content_type": "image/custom"}}));
    client(&server.uri()).call_op(&UPLOAD_IMAGE, input, &opts()).await.unwrap();
    let req = only_request(&server).await;
    let text = multipart_text(&req);
    assert!(text.contains(r#"name="file"; filename="logo.jpg""#), "{}", &text[..200]);
    assert!(text.to_ascii_lowercase().contains("content-type: image/custom"));
    assert!(req.body.windows(content.len()).any(|w| w == content.as_slice()), "the whole file was sent");

    // The same, as a FileUpload from a path with its own name.
    let server = echo_server().await;
    let input = CallInput::json(json!({"user_id": "u1"}))
        .with_file("file", FileUpload::from_path(&path).with_file_name("renamed.jpg"));
    client(&server.uri()).call_op(&UPLOAD_IMAGE, input, &opts()).await.unwrap();
    let req = only_request(&server).await;
    assert!(multipart_text(&req).contains(r#"filename="renamed.jpg""#));
    assert!(multipart_text(&req).to_ascii_lowercase().contains("content-type: image/jpeg"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn headers_defaults_and_overrides() {
    let server = echo_server().await;
    let client = Client::new(ClientOptions {
        api_version: Some("2025-01-01".into()),
        default_headers: vec![("x-team".into(), "core".into()), ("x-over".into(), "client".into())],
        user_agent_suffix: Some("python/3.12".into()),
        ..options(&server.uri())
    })
    .unwrap();
    let call = CallOptions { headers: vec![("x-over".into(), "call".into())], ..Default::default() };
    client.call_op(&GET_USER, CallInput::json(json!({"user_id": "u"})), &call).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(header(&req, "authorization"), Some(format!("Bearer {SECRET}").as_str()));
    assert_eq!(header(&req, "clerk-api-version"), Some("2025-01-01"));
    assert_eq!(header(&req, "x-team"), Some("core"));
    assert_eq!(header(&req, "x-over"), Some("call"));
    let ua = header(&req, "user-agent").unwrap();
    assert!(ua.starts_with("clerk-backend-rust/") && ua.ends_with(" python/3.12"), "{ua}");

    let server = echo_server().await;
    support::client(&server.uri()).call_op(&GET_USER, CallInput::json(json!({"user_id": "u"})), &opts()).await.unwrap();
    assert_eq!(header(&only_request(&server).await, "clerk-api-version"), Some("2026-05-12"));
}

#[tokio::test]
async fn server_url_with_a_path_and_per_call_override() {
    let server = echo_server().await;
    let client = client(&format!("{}/v1/", server.uri()));
    client.call_op(&GET_USER, CallInput::json(json!({"user_id": "u"})), &opts()).await.unwrap();
    let other = echo_server().await;
    let call = CallOptions { server_url: Some(other.uri()), ..Default::default() };
    client.call_op(&GET_USER, CallInput::json(json!({"user_id": "u"})), &call).await.unwrap();
    assert_eq!(only_request(&server).await.url.path(), "/v1/users/u");
    assert_eq!(only_request(&other).await.url.path(), "/users/u");
}

#[tokio::test]
async fn send_raw_resolves_like_a_link_and_keeps_the_secret_home() {
    let server = echo_server().await;
    let client = client(&format!("{}/v1", server.uri()));
    let body = json!({"token": "mt_123"});
    client.send_raw(HttpMethod::Post, "m2m_tokens/verify", &[], Some(&body), &opts()).await.unwrap();
    let query = [("a".to_owned(), "1 2".to_owned())];
    client.send_raw(HttpMethod::Get, "/jwks", &query, None, &opts()).await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.path(), "/v1/m2m_tokens/verify");
    assert_eq!(serde_json::from_slice::<Value>(&received[0].body).unwrap(), body);
    assert_eq!(received[1].url.path(), "/jwks");
    assert_eq!(query_pairs(&received[1]), vec![("a".to_owned(), "1 2".to_owned())]);
    assert!(received.iter().all(|r| header(r, "authorization").is_some()));

    let elsewhere = echo_server().await;
    let url = format!("{}/.well-known/jwks.json", elsewhere.uri().replace("127.0.0.1", "localhost"));
    client.send_raw(HttpMethod::Get, &url, &[], None, &opts()).await.unwrap();
    assert_eq!(header(&only_request(&elsewhere).await, "authorization"), None, "no secret to another origin");
}

#[tokio::test]
async fn typed_execute_handles_json_text_and_empty_responses() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>hi</html>"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = client(&server.uri());
    let text: String = client.execute(&GET_TEXT, &json!({}), &opts()).await.unwrap();
    assert_eq!(text, "<html>hi</html>");
    let nothing: () = client.execute(&DELETE_USER, &json!({"user_id": "u"}), &opts()).await.unwrap();
    assert_eq!(nothing, ());
    #[derive(serde::Serialize)]
    struct Req {
        user_id: &'static str,
    }
    let err = client.execute::<_, Value>(&GET_USER, &Req { user_id: "" }, &opts()).await.unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
}

#[tokio::test]
async fn missing_secret_fails_at_call_time_not_construction() {
    std::env::remove_var("CLERK_SECRET_KEY");
    let server = echo_server().await;
    let client = Client::new(ClientOptions { server_url: Some(server.uri()), ..Default::default() }).unwrap();
    assert!(!client.has_secret_key());
    let err = client.call_op(&GET_USER, CallInput::json(json!({"user_id": "u"})), &opts()).await.unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.contains("CLERK_SECRET_KEY")), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn bad_configuration_is_a_config_error() {
    for url in ["not a url", "ftp://example.com", "mailto:a@b.c"] {
        let err = Client::new(ClientOptions { server_url: Some(url.into()), ..Default::default() }).unwrap_err();
        assert_eq!(err.code(), "config_error", "{url}");
    }
    let err = Client::new(ClientOptions { proxy: Some("::not a proxy::".into()), ..options("http://127.0.0.1:1") })
        .unwrap_err();
    assert_eq!(err.code(), "config_error");
    let err =
        Client::new(ClientOptions { secret_key: Some("sk_test_bad\nkey".into()), ..options("http://127.0.0.1:1") })
            .unwrap_err();
    assert!(!err.to_string().contains("bad"), "{err}");
}

#[test]
fn secrets_never_show_in_debug() {
    let opts = options("http://127.0.0.1:1");
    let client = Client::new(opts.clone()).unwrap();
    let shown = format!("{opts:?} {client:?} {:?}", client.blocking());
    assert!(!shown.contains("SUPERSECRET"), "{shown}");
    assert!(shown.contains("has_secret_key: true"), "{shown}");
}

/// Serves `total` users as pages by `offset`/`limit`, bare or in an envelope.
struct Paging {
    total: usize,
    envelope: bool,
}

impl Respond for Paging {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let q = |k: &str| req.url.query_pairs().find(|(n, _)| n == k).and_then(|(_, v)| v.parse::<usize>().ok());
        let (offset, limit) = (q("offset").unwrap_or(0), q("limit").unwrap_or(10));
        let items: Vec<Value> = (offset..self.total.min(offset + limit)).map(|i| json!({"id": i})).collect();
        let body = if self.envelope { json!({"data": items, "total_count": self.total}) } else { json!(items) };
        ResponseTemplate::new(200).set_body_json(body)
    }
}

async fn paging_server(total: usize, envelope: bool) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(Paging { total, envelope }).mount(&server).await;
    server
}

async fn collect_pages(pages: &mut clerk_backend::Pages) -> Vec<usize> {
    let mut sizes = Vec::new();
    while let Some(page) = pages.next_page().await.unwrap() {
        sizes.push(page.len());
    }
    sizes
}

#[tokio::test]
async fn pages_of_bare_arrays_stop_at_a_short_page() {
    let server = paging_server(5, false).await;
    let client = client(&server.uri());
    let mut pages = client.pages_op(&LIST_USERS, json!({"limit": 2, "order_by": "x"}), opts()).unwrap();
    assert_eq!(collect_pages(&mut pages).await, [2, 2, 1]);
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3, "no request after the short page");
    let offsets: Vec<String> =
        received.iter().map(|r| r.url.query_pairs().find(|(k, _)| k == "offset").unwrap().1.into_owned()).collect();
    assert_eq!(offsets, ["0", "2", "4"]);
    assert!(received.iter().all(|r| r.url.query().unwrap().contains("order_by=x")));

    // An exact multiple needs one empty page to know it is over.
    let server = paging_server(4, false).await;
    let mut pages =
        client_with_clock(&server.uri(), TestClock::new()).pages_op(&LIST_USERS, json!({"limit": 2}), opts()).unwrap();
    assert_eq!(collect_pages(&mut pages).await, [2, 2]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn pages_of_envelopes_stop_at_total_count() {
    let server = paging_server(4, true).await;
    let client = client(&server.uri());
    let mut pages = client.pages_op(&LIST_ORGS, json!({"limit": 2}), opts()).unwrap();
    assert_eq!(collect_pages(&mut pages).await, [2, 2]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "total_count ends it without an empty page");

    let server = paging_server(7, true).await;
    let pages = client_with_clock(&server.uri(), TestClock::new())
        .pages_op(&LIST_ORGS, json!({"limit": 3, "offset": 1}), opts())
        .unwrap();
    let ids: Vec<u64> = pages.items().map(|r| r.unwrap()["id"].as_u64().unwrap()).collect().await;
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);

    let server = paging_server(0, true).await;
    let mut pages = client_with_clock(&server.uri(), TestClock::new()).pages_op(&LIST_ORGS, json!({}), opts()).unwrap();
    assert_eq!(pages.next_page().await.unwrap(), None);
    assert_eq!(pages.next_page().await.unwrap(), None);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn pages_refuse_operations_that_do_not_page() {
    let client = client("http://127.0.0.1:1");
    let err = client.pages_op(&GET_USER, json!({}), opts()).unwrap_err();
    assert_eq!(err.code(), "invalid_argument");
    let err = client.pages_op(&LIST_USERS, json!({"limit": -1}), opts()).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { parameter, .. } if parameter == "limit"));
}

/// A value of the given shape, for building every operation's minimal input.
fn sample(ty: clerk_backend::ops::ValueType) -> Value {
    use clerk_backend::ops::ValueType as T;
    match ty {
        T::String | T::Any => json!("x y/z"),
        T::Integer => json!(1),
        T::Number => json!(1.5),
        T::Boolean => json!(true),
        T::Object => json!({}),
        T::Array(item) => json!([sample(*item)]),
        T::File => json!({"path": "/nonexistent/upload.png"}),
    }
}

#[test]
fn every_generated_operation_builds_from_its_required_inputs() {
    use clerk_backend::ops::{build::build, registry, BodySpec};
    let all = registry::all();
    assert!(all.len() >= 250, "{} operations", all.len());
    for op in all {
        assert!(std::ptr::eq(registry::find(op.name).unwrap(), op), "{} is found by name", op.name);
        let mut params = serde_json::Map::new();
        for p in op.params.iter().filter(|p| p.required) {
            params.insert(p.name.into(), sample(p.ty));
        }
        match op.body {
            BodySpec::JsonObject { required: true, fields } | BodySpec::Multipart { fields, .. } => {
                for f in fields.iter().filter(|f| f.required) {
                    params.insert(f.name.into(), sample(f.ty));
                }
            }
            BodySpec::JsonValue { required: true, ty } => {
                params.insert("body".into(), sample(ty));
            }
            _ => {}
        }
        let built = build(op, CallInput::json(Value::Object(params.clone())))
            .unwrap_or_else(|e| panic!("{}: {e} (input {})", op.name, Value::Object(params.clone())));
        assert!(!built.path.contains('{') && !built.path.contains(' '), "{}: {}", op.name, built.path);

        // And one unknown key is refused.
        params.insert("definitely_not_a_param".into(), json!(1));
        let err = build(op, CallInput::json(Value::Object(params))).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { parameter, .. } if parameter == "definitely_not_a_param"));
    }
}

#[tokio::test]
async fn typed_requests_pass_their_files_beside_them() {
    #[derive(serde::Serialize)]
    struct SetImage {
        user_id: String,
        #[serde(skip)]
        file: Option<FileUpload>,
    }
    let server = echo_server().await;
    let req = SetImage { user_id: "u1".into(), file: Some(FileUpload::from_bytes("me.gif", &b"GIF89a"[..])) };
    let files = req.file.clone().map(|f| ("file".to_owned(), f)).into_iter().collect();
    let out: Value = client(&server.uri()).execute_with_files(&UPLOAD_IMAGE, &req, files, &opts()).await.unwrap();
    assert_eq!(out, json!({"ok": true}));
    let req = only_request(&server).await;
    let text = multipart_text(&req);
    assert!(text.contains(r#"filename="me.gif""#) && text.contains("GIF89a"), "{text}");
}
