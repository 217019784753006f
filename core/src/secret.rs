//! A string that never shows itself in `Debug`, `Display` or logs, and the
//! [`Redactor`] that takes secrets out of what a server sends back.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use memchr::memmem;

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

/// Removes known secrets from text a server (or a proxy in front of it) sent
/// back: response bodies, header values, messages. A secret is found as sent
/// and JSON-escaped, any of its characters possibly written `\uXXXX` (or `\/`),
/// since an echo of the request inside a JSON string may be escaped that way.
///
/// The common case (no secret, no escape that could hide one) is one or two
/// `memmem` scans per secret and no copy, so it is cheap on large pages.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Non-empty secrets and their redacted forms.
    secrets: Vec<(String, String)>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut out: Vec<(String, String)> = Vec::new();
        for s in secrets.into_iter().filter(|s| !s.is_empty()) {
            if !out.iter().any(|(known, _)| known == s) {
                out.push((s.to_owned(), redact(s)));
            }
        }
        // Longest first, so that a secret containing another is replaced whole.
        out.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        Redactor { secrets: out }
    }

    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// `text` with every occurrence of a secret replaced; borrowed when there is none.
    pub fn redact_str<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.redact_slice(text.as_bytes()) {
            // Replacements are whole UTF-8 sequences cut at ASCII boundaries.
            Some(bytes) => Cow::Owned(
                String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
            None => Cow::Borrowed(text),
        }
    }

    /// [`Redactor::redact_str`] for owned text.
    pub fn redact_string(&self, text: String) -> String {
        match self.redact_str(&text) {
            Cow::Owned(s) => s,
            Cow::Borrowed(_) => text,
        }
    }

    /// `body` with every secret replaced; the same buffer when there is none.
    pub fn redact_bytes(&self, body: Bytes) -> Bytes {
        match self.redact_slice(&body) {
            Some(bytes) => Bytes::from(bytes),
            None => body,
        }
    }

    /// Whether `hay` holds any secret, plain or escaped.
    pub fn finds_secret_in(&self, hay: &[u8]) -> bool {
        self.secrets.iter().any(|(s, _)| first_match(hay, s.as_bytes(), may_hide_escapes(hay)).is_some())
    }

    fn redact_slice(&self, hay: &[u8]) -> Option<Vec<u8>> {
        if self.secrets.is_empty() {
            return None;
        }
        let escapes = may_hide_escapes(hay);
        let mut current: Option<Vec<u8>> = None;
        for (secret, hidden) in &self.secrets {
            let text = current.as_deref().unwrap_or(hay);
            let Some(first) = first_match(text, secret.as_bytes(), escapes) else { continue };
            let mut out = Vec::with_capacity(text.len());
            let mut at = 0;
            let mut next = Some(first);
            while let Some((start, end)) = next {
                out.extend_from_slice(&text[at..start]);
                out.extend_from_slice(hidden.as_bytes());
                at = end;
                next = first_match(&text[at..], secret.as_bytes(), escapes).map(|(s, e)| (s + at, e + at));
            }
            out.extend_from_slice(&text[at..]);
            current = Some(out);
        }
        current
    }
}

/// Whether `hay` has a JSON escape that could spell a secret's character.
fn may_hide_escapes(hay: &[u8]) -> bool {
    memmem::find(hay, b"\\u").is_some() || memmem::find(hay, b"\\/").is_some()
}

/// The first `(start, end)` where `secret` occurs in `hay`, as is or with
/// characters JSON-escaped (only searched for when `escapes` says any exist).
fn first_match(hay: &[u8], secret: &[u8], escapes: bool) -> Option<(usize, usize)> {
    let plain = memmem::find(hay, secret).map(|i| (i, i + secret.len()));
    if !escapes {
        return plain;
    }
    let limit = plain.map_or(hay.len(), |(i, _)| i);
    let first = *secret.first()?;
    memchr::memchr2_iter(first, b'\\', &hay[..limit])
        .find_map(|start| match_escaped(hay, start, secret).map(|end| (start, end)))
        .or(plain)
}

/// Where a possibly escaped `secret` starting at `start` ends.
fn match_escaped(hay: &[u8], start: usize, secret: &[u8]) -> Option<usize> {
    let mut i = start;
    for &c in secret {
        i = if hay.get(i) == Some(&c) {
            i + 1
        } else if c == b'/' && hay.get(i..i + 2) == Some(b"\\/") {
            i + 2
        } else if c.is_ascii() && hay.get(i..i + 2) == Some(b"\\u") {
            let hex = std::str::from_utf8(hay.get(i + 2..i + 6)?).ok()?;
            (u32::from_str_radix(hex, 16).ok()? == u32::from(c)).then_some(i + 6)?
        } else {
            return None;
        };
    }
    Some(i)
}

/// `text` with every occurrence of `secret` (plain or JSON-escaped) replaced by
/// its [`redact`]ed form: for text that comes from elsewhere (a server's
/// answer) and may echo a key or token it was sent.
pub fn redact_secret_in(text: &str, secret: &str) -> String {
    Redactor::new([secret]).redact_str(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redactor_finds_plain_and_json_escaped_echoes() {
        let r = Redactor::new(["sk_test_abc123", ""]);
        assert_eq!(r.redact_str("no secret here"), Cow::Borrowed("no secret here"));
        assert_eq!(r.redact_str("a sk_test_abc123 b sk_test_abc123"), "a sk_test_[REDACTED] b sk_test_[REDACTED]");
        let escaped = r#"{"echo":"Bearer sk\u005ftest\u005Fabc123","x":"\u0073k_test_abc\u0031\u00323"}"#;
        let out = r.redact_str(escaped);
        assert!(!out.contains("abc"), "{out}");
        assert_eq!(out, r#"{"echo":"Bearer sk_test_[REDACTED]","x":"sk_test_[REDACTED]"}"#);
        // A near miss is left alone, escapes or not.
        assert_eq!(r.redact_str(r#"sk\u005ftest_abc124"#), r#"sk\u005ftest_abc124"#);
        let body = Bytes::from_static(b"[1,2,3]");
        assert_eq!(r.redact_bytes(body.clone()).as_ptr(), body.as_ptr(), "no copy without a secret");
        assert!(r.finds_secret_in(br#"sk\u005ftest_abc123"#));
        assert!(!Redactor::new([]).finds_secret_in(b"sk_test_abc123"));
    }

    #[test]
    fn debug_and_display_hide_the_secret() {
        let s = SecretString::new("sk_test_abcdef123456");
        assert_eq!(format!("{s:?}"), "SecretString(sk_test_[REDACTED])");
        assert_eq!(format!("{s}"), "sk_test_[REDACTED]");
        assert!(!format!("{s:?}{s}").contains("abcdef"));
    }
}
