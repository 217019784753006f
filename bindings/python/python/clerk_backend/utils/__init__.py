"""`RetryConfig`, `BackoffStrategy` and `parse_datetime`, as in the official SDK."""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` is imported for the type checker only: it costs import time
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any, Dict, Optional


class BackoffStrategy:
    """Exponential backoff; all intervals in milliseconds."""

    def __init__(self, initial_interval: int, max_interval: int, exponent: float, max_elapsed_time: int) -> None:
        for name, value in (("initial_interval", initial_interval), ("max_interval", max_interval), ("max_elapsed_time", max_elapsed_time)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"BackoffStrategy: `{name}` must be a non-negative int (milliseconds), got {value!r}")
        if isinstance(exponent, bool) or not isinstance(exponent, (int, float)) or exponent < 1:
            raise ValueError(f"BackoffStrategy: `exponent` must be a number >= 1, got {exponent!r}")
        self.initial_interval = initial_interval
        self.max_interval = max_interval
        self.exponent = float(exponent)
        self.max_elapsed_time = max_elapsed_time

    def __repr__(self) -> str:
        return (f"BackoffStrategy({self.initial_interval}, {self.max_interval}, {self.exponent}, {self.max_elapsed_time})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BackoffStrategy) and self.__dict__ == other.__dict__


class RetryConfig:
    """`RetryConfig("backoff", BackoffStrategy(...), retry_connection_errors)`; strategy "none" disables retries."""

    def __init__(self, strategy: str, backoff: Optional[BackoffStrategy] = None, retry_connection_errors: bool = True) -> None:
        if strategy not in ("backoff", "none"):
            raise ValueError(f"RetryConfig: `strategy` must be 'backoff' or 'none', got {strategy!r}")
        if backoff is not None and not isinstance(backoff, BackoffStrategy):
            raise TypeError("RetryConfig: `backoff` must be a BackoffStrategy")
        self.strategy = strategy
        self.backoff = backoff
        self.retry_connection_errors = bool(retry_connection_errors)

    def __repr__(self) -> str:
        return f"RetryConfig({self.strategy!r}, {self.backoff!r}, {self.retry_connection_errors})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RetryConfig) and self.__dict__ == other.__dict__

    def _native(self) -> Dict[str, Any]:
        """The core's `retry` option; no backoff means the core's defaults."""
        d: Dict[str, Any] = {"strategy": self.strategy, "retry_connection_errors": self.retry_connection_errors}
        b = self.backoff
        if b is not None:
            d["backoff"] = {"initial_interval_ms": b.initial_interval, "max_interval_ms": b.max_interval,
                            "exponent": b.exponent, "max_elapsed_time_ms": b.max_elapsed_time}
        return d


def retry_options(value: Any, param: str) -> Optional[Dict[str, Any]]:
    if value is None:
        return None
    if not isinstance(value, RetryConfig):
        raise TypeError(f"parameter `{param}` must be a clerk_backend.utils.RetryConfig, got {type(value).__name__}")
    return value._native()


def parse_datetime(value: str) -> datetime:
    """Parses an RFC 3339 timestamp (a trailing `Z` included) to an aware datetime."""
    from datetime import datetime, timezone

    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)


__all__ = ["BackoffStrategy", "RetryConfig", "parse_datetime"]
