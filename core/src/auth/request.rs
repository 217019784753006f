//! The request as bindings hand it over, and what is read from it: the
//! `Authorization` token (spec 3.1), cookies (3.2), query parameters, and
//! the publishable key's instance data.

use std::borrow::Cow;
use std::fmt;

use aws_lc_rs::digest;
use base64::Engine as _;
use percent_encoding::percent_decode_str;

/// An incoming HTTP request: method, absolute URL and headers (names are
/// matched case-insensitively; repeated headers are kept).
#[derive(Clone, Default)]
pub struct RequestData {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for RequestData {
    // Header values carry tokens and cookies: show names only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestData")
            .field("method", &self.method)
            .field("headers", &self.headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl RequestData {
    pub fn new(method: impl Into<String>, url: impl Into<String>, headers: Vec<(String, String)>) -> Self {
        RequestData { method: method.into(), url: url.into(), headers }
    }

    /// Adds a header given as raw bytes; invalid UTF-8 is replaced, so such
    /// a value can only fail verification, never be misread.
    pub fn push_header_bytes(&mut self, name: &[u8], value: &[u8]) {
        self.headers.push((String::from_utf8_lossy(name).into_owned(), String::from_utf8_lossy(value).into_owned()));
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// All `Cookie` headers joined as one (HTTP/2 may split them).
    pub(crate) fn cookie_header(&self) -> Cow<'_, str> {
        let mut values = self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("cookie")).map(|(_, v)| v.as_str());
        let Some(first) = values.next() else { return Cow::Borrowed("") };
        match values.next() {
            None => Cow::Borrowed(first),
            Some(second) => {
                let mut all = format!("{first}; {second}");
                for v in values {
                    all.push_str("; ");
                    all.push_str(v);
                }
                Cow::Owned(all)
            }
        }
    }

    pub(crate) fn is_get(&self) -> bool {
        self.method.eq_ignore_ascii_case("GET")
    }

    /// A query parameter of the URL (first occurrence, percent-decoded).
    pub(crate) fn query_param(&self, name: &str) -> Option<String> {
        let query = self.url.split_once('?')?.1;
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_query(k) == name).then(|| decode_query(v))
        })
    }
}

fn decode_query(s: &str) -> String {
    let plus = s.replace('+', " ");
    percent_decode_str(&plus).decode_utf8_lossy().into_owned()
}

/// Spec 3.1: the token of the `Authorization` header, if it has one.
pub(crate) fn header_token(value: Option<&str>) -> Option<&str> {
    let v = value?.trim_matches(|c: char| c == ' ' || c == '\t');
    if v.is_empty() {
        return None;
    }
    match v.split_once(' ') {
        None => Some(v),
        Some((scheme, rest)) => {
            let rest = rest.split(' ').next().unwrap_or("");
            if rest.is_empty() {
                Some(scheme)
            } else if scheme == "Bearer" {
                Some(rest)
            } else {
                None
            }
        }
    }
}

/// Cookies as the `cookie` 1.x library parses them; the first occurrence of
/// a name wins, values are percent-decoded after splitting.
pub(crate) struct Cookies<'a> {
    pairs: Vec<(&'a str, &'a str)>,
}

impl<'a> Cookies<'a> {
    pub(crate) fn parse(header: &'a str) -> Self {
        let pairs = header
            .split(';')
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                let trim = |s: &'a str| s.trim_matches(|c: char| c == ' ' || c == '\t');
                let name = trim(name);
                (!name.is_empty()).then(|| (name, trim(value)))
            })
            .collect();
        Cookies { pairs }
    }

    pub(crate) fn get(&self, name: &str) -> Option<Cow<'a, str>> {
        let raw = self.pairs.iter().find(|(n, _)| *n == name)?.1;
        if !raw.contains('%') {
            return Some(Cow::Borrowed(raw));
        }
        Some(match percent_decode_str(raw).decode_utf8() {
            Ok(d) => Cow::Owned(d.into_owned()),
            Err(_) => Cow::Borrowed(raw),
        })
    }
}

