//! How each binding spells the client options, so that a core message telling
//! the caller what to set names the option of the caller's language
//! (`Clerk(bearer_auth=…)` in Python), not a Rust field. The messages are
//! written once, here and where they are raised; a binding only picks its
//! [`OptionNames`] and passes it in [`crate::ClientOptions::option_names`].

/// The spelling of the client options in one binding. Each value is a short
/// phrase the caller can act on, with the binding's own syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionNames {
    /// Where the secret key is given.
    pub secret_key: &'static str,
}

impl OptionNames {
    /// The Rust API's own names (the default).
    pub const RUST: OptionNames = OptionNames { secret_key: "`ClientOptions::secret_key`" };
    /// The Python binding (the official SDK's constructor argument).
    pub const PYTHON: OptionNames = OptionNames { secret_key: "`Clerk(bearer_auth=...)`" };
    /// The C ABI (the key of the options JSON of `clerk_client_new`).
    pub const C: OptionNames = OptionNames { secret_key: "`\"secret_key\"` in the options JSON of clerk_client_new" };
    /// The Node binding (napi), camelCase as Clerk's JavaScript SDKs spell it.
    pub const NODE: OptionNames = OptionNames { secret_key: "`secretKey` in the client options" };
    /// The Kotlin and Swift bindings (UniFFI records are camelCase there).
    pub const UNIFFI: OptionNames = OptionNames { secret_key: "`secretKey` in the client options" };

    /// The message of a call that needs a secret key the client does not have.
    pub fn missing_secret_key(&self, operation: &str) -> String {
        format!(
            "no secret key: `{operation}` needs one; pass it as {} or set the CLERK_SECRET_KEY environment variable",
            self.secret_key
        )
    }
}

impl Default for OptionNames {
    fn default() -> Self {
        OptionNames::RUST
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_binding_names_its_own_option_and_no_rust_internals() {
        for (names, own, foreign) in [
            (OptionNames::PYTHON, "bearer_auth=", "ClientOptions::"),
            (OptionNames::C, "\"secret_key\"", "ClientOptions::"),
            (OptionNames::NODE, "secretKey", "ClientOptions::"),
            (OptionNames::UNIFFI, "secretKey", "ClientOptions::"),
            (OptionNames::RUST, "ClientOptions::secret_key", "bearer_auth"),
        ] {
            let message = names.missing_secret_key("users.list");
            assert!(message.contains(own), "{message}");
            assert!(!message.contains(foreign), "{message}");
            assert!(message.contains("users.list") && message.contains("CLERK_SECRET_KEY"), "{message}");
        }
    }
}
