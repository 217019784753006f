//! `authenticate_request` (spec section 7): preconditions, dispatch by token
//! type, the cookie path and the mapping of failures to request states.
//! The handshake layer (spec 11) is not implemented: where the spec would
//! hand off, the request is signed out with the same reason, as the spec
//! allows for API servers.

use std::sync::atomic::{AtomicBool, Ordering};

use super::jwt::{self, DecodedJwt};
use super::machine::{classify, Classified};
use super::options::{AcceptsToken, AuthenticateRequestOptions, VerifyParams};
use super::reasons::{
    AuthConfigError, AuthConfigErrorKind, AuthErrorReason as AuthReason, AuthStatus, MachineTokenVerificationError,
    RefreshTokenErrorReason as Refresh, RequestReason, TokenType, TokenVerificationError,
    TokenVerificationErrorReason as TokenReason,
};
use super::request::{header_token, leading_int, parse_publishable_key, Cookies, PublishableKey, RequestData};
use super::state::{RequestState, Verified};
use super::text::for_message;
use super::verify::decode_error;
use super::Authenticator;
use crate::secret::SecretString;

/// Where a session token came from (part of failure messages).
#[derive(Clone, Copy)]
enum Carrier {
    Header,
    Cookie,
}

impl Carrier {
    fn as_str(self) -> &'static str {
        match self {
            Carrier::Header => "header",
            Carrier::Cookie => "cookie",
        }
    }
}

/// What the cookie path knows about the instance (spec 7.1): the parsed
/// publishable key, or without one only the instance type, from the secret
/// key's prefix.
struct Instance {
    production: bool,
    publishable_key: Option<PublishableKey>,
}

fn preconditions(opts: &AuthenticateRequestOptions) -> Result<Instance, AuthConfigError> {
    use AuthConfigErrorKind as K;
    let m2m_only = opts.accepts_token == AcceptsToken::One(TokenType::M2mToken);
    let params = opts.params();
    // Optional (a DEVIATION from JS, spec 7.1), but one that is given must parse.
    let publishable_key = match opts.publishable_key.as_deref().filter(|k| !k.is_empty()) {
        Some(text) => match parse_publishable_key(text) {
            Some(pk) => Some(pk),
            None => return Err(AuthConfigError::new(K::PublishableKeyInvalid, "Publishable key is not valid.")),
        },
        None => None,
    };
    if m2m_only {
        if opts.machine_secret_key().is_none() && params.secret_key.is_none() {
            return Err(AuthConfigError::new(
                K::MachineSecretKeyMissing,
                "Machine secret key is missing. Set CLERK_MACHINE_SECRET_KEY or CLERK_SECRET_KEY.",
            ));
        }
    } else if params.secret_key.is_none() && params.jwt_key.is_none() {
        return Err(AuthConfigError::new(
            K::SecretKeyMissing,
            "Secret key is missing. Set the CLERK_SECRET_KEY environment variable or pass secret_key (or jwt_key).",
        ));
    }
    let production = match &publishable_key {
        Some(pk) => pk.production,
        None => {
            !params.secret_key.is_some_and(|k| k.expose().starts_with("sk_test_") || k.expose().starts_with("test_"))
        }
    };
    Ok(Instance { production, publishable_key })
}

/// Header values must be visible ASCII, space or tab.
fn header_safe(v: &str) -> bool {
    v.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

/// Builds states with the options' echoed fields.
struct States<'a> {
    opts: &'a AuthenticateRequestOptions,
}

