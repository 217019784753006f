//! The boundary layer: the error record from every core error type, the
//! tables, and the shared pager (across tasks, cancelled mid-request).
#![allow(clippy::unwrap_used)]

mod support;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use clerk_backend::auth::{
    AuthConfigError, AuthConfigErrorKind, MachineTokenErrorCode, MachineTokenVerificationError, OptionError,
    TokenVerificationError, TokenVerificationErrorAction, TokenVerificationErrorReason,
};
use clerk_backend::boundary::{tables, ErrorCode, ErrorRecord, Header, SharedPager};
use clerk_backend::webhooks::{WebhookError, WebhookErrorReason};
use clerk_backend::{ApiError, CallOptions, ClerkError, Error, TransportKind};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn codes_have_unique_strings_and_numbers_grouped_by_area() {
    let strings: HashSet<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    let numbers: HashSet<_> = ErrorCode::ALL.iter().map(|c| c.number()).collect();
    assert_eq!(strings.len(), ErrorCode::ALL.len());
    assert_eq!(numbers.len(), ErrorCode::ALL.len());
    for c in ErrorCode::ALL {
        assert_eq!(ErrorCode::parse(c.as_str()), Some(*c));
        let group = match c.number() / 1000 {
            1 => "wire",
            2 => "input",
            3 => "auth",
            4 => "webhook",
            9 => "boundary",
            _ => panic!("{c} has number {} outside every group", c.number()),
        };
        assert!(!group.is_empty());
    }
    assert_eq!(ErrorCode::parse("nope"), None);
}

#[test]
fn every_core_error_code_has_a_record_code() {
    // The core's own `Error::code()` strings are the record's: a binding can use either.
    let errors = [
        Error::Api(Box::new(api_error())),
        Error::Transport { kind: TransportKind::Connect, message: "refused".into() },
        Error::Transport { kind: TransportKind::Timeout, message: "slow".into() },
        Error::Transport { kind: TransportKind::Tls, message: "cert".into() },
        Error::Transport { kind: TransportKind::Other, message: "reset".into() },
        Error::Decode { status: 200, message: "bad".into(), raw_body: "<html>".into() },
        Error::invalid_argument("user_id", "must not be empty"),
        Error::Config("no key".into()),
    ];
    for e in &errors {
        let record = ErrorRecord::from(e);
        assert_eq!(record.code.as_str(), e.code(), "{e:?}");
        assert_eq!(record.message, e.to_string());
    }
}

fn api_error() -> ApiError {
    ApiError {
        status: 422,
        errors: vec![ClerkError {
            code: "form_param_invalid".into(),
            message: "is invalid".into(),
            long_message: Some("email is invalid".into()),
            meta: Some(json!({"param_name": "email"})),
        }],
        clerk_trace_id: Some("trace_1".into()),
        raw_body: r#"{"errors":[]}"#.into(),
        retry_after: Some(Duration::from_millis(2500)),
        headers: vec![("x-a".into(), "1".into()), ("retry-after".into(), "2.5".into())],
    }
}

