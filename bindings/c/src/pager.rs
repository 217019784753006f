//! `clerk_pager`: the pages of a list operation, one blocking fetch at a time
//! (the core's `SharedPager`, so a pager may be shared by threads).

use std::ffi::c_char;

use clerk_backend::boundary::SharedPager;
use clerk_backend::{ops, runtime};

use crate::client::{client_arg, ClerkClient};
use crate::error::ClerkError;
use crate::options::call_options;
use crate::panic::{boundary, quiet, ClerkResult};
use crate::strings::{json_object, out_ptr, owned, text, write};

/// A page iterator; safe to share across threads (fetches are served one after the other).
pub struct ClerkPager {
    pager: SharedPager,
}

/// A pager over a list operation (`"users.list"`) with its parameters
/// (`limit`, `offset`, filters; NULL for none) and call options as for
/// `clerk_client_call`. Nothing is fetched until `clerk_pager_next`.
///
/// # Safety
/// `client` is a live client (the pager keeps what it needs: the client may
/// be freed first); strings are NUL-terminated or NULL where allowed; `out` is writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_pager_new(
    client: *const ClerkClient,
    operation: *const c_char,
    params_json: *const c_char,
    options_json: *const c_char,
    out: *mut *mut ClerkPager,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out, "out")?;
        let client = client_arg(client, "client")?.clone();
        let op = ops::registry::lookup(text(operation, "operation")?)?;
        let params = json_object(params_json, "params_json")?;
        let opts = call_options(&json_object(options_json, "options_json")?)?;
        let pager = SharedPager::new(client, op, params, opts)?;
        write(out, Box::into_raw(Box::new(ClerkPager { pager })));
        Ok(())
    })
}

/// Fetches the next page. On success `*out_page_json` is the page's body as
/// JSON text (an array, or an envelope `{"data": [...], "total_count": n}`),
/// freed with `clerk_string_free`, or NULL after the last page; `*out_item_count`
/// (when `out_item_count` is not NULL) its number of items, 0 at the end.
///
/// # Safety
/// `pager` is a live pager; `out_page_json` is writable; `out_item_count` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn clerk_pager_next(
    pager: *const ClerkPager,
    out_page_json: *mut *mut c_char,
    out_item_count: *mut usize,
    err: *mut *mut ClerkError,
) -> ClerkResult {
    boundary(err, || {
        out_ptr(out_page_json, "out_page_json")?;
        let pager = pager.as_ref().ok_or_else(|| ClerkError::null_argument("pager"))?;
        let page = runtime::block_on(pager.pager.next_page())??;
        let (text, count) = match page {
            None => (std::ptr::null_mut(), 0),
            Some(p) => {
                // The pager counted the items, so the body is JSON; JSON text
                // that is not UTF-8 is refused here, as C strings are text.
                let body = std::str::from_utf8(&p.body).map_err(|_| {
                    ClerkError::from(clerk_backend::boundary::ErrorRecord::new(
                        clerk_backend::boundary::ErrorCode::Decode,
                        "the page body is not UTF-8",
                    ))
                })?;
                (owned(body), p.item_count)
            }
        };
        write(out_page_json, text);
        if !out_item_count.is_null() {
            write(out_item_count, count);
        }
        Ok(())
    })
}

/// Frees a pager; NULL is ignored. No `clerk_pager_next` may be running on it.
///
/// # Safety
/// `pager` is NULL or from `clerk_pager_new`, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_pager_free(pager: *mut ClerkPager) {
    quiet((), || {
        if !pager.is_null() {
            drop(Box::from_raw(pager));
        }
    })
}
