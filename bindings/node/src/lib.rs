//! Native half of the `clerk-backend` npm package (napi-rs).
//!
//! It marshals only: option objects and parameters arrive as JSON text
//! (V8's `JSON.stringify`) and go to the core's parsers; calls run on the
//! core's shared runtime (one hop, `boundary::call`) and settle a promise
//! from there; bodies go back as strings for V8's `JSON.parse` (`reply`).
//! The JavaScript layer (`index.js`, `lib/`) gives the idioms.

// Failures carry the core's whole ErrorRecord; they are the cold path.
#![allow(clippy::result_large_err)]

mod auth;
mod cancel;
mod client;
mod deliver;
mod errors;
mod log;
mod pager;
mod reply;
mod upload;
mod webhook;

// Exported to JavaScript by `#[napi]`; re-exported here so that a build without
// napi's registration (clippy's `--all-targets` test build) does not call it dead.
pub use webhook::verify_webhook_native;

use napi_derive::napi;

/// The SDK's version.
#[napi]
pub fn version() -> String {
    clerk_backend::SDK_VERSION.to_owned()
}

/// The core's tables (error codes, reason strings, operation names) as JSON
/// text, for the tests that compare the JavaScript layer's copies with them.
#[napi]
pub fn tables_json() -> String {
    clerk_backend::boundary::tables::tables_json().to_string()
}
