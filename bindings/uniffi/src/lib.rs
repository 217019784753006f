//! UniFFI binding of the clerk-backend core. Scaffold: the binding is built in issue 12.

uniffi::setup_scaffolding!();

/// The core's version.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
