//! `NativeAuthenticator`: request authentication, session tokens and
//! machine tokens over the core's `Authenticator`. Options arrive as the
//! spec's options in camelCase JSON (built by the Kotlin layer from its data
//! classes; `Spelling::CAMEL` renames them for the core's `from_json`
//! parsers and names them back in errors); unset keys come from the environment
//! through `boundary::env`. Results leave as JSON text.

use std::sync::Arc;

use clerk_backend::auth::{
    AuthenticateRequestOptions, Authenticator, ManualClock, NoSleep, RequestData, VerifyTokenOptions,
};
use clerk_backend::boundary::{env, Spelling};

use crate::error::{parse_options, ClerkError};
use crate::records::{pairs, Header};
use crate::task::{self, CancelHandle};

/// A verifier with its own JWKS cache; keep one for the life of the program.
#[derive(uniffi::Object)]
pub struct NativeAuthenticator {
    auth: Authenticator,
    clock: Option<Arc<ManualClock>>,
}

fn verify_options(options_json: Option<&str>) -> Result<VerifyTokenOptions, ClerkError> {
    Ok(Spelling::CAMEL.parse(&parse_options(options_json, "options")?, VerifyTokenOptions::from_json)?)
}

fn request_options(options_json: Option<&str>) -> Result<AuthenticateRequestOptions, ClerkError> {
    Ok(Spelling::CAMEL.parse(&parse_options(options_json, "options")?, AuthenticateRequestOptions::from_json)?)
}

async fn verify(auth: Authenticator, token: String, opts: VerifyTokenOptions) -> Result<String, ClerkError> {
    let claims = auth.verify_token(&token, &env::verify_defaults(&opts)).await?;
    Ok(claims.json().to_owned())
}

async fn verify_machine(
    auth: Authenticator,
    token: String,
    opts: AuthenticateRequestOptions,
) -> Result<String, ClerkError> {
    let data = auth.verify_machine_token(&token, &env::request_defaults(&opts)).await?;
    Ok(data.to_json().to_string())
}

async fn authenticate(
    auth: Authenticator,
    req: RequestData,
    opts: AuthenticateRequestOptions,
) -> Result<String, ClerkError> {
    let state = auth.authenticate_request(&req, &env::request_defaults(&opts)).await?;
    Ok(state.to_json().to_string())
}

#[uniffi::export]
impl NativeAuthenticator {
    /// `now_ms`: a fixed clock (tests, the shared vectors), which also makes
    /// JWKS retries not wait; none for the system clock.
    #[uniffi::constructor]
    pub fn new(now_ms: Option<i64>) -> Arc<Self> {
        Arc::new(match now_ms {
            None => NativeAuthenticator { auth: Authenticator::new(), clock: None },
            Some(ms) => {
                let clock = Arc::new(ManualClock::new(ms));
                let auth = Authenticator::builder().clock(clock.clone()).sleeper(Arc::new(NoSleep)).build();
                NativeAuthenticator { auth, clock: Some(clock) }
            }
        })
    }

    /// Moves the fixed clock; an authenticator on the system clock refuses.
    pub fn set_now_ms(&self, now_ms: i64) -> Result<(), ClerkError> {
        let clock = self.clock.as_ref().ok_or_else(|| ClerkError::InvalidArgument {
            msg: "this authenticator uses the system clock (made without nowMs)".to_owned(),
            parameter: Some("nowMs".to_owned()),
            wrong_type: false,
        })?;
        clock.set_ms(now_ms);
        Ok(())
    }

    /// Verifies a session JWT (auth spec 5); the claims as JSON.
    pub async fn verify_token(
        &self,
        token: String,
        options_json: Option<String>,
        cancel: Option<Arc<CancelHandle>>,
    ) -> Result<String, ClerkError> {
        let opts = verify_options(options_json.as_deref())?;
        task::run(verify(self.auth.clone(), token, opts), cancel).await
    }

    /// Parses `verify_token` options once for [`crate::verifier::verify_prepared`]: an id
    /// the caller keeps while its options object lives and then releases.
    pub fn prepare_verify(&self, options_json: Option<String>) -> Result<u64, ClerkError> {
        Ok(crate::verifier::prepare(self.auth.clone(), verify_options(options_json.as_deref())?))
    }

    pub fn verify_token_blocking(&self, token: String, options_json: Option<String>) -> Result<String, ClerkError> {
        let opts = verify_options(options_json.as_deref())?;
        // The core's blocking entry: with a PEM key nothing waits, and it returns from the
        // first poll on this thread, with no hop to the runtime.
        let claims = self.auth.verify_token_blocking(&token, &env::verify_defaults(&opts))?;
        Ok(claims.json().to_owned())
    }

    /// Verifies a machine token (auth spec 8): `{token_type, id, subject, scopes, claims, …}` as JSON.
    pub async fn verify_machine_token(
        &self,
        token: String,
        options_json: Option<String>,
        cancel: Option<Arc<CancelHandle>>,
    ) -> Result<String, ClerkError> {
        let opts = request_options(options_json.as_deref())?;
        task::run(verify_machine(self.auth.clone(), token, opts), cancel).await
    }

    pub fn verify_machine_token_blocking(
        &self,
        token: String,
        options_json: Option<String>,
    ) -> Result<String, ClerkError> {
        let opts = request_options(options_json.as_deref())?;
        let data = self.auth.verify_machine_token_blocking(&token, &env::request_defaults(&opts))?;
        Ok(data.to_json().to_string())
    }

    /// Authenticates a request (auth spec 9): the request state as JSON. A
    /// signed-out request is a state, not an error; misconfiguration is `AuthConfig`.
    pub async fn authenticate_request(
        &self,
        method: String,
        url: String,
        headers: Vec<Header>,
        options_json: Option<String>,
        cancel: Option<Arc<CancelHandle>>,
    ) -> Result<String, ClerkError> {
        let opts = request_options(options_json.as_deref())?;
        let req = RequestData::new(method, url, pairs(headers));
        task::run(authenticate(self.auth.clone(), req, opts), cancel).await
    }

    pub fn authenticate_request_blocking(
        &self,
        method: String,
        url: String,
        headers: Vec<Header>,
        options_json: Option<String>,
    ) -> Result<String, ClerkError> {
        let opts = request_options(options_json.as_deref())?;
        let req = RequestData::new(method, url, pairs(headers));
        let state = self.auth.authenticate_request_blocking(&req, &env::request_defaults(&opts))?;
        Ok(state.to_json().to_string())
    }
}
