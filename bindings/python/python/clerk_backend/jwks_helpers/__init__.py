"""The official SDK's `jwks_helpers` names, served by `clerk_backend.security`."""

from ..security import (  # noqa: F401 - re-exports
    AuthenticateRequestOptions,
    AuthErrorReason,
    AuthStatus,
    RequestState,
    TokenVerificationError,
    TokenVerificationErrorReason,
    VerifyTokenOptions,
    authenticate_request,
    verify_token,
)

__all__ = [
    "AuthenticateRequestOptions", "AuthErrorReason", "AuthStatus", "RequestState", "TokenVerificationError",
    "TokenVerificationErrorReason", "VerifyTokenOptions", "authenticate_request", "verify_token",
]
