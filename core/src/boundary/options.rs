//! [`ClientOptions`] and [`CallOptions`] from one JSON object each, with the
//! auth parser's typed errors ([`OptionError`]: wrong type, bad value,
//! unknown key, each naming the key) and its helpers, so that every binding
//! that hands over JSON (C, and Node/UniFFI through records serialized the
//! same way) gets the same names, checks and messages. `null` means unset.
//!
//! Client keys: `secret_key`, `server_url`, `api_version`, `default_headers`,
//! `timeout_ms`, `connect_timeout_ms`, `retry`, `proxy`, `max_response_bytes`,
//! `user_agent_suffix`. Call keys: `retry`, `timeout_ms`,
//! `connect_timeout_ms`, `server_url`, `headers`, `retry_non_idempotent`.
//! `retry` is `{"strategy": "backoff" | "none", "backoff":
//! {"initial_interval_ms", "max_interval_ms", "exponent",
//! "max_elapsed_time_ms"}, "retry_connection_errors", "max_attempts"}`, unset
//! fields taking [`RetryConfig::default`]'s values. Headers are
//! `{"name": "value"}`, `[["name", "value"]]` or `[{"name", "value"}]`.
//!
//! These parsers never read the environment: [`Client::new`](crate::Client::new)
//! applies `CLERK_SECRET_KEY` / `CLERK_API_URL` / `CLERK_API_VERSION` to
//! what is still unset, through [`super::env`].

use std::time::Duration;

use serde_json::{Map, Value};

use crate::auth::options_json::{check_keys, object, type_err, Fields};
use crate::auth::OptionError;
use crate::config::{duration_from_millis, BackoffStrategy, CallOptions, ClientOptions, RetryConfig, RetryStrategy};
use crate::error::Error;

/// The keys of a client's options object.
pub const CLIENT_KEYS: &[&str] = &[
    "secret_key",
    "server_url",
    "api_version",
    "default_headers",
    "timeout_ms",
    "connect_timeout_ms",
    "retry",
    "proxy",
    "max_response_bytes",
    "user_agent_suffix",
];

/// The keys of one call's options object.
pub const CALL_KEYS: &[&str] =
    &["retry", "timeout_ms", "connect_timeout_ms", "server_url", "headers", "retry_non_idempotent"];

const RETRY_KEYS: &[&str] = &["strategy", "backoff", "retry_connection_errors", "max_attempts"];
const BACKOFF_KEYS: &[&str] = &["initial_interval_ms", "max_interval_ms", "exponent", "max_elapsed_time_ms"];

fn bad_value(option: &str, message: impl Into<String>) -> OptionError {
    OptionError::BadValue { option: option.to_owned(), message: format!("option `{option}` {}", message.into()) }
}

/// A core range check's [`Error::InvalidArgument`] as the parser's error,
/// keeping the parameter it names.
fn from_range_check(e: Error) -> OptionError {
    match e {
        Error::InvalidArgument { parameter, message } => bad_value(&parameter, message),
        other => bad_value("options", other.to_string()),
    }
}

impl Fields<'_> {
    /// Strictly `true` or `false`.
    fn bool(&self, key: &str) -> Result<Option<bool>, OptionError> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| type_err(key, "true or false"))).transpose()
    }

    /// A non-negative integer.
    fn uint(&self, key: &str) -> Result<Option<u64>, OptionError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if v.is_u64() => Ok(v.as_u64()),
            Some(v) if v.is_i64() => Err(bad_value(key, "must be >= 0")),
            Some(_) => Err(type_err(key, "an integer")),
        }
    }

    /// Milliseconds through the core's one range check ([`duration_from_millis`]).
    fn millis(&self, key: &str) -> Result<Option<Duration>, OptionError> {
        let Some(v) = self.get(key) else { return Ok(None) };
        let ms = v.as_f64().ok_or_else(|| type_err(key, "a number of milliseconds"))?;
        duration_from_millis(key, ms).map(Some).map_err(from_range_check)
    }

    fn headers(&self, key: &str) -> Result<Vec<(String, String)>, OptionError> {
        self.get(key).map_or(Ok(Vec::new()), |v| header_pairs(v, key))
    }

    fn object_at(&self, key: &str) -> Result<Option<Fields<'_>>, OptionError> {
        self.get(key).map(|v| v.as_object().map(Fields).ok_or_else(|| type_err(key, "an object"))).transpose()
    }

    fn retry(&self, key: &str) -> Result<Option<RetryConfig>, OptionError> {
        self.object_at(key)?.map(|f| retry_from_fields(&f).map_err(|e| e.prefixed(&format!("{key}.")))).transpose()
    }
}

