//! Client and per-call configuration.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::secret::SecretString;

/// Default server: the spec's `servers[0]`, [`DEFAULT_API_URL`] `/` [`DEFAULT_API_VERSION`].
pub const DEFAULT_SERVER_URL: &str = "https://api.clerk.com/v1";

/// The Backend API base without the version segment: what `CLERK_API_URL`
/// means, as in Clerk's own SDKs.
pub const DEFAULT_API_URL: &str = "https://api.clerk.com";

/// The version path segment: what `CLERK_API_VERSION` means.
pub const DEFAULT_API_VERSION: &str = "v1";

/// The Backend API base of an API URL: trailing `/` and a trailing
/// `/{api_version}` segment removed. `CLERK_API_URL` means the base
/// (`https://api.clerk.com`, the version coming from `CLERK_API_VERSION`);
/// the older spelling with the version (`https://api.clerk.com/v1`) is
/// accepted, so one value serves API calls and request authentication alike.
pub fn api_base_url<'a>(api_url: &'a str, api_version: &str) -> &'a str {
    let base = api_url.trim().trim_end_matches('/');
    let version = api_version.trim().trim_matches('/');
    if version.is_empty() {
        return base;
    }
    match base.strip_suffix(version).filter(|rest| rest.ends_with('/')) {
        // Never strip the host itself (`https://v1`).
        Some(rest) if rest.trim_end_matches('/').split_once("://").is_some_and(|(_, host)| !host.is_empty()) => {
            rest.trim_end_matches('/')
        }
        _ => base,
    }
}

/// `{base}/{api_version}`: the server URL API calls are made against.
pub fn server_url_for(api_url: &str, api_version: &str) -> String {
    format!("{}/{}", api_base_url(api_url, api_version), api_version.trim().trim_matches('/'))
}

/// The server URL from `CLERK_API_URL` and `CLERK_API_VERSION` when either
/// is set (blank counts as unset).
pub(crate) fn server_url_from_env() -> Option<String> {
    use crate::boundary::env::{var, API_URL, API_VERSION};
    let (url, version) = (var(API_URL), var(API_VERSION));
    if url.is_none() && version.is_none() {
        return None;
    }
    Some(server_url_for(url.as_deref().unwrap_or(DEFAULT_API_URL), version.as_deref().unwrap_or(DEFAULT_API_VERSION)))
}

/// How a retried call waits between attempts. Same shape as the official
/// SDKs' `BackoffStrategy(initial_interval, max_interval, exponent, max_elapsed_time)`,
/// all in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackoffStrategy {
    pub initial_interval_ms: u64,
    pub max_interval_ms: u64,
    pub exponent: f64,
    /// Total time budget for all attempts and waits together.
    pub max_elapsed_time_ms: u64,
}

impl Default for BackoffStrategy {
    /// 500 ms doubling up to 8 s, within a 30 s budget: long enough to ride out
    /// a rate limit, short enough that a request handler does not hang.
    fn default() -> Self {
        BackoffStrategy { initial_interval_ms: 500, max_interval_ms: 8_000, exponent: 2.0, max_elapsed_time_ms: 30_000 }
    }
}

/// Longest duration any option takes (timeouts, backoff intervals, the retry
/// budget): a day. Longer values are a caller's mistake (or `1e300`), and past
/// a point they overflow the clock, so they are refused instead of clamped.
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// Attempts one call makes by default, retries included, whatever the
/// server's `Retry-After` says: with the 30 s budget this ends a storm of
/// `Retry-After: 0` answers after 10 requests.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;

/// Largest [`RetryConfig::max_attempts`] accepted.
pub const MAX_ATTEMPTS_LIMIT: u32 = 100;

/// Shortest wait before any retry, even when the server says `Retry-After: 0`
/// or the configured initial interval is lower.
pub const MIN_RETRY_WAIT: Duration = Duration::from_millis(100);

/// `ms` milliseconds from a binding (Python `timeout_ms=`, C `"timeout_ms"`)
/// as a `Duration`: finite, above zero and at most [`MAX_DURATION`], else an
/// [`Error::InvalidArgument`] naming `parameter`. Never panics (a bare
/// `Duration::from_secs_f64(1e300)` would).
pub fn duration_from_millis(parameter: &str, ms: f64) -> Result<Duration> {
    if !ms.is_finite() || ms <= 0.0 {
        return Err(Error::invalid_argument(parameter, format!("must be a positive number of milliseconds, got {ms}")));
    }
    let max_ms = MAX_DURATION.as_millis() as f64;
    if ms > max_ms {
        return Err(Error::invalid_argument(parameter, format!("must be at most {max_ms} ms (a day), got {ms}")));
    }
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

/// Checks a `Duration` option given directly (Rust callers) against [`MAX_DURATION`].
pub fn check_duration(parameter: &str, d: Duration) -> Result<Duration> {
    if d.is_zero() || d > MAX_DURATION {
        return Err(Error::invalid_argument(
            parameter,
            format!("must be above zero and at most a day, got {} ms", d.as_millis()),
        ));
    }
    Ok(d)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryStrategy {
    /// Retry with exponential backoff and full jitter.
    Backoff,
    /// Never retry.
    None,
}

/// Retry policy: the official SDKs' `RetryConfig(strategy, backoff, retry_connection_errors)`.
///
/// Whatever the policy, a POST or PATCH is retried only when the request
/// provably never reached the server, or on 429/503 with `Retry-After`,
/// unless [`CallOptions::retry_non_idempotent`] is set for that call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryConfig {
    pub strategy: RetryStrategy,
    pub backoff: BackoffStrategy,
    pub retry_connection_errors: bool,
    /// Most attempts of one call, the first included ([`DEFAULT_MAX_ATTEMPTS`],
    /// at most [`MAX_ATTEMPTS_LIMIT`]). Set per client or per call.
    pub max_attempts: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            strategy: RetryStrategy::Backoff,
            backoff: BackoffStrategy::default(),
            retry_connection_errors: true,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }
}

