//! What every binding shares at its edge: values a foreign language can hold
//! (records of strings and numbers, JSON text, bytes), built from the core's
//! types in one place so that C, Python, Node and UniFFI show the same codes,
//! fields and messages.
//!
//! * [`ErrorRecord`] / [`ErrorCode`]: one flat error shape with a stable code
//!   (a string and a fixed number), from every error type of the core.
//! * [`Header`]: a response header as a record (`Vec<(String, String)>` has no
//!   UniFFI or napi mapping).
//! * [`SharedPager`]: a page iterator behind `&self`, so a binding can hand
//!   one object to several tasks or threads and cancel a page fetch by
//!   dropping its future.
//! * [`options`]: `ClientOptions` / `CallOptions` from JSON, with the auth
//!   parser's typed errors; [`env`]: the environment defaults, applied here
//!   and nowhere else; [`Spelling`]: the same options in camelCase (Node,
//!   Kotlin, Swift), errors naming them as the caller wrote them.
//! * [`call`]: the one call entry (one runtime hop, the decoding rule once,
//!   the body as bytes with a [`ContentKind`]).
//! * [`tables`]: the lists a binding copies (error codes, reason strings,
//!   operation names), so that a test can compare a binding's copy with them.

pub mod call;
pub mod env;
mod error_record;
mod header;
pub mod options;
mod pager;
pub mod spelling;
pub mod tables;

pub use call::{call, call_op, decode_error, CallResponse, ContentKind};
pub use error_record::{ErrorCode, ErrorRecord};
pub use header::Header;
pub use options::header_pairs;
pub use pager::{PageBytes, SharedPager};
pub use spelling::Spelling;

pub use crate::auth::OptionError;
