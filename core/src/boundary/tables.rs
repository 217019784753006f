//! The lists bindings copy or generate from: error codes, the spec's reason
//! strings, operation names. A binding's hand-written copy is tested against
//! these (and `tables_json` gives them to generators and test scripts).

use serde_json::{json, Value};

use super::error_record::ErrorCode;
use crate::auth::{
    AuthConfigErrorKind, AuthErrorReason, AuthStatus, MachineTokenErrorCode, RefreshTokenErrorReason, RequestReason,
    TokenType, TokenVerificationErrorReason,
};
use crate::ops::registry;
use crate::webhooks::WebhookErrorReason;

/// Every `RequestState.reason` string `authenticate_request` can produce.
pub fn request_reasons() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = AuthErrorReason::ALL
        .iter()
        // The bare value is never a reason: expiry always names why no refresh happened.
        .filter(|r| **r != AuthErrorReason::SessionTokenExpired)
        .map(|r| r.as_str())
        .collect();
    out.extend(RefreshTokenErrorReason::ALL.iter().map(|r| RequestReason::SessionTokenExpired(*r).as_str()));
    out.extend(TokenVerificationErrorReason::ALL.iter().map(|r| r.as_str()));
    out.extend(MachineTokenErrorCode::ALL.iter().map(|r| r.as_str()));
    out.sort_unstable();
    out.dedup();
    out
}

/// Every table as one JSON object: `{"error_codes": [{"code", "number"}], "token_verification_reasons": [...], ...}`.
pub fn tables_json() -> Value {
    fn strings<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> Value {
        Value::from(all.iter().map(|v| as_str(*v)).collect::<Vec<_>>())
    }
    json!({
        "error_codes": ErrorCode::ALL.iter().map(|c| json!({"code": c.as_str(), "number": c.number()})).collect::<Vec<_>>(),
        "token_verification_reasons": strings(TokenVerificationErrorReason::ALL, TokenVerificationErrorReason::as_str),
        "auth_error_reasons": strings(AuthErrorReason::ALL, AuthErrorReason::as_str),
        "refresh_token_error_reasons": strings(RefreshTokenErrorReason::ALL, RefreshTokenErrorReason::as_str),
        "machine_token_error_codes": strings(MachineTokenErrorCode::ALL, MachineTokenErrorCode::as_str),
        "auth_config_error_kinds": strings(AuthConfigErrorKind::ALL, AuthConfigErrorKind::as_str),
        "auth_statuses": strings(AuthStatus::ALL, AuthStatus::as_str),
        "token_types": strings(TokenType::ALL, TokenType::as_str),
        "webhook_error_reasons": strings(WebhookErrorReason::ALL, WebhookErrorReason::as_str),
        "request_reasons": request_reasons(),
        "operations": registry::all().iter().map(|op| op.name).collect::<Vec<_>>(),
    })
}