impl RetryConfig {
    pub fn none() -> Self {
        RetryConfig { strategy: RetryStrategy::None, ..RetryConfig::default() }
    }

    /// Range checks, as an [`Error::InvalidArgument`] naming `parameter`'s field.
    pub fn validate(&self, parameter: &str) -> Result<()> {
        if !(1..=MAX_ATTEMPTS_LIMIT).contains(&self.max_attempts) {
            return Err(Error::invalid_argument(
                format!("{parameter}.max_attempts"),
                format!("must be 1 to {MAX_ATTEMPTS_LIMIT}, got {}", self.max_attempts),
            ));
        }
        let b = &self.backoff;
        if !b.exponent.is_finite() || b.exponent < 1.0 {
            return Err(Error::invalid_argument(
                format!("{parameter}.backoff.exponent"),
                "must be a finite number >= 1",
            ));
        }
        let max_ms = MAX_DURATION.as_millis() as u64;
        for (name, ms) in [
            ("initial_interval_ms", b.initial_interval_ms),
            ("max_interval_ms", b.max_interval_ms),
            ("max_elapsed_time_ms", b.max_elapsed_time_ms),
        ] {
            if ms > max_ms {
                return Err(Error::invalid_argument(
                    format!("{parameter}.backoff.{name}"),
                    format!("must be at most {max_ms} ms (a day), got {ms}"),
                ));
            }
        }
        Ok(())
    }
}

/// Options for one client. Unset values come from the environment
/// (`CLERK_SECRET_KEY`, `CLERK_API_URL` with `CLERK_API_VERSION`) or the defaults.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// Bearer secret key (`sk_…`); `None` reads `CLERK_SECRET_KEY`.
    pub secret_key: Option<SecretString>,
    /// Server URL including the version (`https://api.clerk.com/v1`, as the
    /// official SDKs' `server_url`); `None` builds it from `CLERK_API_URL`
    /// and `CLERK_API_VERSION` (see [`api_base_url`]), else [`DEFAULT_SERVER_URL`].
    pub server_url: Option<String>,
    /// `Clerk-API-Version` header; `None` sends [`crate::API_VERSION`].
    pub api_version: Option<String>,
    /// Headers sent with every request.
    pub default_headers: Vec<(String, String)>,
    /// Connect timeout; default 10 s.
    pub connect_timeout: Option<Duration>,
    /// Timeout of each attempt; default 30 s.
    pub timeout: Option<Duration>,
    /// Retry policy; default [`RetryConfig::default`].
    pub retry: Option<RetryConfig>,
    /// Explicit proxy URL; by default proxies come from the environment as reqwest reads them.
    pub proxy: Option<String>,
    /// Appended to the `User-Agent` by bindings (`python/3.12`).
    pub user_agent_suffix: Option<String>,
    /// Largest response body read; default [`DEFAULT_MAX_RESPONSE_BYTES`].
    pub max_response_bytes: Option<u64>,
    /// How the caller's language spells these options, for messages that say
    /// what to set; each binding passes its own (`OptionNames::PYTHON`).
    pub option_names: crate::option_names::OptionNames,
    /// Receives one line per request attempt and per outcome (a binding's
    /// `logger` option); `None` logs nothing.
    pub request_log: Option<RequestLog>,
}

/// A sink for the request log: one line per attempt sent and per response
/// or failure, built and redacted by the core (`http/send.rs`): method, path
/// template, operation, status, duration, attempt and trace id; never header
/// values, parameter values or bodies. Called on the runtime thread, so it
/// must not block.
#[derive(Clone)]
pub struct RequestLog(std::sync::Arc<dyn Fn(&str) + Send + Sync>);

impl RequestLog {
    pub fn new(sink: impl Fn(&str) + Send + Sync + 'static) -> Self {
        RequestLog(std::sync::Arc::new(sink))
    }

    pub(crate) fn line(&self, line: &str) {
        (self.0)(line)
    }
}

impl std::fmt::Debug for RequestLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RequestLog")
    }
}

/// Default cap on a response body: 64 MiB, some twenty times the largest real
/// page (500 users with full metadata is a few MB), so only a broken or
/// hostile server reaches it. Bodies are read in chunks and the read stops at
/// the cap, so memory stays near the cap whatever the server sends.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Options for one call; each overrides the client's value when set.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub retry: Option<RetryConfig>,
    /// Timeout of each attempt of this call.
    pub timeout: Option<Duration>,
    /// Connect timeout of this call. One that differs from the client's gets
    /// a connection of its own (reqwest fixes connect timeouts per client).
    pub connect_timeout: Option<Duration>,
    pub server_url: Option<String>,
    pub headers: Vec<(String, String)>,
    /// Allow retrying a POST/PATCH even after the server may have seen it.
    pub retry_non_idempotent: bool,
}
