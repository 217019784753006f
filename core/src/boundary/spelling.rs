//! Option objects spelled in camelCase (Node; Kotlin and Swift records), turned
//! into the snake_case JSON the core's parsers read, and their errors turned
//! back, so that a message names `secretKey` or `retryConfig.maxAttempts` —
//! what the caller wrote — and never a core spelling the caller cannot use.
//!
//! A snake_case key is refused (naming the camelCase option): accepting both
//! spellings would give every option two names.

use serde_json::{Map, Value};

use crate::auth::OptionError;

/// The option objects that hold further options (renamed inside too); any
/// other value (headers, lists) is passed as given.
const NESTED: &[&str] = &["retry", "backoff"];

/// How one function's options are spelled: camelCase of the core's name,
/// except for the `renames` pairs `(camelCase name, core name)`.
#[derive(Debug, Clone, Copy)]
pub struct Spelling {
    renames: &'static [(&'static str, &'static str)],
}

impl Spelling {
    /// `new Clerk({ secretKey, headers, retryConfig, ... })`: `@clerk/backend`'s names.
    pub const CAMEL_CLIENT: Spelling =
        Spelling { renames: &[("headers", "default_headers"), ("retryConfig", "retry")] };
    /// One call's `{ timeoutMs, retries, headers, serverUrl }`.
    pub const CAMEL_CALL: Spelling = Spelling { renames: &[("retries", "retry")] };
    /// One call's `RequestOptions(timeoutMs, retryConfig, headers, serverUrl)` in Kotlin and
    /// Swift, whose client and call options share the name `retryConfig`.
    pub const CAMEL_CALL_RETRY_CONFIG: Spelling = Spelling { renames: &[("retryConfig", "retry")] };
    /// The auth options (`jwtKey`, `authorizedParties`, `clockSkewInMs`, ...).
    pub const CAMEL: Spelling = Spelling { renames: &[] };

    fn core_name(&self, key: &str) -> String {
        self.renames.iter().find(|(own, _)| *own == key).map_or_else(|| snake_case(key), |(_, core)| (*core).to_owned())
    }

    fn own_name(&self, core: &str) -> String {
        self.renames.iter().find(|(_, c)| *c == core).map_or_else(|| camel_case(core), |(own, _)| (*own).to_owned())
    }

    /// The options object with the core's key names. Values other than
    /// nested option objects are not touched.
    pub fn to_core(&self, v: &Value) -> Result<Value, OptionError> {
        self.rename_object(v, "")
    }

    fn rename_object(&self, v: &Value, path: &str) -> Result<Value, OptionError> {
        let Value::Object(map) = v else { return Ok(v.clone()) };
        let mut out = Map::with_capacity(map.len());
        for (key, value) in map {
            let core = self.core_name(key);
            let own = self.own_name(&core);
            if own != *key {
                let shown = crate::auth::text::for_message(key, 64);
                return Err(OptionError::Unknown {
                    option: format!("{path}{shown}"),
                    message: format!("unknown option `{path}{shown}` (did you mean `{path}{own}`?)"),
                });
            }
            let value = if NESTED.contains(&core.as_str()) {
                self.rename_object(value, &format!("{path}{own}."))?
            } else {
                value.clone()
            };
            out.insert(core, value);
        }
        Ok(Value::Object(out))
    }

    /// `parser` (`ClientOptions::from_json`, ...) applied to the camelCase
    /// options `v`, its errors naming the options as the caller spelled them.
    pub fn parse<T>(&self, v: &Value, parser: impl FnOnce(&Value) -> Result<T, OptionError>) -> Result<T, OptionError> {
        parser(&self.to_core(v)?).map_err(|e| self.error(e))
    }

    /// `e` (from a core parser given [`Spelling::to_core`]'s output) naming
    /// the options as the caller spelled them, in its option and message.
    pub fn error(&self, e: OptionError) -> OptionError {
        let path = |p: &str| p.split('.').map(|s| self.own_name(s)).collect::<Vec<_>>().join(".");
        let option = path(e.option());
        let message = respell_quoted(e.message(), &path);
        match e {
            OptionError::TypeMismatch { .. } => OptionError::TypeMismatch { option, message },
            OptionError::BadValue { .. } => OptionError::BadValue { option, message },
            OptionError::Unknown { .. } => OptionError::Unknown { option, message },
        }
    }
}

