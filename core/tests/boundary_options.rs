//! The boundary's option parsers (`ClientOptions` / `CallOptions` from JSON)
//! and its environment defaults. The environment tests hold [`ENV`]; this
//! binary is the only one that sets the auth and webhook variables.
#![allow(clippy::unwrap_used)]

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use clerk_backend::auth::{AuthenticateRequestOptions, VerifyTokenOptions};
use clerk_backend::boundary::{env, header_pairs, OptionError};
use clerk_backend::{CallOptions, ClientOptions, RetryStrategy, SecretString};
use serde_json::json;

fn bad_value(e: &OptionError, option: &str) -> bool {
    matches!(e, OptionError::BadValue { option: o, .. } if o == option) && e.message().contains(option)
}

fn type_mismatch(e: &OptionError, option: &str) -> bool {
    matches!(e, OptionError::TypeMismatch { option: o, .. } if o == option) && e.message().contains(option)
}

#[test]
fn client_options_every_field() {
    let o = ClientOptions::from_json(&json!({
        "secret_key": "sk_test_x", "server_url": "http://127.0.0.1:9/v1", "api_version": "2025-01-01",
        "default_headers": {"x-a": "1"}, "timeout_ms": 1500, "connect_timeout_ms": 250.5,
        "retry": {"strategy": "none", "backoff": {"initial_interval_ms": 10, "exponent": 1.5},
                  "retry_connection_errors": false, "max_attempts": 3},
        "proxy": "http://127.0.0.1:3128", "max_response_bytes": 1024, "user_agent_suffix": "c",
    }))
    .unwrap();
    assert_eq!(o.secret_key.as_ref().map(SecretString::expose), Some("sk_test_x"));
    assert_eq!(o.server_url.as_deref(), Some("http://127.0.0.1:9/v1"));
    assert_eq!(o.api_version.as_deref(), Some("2025-01-01"));
    assert_eq!(o.default_headers, [("x-a".to_owned(), "1".to_owned())]);
    assert_eq!(o.timeout, Some(Duration::from_millis(1500)));
    assert_eq!(o.connect_timeout, Some(Duration::from_micros(250_500)));
    let r = o.retry.unwrap();
    assert_eq!(r.strategy, RetryStrategy::None);
    assert_eq!((r.backoff.initial_interval_ms, r.backoff.exponent), (10, 1.5));
    // Unset backoff fields keep the defaults.
    assert_eq!(r.backoff.max_interval_ms, clerk_backend::BackoffStrategy::default().max_interval_ms);
    assert!(!r.retry_connection_errors);
    assert_eq!(r.max_attempts, 3);
    assert_eq!(o.proxy.as_deref(), Some("http://127.0.0.1:3128"));
    assert_eq!((o.max_response_bytes, o.user_agent_suffix.as_deref()), (Some(1024), Some("c")));
}

#[test]
fn call_options_every_field() {
    let o = CallOptions::from_json(&json!({
        "retry": {"max_attempts": 2}, "timeout_ms": 10, "connect_timeout_ms": 20, "server_url": "http://h/v1",
        "headers": [["x-a", "1"], {"name": "x-b", "value": "2"}], "retry_non_idempotent": true,
    }))
    .unwrap();
    assert_eq!(o.retry.unwrap().max_attempts, 2);
    assert_eq!(o.retry.unwrap().strategy, RetryStrategy::Backoff);
    assert_eq!((o.timeout, o.connect_timeout), (Some(Duration::from_millis(10)), Some(Duration::from_millis(20))));
    assert_eq!(o.server_url.as_deref(), Some("http://h/v1"));
    assert_eq!(o.headers, [("x-a".to_owned(), "1".to_owned()), ("x-b".to_owned(), "2".to_owned())]);
    assert!(o.retry_non_idempotent);
    let empty = CallOptions::from_json(&json!({"retry": null, "headers": null})).unwrap();
    assert!(empty.retry.is_none() && empty.headers.is_empty() && !empty.retry_non_idempotent);
}

