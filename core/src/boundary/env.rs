//! The environment defaults, read here and nowhere else in the SDK.
//!
//! Which layer applies them: the core, at its edge. [`Client::new`](crate::Client::new)
//! fills an unset secret key and server URL through [`var`] (so a Rust
//! caller gets them too); the auth entry points of the bindings go through
//! [`verify_defaults`] / [`request_defaults`]; webhook verification through
//! [`webhook_signing_secret`]. A binding reads no variable itself. An
//! explicit option always wins, and a blank variable counts as unset.

use std::borrow::Cow;

use crate::auth::{AuthenticateRequestOptions, VerifyTokenOptions};
use crate::secret::SecretString;

pub const SECRET_KEY: &str = "CLERK_SECRET_KEY";
/// The Backend API base (`https://api.clerk.com`; a trailing `/v1` is accepted).
pub const API_URL: &str = "CLERK_API_URL";
/// The version path segment (`v1`).
pub const API_VERSION: &str = "CLERK_API_VERSION";
pub const PUBLISHABLE_KEY: &str = "CLERK_PUBLISHABLE_KEY";
pub const JWT_KEY: &str = "CLERK_JWT_KEY";
pub const MACHINE_SECRET_KEY: &str = "CLERK_MACHINE_SECRET_KEY";
pub const WEBHOOK_SIGNING_SECRET: &str = "CLERK_WEBHOOK_SIGNING_SECRET";

/// Every variable the SDK reads (for documentation and tests).
pub const ALL: &[&str] =
    &[SECRET_KEY, API_URL, API_VERSION, PUBLISHABLE_KEY, JWT_KEY, MACHINE_SECRET_KEY, WEBHOOK_SIGNING_SECRET];

/// The variable's value, `None` when unset, blank or not UTF-8.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn fill(slot: &mut Option<String>, name: &str) {
    if unset_text(slot) {
        if let Some(v) = var(name) {
            *slot = Some(v);
        }
    }
}

fn fill_secret(slot: &mut Option<SecretString>, name: &str) {
    if unset_secret(slot) {
        if let Some(v) = var(name) {
            *slot = Some(SecretString::new(v));
        }
    }
}

fn unset_text(v: &Option<String>) -> bool {
    v.as_deref().map_or(true, str::is_empty)
}

fn unset_secret(v: &Option<SecretString>) -> bool {
    v.as_ref().map_or(true, SecretString::is_empty)
}

/// Whether any unset slot has a variable to fill it from.
fn needs_env(slots: &[(bool, &str)]) -> bool {
    slots.iter().any(|(unset, name)| *unset && var(name).is_some())
}

/// The key options both auth functions share, in [`verify_defaults`]'s order.
fn key_slots(
    secret: &Option<SecretString>,
    jwt: &Option<String>,
    url: &Option<String>,
    version: &Option<String>,
) -> [(bool, &'static str); 4] {
    [
        (unset_secret(secret), SECRET_KEY),
        (unset_text(jwt), JWT_KEY),
        (unset_text(url), API_URL),
        (unset_text(version), API_VERSION),
    ]
}

fn fill_keys(
    secret: &mut Option<SecretString>,
    jwt: &mut Option<String>,
    url: &mut Option<String>,
    version: &mut Option<String>,
) {
    fill_secret(secret, SECRET_KEY);
    fill(jwt, JWT_KEY);
    fill(url, API_URL);
    fill(version, API_VERSION);
}

/// `opts` with the unset `secret_key`, `jwt_key`, `api_url` and
/// `api_version` taken from the environment; borrowed when nothing is
/// filled, so a caller that sets them all pays no copy.
pub fn verify_defaults(opts: &VerifyTokenOptions) -> Cow<'_, VerifyTokenOptions> {
    if !needs_env(&key_slots(&opts.secret_key, &opts.jwt_key, &opts.api_url, &opts.api_version)) {
        return Cow::Borrowed(opts);
    }
    let mut o = opts.clone();
    fill_keys(&mut o.secret_key, &mut o.jwt_key, &mut o.api_url, &mut o.api_version);
    Cow::Owned(o)
}

/// [`verify_defaults`] for `authenticate_request`, plus `publishable_key`
/// and `machine_secret_key`.
pub fn request_defaults(opts: &AuthenticateRequestOptions) -> Cow<'_, AuthenticateRequestOptions> {
    let keys = key_slots(&opts.secret_key, &opts.jwt_key, &opts.api_url, &opts.api_version);
    let more = [
        (unset_text(&opts.publishable_key), PUBLISHABLE_KEY),
        (unset_secret(&opts.machine_secret_key), MACHINE_SECRET_KEY),
    ];
    if !needs_env(&keys) && !needs_env(&more) {
        return Cow::Borrowed(opts);
    }
    let mut o = opts.clone();
    fill_keys(&mut o.secret_key, &mut o.jwt_key, &mut o.api_url, &mut o.api_version);
    fill(&mut o.publishable_key, PUBLISHABLE_KEY);
    fill_secret(&mut o.machine_secret_key, MACHINE_SECRET_KEY);
    Cow::Owned(o)
}

/// The webhook signing secret: `explicit` when given and not blank, else
/// `CLERK_WEBHOOK_SIGNING_SECRET`.
pub fn webhook_signing_secret(explicit: Option<&str>) -> Option<SecretString> {
    match explicit.filter(|s| !s.trim().is_empty()) {
        Some(s) => Some(SecretString::new(s.to_owned())),
        None => var(WEBHOOK_SIGNING_SECRET).map(SecretString::new),
    }
}
