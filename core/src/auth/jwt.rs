//! JWT decoding (spec 5.2) and classification (spec 4).
//!
//! Header and payload are read into small structs of the claims this module
//! checks, with a lenient field type that records "absent", "a value of the
//! expected type" or "something else" instead of failing, because a wrongly
//! typed claim is a verification failure reported *after* the signature
//! check, not a decoding error. The payload text is kept so the full claim
//! set can be produced on demand without building a JSON tree per token.

use std::fmt;
use std::sync::OnceLock;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// base64url, padding optional, non-zero trailing bits rejected.
pub(crate) const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Header `cat` values.
pub(crate) const CAT_SESSION: &str = "cl_B7d4PD111AAA";
pub(crate) const CAT_M2M: &str = "cl_B7d4PD333AAA";
pub(crate) const CAT_IGNORE: &str = "cl_I7d4PD111III";

/// A claim or header member as found: absent, of the expected type, or not.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Lenient<T> {
    #[default]
    Absent,
    Value(T),
    Other,
}

impl<T> Lenient<T> {
    pub(crate) fn value(&self) -> Option<&T> {
        match self {
            Lenient::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl Lenient<String> {
    pub(crate) fn as_str(&self) -> Option<&str> {
        self.value().map(String::as_str)
    }
}

/// Drains any JSON value, so a wrongly typed member still validates syntax.
fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the visitor methods that turn a non-matching JSON value into `Other`.
macro_rules! other_for {
    ($out:ty; $($method:ident($($arg:ty)?)),*) => {
        $(fn $method<E: de::Error>(self $(, _v: $arg)?) -> Result<$out, E> { Ok(Lenient::Other) })*
    };
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Lenient<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Lenient::Value(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Lenient::Value(v))
    }
    other_for!(Self::Value; visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_unit());
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|()| Lenient::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|()| Lenient::Other)
    }
}

impl<'de> Deserialize<'de> for Lenient<String> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrVisitor)
    }
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Lenient<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Lenient::Value(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Lenient::Value(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Lenient::Value(v))
    }
    other_for!(Self::Value; visit_bool(bool), visit_str(&str), visit_unit());
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|()| Lenient::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|()| Lenient::Other)
    }
}

impl<'de> Deserialize<'de> for Lenient<f64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumVisitor)
    }
}

/// `aud` as a list of strings (spec 5.4): a string becomes a one-element
/// list and falsy entries (`null`, `""`, `0`, `false`) are dropped. A truthy
/// non-string anywhere makes the claim `Other`, which never matches.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Audience(pub(crate) Lenient<Vec<String>>);

/// One `aud` element.
enum AudItem {
    Str(String),
    Falsy,
    Truthy,
}

