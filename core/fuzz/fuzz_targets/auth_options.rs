//! Auth option parsing (`from_json`, what every binding calls) on arbitrary
//! input: JSON when it parses, else `key=value` lines as an object, so key
//! checking and its suggestions see arbitrary names. Options that parse are
//! then used to authenticate a request networklessly (PEM key, no secret key).
#![no_main]

use std::sync::{Arc, OnceLock};

use clerk_backend::auth::{
    AuthenticateRequestOptions, Authenticator, ManualClock, OptionError, RequestData, VerifyTokenOptions,
};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

const PEM: &str = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvl43zx6tobeiBiRVkVOk\n9UOrvCRgwLiQO8p/WQzasqso2fbPvIn4Dz7MA01XxgZwdd9rJDy/dET616cCRinc\nS61GUG8u3OmKd2gAyGdh/aPkQTxnGbutRoao9tNQMu8ii3e09eA7CKq4A7EOw68v\nvcgR2ooc0kUmfFFIn+/5GtrUHyATarC3arNalD/tnSrTVwG4ARx4CW1YPng0E+cO\nOipiD72XA8x5TdmXgc4s90KEJq2As87AtoCA3Ro4/2d8Pri+qeeAZzsNOcni0CuP\n3VviLE8psbaxp35sInAKcNdgCRorfdw4+RW5XzZ3KZd5u9/McbtKEFwUF1VUHem6\n9QIDAQAB\n-----END PUBLIC KEY-----\n";

fn auth() -> &'static Authenticator {
    static A: OnceLock<Authenticator> = OnceLock::new();
    A.get_or_init(|| Authenticator::builder().clock(Arc::new(ManualClock::new(1_767_225_600_000))).build())
}

fn input(data: &[u8]) -> Value {
    serde_json::from_slice(data).unwrap_or_else(|_| {
        let text = String::from_utf8_lossy(data);
        let map: Map<String, Value> = text
            .lines()
            .map(|l| {
                let (k, v) = l.split_once('=').unwrap_or((l, ""));
                (k.to_owned(), serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_owned())))
            })
            .collect();
        Value::Object(map)
    })
}

/// An error has a message, and no control character reaches it from a key.
fn check(e: &OptionError) {
    assert!(!e.message().is_empty());
    assert!(!e.message().chars().any(char::is_control), "{e:?}");
    assert!(e.option().chars().count() <= 64, "{e:?}");
}

fuzz_target!(|data: &[u8]| {
    let mut v = input(data);
    match VerifyTokenOptions::from_json(&v) {
        Ok(_) => {}
        Err(e) => check(&e),
    }
    // Never the network: a PEM key and no secret key, whatever the input said.
    if let Some(o) = v.as_object_mut() {
        o.insert("jwt_key".into(), Value::String(PEM.into()));
        o.remove("secret_key");
        o.remove("machine_secret_key");
    }
    match AuthenticateRequestOptions::from_json(&v) {
        Ok(opts) => {
            let req = RequestData::new(
                "GET",
                "https://app.example.com/",
                vec![("authorization".into(), "Bearer a.b.c".into())],
            );
            let _ = auth().authenticate_request_blocking(&req, &opts);
        }
        Err(e) => check(&e),
    }
});
