"""`authenticate_request` with the request objects of real frameworks."""

from __future__ import annotations

import json
from typing import Any, Dict
from urllib.parse import urlsplit

import pytest

from clerk_backend import Clerk
from clerk_backend.jwks_helpers import AuthenticateRequestOptions
from clerk_backend.security import Authenticator, authenticate_request

from conftest import vector_file

with open(vector_file("CLERK_AUTH_VECTORS", "auth-vectors.json"), encoding="utf-8") as _f:
    _VECTORS = {v["id"]: v for v in json.load(_f)["vectors"]}

CASES = ["header-bearer-valid", "cookie-valid-with-client-uat"]


def _vector(vid: str) -> Dict[str, Any]:
    return _VECTORS[vid]


def _opts(v: Dict[str, Any]) -> AuthenticateRequestOptions:
    o = v["options"]
    return AuthenticateRequestOptions(secret_key=o.get("secret_key"), publishable_key=o.get("publishable_key"),
                                      jwt_key=o.get("jwt_key"), api_url="http://127.0.0.1:9")


def _headers(v):
    return {k: val for k, val in v["request"]["headers"].items()}


def make_httpx(v):
    import httpx

    return httpx.Request(v["request"]["method"], v["request"]["url"], headers=_headers(v))


def make_requests(v):
    import requests

    return requests.Request(v["request"]["method"], v["request"]["url"], headers=_headers(v)).prepare()


def make_django(v):
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(ALLOWED_HOSTS=["*"], DEBUG=False)
        django.setup()
    from django.test import RequestFactory

    url = urlsplit(v["request"]["url"])
    meta = {"HTTP_" + k.upper().replace("-", "_"): val for k, val in _headers(v).items() if k != "host"}
    return RequestFactory().get(url.path, HTTP_HOST=url.netloc, secure=url.scheme == "https", **meta)


def make_flask(v):
    from flask import Flask

    app = Flask("clerk-test")
    url = urlsplit(v["request"]["url"])
    ctx = app.test_request_context(url.path, base_url=f"{url.scheme}://{url.netloc}", method=v["request"]["method"], headers=_headers(v))
    ctx.push()
    from flask import request

    obj = request._get_current_object()  # type: ignore[attr-defined]
    ctx.pop()
    return obj


def make_werkzeug(v):
    from werkzeug.test import EnvironBuilder

    url = urlsplit(v["request"]["url"])
    return EnvironBuilder(path=url.path, base_url=f"{url.scheme}://{url.netloc}", headers=_headers(v)).get_request()


def make_starlette(v):
    from starlette.requests import Request

    url = urlsplit(v["request"]["url"])
    scope = {"type": "http", "method": v["request"]["method"], "scheme": url.scheme, "path": url.path, "query_string": b"",
             "server": (url.hostname, 443), "headers": [(k.encode(), val.encode()) for k, val in _headers(v).items()]}
    return Request(scope)


class PlainObject:
    def __init__(self, v):
        self.headers = _headers(v)


FRAMEWORKS = {"httpx": make_httpx, "requests": make_requests, "django": make_django, "flask": make_flask,
              "werkzeug": make_werkzeug, "starlette": make_starlette, "plain": PlainObject}


@pytest.mark.parametrize("vid", CASES)
@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_framework_request_signs_in(framework, vid):
    v = _vector(vid)
    req = FRAMEWORKS[framework](v)
    state = Authenticator(now=v["now"]).authenticate_request(req, _opts(v))
    assert state.is_signed_in, (framework, state.reason, state.message)
    auth = state.to_auth()
    assert auth is not None and auth.user_id and auth.session_id


@pytest.mark.parametrize("framework", sorted(FRAMEWORKS))
def test_framework_request_without_token_is_signed_out(framework):
    v = json.loads(json.dumps(_vector("header-bearer-valid")))
    del v["request"]["headers"]["authorization"]
    state = Authenticator(now=v["now"]).authenticate_request(FRAMEWORKS[framework](v), _opts(v))
    assert not state.is_signed_in and state.status.value == "signed-out"


def test_clerk_client_method_and_module_function(monkeypatch):
    """The README's pattern: `sdk.authenticate_request(request, AuthenticateRequestOptions(...))`."""
    import asyncio

    v = _vector("header-bearer-valid")
    opts = _opts(v)
    sdk = Clerk(bearer_auth=v["options"]["secret_key"], server_url="http://127.0.0.1:9/v1")
    # with the system clock these fixed-time tokens have expired: the state says so, it does not raise
    state = sdk.authenticate_request(make_httpx(v), opts)
    assert state.status.value == "signed-out" and "expired" in str(state.reason)
    assert authenticate_request(make_httpx(v), opts).status == state.status
    state2 = asyncio.run(sdk.authenticate_request_async(make_httpx(v), opts))
    assert state2.status == state.status
    token = v["request"]["headers"]["authorization"].split(" ", 1)[1]
    assert v["options"]["secret_key"] not in repr(opts)
    assert token not in repr(state)


def test_verify_token_with_pem_key():
    from clerk_backend.security import TokenVerificationError, VerifyTokenOptions, verify_token

    v = _vector("header-bearer-valid")
    token = v["request"]["headers"]["authorization"].split(" ", 1)[1]
    claims = Authenticator(now=v["now"]).verify_token(token, VerifyTokenOptions(jwt_key=v["options"]["jwt_key"]))
    assert claims["sub"].startswith("user_")
    with pytest.raises(TokenVerificationError) as ei:
        verify_token(token[:-4] + "AAAA", VerifyTokenOptions(jwt_key=v["options"]["jwt_key"]))
    assert str(ei.value.reason).startswith("token-")
    assert token not in str(ei.value)
