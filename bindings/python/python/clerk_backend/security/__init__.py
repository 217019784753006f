"""Request authentication and webhook verification, verified in the Rust core.

    from clerk_backend.security import authenticate_request, AuthenticateRequestOptions
    state = authenticate_request(request, AuthenticateRequestOptions(authorized_parties=["https://example.com"]))
    if state.is_signed_in: ...

`request` may be an httpx, requests, Django, Flask/Werkzeug or Starlette
request, or any object with a `headers` mapping.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Tuple, Union

from .. import _native
from .._dispatch import _await_native
from .types import (
    AuthConfigError,
    AuthenticateRequestOptions,
    AuthErrorReason,
    AuthObject,
    AuthStatus,
    ReasonError,
    RequestState,
    TokenType,
    TokenVerificationError,
    TokenVerificationErrorReason,
    VerifyTokenOptions,
    _reason,
)


class WebhookVerificationError(ReasonError):
    """A webhook failed verification; `.reason` is the spec's reason code."""


class WebhookConfigError(WebhookVerificationError, ValueError):
    """No or an unusable signing secret."""


class Authenticator:
    """Owns a JWKS cache: each `Authenticator()` has its own (keep one per
    application and reuse it, or keys are fetched again). The module functions
    share one per process. `now=` (Unix seconds) fixes the clock for tests."""

    def __init__(self, now: Optional[float] = None) -> None:
        self._native = _native.NativeAuthenticator(None if now is None else int(now * 1000))

    def set_now(self, now: float) -> None:
        self._native.set_now_ms(int(now * 1000))

    @property
    def jwks_fetch_count(self) -> int:
        return int(self._native.jwks_fetch_count())

    def authenticate_request(self, request: Any, options: Optional[AuthenticateRequestOptions] = None, **defaults: Any) -> RequestState:
        return self._authenticate(request, options, defaults)

    def _authenticate(self, request: Any, options: Optional[AuthenticateRequestOptions], defaults: Mapping[str, Any]) -> RequestState:
        opts = _request_options(options, defaults)
        try:
            return RequestState(self._native.authenticate_request(request, opts))
        except _native.NativeAuthError as e:
            raise _auth_error(e) from None

    async def authenticate_request_async(self, request: Any, options: Optional[AuthenticateRequestOptions] = None, **defaults: Any) -> RequestState:
        opts = _request_options(options, defaults)
        try:
            return RequestState(await _await_native(lambda done: self._native.authenticate_request_async(done, request, opts)))
        except _native.NativeAuthError as e:
            raise _auth_error(e) from None

    def verify_token(self, token: str, options: Optional[VerifyTokenOptions] = None) -> Dict[str, Any]:
        if not isinstance(token, str):
            raise TypeError(f"verify_token(): `token` must be str, got {type(token).__name__}")
        opts = _native_options(options or _DEFAULT_VERIFY_OPTIONS, {}, _native.NativeVerifyOptions)
        try:
            claims = self._native.verify_token(token, opts)
        except _native.NativeAuthError as e:
            raise _auth_error(e) from None
        # The native side builds a fresh dict; copy only anything else.
        return claims if type(claims) is dict else dict(claims)


# The core's error codes of auth and webhook verification, and their classes
# (test_tables.py checks these codes against the core's table).
_AUTH_ERROR_CLASSES = {
    "auth_config": AuthConfigError,
    "webhook_config": WebhookConfigError,
    "webhook_verification": WebhookVerificationError,
}
_MAPPED_CODES = (*_AUTH_ERROR_CLASSES, "token_verification", "machine_token_verification")


def _auth_error(e: BaseException) -> BaseException:
    code, reason, message = e.code, e.reason or "", e.message  # type: ignore[attr-defined]
    cls = _AUTH_ERROR_CLASSES.get(code)
    if cls is not None:
        return cls(reason, message)
    return TokenVerificationError(_reason(reason) or reason, message)


# Parsed native options per options object, reused while its fields and the
# defaults are unchanged; the entry keeps the object alive so its id cannot
# be reused meanwhile. The environment defaults are applied by the core on
# each call, to what the options leave unset.
_OPTIONS_CACHE: Dict[int, Tuple[Any, ...]] = {}
_OPTIONS_CACHE_MAX = 256