/// Every `` `name` `` of a message that looks like an option path, respelled.
fn respell_quoted(message: &str, path: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(message.len() + 8);
    let mut parts = message.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('`');
        let quoted = i % 2 == 0;
        let option_like = !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
        if quoted && option_like {
            out.push_str(&path(part));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// `clockSkewInMs` → `clock_skew_in_ms`.
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `clock_skew_in_ms` → `clockSkewInMs`.
fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::auth::{AuthenticateRequestOptions, VerifyTokenOptions};
    use crate::config::{CallOptions, ClientOptions};

    fn client(v: Value) -> Result<ClientOptions, OptionError> {
        Spelling::CAMEL_CLIENT.parse(&v, ClientOptions::from_json)
    }

    #[test]
    fn camel_case_client_and_call_options_reach_the_core_parsers() {
        let o = client(json!({
            "secretKey": "sk_test_x", "serverUrl": "http://127.0.0.1:1", "timeoutMs": 1500,
            "headers": {"X-Trace_Id": "a"},
            "retryConfig": {"maxAttempts": 2, "backoff": {"initialIntervalMs": 7}, "retryConnectionErrors": false},
        }))
        .unwrap();
        assert_eq!(o.secret_key.unwrap().expose(), "sk_test_x");
        assert_eq!(o.default_headers, vec![("X-Trace_Id".to_owned(), "a".to_owned())]);
        let retry = o.retry.unwrap();
        assert_eq!((retry.max_attempts, retry.backoff.initial_interval_ms), (2, 7));
        let s = Spelling::CAMEL_CALL;
        let call =
            CallOptions::from_json(&s.to_core(&json!({"retries": {"strategy": "none"}, "timeoutMs": 5})).unwrap())
                .unwrap();
        assert_eq!(call.timeout, Some(std::time::Duration::from_millis(5)));
    }

    #[test]
    fn errors_name_the_options_as_the_caller_spelled_them() {
        let e = client(json!({"retryConfig": {"backoff": {"exponent": "x"}}})).unwrap_err();
        assert_eq!(e.option(), "retryConfig.backoff.exponent");
        assert!(e.message().contains("`retryConfig.backoff.exponent`"), "{}", e.message());
        let e = client(json!({"secret_key": "sk_test_x"})).unwrap_err();
        assert!(matches!(e, OptionError::Unknown { .. }));
        assert!(e.message().contains("did you mean `secretKey`?") && !e.message().contains("sk_test"), "{e:?}");
        let e = client(json!({"retryConfig": {"max_attempts": 1}})).unwrap_err();
        assert_eq!(e.option(), "retryConfig.max_attempts");
        assert!(e.message().contains("`retryConfig.maxAttempts`"), "{}", e.message());
        let e = client(json!({"secretKeys": "x"})).unwrap_err();
        assert!(e.message().contains("`secretKeys`") && e.message().contains("`secretKey`"), "{}", e.message());
        let e = client(json!({"timeoutMs": "soon"})).unwrap_err();
        assert!(matches!(e, OptionError::TypeMismatch { .. }) && e.message().contains("`timeoutMs`"), "{e:?}");
        let e = client(json!({"retries": {}})).unwrap_err();
        assert!(e.message().contains("did you mean `retryConfig`?"), "{}", e.message());
        // A renamed option's core name is not a second spelling.
        assert!(client(json!({"defaultHeaders": {}})).is_err());
    }

    #[test]
    fn kotlin_and_swift_call_options_say_retry_config() {
        let s = Spelling::CAMEL_CALL_RETRY_CONFIG;
        let call = s
            .parse(
                &json!({"timeoutMs": 5, "headers": {"X-A": "b"}, "retryConfig": {"strategy": "none"}}),
                CallOptions::from_json,
            )
            .unwrap();
        assert_eq!(call.timeout, Some(std::time::Duration::from_millis(5)));
        let e = s.parse(&json!({"retryConfig": {"maxAttempts": -1}}), CallOptions::from_json).unwrap_err();
        assert_eq!(e.option(), "retryConfig.maxAttempts");
        let e = s.parse(&json!({"retries": {}}), CallOptions::from_json).unwrap_err();
        assert!(e.message().contains("did you mean `retryConfig`?"), "{}", e.message());
    }

    #[test]
    fn auth_options_in_camel_case() {
        let s = Spelling::CAMEL;
        let v = s.to_core(&json!({"jwtKey": "k", "authorizedParties": ["https://a"], "clockSkewInMs": 10})).unwrap();
        let o = VerifyTokenOptions::from_json(&v).unwrap();
        assert_eq!(o.authorized_parties, vec!["https://a".to_owned()]);
        let v = s.to_core(&json!({"acceptsToken": "any", "publishableKey": "pk_test_x"})).unwrap();
        AuthenticateRequestOptions::from_json(&v).unwrap();
        let e = s.parse(&json!({"authorizedPartys": 1}), VerifyTokenOptions::from_json).unwrap_err();
        assert!(e.message().contains("`authorizedPartys`") && e.message().contains("`authorizedParties`"), "{e:?}");
    }
}
