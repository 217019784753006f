//! `clerk_client_call*`: one operation by its dotted name, JSON in and JSON
//! out, blocking on the core's shared runtime (safe from many threads).

use std::ffi::c_char;

use clerk_backend::{runtime, CallInput, CallOptions, Client};

use crate::client::{client_arg, ClerkClient};
use crate::error::ClerkError;
use crate::options::call_options;
use crate::panic::{boundary, ClerkResult, Outcome};
use crate::strings::{json_object, out_ptr, owned, text, write};
use crate::upload::{uploads_arg, ClerkUpload};

/// A call with every argument read and checked, ready to run anywhere.
pub(crate) struct Prepared {
    client: Client,
    name: String,
    input: CallInput,
    opts: CallOptions,
}

impl Prepared {
    /// # Safety
    /// As for `clerk_client_call_with_files`.
    pub(crate) unsafe fn new(
        client: *const ClerkClient,
        operation: *const c_char,
        params_json: *const c_char,
        options_json: *const c_char,
        files: *const *const ClerkUpload,
        n_files: usize,
    ) -> Outcome<Self> {
        let client = client_arg(client, "client")?.clone();
        let name = text(operation, "operation")?.to_owned();
        let params = json_object(params_json, "params_json")?;
        let opts = call_options(&json_object(options_json, "options_json")?)?;
        let input = CallInput { params, files: uploads_arg(files, n_files)? };
        Ok(Prepared { client, name, input, opts })
    }

    /// The response body as JSON text; the core checks it (and builds and
    /// redacts the decode error) since the header promises JSON.
    pub(crate) async fn run(self) -> Outcome<String> {
        let raw = self.client.call_raw(&self.name, self.input, &self.opts).await?;
        Ok(raw.json_text()?)
    }
}

/// Calls one Backend API operation by its dotted name (`"users.list"`) with
/// its parameters as a JSON object (path, query and body fields by their
/// wire names; NULL for none) and per-call options (NULL, or any of
/// `retry`, `timeout_ms`, `connect_timeout_ms`, `server_url`, `headers`,
/// `retry_non_idempotent`, as the client's),
/// blocking until it completes, retries included. On success `*out_json` is
/// the response body as JSON text (`null` for an empty body), freed with
/// `clerk_string_free`.
///
/// # Safety
/// `client` is a live client; strings are NUL-terminated or NULL where
/// allowed; `out_json` is writable; `err` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_client_call(
    client: *const ClerkClient,
    operation: *const c_char,
    params_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    clerk_client_call_with_files(client, operation, params_json, options_json, std::ptr::null(), 0, out_json, err)
}

/// `clerk_client_call` with `n_files` file parts for a multipart operation
/// (`users.set_profile_image`: one upload with field `file`).
///
/// # Safety
/// As for `clerk_client_call`; `files` is NULL (with `n_files` 0) or points to `n_files` live uploads.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn clerk_client_call_with_files(
    client: *const ClerkClient,
    operation: *const c_char,
    params_json: *const c_char,
    options_json: *const c_char,
    files: *const *const ClerkUpload,
    n_files: usize,
    out_json: *mut *mut c_char,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out_json, "out_json")?;
        let call = Prepared::new(client, operation, params_json, options_json, files, n_files)?;
        let body = runtime::block_on(call.run())??;
        write(out_json, owned(&body));
        Ok(())
    })
}
