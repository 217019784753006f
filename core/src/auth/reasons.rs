//! Reason codes (spec section 15) and the error types that carry them.
//!
//! Every enum has `as_str()` with the exact wire string; bindings expose those
//! strings, so they must never change.

use std::fmt;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $s:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every member, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable string value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s,)+ }
            }

            /// Parses the string value.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// Why `verify_token` failed (JS `TokenVerificationErrorReason`, plus the
    /// Python-only members so bindings can name every value of section 15).
    TokenVerificationErrorReason {
        TokenExpired => "token-expired",
        TokenInvalid => "token-invalid",
        TokenInvalidAlgorithm => "token-invalid-algorithm",
        TokenInvalidAuthorizedParties => "token-invalid-authorized-parties",
        TokenInvalidIssuer => "token-invalid-issuer",
        TokenInvalidSignature => "token-invalid-signature",
        TokenNotActiveYet => "token-not-active-yet",
        TokenIatInTheFuture => "token-iat-in-the-future",
        TokenVerificationFailed => "token-verification-failed",
        InvalidSecretKey => "secret-key-invalid",
        RemoteJwkFailedToLoad => "jwk-remote-failed-to-load",
        JwkKidMismatch => "jwk-kid-mismatch",
        JwkFailedToResolve => "jwk-failed-to-resolve",
        LocalJwkMissing => "jwk-local-missing",
        RemoteJwkMissing => "jwk-remote-missing",
        RemoteJwkInvalid => "jwk-remote-invalid",
        JwkFailedToLoad => "jwk-failed-to-load",
        TokenInvalidAudience => "token-invalid-audience",
        SecretKeyMissing => "secret-key-missing",
        ServerError => "server-error",
        InvalidTokenType => "invalid-token-type",
    }
}

string_enum! {
    /// The JS `TokenVerificationErrorAction` texts appended to messages.
    TokenVerificationErrorAction {
        ContactSupport => "Contact support@clerk.com",
        EnsureClerkJwt => "Make sure that this is a valid Clerk-generated JWT.",
        SetClerkJwtKey => "Set the CLERK_JWT_KEY environment variable.",
        SetClerkSecretKey => "Set the CLERK_SECRET_KEY environment variable.",
        EnsureClockSync => "Make sure your system clock is in sync (e.g. turn off and on automatic time synchronization).",
    }
}

string_enum! {
    /// Why a refresh of an expired session token was not done (JS
    /// `RefreshTokenErrorReason`); part of `session-token-expired-refresh-*`.
    RefreshTokenErrorReason {
        NonEligibleNoCookie => "non-eligible-no-refresh-cookie",
        NonEligibleNonGet => "non-eligible-non-get",
        InvalidSessionToken => "invalid-session-token",
        MissingApiClient => "missing-api-client",
        MissingSessionToken => "missing-session-token",
        MissingRefreshToken => "missing-refresh-token",
        ExpiredSessionTokenDecodeFailed => "expired-session-token-decode-failed",
        ExpiredSessionTokenMissingSidClaim => "expired-session-token-missing-sid-claim",
        FetchError => "fetch-error",
        UnexpectedSdkError => "unexpected-sdk-error",
        UnexpectedBapiError => "unexpected-bapi-error",
    }
}

string_enum! {
    /// Request-level reasons (JS `AuthErrorReason`, the literal
    /// `No token in header`, and Python's extra members).
    AuthErrorReason {
        ClientUatWithoutSessionToken => "client-uat-but-no-session-token",
        DevBrowserMissing => "dev-browser-missing",
        DevBrowserSync => "dev-browser-sync",
        PrimaryRespondsToSyncing => "primary-responds-to-syncing",
        PrimaryDomainCrossOriginSync => "primary-domain-cross-origin-sync",
        SatelliteCookieNeedsSyncing => "satellite-needs-syncing",
        SessionTokenAndUatMissing => "session-token-and-uat-missing",
        SessionTokenMissing => "session-token-missing",
        /// Never emitted bare: see [`RequestReason::SessionTokenExpired`].
        SessionTokenExpired => "session-token-expired",
        SessionTokenIatBeforeClientUat => "session-token-iat-before-client-uat",
        SessionTokenNbf => "session-token-nbf",
        SessionTokenIatInTheFuture => "session-token-iat-in-the-future",
        SessionTokenWithoutClientUat => "session-token-but-no-client-uat",
        ActiveOrganizationMismatch => "active-organization-mismatch",
        TokenTypeMismatch => "token-type-mismatch",
        UnexpectedError => "unexpected-error",
        NoTokenInHeader => "No token in header",
        SecretKeyMissing => "secret-key-missing",
        TokenTypeNotSupported => "token-type-not-supported",
    }
}

string_enum! {
    /// Machine-token failure codes (JS `MachineTokenVerificationErrorCode`).
    MachineTokenErrorCode {
        TokenInvalid => "token-invalid",
        InvalidSecretKey => "secret-key-invalid",
        UnexpectedError => "unexpected-error",
        TokenVerificationFailed => "token-verification-failed",
    }
}

string_enum! {
    /// Misconfiguration found before looking at the request.
    AuthConfigErrorKind {
        SecretKeyMissing => "secret-key-missing",
        MachineSecretKeyMissing => "machine-secret-key-missing",
        PublishableKeyMissing => "publishable-key-missing",
        PublishableKeyInvalid => "publishable-key-invalid",
    }
}