impl States<'_> {
    fn base(&self, status: AuthStatus) -> RequestState {
        let o = self.opts;
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        RequestState {
            status,
            reason: None,
            message: None,
            token: None,
            token_type: None,
            token_error: None,
            headers: Vec::new(),
            publishable_key: s(&o.publishable_key),
            proxy_url: s(&o.proxy_url),
            domain: s(&o.domain),
            is_satellite: o.is_satellite,
            sign_in_url: s(&o.sign_in_url),
            sign_up_url: s(&o.sign_up_url),
            after_sign_in_url: s(&o.after_sign_in_url),
            after_sign_up_url: s(&o.after_sign_up_url),
            verified: None,
        }
    }

    fn signed_in(&self, token: &str, token_type: TokenType, verified: Verified) -> RequestState {
        RequestState {
            token: Some(SecretString::new(token)),
            token_type: Some(token_type),
            verified: Some(verified),
            ..self.base(AuthStatus::SignedIn)
        }
    }

    fn signed_out(&self, reason: RequestReason, message: String, token_type: Option<TokenType>) -> RequestState {
        // Every message reaches logs and a response header: whatever part of
        // it came from a token or the Backend API, no control character.
        let message = for_message(&message, usize::MAX);
        let mut headers = vec![
            ("x-clerk-auth-status".to_owned(), AuthStatus::SignedOut.as_str().to_owned()),
            ("x-clerk-auth-reason".to_owned(), reason.as_str().to_owned()),
        ];
        if header_safe(&message) {
            headers.push(("x-clerk-auth-message".to_owned(), message.clone()));
        }
        RequestState {
            reason: Some(reason),
            message: Some(message),
            token_type,
            headers,
            ..self.base(AuthStatus::SignedOut)
        }
    }

    fn auth(&self, reason: AuthReason, token_type: Option<TokenType>) -> RequestState {
        self.signed_out(RequestReason::Auth(reason), String::new(), token_type)
    }

    fn session_reason(&self, reason: AuthReason) -> RequestState {
        self.auth(reason, Some(TokenType::SessionToken))
    }

    fn machine_error(&self, e: &MachineTokenVerificationError, token_type: TokenType) -> RequestState {
        self.signed_out(RequestReason::Machine(e.code), e.full_message(), Some(token_type))
    }

    /// Spec 7.4.
    fn session_error(
        &self,
        req: &RequestData,
        cookies: Option<&Cookies<'_>>,
        suffix: Option<&str>,
        e: &TokenVerificationError,
        carrier: Carrier,
    ) -> RequestState {
        let reason = match e.reason {
            TokenReason::TokenExpired => {
                let has_refresh_cookie = match (cookies, suffix) {
                    (Some(c), Some(s)) => c.get(&format!("__refresh_{s}")).is_some(),
                    _ => false,
                };
                RequestReason::SessionTokenExpired(if !req.is_get() {
                    Refresh::NonEligibleNonGet
                } else if !has_refresh_cookie {
                    Refresh::NonEligibleNoCookie
                } else {
                    // Refreshing needs the handshake layer, which this core does not have.
                    Refresh::MissingApiClient
                })
            }
            TokenReason::TokenNotActiveYet => RequestReason::Auth(AuthReason::SessionTokenNbf),
            TokenReason::TokenIatInTheFuture => RequestReason::Auth(AuthReason::SessionTokenIatInTheFuture),
            other => RequestReason::Token(other),
        };
        let message = format!("{} (reason={}, token-carrier={})", e.full_message(), e.reason, carrier.as_str());
        RequestState { token_error: Some(e.reason), ..self.signed_out(reason, message, Some(TokenType::SessionToken)) }
    }
}

fn warn_missing_azp_once() {
    static WARNED: AtomicBool = AtomicBool::new(false);
    if !WARNED.swap(true, Ordering::Relaxed) {
        tracing::warn!(
            "Clerk: session token has no azp claim; set authorized_parties to guard against CSRF (warned once)"
        );
    }
}

impl Authenticator {
    /// Signed out with `unexpected-error` (a failure outside verification).
    pub(crate) fn unexpected_state(&self, opts: &AuthenticateRequestOptions, message: String) -> RequestState {
        States { opts }.signed_out(
            RequestReason::Auth(AuthReason::UnexpectedError),
            message,
            Some(TokenType::SessionToken),
        )
    }