#[test]
fn wrong_types_are_type_errors_naming_the_key() {
    for (v, key) in [
        (json!({"secret_key": 5}), "secret_key"),
        (json!({"timeout_ms": "5"}), "timeout_ms"),
        (json!({"retry": true}), "retry"),
        (json!({"retry": {"max_attempts": "3"}}), "retry.max_attempts"),
        (json!({"retry": {"backoff": []}}), "retry.backoff"),
        (json!({"retry": {"backoff": {"exponent": "2"}}}), "retry.backoff.exponent"),
        (json!({"retry": {"retry_connection_errors": 1}}), "retry.retry_connection_errors"),
        (json!({"default_headers": {"x-a": 1}}), "default_headers"),
        (json!({"default_headers": [["x-a"]]}), "default_headers"),
        (json!({"default_headers": "x-a: 1"}), "default_headers"),
        (json!({"max_response_bytes": 1.5}), "max_response_bytes"),
    ] {
        let e = ClientOptions::from_json(&v).unwrap_err();
        assert!(type_mismatch(&e, key), "{v}: {e:?}");
    }
    let e = CallOptions::from_json(&json!({"retry_non_idempotent": "yes"})).unwrap_err();
    assert!(type_mismatch(&e, "retry_non_idempotent"), "{e:?}");
    let e = CallOptions::from_json(&json!({"headers": [{"name": "x", "value": 1}]})).unwrap_err();
    assert!(type_mismatch(&e, "headers"), "{e:?}");
    assert!(matches!(ClientOptions::from_json(&json!([1])).unwrap_err(), OptionError::TypeMismatch { .. }));
    assert!(matches!(CallOptions::from_json(&json!("x")).unwrap_err(), OptionError::TypeMismatch { .. }));
}

#[test]
fn bad_values_are_value_errors_naming_the_key() {
    for (v, key) in [
        (json!({"timeout_ms": 0}), "timeout_ms"),
        (json!({"timeout_ms": -1}), "timeout_ms"),
        (json!({"connect_timeout_ms": 1e300}), "connect_timeout_ms"),
        (json!({"retry": {"strategy": "sometimes"}}), "retry.strategy"),
        (json!({"retry": {"max_attempts": 0}}), "retry.max_attempts"),
        (json!({"retry": {"max_attempts": 101}}), "retry.max_attempts"),
        (json!({"retry": {"max_attempts": -1}}), "retry.max_attempts"),
        (json!({"retry": {"backoff": {"exponent": 0.5}}}), "retry.backoff.exponent"),
        (
            json!({"retry": {"backoff": {"max_elapsed_time_ms": 1_000_000_000_u64}}}),
            "retry.backoff.max_elapsed_time_ms",
        ),
        (json!({"max_response_bytes": 0}), "max_response_bytes"),
        (json!({"max_response_bytes": -4}), "max_response_bytes"),
    ] {
        let e = ClientOptions::from_json(&v).unwrap_err();
        assert!(bad_value(&e, key), "{v}: {e:?}");
    }
}

#[test]
fn unknown_keys_are_refused_naming_them() {
    let e = ClientOptions::from_json(&json!({"secretKey": "sk_test_x"})).unwrap_err();
    assert!(matches!(e, OptionError::Unknown { .. }) && e.option() == "secretKey", "{e:?}");
    assert!(e.message().contains("secret_key"), "suggests the option meant: {}", e.message());
    // A call option given to the client (and back) says where it belongs.
    let e = ClientOptions::from_json(&json!({"retry_non_idempotent": true})).unwrap_err();
    assert!(e.message().contains("call options"), "{}", e.message());
    let e = CallOptions::from_json(&json!({"secret_key": "sk_test_x"})).unwrap_err();
    assert!(e.message().contains("client options"), "{}", e.message());
    let e = CallOptions::from_json(&json!({"retry": {"backof": {}}})).unwrap_err();
    assert!(matches!(e, OptionError::Unknown { .. }) && e.option() == "retry.backof", "{e:?}");
    let e = CallOptions::from_json(&json!({"retry": {"backoff": {"initial_ms": 1}}})).unwrap_err();
    assert!(matches!(e, OptionError::Unknown { .. }) && e.option() == "retry.backoff.initial_ms", "{e:?}");
}

#[test]
fn secrets_stay_out_of_errors_and_debug() {
    let e = ClientOptions::from_json(&json!({"secret_key": ["sk_live_hidden"]})).unwrap_err();
    assert!(!format!("{e:?}{}", e.message()).contains("sk_live_hidden"));
    let o = ClientOptions::from_json(&json!({"secret_key": "sk_live_hidden"})).unwrap();
    assert!(!format!("{o:?}").contains("sk_live_hidden"));
}

