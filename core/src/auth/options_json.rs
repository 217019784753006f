//! Auth options from a JSON object with the auth spec's snake_case names
//! (`secret_key`, `jwt_key`, `authorized_parties`, `clock_skew_in_ms`, …),
//! so every binding parses them the same way. `null` means unset; list
//! options also take a single string.
//!
//! An unknown key is an error naming it: a misspelled `authorized_partys`
//! or a camelCase `authorizedParties` that were ignored would switch the
//! check they name off without a word.

use std::time::Duration;

use serde_json::{Map, Value};

use super::options::{AcceptsToken, AuthenticateRequestOptions, VerifyTokenOptions, MAX_NETWORK_TIMEOUT};
use crate::error::Error;
use crate::secret::SecretString;

/// Why an option was refused; `TypeMismatch` and `Unknown` let a binding
/// raise its language's type error rather than a value error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionError {
    TypeMismatch {
        option: String,
        message: String,
    },
    BadValue {
        option: String,
        message: String,
    },
    /// The key is not an option of this function.
    Unknown {
        option: String,
        message: String,
    },
}

impl OptionError {
    pub fn option(&self) -> &str {
        match self {
            OptionError::TypeMismatch { option, .. }
            | OptionError::BadValue { option, .. }
            | OptionError::Unknown { option, .. } => option,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            OptionError::TypeMismatch { message, .. }
            | OptionError::BadValue { message, .. }
            | OptionError::Unknown { message, .. } => message,
        }
    }
}

impl OptionError {
    /// The same error for an option nested under `prefix` (`retry.` + `exponent`).
    pub(crate) fn prefixed(self, prefix: &str) -> Self {
        self.renamed_with(|option| Some(format!("{prefix}{option}")))
    }

    /// The same error with the option's first segment spelled as the
    /// caller's language spells it: `spelling` pairs the core's name with
    /// the binding's (`("retry", "retries")` makes `retries.max_attempts`).
    pub fn renamed(self, spelling: &[(&str, &str)]) -> Self {
        self.renamed_with(|option| {
            let (head, rest) = option.find('.').map_or((option, ""), |i| option.split_at(i));
            spelling.iter().find(|(core, _)| *core == head).map(|(_, own)| format!("{own}{rest}"))
        })
    }

    fn renamed_with(self, rename: impl Fn(&str) -> Option<String>) -> Self {
        let fix = |option: String, message: String| match rename(&option) {
            Some(full) => {
                let message = message.replacen(&format!("`{option}`"), &format!("`{full}`"), 1);
                (full, message)
            }
            None => (option, message),
        };
        match self {
            OptionError::TypeMismatch { option, message } => {
                let (option, message) = fix(option, message);
                OptionError::TypeMismatch { option, message }
            }
            OptionError::BadValue { option, message } => {
                let (option, message) = fix(option, message);
                OptionError::BadValue { option, message }
            }
            OptionError::Unknown { option, message } => {
                let (option, message) = fix(option, message);
                OptionError::Unknown { option, message }
            }
        }
    }
}

impl From<OptionError> for Error {
    fn from(e: OptionError) -> Self {
        Error::invalid_argument(format!("options.{}", e.option()), e.message())
    }
}

pub(crate) fn type_err(option: &str, expected: &str) -> OptionError {
    OptionError::TypeMismatch { option: option.to_owned(), message: format!("option `{option}` must be {expected}") }
}

/// The options of `verify_token` (and the verification part of the others).
pub(crate) const VERIFY_KEYS: &[&str] = &[
    "secret_key",
    "jwt_key",
    "api_url",
    "api_version",
    "authorized_parties",
    "audience",
    "issuer",
    "clock_skew_in_ms",
    "skip_jwks_cache",
    "max_token_length",
    "network_timeout_ms",
];

/// What `authenticate_request` and `verify_machine_token` add.
pub(crate) const REQUEST_KEYS: &[&str] = &[
    "publishable_key",
    "machine_secret_key",
    "accepts_token",
    "domain",
    "is_satellite",
    "proxy_url",
    "sign_in_url",
    "sign_up_url",
    "after_sign_in_url",
    "after_sign_up_url",
];

/// Spec options of the handshake layer (spec 11), which this core does not
/// have: refused with that reason rather than as unknown.
const HANDSHAKE_ONLY_KEYS: &[&str] = &["satellite_auto_sync", "organization_sync_options"];

