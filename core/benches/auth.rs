//! Speed of token verification (issue 3): `verify_token` with a PEM key and
//! with cached JWKS keys, `authenticate_request` end to end, and the bare
//! RSA signature check they are bounded by. Run through
//! `scripts/bench-auth.sh`, which sets these beside `openssl speed rsa2048`.

#[path = "../tests/auth_support/mod.rs"]
#[allow(unused_imports)]
mod auth_support;

use std::sync::Arc;

use auth_support::{b64url, TestKey};
use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use base64::Engine as _;
use bytes::Bytes;
use clerk_backend::auth::{
    AuthenticateRequestOptions, Authenticator, BackendApi, BapiRequest, BapiResponse, BapiTransportError, BoxFuture,
    RequestData, VerifyTokenOptions,
};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::json;

/// Answers the JWKS request in-process, so the cached path is measured
/// without a server (the fetch happens once, before timing).
struct StaticJwks(Bytes);

impl BackendApi for StaticJwks {
    fn send(&self, _request: BapiRequest) -> BoxFuture<'_, Result<BapiResponse, BapiTransportError>> {
        let body = self.0.clone();
        Box::pin(async move { Ok(BapiResponse { status: 200, body }) })
    }
}

/// A token shaped like a Clerk session token (v2 claims, org, features).
fn clerk_token(key: &TestKey) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    key.sign(
        json!({"cat": "cl_B7d4PD111AAA"}),
        json!({
            "azp": "https://app.example.com", "exp": now + 3600, "fea": "o:billing,o:reports,u:beta",
            "fva": [3, -1], "iat": now - 10, "iss": "https://clerk.example.com", "jti": "2f4e1c9a0b7d3e5f6a81",
            "nbf": now - 15, "o": {"fpm": "3,1,0", "id": "org_2TestOrgAAAAAAAAAAAAAAAAAAA", "per": "read,manage", "rol": "admin", "slg": "acme"},
            "pla": "u:free", "sid": "sess_2TestSessionAAAAAAAAAAAAAAA", "sts": "active",
            "sub": "user_2TestUserAAAAAAAAAAAAAAAAAA", "v": 2
        }),
    )
}

fn benches(c: &mut Criterion) {
    let key = TestKey::generate("ins_2BenchKidAAAAAAAAAAAAAAAA");
    let token = clerk_token(&key);
    let pem = key.public_pem();

    // The floor: one RSA-2048 PKCS#1 v1.5 SHA-256 verification, key parsed once.
    let der = base64::engine::general_purpose::STANDARD
        .decode(pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>())
        .expect("pem body");
    let parsed = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &der).expect("key");
    let (input, sig) = token.rsplit_once('.').expect("token");
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sig).expect("sig");
    c.bench_function("rsa2048_verify_only", |b| {
        b.iter(|| parsed.verify_sig(black_box(input.as_bytes()), black_box(&sig)).expect("valid"))
    });

    let auth = Authenticator::new();
    let pem_opts = VerifyTokenOptions { jwt_key: Some(pem.clone()), ..VerifyTokenOptions::default() };
    c.bench_function("verify_token_pem", |b| {
        b.iter(|| auth.verify_token_blocking(black_box(&token), &pem_opts).expect("valid"))
    });

    let jwks = Bytes::from(json!({"keys": [key.jwk()]}).to_string());
    let jwks_auth = Authenticator::builder().backend(Arc::new(StaticJwks(jwks))).build();
    let jwks_opts = VerifyTokenOptions {
        secret_key: Some("sk_test_bench".into()),
        api_url: Some("https://api.clerk.test".into()),
        ..VerifyTokenOptions::default()
    };
    jwks_auth.verify_token_blocking(&token, &jwks_opts).expect("first verification fetches");
    c.bench_function("verify_token_jwks_cached", |b| {
        b.iter(|| jwks_auth.verify_token_blocking(black_box(&token), &jwks_opts).expect("valid"))
    });

    let req_opts = AuthenticateRequestOptions {
        secret_key: Some("sk_test_bench".into()),
        publishable_key: Some("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k".into()),
        jwt_key: Some(pem),
        authorized_parties: vec!["https://app.example.com".into()],
        ..AuthenticateRequestOptions::default()
    };
    let request = RequestData::new(
        "GET",
        "https://app.example.com/api/data",
        vec![
            ("host".into(), "app.example.com".into()),
            ("accept".into(), "application/json".into()),
            ("user-agent".into(), "bench/1.0".into()),
            ("authorization".into(), format!("Bearer {token}")),
        ],
    );
    c.bench_function("authenticate_request_header", |b| {
        b.iter(|| {
            let state = auth.authenticate_request_blocking(black_box(&request), &req_opts).expect("options");
            assert!(state.is_authenticated());
            state
        })
    });
    let cookie_request = RequestData::new(
        "GET",
        "https://app.example.com/api/data",
        vec![
            ("host".into(), "app.example.com".into()),
            ("accept".into(), "application/json".into()),
            (
                "cookie".into(),
                format!("__client_uat=1767225500; __session={token}; _ga=GA1.1.{}", b64url(b"analytics")),
            ),
        ],
    );
    c.bench_function("authenticate_request_cookie", |b| {
        b.iter(|| {
            let state = auth.authenticate_request_blocking(black_box(&cookie_request), &req_opts).expect("options");
            assert!(state.is_authenticated());
            state
        })
    });
}

criterion_group! {
    name = auth;
    config = Criterion::default().warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(auth);
