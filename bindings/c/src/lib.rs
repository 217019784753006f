//! C ABI of the clerk-backend core (`include/clerk_backend.h`, written by
//! cbindgen from this crate), after rustls-ffi's conventions.
//!
//! Thin by design, like every binding: JSON text in, JSON text out, by the
//! same dotted operation names as the core (`"users.list"`). Every fallible
//! function returns a `clerk_result` (`CLERK_RESULT_OK` is 0) and writes its
//! outputs through out-parameters only on success; the details of a failure
//! go to the optional `clerk_error **err`. Handles are opaque, made by
//! `_new` and freed by `_free`; every pointer argument is checked for NULL;
//! strings the library returns are freed with `clerk_string_free`. No panic
//! crosses the boundary: one is `CLERK_RESULT_PANIC`.
//!
//! Modules by what they hold: the panic boundary and `clerk_result`
//! (`panic`), arguments and returned strings (`strings`), the error object
//! (`error`), options, the client, blocking calls, the pager, uploads,
//! asynchronous calls, authentication and webhooks.

mod async_call;
mod auth;
mod call;
mod client;
mod error;
mod options;
mod pager;
mod panic;
mod strings;
mod upload;
mod webhook;

use std::ffi::{c_char, CStr};

// The functions a Rust caller of the rlib uses too (the benchmark).
pub use auth::{clerk_authenticator_free, clerk_authenticator_new, clerk_verify_token};
pub use strings::clerk_string_free;

pub use async_call::{ClerkCallCallback, ClerkCallHandle};
pub use auth::ClerkAuthenticator;
pub use client::ClerkClient;
pub use error::ClerkError;
pub use pager::ClerkPager;
pub use panic::ClerkResult;
pub use upload::ClerkUpload;

/// The library's major version; `clerk_version()` is the full string.
pub const CLERK_VERSION_MAJOR: u32 = 0;
/// The library's minor version.
pub const CLERK_VERSION_MINOR: u32 = 1;
/// The library's patch version.
pub const CLERK_VERSION_PATCH: u32 = 0;

/// The library's version (`"0.1.0"`), a static string.
#[no_mangle]
pub extern "C" fn clerk_version() -> *const c_char {
    static VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"?",
    };
    VERSION.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_defines_are_the_crate_version() {
        let parts = [CLERK_VERSION_MAJOR, CLERK_VERSION_MINOR, CLERK_VERSION_PATCH].map(|n| n.to_string());
        assert_eq!(parts.join("."), env!("CARGO_PKG_VERSION"));
        // SAFETY: a static NUL-terminated string.
        assert_eq!(unsafe { CStr::from_ptr(clerk_version()) }.to_str().ok(), Some(env!("CARGO_PKG_VERSION")));
    }
}
