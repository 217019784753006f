//! The reqwest client: TLS, timeouts, proxies, and the settings resolved
//! from [`ClientOptions`] and the environment.

use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Url;

use crate::config::{check_duration, ClientOptions, RetryConfig, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_SERVER_URL};
use crate::error::{Error, Result};
use crate::runtime;
use crate::secret::{Redactor, SecretString};

pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything a request needs from the client's options, resolved once.
pub(crate) struct Settings {
    pub secret: Option<SecretString>,
    /// Takes the secret back out of whatever a server returns.
    pub redactor: Redactor,
    pub base_url: Url,
    pub api_version: String,
    pub user_agent: String,
    pub default_headers: HeaderMap,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub retry: RetryConfig,
    pub proxy: Option<String>,
    pub max_response_bytes: u64,
    pub request_log: Option<crate::config::RequestLog>,
}

impl Settings {
    /// Explicit options first, then `CLERK_SECRET_KEY` / `CLERK_API_URL` (+ `CLERK_API_VERSION`), then defaults.
    pub fn resolve(opts: &ClientOptions) -> Result<Self> {
        let secret = opts
            .secret_key
            .clone()
            .filter(|s| !s.is_empty())
            .or_else(|| crate::boundary::env::var(crate::boundary::env::SECRET_KEY).map(SecretString::new));
        let server = opts.server_url.clone().or_else(crate::config::server_url_from_env);
        let base_url = parse_base_url(server.as_deref().unwrap_or(DEFAULT_SERVER_URL))?;
        let mut user_agent = format!("clerk-backend-rust/{}", crate::SDK_VERSION);
        if let Some(suffix) = opts.user_agent_suffix.as_deref().filter(|s| !s.is_empty()) {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::Config("user_agent_suffix is not a valid header value".into()))?;
        if let Some(secret) = &secret {
            bearer(secret)?;
        }
        let retry = opts.retry.unwrap_or_default();
        retry.validate("retry")?;
        let max_response_bytes = opts.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        if max_response_bytes == 0 {
            return Err(Error::invalid_argument("max_response_bytes", "must be above zero"));
        }
        Ok(Settings {
            redactor: Redactor::new(secret.as_ref().map(SecretString::expose)),
            secret,
            base_url,
            api_version: opts.api_version.clone().unwrap_or_else(|| crate::API_VERSION.to_owned()),
            user_agent,
            default_headers: header_map(&opts.default_headers)?,
            connect_timeout: check_duration(
                "connect_timeout",
                opts.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            )?,
            timeout: check_duration("timeout", opts.timeout.unwrap_or(DEFAULT_TIMEOUT))?,
            retry,
            proxy: opts.proxy.clone(),
            max_response_bytes,
            request_log: opts.request_log.clone(),
        })
    }
}

/// A server URL (`https://api.clerk.com/v1`), without a trailing slash.
pub(crate) fn parse_base_url(s: &str) -> Result<Url> {
    let url = Url::parse(s.trim().trim_end_matches('/'))
        .map_err(|e| Error::Config(format!("invalid server URL `{s}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(Error::Config(format!("server URL `{s}` must be an http(s) URL")));
    }
    Ok(url)
}

/// The `Authorization` value; marked sensitive so it is never logged.
pub(crate) fn bearer(secret: &SecretString) -> Result<HeaderValue> {
    let mut v = HeaderValue::from_str(&format!("Bearer {}", secret.expose()))
        .map_err(|_| Error::Config("the secret key contains characters not allowed in a header".into()))?;
    v.set_sensitive(true);
    Ok(v)
}

/// Headers a caller may not set: they frame the request (a wrong
/// `Content-Length` cuts or stalls the body), route it (`Host`), or carry the
/// key, which comes only from the key options.
pub const FORBIDDEN_HEADERS: [&str; 5] = ["content-length", "transfer-encoding", "host", "connection", "authorization"];

/// Headers from options; errors name the header, never its value.
pub(crate) fn header_map(headers: &[(String, String)]) -> Result<HeaderMap> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let n = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_argument("headers", format!("invalid header name `{name}`")))?;
        if FORBIDDEN_HEADERS.contains(&n.as_str()) {
            return Err(Error::invalid_argument(
                "headers",
                format!(
                    "header `{name}` cannot be set by the caller (the SDK sets it; the key comes from the key options)"
                ),
            ));
        }
        let v = HeaderValue::from_str(value)
            .map_err(|_| Error::invalid_argument("headers", format!("invalid value for header `{name}`")))?;
        map.insert(n, v);
    }
    Ok(map)
}