/// Refuses any key of `map` not in `known` (the union of the lists), naming
/// it and the closest known option. `other` are options of a sibling
/// function, named as such.
pub(crate) fn check_keys(
    map: &Map<String, Value>,
    known: &[&[&str]],
    function: &str,
    other: Option<(&[&str], &str)>,
) -> Result<(), OptionError> {
    for key in map.keys() {
        if known.iter().any(|list| list.contains(&key.as_str())) {
            continue;
        }
        let shown = super::text::for_message(key, 64);
        let message = if HANDSHAKE_ONLY_KEYS.contains(&key.as_str()) {
            format!("option `{shown}` is not supported: it belongs to the handshake layer, which this SDK does not implement")
        } else if let Some((_, sibling)) = other.filter(|(list, _)| list.contains(&key.as_str())) {
            format!("option `{shown}` is not an option of {function} (it is one of {sibling})")
        } else {
            match suggestion(key, known) {
                Some(s) => format!("unknown option `{shown}` of {function} (did you mean `{s}`?)"),
                None => format!("unknown option `{shown}` of {function}"),
            }
        };
        return Err(OptionError::Unknown { option: shown, message });
    }
    Ok(())
}

/// `fooBar` → `foo_bar`.
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

/// The known option a key most likely meant: its snake_case form, else the
/// nearest by edit distance (at most 3 edits).
fn suggestion<'a>(key: &str, known: &[&[&'a str]]) -> Option<&'a str> {
    let snake = snake_case(key);
    let all = || known.iter().flat_map(|l| l.iter().copied());
    if let Some(k) = all().find(|k| *k == snake || k.eq_ignore_ascii_case(key)) {
        return Some(k);
    }
    if key.len() > 64 {
        return None;
    }
    all().map(|k| (edit_distance(&snake, k), k)).filter(|(d, _)| *d <= 3).min_by_key(|(d, _)| *d).map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if ca == *cb { diag } else { 1 + diag.min(up).min(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

pub(crate) struct Fields<'a>(pub(crate) &'a Map<String, Value>);

impl Fields<'_> {
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, OptionError> {
        self.get(key).map(|v| v.as_str().map(str::to_owned).ok_or_else(|| type_err(key, "a string"))).transpose()
    }

    pub(crate) fn secret(&self, key: &str) -> Result<Option<SecretString>, OptionError> {
        Ok(self.string(key)?.map(SecretString::new))
    }

    /// A string, or a list of strings.
    fn strings(&self, key: &str) -> Result<Vec<String>, OptionError> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| type_err(key, "a string or a list of strings")),
            Some(_) => Err(type_err(key, "a string or a list of strings")),
        }
    }

    pub(crate) fn int(&self, key: &str) -> Result<Option<i64>, OptionError> {
        self.get(key).map(|v| v.as_i64().ok_or_else(|| type_err(key, "an integer"))).transpose()
    }

    /// Truthy like the bindings' languages: absent, `null`, `false`, `0` and `""` are false.
    pub(crate) fn flag(&self, key: &str) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(o)) => !o.is_empty(),
            Some(Value::Null) => false,
        }
    }

    fn max_token_length(&self) -> Result<Option<usize>, OptionError> {
        self.int("max_token_length")?
            .map(|n| {
                usize::try_from(n).map_err(|_| OptionError::BadValue {
                    option: "max_token_length".into(),
                    message: "option `max_token_length` must be >= 0".into(),
                })
            })
            .transpose()
    }

    /// Milliseconds in 1..=[`MAX_NETWORK_TIMEOUT`].
    fn network_timeout(&self) -> Result<Option<Duration>, OptionError> {
        const KEY: &str = "network_timeout_ms";
        let Some(ms) = self.int(KEY)? else { return Ok(None) };
        let max = MAX_NETWORK_TIMEOUT.as_millis();
        if ms <= 0 || ms as u128 > max {
            return Err(OptionError::BadValue {
                option: KEY.into(),
                message: format!("option `{KEY}` must be between 1 and {max} (milliseconds)"),
            });
        }
        Ok(Some(Duration::from_millis(ms as u64)))
    }

    fn accepts_token(&self) -> Result<AcceptsToken, OptionError> {
        let parsed = match self.get("accepts_token") {
            None => return Ok(AcceptsToken::default()),
            Some(Value::String(s)) => AcceptsToken::parse(s),
            Some(Value::Array(_)) => AcceptsToken::parse_list(&self.strings("accepts_token")?),
            Some(_) => return Err(type_err("accepts_token", "a string or a list of strings")),
        };
        parsed.ok_or_else(|| OptionError::BadValue {
            option: "accepts_token".into(),
            message: "option `accepts_token`: expected session_token, api_key, m2m_token, oauth_token or any".into(),
        })
    }
}

