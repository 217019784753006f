//! Failures cross to JavaScript as the core's `ErrorRecord` in JSON; the
//! JavaScript layer (`lib/errors.js`) builds the error class from its `code`.
//! A synchronous failure is thrown as an `Error` whose message is that JSON
//! and whose `code` is [`RECORD`], so the layer can tell it from napi's own.

use clerk_backend::boundary::ErrorRecord;

/// The `code` of a thrown record.
pub const RECORD: &str = "CLERK_ERROR_RECORD";

pub struct Record;

impl AsRef<str> for Record {
    fn as_ref(&self) -> &str {
        RECORD
    }
}

pub type Result<T> = std::result::Result<T, napi::Error<Record>>;

/// A record to throw.
pub fn throw(record: impl Into<ErrorRecord>) -> napi::Error<Record> {
    let json = record.into().to_json();
    napi::Error::new(Record, json)
}

/// JSON text from the JavaScript layer (its own `JSON.stringify`), as a value.
pub fn parse_json(text: &str, what: &str) -> std::result::Result<serde_json::Value, ErrorRecord> {
    serde_json::from_str(text).map_err(|e| {
        let mut r = ErrorRecord::new(
            clerk_backend::boundary::ErrorCode::InvalidArgument,
            format!("`{what}` is not serializable to JSON: {e}"),
        );
        r.parameter = Some(what.to_owned());
        r
    })
}
