//! Shared helpers of the auth tests: vector files, options from vector JSON,
//! a local Backend API, test keys and token signing.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{KeyPair, RsaKeyPair, RSA_PKCS1_SHA256};
use base64::Engine as _;
use clerk_backend::auth::{
    AcceptsToken, AuthenticateRequestOptions, Authenticator, ManualClock, NoSleep, RequestData, TokenType,
};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The vector file: `env_var` when set, else `shared/testdata/<file>` beside the repository.
pub fn vector_file(env_var: &str, file: &str) -> PathBuf {
    match std::env::var_os(env_var) {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata").join(file),
    }
}

pub fn load(env_var: &str, file: &str) -> (PathBuf, Value) {
    load_path(vector_file(env_var, file))
}

/// A project-owned vector file of `tests/fixtures/`.
pub fn load_extra(file: &str) -> (PathBuf, Value) {
    load_path(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(file))
}

fn load_path(p: PathBuf) -> (PathBuf, Value) {
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", p.display()));
    (p, v)
}

fn string_list(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(a) => {
            a.iter().map(|x| x.as_str().map(str::to_owned).ok_or(format!("not a string: {x}"))).collect()
        }
        Value::Null => Ok(vec![]),
        other => Err(format!("not a string or list: {other}")),
    }
}

fn text(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(format!("not a string: {other}")),
    }
}

/// Options from a vector's `options`, with `api_url` pointed at `api_url`.
/// An unknown key is an error: the vector cannot be run faithfully.
pub fn options_from(v: &Value, api_url: &str) -> Result<AuthenticateRequestOptions, String> {
    let mut o = AuthenticateRequestOptions::default();
    let map = v.as_object().ok_or("options is not an object")?;
    for (k, val) in map {
        match k.as_str() {
            "secret_key" => o.secret_key = text(val)?.map(Into::into),
            "publishable_key" => o.publishable_key = text(val)?,
            "jwt_key" => o.jwt_key = text(val)?,
            "machine_secret_key" => o.machine_secret_key = text(val)?.map(Into::into),
            "api_url" => o.api_url = Some(api_url.to_owned()),
            "api_version" => o.api_version = text(val)?,
            "authorized_parties" => o.authorized_parties = string_list(val)?,
            "audience" => o.audience = string_list(val)?,
            "issuer" => o.issuer = string_list(val)?,
            "clock_skew_in_ms" => o.clock_skew_ms = val.as_i64(),
            "skip_jwks_cache" => o.skip_jwks_cache = val.as_bool().unwrap_or(false),
            "max_token_length" => o.max_token_length = val.as_u64().map(|n| n as usize),
            "accepts_token" => {
                o.accepts_token = match val {
                    Value::String(s) => AcceptsToken::parse(s).ok_or(format!("unknown accepts_token {s}"))?,
                    Value::Array(_) => {
                        AcceptsToken::parse_list(&string_list(val)?).ok_or("unknown accepts_token list")?
                    }
                    other => return Err(format!("bad accepts_token {other}")),
                }
            }
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    if o.api_url.is_none() {
        o.api_url = Some(api_url.to_owned());
    }
    Ok(o)
}

pub fn request_from(v: &Value) -> Result<RequestData, String> {
    let method = v.get("method").and_then(Value::as_str).ok_or("request.method")?;
    let url = v.get("url").and_then(Value::as_str).ok_or("request.url")?;
    let headers = v
        .get("headers")
        .and_then(Value::as_object)
        .ok_or("request.headers")?
        .iter()
        .map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())).ok_or(format!("header {k}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RequestData::new(method, url, headers))
}

/// Points a local Backend API at a vector's `backend_api.routes` (after
/// forgetting earlier mocks and requests). One server serves a whole run:
/// wiremock can hang when many servers are dropped inside one test.
pub async fn mock_backend(server: &MockServer, routes: Option<&Value>) -> Result<(), String> {
    server.reset().await;
    if let Some(routes) = routes.and_then(|r| r.get("routes")).and_then(Value::as_array) {
        for r in routes {
            let m = r.get("method").and_then(Value::as_str).ok_or("route.method")?;
            let p = r.get("path").and_then(Value::as_str).ok_or("route.path")?;
            let status = r.get("status").and_then(Value::as_u64).ok_or("route.status")? as u16;
            let body = r.get("json").cloned().unwrap_or(Value::Null);
            Mock::given(method(m))
                .and(path(p))
                .respond_with(ResponseTemplate::new(status).set_body_json(body))
                .mount(server)
                .await;
        }
    }
    Ok(())
}

/// Serves `keys` as the JWKS at `/v1/jwks` (beside any mocks already mounted).
pub async fn mount_jwks(server: &MockServer, keys: &[&TestKey]) {
    let jwks = json!({"keys": keys.iter().map(|k| k.jwk()).collect::<Vec<_>>()});
    Mock::given(method("GET"))
        .and(path("/v1/jwks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(jwks))
        .mount(server)
        .await;
}

/// The calls the server received as vector-style JSON.
pub async fn calls(server: &MockServer) -> Vec<Value> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| {
            json!({
                "method": r.method.as_str(),
                "path": r.url.path(),
                "authorization": r.headers.get("authorization").and_then(|v| v.to_str().ok()),
                "json": serde_json::from_slice::<Value>(&r.body).ok(),
            })
        })
        .collect()
}

/// Compares received calls with a vector's `expected.backend_api_calls`.
pub fn compare_calls(got: &[Value], expected: &Value) -> Result<(), String> {
    let expected = expected.as_array().ok_or("backend_api_calls is not a list")?;
    if got.len() != expected.len() {
        return Err(format!("expected {} backend calls, got {}: {got:?}", expected.len(), got.len()));
    }
    for (g, e) in got.iter().zip(expected) {
        for key in ["method", "path"] {
            if g[key] != e[key] {
                return Err(format!("call {key}: expected {}, got {}", e[key], g[key]));
            }
        }
        if let Some(auth) = e.get("headers").and_then(|h| h.get("authorization")) {
            if &g["authorization"] != auth {
                return Err(format!("call authorization: expected {auth}, got {}", g["authorization"]));
            }
        }
        if let Some(body) = e.get("json") {
            if &g["json"] != body {
                return Err(format!("call body: expected {body}, got {}", g["json"]));
            }
        }
    }
    Ok(())
}

pub fn authenticator(clock: Arc<ManualClock>) -> Authenticator {
    Authenticator::builder().clock(clock).sleeper(Arc::new(NoSleep)).build()
}

pub fn token_type_str(t: Option<TokenType>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.as_str().to_owned()))
}

