//! Operations: their static description, request building and dispatch by name.
pub mod spec;
pub mod build;
pub mod registry;

pub use spec::*;
