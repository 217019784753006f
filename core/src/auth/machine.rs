//! Machine tokens (spec section 8): opaque API keys, M2M tokens and OAuth
//! access tokens verified by the Backend API; JWT-format M2M and OAuth
//! tokens verified locally.

use serde_json::{Map, Value};

use super::backend::{join_url, BapiMethod, BapiRequest};
use super::driver::io_gate;
use super::jwt::{self, DecodedJwt, Lenient, CAT_M2M};
use super::options::{AuthenticateRequestOptions, VerifyParams};
use super::reasons::{MachineTokenErrorCode as Code, MachineTokenVerificationError, TokenType};
use super::verify::{audience_ok, Pass};
use super::Authenticator;
use crate::secret::redact_secret_in;

/// A verified machine token.
#[derive(Debug, Clone, PartialEq)]
pub struct MachineAuthData {
    pub token_type: TokenType,
    pub id: String,
    pub subject: String,
    pub scopes: Vec<String>,
    pub claims: Option<Value>,
    /// API keys.
    pub name: Option<String>,
    /// OAuth tokens.
    pub client_id: Option<String>,
    /// OAuth JWTs.
    pub audience: Vec<String>,
    /// OAuth JWTs: the `act` claim.
    pub actor: Option<Value>,
    /// Unix milliseconds.
    pub expiration: Option<i64>,
    pub created_at: Option<i64>,
    pub updated_at: Option<i64>,
    /// The Backend API response, or the JWT payload.
    pub raw: Value,
}

impl MachineAuthData {
    /// The data as a JSON object with snake_case names (for bindings that hand
    /// results over as JSON); `raw` is the Backend API response or JWT payload.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "token_type": self.token_type.as_str(),
            "id": self.id,
            "subject": self.subject,
            "scopes": self.scopes,
            "claims": self.claims,
            "name": self.name,
            "client_id": self.client_id,
            "audience": self.audience,
            "actor": self.actor,
            "expiration": self.expiration,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "raw": self.raw,
        })
    }
}

/// How a token presents itself (spec 4).
pub(crate) enum Classified {
    Machine(TokenType, Option<DecodedJwt>),
    Session(Option<DecodedJwt>),
}

pub(crate) fn opaque_type(token: &str) -> Option<TokenType> {
    if token.starts_with("mt_") {
        Some(TokenType::M2mToken)
    } else if token.starts_with("oat_") {
        Some(TokenType::OAuthToken)
    } else if token.starts_with("ak_") {
        Some(TokenType::ApiKey)
    } else {
        None
    }
}

/// Classifies a header token, decoding a JWT-shaped one once.
pub(crate) fn classify(token: &str, max_len: usize) -> Classified {
    let decoded = if jwt::is_jwt_shaped(token, max_len) { jwt::decode(token, max_len).ok() } else { None };
    if let Some(d) = &decoded {
        if d.is_m2m() {
            return Classified::Machine(TokenType::M2mToken, decoded);
        }
    }
    if token.starts_with("mt_") {
        return Classified::Machine(TokenType::M2mToken, decoded);
    }
    if token.starts_with("oat_") || decoded.as_ref().is_some_and(DecodedJwt::is_oauth) {
        return Classified::Machine(TokenType::OAuthToken, decoded);
    }
    if token.starts_with("ak_") {
        return Classified::Machine(TokenType::ApiKey, decoded);
    }
    Classified::Session(decoded)
}

fn fail(code: Code, message: impl Into<String>) -> MachineTokenVerificationError {
    MachineTokenVerificationError::new(code, message)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn split_spaces(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_str).map(|s| s.split(' ').filter(|x| !x.is_empty()).map(str::to_owned).collect())
}

fn seconds_to_ms(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_f64).map(|s| (s.trunc() * 1000.0) as i64)
}

/// `aud` of a BAPI response or JWT: a string or a list of non-empty strings.
fn audience_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        Some(Value::Array(_)) => strings(v).into_iter().filter(|s| !s.is_empty()).collect(),
        _ => Vec::new(),
    }
}

