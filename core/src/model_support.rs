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

/// The part both union kinds share: the enum with its `Unknown` fallback, and
/// serialization as the inner value (a union has no wrapper on the wire).
macro_rules! union_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident($ty:ty)),* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $($variant($ty),)*
            /// A variant this version of the SDK does not know (or a value no
            /// known variant accepts), kept as raw JSON.
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
    };
}

/// A union selected by a discriminator property; an unknown or missing tag
/// decodes to `Unknown` with the raw JSON. A known tag whose body does not
/// match its variant is a decode error.
macro_rules! tagged_union {
    ($(#[$meta:meta])* pub enum $name:ident, tag = $tag:literal { $($variant:ident($ty:ty) = [$($value:literal),+]),* $(,)? }) => {
        $crate::model_support::union_enum! { $(#[$meta])* pub enum $name { $($variant($ty)),* } }

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
        $crate::model_support::union_enum! { $(#[$meta])* pub enum $name { $($variant($ty)),* } }

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

/// The webhook event enum: one variant per event type, holding the common
/// envelope and the typed `data`; an unknown event type decodes to `Unknown`
/// with the raw JSON, a known type whose `data` does not match is an error.
macro_rules! webhook_events {
    ($(#[$meta:meta])* pub enum $name:ident, envelope = $env:ty { $($(#[$vmeta:meta])* $variant:ident($data:ty) = $value:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $($(#[$vmeta])* $variant { envelope: $env, data: Box<$data> },)*
            /// An event type this version of the SDK does not know, kept as raw JSON.
            Unknown { r#type: ::std::string::String, raw: ::serde_json::Value },
        }

        impl $name {
            /// The event type on the wire (`user.created`).
            pub fn event_type(&self) -> &str {
                match self {
                    $(Self::$variant { .. } => $value,)*
                    Self::Unknown { r#type, .. } => r#type.as_str(),
                }
            }

            /// The fields every event carries; `None` for an unknown event type.
            pub fn envelope(&self) -> ::std::option::Option<&$env> {
                match self {
                    $(Self::$variant { envelope, .. } => Some(envelope),)*
                    Self::Unknown { .. } => None,
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::Error as _;
                match self {
                    $(Self::$variant { envelope, data } => {
                        let mut value = ::serde_json::to_value(envelope).map_err(S::Error::custom)?;
                        let data = ::serde_json::to_value(data).map_err(S::Error::custom)?;
                        if let Some(obj) = value.as_object_mut() {
                            obj.insert("data".to_owned(), data);
                        }
                        ::serde::Serialize::serialize(&value, s)
                    })*
                    Self::Unknown { raw, .. } => ::serde::Serialize::serialize(raw, s),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let mut raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                let event_type = raw.get("type").and_then(::serde_json::Value::as_str).unwrap_or_default().to_owned();
                match event_type.as_str() {
                    $($value => {
                        let data = raw.as_object_mut().and_then(|o| o.remove("data")).unwrap_or_default();
                        Ok(Self::$variant {
                            data: <Box<$data> as ::serde::Deserialize>::deserialize(data).map_err(D::Error::custom)?,
                            envelope: <$env as ::serde::Deserialize>::deserialize(raw).map_err(D::Error::custom)?,
                        })
                    })*
                    _ => Ok(Self::Unknown { r#type: event_type, raw }),
                }
            }
        }
    };
}

pub(crate) use {string_enum, tagged_union, union_enum, untagged_union, webhook_events};

/// The call input of a typed multipart request: its JSON fields plus the
/// files the request struct holds outside its JSON (`#[serde(skip)]`).
pub(crate) fn multipart_input<R: serde::Serialize>(
    req: &R,
    files: impl IntoIterator<Item = (&'static str, Option<crate::upload::FileUpload>)>,
) -> crate::Result<crate::ops::build::CallInput> {
    let mut input = crate::ops::build::CallInput::json(params_of(req)?);
    for (field, file) in files {
        if let Some(file) = file {
            input = input.with_file(field, file);
        }
    }
    Ok(input)
}

/// A typed request as its JSON parameter object.
pub(crate) fn params_of<R: serde::Serialize>(req: &R) -> crate::Result<serde_json::Value> {
    serde_json::to_value(req)
        .map_err(|e| crate::Error::invalid_argument("params", format!("cannot serialize the request: {e}")))
}
