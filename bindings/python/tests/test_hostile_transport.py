"""The transport's hardening as Python sees it: retry caps, exact paths sent,
no key in any error or response, forbidden headers, range-checked timeouts,
fast failure on a refused connection."""

from __future__ import annotations

import asyncio
import pickle
import socket
import time
import types

import pytest

from clerk_backend import Clerk, models
from clerk_backend.utils import BackoffStrategy, RetryConfig

from conftest import SECRET, Reply, user

TAIL = SECRET[len("sk_test_"):]


def escaped(text: str) -> str:
    """`text` with `_` and the first letter JSON-escaped, as an echo may write it."""
    return text.replace("_", "\\u005f").replace("s", "\\u0073", 1)


def leaks(text: object) -> bool:
    s = text if isinstance(text, str) else (text.decode("utf-8", "replace") if isinstance(text, bytes) else repr(text))
    return TAIL in s or escaped(SECRET) in s or escaped(TAIL) in s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_retry_after_zero_is_capped(server):
    server.route("POST", "/users", Reply(429, {"errors": [{"code": "too_many_requests", "message": "x"}]}, {"Retry-After": "0"}))
    retry = RetryConfig("backoff", BackoffStrategy(1, 5, 1.5, 10_000), True)
    with Clerk(bearer_auth=SECRET, server_url=server.url, retry_config=retry) as clerk:
        start = time.monotonic()
        with pytest.raises(models.ClerkErrors) as ei:
            clerk.users.create(first_name="Ada")
        elapsed = time.monotonic() - start
    assert ei.value.status_code == 429
    # The core's default cap (10 attempts), each retry after at least the 100 ms floor.
    assert len(server.calls("POST", "/users")) == 10
    assert 0.9 <= elapsed < 5, elapsed


@pytest.mark.parametrize("value", [".", "..", "%2e", "%2E%2e", ""])
def test_dot_segments_are_refused_before_sending(server, clerk, value):
    with pytest.raises(ValueError, match="user_id"):
        clerk.users.delete(user_id=value)
    with pytest.raises(ValueError, match="session_id"):
        clerk.sessions.revoke(session_id=value)
    with pytest.raises(ValueError, match="user_id"):
        clerk.organization_memberships.delete(organization_id="org_1", user_id=value)
    assert server.requests == []


def test_path_is_the_template_with_encoded_values(server, clerk):
    server.route("GET", "/users/a%2F..%2Fb%3Fx%23y", Reply(200, user(1)))
    assert clerk.users.get(user_id="a/../b?x#y").id == "user_1"
    assert [r.path for r in server.requests] == ["/v1/users/a%2F..%2Fb%3Fx%23y"]


def test_oversized_and_out_of_range_parameters(server, clerk):
    with pytest.raises(ValueError, match="user_id"):
        clerk.users.get(user_id="u" * (10 * 1024 * 1024))
    for bad in (-1, 0, 501, 2**63):
        with pytest.raises(ValueError, match="limit"):
            clerk.users.list(limit=bad)
    assert server.requests == []


def echo_routes(server) -> None:
    body_json = '{"id":"user_1","object":"user","first_name":"%s","last_name":"%s"}' % (SECRET, escaped(SECRET))
    server.route("GET", "/users/ok", Reply(200, raw=body_json.encode(), headers={"X-Echo": SECRET}))
    server.route("GET", "/users/bad", Reply(200, raw=("oops " + SECRET + " " + escaped(SECRET)).encode(), headers={"X-Echo": escaped(SECRET)}))
    err = '{"errors":[{"code":"x","message":"%s","long_message":"%s"}]}' % (escaped(SECRET), SECRET)
    server.route("GET", "/users/e400", Reply(400, raw=err.encode(), headers={"X-Echo": SECRET}))
    server.route("GET", "/users/e500", Reply(500, raw=("boom " + SECRET).encode(), content_type="text/plain"))


def assert_clean(e: BaseException) -> None:
    raw = getattr(e, "raw_response", None)
    for text in (str(e), repr(e), getattr(e, "body", ""), repr(e.__dict__), pickle.dumps(e)):
        assert not leaks(text), text
    if raw is not None:
        assert not leaks(raw.text) and not leaks(raw.content) and not leaks(repr(dict(raw.headers)))


def test_no_key_in_any_error_or_response(server, clerk):
    echo_routes(server)
    u = clerk.users.get(user_id="ok")
    assert u.first_name == "sk_test_[REDACTED]" and u.last_name == "sk_test_[REDACTED]"
    with pytest.raises(models.ResponseValidationError) as ei:
        clerk.users.get(user_id="bad")
    assert ei.value.code == "decode_error" and ei.value.status_code == 200
    assert "sk_test_[REDACTED]" in ei.value.body
    assert_clean(ei.value)
    for path in ("e400", "e500"):
        with pytest.raises(models.ClerkBaseError) as ei:
            clerk.users.get(user_id=path, retries=RetryConfig("none"))
        assert_clean(ei.value)


def test_no_key_in_async_errors(server, clerk):
    echo_routes(server)

    async def run() -> None:
        u = await clerk.users.get_async(user_id="ok")
        assert not leaks(repr(u))
        with pytest.raises(models.ClerkBaseError) as ei:
            await clerk.users.get_async(user_id="bad")
        assert_clean(ei.value)

    asyncio.run(run())


@pytest.mark.parametrize("name", ["Content-Length", "transfer-encoding", "Host", "CONNECTION", "Authorization"])
def test_framing_headers_are_refused(server, clerk, name):
    with pytest.raises(ValueError, match=name):
        clerk.users.create(first_name="Ada", http_headers={name: "0"})
    assert server.requests == []


@pytest.mark.parametrize("kwargs", [{"timeout_ms": 1e300}, {"timeout_ms": 2e22}, {"timeout_ms": float("inf")}])
def test_huge_client_timeouts_are_value_errors(server, kwargs):
    with pytest.raises(ValueError, match="timeout_ms"):
        Clerk(bearer_auth=SECRET, server_url=server.url, **kwargs)


def test_huge_timeouts_per_call_and_from_an_httpx_like_client(server, clerk):
    with pytest.raises(ValueError, match="timeout_ms"):
        clerk.users.get(user_id="u", timeout_ms=2e22)
    http_client = types.SimpleNamespace(headers={}, timeout=types.SimpleNamespace(read=1e300, connect=None))
    with pytest.raises(ValueError, match="timeout"):
        Clerk(bearer_auth=SECRET, server_url=server.url, client=http_client)
    assert server.requests == []


def test_refused_connection_fails_fast_and_names_the_host():
    port = free_port()
    with Clerk(bearer_auth=SECRET, server_url=f"http://127.0.0.1:{port}/v1") as clerk:
        start = time.monotonic()
        with pytest.raises(models.ClerkConnectionError) as ei:
            clerk.users.get(user_id="u")
        elapsed = time.monotonic() - start
    msg = str(ei.value)
    assert f"127.0.0.1:{port}" in msg and "3 attempts" in msg, msg
    assert elapsed < 5, elapsed
    assert TAIL not in msg
