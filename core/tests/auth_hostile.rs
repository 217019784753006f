//! Hostile input never panics and always yields a typed reason: oversized
//! tokens and headers, bad base64, bad JSON, huge or mistyped claims,
//! duplicate cookies, non-UTF-8 bytes, and a seeded random-input sweep.

mod auth_support;

use std::sync::Arc;

use auth_support::{authenticator, b64url, long_lived_claims, TestKey};
use clerk_backend::auth::{
    AuthStatus, AuthenticateRequestOptions, Authenticator, ManualClock, RequestData, RequestReason,
    TokenVerificationErrorReason as Reason, VerifyTokenOptions,
};
use rand::{Rng, SeedableRng};
use serde_json::json;

const NOW_S: i64 = 1_767_225_600;
const PK: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";

struct Fixture {
    key: TestKey,
    auth: Authenticator,
    verify: VerifyTokenOptions,
    request: AuthenticateRequestOptions,
}

fn fixture() -> Fixture {
    let key = TestKey::generate("ins_hostile");
    let auth = authenticator(Arc::new(ManualClock::new(NOW_S * 1000)));
    // An API URL nothing listens on: no test here may reach the network.
    let verify = VerifyTokenOptions {
        jwt_key: Some(key.public_pem()),
        api_url: Some("http://127.0.0.1:9".into()),
        ..VerifyTokenOptions::default()
    };
    let request = AuthenticateRequestOptions {
        jwt_key: verify.jwt_key.clone(),
        publishable_key: Some(PK.into()),
        api_url: verify.api_url.clone(),
        ..AuthenticateRequestOptions::default()
    };
    Fixture { key, auth, verify, request }
}

impl Fixture {
    fn reason(&self, token: &str) -> Reason {
        self.auth.verify_token_blocking(token, &self.verify).expect_err("must be rejected").reason
    }

    fn state(&self, headers: Vec<(String, String)>) -> clerk_backend::auth::RequestState {
        let req = RequestData::new("GET", "https://app.example.com/", headers);
        self.auth.authenticate_request_blocking(&req, &self.request).expect("valid options")
    }

    fn signed(&self, claims: serde_json::Value) -> String {
        self.key.sign(json!({}), claims)
    }
}

fn bearer(token: &str) -> Vec<(String, String)> {
    vec![("authorization".into(), format!("Bearer {token}"))]
}

#[test]
fn oversized_tokens_are_rejected_before_decoding() {
    let f = fixture();
    let mut claims = long_lived_claims(NOW_S);
    claims["pad"] = json!("x".repeat(20_000));
    let big = f.signed(claims);
    assert_eq!(f.reason(&big), Reason::TokenInvalid);
    assert_eq!(f.reason(&"a".repeat(5_000_000)), Reason::TokenInvalid);
    let s = f.state(bearer(&big));
    assert_eq!(s.reason, Some(RequestReason::Token(Reason::TokenInvalid)));
    // The limit is an option.
    let mut loose = f.verify.clone();
    loose.max_token_length = Some(64 * 1024);
    assert!(f.auth.verify_token_blocking(&big, &loose).is_ok());
}

#[test]
fn oversized_headers_do_not_break_anything() {
    let f = fixture();
    let huge_cookie: String = (0..50_000).map(|i| format!("c{i}=v{i}; ")).collect();
    let s = f.state(vec![("cookie".into(), huge_cookie)]);
    assert_eq!(s.status, AuthStatus::SignedOut);
    assert_eq!(s.reason.map(|r| r.as_str()), Some("session-token-and-uat-missing"));
    let s = f.state(vec![("authorization".into(), format!("Bearer {}", "é".repeat(1_000_000)))]);
    assert_eq!(s.token_error, Some(Reason::TokenInvalid));
}

