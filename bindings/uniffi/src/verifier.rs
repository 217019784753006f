//! Prepared session-token verification: the fast path of Kotlin's and
//! Swift's `verifyToken`. The options are parsed once per options object
//! (as the Node and Python bindings keep theirs) and held here under a
//! numeric id; a verify is then one top-level call with that id and the
//! token. Why this shape: each native call through JNA costs microseconds of
//! struct marshalling, and UniFFI adds calls around the one you make: a
//! method on an object clones its handle first, a `String` argument is
//! copied into a buffer allocated by one more call. A top-level function
//! taking a `u64` and the token as borrowed bytes (`&[u8]`: UniFFI passes the
//! foreign side's direct buffer, no allocation call) leaves two crossings:
//! the call, and freeing the claims' buffer.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, PoisonError, RwLock};
use std::task::Poll;

use clerk_backend::auth::{poll_now, Authenticator, VerifyTokenOptions};
use clerk_backend::boundary::env;

use crate::error::ClerkError;

struct Prepared {
    auth: Authenticator,
    opts: VerifyTokenOptions,
}

static PREPARED: LazyLock<RwLock<HashMap<u64, Arc<Prepared>>>> = LazyLock::new(Default::default);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Keeps `opts` for `auth` under a new id (released by [`release_prepared_verify`]).
pub(crate) fn prepare(auth: Authenticator, opts: VerifyTokenOptions) -> u64 {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    PREPARED.write().unwrap_or_else(PoisonError::into_inner).insert(id, Arc::new(Prepared { auth, opts }));
    id
}

fn prepared(id: u64) -> Result<Arc<Prepared>, ClerkError> {
    PREPARED.read().unwrap_or_else(PoisonError::into_inner).get(&id).cloned().ok_or_else(|| {
        ClerkError::InvalidArgument {
            msg: "these verifyToken options were released (their authenticator was closed)".to_owned(),
            parameter: Some("options".to_owned()),
            wrong_type: false,
        }
    })
}

/// Forgets prepared options (idempotent).
#[uniffi::export]
pub fn release_prepared_verify(id: u64) {
    PREPARED.write().unwrap_or_else(PoisonError::into_inner).remove(&id);
}

/// How many prepared options the core holds (tests: options no longer used are forgotten).
#[uniffi::export]
pub fn prepared_verify_count() -> u64 {
    PREPARED.read().unwrap_or_else(PoisonError::into_inner).len() as u64
}

/// Verifies a session JWT with prepared options on the calling thread (the
/// core's blocking entry: with a PEM key nothing waits); the claims as JSON.
#[uniffi::export]
pub fn verify_prepared(id: u64, token: &[u8]) -> Result<String, ClerkError> {
    let p = prepared(id)?;
    let claims = p.auth.verify_token_blocking(utf8(token), &env::verify_defaults(&p.opts))?;
    Ok(claims.json().to_owned())
}

/// [`verify_prepared`] for a suspending caller: the verify runs on the
/// calling thread only if it completes without waiting (a PEM key, a cached
/// JWKS); `None` when it would wait (a JWKS fetch), and the caller then takes
/// the async path, which runs it on the shared runtime.
#[uniffi::export]
pub fn verify_prepared_now(id: u64, token: &[u8]) -> Result<Option<String>, ClerkError> {
    let p = prepared(id)?;
    let opts = env::verify_defaults(&p.opts);
    let work = std::pin::pin!(p.auth.verify_token(utf8(token), &opts));
    match poll_now(work) {
        Poll::Ready(result) => Ok(Some(result?.json().to_owned())),
        Poll::Pending => Ok(None),
    }
}

/// A measuring aid for `scripts/bench-kotlin.sh`: [`verify_prepared`]'s verify
/// `times` times inside one native call, so the benchmark can tell the core's
/// own cost from the crossing's. Returns how many verifies succeeded.
#[uniffi::export]
pub fn bench_verify_prepared(id: u64, token: &[u8], times: u32) -> Result<u32, ClerkError> {
    let p = prepared(id)?;
    let mut ok = 0;
    for _ in 0..times {
        ok += u32::from(p.auth.verify_token_blocking(utf8(token), &env::verify_defaults(&p.opts)).is_ok());
    }
    Ok(ok)
}

/// The token's text; bytes that are not UTF-8 (never a JWT) become a token
/// the verify refuses as malformed rather than a separate error.
fn utf8(token: &[u8]) -> &str {
    std::str::from_utf8(token).unwrap_or("\u{fffd}")
}
