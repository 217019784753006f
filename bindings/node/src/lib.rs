//! Node.js binding of the clerk-backend core (napi-rs). Scaffold: the addon is built in issue 11.

use napi_derive::napi;

/// The core's version.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
