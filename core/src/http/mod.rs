//! HTTP transport: client construction, retries, the send loop.