impl Authenticator {
    /// Verifies a machine token of any kind; `decoded` is the token already
    /// decoded by classification, if it was JWT-shaped.
    pub(crate) async fn verify_machine(
        &self,
        token: &str,
        decoded: Option<DecodedJwt>,
        token_type: TokenType,
        opts: &AuthenticateRequestOptions,
    ) -> Result<MachineAuthData, MachineTokenVerificationError> {
        let params = opts.params();
        if opaque_type(token).is_some() {
            return self.verify_opaque(token, token_type, opts, &params).await;
        }
        let decoded = match decoded {
            Some(d) => d,
            None => match jwt::decode(token, params.max_len) {
                Ok(d) => d,
                Err(e) => return Err(fail(Code::TokenInvalid, e.message())),
            },
        };
        if decoded.is_m2m() {
            self.verify_m2m_jwt(token, decoded, &params).await
        } else if decoded.is_oauth() {
            self.verify_oauth_jwt(token, decoded, &params).await
        } else {
            Err(fail(Code::TokenVerificationFailed, "Invalid JWT type: the token is neither an M2M nor an OAuth JWT."))
        }
    }

    async fn local_pass(
        &self,
        token: &str,
        decoded: &DecodedJwt,
        params: &VerifyParams<'_>,
        pass: Pass,
    ) -> Result<(), MachineTokenVerificationError> {
        if params.jwt_key.is_none() && params.secret_key.is_none() {
            return Err(fail(
                Code::TokenVerificationFailed,
                "No jwt_key or secret_key is configured to verify the JWT.",
            ));
        }
        self.verify_decoded(token, decoded, params, pass)
            .await
            .map_err(|e| fail(Code::TokenVerificationFailed, format!("{} (reason={})", e.full_message(), e.reason)))
    }

    async fn verify_m2m_jwt(
        &self,
        token: &str,
        decoded: DecodedJwt,
        params: &VerifyParams<'_>,
    ) -> Result<MachineAuthData, MachineTokenVerificationError> {
        match &decoded.header.cat {
            Lenient::Absent => {}
            Lenient::Value(c) if c == CAT_M2M => {}
            _ => return Err(fail(Code::TokenInvalid, "Invalid M2M JWT category.")),
        }
        self.local_pass(token, &decoded, params, Pass::M2m).await?;
        let p = decoded.claims.payload();
        let claims: Map<String, Value> = p
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "iss" | "sub" | "exp" | "nbf" | "iat" | "jti"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let scopes = split_spaces(p.get("scopes")).unwrap_or_else(|| audience_list(p.get("aud")));
        Ok(MachineAuthData {
            scopes,
            claims: (!claims.is_empty()).then_some(Value::Object(claims)),
            ..jwt_data(TokenType::M2mToken, &decoded)
        })
    }

    async fn verify_oauth_jwt(
        &self,
        token: &str,
        decoded: DecodedJwt,
        params: &VerifyParams<'_>,
    ) -> Result<MachineAuthData, MachineTokenVerificationError> {
        self.local_pass(token, &decoded, params, Pass::OAuth).await?;
        let p = decoded.claims.payload();
        let audience = audience_list(p.get("aud"));
        check_oauth_audience(&audience, params.audience)?;
        let scopes = match p.get("scp") {
            Some(Value::Array(_)) => strings(p.get("scp")),
            _ => split_spaces(p.get("scope")).unwrap_or_default(),
        };
        Ok(MachineAuthData {
            scopes,
            client_id: p.get("client_id").and_then(Value::as_str).map(str::to_owned),
            audience,
            actor: p.get("act").filter(|a| a.is_object()).cloned(),
            ..jwt_data(TokenType::OAuthToken, &decoded)
        })
    }

