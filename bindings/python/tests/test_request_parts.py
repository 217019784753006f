"""What authentication reads from each framework's request object:
method, absolute URL and headers (`_native.request_parts`)."""

from __future__ import annotations

import json

import pytest

import clerk_backend
from clerk_backend import _native
from clerk_backend.security import Authenticator

from conftest import vector_file
from test_frameworks import FRAMEWORKS, _opts, _vector

URL = "https://app.example.com/api/items"


def _v(method: str = "GET"):
    return {"request": {"method": method, "url": URL,
                        "headers": {"host": "app.example.com", "authorization": "Bearer abc.def.ghi", "x-trace": "t1"}}}


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_parts_of_each_framework(framework):
    method, url, headers = _native.request_parts(FRAMEWORKS[framework](_v("POST")))
    found = {k.lower(): v for k, v in headers}
    assert found["authorization"] == "Bearer abc.def.ghi"
    assert found["x-trace"] == "t1"
    if framework == "plain":  # headers only: GET and a URL made from the Host header
        assert (method, url) == ("GET", "https://app.example.com/")
    elif framework in ("django", "werkzeug"):  # their builders here make GET requests
        assert url == URL and method == "GET"
    else:
        assert (method, url) == ("POST", URL)


def test_repeated_headers_are_kept():
    from starlette.requests import Request

    scope = {"type": "http", "method": "GET", "scheme": "https", "path": "/", "query_string": b"", "server": ("a.example", 443),
             "headers": [(b"cookie", b"a=1"), (b"cookie", b"b=2"), (b"host", b"a.example")]}
    _, url, headers = _native.request_parts(Request(scope))
    assert [v for k, v in headers if k == "cookie"] == ["a=1", "b=2"]
    assert url == "https://a.example/"


def test_latin1_header_bytes():
    import httpx

    req = httpx.Request("GET", URL, headers=[(b"x-name", "Jos\u00e9".encode("latin-1"))])
    assert ("x-name", "Jos\u00e9") in _native.request_parts(req)[2]


def test_relative_url_uses_host_header_and_path():
    class Req:
        method = "delete"
        url = "/only/a/path"
        path = "/only/a/path"
        headers = {"Host": "api.example.com"}

    assert _native.request_parts(Req())[:2] == ("DELETE", "https://api.example.com/only/a/path")


def test_old_django_meta_only():
    class Req:
        META = {"HTTP_AUTHORIZATION": "Bearer x", "HTTP_X_FORWARDED_HOST": "h", "REMOTE_ADDR": "1.2.3.4"}

    assert sorted(_native.request_parts(Req())[2]) == [("authorization", "Bearer x"), ("x-forwarded-host", "h")]


def test_headers_mapping_given_directly():
    import httpx
    import requests.structures
    import werkzeug.datastructures

    for h in (httpx.Headers({"authorization": "Bearer x"}), werkzeug.datastructures.Headers({"authorization": "Bearer x"}),
              requests.structures.CaseInsensitiveDict({"authorization": "Bearer x"})):
        assert ("authorization", "Bearer x") in [(k.lower(), v) for k, v in _native.request_parts(h)[2]], type(h)


def test_object_without_headers_is_a_type_error():
    with pytest.raises(TypeError, match="headers"):
        _native.request_parts(object())
    with pytest.raises(TypeError, match="headers"):
        Authenticator(now=0).authenticate_request(42)


def test_framework_headers_object_signs_in():
    """A framework's headers object (not the request) is accepted too."""
    v = _vector("header-bearer-valid")
    req = FRAMEWORKS["httpx"](v)
    assert Authenticator(now=v["now"]).authenticate_request(req.headers, _opts(v)).is_signed_in


def test_webhook_headers_as_framework_mappings(monkeypatch):
    import httpx
    import werkzeug.datastructures

    monkeypatch.delenv("CLERK_WEBHOOK_SIGNING_SECRET", raising=False)
    with open(vector_file("CLERK_WEBHOOK_VECTORS", "webhook-vectors.json"), encoding="utf-8") as f:
        v = next(v for v in json.load(f)["vectors"] if v["expected"]["ok"])
    for h in (httpx.Headers(v["headers"]), werkzeug.datastructures.Headers(v["headers"]),
              httpx.Request("POST", URL, headers=v["headers"])):
        event = clerk_backend.verify_webhook(v["body"], h, v["secret"], now=v["now"])
        assert event["type"] == v["expected"]["event"]["type"], type(h)
