//! Auth options from a JSON object with the auth spec's snake_case names
//! (`secret_key`, `jwt_key`, `authorized_parties`, `clock_skew_in_ms`, …),
//! so every binding parses them the same way. `null` means unset; list
//! options also take a single string.

use serde_json::{Map, Value};

use super::options::{AcceptsToken, AuthenticateRequestOptions, VerifyTokenOptions};
use crate::error::Error;
use crate::secret::SecretString;

/// Why an option was refused; `TypeMismatch` lets a binding raise its
/// language's type error rather than a value error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionError {
    TypeMismatch { option: String, message: String },
    BadValue { option: String, message: String },
}

impl OptionError {
    pub fn option(&self) -> &str {
        match self {
            OptionError::TypeMismatch { option, .. } | OptionError::BadValue { option, .. } => option,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            OptionError::TypeMismatch { message, .. } | OptionError::BadValue { message, .. } => message,
        }
    }
}

impl From<OptionError> for Error {
    fn from(e: OptionError) -> Self {
        Error::invalid_argument(format!("options.{}", e.option()), e.message())
    }
}

fn type_err(option: &str, expected: &str) -> OptionError {
    OptionError::TypeMismatch { option: option.to_owned(), message: format!("option `{option}` must be {expected}") }
}

struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    fn string(&self, key: &str) -> Result<Option<String>, OptionError> {
        self.get(key).map(|v| v.as_str().map(str::to_owned).ok_or_else(|| type_err(key, "a string"))).transpose()
    }

    fn secret(&self, key: &str) -> Result<Option<SecretString>, OptionError> {
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

    fn int(&self, key: &str) -> Result<Option<i64>, OptionError> {
        self.get(key).map(|v| v.as_i64().ok_or_else(|| type_err(key, "an integer"))).transpose()
    }

    /// Truthy like the bindings' languages: absent, `null`, `false`, `0` and `""` are false.
    fn flag(&self, key: &str) -> bool {
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

fn object(v: &Value) -> Result<Fields<'_>, OptionError> {
    v.as_object().map(Fields).ok_or_else(|| OptionError::TypeMismatch {
        option: "options".into(),
        message: "options must be a JSON object".into(),
    })
}

impl VerifyTokenOptions {
    /// Options from a JSON object (see the module docs); unknown keys are ignored.
    pub fn from_json(v: &Value) -> Result<Self, OptionError> {
        let f = object(v)?;
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
        })
    }
}

impl AuthenticateRequestOptions {
    /// Options from a JSON object (see the module docs); unknown keys are ignored.
    pub fn from_json(v: &Value) -> Result<Self, OptionError> {
        let t = VerifyTokenOptions::from_json(v)?;
        let f = object(v)?;
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
            "accepts_token": ["api_key", "m2m_token"], "is_satellite": true, "domain": "d.example", "unknown": [1],
        }))
        .unwrap();
        assert_eq!(o.secret_key.as_ref().map(|s| s.expose()), Some("sk_test_x"));
        assert_eq!(o.authorized_parties, ["https://a.example"]);
        assert_eq!(o.audience, ["a", "b"]);
        assert_eq!((o.clock_skew_ms, o.max_token_length), (Some(10), Some(99)));
        assert!(o.skip_jwks_cache && o.is_satellite);
        assert_eq!(o.accepts_token, AcceptsToken::List(vec![TokenType::ApiKey, TokenType::M2mToken]));
        assert_eq!(o.domain.as_deref(), Some("d.example"));
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
