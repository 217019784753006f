"""The one generic method behind every operation.

`_generated/operations.py` says, per operation, which keywords it takes and
their wire names; this module turns a call's keywords into the core's JSON
parameters, runs it through the native client and wraps the response.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

TYPE_CHECKING = False  # `typing` is imported for the type checker only: it costs import time
if TYPE_CHECKING:
    import asyncio  # imported lazily at run time: it is the heaviest import of all
    from typing import Any, AsyncIterator, Callable, Dict, Iterator, List, Optional, Tuple

from . import _native
from .models._base import wrap
from .models.errors import from_native
from .utils import retry_options
from ._generated.schemas import SCHEMAS

NativeError = _native.NativeError
_OPTIONS = ("retries", "server_url", "timeout_ms", "http_headers")


class Operation:
    """One entry of the operation table, with its lookups precomputed."""

    __slots__ = ("name", "style", "entries", "kw_to_wire", "wire_to_kw", "required", "files", "body_key",
                 "response", "paginated", "deprecated", "item")

    def __init__(self, row: Tuple[Any, ...]) -> None:
        name, style, entries, files, body_key, response, paginated, deprecated = row
        self.name: str = name
        self.style: str = style
        self.entries = entries
        self.kw_to_wire: Dict[str, str] = {kw: wire for kw, wire, _ in entries}
        # request= dicts may use wire names too
        for _, wire, _ in entries:
            self.kw_to_wire.setdefault(wire, wire)
        self.wire_to_kw: Dict[str, str] = {wire: kw for kw, wire, _ in entries}
        self.required = tuple(kw for kw, _, req in entries if req)
        self.files = files
        self.body_key = body_key
        self.response = response
        self.paginated = paginated
        self.deprecated = deprecated
        self.item = _item_desc(response)


def _item_desc(response: Any) -> Any:
    if isinstance(response, list):
        return response[0]
    if isinstance(response, str):
        spec: Any = SCHEMAS.get(response)
        if spec is not None:
            data = spec[1].get("data")
            if isinstance(data, list):
                return data[0]
    return None


def prepare(op: Operation, kwargs: Dict[str, Any], method: str) -> Tuple[Dict[str, Any], Any, Optional[Dict[str, Any]]]:
    """Keyword arguments → (wire params, file parts, call options for the
    core's parser), or `TypeError` naming the offending parameter before
    anything is sent."""
    opts = _call_options(kwargs) if _has_options(kwargs) else None
    params: Dict[str, Any] = {}
    request = kwargs.pop("request", None)
    if request is not None:
        _merge_request(op, request, params, method)
    kw_to_wire = op.kw_to_wire
    for kw, value in kwargs.items():
        wire = kw_to_wire.get(kw)
        if wire is None:
            raise TypeError(f"{method}() got an unexpected keyword argument {kw!r}")
        if value is not None:
            params[wire] = value
    for kw in op.required:
        if op.kw_to_wire[kw] not in params:
            raise TypeError(f"{method}() missing required argument {kw!r}")
    files = _take_files(op, params, method) if op.files else None
    return params, files, opts


def _merge_request(op: Operation, request: Any, params: Dict[str, Any], method: str) -> None:
    if hasattr(request, "to_dict") and not isinstance(request, dict):
        request = request.to_dict()
    if isinstance(request, (list, tuple)):
        if op.body_key is None:
            raise TypeError(f"{method}(): `request` must be a dict, got {type(request).__name__}")
        params[op.body_key] = list(request)
        return
    if not isinstance(request, Mapping):
        raise TypeError(f"{method}(): `request` must be a dict, got {type(request).__name__}")
    for key, value in request.items():
        wire = op.kw_to_wire.get(key)
        if wire is None:
            raise TypeError(f"{method}(): unexpected key {key!r} in `request`")
        if value is not None:
            params[wire] = value


def _has_options(kwargs: Dict[str, Any]) -> bool:
    return any(k in kwargs for k in _OPTIONS)


def _call_options(kwargs: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The call options as the core's `CallOptions` JSON; the core checks them."""
    opts: Dict[str, Any] = {}
    retries = kwargs.pop("retries", None)
    if retries is not None:
        opts["retry"] = retry_options(retries, "retries")
    for kw, key in (("timeout_ms", "timeout_ms"), ("server_url", "server_url")):
        value = kwargs.pop(kw, None)
        if value is not None:
            opts[key] = value
    headers = kwargs.pop("http_headers", None)
    if headers is not None:
        opts["headers"] = list(headers.items()) if hasattr(headers, "items") else headers
    return opts or None


def _take_files(op: Operation, params: Dict[str, Any], method: str) -> List[Tuple[str, Optional[str], Optional[str], Any]]:
    parts = []
    for field in op.files:
        f = params.pop(field, None)
        if f is None:
            continue
        parts.append(file_part(field, f, method))
    return parts


def file_part(field: str, f: Any, method: str) -> Tuple[str, Optional[str], Optional[str], Any]:
    """`{"file_name", "content", "content_type"}` → `(field, name, type, bytes | path)`.
    Paths and real files are streamed by the core from disk."""
    if hasattr(f, "to_dict") and not isinstance(f, dict):
        f = f.to_dict()
    if isinstance(f, (bytes, bytearray, memoryview, str, os.PathLike)) or hasattr(f, "read"):
        f = {"content": f}
    if not isinstance(f, Mapping) or "content" not in f:
        raise TypeError(f"{method}(): `{field}` must be a dict with `content` (bytes, file object or path)")
    content = f["content"]
    name = f.get("file_name") or f.get("fileName")
    ctype = f.get("content_type") or f.get("contentType")
    if isinstance(content, (bytes, bytearray, memoryview)):
        data: Any = bytes(content)
    elif isinstance(content, (str, os.PathLike)):
        data = os.fspath(content)
        if not os.path.isfile(data):
            raise ValueError(f"{method}(): `{field}.content`: no such file {data!r}")
        name = name or os.path.basename(data)
    elif hasattr(content, "read"):
        path = getattr(content, "name", None)
        tell = getattr(content, "tell", None)
        if isinstance(path, str) and os.path.isfile(path) and callable(tell) and tell() == 0:
            data = path
            name = name or os.path.basename(path)
        else:
            data = content.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
    else:
        raise TypeError(f"{method}(): `{field}.content` must be bytes, a file object or a path")
    return (field, name, ctype, data)


def call_sync(native: Any, op: Operation, method: str, kwargs: Dict[str, Any], logger: Any) -> Any:
    params, files, opts = prepare(op, kwargs, method)
    if logger is not None:
        _log_request(logger, op, params)
        started = time.perf_counter()
    try:
        status, body = native.call(op.name, params, files, opts)
    except NativeError as e:
        err = from_native(e, op.wire_to_kw)
        if logger is not None:
            _log_error(logger, op, err, started)
        raise err from None
    if logger is not None:
        _log_response(logger, op, status, started)
    return wrap(body, op.response) if op.response is not None else body


async def call_async(native: Any, op: Operation, method: str, kwargs: Dict[str, Any], logger: Any) -> Any:
    params, files, opts = prepare(op, kwargs, method)
    if logger is not None:
        _log_request(logger, op, params)
        started = time.perf_counter()
    try:
        status, body = await _await_native(lambda cb: native.call_async(cb, op.name, params, files, opts))
    except NativeError as e:
        err = from_native(e, op.wire_to_kw)
        if logger is not None:
            _log_error(logger, op, err, started)
        raise err from None
    if logger is not None:
        _log_response(logger, op, status, started)
    return wrap(body, op.response) if op.response is not None else body


def _settle(fut: "asyncio.Future[Any]", ok: bool, value: Any) -> None:
    if fut.done():  # cancelled while the core was working
        return
    if ok:
        fut.set_result(value)
    else:
        fut.set_exception(value)


async def _await_native(start: Callable[[Callable[[bool, Any], None]], Any]) -> Any:
    """Runs a native async operation; its completion is handed to this loop
    from the core's runtime thread, so the loop keeps running meanwhile."""
    import asyncio

    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    def done(ok: bool, value: Any) -> None:
        try:
            loop.call_soon_threadsafe(_settle, fut, ok, value)
        except RuntimeError:  # the loop was closed before the call finished
            pass

    abort = getattr(start(done), "abort", None)
    if abort is not None:
        # Cancelling the awaiting task aborts the request in the core too (its
        # connection is closed) instead of letting it run on unobserved.
        fut.add_done_callback(lambda f: abort() if f.cancelled() else None)
    return await fut


def iterate(native: Any, op: Operation, method: str, kwargs: Dict[str, Any]) -> Iterator[Any]:
    params, _, opts = prepare(op, kwargs, method)
    try:
        pages = native.pages(op.name, params, opts)
    except NativeError as e:
        raise from_native(e, op.wire_to_kw) from None
    item = op.item
    while True:
        try:
            page = pages.next_page()
        except NativeError as e:
            raise from_native(e, op.wire_to_kw) from None
        if page is None:
            return
        for value in page:
            yield wrap(value, item) if item is not None else value


async def iterate_async(native: Any, op: Operation, method: str, kwargs: Dict[str, Any]) -> AsyncIterator[Any]:
    params, _, opts = prepare(op, kwargs, method)
    try:
        pages = native.pages(op.name, params, opts)
    except NativeError as e:
        raise from_native(e, op.wire_to_kw) from None
    item = op.item
    while True:
        try:
            page = await _await_native(pages.next_page_async)
        except NativeError as e:
            raise from_native(e, op.wire_to_kw) from None
        if page is None:
            return
        for value in page:
            yield wrap(value, item) if item is not None else value


# --------------------------------------------------------------------------- debug logging


def _log_request(logger: Any, op: Operation, params: Dict[str, Any]) -> None:
    # Names only: values may be passwords, tokens or secrets.
    logger.debug("clerk request %s params=[%s]", op.name, ", ".join(sorted(params)))


def _log_response(logger: Any, op: Operation, status: int, started: float) -> None:
    logger.debug("clerk response %s status=%d elapsed_ms=%.1f", op.name, status, (time.perf_counter() - started) * 1000)


def _log_error(logger: Any, op: Operation, err: BaseException, started: float) -> None:
    logger.debug("clerk response %s error=%s status=%s elapsed_ms=%.1f", op.name, type(err).__name__,
                 getattr(err, "status_code", None), (time.perf_counter() - started) * 1000)