#[test]
fn header_shapes() {
    let want = vec![("a".to_owned(), "1".to_owned()), ("b".to_owned(), "2".to_owned())];
    assert_eq!(header_pairs(&json!({"a": "1", "b": "2"}), "h").unwrap(), want);
    assert_eq!(header_pairs(&json!([["a", "1"], ["b", "2"]]), "h").unwrap(), want);
    assert_eq!(header_pairs(&json!([{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]), "h").unwrap(), want);
    // A record with a third field is not silently cut down to two.
    assert!(header_pairs(&json!([{"name": "a", "value": "1", "other": "x"}]), "h").is_err());
}

/// The options reach the client: a bad header name is refused by the
/// client's own check, a good one is kept.
#[test]
fn parsed_options_build_a_client() {
    let o = ClientOptions::from_json(&json!({"server_url": "http://127.0.0.1:9/v1", "default_headers": {"x-a": "1"}}))
        .unwrap();
    assert!(clerk_backend::Client::new(o).is_ok());
    let o = ClientOptions::from_json(&json!({"server_url": "http://127.0.0.1:9/v1", "default_headers": {"host": "x"}}))
        .unwrap();
    assert!(clerk_backend::Client::new(o).is_err());
}

static ENV: Mutex<()> = Mutex::new(());

struct Env(#[allow(dead_code)] MutexGuard<'static, ()>);

impl Env {
    fn with(vars: &[(&str, &str)]) -> Env {
        let guard = ENV.lock().unwrap_or_else(|p| p.into_inner());
        for v in env::ALL {
            std::env::remove_var(v);
        }
        for (k, v) in vars {
            std::env::set_var(k, v);
        }
        Env(guard)
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        for v in env::ALL {
            std::env::remove_var(v);
        }
    }
}

#[test]
fn verify_defaults_fill_only_unset_keys() {
    let _env = Env::with(&[
        ("CLERK_SECRET_KEY", "sk_test_env"),
        ("CLERK_JWT_KEY", "PEM_ENV"),
        ("CLERK_API_URL", "https://env.example"),
        ("CLERK_API_VERSION", "v9"),
        ("CLERK_PUBLISHABLE_KEY", "pk_test_env"),
    ]);
    let explicit = VerifyTokenOptions::from_json(&json!({"secret_key": "sk_test_mine"})).unwrap();
    let o = env::verify_defaults(&explicit);
    assert_eq!(o.secret_key.as_ref().map(SecretString::expose), Some("sk_test_mine"));
    assert_eq!(o.jwt_key.as_deref(), Some("PEM_ENV"));
    assert_eq!(o.api_url.as_deref(), Some("https://env.example"));
    assert_eq!(o.api_version.as_deref(), Some("v9"));
    let none = AuthenticateRequestOptions::default();
    let r = env::request_defaults(&none);
    assert_eq!(r.secret_key.as_ref().map(SecretString::expose), Some("sk_test_env"));
    assert_eq!(r.publishable_key.as_deref(), Some("pk_test_env"));
    assert!(r.machine_secret_key.is_none());
}

#[test]
fn nothing_to_fill_borrows() {
    let _env = Env::with(&[("CLERK_MACHINE_SECRET_KEY", "   ")]);
    let o = AuthenticateRequestOptions::default();
    assert!(matches!(env::request_defaults(&o), std::borrow::Cow::Borrowed(_)), "a blank variable is unset");
    assert!(matches!(env::verify_defaults(&VerifyTokenOptions::default()), std::borrow::Cow::Borrowed(_)));
}

#[test]
fn machine_secret_and_webhook_secret_from_env() {
    let _env = Env::with(&[("CLERK_MACHINE_SECRET_KEY", "ak_env"), ("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_env")]);
    let none = AuthenticateRequestOptions::default();
    let r = env::request_defaults(&none);
    assert_eq!(r.machine_secret_key.as_ref().map(SecretString::expose), Some("ak_env"));
    assert_eq!(env::webhook_signing_secret(None).as_ref().map(SecretString::expose), Some("whsec_env"));
    assert_eq!(env::webhook_signing_secret(Some("whsec_mine")).as_ref().map(SecretString::expose), Some("whsec_mine"));
    assert_eq!(env::webhook_signing_secret(Some(" ")).as_ref().map(SecretString::expose), Some("whsec_env"));
    drop(_env);
    let _env = Env::with(&[]);
    assert!(env::webhook_signing_secret(None).is_none());
}

#[test]
fn a_binding_renames_the_option_in_its_own_spelling() {
    let e = CallOptions::from_json(&json!({"retry": {"max_attempts": 0}})).unwrap_err();
    let e = e.renamed(&[("retry", "retries"), ("headers", "http_headers")]);
    assert_eq!(e.option(), "retries.max_attempts");
    assert!(e.message().contains("`retries.max_attempts`"), "{}", e.message());
    let e = CallOptions::from_json(&json!({"timeout_ms": 0})).unwrap_err().renamed(&[("retry", "retries")]);
    assert_eq!(e.option(), "timeout_ms", "names without a spelling of their own stay");
}
