"""Method, absolute URL and headers from the request objects of common
frameworks, or from any object with a `headers` mapping."""

from __future__ import annotations

from typing import Any, Iterable, List, Tuple

Headers = List[Tuple[str, str]]


def _text(v: Any) -> str:
    return v.decode("latin-1") if isinstance(v, (bytes, bytearray)) else str(v)


def _pairs(items: Iterable[Any]) -> Headers:
    return [(_text(k), _text(v)) for k, v in items]


def headers_of(request: Any) -> Headers:
    if isinstance(request, dict):
        return _pairs(request.items())
    h = getattr(request, "headers", None)
    if h is None:
        meta = getattr(request, "META", None)  # very old Django
        if isinstance(meta, dict):
            return [(k[5:].replace("_", "-").lower(), str(v)) for k, v in meta.items() if k.startswith("HTTP_")]
        raise TypeError("authenticate_request(): `request` must have a `headers` mapping (httpx, requests, Django, Flask, Starlette, ...)")
    raw = getattr(h, "raw", None)  # Starlette / httpx: list of (bytes, bytes), repeats kept
    if isinstance(raw, list):
        try:  # all bytes, the usual case: one pass without a call per item
            return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]
        except AttributeError:
            return _pairs(raw)
    multi = getattr(h, "multi_items", None)
    if callable(multi):
        return _pairs(multi())
    if hasattr(h, "items"):
        return _pairs(h.items())
    return _pairs(h)


def method_and_url(request: Any) -> Tuple[str, str]:
    method = getattr(request, "method", None) or "GET"
    url: Any = None
    build = getattr(request, "build_absolute_uri", None)  # Django
    if callable(build):
        try:
            url = build()
        except Exception:  # noqa: BLE001 - DisallowedHost and the like: fall back to headers
            url = None
    if url is None:
        url = getattr(request, "url", None)  # httpx, requests, Werkzeug, Starlette
    text = None if url is None else str(url)  # httpx rebuilds its URL string on each str()
    if text is None or not text.startswith(("http://", "https://")):
        host = dict((k.lower(), v) for k, v in headers_of(request)).get("host", "localhost")
        path = getattr(request, "path", None) or "/"
        text = f"https://{host}{path}"
    return str(method).upper(), text
