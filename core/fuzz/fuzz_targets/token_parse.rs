//! Token parsing and request authentication on arbitrary bytes: the input
//! is used as the bearer token, as the session cookie and as the whole
//! Cookie header, with a PEM key so nothing touches the network.
#![no_main]

use std::sync::{Arc, OnceLock};

use clerk_backend::auth::{
    AcceptsToken, AuthenticateRequestOptions, Authenticator, ManualClock, RequestData, VerifyTokenOptions,
};
use libfuzzer_sys::fuzz_target;

const PEM: &str = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvl43zx6tobeiBiRVkVOk\n9UOrvCRgwLiQO8p/WQzasqso2fbPvIn4Dz7MA01XxgZwdd9rJDy/dET616cCRinc\nS61GUG8u3OmKd2gAyGdh/aPkQTxnGbutRoao9tNQMu8ii3e09eA7CKq4A7EOw68v\nvcgR2ooc0kUmfFFIn+/5GtrUHyATarC3arNalD/tnSrTVwG4ARx4CW1YPng0E+cO\nOipiD72XA8x5TdmXgc4s90KEJq2As87AtoCA3Ro4/2d8Pri+qeeAZzsNOcni0CuP\n3VviLE8psbaxp35sInAKcNdgCRorfdw4+RW5XzZ3KZd5u9/McbtKEFwUF1VUHem6\n9QIDAQAB\n-----END PUBLIC KEY-----\n";

struct Setup {
    auth: Authenticator,
    verify: VerifyTokenOptions,
    session: AuthenticateRequestOptions,
    any: AuthenticateRequestOptions,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let auth = Authenticator::builder().clock(Arc::new(ManualClock::new(1_767_225_600_000))).build();
        let verify = VerifyTokenOptions { jwt_key: Some(PEM.into()), ..VerifyTokenOptions::default() };
        let session = AuthenticateRequestOptions {
            jwt_key: Some(PEM.into()),
            publishable_key: Some("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k".into()),
            authorized_parties: vec!["https://app.example.com".into()],
            audience: vec!["api".into()],
            ..AuthenticateRequestOptions::default()
        };
        let any = AuthenticateRequestOptions { accepts_token: AcceptsToken::Any, ..session.clone() };
        Setup { auth, verify, session, any }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    let text = String::from_utf8_lossy(data);
    let _ = s.auth.verify_token_blocking(&text, &s.verify);

    let mut req = RequestData::new("GET", "https://app.example.com/?__clerk_db_jwt=x", vec![]);
    req.push_header_bytes(b"authorization", data);
    let _ = s.auth.authenticate_request_blocking(&req, &s.session);
    // Opaque machine prefixes would need the network; only JWT-shaped input goes to `any`.
    if !text.starts_with("ak_") && !text.starts_with("mt_") && !text.starts_with("oat_") {
        let _ = s.auth.authenticate_request_blocking(&req, &s.any);
    }

    let mut cookies = RequestData::new("GET", "https://app.example.com/", vec![]);
    let mut header = b"__client_uat=1; __clerk_db_jwt=d; __session=".to_vec();
    header.extend_from_slice(data);
    cookies.push_header_bytes(b"cookie", &header);
    cookies.push_header_bytes(b"cookie", data);
    let _ = s.auth.authenticate_request_blocking(&cookies, &s.session);
});
