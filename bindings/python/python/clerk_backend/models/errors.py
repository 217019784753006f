"""Exceptions: the official SDK's names (`ClerkErrors`, `SDKError`) under one base.

Every exception is a plain picklable Python object; none holds a request
header, so no secret key or token can show up in a message or a traceback
(API errors hold the *response's* headers, with the key redacted by the core).
"""

from __future__ import annotations

TYPE_CHECKING = False  # `typing` is imported for the type checker only: it costs import time
if TYPE_CHECKING:
    from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from collections.abc import Mapping as _Mapping


class Headers(_Mapping[str, str]):
    """Response headers: a read-only mapping whose lookups ignore case
    (`h["Retry-After"] == h["retry-after"]`), like `httpx.Headers`. Keys are
    stored and iterated lower-case; a header sent several times is one entry,
    its values joined with ", "."""

    def __init__(self, headers: "Union[Mapping[str, str], Iterable[Tuple[str, str]], None]" = None) -> None:
        items: "Iterable[Tuple[str, str]]" = headers.items() if isinstance(headers, _Mapping) else (headers or ())
        merged: Dict[str, str] = {}
        for name, value in items:
            key = str(name).lower()
            merged[key] = f"{merged[key]}, {value}" if key in merged else str(value)
        self._items = merged

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> "Iterator[str]":
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Mapping):
            return self._items == {str(k).lower(): v for k, v in other.items()}
        return NotImplemented

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"

    def __reduce__(self) -> Any:
        return (Headers, (self._items,))


class RawResponse:
    """What the server answered, for errors (the official SDK gives an
    `httpx.Response`; this offers the parts error handlers read, `.headers`
    being a case-insensitive `Headers` mapping)."""

    def __init__(self, status_code: int, text: str = "", headers: "Union[Mapping[str, str], Iterable[Tuple[str, str]], None]" = None) -> None:
        self.status_code = status_code
        self.text = text
        self.headers = Headers(headers)

    @property
    def content(self) -> bytes:
        return self.text.encode("utf-8")

    def json(self) -> Any:
        import json

        return json.loads(self.text)

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"

    def __reduce__(self) -> Any:
        return (RawResponse, (self.status_code, self.text, self.headers))


class ClerkBaseError(Exception):
    """Base of every error the SDK raises for a failed call."""

    def __init__(
        self,
        message: str,
        status_code: int = 0,
        body: str = "",
        raw_response: Optional[RawResponse] = None,
        code: str = "",
        retry_after: Optional[float] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.body = body
        self.raw_response = raw_response if raw_response is not None else RawResponse(status_code, body)
        self.headers = self.raw_response.headers
        self.code = code
        self.retry_after = retry_after

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.__dict__))


def _rebuild(cls: Any, state: Dict[str, Any]) -> Exception:
    obj: Exception = cls.__new__(cls)
    Exception.__init__(obj, state.get("message", ""))
    obj.__dict__.update(state)
    return obj


class SDKError(ClerkBaseError):
    """An API error response that is not in Clerk's error shape, or any other
    failure of a call (`.status_code`, `.message`, `.body`, `.raw_response`)."""


class ClerkError:
    """One entry of Clerk's error list."""

    def __init__(self, code: str = "", message: str = "", long_message: Optional[str] = None, meta: Any = None) -> None:
        self.code = code
        self.message = message
        self.long_message = long_message
        self.meta = meta

    def __repr__(self) -> str:
        return f"ClerkError(code={self.code!r}, message={self.message!r}, long_message={self.long_message!r}, meta={self.meta!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClerkError) and self.__dict__ == other.__dict__

    def to_dict(self) -> Dict[str, Any]:
        return dict(self.__dict__)


class ClerkErrorsData:
    def __init__(self, errors: Optional[List[ClerkError]] = None, clerk_trace_id: Optional[str] = None, meta: Any = None) -> None:
        self.errors: List[ClerkError] = list(errors or [])
        self.clerk_trace_id = clerk_trace_id
        self.meta = meta

    def __repr__(self) -> str:
        return f"ClerkErrorsData(errors={self.errors!r}, clerk_trace_id={self.clerk_trace_id!r})"


