//! Request authentication and token verification: `NativeAuthenticator`
//! over the core's `Authenticator`. The JavaScript layer reads the request
//! object (`lib/request.js`) into method, URL and headers; options arrive as
//! camelCase JSON for the core's parsers (`Spelling::CAMEL`), environment
//! defaults are applied by `boundary::env`.

use std::sync::Arc;

use clerk_backend::auth::{
    AuthObject, AuthenticateRequestOptions, Authenticator, ManualClock, NoSleep, RequestData, RequestState, Verified,
    VerifyTokenOptions,
};
use clerk_backend::boundary::{env, ErrorRecord, Spelling};
use napi::bindgen_prelude::{Either, Object};
use napi::Env;
use napi_derive::napi;
use serde::Serialize;
use serde_json::Value;

use crate::cancel::Cancel;
use crate::deliver::now_or_spawn;
use crate::errors::{parse_json, throw, Result};
use crate::reply::Reply;

#[napi]
pub struct NativeAuthenticator {
    inner: Authenticator,
    clock: Option<Arc<ManualClock>>,
}

#[napi]
impl NativeAuthenticator {
    /// `shared`: the process-wide authenticator (and JWKS cache) the module
    /// functions use; else one with its own cache. `nowMs` fixes the clock
    /// (tests; it also makes JWKS retries not wait).
    #[napi(constructor)]
    pub fn new(now_ms: Option<f64>, shared: Option<bool>) -> Result<Self> {
        match (now_ms, shared.unwrap_or(false)) {
            (None, true) => Ok(NativeAuthenticator { inner: Authenticator::shared().clone(), clock: None }),
            (None, false) => Ok(NativeAuthenticator { inner: Authenticator::new(), clock: None }),
            (Some(ms), false) => {
                let clock = Arc::new(ManualClock::new(ms as i64));
                let inner = Authenticator::builder().clock(clock.clone()).sleeper(Arc::new(NoSleep)).build();
                Ok(NativeAuthenticator { inner, clock: Some(clock) })
            }
            (Some(_), true) => Err(throw(invalid("nowMs", "the shared authenticator uses the system clock"))),
        }
    }

    #[napi]
    pub fn set_now_ms(&self, now_ms: f64) -> Result<()> {
        match &self.clock {
            Some(c) => {
                c.set_ms(now_ms as i64);
                Ok(())
            }
            None => Err(throw(invalid("nowMs", "this authenticator uses the system clock"))),
        }
    }

    #[napi]
    pub fn jwks_fetch_count(&self) -> f64 {
        self.inner.jwks_fetch_count() as f64
    }

    /// `headers` flat: name, value, name, value, ... The `Reply` (or its
    /// promise) carries the `RequestState` as JSON.
    #[napi(ts_return_type = "Reply | Promise<Reply>")]
    pub fn authenticate_request<'env>(
        &self,
        env: &'env Env,
        method: String,
        url: String,
        headers: Vec<String>,
        options: &NativeRequestOptions,
        cancel: Option<&Cancel>,
    ) -> napi::Result<Either<Reply, Object<'env>>> {
        let opts = options.0.clone();
        let auth = self.inner.clone();
        let req = RequestData::new(method, url, pairs(headers));
        now_or_spawn(env, cancel, async move {
            match auth.authenticate_request(&req, &env::request_defaults(&opts)).await {
                Ok(state) => Reply::json(200, state_json(&state)),
                Err(e) => Reply::error(e),
            }
        })
    }

    /// The session token's claims as JSON.
    #[napi(ts_return_type = "Reply | Promise<Reply>")]
    pub fn verify_token<'env>(
        &self,
        env: &'env Env,
        token: String,
        options: &NativeVerifyOptions,
        cancel: Option<&Cancel>,
    ) -> napi::Result<Either<Reply, Object<'env>>> {
        let opts = options.0.clone();
        let auth = self.inner.clone();
        now_or_spawn(env, cancel, async move {
            match auth.verify_token(&token, &env::verify_defaults(&opts)).await {
                Ok(claims) => Reply::json(200, claims.json().to_owned()),
                Err(e) => Reply::error(e),
            }
        })
    }

    /// The machine token's data as JSON (`token_type`, `id`, `subject`, ...).
    #[napi(ts_return_type = "Reply | Promise<Reply>")]
    pub fn verify_machine_token<'env>(
        &self,
        env: &'env Env,
        token: String,
        options: &NativeRequestOptions,
        cancel: Option<&Cancel>,
    ) -> napi::Result<Either<Reply, Object<'env>>> {
        let opts = options.0.clone();
        let auth = self.inner.clone();
        now_or_spawn(env, cancel, async move {
            match auth.verify_machine_token(&token, &env::request_defaults(&opts)).await {
                Ok(data) => Reply::json(200, data.to_json().to_string()),
                Err(e) => Reply::error(e),
            }
        })
    }
}