impl<'de> Deserialize<'de> for AudItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AudItem;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AudItem, E> {
                Ok(if v.is_empty() { AudItem::Falsy } else { AudItem::Str(v.to_owned()) })
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AudItem, E> {
                Ok(if v { AudItem::Truthy } else { AudItem::Falsy })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AudItem, E> {
                Ok(if v == 0 { AudItem::Falsy } else { AudItem::Truthy })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AudItem, E> {
                Ok(if v == 0 { AudItem::Falsy } else { AudItem::Truthy })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AudItem, E> {
                Ok(if v == 0.0 { AudItem::Falsy } else { AudItem::Truthy })
            }
            fn visit_unit<E: de::Error>(self) -> Result<AudItem, E> {
                Ok(AudItem::Falsy)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<AudItem, A::Error> {
                drain_seq(seq).map(|()| AudItem::Truthy)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AudItem, A::Error> {
                drain_map(map).map(|()| AudItem::Truthy)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Audience;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Audience, A::Error> {
                let mut list = Vec::new();
                let mut bad = false;
                while let Some(item) = seq.next_element::<AudItem>()? {
                    match item {
                        AudItem::Str(s) => list.push(s),
                        AudItem::Falsy => {}
                        AudItem::Truthy => bad = true,
                    }
                }
                Ok(Audience(if bad { Lenient::Other } else { Lenient::Value(list) }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Audience, A::Error> {
                drain_map(map).map(|()| Audience(Lenient::Other))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Audience, E> {
                self.single(AudItem::deserialize(de::value::StrDeserializer::<E>::new(v))?)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Audience, E> {
                self.single(if v { AudItem::Truthy } else { AudItem::Falsy })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Audience, E> {
                self.single(if v == 0 { AudItem::Falsy } else { AudItem::Truthy })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Audience, E> {
                self.single(if v == 0 { AudItem::Falsy } else { AudItem::Truthy })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Audience, E> {
                self.single(if v == 0.0 { AudItem::Falsy } else { AudItem::Truthy })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Audience, E> {
                self.single(AudItem::Falsy)
            }
        }
        impl V {
            fn single<E>(self, item: AudItem) -> Result<Audience, E> {
                Ok(Audience(match item {
                    AudItem::Str(s) => Lenient::Value(vec![s]),
                    AudItem::Falsy => Lenient::Value(Vec::new()),
                    AudItem::Truthy => Lenient::Other,
                }))
            }
        }
        d.deserialize_any(V)
    }
}

impl Audience {
    /// The token's audiences; `None` when a member was not a string.
    pub(crate) fn list(&self) -> Option<&[String]> {
        match &self.0 {
            Lenient::Absent => Some(&[]),
            Lenient::Value(v) => Some(v),
            Lenient::Other => None,
        }
    }
}

/// Picks a known member name without allocating.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<&'static str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V(&'static [&'static str]);
        impl<'de> Visitor<'de> for V {
            type Value = Option<&'static str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<&'static str>, E> {
                Ok(self.0.iter().copied().find(|k| *k == v))
            }
        }
        d.deserialize_str(V(self.0))
    }
}

/// `Deserialize` for a struct of lenient members read from a JSON object:
/// unknown members are skipped (still syntax-checked) and later duplicates
/// win, as with JavaScript's `JSON.parse`.
macro_rules! lenient_object {
    ($ty:ident { $($field:ident),+ }) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const KEYS: &[&str] = &[$(stringify!($field)),+];
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a JSON object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        let mut out = $ty::default();
                        while let Some(key) = map.next_key_seed(KeySeed(KEYS))? {
                            match key {
                                $(Some(stringify!($field)) => out.$field = map.next_value()?,)+
                                _ => {
                                    map.next_value::<IgnoredAny>()?;
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

/// The JOSE header members this SDK looks at.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct JwtHeader {
    pub alg: Lenient<String>,
    pub typ: Lenient<String>,
    pub kid: Lenient<String>,
    pub cat: Lenient<String>,
}

lenient_object!(JwtHeader { alg, typ, kid, cat });

/// The claims that verification and classification need, typed leniently.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct KnownClaims {
    pub sub: Lenient<String>,
    pub iss: Lenient<String>,
    pub azp: Lenient<String>,
    pub aud: Audience,
    pub exp: Lenient<f64>,
    pub nbf: Lenient<f64>,
    pub iat: Lenient<f64>,
}

lenient_object!(KnownClaims { sub, iss, azp, aud, exp, nbf, iat });

/// A verified token's payload: the typed claims plus the full JSON object,
/// parsed only when asked for.
pub struct Claims {
    json: String,
    pub(crate) known: KnownClaims,
    value: OnceLock<serde_json::Map<String, serde_json::Value>>,
}

impl Clone for Claims {
    fn clone(&self) -> Self {
        let value = OnceLock::new();
        if let Some(v) = self.value.get() {
            let _ = value.set(v.clone());
        }
        Claims { json: self.json.clone(), known: self.known.clone(), value }
    }
}

impl fmt::Debug for Claims {
    // Claims are personal data; show only what identifies the token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claims")
            .field("sub", &self.known.sub.as_str())
            .field("iss", &self.known.iss.as_str())
            .finish_non_exhaustive()
    }
}

impl Claims {
    /// The payload exactly as it was in the token (UTF-8 JSON object text).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// All claims, untouched.
    pub fn payload(&self) -> &serde_json::Map<String, serde_json::Value> {
        self.value.get_or_init(|| {
            // Decoding already proved this is a JSON object.
            serde_json::from_str(&self.json).unwrap_or_default()
        })
    }

    /// One claim.
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.payload().get(name)
    }

    /// `sub` when it is a string.
    pub fn subject(&self) -> Option<&str> {
        self.known.sub.as_str()
    }

    pub fn issuer(&self) -> Option<&str> {
        self.known.iss.as_str()
    }

    pub fn authorized_party(&self) -> Option<&str> {
        self.known.azp.as_str()
    }

    /// `exp` in whole seconds (fraction dropped).
    pub fn expires_at(&self) -> Option<i64> {
        self.known.exp.value().map(|v| v.trunc() as i64)
    }

    pub fn issued_at(&self) -> Option<i64> {
        self.known.iat.value().map(|v| v.trunc() as i64)
    }

    /// A claim when it is a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(serde_json::Value::as_str)
    }
}

/// A token split and decoded but not verified.
pub(crate) struct DecodedJwt {
    pub header: JwtHeader,
    pub claims: Claims,
    /// `header_b64 "." payload_b64`, as received.
    pub signing_input_len: usize,
    pub signature: Vec<u8>,
}

/// Why a token did not decode (kept for messages only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecodeError {
    TooLong,
    Form,
    Base64,
    Json,
}

impl DecodeError {
    pub(crate) fn message(self) -> &'static str {
        match self {
            DecodeError::TooLong => "Invalid JWT: the token is longer than the configured maximum length.",
            DecodeError::Form => "Invalid JWT form. A JWT consists of three parts separated by dots.",
            DecodeError::Base64 => "Invalid JWT: a part is not valid base64url.",
            DecodeError::Json => "Invalid JWT: the header or payload is not a JSON object.",
        }
    }
}

fn b64_decode(part: &str) -> Result<Vec<u8>, DecodeError> {
    B64URL.decode(part).map_err(|_| DecodeError::Base64)
}

/// Spec 5.2, with the length limit of 5.1 first.
pub(crate) fn decode(token: &str, max_len: usize) -> Result<DecodedJwt, DecodeError> {
    if token.len() > max_len {
        return Err(DecodeError::TooLong);
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(DecodeError::Form);
    };
    let header_bytes = b64_decode(h)?;
    let payload_bytes = b64_decode(p)?;
    let signature = b64_decode(s)?;
    let header: JwtHeader = serde_json::from_slice(&header_bytes).map_err(|_| DecodeError::Json)?;
    let json = String::from_utf8(payload_bytes).map_err(|_| DecodeError::Json)?;
    let known: KnownClaims = serde_json::from_str(&json).map_err(|_| DecodeError::Json)?;
    Ok(DecodedJwt {
        header,
        claims: Claims { json, known, value: OnceLock::new() },
        signing_input_len: h.len() + 1 + p.len(),
        signature,
    })
}

/// `^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`, within the length limit.
pub(crate) fn is_jwt_shaped(token: &str, max_len: usize) -> bool {
    if token.len() > max_len {
        return false;
    }
    let mut count = 0;
    for part in token.split('.') {
        count += 1;
        if count > 3 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return false;
        }
    }
    count == 3
}

impl DecodedJwt {
    /// M2M JWT: `sub` starts with `mch_`.
    pub(crate) fn is_m2m(&self) -> bool {
        self.claims.known.sub.as_str().is_some_and(|s| s.starts_with("mch_"))
    }

    /// OAuth JWT: header `typ` is `at+jwt` or `application/at+jwt`.
    pub(crate) fn is_oauth(&self) -> bool {
        matches!(self.header.typ.as_str(), Some("at+jwt" | "application/at+jwt"))
    }

    pub(crate) fn is_machine(&self) -> bool {
        self.is_m2m() || self.is_oauth()
    }

    /// `cat` present and neither the session nor the "ignore" category.
    pub(crate) fn has_non_session_category(&self) -> bool {
        match &self.header.cat {
            Lenient::Absent => false,
            Lenient::Value(c) => c != CAT_SESSION && c != CAT_IGNORE,
            Lenient::Other => true,
        }
    }

    pub(crate) fn signing_input<'t>(&self, token: &'t str) -> &'t str {
        token.get(..self.signing_input_len).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &str) -> String {
        B64URL.encode(s)
    }

    fn token(h: &str, p: &str) -> String {
        format!("{}.{}.c2ln", enc(h), enc(p))
    }

    #[test]
    fn decodes_known_members_and_keeps_the_rest() {
        let t = token(
            r#"{"alg":"RS256","kid":"k1","x":[1,{"a":2}]}"#,
            r#"{"sub":"user_1","exp":1.9,"aud":["a",null,""],"extra":{"n":1}}"#,
        );
        let d = decode(&t, 16384).expect("decodes");
        assert_eq!(d.header.alg.as_str(), Some("RS256"));
        assert_eq!(d.header.typ, Lenient::Absent);
        assert_eq!(d.claims.subject(), Some("user_1"));
        assert_eq!(d.claims.expires_at(), Some(1));
        assert_eq!(d.claims.known.aud.list(), Some(&["a".to_owned()][..]));
        assert_eq!(d.claims.get("extra"), Some(&serde_json::json!({"n": 1})));
        assert_eq!(d.signature, b"sig");
    }

    #[test]
    fn wrong_types_are_other_not_errors() {
        let t = token(r#"{"alg":5,"typ":null}"#, r#"{"sub":{"a":1},"exp":"1","aud":[1]}"#);
        let d = decode(&t, 16384).expect("decodes");
        assert_eq!(d.header.alg, Lenient::Other);
        assert_eq!(d.claims.known.sub, Lenient::Other);
        assert_eq!(d.claims.known.exp, Lenient::Other);
        assert_eq!(d.claims.known.aud.list(), None);
    }

    #[test]
    fn rejects_malformed_input() {
        assert_eq!(decode("a.b", 100).err(), Some(DecodeError::Form));
        assert_eq!(decode("a.b.c.d", 100).err(), Some(DecodeError::Form));
        assert_eq!(decode("e!!.e30.e30", 100).err(), Some(DecodeError::Base64));
        // Length 1 mod 4, and non-zero trailing bits.
        assert_eq!(decode("e30.e30.a", 100).err(), Some(DecodeError::Base64));
        assert_eq!(decode("e30.e30.ab", 100).err(), Some(DecodeError::Base64));
        assert_eq!(decode(&token("[]", "{}"), 100).err(), Some(DecodeError::Json));
        assert_eq!(decode(&format!("e30.{}.c2ln", B64URL.encode([0xff, 0xfe])), 100).err(), Some(DecodeError::Json));
        assert_eq!(decode(&token("{}", "{}"), 5).err(), Some(DecodeError::TooLong));
        assert!(decode(&token("{}", "{}"), 100).is_ok());
    }

    #[test]
    fn jwt_shape() {
        assert!(is_jwt_shaped("a.b.c", 10));
        assert!(!is_jwt_shaped("a.b.", 10));
        assert!(!is_jwt_shaped("a.b", 10));
        assert!(!is_jwt_shaped("a.b.c=", 10));
        assert!(!is_jwt_shaped("a.b.c.d", 10));
        assert!(!is_jwt_shaped("a.b.c", 4));
    }
}