pub(crate) fn object(v: &Value) -> Result<Fields<'_>, OptionError> {
    v.as_object().map(Fields).ok_or_else(|| OptionError::TypeMismatch {
        option: "options".into(),
        message: "options must be a JSON object".into(),
    })
}

impl VerifyTokenOptions {
    /// Options from a JSON object (see the module docs); an unknown key is
    /// an [`OptionError::Unknown`].
    pub fn from_json(v: &Value) -> Result<Self, OptionError> {
        let f = object(v)?;
        check_keys(f.0, &[VERIFY_KEYS], "verify_token", Some((REQUEST_KEYS, "authenticate_request")))?;
        Self::from_fields(&f)
    }

    fn from_fields(f: &Fields<'_>) -> Result<Self, OptionError> {
        Ok(VerifyTokenOptions {
            secret_key: f.secret("secret_key")?,
            jwt_key: f.string("jwt_key")?,
            api_url: f.string("api_url")?,
            api_version: f.string("api_version")?,
            authorized_parties: f.strings("authorized_parties")?,
            audience: f.strings("audience")?,
            issuer: f.strings("issuer")?,
            clock_skew_ms: f.int("clock_skew_in_ms")?,
            skip_jwks_cache: f.flag("skip_jwks_cache"),
            max_token_length: f.max_token_length()?,
            network_timeout: f.network_timeout()?,
        })
    }
}

