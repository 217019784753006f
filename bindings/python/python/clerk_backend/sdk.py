"""`Clerk`: the client, with one attribute per resource (`clerk.users`)."""

from __future__ import annotations

import sys
import threading
import warnings

TYPE_CHECKING = False  # `typing` is imported for the type checker only: it costs import time
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple

from . import _dispatch, _native
from ._generated.operations import OPERATIONS
from .models.errors import from_native
from .utils import RetryConfig, retry_options

_ITER = "_iter"  # `users.list_iter(...)`: every item of every page
_SUFFIXES = (_ITER + "_async", "_async", _ITER)
_ops_cache: Dict[Tuple[str, str], _dispatch.Operation] = {}


def _operation(group: str, method: str) -> Optional[_dispatch.Operation]:
    key = (group, method)
    op = _ops_cache.get(key)
    if op is None:
        row = OPERATIONS.get(group, {}).get(method)
        if row is None:
            return None
        op = _ops_cache[key] = _dispatch.Operation(row)
    return op


class Resource:
    """The methods of one group; each is built on first use and then cached."""

    def __init__(self, sdk: "Clerk", group: str) -> None:
        self._sdk = sdk
        self._group = group

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        method = self._build(name)
        if method is None:
            raise AttributeError(f"{self._group!r} has no method {name!r}")
        self.__dict__[name] = method
        return method

    def __dir__(self) -> List[str]:
        names = []
        for m, row in OPERATIONS.get(self._group, {}).items():
            names += [m, m + "_async"]
            if row[6]:
                names += [m + _ITER, m + _ITER + "_async"]
        return sorted(names)

    def _build(self, name: str) -> Any:
        sdk = self._sdk
        group = self._group
        for suffix in ("",) + _SUFFIXES:
            base = name[: -len(suffix)] if suffix else name
            if suffix and not name.endswith(suffix):
                continue
            op = _operation(group, base)
            if op is None:
                continue
            label = f"{group}.{name}"
            if op.deprecated:
                label_dep = f"{group}.{base} is deprecated by the Backend API"
            else:
                label_dep = None
            if suffix == "":
                def method(**kwargs: Any) -> Any:
                    if label_dep:
                        warnings.warn(label_dep, DeprecationWarning, stacklevel=2)
                    return _dispatch.call_sync(sdk._client(), op, label, kwargs, sdk._logger)
            elif suffix == "_async":
                async def method(**kwargs: Any) -> Any:  # type: ignore[misc]
                    if label_dep:
                        warnings.warn(label_dep, DeprecationWarning, stacklevel=2)
                    return await _dispatch.call_async(sdk._client(), op, label, kwargs, sdk._logger)
            elif not op.paginated:
                continue
            elif suffix == _ITER:
                def method(**kwargs: Any) -> Any:  # type: ignore[misc]
                    return _dispatch.iterate(sdk._client(), op, label, kwargs)
            else:
                def method(**kwargs: Any) -> Any:  # type: ignore[misc]
                    return _dispatch.iterate_async(sdk._client(), op, label, kwargs)
            method.__name__ = name
            method.__qualname__ = label
            method.__doc__ = f"Backend API operation `{op.name}`; see the type stubs for its parameters."
            return method
        return None


