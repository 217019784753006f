//! A header as a record a foreign-language generator can export.

use serde::Serialize;

/// One header; names are lower-case as received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

impl Header {
    /// The records of `(name, value)` pairs, in order.
    pub fn list(pairs: &[(String, String)]) -> Vec<Header> {
        pairs.iter().map(|(name, value)| Header { name: name.clone(), value: value.clone() }).collect()
    }
}
