//! A string that never shows itself in `Debug`, `Display` or logs.

use std::fmt;

/// Holds a secret key, token or webhook secret. `Debug` and `Display` print
/// a redacted form (`sk_live_…` with the rest hidden), so a secret cannot
/// leak through an error message or a `tracing` field by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(s: impl Into<String>) -> Self {
        SecretString(s.into())
    }

    /// The secret itself; call only where it is put on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Redacted form: a known prefix (`sk_test_`, `whsec_`, …) and nothing else.
pub fn redact(s: &str) -> String {
    const PREFIXES: [&str; 8] = ["sk_live_", "sk_test_", "whsec_", "ak_", "mt_", "oat_", "pk_live_", "pk_test_"];
    let prefix = PREFIXES.iter().find(|p| s.starts_with(*p)).copied().unwrap_or("");
    format!("{prefix}[REDACTED]")
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretString({})", redact(&self.0))
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        SecretString(s.to_owned())
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        SecretString(s)
    }
}

/// `text` with every occurrence of `secret` replaced by its [`redact`]ed
/// form: for text that comes from elsewhere (a server's answer) and may echo
/// a key or token it was sent.
pub fn redact_secret_in(text: &str, secret: &str) -> String {
    if secret.is_empty() || !text.contains(secret) {
        return text.to_owned();
    }
    text.replace(secret, &redact(secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_secret() {
        let s = SecretString::new("sk_test_abcdef123456");
        assert_eq!(format!("{s:?}"), "SecretString(sk_test_[REDACTED])");
        assert_eq!(format!("{s}"), "sk_test_[REDACTED]");
        assert!(!format!("{s:?}{s}").contains("abcdef"));
    }
}
