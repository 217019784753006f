//! `RequestState` (spec 9.1) and the auth object of `to_auth()` (9.2, 10).

use serde_json::{json, Value};

use super::jwt::Claims;
use super::machine::MachineAuthData;
use super::org::org_fields;
use super::reasons::{AuthStatus, RequestReason, TokenType, TokenVerificationErrorReason};
use crate::secret::SecretString;

/// What was verified, kept for `to_auth()`.
#[derive(Debug, Clone)]
pub enum Verified {
    Session(Box<Claims>),
    Machine(Box<MachineAuthData>),
}

/// The outcome of `authenticate_request`.
#[derive(Debug, Clone)]
pub struct RequestState {
    pub status: AuthStatus,
    pub reason: Option<RequestReason>,
    /// `None` when signed in; `""` when signed out without a message.
    pub message: Option<String>,
    /// The raw token, when signed in.
    pub token: Option<SecretString>,
    /// The token type (requested or parsed); `None` for a list mismatch.
    pub token_type: Option<TokenType>,
    /// For session failures: the `verify_token` reason behind `reason`.
    pub token_error: Option<TokenVerificationErrorReason>,
    /// Headers to add to the response (`x-clerk-auth-*` when signed out).
    pub headers: Vec<(String, String)>,
    pub publishable_key: String,
    pub proxy_url: String,
    pub domain: String,
    pub is_satellite: bool,
    pub sign_in_url: String,
    pub sign_up_url: String,
    pub after_sign_in_url: String,
    pub after_sign_up_url: String,
    /// Verified claims or machine data (signed in only).
    pub verified: Option<Verified>,
}

impl RequestState {
    pub fn is_authenticated(&self) -> bool {
        self.status == AuthStatus::SignedIn
    }

    /// Alias of [`RequestState::is_authenticated`].
    pub fn is_signed_in(&self) -> bool {
        self.is_authenticated()
    }

    /// Session claims when a session token signed the request in.
    pub fn claims(&self) -> Option<&Claims> {
        match &self.verified {
            Some(Verified::Session(c)) => Some(c),
            _ => None,
        }
    }

    pub fn machine_data(&self) -> Option<&MachineAuthData> {
        match &self.verified {
            Some(Verified::Machine(m)) => Some(m),
            _ => None,
        }
    }

    /// The auth object, with a pending session (`sts: pending`) reported as
    /// signed out.
    pub fn to_auth(&self) -> Option<AuthObject> {
        self.to_auth_with(true)
    }

    /// The state as a JSON object with snake_case names (for bindings that
    /// hand results over as JSON): the fields above, `is_signed_in`,
    /// `payload` (the verified claims or machine token data) and `auth`
    /// (`to_auth()`, `null` for a handshake). `token` is the caller's own
    /// token, handed back as the official SDKs do.
    pub fn to_json(&self) -> Value {
        let payload = match &self.verified {
            Some(Verified::Session(c)) => Value::Object(c.payload().clone()),
            Some(Verified::Machine(m)) => m.raw.clone(),
            None => Value::Null,
        };
        json!({
            "status": self.status.as_str(),
            "is_signed_in": self.is_signed_in(),
            "reason": self.reason.map(|r| r.as_str()),
            "message": self.message,
            "token": self.token.as_ref().map(SecretString::expose),
            "token_type": self.token_type.map(TokenType::as_str),
            "token_error": self.token_error.map(|r| r.as_str()),
            "headers": self.headers,
            "publishable_key": self.publishable_key,
            "proxy_url": self.proxy_url,
            "domain": self.domain,
            "is_satellite": self.is_satellite,
            "sign_in_url": self.sign_in_url,
            "sign_up_url": self.sign_up_url,
            "after_sign_in_url": self.after_sign_in_url,
            "after_sign_up_url": self.after_sign_up_url,
            "payload": payload,
            "auth": self.to_auth().map(|a| a.to_json()),
        })
    }

    /// `None` for a handshake state.
    pub fn to_auth_with(&self, treat_pending_as_signed_out: bool) -> Option<AuthObject> {
        if self.status == AuthStatus::Handshake {
            return None;
        }
        let token = self.token.clone();
        Some(match (&self.verified, self.status) {
            (Some(Verified::Session(claims)), AuthStatus::SignedIn) => {
                let sts = claims.get_str("sts").map(str::to_owned);
                if treat_pending_as_signed_out && sts.as_deref() == Some("pending") {
                    AuthObject { session_status: sts, ..AuthObject::signed_out(Some(TokenType::SessionToken)) }
                } else {
                    AuthObject::session(claims, token)
                }
            }
            (Some(Verified::Machine(m)), AuthStatus::SignedIn) => AuthObject::machine(m, token),
            _ => AuthObject::signed_out(self.token_type),
        })
    }
}

