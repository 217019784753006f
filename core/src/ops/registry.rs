//! Operation lookup by dotted name (`users.list`), for the dynamic entry points.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::spec::OperationSpec;
use crate::error::{Error, Result};

/// Every operation of the Backend API.
fn table() -> &'static [OperationSpec] {
    crate::generated::operations::OPERATIONS
}

/// All operations, in the generator's order.
pub fn all() -> &'static [OperationSpec] {
    table()
}

/// The operation called `name` (`users.list`).
pub fn find(name: &str) -> Option<&'static OperationSpec> {
    static INDEX: OnceLock<HashMap<&'static str, &'static OperationSpec>> = OnceLock::new();
    INDEX.get_or_init(|| table().iter().map(|op| (op.name, op)).collect()).get(name).copied()
}

/// Like [`find`], but an unknown name is an [`Error::InvalidArgument`].
pub fn lookup(name: &str) -> Result<&'static OperationSpec> {
    find(name).ok_or_else(|| Error::invalid_argument("operation", format!("unknown operation `{name}`")))
}
