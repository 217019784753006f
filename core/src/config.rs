//! Client and per-call configuration.

use std::time::Duration;

use crate::secret::SecretString;

/// Default server: the spec's `servers[0]`.
pub const DEFAULT_SERVER_URL: &str = "https://api.clerk.com/v1";

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
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            strategy: RetryStrategy::Backoff,
            backoff: BackoffStrategy::default(),
            retry_connection_errors: true,
        }
    }
}

impl RetryConfig {
    pub fn none() -> Self {
        RetryConfig { strategy: RetryStrategy::None, ..RetryConfig::default() }
    }
}

/// Options for one client. Unset values come from the environment
/// (`CLERK_SECRET_KEY`, `CLERK_API_URL`) or the defaults.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// Bearer secret key (`sk_…`); `None` reads `CLERK_SECRET_KEY`.
    pub secret_key: Option<SecretString>,
    /// Base URL including `/v1`; `None` reads `CLERK_API_URL`, else [`DEFAULT_SERVER_URL`].
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
    /// How the caller's language spells these options, for messages that say
    /// what to set; each binding passes its own (`OptionNames::PYTHON`).
    pub option_names: crate::option_names::OptionNames,
}

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