/// rustls on the aws-lc-rs provider with the webpki roots; built once.
fn tls_config() -> Result<rustls::ClientConfig> {
    static CONFIG: OnceLock<std::result::Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
            let mut config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .with_root_certificates(roots)
                .with_no_client_auth();
            config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
            Ok(config)
        })
        .clone()
        .map_err(|e| Error::Config(format!("TLS setup failed: {e}")))
}

fn build_client(settings: &Settings, connect_timeout: Duration) -> Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .use_preconfigured_tls(tls_config()?)
        .user_agent(settings.user_agent.clone())
        .connect_timeout(connect_timeout)
        .pool_idle_timeout(Duration::from_secs(60))
        // Redirects are followed by the send loop (GET only, same origin only).
        .redirect(reqwest::redirect::Policy::none())
        .tcp_nodelay(true);
    if let Some(proxy) = &settings.proxy {
        let proxy = reqwest::Proxy::all(proxy).map_err(|_| Error::Config("invalid proxy URL".into()))?;
        builder = builder.proxy(proxy);
    }
    builder.build().map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

struct Pooled {
    generation: u64,
    client: reqwest::Client,
}

/// The client's connection pool, tied to the runtime generation: after a fork
/// the child builds a fresh pool instead of reusing the parent's sockets.
///
/// Lock-free for the same reason as the runtime: a lock held by another thread
/// at fork() time would never be released in the child.
pub(crate) struct Pool {
    /// Owned `Pooled`, or null. Replaced only after a fork, and the replaced
    /// one is leaked (its connections belong to the parent), so a pointer read
    /// here stays valid while `self` lives.
    current: AtomicPtr<Pooled>,
}

impl Pool {
    pub fn new(settings: &Settings) -> Result<Self> {
        // Building once up front reports a bad proxy or TLS setup at construction.
        build_client(settings, settings.connect_timeout)?;
        Ok(Pool { current: AtomicPtr::new(ptr::null_mut()) })
    }

    pub fn get(&self, settings: &Settings) -> Result<reqwest::Client> {
        let generation = runtime::generation()?;
        loop {
            let seen = self.current.load(Ordering::Acquire);
            // SAFETY: non-null values are owned by `self` and freed only in `drop`.
            if let Some(pooled) = unsafe { seen.as_ref() } {
                if pooled.generation == generation {
                    return Ok(pooled.client.clone());
                }
            }
            let client = build_client(settings, settings.connect_timeout)?;
            let fresh = Box::into_raw(Box::new(Pooled { generation, client: client.clone() }));
            match self.current.compare_exchange(seen, fresh, Ordering::AcqRel, Ordering::Acquire) {
                // `seen`, if any, is the parent's pool: leaked, never touched again.
                Ok(_) => return Ok(client),
                // SAFETY: `fresh` was never published; this is its only owner.
                Err(_) => drop(unsafe { Box::from_raw(fresh) }),
            }
        }
    }
}

/// A client for one call with its own connect timeout: reqwest fixes connect
/// timeouts per client, so such a call gets a client (and connection) of its
/// own instead of one from the pool.
pub(crate) fn client_with_connect_timeout(settings: &Settings, connect_timeout: Duration) -> Result<reqwest::Client> {
    build_client(settings, connect_timeout)
}

impl Drop for Pool {
    fn drop(&mut self) {
        let pooled = std::mem::replace(self.current.get_mut(), ptr::null_mut());
        if pooled.is_null() {
            return;
        }
        // SAFETY: owned by `self`, and no other reference exists during drop.
        let pooled = unsafe { Box::from_raw(pooled) };
        if runtime::built_generation() != Some(pooled.generation) {
            // Inherited across fork(): its connections belong to the parent.
            std::mem::forget(pooled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RetryStrategy;

    /// The documented safe defaults: a per-attempt timeout is always on, and
    /// the whole retry budget stays well under a minute.
    #[test]
    fn defaults_are_bounded() {
        let s =
            Settings::resolve(&ClientOptions { server_url: Some("http://127.0.0.1:1".into()), ..Default::default() })
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.timeout, Duration::from_secs(30));
        assert_eq!(s.connect_timeout, Duration::from_secs(10));
        assert_eq!(s.retry.strategy, RetryStrategy::Backoff);
        assert!(s.retry.retry_connection_errors);
        assert!(s.retry.backoff.max_elapsed_time_ms <= 30_000);
        assert!(s.retry.backoff.max_interval_ms < s.retry.backoff.max_elapsed_time_ms);
        assert!(s.retry.backoff.exponent > 1.0);
        assert_eq!(s.api_version, crate::API_VERSION);
        assert_eq!(s.user_agent, format!("clerk-backend-rust/{}", crate::SDK_VERSION));
        assert!(s.proxy.is_none(), "no explicit proxy: reqwest reads the environment's");
    }
}
