//! Three-state optional values for request bodies.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A request field that can be left out, sent as `null`, or sent with a value.
///
/// PATCH and metadata calls need all three: leaving a field alone differs from
/// clearing it. Use with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]` so that
/// `Absent` never reaches the JSON.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Nullable<T> {
    /// Not sent.
    #[default]
    Absent,
    /// Sent as JSON `null`.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Nullable<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(v: T) -> Self {
        Nullable::Value(v)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` means "send null": an explicit `Option` is a choice about the field.
    fn from(v: Option<T>) -> Self {
        match v {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        }
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // Reached only without `skip_serializing_if`; `null` is the safest reading.
            Nullable::Absent | Nullable::Null => s.serialize_none(),
            Nullable::Value(v) => v.serialize(s),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.map_or(Nullable::Null, Nullable::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Default)]
    struct Body {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        a: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        b: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        c: Nullable<String>,
    }

    #[test]
    fn three_states_on_the_wire() {
        let body = Body { a: Nullable::Absent, b: Nullable::Null, c: "x".to_string().into() };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"b":null,"c":"x"}"#);
        let back: Body = serde_json::from_str(r#"{"b":null,"c":"x"}"#).unwrap();
        assert!(back.a.is_absent());
        assert_eq!(back.b, Nullable::Null);
        assert_eq!(back.c, Nullable::Value("x".into()));
    }
}
