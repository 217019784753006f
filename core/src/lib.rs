//! clerk-backend: one Rust core for Clerk's Backend API, wrapped by the
//! Python, Node, C and UniFFI bindings.
//!
//! * [`Client`] calls every Backend API operation, typed
//!   (`client.users().list(..)`) or by dotted name with JSON parameters
//!   ([`Client::call`]), which is the entry point the C and UniFFI bindings share.
//! * [`auth`] authenticates requests and verifies session and machine tokens;
//!   [`webhooks`] verifies Svix-signed webhooks.
//! * [`runtime`] owns the one process-wide tokio runtime (fork-aware) and the
//!   blocking facade.
//!
//! See `docs/DESIGN.md` for how the pieces fit.

pub mod auth;
pub mod boundary;
pub mod client;
pub mod config;
pub mod error;
pub mod http;
mod model_support;
pub mod nullable;
pub mod ops;
pub mod option_names;
pub mod pagination;
pub mod runtime;
pub mod secret;
pub mod upload;
pub mod webhooks;
#[allow(clippy::all, deprecated, non_camel_case_types, missing_docs)]
#[rustfmt::skip] // formatted by the generator (scripts/gen/emit.py), with fixed options
pub mod generated;


pub use client::{BlockingClient, CallInput, Client};
pub use config::{
    duration_from_millis, BackoffStrategy, CallOptions, ClientOptions, RequestLog, RetryConfig, RetryStrategy,
    DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RESPONSE_BYTES, MAX_ATTEMPTS_LIMIT, MAX_DURATION, MIN_RETRY_WAIT,
};
pub use error::{ApiError, ClerkError, Error, Result, TransportKind};
pub use http::{Clock, RawResponse, SystemClock};
pub use nullable::Nullable;
pub use ops::{HttpMethod, OperationSpec, Security};
pub use option_names::OptionNames;
pub use pagination::{BlockingPages, Pages};
pub use secret::{Redactor, SecretString};
pub use upload::{FileSource, FileUpload};

/// The Backend API version this crate was generated for.
pub const API_VERSION: &str = "2026-05-12";
/// This crate's version, sent in the `User-Agent`.
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");
