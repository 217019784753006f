//! UniFFI binding of the clerk-backend core: the objects, records and errors
//! that UniFFI turns into Kotlin (`com.clerk.backend.ffi`) and Swift
//! (`ClerkBackend`). Everything here marshals values onto the core's
//! boundary layer (`clerk_backend::boundary`); the idiomatic API of each
//! language is written over it (Kotlin: `bindings/uniffi/kotlin`).
//!
//! Modules by what they hold: `error` (`ClerkError` from the boundary's
//! `ErrorRecord`), `task` (futures on the core's shared runtime, the
//! `CancelHandle`, blocking waits), `client` (`NativeClient`: calls and
//! uploads), `pager` (`NativePager`), `auth` (`NativeAuthenticator`),
//! `verifier` (prepared `verifyToken` options: the one-call fast path),
//! `webhook` (`verify_webhook`).

// `ClerkError` is UniFFI's error shape (each variant's fields inline, the API error's list and
// headers included): boxing it would hide the fields from Kotlin and Swift. Errors are the rare path.
#![allow(clippy::result_large_err)]

uniffi::setup_scaffolding!();

mod auth;
mod client;
mod error;
mod pager;
mod records;
mod task;
mod verifier;
mod webhook;

pub use auth::NativeAuthenticator;
pub use client::NativeClient;
pub use error::ClerkError;
pub use pager::NativePager;
pub use records::{ApiErrorDetail, BodyKind, Header, NativeFile, NativeFileSource, NativePage, NativeResponse};
pub use task::CancelHandle;
pub use verifier::{
    bench_verify_prepared, prepared_verify_count, release_prepared_verify, verify_prepared, verify_prepared_now,
};
pub use webhook::{verify_webhook, WebhookVerifyOptions};

/// The core's version.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The boundary's tables (error codes, reasons, operation names) as JSON,
/// for the Kotlin tests to compare the binding's copies with.
#[uniffi::export]
pub fn tables_json() -> String {
    clerk_backend::boundary::tables::tables_json().to_string()
}
