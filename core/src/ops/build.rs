//! JSON params -> HTTP request.
