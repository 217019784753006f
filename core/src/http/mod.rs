//! HTTP transport: client construction, retry policy and backoff, the send loop.

pub mod response;
pub mod retry;
pub(crate) mod send;
pub(crate) mod transport;

pub use response::RawResponse;
pub use retry::{Clock, SystemClock};