class ClerkErrors(ClerkBaseError):
    """The API answered with Clerk's `{"errors": [...]}` (`.data.errors[i].code`, …)."""

    data: ClerkErrorsData

    def __init__(self, data: ClerkErrorsData, message: str, status_code: int, body: str = "", raw_response: Optional[RawResponse] = None, code: str = "api_error", retry_after: Optional[float] = None) -> None:
        super().__init__(message, status_code, body, raw_response, code, retry_after)
        self.data = data


class ResponseValidationError(SDKError):
    """A success response that could not be decoded."""


class ClerkTimeoutError(ClerkBaseError, TimeoutError):
    """The call timed out (per attempt or the retry budget)."""


class ClerkConnectionError(ClerkBaseError, ConnectionError):
    """The server could not be reached (refused, DNS, TLS, reset)."""


class InvalidArgumentError(ClerkBaseError, TypeError, ValueError):
    """A parameter was refused before sending; `.parameter` names it."""

    def __init__(self, message: str, parameter: str = "") -> None:
        super().__init__(message, code="invalid_argument")
        self.parameter = parameter


class ClerkConfigError(ClerkBaseError, ValueError):
    """The client is misconfigured (no secret key, bad URL)."""


# Aliases under the names users of other SDKs look for.
TimeoutError = ClerkTimeoutError  # noqa: A001
ConnectionError = ClerkConnectionError  # noqa: A001


def from_native(err: BaseException, rename: Optional[Mapping[str, str]] = None) -> BaseException:
    """Turns the native core's error (its error record as attributes) into
    the public exception, by the record's `code`.

    `rename` maps wire parameter names back to the keyword the caller used."""
    code = getattr(err, "code", None)
    if code is None:
        return err
    message: str = err.message  # type: ignore[attr-defined]
    status = err.status or 0  # type: ignore[attr-defined]
    body = err.body or ""  # type: ignore[attr-defined]
    retry_after = err.retry_after  # type: ignore[attr-defined]
    if code == "api_error":
        raw = RawResponse(status, body, err.headers)  # type: ignore[attr-defined]
        errors = err.errors  # type: ignore[attr-defined]
        if errors:
            items = [ClerkError(e.get("code", ""), e.get("message", ""), e.get("long_message"), e.get("meta")) for e in errors]
            return ClerkErrors(ClerkErrorsData(items, err.clerk_trace_id), message, status, body, raw, code, retry_after)  # type: ignore[attr-defined]
        return SDKError(message, status, body, raw, code, retry_after)
    if code == "timeout":
        return ClerkTimeoutError(message, code=code)
    if code in ("connection_error", "tls_error", "transport_error"):
        return ClerkConnectionError(message, code=code)
    if code == "decode_error":
        return ResponseValidationError(message, status, body, RawResponse(status, body), code)
    if code == "invalid_argument":
        parameter = err.parameter  # type: ignore[attr-defined]
        detail = err.detail or message  # type: ignore[attr-defined]
        name = _rename(parameter, rename) if parameter else ""
        return InvalidArgumentError(f"parameter `{name}`: {detail}" if name else detail, name)
    if code == "config_error":
        return ClerkConfigError(message, code=code)
    return SDKError(message, status, body, None, code)


# Every code `from_native` maps to a class of its own (the rest are SDKError);
# test_tables.py checks these are codes of the core's table.
_MAPPED_CODES = ("api_error", "timeout", "connection_error", "tls_error", "transport_error", "decode_error",
                "invalid_argument", "config_error")


def _rename(parameter: str, rename: Optional[Mapping[str, str]]) -> str:
    """`public_metadata.tags[2]` with its first segment (a wire name) spelled
    as the caller's keyword (`type` → `type_`)."""
    cut = min((i for i in (parameter.find("."), parameter.find("[")) if i >= 0), default=len(parameter))
    head = parameter[:cut]
    return (rename or {}).get(head, head) + parameter[cut:]
