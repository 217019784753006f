"""Clerk Backend API SDK on a Rust core; a drop-in for `clerk_backend_api`.

    from clerk_backend import Clerk
    with Clerk(bearer_auth="sk_...") as clerk:
        users = clerk.users.list(request={"limit": 10})
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` is imported for the type checker only: it costs import time
if TYPE_CHECKING:
    from typing import Any

from . import models
from ._native import SDK_VERSION as __version__
from .models import ClerkBaseError, ClerkErrors, SDKError
from .sdk import Clerk
from .utils import BackoffStrategy, RetryConfig

__all__ = ["Clerk", "models", "ClerkBaseError", "ClerkErrors", "SDKError", "RetryConfig", "BackoffStrategy", "__version__"]

_SECURITY = ("authenticate_request", "verify_token", "verify_webhook", "AuthenticateRequestOptions", "RequestState", "AuthStatus")


def __getattr__(name: str) -> Any:
    # Enums and the auth helpers load on first use to keep `import clerk_backend` fast.
    if name in _SECURITY:
        from . import security

        return getattr(security, name)
    from ._generated import enums

    if name in enums.ENUM_NAMES:
        value = getattr(enums, name)
    elif name in enums.OFFICIAL_MODELS:
        value = getattr(models, enums.OFFICIAL_MODELS[name])
    else:
        raise AttributeError(f"module 'clerk_backend' has no attribute {name!r}")
    globals()[name] = value
    return value
