//! `clerk_client`: one Backend API client (connection pool), shared by threads.

use std::ffi::c_char;

use clerk_backend::Client;

use crate::error::ClerkError;
use crate::options::client_options;
use crate::panic::{boundary, quiet, ClerkResult};
use crate::strings::{json_object, out_ptr, write};

/// A Backend API client; safe to use from many threads at once.
pub struct ClerkClient {
    pub(crate) client: Client,
}

/// Creates a client into `*out`. `options_json` may be NULL or an object
/// with the boundary layer's client options: `secret_key` (default
/// `CLERK_SECRET_KEY`), `server_url` (default from `CLERK_API_URL` and
/// `CLERK_API_VERSION`, else `https://api.clerk.com/v1`), `api_version`,
/// `default_headers`, `timeout_ms`, `connect_timeout_ms`, `retry`
/// (`{"strategy": "backoff"|"none", "backoff": {…}, "max_attempts": n, …}`),
/// `proxy`, `max_response_bytes`, `user_agent_suffix`. An unknown key or a
/// bad value is `CLERK_RESULT_INVALID_ARGUMENT` naming it (`options.timeout_ms`).
///
/// # Safety
/// `options_json` is NULL or a NUL-terminated string; `out` is writable; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_client_new(
    options_json: *const c_char,
    out: *mut *mut ClerkClient,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out, "out")?;
        let options = client_options(&json_object(options_json, "options_json")?)?;
        let client = Client::new(options)?;
        write(out, Box::into_raw(Box::new(ClerkClient { client })));
        Ok(())
    })
}

/// Frees a client; NULL is ignored. Blocking calls on other threads must have
/// returned; pagers and asynchronous calls keep what they need alive.
///
/// # Safety
/// `client` is NULL or a client from `clerk_client_new`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_client_free(client: *mut ClerkClient) {
    quiet((), || {
        if !client.is_null() {
            drop(Box::from_raw(client));
        }
    })
}

/// The client behind a required handle argument.
///
/// # Safety
/// `p` is NULL or a live client.
pub(crate) unsafe fn client_arg<'a>(p: *const ClerkClient, name: &str) -> Result<&'a Client, ClerkError> {
    p.as_ref().map(|c| &c.client).ok_or_else(|| ClerkError::null_argument(name))
}