impl AuthenticateRequestOptions {
    /// Options from a JSON object (see the module docs); an unknown key is
    /// an [`OptionError::Unknown`].
    pub fn from_json(v: &Value) -> Result<Self, OptionError> {
        let f = object(v)?;
        check_keys(f.0, &[VERIFY_KEYS, REQUEST_KEYS], "authenticate_request", None)?;
        let t = VerifyTokenOptions::from_fields(&f)?;
        Ok(AuthenticateRequestOptions {
            secret_key: t.secret_key,
            jwt_key: t.jwt_key,
            api_url: t.api_url,
            api_version: t.api_version,
            authorized_parties: t.authorized_parties,
            audience: t.audience,
            issuer: t.issuer,
            clock_skew_ms: t.clock_skew_ms,
            skip_jwks_cache: t.skip_jwks_cache,
            max_token_length: t.max_token_length,
            network_timeout: t.network_timeout,
            publishable_key: f.string("publishable_key")?,
            machine_secret_key: f.secret("machine_secret_key")?,
            accepts_token: f.accepts_token()?,
            domain: f.string("domain")?,
            is_satellite: f.flag("is_satellite"),
            proxy_url: f.string("proxy_url")?,
            sign_in_url: f.string("sign_in_url")?,
            sign_up_url: f.string("sign_up_url")?,
            after_sign_in_url: f.string("after_sign_in_url")?,
            after_sign_up_url: f.string("after_sign_up_url")?,
        })
    }
}
#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::auth::TokenType;

    #[test]
    fn all_fields() {
        let o = AuthenticateRequestOptions::from_json(&json!({
            "secret_key": "sk_test_x", "jwt_key": "PEM", "authorized_parties": "https://a.example",
            "audience": ["a", "b"], "clock_skew_in_ms": 10, "max_token_length": 99, "skip_jwks_cache": 1,
            "accepts_token": ["api_key", "m2m_token"], "is_satellite": true, "domain": "d.example",
            "network_timeout_ms": 1500,
        }))
        .unwrap();
        assert_eq!(o.secret_key.as_ref().map(|s| s.expose()), Some("sk_test_x"));
        assert_eq!(o.authorized_parties, ["https://a.example"]);
        assert_eq!(o.audience, ["a", "b"]);
        assert_eq!((o.clock_skew_ms, o.max_token_length), (Some(10), Some(99)));
        assert!(o.skip_jwks_cache && o.is_satellite);
        assert_eq!(o.accepts_token, AcceptsToken::List(vec![TokenType::ApiKey, TokenType::M2mToken]));
        assert_eq!(o.domain.as_deref(), Some("d.example"));
        assert_eq!(o.network_timeout, Some(std::time::Duration::from_millis(1500)));
    }

    /// Every option name, misspelled and in camelCase, is refused naming the
    /// key (and, where it can tell, the option meant).
    #[test]
    fn unknown_keys_are_refused_naming_them() {
        let all: Vec<&str> = VERIFY_KEYS.iter().chain(REQUEST_KEYS).copied().collect();
        let camel = |k: &str| {
            let mut out = String::new();
            let mut up = false;
            for c in k.chars() {
                if c == '_' {
                    up = true;
                } else {
                    out.push(if up { c.to_ascii_uppercase() } else { c });
                    up = false;
                }
            }
            out
        };
        for key in &all {
            let misspelled = format!("{key}s");
            let variants = [camel(key), misspelled, key.to_uppercase()];
            for bad in variants.iter().filter(|b| b.as_str() != *key) {
                let e = AuthenticateRequestOptions::from_json(&json!({ bad.as_str(): "x" })).unwrap_err();
                assert!(matches!(e, OptionError::Unknown { .. }), "{bad}: {e:?}");
                assert_eq!(e.option(), bad.as_str());
                assert!(e.message().contains(&format!("did you mean `{key}`")), "{bad}: {}", e.message());
                if VERIFY_KEYS.contains(key) {
                    let e = VerifyTokenOptions::from_json(&json!({ bad.as_str(): "x" })).unwrap_err();
                    assert_eq!(e.option(), bad.as_str(), "{e:?}");
                }
            }
        }
        // A null value does not make an unknown key harmless.
        let e = VerifyTokenOptions::from_json(&json!({"authorized_partys": null})).unwrap_err();
        assert_eq!(e.option(), "authorized_partys");
        let e = VerifyTokenOptions::from_json(&json!({"zzz": 1})).unwrap_err();
        assert_eq!(e.message(), "unknown option `zzz` of verify_token");
    }

    #[test]
    fn options_of_the_other_function_and_of_the_handshake_layer_are_named() {
        let e = VerifyTokenOptions::from_json(&json!({"publishable_key": "pk_test_x"})).unwrap_err();
        assert!(e.message().contains("one of authenticate_request"), "{}", e.message());
        let e = AuthenticateRequestOptions::from_json(&json!({"satellite_auto_sync": true})).unwrap_err();
        assert!(e.message().contains("handshake"), "{}", e.message());
    }

    #[test]
    fn network_timeout_is_range_checked() {
        for bad in [json!(0), json!(-5), json!(3_600_001)] {
            let e = VerifyTokenOptions::from_json(&json!({"network_timeout_ms": bad})).unwrap_err();
            assert!(matches!(e, OptionError::BadValue { ref option, .. } if option == "network_timeout_ms"), "{e:?}");
        }
        let e = VerifyTokenOptions::from_json(&json!({"network_timeout_ms": "5"})).unwrap_err();
        assert!(matches!(e, OptionError::TypeMismatch { .. }), "{e:?}");
    }

    #[test]
    fn nulls_are_unset() {
        let o = AuthenticateRequestOptions::from_json(&json!({"secret_key": null, "accepts_token": null})).unwrap();
        assert!(o.secret_key.is_none());
        assert_eq!(o.accepts_token, AcceptsToken::default());
    }

    #[test]
    fn wrong_types_and_values_are_named() {
        let e = VerifyTokenOptions::from_json(&json!({"jwt_key": 5})).unwrap_err();
        assert!(matches!(e, OptionError::TypeMismatch { ref option, .. } if option == "jwt_key"), "{e:?}");
        let e = VerifyTokenOptions::from_json(&json!({"audience": ["a", 1]})).unwrap_err();
        assert_eq!(e.option(), "audience");
        let e = VerifyTokenOptions::from_json(&json!({"max_token_length": -1})).unwrap_err();
        assert!(matches!(e, OptionError::BadValue { .. }), "{e:?}");
        let e = AuthenticateRequestOptions::from_json(&json!({"accepts_token": "bogus"})).unwrap_err();
        assert!(matches!(e, OptionError::BadValue { ref option, .. } if option == "accepts_token"), "{e:?}");
        assert!(VerifyTokenOptions::from_json(&json!([1])).is_err());
    }

    #[test]
    fn secrets_stay_out_of_errors() {
        let e = VerifyTokenOptions::from_json(&json!({"secret_key": ["sk_live_secret"]})).unwrap_err();
        assert!(!format!("{e:?}").contains("sk_live_secret"));
    }
}
