//! Options of `verify_token`, `verify_machine_token` and
//! `authenticate_request` (spec section 1). Plain owned data: bindings fill
//! them from their own arguments (or [`Self::from_json`]); the environment
//! defaults are applied by [`crate::boundary::env`], never here.

use std::time::Duration;

use super::reasons::TokenType;
use crate::config::api_base_url;
pub use crate::config::{DEFAULT_API_URL, DEFAULT_API_VERSION};
use crate::secret::SecretString;

pub const DEFAULT_CLOCK_SKEW_MS: i64 = 5_000;
pub const DEFAULT_MAX_TOKEN_LENGTH: usize = 16_384;

/// The verification deadline: the most one verification spends on the
/// Backend API (a JWKS fetch with all its retries and waits, or one
/// machine-token verify call). Past it the JWKS fetch fails with
/// `jwk-remote-failed-to-load` (keys fetched earlier keep serving, see
/// [`super::JwksCachePolicy::max_stale_ms`]) and a machine token with
/// `unexpected-error`. Long enough for the spec's five JWKS attempts against
/// a server that answers (their back-off totals at most 3.75 s), short
/// enough that a hung Backend API does not hang the request being
/// authenticated (without it: 5 attempts × 30 s).
pub const DEFAULT_NETWORK_TIMEOUT: Duration = Duration::from_secs(5);

/// The largest `network_timeout` accepted.
pub const MAX_NETWORK_TIMEOUT: Duration = Duration::from_secs(3_600);

/// Which tokens a request may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AcceptsToken {
    /// Any token type.
    Any,
    /// Exactly this type.
    One(TokenType),
    /// Any of these (a list, even of one, reports a mismatch with no type).
    List(Vec<TokenType>),
}

impl Default for AcceptsToken {
    fn default() -> Self {
        AcceptsToken::One(TokenType::SessionToken)
    }
}

impl AcceptsToken {
    /// Parses `any`, a type name, or a list of names.
    pub fn parse_list<S: AsRef<str>>(names: &[S]) -> Option<Self> {
        names.iter().map(|n| TokenType::parse(n.as_ref())).collect::<Option<Vec<_>>>().map(AcceptsToken::List)
    }

    pub fn parse(name: &str) -> Option<Self> {
        if name == "any" {
            Some(AcceptsToken::Any)
        } else {
            TokenType::parse(name).map(AcceptsToken::One)
        }
    }
}

/// Options of `verify_token` (session JWTs).
#[derive(Debug, Clone, Default)]
pub struct VerifyTokenOptions {
    /// Secret key, used to fetch the JWKS when no `jwt_key` is set.
    pub secret_key: Option<SecretString>,
    /// PEM public key (or its bare base64 body): networkless verification.
    pub jwt_key: Option<String>,
    /// Default `https://api.clerk.com`.
    pub api_url: Option<String>,
    /// Default `v1`.
    pub api_version: Option<String>,
    /// Allowed `azp` values; empty = not checked.
    pub authorized_parties: Vec<String>,
    /// Allowed audiences; empty = not checked.
    pub audience: Vec<String>,
    /// Allowed issuers; empty = not checked.
    pub issuer: Vec<String>,
    /// Default 5000 ms.
    pub clock_skew_ms: Option<i64>,
    /// Fetch the JWKS on every verification.
    pub skip_jwks_cache: bool,
    /// Default 16384 bytes.
    pub max_token_length: Option<usize>,
    /// Default [`DEFAULT_NETWORK_TIMEOUT`] (JSON: `network_timeout_ms`).
    pub network_timeout: Option<Duration>,
}