/// The auth object: one flat struct for session and machine tokens, so
/// every binding maps it the same way. Fields that do not apply are `None`.
#[derive(Debug, Clone, Default)]
pub struct AuthObject {
    pub token_type: Option<TokenType>,
    pub is_authenticated: bool,
    // Session tokens.
    pub session_claims: Option<Value>,
    pub session_id: Option<String>,
    pub session_status: Option<String>,
    pub user_id: Option<String>,
    pub actor: Option<Value>,
    pub factor_verification_age: Option<Value>,
    pub org_id: Option<String>,
    pub org_slug: Option<String>,
    pub org_role: Option<String>,
    pub org_permissions: Option<Vec<String>>,
    // Machine tokens.
    pub id: Option<String>,
    pub subject: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub name: Option<String>,
    pub claims: Option<Value>,
    pub machine_id: Option<String>,
    pub client_id: Option<String>,
    token: Option<SecretString>,
}

/// What [`AuthObject::has`] checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthCheck {
    /// An organization permission (`org:billing:read`).
    Permission(String),
    /// An organization role (`org:admin`).
    Role(String),
}

fn non_null(v: Option<&Value>) -> Option<Value> {
    v.filter(|v| !v.is_null()).cloned()
}

impl AuthObject {
    fn signed_out(token_type: Option<TokenType>) -> Self {
        AuthObject { token_type, ..AuthObject::default() }
    }

    fn session(claims: &Claims, token: Option<SecretString>) -> Self {
        let payload = claims.payload();
        let s = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_owned);
        let org = org_fields(payload);
        AuthObject {
            token_type: Some(TokenType::SessionToken),
            is_authenticated: true,
            session_claims: Some(Value::Object(payload.clone())),
            session_id: s("sid"),
            session_status: s("sts"),
            user_id: s("sub"),
            actor: non_null(payload.get("act")),
            factor_verification_age: non_null(payload.get("fva")),
            org_id: org.id,
            org_slug: org.slug,
            org_role: org.role,
            org_permissions: org.permissions,
            token,
            ..AuthObject::default()
        }
    }

    fn machine(m: &MachineAuthData, token: Option<SecretString>) -> Self {
        let mut a = AuthObject {
            token_type: Some(m.token_type),
            is_authenticated: true,
            id: Some(m.id.clone()),
            subject: Some(m.subject.clone()),
            scopes: Some(m.scopes.clone()),
            token,
            ..AuthObject::default()
        };
        match m.token_type {
            TokenType::ApiKey => {
                a.name = m.name.clone();
                a.claims = m.claims.clone();
                a.user_id = m.subject.starts_with("user_").then(|| m.subject.clone());
                a.org_id = m.subject.starts_with("org_").then(|| m.subject.clone());
            }
            TokenType::M2mToken => {
                a.machine_id = Some(m.subject.clone());
                a.claims = m.claims.clone();
            }
            TokenType::OAuthToken => {
                a.user_id = Some(m.subject.clone());
                a.client_id = m.client_id.clone();
            }
            TokenType::SessionToken => {}
        }
        a
    }

    /// The raw token (for `get_token()` without a template).
    pub fn token(&self) -> Option<&SecretString> {
        self.token.as_ref()
    }

    /// Organization permission or role check; false when signed out.
    pub fn has(&self, check: &AuthCheck) -> bool {
        if !self.is_authenticated {
            return false;
        }
        match check {
            AuthCheck::Permission(p) => self.org_permissions.as_ref().is_some_and(|l| l.iter().any(|x| x == p)),
            AuthCheck::Role(r) => self.org_role.as_deref() == Some(r.as_str()),
        }
    }

    /// All fields as a JSON object with snake_case names (for bindings and
    /// tests); `null` where a field does not apply.
    pub fn to_json(&self) -> Value {
        json!({
            "token_type": self.token_type.map(TokenType::as_str),
            "is_authenticated": self.is_authenticated,
            "session_claims": self.session_claims,
            "session_id": self.session_id,
            "session_status": self.session_status,
            "user_id": self.user_id,
            "actor": self.actor,
            "factor_verification_age": self.factor_verification_age,
            "org_id": self.org_id,
            "org_slug": self.org_slug,
            "org_role": self.org_role,
            "org_permissions": self.org_permissions,
            "id": self.id,
            "subject": self.subject,
            "scopes": self.scopes,
            "name": self.name,
            "claims": self.claims,
            "machine_id": self.machine_id,
            "client_id": self.client_id,
        })
    }
}
