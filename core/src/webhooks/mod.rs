//! Webhook verification (issue 3).