string_enum! {
    /// `RequestState::status`.
    AuthStatus {
        SignedIn => "signed-in",
        SignedOut => "signed-out",
        Handshake => "handshake",
    }
}

string_enum! {
    /// The kind of token a request carried or was expected to carry.
    TokenType {
        SessionToken => "session_token",
        ApiKey => "api_key",
        M2mToken => "m2m_token",
        OAuthToken => "oauth_token",
    }
}

/// `RequestState::reason`: one of the three reason families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestReason {
    Auth(AuthErrorReason),
    /// `session-token-expired-refresh-<refresh reason>`.
    SessionTokenExpired(RefreshTokenErrorReason),
    /// A session verification failure passed through unchanged.
    Token(TokenVerificationErrorReason),
    Machine(MachineTokenErrorCode),
}

impl RequestReason {
    pub fn as_str(self) -> &'static str {
        use RefreshTokenErrorReason as R;
        match self {
            RequestReason::Auth(r) => r.as_str(),
            RequestReason::Token(r) => r.as_str(),
            RequestReason::Machine(r) => r.as_str(),
            RequestReason::SessionTokenExpired(r) => match r {
                R::NonEligibleNoCookie => "session-token-expired-refresh-non-eligible-no-refresh-cookie",
                R::NonEligibleNonGet => "session-token-expired-refresh-non-eligible-non-get",
                R::InvalidSessionToken => "session-token-expired-refresh-invalid-session-token",
                R::MissingApiClient => "session-token-expired-refresh-missing-api-client",
                R::MissingSessionToken => "session-token-expired-refresh-missing-session-token",
                R::MissingRefreshToken => "session-token-expired-refresh-missing-refresh-token",
                R::ExpiredSessionTokenDecodeFailed => {
                    "session-token-expired-refresh-expired-session-token-decode-failed"
                }
                R::ExpiredSessionTokenMissingSidClaim => {
                    "session-token-expired-refresh-expired-session-token-missing-sid-claim"
                }
                R::FetchError => "session-token-expired-refresh-fetch-error",
                R::UnexpectedSdkError => "session-token-expired-refresh-unexpected-sdk-error",
                R::UnexpectedBapiError => "session-token-expired-refresh-unexpected-bapi-error",
            },
        }
    }
}

impl fmt::Display for RequestReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `verify_token` failed. The message never contains the token or a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenVerificationError {
    pub reason: TokenVerificationErrorReason,
    pub message: String,
    pub action: Option<TokenVerificationErrorAction>,
}

impl TokenVerificationError {
    pub(crate) fn new(reason: TokenVerificationErrorReason, message: impl Into<String>) -> Self {
        TokenVerificationError { reason, message: message.into(), action: None }
    }

    pub(crate) fn with_action(mut self, action: TokenVerificationErrorAction) -> Self {
        self.action = Some(action);
        self
    }

    /// `"<message>[ <action>]"`, the text the request state embeds.
    pub fn full_message(&self) -> String {
        match self.action {
            Some(a) => format!("{} {}", self.message, a.as_str()),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for TokenVerificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (reason={})", self.full_message(), self.reason)
    }
}

impl std::error::Error for TokenVerificationError {}

/// A machine token was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineTokenVerificationError {
    pub code: MachineTokenErrorCode,
    pub message: String,
    /// The Backend API status, when the failure came from it.
    pub status: Option<u16>,
}

impl MachineTokenVerificationError {
    pub(crate) fn new(code: MachineTokenErrorCode, message: impl Into<String>) -> Self {
        MachineTokenVerificationError { code, message: message.into(), status: None }
    }

    /// `"<message> (code=<code>, status=<status|n/a>)"`.
    pub fn full_message(&self) -> String {
        match self.status {
            Some(s) => format!("{} (code={}, status={s})", self.message, self.code),
            None => format!("{} (code={}, status=n/a)", self.message, self.code),
        }
    }
}

impl fmt::Display for MachineTokenVerificationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full_message())
    }
}

impl std::error::Error for MachineTokenVerificationError {}

/// `authenticate_request` was called with unusable options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfigError {
    pub kind: AuthConfigErrorKind,
    pub message: String,
}

impl AuthConfigError {
    pub(crate) fn new(kind: AuthConfigErrorKind, message: impl Into<String>) -> Self {
        AuthConfigError { kind, message: message.into() }
    }
}

impl fmt::Display for AuthConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.kind)
    }
}

impl std::error::Error for AuthConfigError {}

impl From<AuthConfigError> for crate::Error {
    fn from(e: AuthConfigError) -> Self {
        crate::Error::Config(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip() {
        for r in TokenVerificationErrorReason::ALL {
            assert_eq!(TokenVerificationErrorReason::parse(r.as_str()), Some(*r));
        }
        for r in RefreshTokenErrorReason::ALL {
            let s = RequestReason::SessionTokenExpired(*r).as_str();
            assert_eq!(s, format!("session-token-expired-refresh-{}", r.as_str()));
        }
        assert_eq!(AuthErrorReason::NoTokenInHeader.as_str(), "No token in header");
    }
}
