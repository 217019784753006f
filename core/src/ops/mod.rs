//! Operations: their static description, request building and dispatch by name.
pub mod build;
pub mod registry;
pub mod spec;

pub use spec::*;