    /// Spec 8.1: `POST {api_url}/<type>/verify`, no version segment.
    async fn verify_opaque(
        &self,
        token: &str,
        token_type: TokenType,
        opts: &AuthenticateRequestOptions,
        params: &VerifyParams<'_>,
    ) -> Result<MachineAuthData, MachineTokenVerificationError> {
        let (path, field, bearer, not_found) = match token_type {
            TokenType::M2mToken => (
                "m2m_tokens/verify",
                "token",
                opts.machine_secret_key().or(params.secret_key),
                "Machine token not found",
            ),
            TokenType::OAuthToken => {
                ("oauth_applications/access_tokens/verify", "access_token", params.secret_key, "OAuth token not found")
            }
            _ => ("api_keys/verify", "secret", params.secret_key, "API key not found"),
        };
        if bearer.is_none() {
            return Err(fail(
                Code::UnexpectedError,
                "A secret key is required to verify this token with the Backend API.",
            ));
        }
        let url = join_url(params.api_url, &[path]).map_err(|e| fail(Code::UnexpectedError, e))?;
        let mut body = Map::new();
        body.insert(field.to_owned(), Value::String(token.to_owned()));
        io_gate().await;
        let request =
            BapiRequest { method: BapiMethod::Post, url, bearer: bearer.cloned(), json: Some(Value::Object(body)) };
        let response = match tokio::time::timeout(params.network_timeout, self.backend().send(request)).await {
            Ok(sent) => {
                sent.map_err(|e| fail(Code::UnexpectedError, format!("The Backend API could not be reached: {}", e.0)))?
            }
            Err(_) => {
                return Err(fail(
                    Code::UnexpectedError,
                    format!(
                        "The Backend API did not answer within {} ms (network_timeout_ms).",
                        params.network_timeout.as_millis()
                    ),
                ))
            }
        };
        let status = response.status;
        let json: Option<Value> = serde_json::from_slice(&response.body).ok();
        let with_status = |mut e: MachineTokenVerificationError| {
            e.status = Some(status);
            e
        };
        match status {
            200..=299 => {}
            401 => {
                // The Backend API's own words, but the endpoint may echo the
                // token it was sent: never let it into the message.
                let msg = json
                    .as_ref()
                    .and_then(|j| j.get("errors")?.get(0)?.get("message")?.as_str())
                    .map(|m| {
                        let m = redact_secret_in(m, token);
                        // The key too: a custom `BackendApi` hands over the body unredacted.
                        let m = match bearer {
                            Some(key) => redact_secret_in(&m, key.expose()),
                            None => m,
                        };
                        super::text::for_message(&m, 500)
                    })
                    .unwrap_or_else(|| "Invalid secret key".to_owned());
                return Err(with_status(fail(Code::InvalidSecretKey, msg)));
            }
            404 => return Err(with_status(fail(Code::TokenInvalid, not_found))),
            _ => return Err(with_status(fail(Code::UnexpectedError, "Unexpected Backend API response."))),
        }
        let Some(Value::Object(data)) = json else {
            return Err(with_status(fail(Code::UnexpectedError, "The Backend API response is not a JSON object.")));
        };
        // Defence in depth: the SDKs do not look at these flags.
        if data.get("revoked") == Some(&Value::Bool(true)) || data.get("expired") == Some(&Value::Bool(true)) {
            return Err(with_status(fail(Code::TokenInvalid, "The token is revoked or expired.")));
        }
        let audience = audience_list(data.get("aud"));
        if token_type == TokenType::OAuthToken {
            check_oauth_audience(&audience, params.audience).map_err(with_status)?;
        }
        let s = |k: &str| data.get(k).and_then(Value::as_str).map(str::to_owned);
        Ok(MachineAuthData {
            token_type,
            id: s("id").unwrap_or_default(),
            subject: s("subject").unwrap_or_default(),
            scopes: strings(data.get("scopes")),
            claims: data.get("claims").filter(|c| !c.is_null()).cloned(),
            name: s("name"),
            client_id: s("client_id"),
            audience,
            actor: None,
            expiration: data.get("expiration").and_then(Value::as_i64),
            created_at: data.get("created_at").and_then(Value::as_i64),
            updated_at: data.get("updated_at").and_then(Value::as_i64),
            raw: Value::Object(data),
        })
    }
}

/// The fields every JWT machine token fills the same way.
fn jwt_data(token_type: TokenType, decoded: &DecodedJwt) -> MachineAuthData {
    let p = decoded.claims.payload();
    let created = seconds_to_ms(p.get("iat"));
    MachineAuthData {
        token_type,
        id: p.get("jti").and_then(Value::as_str).unwrap_or("").to_owned(),
        subject: decoded.claims.subject().unwrap_or("").to_owned(),
        scopes: Vec::new(),
        claims: None,
        name: None,
        client_id: None,
        audience: audience_list(p.get("aud")),
        actor: None,
        expiration: seconds_to_ms(p.get("exp")),
        created_at: created,
        updated_at: created,
        raw: Value::Object(p.clone()),
    }
}

/// Strict OAuth audience: with an audience configured, the token's must
/// intersect it (a missing `aud` fails).
fn check_oauth_audience(token: &[String], configured: &[String]) -> Result<(), MachineTokenVerificationError> {
    if audience_ok(Some(token), configured) {
        Ok(())
    } else {
        Err(fail(
            Code::TokenVerificationFailed,
            "The OAuth token's audience (aud) does not match the configured audience.",
        ))
    }
}
