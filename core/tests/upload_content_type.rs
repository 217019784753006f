//! A file's content type is sent as given, well-formed MIME or not (the server
//! decides, as with the official SDKs); only what would corrupt the request is
//! refused before sending: CR, LF, NUL, other control characters or non-ASCII
//! in the part's header lines.
#![allow(clippy::unwrap_used)]

mod support;

use clerk_backend::ops::registry;
use clerk_backend::{CallInput, CallOptions, Error, FileUpload};
use serde_json::json;
use support::client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "user_1"})))
        .mount(&server)
        .await;
    server
}

async fn upload(server: &MockServer, file: FileUpload) -> clerk_backend::Result<()> {
    let op = registry::lookup("users.set_profile_image").unwrap();
    let input = CallInput::json(json!({"user_id": "u1"})).with_file("file", file);
    client(&server.uri()).call_op(op, input, &CallOptions::default()).await.map(|_| ())
}

/// The part headers of the one request the server got.
async fn part_head(server: &MockServer) -> String {
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let body = String::from_utf8_lossy(&received[0].body).into_owned();
    let start = body.find("Content-Disposition").unwrap();
    body[start..start + body[start..].find("\r\n\r\n").unwrap()].to_owned()
}

#[tokio::test]
async fn content_types_that_are_not_well_formed_mime_are_sent_as_given() {
    for ct in [
        "image",
        "not a mime type",
        "image//png",
        "image/png; charset=\"a b\"; ;",
        "application/vnd.x+json;\tv=1",
        "(image)/[png]",
    ] {
        let s = server().await;
        upload(&s, FileUpload::from_bytes("a.png", &b"png"[..]).with_content_type(ct)).await.unwrap();
        let head = part_head(&s).await;
        assert!(head.lines().any(|l| l.eq_ignore_ascii_case(&format!("content-type: {ct}"))), "{ct:?}: {head}");
    }
}

#[tokio::test]
async fn a_blank_content_type_is_guessed_from_the_file_name() {
    let s = server().await;
    upload(&s, FileUpload::from_bytes("a.png", &b"png"[..]).with_content_type("  ")).await.unwrap();
    assert!(part_head(&s).await.to_ascii_lowercase().contains("content-type: image/png"));
}

#[tokio::test]
async fn what_would_corrupt_the_part_headers_is_refused_before_sending() {
    let bad_types =
        ["image/png\r\nX-Injected: 1", "image/png\nx", "image/png\rx", "image/\0png", "imäge/png", "a\x7f", "a\x01"];
    for ct in bad_types {
        let s = server().await;
        let err = upload(&s, FileUpload::from_bytes("a.png", &b"png"[..]).with_content_type(ct)).await.unwrap_err();
        match &err {
            Error::InvalidArgument { parameter, message } => {
                assert_eq!(parameter, "file.content_type", "{ct:?}");
                assert!(!message.contains(ct), "the message names the character, not the raw value: {message}");
            }
            other => panic!("{ct:?}: {other:?}"),
        }
        assert!(s.received_requests().await.unwrap().is_empty(), "{ct:?} was sent");
    }
    for name in ["a\r\n--boundary.png", "a\n.png", "a\0.png"] {
        let s = server().await;
        let err = upload(&s, FileUpload::from_bytes(name, &b"png"[..])).await.unwrap_err();
        assert!(matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "file.file_name"), "{err:?}");
        assert!(s.received_requests().await.unwrap().is_empty(), "{name:?} was sent");
    }
}

#[tokio::test]
async fn the_json_file_object_follows_the_same_rule() {
    let path = std::env::temp_dir().join(format!("clerk-ct-{}.bin", std::process::id()));
    std::fs::write(&path, b"bytes").unwrap();
    let op = registry::lookup("users.set_profile_image").unwrap();
    let call = |ct: &str| {
        CallInput::json(json!({"user_id": "u1", "file": {"path": path, "content_type": ct, "file_name": "x.bin"}}))
    };
    let s = server().await;
    client(&s.uri()).call_op(op, call("weird"), &CallOptions::default()).await.unwrap();
    assert!(part_head(&s).await.to_ascii_lowercase().contains("content-type: weird"));
    let s = server().await;
    let err = client(&s.uri()).call_op(op, call("a\r\nb"), &CallOptions::default()).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "file.content_type"), "{err:?}");
    assert!(s.received_requests().await.unwrap().is_empty());
    std::fs::remove_file(&path).unwrap();
}