/// Headers as `{"name": "value"}`, `[["name", "value"]]` or
/// `[{"name": …, "value": …}]` (the shape of [`super::Header`]), in order.
/// Names and values are checked when the request is built.
pub fn header_pairs(v: &Value, option: &str) -> Result<Vec<(String, String)>, OptionError> {
    const SHAPE: &str = "an object of strings, a list of [name, value] pairs or a list of {name, value} records";
    let bad = || type_err(option, SHAPE);
    let record = |m: &Map<String, Value>| match (m.len(), m.get("name"), m.get("value")) {
        (2, Some(Value::String(n)), Some(Value::String(v))) => Some((n.clone(), v.clone())),
        _ => None,
    };
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Object(m) => {
            m.iter().map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())).ok_or_else(bad)).collect()
        }
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Array(pair) => match pair.as_slice() {
                    [Value::String(n), Value::String(v)] => Some((n.clone(), v.clone())),
                    _ => None,
                },
                Value::Object(m) => record(m),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(bad),
        _ => Err(bad()),
    }
}

fn retry_from_fields(f: &Fields<'_>) -> Result<RetryConfig, OptionError> {
    check_keys(f.0, &[RETRY_KEYS], "retry", None)?;
    let defaults = RetryConfig::default();
    let strategy = match f.string("strategy")?.as_deref() {
        None | Some("backoff") => RetryStrategy::Backoff,
        Some("none") => RetryStrategy::None,
        Some(_) => return Err(bad_value("strategy", "must be \"backoff\" or \"none\"")),
    };
    let backoff = match f.object_at("backoff")? {
        None => defaults.backoff,
        Some(b) => backoff_from_fields(&b).map_err(|e| e.prefixed("backoff."))?,
    };
    let max_attempts = match f.uint("max_attempts")? {
        None => defaults.max_attempts,
        Some(n) => u32::try_from(n).map_err(|_| bad_value("max_attempts", "is too large"))?,
    };
    let config = RetryConfig {
        strategy,
        backoff,
        retry_connection_errors: f.bool("retry_connection_errors")?.unwrap_or(defaults.retry_connection_errors),
        max_attempts,
    };
    // The core's range checks; `validate` names the field under "" so the
    // caller's prefix ("retry.") makes the full name.
    config.validate("").map_err(|e| from_range_check(strip_leading_dot(e)))?;
    Ok(config)
}

fn strip_leading_dot(e: Error) -> Error {
    match e {
        Error::InvalidArgument { parameter, message } => {
            Error::InvalidArgument { parameter: parameter.trim_start_matches('.').to_owned(), message }
        }
        other => other,
    }
}

fn backoff_from_fields(f: &Fields<'_>) -> Result<BackoffStrategy, OptionError> {
    check_keys(f.0, &[BACKOFF_KEYS], "retry.backoff", None)?;
    let d = BackoffStrategy::default();
    let exponent = match f.get("exponent") {
        None => d.exponent,
        Some(v) => v.as_f64().ok_or_else(|| type_err("exponent", "a number"))?,
    };
    Ok(BackoffStrategy {
        initial_interval_ms: f.uint("initial_interval_ms")?.unwrap_or(d.initial_interval_ms),
        max_interval_ms: f.uint("max_interval_ms")?.unwrap_or(d.max_interval_ms),
        exponent,
        max_elapsed_time_ms: f.uint("max_elapsed_time_ms")?.unwrap_or(d.max_elapsed_time_ms),
    })
}

impl ClientOptions {
    /// Client options from a JSON object (see the module docs). The
    /// `option_names` stay the default; a binding sets its own.
    pub fn from_json(v: &Value) -> Result<Self, OptionError> {
        let f = object(v)?;
        check_keys(f.0, &[CLIENT_KEYS], "the client options", Some((CALL_KEYS, "the call options")))?;
        let max_response_bytes = f.uint("max_response_bytes")?;
        if max_response_bytes == Some(0) {
            return Err(bad_value("max_response_bytes", "must be above zero"));
        }
        Ok(ClientOptions {
            secret_key: f.secret("secret_key")?,
            server_url: f.string("server_url")?,
            api_version: f.string("api_version")?,
            default_headers: f.headers("default_headers")?,
            connect_timeout: f.millis("connect_timeout_ms")?,
            timeout: f.millis("timeout_ms")?,
            retry: f.retry("retry")?,
            proxy: f.string("proxy")?,
            user_agent_suffix: f.string("user_agent_suffix")?,
            max_response_bytes,
            option_names: Default::default(),
            request_log: None,
        })
    }
}

impl CallOptions {
    /// One call's options from a JSON object (see the module docs).
    pub fn from_json(v: &Value) -> Result<Self, OptionError> {
        let f = object(v)?;
        check_keys(f.0, &[CALL_KEYS], "the call options", Some((CLIENT_KEYS, "the client options")))?;
        Ok(CallOptions {
            retry: f.retry("retry")?,
            timeout: f.millis("timeout_ms")?,
            connect_timeout: f.millis("connect_timeout_ms")?,
            server_url: f.string("server_url")?,
            headers: f.headers("headers")?,
            retry_non_idempotent: f.bool("retry_non_idempotent")?.unwrap_or(false),
        })
    }
}
