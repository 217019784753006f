//! Macros the generated models use for the types serde's derives cannot
//! express leniently enough: string enums that keep unknown values and unions
//! that keep unknown variants. A newer API adding an enum value or a union
//! variant must never make decoding fail, so both carry an `Unknown` fallback.

/// A string enum with an `Unknown(String)` variant for values this SDK does not know.
///
/// ```ignore
/// string_enum! { pub enum Status { Active = "active", Banned = "banned" } }
/// ```
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version of the SDK does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(s) => s.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(s.as_ref()))
            }
        }
    };
}

/// A union selected by a discriminator property; an unknown or missing tag
/// decodes to `Unknown` with the raw JSON. A known tag whose body does not
/// match its variant is a decode error.
macro_rules! tagged_union {
    ($(#[$meta:meta])* pub enum $name:ident, tag = $tag:literal { $($variant:ident($ty:ty) = [$($value:literal),+]),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $($variant($ty),)*
            /// A variant this version of the SDK does not know, kept as raw JSON.
            Unknown(::serde_json::Value),
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(v) => ::serde::Serialize::serialize(v, s),)*
                    Self::Unknown(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                let tag = raw.get($tag).and_then(::serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    $(Some($($value)|+) => <$ty as ::serde::Deserialize>::deserialize(raw)
                        .map(Self::$variant)
                        .map_err(<D::Error as ::serde::de::Error>::custom),)*
                    _ => Ok(Self::Unknown(raw)),
                }
            }
        }
    };
}

/// A union without a discriminator: the first variant that decodes wins,
/// and a value no variant accepts is kept as `Unknown` raw JSON.
macro_rules! untagged_union {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident($ty:ty)),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $($variant($ty),)*
            /// A value no known variant accepts, kept as raw JSON.
            Unknown(::serde_json::Value),
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(v) => ::serde::Serialize::serialize(v, s),)*
                    Self::Unknown(v) => ::serde::Serialize::serialize(v, s),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                $(if let Ok(v) = <$ty as ::serde::Deserialize>::deserialize(&raw) {
                    return Ok(Self::$variant(v));
                })*
                Ok(Self::Unknown(raw))
            }
        }
    };
}

pub(crate) use {string_enum, tagged_union, untagged_union};