    /// Authenticates a request (spec 7). Misconfiguration is an `Err`; every
    /// outcome about the request itself is a [`RequestState`].
    pub async fn authenticate_request(
        &self,
        req: &RequestData,
        opts: &AuthenticateRequestOptions,
    ) -> Result<RequestState, AuthConfigError> {
        let instance = preconditions(opts)?;
        let states = States { opts };
        let params = opts.params();
        let token = header_token(req.header("authorization"));
        let classified = token.map(|t| (t, classify(t, params.max_len)));

        if let AcceptsToken::List(list) = &opts.accepts_token {
            let t = match &classified {
                Some((_, Classified::Machine(t, _))) => *t,
                _ => TokenType::SessionToken,
            };
            if !list.contains(&t) {
                return Ok(states.auth(AuthReason::TokenTypeMismatch, None));
            }
        }

        let Some((token, classified)) = classified else {
            return Ok(match &opts.accepts_token {
                AcceptsToken::One(t) if *t != TokenType::SessionToken => {
                    states.auth(AuthReason::NoTokenInHeader, Some(*t))
                }
                _ => self.cookie_path(req, &instance, &params, &states).await,
            });
        };

        Ok(match (&opts.accepts_token, classified) {
            (AcceptsToken::One(TokenType::SessionToken), Classified::Machine(_, Some(d)))
                if d.is_machine() || d.has_non_session_category() =>
            {
                states.session_reason(AuthReason::TokenTypeMismatch)
            }
            (AcceptsToken::One(TokenType::SessionToken), Classified::Machine(_, decoded))
            | (AcceptsToken::One(TokenType::SessionToken), Classified::Session(decoded))
            | (AcceptsToken::Any | AcceptsToken::List(_), Classified::Session(decoded)) => {
                if decoded.as_ref().is_some_and(DecodedJwt::has_non_session_category) {
                    states.session_reason(AuthReason::TokenTypeMismatch)
                } else {
                    match self.verify_session_decoded(token, decoded, &params).await {
                        Ok(claims) => {
                            states.signed_in(token, TokenType::SessionToken, Verified::Session(Box::new(claims)))
                        }
                        Err(e) => states.session_error(req, None, None, &e, Carrier::Header),
                    }
                }
            }
            (AcceptsToken::One(wanted), Classified::Machine(t, _)) if *wanted != t => {
                states.auth(AuthReason::TokenTypeMismatch, Some(*wanted))
            }
            (AcceptsToken::One(wanted), Classified::Session(_)) => {
                states.auth(AuthReason::TokenTypeMismatch, Some(*wanted))
            }
            (_, Classified::Machine(t, decoded)) => match self.verify_machine(token, decoded, t, opts).await {
                Ok(data) => states.signed_in(token, t, Verified::Machine(Box::new(data))),
                Err(e) => states.machine_error(&e, t),
            },
        })
    }

    async fn verify_session_decoded(
        &self,
        token: &str,
        decoded: Option<DecodedJwt>,
        params: &VerifyParams<'_>,
    ) -> Result<jwt::Claims, TokenVerificationError> {
        match decoded {
            Some(d) => self.verify_decoded_session(token, d, params).await,
            None => self.verify_session(token, params).await,
        }
    }

