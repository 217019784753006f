//! `clerk_verify_token` (the exported C function, PEM key) against the same
//! Rust call in one process, for scripts/bench-c.sh. Reads the token and the
//! PEM from CLERK_BENCH_TOKEN / CLERK_BENCH_PEM; prints
//! `rust_us c_us overhead_us` (per call, the best of several rounds: the
//! machine is shared, and noise only slows a round down).

use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::time::Instant;

use clerk_backend::auth::{Authenticator, VerifyTokenOptions};
use clerk_backend_c::{
    clerk_authenticator_free, clerk_authenticator_new, clerk_string_free, clerk_verify_token, ClerkAuthenticator,
    ClerkResult,
};
use serde_json::json;

const ROUNDS: usize = 15;
const CALLS: u32 = 400;

fn per_call_us(mut f: impl FnMut()) -> f64 {
    (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..CALLS {
                f();
            }
            t.elapsed().as_secs_f64() * 1e6 / f64::from(CALLS)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let token = std::env::var("CLERK_BENCH_TOKEN").expect("CLERK_BENCH_TOKEN");
    let pem = std::env::var("CLERK_BENCH_PEM").expect("CLERK_BENCH_PEM");
    let options = json!({ "jwt_key": pem });

    let auth = Authenticator::new();
    let opts = VerifyTokenOptions::from_json(&options).expect("options");
    auth.verify_token_blocking(&token, &opts).expect("the token verifies in Rust");

    let mut c_auth: *mut ClerkAuthenticator = ptr::null_mut();
    // SAFETY: valid out-pointer; NULL options and err are allowed.
    assert_eq!(unsafe { clerk_authenticator_new(ptr::null(), &mut c_auth, ptr::null_mut()) }, ClerkResult::Ok);
    let c_token = CString::new(token.clone()).expect("token");
    let c_options = CString::new(options.to_string()).expect("options");
    let c_call = || {
        let mut out: *mut c_char = ptr::null_mut();
        // SAFETY: live authenticator, NUL-terminated strings, valid out-pointer.
        let r = unsafe { clerk_verify_token(c_auth, c_token.as_ptr(), c_options.as_ptr(), &mut out, ptr::null_mut()) };
        assert_eq!(r, ClerkResult::Ok);
        // SAFETY: a string from the library, freed once.
        unsafe {
            assert!(!CStr::from_ptr(out).to_bytes().is_empty());
            clerk_string_free(out);
        }
    };
    c_call();

    // Interleaved, so drift on the shared machine hits both alike.
    let mut rust = f64::INFINITY;
    let mut c = f64::INFINITY;
    for _ in 0..3 {
        rust = rust.min(per_call_us(|| {
            auth.verify_token_blocking(&token, &opts).expect("valid");
        }));
        c = c.min(per_call_us(c_call));
    }
    // SAFETY: made above, freed once.
    unsafe { clerk_authenticator_free(c_auth) };
    println!("{rust:.2} {c:.2} {:.2}", c - rust);
}