def _native_options(options: Any, defaults: Mapping[str, Any], parse: Any) -> Any:
    """`parse` (`NativeVerifyOptions` or `NativeRequestOptions`) of the options as a dict."""
    if isinstance(options, dict):
        fields = options
    elif hasattr(options, "__dataclass_fields__"):
        fields = vars(options)
    else:
        raise TypeError(f"`options` must be AuthenticateRequestOptions, got {type(options).__name__}")
    extra = fields.get("extra") if fields is not options else None
    hit = _OPTIONS_CACHE.get(id(options))
    if (hit is not None and hit[0] is options and hit[1] is parse and hit[2] == fields and hit[3] == extra
            and hit[4] == defaults):
        return hit[5]
    parsed = parse(_build_options(options, defaults))
    if len(_OPTIONS_CACHE) >= _OPTIONS_CACHE_MAX:
        _OPTIONS_CACHE.clear()
    # Copies: the comparison above must see later assignments to the object,
    # and in-place changes to its lists (the parsed options are a snapshot).
    _OPTIONS_CACHE[id(options)] = (options, parse, _snapshot(fields), None if extra is None else _snapshot(extra),
                                   dict(defaults), parsed)
    return parsed


def _snapshot(d: Mapping[str, Any]) -> Dict[str, Any]:
    return {k: list(v) if isinstance(v, list) else v for k, v in d.items()}


def _build_options(options: Any, defaults: Mapping[str, Any]) -> Dict[str, Any]:
    """The options as a dict, the client's defaults filling unset keys."""
    if isinstance(options, dict):
        d = dict(options)
    else:
        # A shallow copy: `dataclasses.asdict` deep-copies and costs more than the verification.
        d = dict(vars(options))
        d.update(d.pop("extra", None) or {})
    for k, v in defaults.items():
        if d.get(k) is None and v is not None:
            d[k] = v
    return d


_DEFAULT_VERIFY_OPTIONS = VerifyTokenOptions()
_DEFAULT_REQUEST_OPTIONS = AuthenticateRequestOptions()


def _request_options(options: Optional[AuthenticateRequestOptions], defaults: Mapping[str, Any]) -> Any:
    return _native_options(_DEFAULT_REQUEST_OPTIONS if options is None else options, defaults, _native.NativeRequestOptions)

_shared: Optional[Authenticator] = None


def _authenticator() -> Authenticator:
    global _shared
    if _shared is None:
        shared = Authenticator.__new__(Authenticator)
        shared._native = _native.NativeAuthenticator(None, True)
        _shared = shared
    return _shared


def authenticate_request(request: Any, options: Optional[AuthenticateRequestOptions] = None, *, _secret_key: Optional[str] = None, _api_url: Optional[str] = None) -> RequestState:
    """Authenticates `request` (session cookie/header, API key, M2M or OAuth token)."""
    return _authenticator()._authenticate(request, options, _defaults(_secret_key, _api_url))


async def authenticate_request_async(request: Any, options: Optional[AuthenticateRequestOptions] = None, *, _secret_key: Optional[str] = None, _api_url: Optional[str] = None) -> RequestState:
    return await _authenticator().authenticate_request_async(request, options, **_defaults(_secret_key, _api_url))


_NO_DEFAULTS: Dict[str, Any] = {}


def _defaults(secret_key: Optional[str], api_url: Optional[str]) -> Mapping[str, Any]:
    if secret_key is None and api_url is None:
        return _NO_DEFAULTS
    # The client's server URL ends in the version segment; the core drops it.
    return {"secret_key": secret_key, "api_url": api_url}


def verify_token(token: str, options: Optional[VerifyTokenOptions] = None) -> Dict[str, Any]:
    """Verifies a session JWT and returns its claims; raises `TokenVerificationError`."""
    return _authenticator().verify_token(token, options)


def verify_webhook(
    payload: Union[bytes, str],
    headers: Any,
    signing_secret: Optional[str] = None,
    *,
    tolerance_seconds: Optional[int] = None,
    accept_standard_headers: bool = False,
    now: Optional[float] = None,
) -> Dict[str, Any]:
    """Verifies a Clerk (Svix-signed) webhook over the raw body and returns the
    event (`type`, `data`, `object`, `timestamp`, `instance_id`, ...).

    `headers` may be a mapping or a request object; the secret defaults to
    `CLERK_WEBHOOK_SIGNING_SECRET`. Raises `WebhookVerificationError`."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    if not isinstance(payload, (bytes, bytearray, memoryview)):
        raise TypeError(f"verify_webhook(): `payload` must be the raw body (bytes or str), got {type(payload).__name__}")
    try:
        return dict(_native.verify_webhook_native(bytes(payload), headers, signing_secret, None if now is None else int(now * 1000),
                                                  tolerance_seconds, accept_standard_headers))
    except _native.NativeAuthError as e:
        raise _auth_error(e) from None


__all__ = [
    "authenticate_request", "authenticate_request_async", "verify_token", "verify_webhook", "Authenticator",
    "AuthenticateRequestOptions", "VerifyTokenOptions", "RequestState", "AuthStatus", "AuthErrorReason",
    "TokenVerificationErrorReason", "TokenVerificationError", "TokenType", "AuthObject", "AuthConfigError",
    "WebhookVerificationError", "WebhookConfigError", "ReasonError",
]
