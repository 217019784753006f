"""`HttpClient` / `AsyncHttpClient` protocols, for code that imports them.

The official SDK sends through an httpx client; this SDK sends from its Rust
core, so a client passed to `Clerk(client=..., async_client=...)` is read for
its settings only (default headers, timeout): see the README.
"""

from typing import Any

try:
    from typing import Protocol, runtime_checkable
except ImportError:  # pragma: no cover - Python < 3.8
    from typing_extensions import Protocol, runtime_checkable  # type: ignore


# The shapes of httpx.Client / httpx.AsyncClient, loosely typed so that httpx
# is not needed to import this module.
@runtime_checkable
class HttpClient(Protocol):
    def send(self, request: Any, *, stream: bool = ..., auth: Any = ..., follow_redirects: Any = ...) -> Any: ...

    def build_request(self, method: str, url: Any, *, content: Any = ..., data: Any = ..., files: Any = ..., json: Any = ...,
                      params: Any = ..., headers: Any = ..., cookies: Any = ..., timeout: Any = ..., extensions: Any = ...) -> Any: ...


@runtime_checkable
class AsyncHttpClient(Protocol):
    async def send(self, request: Any, *, stream: bool = ..., auth: Any = ..., follow_redirects: Any = ...) -> Any: ...

    def build_request(self, method: str, url: Any, *, content: Any = ..., data: Any = ..., files: Any = ..., json: Any = ...,
                      params: Any = ..., headers: Any = ..., cookies: Any = ..., timeout: Any = ..., extensions: Any = ...) -> Any: ...


__all__ = ["HttpClient", "AsyncHttpClient"]