/// Options of `authenticate_request` (also used by `verify_machine_token`).
#[derive(Debug, Clone, Default)]
pub struct AuthenticateRequestOptions {
    pub secret_key: Option<SecretString>,
    pub publishable_key: Option<String>,
    pub jwt_key: Option<String>,
    /// Used only for `POST /m2m_tokens/verify`, where it wins over `secret_key`.
    pub machine_secret_key: Option<SecretString>,
    pub api_url: Option<String>,
    pub api_version: Option<String>,
    pub authorized_parties: Vec<String>,
    pub audience: Vec<String>,
    pub issuer: Vec<String>,
    pub clock_skew_ms: Option<i64>,
    pub accepts_token: AcceptsToken,
    pub skip_jwks_cache: bool,
    pub max_token_length: Option<usize>,
    /// Default [`DEFAULT_NETWORK_TIMEOUT`] (JSON: `network_timeout_ms`).
    pub network_timeout: Option<Duration>,
    // Echoed into the request state (handshake-layer options, spec 11).
    pub domain: Option<String>,
    pub is_satellite: bool,
    pub proxy_url: Option<String>,
    pub sign_in_url: Option<String>,
    pub sign_up_url: Option<String>,
    pub after_sign_in_url: Option<String>,
    pub after_sign_up_url: Option<String>,
}

/// The verification settings both option types share, borrowed.
#[derive(Clone, Copy)]
pub(crate) struct VerifyParams<'a> {
    pub secret_key: Option<&'a SecretString>,
    pub jwt_key: Option<&'a str>,
    pub api_url: &'a str,
    pub api_version: &'a str,
    pub authorized_parties: &'a [String],
    pub audience: &'a [String],
    pub issuer: &'a [String],
    pub skew_ms: i64,
    pub skip_jwks_cache: bool,
    pub max_len: usize,
    pub network_timeout: Duration,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

fn non_empty_secret(s: &Option<SecretString>) -> Option<&SecretString> {
    s.as_ref().filter(|s| !s.is_empty())
}

impl VerifyTokenOptions {
    pub(crate) fn params(&self) -> VerifyParams<'_> {
        VerifyParams::new(
            (&self.secret_key, &self.jwt_key, &self.api_url, &self.api_version),
            (&self.authorized_parties, &self.audience, &self.issuer),
            (self.clock_skew_ms, self.skip_jwks_cache, self.max_token_length, self.network_timeout),
        )
    }
}

type Keys<'a> = (&'a Option<SecretString>, &'a Option<String>, &'a Option<String>, &'a Option<String>);
type Lists<'a> = (&'a [String], &'a [String], &'a [String]);
type Limits = (Option<i64>, bool, Option<usize>, Option<Duration>);

impl<'a> VerifyParams<'a> {
    fn new(
        (secret_key, jwt_key, api_url, api_version): Keys<'a>,
        (authorized_parties, audience, issuer): Lists<'a>,
        (skew, skip_jwks_cache, max_len, network_timeout): Limits,
    ) -> Self {
        let api_version = non_empty(api_version).unwrap_or(DEFAULT_API_VERSION);
        VerifyParams {
            secret_key: non_empty_secret(secret_key),
            jwt_key: non_empty(jwt_key),
            // The same meaning as `CLERK_API_URL` for the client: a trailing
            // version segment is accepted and dropped.
            api_url: api_base_url(non_empty(api_url).unwrap_or(DEFAULT_API_URL), api_version),
            api_version,
            authorized_parties,
            audience,
            issuer,
            skew_ms: skew.unwrap_or(DEFAULT_CLOCK_SKEW_MS).max(0),
            skip_jwks_cache,
            max_len: max_len.unwrap_or(DEFAULT_MAX_TOKEN_LENGTH),
            network_timeout: network_timeout.unwrap_or(DEFAULT_NETWORK_TIMEOUT).min(MAX_NETWORK_TIMEOUT),
        }
    }
}

impl AuthenticateRequestOptions {
    pub(crate) fn params(&self) -> VerifyParams<'_> {
        VerifyParams::new(
            (&self.secret_key, &self.jwt_key, &self.api_url, &self.api_version),
            (&self.authorized_parties, &self.audience, &self.issuer),
            (self.clock_skew_ms, self.skip_jwks_cache, self.max_token_length, self.network_timeout),
        )
    }

    pub(crate) fn machine_secret_key(&self) -> Option<&SecretString> {
        non_empty_secret(&self.machine_secret_key)
    }
}