#[test]
fn api_error_record_keeps_every_field() {
    let record = ErrorRecord::from(Error::Api(Box::new(api_error())));
    assert_eq!(record.code, ErrorCode::Api);
    assert_eq!(record.status, Some(422));
    assert_eq!(record.clerk_trace_id.as_deref(), Some("trace_1"));
    assert_eq!(record.errors[0].long_message.as_deref(), Some("email is invalid"));
    assert_eq!(record.body.as_deref(), Some(r#"{"errors":[]}"#));
    assert_eq!(record.retry_after_ms, Some(2500));
    assert_eq!(record.headers[0], Header { name: "x-a".into(), value: "1".into() });
    assert_eq!(record.parameter, None);
    let j: Value = serde_json::from_str(&record.to_json()).unwrap();
    assert_eq!(j["code"], "api_error");
    assert_eq!(j["errors"][0]["meta"]["param_name"], "email");
    assert_eq!(j["headers"][1], json!({"name": "retry-after", "value": "2.5"}));
}

#[test]
fn input_errors_name_the_parameter_and_tell_type_from_value() {
    let r = ErrorRecord::from(Error::invalid_argument("user_id", "must not be empty"));
    assert_eq!((r.code, r.parameter.as_deref(), r.wrong_type), (ErrorCode::InvalidArgument, Some("user_id"), false));
    let j: Value = serde_json::from_str(&r.to_json()).unwrap();
    assert!(j.get("wrong_type").is_none() && j.get("status").is_none(), "unset fields are left out: {j}");

    let ty = ErrorRecord::from(OptionError::TypeMismatch { option: "jwt_key".into(), message: "not a string".into() });
    assert_eq!(
        (ty.code, ty.parameter.as_deref(), ty.wrong_type),
        (ErrorCode::InvalidArgument, Some("options.jwt_key"), true)
    );
    let value = ErrorRecord::from(OptionError::BadValue { option: "clock_skew_in_ms".into(), message: "-1".into() });
    assert!(!value.wrong_type);
    assert_eq!(ErrorRecord::from(Error::Config("x".into())).code, ErrorCode::Config);
}

#[test]
fn auth_and_webhook_errors_carry_the_spec_reason() {
    let token = TokenVerificationError {
        reason: TokenVerificationErrorReason::TokenExpired,
        message: "JWT is expired.".into(),
        action: Some(TokenVerificationErrorAction::EnsureClockSync),
    };
    let r = ErrorRecord::from(token.clone());
    assert_eq!((r.code, r.reason.as_deref()), (ErrorCode::TokenVerification, Some("token-expired")));
    assert_eq!(r.message, token.full_message());

    let machine = MachineTokenVerificationError {
        code: MachineTokenErrorCode::TokenInvalid,
        message: "not found".into(),
        status: Some(404),
    };
    let r = ErrorRecord::from(machine);
    assert_eq!(
        (r.code, r.reason.as_deref(), r.status),
        (ErrorCode::MachineTokenVerification, Some("token-invalid"), Some(404))
    );

    let config = AuthConfigError { kind: AuthConfigErrorKind::SecretKeyMissing, message: "no key".into() };
    let r = ErrorRecord::from(config);
    assert_eq!((r.code, r.reason.as_deref()), (ErrorCode::AuthConfig, Some("secret-key-missing")));

    let bad_sig = WebhookError { reason: WebhookErrorReason::NoMatchingSignature, message: "no match".into() };
    assert_eq!(ErrorRecord::from(bad_sig).code, ErrorCode::WebhookVerification);
    let no_secret = WebhookError { reason: WebhookErrorReason::MissingSigningSecret, message: "none".into() };
    let r = ErrorRecord::from(no_secret);
    assert_eq!((r.code, r.reason.as_deref()), (ErrorCode::WebhookConfig, Some("missing-signing-secret")));
    assert_eq!(ErrorRecord::internal().code, ErrorCode::Internal);
    assert_eq!(ErrorRecord::cancelled().code, ErrorCode::Cancelled);
}

#[test]
fn tables_list_codes_reasons_and_operations() {
    let t = tables::tables_json();
    let codes: Vec<&str> = t["error_codes"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), ErrorCode::ALL.len());
    assert!(codes.contains(&"token_verification"));
    let ops = t["operations"].as_array().unwrap();
    assert_eq!(ops.len(), clerk_backend::ops::registry::all().len());
    assert!(ops.contains(&json!("users.get_o_auth_access_token")));
    let reasons = tables::request_reasons();
    assert!(reasons.contains(&"session-token-expired-refresh-non-eligible-non-get"));
    assert!(reasons.contains(&"token-expired") && reasons.contains(&"No token in header"));
    assert!(!reasons.contains(&"session-token-expired"), "never a reason on its own");
    assert!(t["webhook_error_reasons"].as_array().unwrap().contains(&json!("no-matching-signature")));
}

fn users(range: std::ops::Range<u32>) -> Value {
    Value::from(range.map(|i| json!({"id": format!("user_{i}")})).collect::<Vec<_>>())
}

#[tokio::test]
async fn shared_pager_serves_every_page_once_across_tasks() {
    let server = MockServer::start().await;
    for (offset, range) in [("0", 0..2), ("2", 2..4), ("4", 4..5)] {
        Mock::given(method("GET"))
            .and(path("/users"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(users(range)).set_delay(Duration::from_millis(20)))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = support::client(&server.uri());
    let pager =
        Arc::new(SharedPager::new(client, &support::LIST_USERS, json!({"limit": 2}), CallOptions::default()).unwrap());
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let pager = pager.clone();
            tokio::spawn(async move {
                let mut ids = Vec::new();
                while let Some(page) = pager.next_page().await.unwrap() {
                    let items: Vec<Value> = serde_json::from_slice(&page.body).unwrap();
                    assert_eq!(items.len(), page.item_count);
                    assert_eq!(page.data_field, None);
                    ids.extend(items.into_iter().map(|u| u["id"].as_str().unwrap().to_owned()));
                }
                ids
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    assert_eq!(all, (0..5).map(|i| format!("user_{i}")).collect::<Vec<_>>());
    assert!(pager.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn shared_pager_reads_envelopes_and_refuses_a_repeated_page() {
    let server = MockServer::start().await;
    let page = json!({"data": [{"id": "org_1"}, {"id": "org_2"}], "total_count": 9});
    Mock::given(method("GET"))
        .and(path("/organizations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&page))
        .mount(&server)
        .await;
    let pager =
        SharedPager::new(support::client(&server.uri()), &support::LIST_ORGS, json!({}), CallOptions::default())
            .unwrap();
    let first = pager.next_page().await.unwrap().unwrap();
    assert_eq!((first.item_count, first.data_field), (2, Some("data")));
    // The server ignores `offset` and answers the same page: an error, not a loop.
    let err = pager.next_page().await.unwrap_err();
    assert_eq!(err.code(), "decode_error");
    assert!(err.to_string().contains("previous page again"), "{err}");
    assert!(pager.next_page().await.unwrap().is_none(), "and iteration is over");
}

/// A server whose first connection never gets an answer (it reports when the
/// client closes it); later requests get a one-user page.
fn stalling_server() -> (String, mpsc::Receiver<&'static str>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { return };
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let mut head = Vec::new();
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(k) => head.extend_from_slice(&buf[..k]),
                    }
                }
                let text = String::from_utf8_lossy(&head).into_owned();
                if n == 0 {
                    let _ = tx.send("stalled");
                    // Wait for the client to give up: read returns 0 at EOF.
                    while matches!(stream.read(&mut buf), Ok(k) if k > 0) {}
                    let _ = tx.send("closed");
                    return;
                }
                assert!(text.contains("offset=0"), "the cancelled page is asked for again: {text}");
                let body = r#"[{"id":"user_0"}]"#;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes());
                let _ = tx.send("answered");
            });
        }
    });
    (url, rx)
}

#[tokio::test]
async fn cancelling_a_page_fetch_closes_the_connection_and_keeps_the_cursor() {
    let (url, events) = stalling_server();
    let pager =
        SharedPager::new(support::client(&url), &support::LIST_USERS, json!({"limit": 2}), CallOptions::default())
            .unwrap();
    let cancelled = tokio::time::timeout(Duration::from_millis(300), pager.next_page()).await;
    assert!(cancelled.is_err(), "the first page never comes");
    assert_eq!(events.recv_timeout(Duration::from_secs(5)), Ok("stalled"));
    assert_eq!(events.recv_timeout(Duration::from_secs(5)), Ok("closed"), "dropping the future closes the connection");
    let page = pager.next_page().await.unwrap().unwrap();
    assert_eq!(page.item_count, 1);
    assert_eq!(events.recv_timeout(Duration::from_secs(5)), Ok("answered"));
    assert!(pager.next_page().await.unwrap().is_none(), "a short page is the last");
}
