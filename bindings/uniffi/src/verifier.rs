//! Prepared session-token verification: the fast path of Kotlin's and
//! Swift's `verifyToken`. The options are parsed once per options object
//! (as the Node and Python bindings keep theirs) and held here under a
//! numeric id; a verify is then one top-level call with that id and the
//! token. Why ids rather than a UniFFI object: every method call on a UniFFI
//! object clones its handle through one more native call, and each native
//! call through JNA costs microseconds of struct marshalling; a top-level
//! function taking a `u64` and one string makes the fewest crossings UniFFI
//! allows (the token's buffer, the call, freeing the claims' buffer).

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, PoisonError, RwLock};
use std::task::{Context, Poll, Wake, Waker};

use clerk_backend::auth::{Authenticator, VerifyTokenOptions};
use clerk_backend::boundary::env;
use clerk_backend::runtime;

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

/// Verifies a session JWT with prepared options on the calling thread (the
/// core's blocking entry: with a PEM key nothing waits); the claims as JSON.
#[uniffi::export]
pub fn verify_prepared(id: u64, token: String) -> Result<String, ClerkError> {
    let p = prepared(id)?;
    let claims = p.auth.verify_token_blocking(&token, &env::verify_defaults(&p.opts))?;
    Ok(claims.json().to_owned())
}

/// [`verify_prepared`] for a suspending caller: the verify runs on the
/// calling thread only if it completes without waiting (a PEM key, a cached
/// JWKS); `None` when it would wait (a JWKS fetch), and the caller then takes
/// the async path, which runs it on the shared runtime.
#[uniffi::export]
pub fn verify_prepared_now(id: u64, token: String) -> Result<Option<String>, ClerkError> {
    let p = prepared(id)?;
    let handle = runtime::try_handle()?;
    let _context = handle.enter();
    let opts = env::verify_defaults(&p.opts);
    let mut work = std::pin::pin!(p.auth.verify_token(&token, &opts));
    match work.as_mut().poll(&mut Context::from_waker(&Waker::from(Arc::new(NoWake)))) {
        Poll::Ready(result) => Ok(Some(result?.json().to_owned())),
        Poll::Pending => Ok(None),
    }
}

struct NoWake;

impl Wake for NoWake {
    fn wake(self: Arc<Self>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn released_options_are_a_typed_error() {
        let id = prepare(Authenticator::new(), VerifyTokenOptions::default());
        release_prepared_verify(id);
        let err = verify_prepared(id, "x.y.z".to_owned()).unwrap_err();
        assert!(matches!(err, ClerkError::InvalidArgument { .. }), "{err:?}");
    }

    #[test]
    fn a_bad_token_fails_inline_without_waiting() {
        let opts = VerifyTokenOptions { jwt_key: Some("not a pem".to_owned()), ..Default::default() };
        let id = prepare(Authenticator::new(), opts);
        assert!(verify_prepared_now(id, "not-a-jwt".to_owned()).is_err());
        release_prepared_verify(id);
    }
}
