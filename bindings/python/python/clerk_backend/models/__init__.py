"""Models and errors, as `clerk_backend.models` (the official SDK's module).

Model classes are built on first access (`models.User`), so importing the
package stays cheap however many schemas the API has.
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` is imported for the type checker only: it costs import time
if TYPE_CHECKING:
    from typing import Any

from ._base import Model, model_class, wrap
from .errors import (
    ClerkBaseError,
    ClerkConfigError,
    ClerkConnectionError,
    ClerkError,
    ClerkErrors,
    ClerkErrorsData,
    ClerkTimeoutError,
    ConnectionError,
    InvalidArgumentError,
    RawResponse,
    ResponseValidationError,
    SDKError,
    TimeoutError,
)

__all__ = [
    "Model", "model_class", "wrap", "ClerkBaseError", "ClerkConfigError", "ClerkConnectionError", "ClerkError",
    "ClerkErrors", "ClerkErrorsData", "ClerkTimeoutError", "ConnectionError", "InvalidArgumentError",
    "RawResponse", "ResponseValidationError", "SDKError", "TimeoutError",
]


def __getattr__(name: str) -> Any:
    cls = model_class(name)
    if cls is None:
        from .._generated import enums

        if name in enums.ENUM_NAMES:
            return getattr(enums, name)
        if name in enums.OFFICIAL_MODELS:
            cls = model_class(enums.OFFICIAL_MODELS[name])
        if cls is None:
            raise AttributeError(f"module 'clerk_backend.models' has no attribute {name!r}")
    globals()[name] = cls
    return cls
