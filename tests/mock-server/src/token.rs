//! Session tokens signed the way Clerk signs them (RS256, `kid` in the header),
//! with a fixed key so that the served JWKS always matches.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

// A TEST KEY generated for this mock only and committed on purpose; it protects
// nothing. Its public half is `tests/fixtures/mock-jwks.json`.
const SIGNING_KEY_PEM: &str = include_str!("../../fixtures/mock-signing-key.pem");
pub const JWKS: &str = include_str!("../../fixtures/mock-jwks.json");

/// The frontend API of the mock instance, as real tokens name theirs in `iss`;
/// the quickstart's mock publishable key encodes the same host.
const ISSUER: &str = "https://clerk.mock.localhost";

pub struct Signer {
    key: EncodingKey,
    kid: String,
}

impl Signer {
    pub fn new() -> Result<Self, String> {
        let key = EncodingKey::from_rsa_pem(SIGNING_KEY_PEM.as_bytes())
            .map_err(|e| format!("tests/fixtures/mock-signing-key.pem: {e}"))?;
        let jwks: Value = serde_json::from_str(JWKS).map_err(|e| format!("tests/fixtures/mock-jwks.json: {e}"))?;
        let kid = jwks["keys"][0]["kid"].as_str().ok_or("tests/fixtures/mock-jwks.json has no keys[0].kid")?.to_owned();
        Ok(Signer { key, kid })
    }

    /// A v2 session token for `user_id`/`session_id`, valid from ten seconds ago
    /// (Clerk back-dates `nbf` the same way to absorb clock skew).
    pub fn session_token(
        &self,
        user_id: &str,
        session_id: &str,
        now_s: i64,
        lifetime_s: i64,
    ) -> Result<String, String> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        let claims = json!({
            "exp": now_s + lifetime_s,
            "fva": [0, -1],
            "iat": now_s,
            "iss": ISSUER,
            "jti": crate::store::new_id("jti"),
            "nbf": now_s - 10,
            "sid": session_id,
            "sts": "active",
            "sub": user_id,
            "v": 2
        });
        jsonwebtoken::encode(&header, &claims, &self.key).map_err(|e| format!("signing failed: {e}"))
    }
}
