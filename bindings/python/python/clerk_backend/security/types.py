"""Types of request authentication, named as in the official SDK's
`clerk_backend_api.security.types`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, List, Optional, Union


class _StrEnum(str, Enum):
    def __str__(self) -> str:
        return str(self.value)


class AuthStatus(_StrEnum):
    SIGNED_IN = "signed-in"
    SIGNED_OUT = "signed-out"
    HANDSHAKE = "handshake"


class AuthErrorReason(_StrEnum):
    CLIENT_UAT_WITHOUT_SESSION_TOKEN = "client-uat-but-no-session-token"
    DEV_BROWSER_MISSING = "dev-browser-missing"
    DEV_BROWSER_SYNC = "dev-browser-sync"
    PRIMARY_RESPONDS_TO_SYNCING = "primary-responds-to-syncing"
    PRIMARY_DOMAIN_CROSS_ORIGIN_SYNC = "primary-domain-cross-origin-sync"
    SATELLITE_COOKIE_NEEDS_SYNCING = "satellite-needs-syncing"
    SESSION_TOKEN_AND_UAT_MISSING = "session-token-and-uat-missing"
    SESSION_TOKEN_MISSING = "session-token-missing"
    SESSION_TOKEN_EXPIRED = "session-token-expired"
    SESSION_TOKEN_IAT_BEFORE_CLIENT_UAT = "session-token-iat-before-client-uat"
    SESSION_TOKEN_NBF = "session-token-nbf"
    SESSION_TOKEN_IAT_IN_THE_FUTURE = "session-token-iat-in-the-future"
    SESSION_TOKEN_WITHOUT_CLIENT_UAT = "session-token-but-no-client-uat"
    ACTIVE_ORGANIZATION_MISMATCH = "active-organization-mismatch"
    TOKEN_TYPE_MISMATCH = "token-type-mismatch"
    UNEXPECTED_ERROR = "unexpected-error"
    NO_TOKEN_IN_HEADER = "No token in header"
    SECRET_KEY_MISSING = "secret-key-missing"
    TOKEN_TYPE_NOT_SUPPORTED = "token-type-not-supported"


class TokenVerificationErrorReason(_StrEnum):
    TOKEN_EXPIRED = "token-expired"
    TOKEN_INVALID = "token-invalid"
    TOKEN_INVALID_ALGORITHM = "token-invalid-algorithm"
    TOKEN_INVALID_AUTHORIZED_PARTIES = "token-invalid-authorized-parties"
    TOKEN_INVALID_ISSUER = "token-invalid-issuer"
    TOKEN_INVALID_SIGNATURE = "token-invalid-signature"
    TOKEN_NOT_ACTIVE_YET = "token-not-active-yet"
    TOKEN_IAT_IN_THE_FUTURE = "token-iat-in-the-future"
    TOKEN_VERIFICATION_FAILED = "token-verification-failed"
    SECRET_KEY_INVALID = "secret-key-invalid"
    JWK_REMOTE_FAILED_TO_LOAD = "jwk-remote-failed-to-load"
    JWK_KID_MISMATCH = "jwk-kid-mismatch"
    JWK_FAILED_TO_RESOLVE = "jwk-failed-to-resolve"
    JWK_LOCAL_MISSING = "jwk-local-missing"
    JWK_REMOTE_MISSING = "jwk-remote-missing"
    JWK_REMOTE_INVALID = "jwk-remote-invalid"
    JWK_FAILED_TO_LOAD = "jwk-failed-to-load"
    TOKEN_INVALID_AUDIENCE = "token-invalid-audience"
    SECRET_KEY_MISSING = "secret-key-missing"
    SERVER_ERROR = "server-error"
    INVALID_TOKEN_TYPE = "invalid-token-type"


class TokenType(_StrEnum):
    SESSION_TOKEN = "session_token"
    API_KEY = "api_key"
    M2M_TOKEN = "m2m_token"
    OAUTH_TOKEN = "oauth_token"


Reason = Union[AuthErrorReason, TokenVerificationErrorReason, str]


def _reason(value: Optional[str]) -> Optional[Reason]:
    """Known reasons as enum members (equal to their strings); others as str."""
    if value is None:
        return None
    return _REASONS.get(value, value)


# AuthErrorReason wins where both enums share a value, as the lookup order did.
_REASONS: Dict[str, Reason] = {**{m.value: m for m in TokenVerificationErrorReason}, **{m.value: m for m in AuthErrorReason}}
_STATUSES: Dict[str, AuthStatus] = {m.value: m for m in AuthStatus}


class ReasonError(Exception):
    """An auth or webhook failure with a stable `.reason` code; picklable,
    and never carrying the token or secret it was about."""

    def __init__(self, reason: Any, message: str = "") -> None:
        super().__init__(message or str(reason))
        self.reason = reason
        self.message = message or str(reason)

    def __reduce__(self) -> Any:
        return (type(self), (self.reason, self.message))


class TokenVerificationError(ReasonError):
    """`verify_token` failed; `.reason` says why."""


class AuthConfigError(ReasonError, ValueError):
    """`authenticate_request` options are unusable (no secret key, bad publishable key)."""


@dataclass
class VerifyTokenOptions:
    """Options of `verify_token` (session JWTs)."""

    audience: Union[str, List[str], None] = None
    authorized_parties: Optional[List[str]] = None
    clock_skew_in_ms: int = 5000
    jwt_key: Optional[str] = None
    secret_key: Optional[str] = None
    api_url: Optional[str] = None
    api_version: Optional[str] = None
    issuer: Union[str, List[str], None] = None
    skip_jwks_cache: bool = False
    max_token_length: Optional[int] = None
    # The verification deadline: total time on the Backend API (JWKS fetch, retries included); default 5000.
    network_timeout_ms: Optional[int] = None

    def __repr__(self) -> str:
        return _redacted_repr(self)


@dataclass
class AuthenticateRequestOptions:
    """Options of `authenticate_request` (snake_case names of the auth spec).

    Unset keys fall back to the environment: `CLERK_SECRET_KEY`,
    `CLERK_PUBLISHABLE_KEY` (optional), `CLERK_JWT_KEY`, `CLERK_MACHINE_SECRET_KEY`,
    `CLERK_API_URL` (`https://api.clerk.com`; a trailing `/v1` is accepted),
    `CLERK_API_VERSION`. `extra` takes further options by their snake_case
    names; an unknown name is a `TypeError`, so a misspelled option cannot
    switch its check off."""

    secret_key: Optional[str] = None
    jwt_key: Optional[str] = None
    audience: Union[str, List[str], None] = None
    authorized_parties: Optional[List[str]] = None
    clock_skew_in_ms: int = 5000
    accepts_token: Union[str, List[str], None] = None
    machine_secret_key: Optional[str] = None
    publishable_key: Optional[str] = None
    api_url: Optional[str] = None
    api_version: Optional[str] = None
    issuer: Union[str, List[str], None] = None
    skip_jwks_cache: bool = False
    max_token_length: Optional[int] = None
    network_timeout_ms: Optional[int] = None
    domain: Optional[str] = None
    is_satellite: bool = False
    proxy_url: Optional[str] = None
    sign_in_url: Optional[str] = None
    sign_up_url: Optional[str] = None
    after_sign_in_url: Optional[str] = None
    after_sign_up_url: Optional[str] = None
    extra: Dict[str, Any] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return _redacted_repr(self)


_SECRET_FIELDS = ("secret_key", "machine_secret_key")


def _redacted_repr(obj: Any) -> str:
    parts = []
    for k, v in obj.__dict__.items():
        if k == "extra" or v is None or v == [] or v is False:
            continue
        if k in _SECRET_FIELDS and v:
            v = "[REDACTED]"
        parts.append(f"{k}={v!r}")
    return f"{type(obj).__name__}({', '.join(parts)})"


class AuthObject:
    """What `RequestState.to_auth()` returns: session fields (`user_id`,
    `session_id`, `org_id`, ...) or machine fields (`id`, `subject`, `scopes`, ...);
    fields that do not apply are None."""

    def __init__(self, data: Dict[str, Any]) -> None:
        self._token: Optional[str] = data.pop("token", None)
        self.__dict__.update(data)

    def get_token(self) -> Optional[str]:
        return self._token

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.__dict__.items() if not k.startswith("_") and v is not None and k != "session_claims"}
        return f"AuthObject({', '.join(f'{k}={v!r}' for k, v in shown.items())})"


_UNSET: Any = object()


class RequestState:
    """The outcome of `authenticate_request`: `status`, `reason`, `message`,
    `token`, `payload` (verified claims, or the machine token's data),
    `is_signed_in`, `headers` (to add to the response), `to_auth()`."""

    def __init__(self, data: Dict[str, Any]) -> None:
        self._data = data
        status = data["status"]
        self.status = _STATUSES.get(status) or AuthStatus(status)
        self.reason = _reason(data.get("reason"))
        self.token: Optional[str] = data.get("token")
        self.token_type: Optional[str] = data.get("token_type")
        self.token_error = _reason(data.get("token_error"))
        self._payload: Any = data["payload"] if "payload" in data else _UNSET
        self.headers: List[Any] = data.get("headers") or []
        self._message: Optional[str] = data.get("message")

    @property
    def message(self) -> Optional[str]:
        return self._message

    @property
    def payload(self) -> Optional[Dict[str, Any]]:
        # Converted on first read: most callers only check `is_signed_in`.
        if self._payload is _UNSET:
            source = self._data.get("auth")
            self._payload = source.payload() if source is not None else None
        return self._payload

    @payload.setter
    def payload(self, value: Optional[Dict[str, Any]]) -> None:
        self._payload = value

    @property
    def is_signed_in(self) -> bool:
        return self.status == AuthStatus.SIGNED_IN

    @property
    def is_authenticated(self) -> bool:
        return self.is_signed_in

    def __getattr__(self, name: str) -> Any:  # echoed options: publishable_key, domain, ...
        data = self.__dict__.get("_data") or {}
        if name in data:
            return data[name]
        raise AttributeError(name)

    def to_auth(self, treat_pending_as_signed_out: bool = True) -> Optional[AuthObject]:
        source = self._data.get("auth")
        raw = source.to_auth(bool(treat_pending_as_signed_out)) if source is not None else None
        return AuthObject(dict(raw)) if raw is not None else None

    def __repr__(self) -> str:
        # the token is a credential: never in the repr
        return f"RequestState(status={self.status.value!r}, reason={self.reason!r}, token_type={self.token_type!r})"


__all__ = [
    "ReasonError", "AuthStatus", "AuthErrorReason", "TokenVerificationErrorReason", "TokenType", "TokenVerificationError",
    "AuthConfigError", "VerifyTokenOptions", "AuthenticateRequestOptions", "AuthObject", "RequestState",
]
