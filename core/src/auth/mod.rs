//! Request authentication and token verification (issue 3,
//! `shared/docs/auth-spec.md`).
//!
//! * [`authenticate_request`]: token from `Authorization` or the session
//!   cookies, verified, as a [`RequestState`] with [`RequestState::to_auth`].
//! * [`verify_token`]: a session JWT, networkless with a PEM `jwt_key`, else
//!   with the instance JWKS (cached per instance, see [`JwksCachePolicy`]).
//! * [`verify_machine_token`]: API keys, M2M and OAuth tokens.
//!
//! Each has a `_blocking` form. The free functions share one process-wide
//! [`Authenticator`]; build your own to inject a clock, a transport or a
//! cache policy. Verification with a PEM key, or with JWKS keys already
//! cached, makes no network call and (blocking form) needs no runtime.

mod authenticate;
mod authenticator;
mod backend;
mod clock;
mod driver;
mod jwks;
mod jwt;
mod keys;
mod machine;
mod options;
pub(crate) mod options_json;
mod org;
pub(crate) mod reasons;
mod request;
mod state;
pub(crate) mod text;
mod verify;

pub use authenticator::{Authenticator, AuthenticatorBuilder};
pub use backend::{BackendApi, BapiMethod, BapiRequest, BapiResponse, BapiTransportError, ClientBackendApi};
pub use clock::{BoxFuture, Clock, ManualClock, NoSleep, Sleeper, SystemClock, TokioSleeper};
pub use driver::poll_now;
pub use jwks::JwksCachePolicy;
pub use jwt::Claims;
pub use machine::MachineAuthData;
pub use options::{
    AcceptsToken, AuthenticateRequestOptions, VerifyTokenOptions, DEFAULT_API_URL, DEFAULT_API_VERSION,
    DEFAULT_CLOCK_SKEW_MS, DEFAULT_MAX_TOKEN_LENGTH, DEFAULT_NETWORK_TIMEOUT, MAX_NETWORK_TIMEOUT,
};
pub use options_json::OptionError;
pub use reasons::{
    AuthConfigError, AuthConfigErrorKind, AuthErrorReason, AuthStatus, MachineTokenErrorCode,
    MachineTokenVerificationError, RefreshTokenErrorReason, RequestReason, TokenType, TokenVerificationError,
    TokenVerificationErrorAction, TokenVerificationErrorReason,
};
pub use request::RequestData;
pub use state::{AuthCheck, AuthObject, RequestState, Verified};

use reasons::MachineTokenErrorCode as Code;

impl Authenticator {
    /// Verifies a session JWT (spec 5).
    pub async fn verify_token(&self, token: &str, opts: &VerifyTokenOptions) -> Result<Claims, TokenVerificationError> {
        self.verify_session(token, &opts.params()).await
    }

    /// Verifies a machine token (spec 8): opaque tokens through the Backend
    /// API, JWT-format ones locally.
    pub async fn verify_machine_token(
        &self,
        token: &str,
        opts: &AuthenticateRequestOptions,
    ) -> Result<MachineAuthData, MachineTokenVerificationError> {
        match machine::classify(token, opts.params().max_len) {
            machine::Classified::Machine(t, decoded) => self.verify_machine(token, decoded, t, opts).await,
            machine::Classified::Session(Some(_)) => Err(MachineTokenVerificationError::new(
                Code::TokenVerificationFailed,
                "Invalid JWT type: the token is neither an M2M nor an OAuth JWT.",
            )),
            machine::Classified::Session(None) => {
                Err(MachineTokenVerificationError::new(Code::TokenInvalid, "The token is not a machine token."))
            }
        }
    }

    pub fn verify_token_blocking(
        &self,
        token: &str,
        opts: &VerifyTokenOptions,
    ) -> Result<Claims, TokenVerificationError> {
        driver::block_on(self.verify_token(token, opts)).unwrap_or_else(|e| {
            Err(TokenVerificationError::new(TokenVerificationErrorReason::RemoteJwkFailedToLoad, e.to_string()))
        })
    }

    pub fn verify_machine_token_blocking(
        &self,
        token: &str,
        opts: &AuthenticateRequestOptions,
    ) -> Result<MachineAuthData, MachineTokenVerificationError> {
        driver::block_on(self.verify_machine_token(token, opts))
            .unwrap_or_else(|e| Err(MachineTokenVerificationError::new(Code::UnexpectedError, e.to_string())))
    }

    /// Blocking [`Authenticator::authenticate_request`]. When the Backend API
    /// is needed and no runtime can run the call (inside a current-thread
    /// tokio runtime), the request is signed out with `unexpected-error`.
    pub fn authenticate_request_blocking(
        &self,
        req: &RequestData,
        opts: &AuthenticateRequestOptions,
    ) -> Result<RequestState, AuthConfigError> {
        match driver::block_on(self.authenticate_request(req, opts)) {
            Ok(result) => result,
            Err(e) => Ok(self.unexpected_state(opts, e.to_string())),
        }
    }
}

/// [`Authenticator::verify_token`] on the shared authenticator.
pub async fn verify_token(token: &str, opts: &VerifyTokenOptions) -> Result<Claims, TokenVerificationError> {
    Authenticator::shared().verify_token(token, opts).await
}

pub fn verify_token_blocking(token: &str, opts: &VerifyTokenOptions) -> Result<Claims, TokenVerificationError> {
    Authenticator::shared().verify_token_blocking(token, opts)
}

pub async fn verify_machine_token(
    token: &str,
    opts: &AuthenticateRequestOptions,
) -> Result<MachineAuthData, MachineTokenVerificationError> {
    Authenticator::shared().verify_machine_token(token, opts).await
}

pub fn verify_machine_token_blocking(
    token: &str,
    opts: &AuthenticateRequestOptions,
) -> Result<MachineAuthData, MachineTokenVerificationError> {
    Authenticator::shared().verify_machine_token_blocking(token, opts)
}

pub async fn authenticate_request(
    req: &RequestData,
    opts: &AuthenticateRequestOptions,
) -> Result<RequestState, AuthConfigError> {
    Authenticator::shared().authenticate_request(req, opts).await
}

pub fn authenticate_request_blocking(
    req: &RequestData,
    opts: &AuthenticateRequestOptions,
) -> Result<RequestState, AuthConfigError> {
    Authenticator::shared().authenticate_request_blocking(req, opts)
}
