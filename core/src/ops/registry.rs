//! Operation lookup by dotted name (`users.list`), for the dynamic entry points.

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
    table().iter().find(|op| op.name == name)
}

/// Like [`find`], but an unknown name is an [`Error::InvalidArgument`].
pub fn lookup(name: &str) -> Result<&'static OperationSpec> {
    find(name).ok_or_else(|| Error::invalid_argument("operation", format!("unknown operation `{name}`")))
}
