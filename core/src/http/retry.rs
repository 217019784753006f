//! When to retry, and how long to wait first.
//!
//! The defaults never send a request twice once the server may have acted on
//! it, unless the method is idempotent (GET, PUT, DELETE) or the caller opted
//! in for that call: a POST or PATCH is retried only when it provably never
//! reached the server (connection refused, DNS), or when the server refused it
//! with 429/503 and said when to come back (`Retry-After`).

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use rand::Rng;

use crate::config::{BackoffStrategy, RetryConfig, RetryStrategy};
use crate::ops::HttpMethod;

/// Time as the retry loop sees it. Injected so tests can run backoff and
/// `Retry-After` waits on a virtual clock instead of sleeping.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Instant;
    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// Real time on the tokio timer.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(d))
    }
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with a non-success status.
    Status { status: u16, has_retry_after: bool },
    /// The connection was never made (refused, DNS, connect timeout): the
    /// server cannot have seen the request.
    NotSent,
    /// Like `NotSent`, and unlikely to change soon: refused by a loopback
    /// host, or the host name does not resolve. Retried only a little.
    Unreachable,
    /// Failed after the request may have reached the server (reset, timeout).
    MaybeSent,
    /// Will fail the same way again (TLS certificate, bad request body).
    Permanent,
}

/// Whether an attempt that ended with `outcome` may be retried.
pub fn should_retry(config: &RetryConfig, method: HttpMethod, retry_non_idempotent: bool, outcome: Outcome) -> bool {
    if config.strategy == RetryStrategy::None {
        return false;
    }
    let replay_safe = method.is_idempotent() || retry_non_idempotent;
    match outcome {
        Outcome::Status { status, has_retry_after } => {
            let transient = status == 429 || (500..=599).contains(&status);
            transient && (replay_safe || ((status == 429 || status == 503) && has_retry_after))
        }
        Outcome::NotSent | Outcome::Unreachable => config.retry_connection_errors,
        Outcome::MaybeSent => config.retry_connection_errors && replay_safe,
        Outcome::Permanent => false,
    }
}

/// Full-jitter wait before retry number `retry` (1 for the first retry):
/// uniform in `[0, min(max_interval, initial * exponent^(retry-1))]`.
pub fn backoff_delay(backoff: &BackoffStrategy, retry: u32) -> Duration {
    let cap = backoff_cap(backoff, retry);
    if cap.is_zero() {
        return cap;
    }
    let millis = rand::thread_rng().gen_range(0..=cap.as_millis().min(u128::from(u64::MAX)) as u64);
    Duration::from_millis(millis)
}

/// The upper bound of [`backoff_delay`].
pub fn backoff_cap(backoff: &BackoffStrategy, retry: u32) -> Duration {
    let exp = backoff.exponent.max(1.0).powi(retry.saturating_sub(1).min(64) as i32);
    let ms = (backoff.initial_interval_ms as f64 * exp).min(backoff.max_interval_ms as f64);
    Duration::from_millis(if ms.is_finite() && ms > 0.0 { ms as u64 } else { 0 })
}

/// Parses `Retry-After`: delay seconds or an HTTP date (a past date means now).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> RetryConfig {
        RetryConfig::default()
    }

    #[test]
    fn idempotent_methods_retry_on_transient_statuses() {
        for m in [HttpMethod::Get, HttpMethod::Put, HttpMethod::Delete] {
            for status in [429, 500, 502, 503, 504] {
                assert!(should_retry(&cfg(), m, false, Outcome::Status { status, has_retry_after: false }));
            }
            assert!(!should_retry(&cfg(), m, false, Outcome::Status { status: 404, has_retry_after: true }));
            assert!(should_retry(&cfg(), m, false, Outcome::MaybeSent));
        }
    }

    #[test]
    fn post_and_patch_retry_only_when_safe() {
        for m in [HttpMethod::Post, HttpMethod::Patch] {
            assert!(!should_retry(&cfg(), m, false, Outcome::Status { status: 500, has_retry_after: true }));
            assert!(!should_retry(&cfg(), m, false, Outcome::Status { status: 503, has_retry_after: false }));
            assert!(should_retry(&cfg(), m, false, Outcome::Status { status: 503, has_retry_after: true }));
            assert!(should_retry(&cfg(), m, false, Outcome::Status { status: 429, has_retry_after: true }));
            assert!(!should_retry(&cfg(), m, false, Outcome::MaybeSent));
            assert!(should_retry(&cfg(), m, false, Outcome::NotSent));
            assert!(should_retry(&cfg(), m, true, Outcome::MaybeSent));
            assert!(should_retry(&cfg(), m, true, Outcome::Status { status: 500, has_retry_after: false }));
        }
    }

    #[test]
    fn no_strategy_and_no_connection_retries() {
        let none = RetryConfig::none();
        assert!(!should_retry(&none, HttpMethod::Get, true, Outcome::Status { status: 503, has_retry_after: true }));
        let no_conn = RetryConfig { retry_connection_errors: false, ..cfg() };
        assert!(!should_retry(&no_conn, HttpMethod::Get, false, Outcome::NotSent));
        assert!(!should_retry(&no_conn, HttpMethod::Get, false, Outcome::MaybeSent));
        assert!(!should_retry(&cfg(), HttpMethod::Get, false, Outcome::Permanent));
    }

    #[test]
    fn backoff_grows_to_the_cap_and_jitters_below_it() {
        let b =
            BackoffStrategy { initial_interval_ms: 500, max_interval_ms: 3_000, exponent: 2.0, max_elapsed_time_ms: 0 };
        let caps: Vec<u64> = (1..=5).map(|r| backoff_cap(&b, r).as_millis() as u64).collect();
        assert_eq!(caps, [500, 1000, 2000, 3000, 3000]);
        let samples: Vec<Duration> = (0..200).map(|_| backoff_delay(&b, 3)).collect();
        assert!(samples.iter().all(|d| *d <= Duration::from_millis(2000)));
        // Full jitter spreads over the whole range, not just near the cap.
        assert!(samples.iter().any(|d| *d < Duration::from_millis(1000)));
        assert!(samples.iter().any(|d| *d > Duration::from_millis(1000)));
    }

    #[test]
    fn retry_after_in_both_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        let date = httpdate::fmt_http_date(now + Duration::from_secs(5));
        assert_eq!(parse_retry_after(&date, now), Some(Duration::from_secs(5)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }
}