#[test]
fn bad_base64_and_bad_json_are_token_invalid() {
    let f = fixture();
    let ok_header = b64url(br#"{"alg":"RS256","typ":"JWT"}"#);
    let ok_payload = b64url(br#"{"sub":"user_1"}"#);
    let cases = [
        format!("{ok_header}.{ok_payload}.sig!"),
        format!("{ok_header}.{ok_payload}.a"),
        format!("{ok_header}.{ok_payload}.ab"),
        format!("{}.{ok_payload}.c2ln", b64url(b"{not json")),
        format!("{ok_header}.{}.c2ln", b64url(b"{\"sub\":")),
        format!("{ok_header}.{}.c2ln", b64url(b"[1,2]")),
        format!("{ok_header}.{}.c2ln", b64url(b"\"str\"")),
        format!("{ok_header}.{}.c2ln", b64url(b"{} trailing")),
        format!("{ok_header}.{}.c2ln", b64url(&[b'{', 0xff, 0xfe, b'}'])),
        format!(
            "{ok_header}.{}.c2ln",
            b64url(format!("{{\"a\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes())
        ),
        format!("{ok_header}.{}.c2ln", b64url(b"{\"exp\":1e400}")),
        format!("{ok_header}.{ok_payload}"),
        format!("{ok_header}.{ok_payload}.c2ln.c2ln"),
        "..".to_owned(),
        String::new(),
    ];
    for token in &cases {
        assert_eq!(f.reason(token), Reason::TokenInvalid, "token {:.60}", token);
    }
}

#[test]
fn mistyped_and_extreme_claims_fail_after_the_signature() {
    let f = fixture();
    let with = |k: &str, v: serde_json::Value| {
        let mut c = long_lived_claims(NOW_S);
        c[k] = v;
        f.signed(c)
    };
    assert_eq!(f.reason(&with("sub", json!(42))), Reason::TokenVerificationFailed);
    assert_eq!(f.reason(&with("sub", json!(null))), Reason::TokenVerificationFailed);
    assert_eq!(f.reason(&with("exp", json!("1767225700"))), Reason::TokenVerificationFailed);
    assert_eq!(f.reason(&with("exp", json!(-1e300))), Reason::TokenExpired);
    assert_eq!(f.reason(&with("nbf", json!(1e300))), Reason::TokenNotActiveYet);
    assert_eq!(f.reason(&with("nbf", json!([1]))), Reason::TokenVerificationFailed);
    assert_eq!(f.reason(&with("iat", json!({"a": 1}))), Reason::TokenVerificationFailed);
    assert_eq!(f.reason(&with("iat", json!(u64::MAX))), Reason::TokenIatInTheFuture);
    // A huge expiry is simply far in the future.
    assert!(f.auth.verify_token_blocking(&with("exp", json!(1e300)), &f.verify).is_ok());
    assert!(f.auth.verify_token_blocking(&with("exp", json!(u64::MAX)), &f.verify).is_ok());

    let mut parties = f.verify.clone();
    parties.authorized_parties = vec!["https://app.example.com".into()];
    let azp_obj = with("azp", json!({"x": 1}));
    assert_eq!(
        f.auth.verify_token_blocking(&azp_obj, &parties).expect_err("azp").reason,
        Reason::TokenInvalidAuthorizedParties
    );
    let mut issuer = f.verify.clone();
    issuer.issuer = vec!["https://clerk.example.com".into()];
    let iss_num = with("iss", json!(7));
    assert_eq!(f.auth.verify_token_blocking(&iss_num, &issuer).expect_err("iss").reason, Reason::TokenInvalidIssuer);
    let mut audience = f.verify.clone();
    audience.audience = vec!["api".into()];
    for aud in [json!({"api": true}), json!([1, "api"]), json!(true), json!(null), json!([])] {
        let t = with("aud", aud.clone());
        assert_eq!(
            f.auth.verify_token_blocking(&t, &audience).expect_err("aud").reason,
            Reason::TokenVerificationFailed,
            "aud {aud}"
        );
    }
    assert!(f.auth.verify_token_blocking(&with("aud", json!([null, "", "api"])), &audience).is_ok());
}

#[test]
fn hostile_headers_are_rejected_by_class_not_by_panic() {
    let f = fixture();
    let claims = long_lived_claims(NOW_S);
    let t = |h: serde_json::Value| f.key.sign(h, claims.clone());
    assert_eq!(f.reason(&t(json!({"alg": "none"}))), Reason::TokenInvalidAlgorithm);
    assert_eq!(f.reason(&t(json!({"alg": 256}))), Reason::TokenInvalidAlgorithm);
    assert_eq!(f.reason(&t(json!({"alg": "HS256"}))), Reason::TokenInvalidAlgorithm);
    assert_eq!(f.reason(&t(json!({"alg": "PS256"}))), Reason::TokenInvalidAlgorithm);
    assert_eq!(f.reason(&t(json!({"typ": ["JWT"]}))), Reason::TokenInvalid);
    assert_eq!(f.reason(&t(json!({"cat": "cl_B7d4PD333AAA"}))), Reason::TokenInvalid);
    // Duplicate members: the last one counts, as in JavaScript.
    let dup = f.key.sign_raw(r#"{"alg":"none","alg":"RS256"}"#, &claims.to_string());
    assert!(f.auth.verify_token_blocking(&dup, &f.verify).is_ok());
    let s = f.state(bearer(&t(json!({"cat": {"x": 1}}))));
    assert_eq!(s.reason.map(|r| r.as_str()), Some("token-type-mismatch"));
}

#[test]
fn duplicate_cookies_first_one_wins() {
    let f = fixture();
    let mut c = long_lived_claims(NOW_S);
    c["iss"] = json!("https://clerk.example.com");
    let good = f.signed(c);
    let bad = TestKey::generate("other").sign(json!({}), long_lived_claims(NOW_S));
    let cookie = |a: &str, b: &str| {
        vec![("cookie".to_owned(), format!("__client_uat=1; __session={a}; __session={b}; __client_uat=0"))]
    };
    assert_eq!(f.state(cookie(&good, &bad)).status, AuthStatus::SignedIn);
    let s = f.state(cookie(&bad, &good));
    assert_eq!(s.reason.map(|r| r.as_str()), Some("token-invalid-signature"));
    // Split across two Cookie headers (HTTP/2), still the first wins.
    let two = vec![
        ("cookie".to_owned(), format!("__client_uat=1; __session={good}")),
        ("Cookie".to_owned(), format!("__session={bad}")),
    ];
    assert_eq!(f.state(two).status, AuthStatus::SignedIn);
    // An encoded ';' never forges a cookie.
    let forged = vec![("cookie".to_owned(), format!("x=a%3B__session%3D{good}; __client_uat=1"))];
    assert_eq!(f.state(forged).reason.map(|r| r.as_str()), Some("client-uat-but-no-session-token"));
}

#[test]
fn non_utf8_bytes_become_invalid_tokens() {
    let f = fixture();
    let mut req = RequestData::new("GET", "https://app.example.com/", vec![]);
    req.push_header_bytes(b"Authorization", b"Bearer \xff\xfe.\x80.abc");
    let s = f.auth.authenticate_request_blocking(&req, &f.request).expect("options");
    assert_eq!(s.token_error, Some(Reason::TokenInvalid));
    let mut req = RequestData::new("GET", "https://app.example.com/", vec![]);
    req.push_header_bytes(b"cookie", b"__client_uat=1; __session=\xc3\x28");
    let s = f.auth.authenticate_request_blocking(&req, &f.request).expect("options");
    assert_eq!(s.token_error, Some(Reason::TokenInvalid));
    // A signed payload that is not UTF-8.
    let input = format!("{}.{}", b64url(br#"{"alg":"RS256"}"#), b64url(b"{\"sub\":\"\xff\"}"));
    let token = format!("{input}.{}", b64url(b"sig"));
    assert_eq!(f.reason(&token), Reason::TokenInvalid);
}

#[test]
fn random_input_sweep_never_panics() {
    let f = fixture();
    let valid = f.signed(long_lived_claims(NOW_S));
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    let alphabet = b"ABCxyz019-_.=+/ %;,\"\\{}[]:";
    for i in 0..3_000 {
        let token: String = match i % 3 {
            // Random text from a JWT-ish alphabet.
            0 => (0..rng.gen_range(0..300)).map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char).collect(),
            // A valid token with bytes flipped.
            1 => {
                let mut b = valid.clone().into_bytes();
                for _ in 0..rng.gen_range(1..4) {
                    let at = rng.gen_range(0..b.len());
                    b[at] = alphabet[rng.gen_range(0..alphabet.len())];
                }
                String::from_utf8_lossy(&b).into_owned()
            }
            // Structured parts with random JSON-ish content.
            _ => {
                let junk: Vec<u8> = (0..rng.gen_range(0..80)).map(|_| rng.gen()).collect();
                format!("{}.{}.{}", b64url(&junk), b64url(br#"{"sub":"u","exp":9e99}"#), b64url(&junk))
            }
        };
        let result = f.auth.verify_token_blocking(&token, &f.verify);
        if token != valid {
            assert!(result.is_err(), "accepted a mutated token {token:.80}");
        }
        let s = f.state(vec![("authorization".into(), format!("Bearer {token}")), ("cookie".into(), token.clone())]);
        assert!(s.reason.is_some() || s.status == AuthStatus::SignedIn);
    }
}