class Clerk:
    """Client of the Clerk Backend API.

    Same constructor as the official SDK. `bearer_auth` defaults to the
    `CLERK_SECRET_KEY` environment variable. `client` / `async_client` (httpx
    clients) are read for their default headers and timeout only: requests are
    sent by the Rust core, not by httpx.
    """

    def __init__(
        self,
        bearer_auth: Optional[str] = None,
        server_idx: Optional[int] = None,
        server_url: Optional[str] = None,
        url_params: Optional[Dict[str, str]] = None,
        client: Any = None,
        async_client: Any = None,
        retry_config: Optional[RetryConfig] = None,
        timeout_ms: Optional[int] = None,
        debug_logger: Any = None,
        proxy: Optional[str] = None,
    ) -> None:
        # None: the core applies `CLERK_SECRET_KEY` (its one reader of the environment).
        if bearer_auth is not None and not isinstance(bearer_auth, str):
            raise TypeError(f"parameter `bearer_auth` must be str, got {type(bearer_auth).__name__}")
        if server_idx not in (None, 0):
            raise ValueError(f"parameter `server_idx`: only server 0 exists, got {server_idx!r}")
        if server_url is not None and not isinstance(server_url, str):
            raise TypeError(f"parameter `server_url` must be str, got {type(server_url).__name__}")
        if server_url is not None and url_params:
            for k, v in url_params.items():
                server_url = server_url.replace("{" + k + "}", str(v))
        if debug_logger is not None and not callable(getattr(debug_logger, "debug", None)):
            raise TypeError("parameter `debug_logger` must be a logging.Logger (or have a .debug method)")
        headers, http_timeout_ms, connect_ms = _from_httpx(client if client is not None else async_client)
        self._options: Dict[str, Any] = dict(
            secret_key=bearer_auth,
            server_url=server_url,
            timeout_ms=timeout_ms if timeout_ms is not None else http_timeout_ms,
            retry=retry_options(retry_config, "retry_config"),
            default_headers=headers,
            proxy=proxy,
            connect_timeout_ms=connect_ms,
            user_agent_suffix="python/%d.%d.%d" % sys.version_info[:3],
        )
        self._logger = debug_logger
        self._lock = threading.Lock()
        self._native: Any = None
        self._client()  # configuration errors surface here, not on the first call
        self._resources: Dict[str, Resource] = {}

    def _client(self) -> Any:
        native = self._native
        if native is None:
            with self._lock:
                native = self._native
                if native is None:
                    try:
                        native = _native.NativeClient(self._options)
                    except _native.NativeError as e:
                        raise from_native(e) from None
                    self._native = native
        return native

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in OPERATIONS:
            raise AttributeError(f"'Clerk' object has no attribute {name!r}")
        res = Resource(self, name)
        self.__dict__[name] = res
        return res

    def __dir__(self) -> List[str]:
        return sorted(set(OPERATIONS) | set(type(self).__dict__))

    def __repr__(self) -> str:
        return f"Clerk(server_url={self._options['server_url']!r})"

    # Resource management: dropping the native client closes its connections;
    # a later call opens a new one, as the official SDK re-creates its httpx clients.
    def close(self) -> None:
        with self._lock:
            self._native = None

    def __enter__(self) -> "Clerk":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    async def __aenter__(self) -> "Clerk":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.close()

    def authenticate_request(self, request: Any, options: Any) -> Any:
        from .security import authenticate_request

        return authenticate_request(request, options, _secret_key=self._options["secret_key"], _api_url=self._options["server_url"])

    async def authenticate_request_async(self, request: Any, options: Any) -> Any:
        from .security import authenticate_request_async

        return await authenticate_request_async(request, options, _secret_key=self._options["secret_key"], _api_url=self._options["server_url"])


def _from_httpx(client: Any) -> Tuple[List[Tuple[str, str]], Optional[float], Optional[float]]:
    """Default headers and timeouts of an httpx client (or anything with
    `.headers` / `.timeout`). What such a client would do and the core cannot
    (its own `send()`, event hooks, auth, a proxy or transport mounted on it)
    is named in a warning rather than dropped silently."""
    if client is None:
        return [], None, None
    _warn_unused(client)
    headers: List[Tuple[str, str]] = []
    raw = getattr(client, "headers", None)
    if raw is not None and hasattr(raw, "items"):
        skip = {"user-agent", "accept", "accept-encoding", "connection"}
        headers = [(str(k), str(v)) for k, v in raw.items() if str(k).lower() not in skip]
    timeout = getattr(client, "timeout", None)
    read = getattr(timeout, "read", None)
    connect = getattr(timeout, "connect", None)
    return (
        headers,
        float(read) * 1000 if isinstance(read, (int, float)) and read > 0 else None,
        float(connect) * 1000 if isinstance(connect, (int, float)) and connect > 0 else None,
    )


def _warn_unused(client: Any) -> None:
    httpx = sys.modules.get("httpx")
    unused = []
    if httpx is not None and not isinstance(client, (httpx.Client, httpx.AsyncClient)):
        # A wrapper in the style of the official README's CustomClient: its logic lives in send().
        unused.append(f"{type(client).__name__}.send()")
    if any(getattr(client, "event_hooks", {}).values()):
        unused.append("event_hooks")
    if getattr(client, "auth", None) is not None:
        unused.append("auth")
    if getattr(client, "_mounts", None):  # proxy= / mounts= end up here
        unused.append("proxy/mounts (pass Clerk(proxy=...) or set HTTPS_PROXY)")
    if unused:
        warnings.warn(
            "clerk_backend sends requests from its Rust core, not through the given HTTP client: its headers and "
            f"timeouts are used, but not {', '.join(unused)} (see the README, 'Custom HTTP clients')",
            RuntimeWarning,
            stacklevel=3,
        )