/// An RSA key pair made for a test, with its JWK.
pub struct TestKey {
    pub kid: String,
    pair: RsaKeyPair,
}

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl TestKey {
    pub fn generate(kid: &str) -> Self {
        let pair = RsaKeyPair::generate(KeySize::Rsa2048).expect("RSA key generation");
        TestKey { kid: kid.to_owned(), pair }
    }

    pub fn jwk(&self) -> Value {
        use aws_lc_rs::rsa::PublicKeyComponents;
        let c: PublicKeyComponents<Vec<u8>> = self.pair.public_key().into();
        json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid, "n": b64url(&c.n), "e": b64url(&c.e)})
    }

    /// SPKI PEM of the public key.
    pub fn public_pem(&self) -> String {
        use aws_lc_rs::encoding::AsDer;
        let der = self.pair.public_key().as_der().expect("DER");
        let b64 = base64::engine::general_purpose::STANDARD.encode(der.as_ref());
        let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or("")).collect();
        format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", lines.join("\n"))
    }

    /// An RS256 JWT with this key's `kid` (unless the header says otherwise).
    pub fn sign(&self, header: Value, claims: Value) -> String {
        let mut h = json!({"alg": "RS256", "typ": "JWT", "kid": self.kid});
        if let (Some(h), Some(extra)) = (h.as_object_mut(), header.as_object()) {
            for (k, v) in extra {
                h.insert(k.clone(), v.clone());
            }
        }
        self.sign_raw(&h.to_string(), &claims.to_string())
    }

    pub fn sign_raw(&self, header: &str, payload: &str) -> String {
        let input = format!("{}.{}", b64url(header.as_bytes()), b64url(payload.as_bytes()));
        let mut sig = vec![0u8; self.pair.public_modulus_len()];
        self.pair.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), input.as_bytes(), &mut sig).expect("sign");
        format!("{input}.{}", b64url(&sig))
    }
}

/// Session claims valid at `now_s`.
pub fn session_claims(now_s: i64) -> Value {
    json!({
        "sub": "user_1", "sid": "sess_1", "iss": "https://clerk.example.com", "azp": "https://app.example.com",
        "iat": now_s - 10, "nbf": now_s - 15, "exp": now_s + 60, "v": 2, "sts": "active"
    })
}

/// Session claims issued at `now_s` that stay valid for a day.
pub fn long_lived_claims(now_s: i64) -> Value {
    let mut c = session_claims(now_s);
    c["exp"] = json!(now_s + 86_400);
    c
}
