//! Request authentication and token verification (issue 3).
