//! Operation lookup by dotted name.
