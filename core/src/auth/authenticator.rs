//! `Authenticator`: the object that owns the JWKS cache, the parsed PEM keys,
//! the clock and the Backend API transport. Cheap to clone; share one per
//! application. The free functions of [`crate::auth`] use a process-wide one.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use super::backend::{BackendApi, ClientBackendApi};
use super::clock::{Clock, Sleeper, SystemClock, TokioSleeper};
use super::jwks::{FetchContext, JwksCache, JwksCachePolicy, KeyEntry};
use super::keys::parse_pem_key;
use super::options::VerifyParams;
use super::reasons::{
    TokenVerificationError, TokenVerificationErrorAction as Action, TokenVerificationErrorReason as Reason,
};

/// Verifies tokens and authenticates requests.
#[derive(Clone)]
pub struct Authenticator {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Arc<dyn BackendApi>,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
    jwks: JwksCache,
    pem_keys: RwLock<HashMap<String, Arc<KeyEntry>>>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator").finish_non_exhaustive()
    }
}

/// Builds an [`Authenticator`] with a custom transport, clock or cache policy.
#[derive(Default)]
pub struct AuthenticatorBuilder {
    backend: Option<Arc<dyn BackendApi>>,
    clock: Option<Arc<dyn Clock>>,
    sleeper: Option<Arc<dyn Sleeper>>,
    policy: JwksCachePolicy,
}

impl AuthenticatorBuilder {
    pub fn backend(mut self, backend: Arc<dyn BackendApi>) -> Self {
        self.backend = Some(backend);
        self
    }

    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Waits between JWKS retries (tests pass [`super::NoSleep`]).
    pub fn sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.sleeper = Some(sleeper);
        self
    }

    pub fn jwks_policy(mut self, policy: JwksCachePolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn build(self) -> Authenticator {
        Authenticator {
            inner: Arc::new(Inner {
                backend: self.backend.unwrap_or_else(|| Arc::new(ClientBackendApi::default())),
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                sleeper: self.sleeper.unwrap_or_else(|| Arc::new(TokioSleeper)),
                jwks: JwksCache::new(self.policy),
                pem_keys: RwLock::new(HashMap::new()),
            }),
        }
    }
}

impl Default for Authenticator {
    fn default() -> Self {
        Authenticator::builder().build()
    }
}

/// Distinct PEM keys kept parsed; more than this in one process is a misuse.
const MAX_PEM_KEYS: usize = 32;

impl Authenticator {
    pub fn new() -> Self {
        Authenticator::default()
    }

    pub fn builder() -> AuthenticatorBuilder {
        AuthenticatorBuilder::default()
    }

    /// The process-wide instance behind the free functions.
    pub fn shared() -> &'static Authenticator {
        static SHARED: OnceLock<Authenticator> = OnceLock::new();
        SHARED.get_or_init(Authenticator::new)
    }

    /// How many JWKS HTTP requests this instance has made (each retry counts).
    pub fn jwks_fetch_count(&self) -> u64 {
        self.inner.jwks.fetch_count()
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    pub(crate) fn backend(&self) -> &dyn BackendApi {
        self.inner.backend.as_ref()
    }

    /// Step 3: the `jwt_key` (parsed once per distinct PEM), else the JWKS
    /// key for `kid`, else no key source.
    pub(crate) async fn resolve_key(
        &self,
        kid: Option<&str>,
        params: &VerifyParams<'_>,
    ) -> Result<Arc<KeyEntry>, TokenVerificationError> {
        if let Some(pem) = params.jwt_key {
            return Ok(self.pem_key(pem));
        }
        let Some(secret_key) = params.secret_key else {
            return Err(TokenVerificationError::new(
                Reason::JwkFailedToResolve,
                "Failed to resolve JWK during verification: no jwt_key and no secret_key is configured.",
            )
            .with_action(Action::SetClerkJwtKey));
        };
        let ctx = FetchContext {
            backend: self.inner.backend.as_ref(),
            clock: self.inner.clock.as_ref(),
            sleeper: self.inner.sleeper.as_ref(),
            api_url: params.api_url,
            api_version: params.api_version,
            secret_key,
            skip_cache: params.skip_jwks_cache,
            deadline: params.network_timeout,
        };
        self.inner.jwks.get_key(&ctx, kid).await
    }

    fn pem_key(&self, pem: &str) -> Arc<KeyEntry> {
        let cache = &self.inner.pem_keys;
        if let Some(k) = cache.read().unwrap_or_else(|p| p.into_inner()).get(pem) {
            return k.clone();
        }
        let parsed = Arc::new(parse_pem_key(pem));
        let mut map = cache.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_PEM_KEYS {
            map.clear();
        }
        map.insert(pem.to_owned(), parsed.clone());
        parsed
    }
}
