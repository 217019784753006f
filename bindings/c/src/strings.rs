//! Arguments in (C strings, JSON text, buffers) and strings out: the one
//! place where pointers become Rust values, so every check is made once.

use std::ffi::{c_char, CStr, CString};

use serde_json::{Map, Value};

use crate::error::{c_string, ClerkError};
use crate::panic::{quiet, Outcome};

/// A required C string argument as UTF-8.
///
/// # Safety
/// `p` is NULL or a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn text<'a>(p: *const c_char, name: &str) -> Outcome<&'a str> {
    if p.is_null() {
        return Err(ClerkError::null_argument(name));
    }
    CStr::from_ptr(p).to_str().map_err(|_| ClerkError::invalid_argument(name, "is not valid UTF-8"))
}

/// An optional C string argument: NULL is `None`.
///
/// # Safety
/// As for [`text`].
pub(crate) unsafe fn opt_text<'a>(p: *const c_char, name: &str) -> Outcome<Option<&'a str>> {
    if p.is_null() {
        Ok(None)
    } else {
        text(p, name).map(Some)
    }
}

/// An optional JSON object argument: NULL is `{}`.
///
/// # Safety
/// As for [`text`].
pub(crate) unsafe fn json_object(p: *const c_char, name: &str) -> Outcome<Value> {
    match opt_text(p, name)? {
        None => Ok(Value::Object(Map::new())),
        Some(s) => {
            let v: Value = serde_json::from_str(s)
                .map_err(|e| ClerkError::invalid_argument(name, &format!("invalid JSON: {e}")))?;
            if !v.is_object() {
                return Err(ClerkError::invalid_argument(name, "must be a JSON object"));
            }
            Ok(v)
        }
    }
}

/// A required JSON argument of any shape.
///
/// # Safety
/// As for [`text`].
pub(crate) unsafe fn json_value(p: *const c_char, name: &str) -> Outcome<Value> {
    serde_json::from_str(text(p, name)?).map_err(|e| ClerkError::invalid_argument(name, &format!("invalid JSON: {e}")))
}

/// `len` bytes at `p`; NULL is allowed only for an empty buffer.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes that outlive `'a`.
pub(crate) unsafe fn bytes<'a>(p: *const u8, len: usize, name: &str) -> Outcome<&'a [u8]> {
    match (p.is_null(), len) {
        (_, 0) => Ok(&[]),
        (true, _) => Err(ClerkError::null_argument(name)),
        (false, n) => Ok(std::slice::from_raw_parts(p, n)),
    }
}

/// Checks that a required out-parameter can be written, before any work is done.
pub(crate) fn out_ptr<T>(p: *mut T, name: &str) -> Outcome<()> {
    if p.is_null() {
        Err(ClerkError::null_argument(name))
    } else {
        Ok(())
    }
}

/// Writes an out-parameter checked by [`out_ptr`].
///
/// # Safety
/// `p` passed [`out_ptr`] and is writable.
pub(crate) unsafe fn write<T>(p: *mut T, v: T) {
    p.write(v);
}

/// A string the caller owns and frees with `clerk_string_free`.
pub(crate) fn owned(s: &str) -> *mut c_char {
    c_string(s).into_raw()
}

/// Frees a string this library returned; NULL is ignored.
///
/// # Safety
/// `s` is NULL or a string from this library, freed at most once.
#[no_mangle]
pub unsafe extern "C" fn clerk_string_free(s: *mut c_char) {
    quiet((), || {
        if !s.is_null() {
            drop(CString::from_raw(s));
        }
    })
}