/// `verifyToken` options (camelCase JSON) parsed once; the JavaScript layer
/// keeps one per options object, so repeated calls skip the parsing.
#[napi]
pub struct NativeVerifyOptions(Arc<VerifyTokenOptions>);

#[napi]
impl NativeVerifyOptions {
    #[napi(constructor)]
    pub fn new(options_json: String) -> Result<Self> {
        parse(&options_json, VerifyTokenOptions::from_json).map(|o| NativeVerifyOptions(Arc::new(o))).map_err(throw)
    }
}

/// `authenticateRequest` / `verifyMachineToken` options parsed once.
#[napi]
pub struct NativeRequestOptions(Arc<AuthenticateRequestOptions>);

#[napi]
impl NativeRequestOptions {
    #[napi(constructor)]
    pub fn new(options_json: String) -> Result<Self> {
        parse(&options_json, AuthenticateRequestOptions::from_json)
            .map(|o| NativeRequestOptions(Arc::new(o)))
            .map_err(throw)
    }
}

fn invalid(parameter: &str, message: &str) -> ErrorRecord {
    let mut r =
        ErrorRecord::new(clerk_backend::boundary::ErrorCode::InvalidArgument, format!("`{parameter}`: {message}"));
    r.parameter = Some(parameter.to_owned());
    r.detail = Some(message.to_owned());
    r
}

fn parse<T>(
    options_json: &str,
    parser: impl FnOnce(&Value) -> std::result::Result<T, clerk_backend::auth::OptionError>,
) -> std::result::Result<T, ErrorRecord> {
    let v = parse_json(options_json, "options")?;
    Ok(Spelling::CAMEL.parse(&v, parser)?)
}

pub fn pairs(flat: Vec<String>) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(flat.len() / 2);
    let mut it = flat.into_iter();
    while let (Some(name), Some(value)) = (it.next(), it.next()) {
        out.push((name, value));
    }
    out
}

/// The request state's own fields, borrowed and serialised directly.
#[derive(Serialize)]
struct StateFields<'a> {
    status: &'static str,
    is_signed_in: bool,
    reason: Option<&'static str>,
    message: Option<&'a str>,
    token: Option<&'a str>,
    token_type: Option<&'static str>,
    token_error: Option<&'static str>,
    headers: &'a [(String, String)],
    publishable_key: &'a str,
    proxy_url: &'a str,
    domain: &'a str,
    is_satellite: bool,
    sign_in_url: &'a str,
    sign_up_url: &'a str,
    after_sign_in_url: &'a str,
    after_sign_up_url: &'a str,
}

/// The state as the JavaScript layer reads it: its fields, `payload` (the
/// claims' own JSON text, not re-serialised), `auth` (`to_auth()` without
/// `session_claims`, which is `payload`) and, for a pending session,
/// `auth_keep_pending` (`toAuth({ treatPendingAsSignedOut: false })`). Built
/// without a `serde_json::Value` tree of the whole state: this runs on every
/// authenticated request.
fn state_json(s: &RequestState) -> String {
    let fields = StateFields {
        status: s.status.as_str(),
        is_signed_in: s.is_signed_in(),
        reason: s.reason.map(|r| r.as_str()),
        message: s.message.as_deref(),
        token: s.token.as_ref().map(|t| t.expose()),
        token_type: s.token_type.map(|t| t.as_str()),
        token_error: s.token_error.map(|t| t.as_str()),
        headers: &s.headers,
        publishable_key: &s.publishable_key,
        proxy_url: &s.proxy_url,
        domain: &s.domain,
        is_satellite: s.is_satellite,
        sign_in_url: &s.sign_in_url,
        sign_up_url: &s.sign_up_url,
        after_sign_in_url: &s.after_sign_in_url,
        after_sign_up_url: &s.after_sign_up_url,
    };
    // Plain strings and booleans: serialising cannot fail.
    let mut out = serde_json::to_string(&fields).unwrap_or_else(|_| "{}".to_owned());
    out.pop();
    out.push_str(",\"payload\":");
    match &s.verified {
        Some(Verified::Session(claims)) => out.push_str(claims.json()),
        Some(Verified::Machine(m)) => out.push_str(&m.raw.to_string()),
        None => out.push_str("null"),
    }
    out.push_str(",\"auth\":");
    out.push_str(&auth_json(s.to_auth()));
    if s.claims().is_some_and(|c| c.get_str("sts") == Some("pending")) {
        out.push_str(",\"auth_keep_pending\":");
        out.push_str(&auth_json(s.to_auth_with(false)));
    }
    out.push('}');
    out
}

fn auth_json(auth: Option<AuthObject>) -> String {
    match auth {
        None => "null".to_owned(),
        Some(mut a) => {
            a.session_claims = None;
            let mut v = a.to_json();
            if let Value::Object(m) = &mut v {
                m.remove("session_claims");
            }
            v.to_string()
        }
    }
}