    /// Spec 7.3 without the handshake layer (steps 1, 2, 13, 14). Without a
    /// publishable key there is no cookie suffix: the plain names are read.
    async fn cookie_path(
        &self,
        req: &RequestData,
        instance: &Instance,
        params: &VerifyParams<'_>,
        states: &States<'_>,
    ) -> RequestState {
        let header = req.cookie_header();
        let cookies = Cookies::parse(&header);
        // Computed here, not per request: header tokens never need it.
        let suffix = instance.publishable_key.as_ref().map(PublishableKey::cookie_suffix);
        let suffix = suffix.as_deref();
        let now_ms = self.now_ms();
        let plain = cookies.get("__session");
        let plain_decoded = plain.as_deref().and_then(|s| jwt::decode(s, params.max_len).ok());
        let suffixed = match (&instance.publishable_key, suffix) {
            (Some(pk), Some(suffix)) => uses_suffixed_cookies(
                &cookies,
                pk,
                suffix,
                plain.is_some(),
                plain_decoded.as_ref(),
                params.max_len,
                now_ms,
            ),
            _ => false,
        };
        let name = |base: &str| match suffix {
            Some(suffix) if suffixed => format!("{base}_{suffix}"),
            _ => base.to_owned(),
        };
        let (session, mut decoded) = if suffixed {
            let s = cookies.get(&name("__session"));
            let d = s.as_deref().and_then(|s| jwt::decode(s, params.max_len).ok());
            (s, d)
        } else {
            (plain, plain_decoded)
        };
        let client_uat = cookies.get(&name("__client_uat")).map_or(0, |v| leading_int(&v));

        if !instance.production {
            if req.query_param("__clerk_db_jwt").is_some() {
                return states.session_reason(AuthReason::DevBrowserSync);
            }
            if cookies.get(&name("__clerk_db_jwt")).is_none() {
                return states.session_reason(AuthReason::DevBrowserMissing);
            }
        }
        let active_client = client_uat > 0;
        let Some(session) = session else {
            return states.session_reason(if active_client {
                AuthReason::ClientUatWithoutSessionToken
            } else {
                AuthReason::SessionTokenAndUatMissing
            });
        };
        if !active_client {
            return states.session_reason(AuthReason::SessionTokenWithoutClientUat);
        }
        let Some(d) = decoded.take() else {
            let e = match jwt::decode(&session, params.max_len) {
                Err(e) => decode_error(e),
                Ok(_) => decode_error(jwt::DecodeError::Form),
            };
            return states.session_error(req, Some(&cookies), suffix, &e, Carrier::Cookie);
        };
        if d.is_machine() || d.has_non_session_category() {
            return states.session_reason(AuthReason::TokenTypeMismatch);
        }
        if d.claims.known.iat.value().is_some_and(|iat| *iat < client_uat as f64) {
            return states.session_reason(AuthReason::SessionTokenIatBeforeClientUat);
        }
        match self.verify_decoded_session(&session, d, params).await {
            Ok(claims) => {
                if claims.authorized_party().is_none() {
                    warn_missing_azp_once();
                }
                states.signed_in(&session, TokenType::SessionToken, Verified::Session(Box::new(claims)))
            }
            Err(e) => states.session_error(req, Some(&cookies), suffix, &e, Carrier::Cookie),
        }
    }
}

/// Spec 3.2, `uses_suffixed_cookies()`.
fn uses_suffixed_cookies(
    cookies: &Cookies<'_>,
    pk: &PublishableKey,
    suffix: &str,
    has_plain: bool,
    plain: Option<&DecodedJwt>,
    max_len: usize,
    now_ms: i64,
) -> bool {
    if has_plain {
        let iss = plain.and_then(|d| d.claims.issuer()).filter(|i| !i.is_empty());
        let Some(iss) = iss else { return false };
        if iss.replace("https://", "").replace("http://", "") != pk.frontend_api {
            return true;
        }
    }
    let suffixed_session = cookies.get(&format!("__session_{suffix}"));
    let suffixed_uat = cookies.get(&format!("__client_uat_{suffix}"));
    let uat = cookies.get("__client_uat");
    if suffixed_uat.is_none() && suffixed_session.is_none() {
        return false;
    }
    let suffixed_decoded = suffixed_session.as_deref().and_then(|s| jwt::decode(s, max_len).ok());
    let iat = |d: Option<&DecodedJwt>| d.and_then(|d| d.claims.known.iat.value().copied()).unwrap_or(0.0);
    let is_zero = |v: &Option<std::borrow::Cow<'_, str>>| v.as_deref() == Some("0");
    if !is_zero(&suffixed_uat) && !is_zero(&uat) && iat(plain) > iat(suffixed_decoded.as_ref()) {
        return false;
    }
    if is_zero(&suffixed_uat) && !is_zero(&uat) {
        return false;
    }
    if !pk.production && !is_zero(&suffixed_uat) && is_zero(&uat) {
        let now_s = now_ms.div_euclid(1000) as f64;
        if suffixed_decoded.as_ref().and_then(|d| d.claims.known.exp.value()).is_some_and(|exp| *exp <= now_s) {
            return false;
        }
    }
    if suffixed_uat.is_none() && suffixed_session.is_some() {
        return false;
    }
    true
}