/// Instance data from a publishable key (spec 7.1.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PublishableKey {
    pub frontend_api: String,
    pub production: bool,
    key: String,
}

pub(crate) fn parse_publishable_key(key: &str) -> Option<PublishableKey> {
    let production = if key.starts_with("pk_live_") {
        true
    } else if key.starts_with("pk_test_") {
        false
    } else {
        return None;
    };
    let parts: Vec<&str> = key.split('_').collect();
    if parts.len() != 3 {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD_NO_PAD.decode(parts[2].trim_end_matches('=')).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let frontend_api = decoded.strip_suffix('$')?;
    if frontend_api.contains('$') || !frontend_api.contains('.') {
        return None;
    }
    Some(PublishableKey { frontend_api: frontend_api.to_owned(), production, key: key.to_owned() })
}

impl PublishableKey {
    /// First 8 characters of base64url(SHA-1(publishable key)); only the
    /// cookie path needs it.
    pub(crate) fn cookie_suffix(&self) -> String {
        cookie_suffix(&self.key)
    }
}

fn cookie_suffix(publishable_key: &str) -> String {
    let hash = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, publishable_key.as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(hash.as_ref());
    b64.chars()
        .take(8)
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

/// `parseInt`-like leading integer; 0 when there is none.
pub(crate) fn leading_int(s: &str) -> i64 {
    let t = s.trim_start();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut n: i64 = 0;
    for b in digits.bytes().take_while(u8::is_ascii_digit) {
        n = n.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    if neg {
        -n
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_forms() {
        assert_eq!(header_token(Some("Bearer abc")), Some("abc"));
        assert_eq!(header_token(Some("  Bearer abc  ")), Some("abc"));
        assert_eq!(header_token(Some("Bearer a b")), Some("a"));
        assert_eq!(header_token(Some("abc")), Some("abc"));
        assert_eq!(header_token(Some("Bearer")), Some("Bearer"));
        assert_eq!(header_token(Some("Bearer ")), Some("Bearer"));
        assert_eq!(header_token(Some("Basic xyz")), None);
        assert_eq!(header_token(Some("bearer xyz")), None);
        assert_eq!(header_token(Some("")), None);
        assert_eq!(header_token(None), None);
    }

    #[test]
    fn cookies_first_wins_and_no_decode_before_split() {
        let c = Cookies::parse("a=1; a=2; b = x%3By ; c; d=%ZZ; e=\"q\"");
        assert_eq!(c.get("a").as_deref(), Some("1"));
        assert_eq!(c.get("b").as_deref(), Some("x;y"));
        assert_eq!(c.get("y"), None);
        assert_eq!(c.get("c"), None);
        assert_eq!(c.get("d").as_deref(), Some("%ZZ"));
        assert_eq!(c.get("e").as_deref(), Some("\"q\""));
    }

    #[test]
    fn publishable_key() {
        let pk = parse_publishable_key("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").expect("valid");
        assert_eq!(pk.frontend_api, "clerk.example.com");
        assert!(pk.production);
        assert_eq!(pk.cookie_suffix(), "naoXFJnI");
        assert!(parse_publishable_key("pk_live_").is_none());
        assert!(parse_publishable_key("sk_live_Y2xlcmsuZXhhbXBsZS5jb20k").is_none());
        assert!(parse_publishable_key("pk_live_Y2xlcmsuZXhhbXBsZS5jb20").is_none());
    }

    #[test]
    fn leading_integers() {
        assert_eq!(leading_int("123abc"), 123);
        assert_eq!(leading_int("-5"), -5);
        assert_eq!(leading_int("x"), 0);
        assert_eq!(leading_int("99999999999999999999999"), i64::MAX);
    }

    #[test]
    fn query_params() {
        let r = RequestData::new("GET", "https://a.b/p?x=1&__clerk_db_jwt=a%20b#f", vec![]);
        assert_eq!(r.query_param("__clerk_db_jwt").as_deref(), Some("a b"));
        assert_eq!(r.query_param("y"), None);
    }
}
