//! Client and call options from the options JSON. Interim: the boundary
//! layer's own parsers (branch h/bopts) replace this module when they land.

use std::time::Duration;

use clerk_backend::{CallOptions, ClientOptions, OptionNames, RetryConfig, SecretString};
use serde_json::{Map, Value};

use crate::error::ClerkError;
use crate::panic::Outcome;

fn object<'a>(v: &'a Value, name: &str) -> Outcome<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| ClerkError::invalid_argument(name, "must be a JSON object"))
}

fn known(o: &Map<String, Value>, keys: &[&str], name: &str) -> Outcome<()> {
    match o.keys().find(|k| !keys.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(ClerkError::invalid_argument(
            &format!("{name}.{k}"),
            &format!("unknown option; known: {}", keys.join(", ")),
        )),
    }
}

pub(crate) fn opt_str(o: &Map<String, Value>, key: &str, name: &str) -> Outcome<Option<String>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ClerkError::invalid_argument(&format!("{name}.{key}"), "must be a string")),
    }
}

fn opt_millis(o: &Map<String, Value>, key: &str, name: &str) -> Outcome<Option<Duration>> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        // The core's one range check: `1e300` is invalid_argument, never a panic.
        Some(v) => match v.as_f64() {
            Some(ms) => Ok(Some(clerk_backend::duration_from_millis(&format!("{name}.{key}"), ms)?)),
            None => {
                Err(ClerkError::invalid_argument(&format!("{name}.{key}"), "must be a positive number of milliseconds"))
            }
        },
    }
}

/// `[["name", "value"], ...]` or `{"name": "value"}`.
pub(crate) fn header_pairs(v: &Value, name: &str) -> Outcome<Vec<(String, String)>> {
    let bad = || ClerkError::invalid_argument(name, "must be an object of strings or a list of [name, value] pairs");
    match v {
        Value::Null => Ok(Vec::new()),
        Value::Object(m) => {
            m.iter().map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())).ok_or_else(bad)).collect()
        }
        Value::Array(items) => items
            .iter()
            .map(|p| match p.as_array().map(Vec::as_slice) {
                Some([Value::String(k), Value::String(v)]) => Ok((k.clone(), v.clone())),
                _ => Err(bad()),
            })
            .collect(),
        _ => Err(bad()),
    }
}

/// `"retries"`: `false` (no retries), `true` (the default policy) or an attempt count.
fn retries(o: &Map<String, Value>, name: &str) -> Outcome<Option<RetryConfig>> {
    let key = format!("{name}.retries");
    let retry = match o.get("retries") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Bool(false)) => RetryConfig::none(),
        Some(Value::Bool(true)) => RetryConfig::default(),
        Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => RetryConfig { max_attempts: n.saturating_add(1), ..RetryConfig::default() },
            None => return Err(ClerkError::invalid_argument(&key, "must be true, false or a number of retries")),
        },
    };
    retry.validate(&key)?;
    Ok(Some(retry))
}

pub(crate) fn client_options(v: &Value, name: &str) -> Outcome<ClientOptions> {
    let o = object(v, name)?;
    known(
        o,
        &["secret_key", "server_url", "timeout_ms", "connect_timeout_ms", "default_headers", "proxy", "retries"],
        name,
    )?;
    Ok(ClientOptions {
        secret_key: opt_str(o, "secret_key", name)?.map(SecretString::new),
        server_url: opt_str(o, "server_url", name)?,
        timeout: opt_millis(o, "timeout_ms", name)?,
        connect_timeout: opt_millis(o, "connect_timeout_ms", name)?,
        default_headers: header_pairs(
            o.get("default_headers").unwrap_or(&Value::Null),
            &format!("{name}.default_headers"),
        )?,
        proxy: opt_str(o, "proxy", name)?,
        retry: retries(o, name)?,
        user_agent_suffix: Some("c".to_owned()),
        option_names: OptionNames::C,
        ..ClientOptions::default()
    })
}

pub(crate) fn call_options(v: &Value, name: &str) -> Outcome<CallOptions> {
    let o = object(v, name)?;
    known(o, &["timeout_ms", "connect_timeout_ms", "server_url", "headers", "retries"], name)?;
    Ok(CallOptions {
        retry: retries(o, name)?,
        timeout: opt_millis(o, "timeout_ms", name)?,
        connect_timeout: opt_millis(o, "connect_timeout_ms", name)?,
        server_url: opt_str(o, "server_url", name)?,
        headers: header_pairs(o.get("headers").unwrap_or(&Value::Null), &format!("{name}.headers"))?,
        ..CallOptions::default()
    })
}
