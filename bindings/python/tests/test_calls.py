"""Sync calls through the installed wheel against a local server."""

from __future__ import annotations

import logging
import pickle
import time

import pytest

from clerk_backend import Clerk, models
from clerk_backend.utils import BackoffStrategy, RetryConfig

from conftest import SECRET, Reply, user


def test_get_returns_model_with_attribute_access(server, clerk):
    server.route("GET", "/users/user_1", Reply(200, user(1, brand_new_field={"x": 1})))
    res = clerk.users.get(user_id="user_1")
    assert isinstance(res, models.User)
    assert res.id == "user_1"
    assert res.email_addresses[0].email_address == "u1@example.com"
    assert res.public_metadata["plan"] == "pro"
    assert res.last_name is None  # known field, null
    assert res.username is None  # known field, absent
    assert res.brand_new_field == {"x": 1}  # unknown field kept
    assert res.to_dict()["brand_new_field"] == {"x": 1}
    assert "user_1" in repr(res) and repr(res).startswith("User(")
    assert res == clerk.users.get(user_id="user_1")
    with pytest.raises(AttributeError):
        res.not_a_field
    assert pickle.loads(pickle.dumps(res)) == res
    req = server.calls("GET", "/users/user_1")[0]
    assert req.headers["authorization"] == f"Bearer {SECRET}"


def test_union_fields_pick_the_variant_by_tag(server, clerk):
    server.route("GET", "/users/user_1", Reply(200, user(1)))
    v = clerk.users.get(user_id="user_1").email_addresses[0].verification
    assert type(v).__name__ == "VerificationOtp"
    assert v.status == "verified"


def test_request_style_and_list_response(server, clerk):
    server.route("GET", "/users", Reply(200, [user(i) for i in range(3)]))
    res = clerk.users.list(request={"limit": 3, "email_address": ["a@x.io", "b@x.io"], "order_by": "-created_at"})
    assert [u.id for u in res] == ["user_0", "user_1", "user_2"]
    q = server.calls("GET", "/users")[0].query
    assert q["limit"] == ["3"]
    assert q["email_address"] == ["a@x.io", "b@x.io"]


def test_kwargs_style_body_and_path_with_renamed_keyword(server, clerk):
    server.route("PATCH", "/api_keys/ak_1", Reply(200, {"id": "ak_1", "object": "api_key"}))
    clerk.api_keys.update_api_key(api_key_id="ak_1", description="d", scopes=["a"])
    req = server.calls("PATCH", "/api_keys/ak_1")[0]
    assert req.json() == {"description": "d", "scopes": ["a"]}
    server.route("POST", "/api_keys", Reply(200, {"id": "ak_2"}))
    clerk.api_keys.create_api_key(name="n", subject="user_1", type_="api_key")
    assert server.calls("POST", "/api_keys")[0].json()["type"] == "api_key"


def test_enum_and_plain_string_are_the_same(server, clerk):
    import clerk_backend

    server.route("POST", "/users/user_1/billing/credits", Reply(200, {"id": "c"}))
    clerk.users.adjust_billing_credit_balance(user_id="user_1", amount=5, action=clerk_backend.Action.INCREASE, idempotency_key="k1")
    clerk.users.adjust_billing_credit_balance(user_id="user_1", amount=5, action="increase", idempotency_key="k2")
    bodies = [r.json()["action"] for r in server.calls("POST", "/users/user_1/billing/credits")]
    assert bodies == ["increase", "increase"]


def test_json_array_body(server, clerk):
    server.route("POST", "/invitations/bulk", Reply(200, [{"id": "inv_1", "object": "invitation"}]))
    res = clerk.invitations.bulk_create(request=[{"email_address": "a@x.io"}])
    assert res[0].id == "inv_1"
    assert server.calls("POST", "/invitations/bulk")[0].json() == [{"email_address": "a@x.io"}]


def test_clerk_errors(server, clerk):
    body = {"errors": [{"code": "form_param_missing", "message": "is missing", "long_message": "name is missing", "meta": {"param_name": "name"}}],
            "clerk_trace_id": "trace_123"}
    server.route("POST", "/clients/verify", Reply(400, body))
    with pytest.raises(models.ClerkErrors) as ei:
        clerk.clients.verify(request={"token": "jwt_token_example"})
    e = ei.value
    assert isinstance(e, models.ClerkBaseError)
    assert e.status_code == 400
    assert e.data.errors[0].code == "form_param_missing"
    assert e.data.errors[0].long_message == "name is missing"
    assert e.data.errors[0].meta == {"param_name": "name"}
    assert e.data.clerk_trace_id == "trace_123"
    assert e.raw_response.status_code == 400 and e.raw_response.json() == body
    e2 = pickle.loads(pickle.dumps(e))
    assert isinstance(e2, models.ClerkErrors) and e2.data.errors[0].code == "form_param_missing" and str(e2) == str(e)
    assert SECRET not in str(e) and SECRET not in repr(e.__dict__)


def test_sdk_error_for_non_clerk_body(server, clerk):
    server.route("GET", "/users/u", Reply(502, raw=b"<html>bad gateway</html>", content_type="text/html"))
    with pytest.raises(models.SDKError) as ei:
        clerk.users.get(user_id="u", retries=RetryConfig("none"))
    assert not isinstance(ei.value, models.ClerkErrors)
    assert ei.value.status_code == 502 and "bad gateway" in ei.value.body
    pickle.loads(pickle.dumps(ei.value))


def test_api_errors_carry_the_response_headers(server, clerk):
    body = {"errors": [{"code": "rate_limit_exceeded", "message": "slow down"}]}
    server.route("GET", "/users/u", Reply(429, body, {"X-Custom": "1", "Retry-After": "7"}))
    with pytest.raises(models.ClerkErrors) as ei:
        clerk.users.get(user_id="u", retries=RetryConfig("none"))
    headers = ei.value.raw_response.headers
    assert headers["x-custom"] == "1" and headers["X-Custom"] == "1", headers  # case-insensitive
    assert headers["retry-after"] == "7" and "Retry-After" in headers
    assert headers.get("content-type") == "application/json"
    assert "x-custom" in list(headers), "keys iterate lower-case"
    assert "authorization" not in headers, "request headers never end up on the error"
    assert ei.value.headers is headers
    assert ei.value.raw_response.status_code == 429 and ei.value.raw_response.json() == body
    assert SECRET not in repr(headers)
    e2 = pickle.loads(pickle.dumps(ei.value))
    assert e2.raw_response.headers["X-CUSTOM"] == "1" and e2.raw_response.headers == headers
    assert e2.raw_response.status_code == 429 and e2.raw_response.text == ei.value.raw_response.text


def test_sdk_error_headers_too(server, clerk):
    server.route("GET", "/users/u", Reply(502, raw=b"<html>bad gateway</html>", headers={"X-Custom": "2"}, content_type="text/html"))
    with pytest.raises(models.SDKError) as ei:
        clerk.users.get(user_id="u", retries=RetryConfig("none"))
    assert ei.value.raw_response.headers["x-custom"] == "2"
    assert pickle.loads(pickle.dumps(ei.value)).raw_response.headers["X-Custom"] == "2"


def test_retries_on_503_with_retry_after(server, clerk):
    server.route("GET", "/users/u", Reply(503, {"errors": []}, {"Retry-After": "0"}), Reply(503, None, {"Retry-After": "0"}), Reply(200, user(1)))
    assert clerk.users.get(user_id="u").id == "user_1"
    assert len(server.calls("GET", "/users/u")) == 3


def test_post_is_not_retried_on_500(server, clerk):
    server.route("POST", "/users/u/ban", Reply(500, {"errors": [{"code": "x", "message": "boom"}]}))
    with pytest.raises(models.ClerkErrors):
        clerk.users.ban(user_id="u")
    assert len(server.calls("POST", "/users/u/ban")) == 1


def test_per_call_retry_none(server, clerk):
    server.route("GET", "/users/u", Reply(503, None, {"Retry-After": "0"}), Reply(200, user(1)))
    with pytest.raises(models.SDKError):
        clerk.users.get(user_id="u", retries=RetryConfig("none", BackoffStrategy(1, 1, 1.0, 1), False))
    assert len(server.calls("GET", "/users/u")) == 1


def test_timeout_error(server, clerk):
    server.route("GET", "/users/slow", Reply(200, user(1), delay=1.0))
    with pytest.raises(models.ClerkTimeoutError) as ei:
        clerk.users.get(user_id="slow", timeout_ms=100, retries=RetryConfig("none"))
    assert isinstance(ei.value, TimeoutError) and isinstance(ei.value, models.ClerkBaseError)
    pickle.loads(pickle.dumps(ei.value))


def test_connection_error():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    c = Clerk(bearer_auth=SECRET, server_url=f"http://127.0.0.1:{port}/v1", retry_config=RetryConfig("none"))
    with pytest.raises(models.ClerkConnectionError) as ei:
        c.users.get(user_id="u")
    assert isinstance(ei.value, ConnectionError)
    assert SECRET not in str(ei.value)


def test_decode_error_on_bad_json(server, clerk):
    server.route("GET", "/users/u", Reply(200, raw=b'{"id": "user_1", ', content_type="application/json"))
    with pytest.raises(models.ResponseValidationError) as ei:
        clerk.users.get(user_id="u")
    assert ei.value.status_code == 200


def test_bad_arguments_raise_before_any_request(server, clerk):
    with pytest.raises(TypeError, match="user_idd"):
        clerk.users.get(user_idd="u")
    with pytest.raises(TypeError, match="user_id"):
        clerk.users.get()
    with pytest.raises(TypeError, match="request"):
        clerk.users.list(request="nope")
    with pytest.raises(TypeError, match="bogus"):
        clerk.users.list(request={"bogus": 1})
    with pytest.raises((TypeError, ValueError), match="limit"):
        clerk.users.list(request={"limit": "ten"})
    with pytest.raises(TypeError, match="retries"):
        clerk.users.get(user_id="u", retries=3)
    with pytest.raises(ValueError, match="timeout_ms"):
        clerk.users.get(user_id="u", timeout_ms=-1)
    assert server.requests == []


def test_per_call_server_url_and_headers(server, clerk):
    server.route("GET", "/users/u", Reply(200, user(1)))
    other = Clerk(bearer_auth=SECRET, server_url="http://127.0.0.1:9/v1")
    other.users.get(user_id="u", server_url=server.url, http_headers={"X-Trace": "t1"})
    assert server.calls("GET", "/users/u")[0].headers["x-trace"] == "t1"


def test_httpx_client_headers_are_used(server):
    import httpx

    c = Clerk(bearer_auth=SECRET, server_url=server.url, client=httpx.Client(headers={"x-custom-header": "someValue"}))
    server.route("GET", "/users/u", Reply(200, user(1)))
    c.users.get(user_id="u")
    assert server.calls("GET", "/users/u")[0].headers["x-custom-header"] == "someValue"


def test_secret_key_from_environment(server, monkeypatch):
    monkeypatch.setenv("CLERK_SECRET_KEY", "sk_test_fromenv")
    server.route("GET", "/users/u", Reply(200, user(1)))
    with Clerk(server_url=server.url) as c:
        c.users.get(user_id="u")
    assert server.calls("GET", "/users/u")[0].headers["authorization"] == "Bearer sk_test_fromenv"


def test_debug_logger_one_line_each_without_secrets(server, caplog):
    server.route("POST", "/users/u/verify_password", Reply(200, {"verified": True}))
    logger = logging.getLogger("clerk-test")
    with caplog.at_level(logging.DEBUG, logger="clerk-test"):
        c = Clerk(bearer_auth=SECRET, server_url=server.url, debug_logger=logger)
        c.users.verify_password(user_id="u", password="hunter2-password")
    lines = [r.getMessage() for r in caplog.records if r.name == "clerk-test"]
    assert len(lines) == 2
    assert "users.verify_password" in lines[0] and "status=200" in lines[1]
    text = "\n".join(lines)
    assert "hunter2" not in text and SECRET not in text


def test_file_upload_bytes_file_and_path(server, clerk, tmp_path):
    server.route("POST", "/users/u/profile_image", Reply(200, user(1)))
    p = tmp_path / "avatar.png"
    p.write_bytes(b"\x89PNG-file-content")
    clerk.users.set_profile_image(user_id="u", file={"file_name": "a.png", "content": b"\x89PNG-bytes", "content_type": "image/png"})
    with open(p, "rb") as fh:
        clerk.users.set_profile_image(user_id="u", file={"file_name": "b.png", "content": fh, "content_type": "image/png"})
    clerk.users.set_profile_image(user_id="u", file={"content": str(p)})
    bodies = [r.body for r in server.calls("POST", "/users/u/profile_image")]
    assert len(bodies) == 3
    assert b"\x89PNG-bytes" in bodies[0] and b'filename="a.png"' in bodies[0] and b"image/png" in bodies[0]
    assert b"\x89PNG-file-content" in bodies[1] and b'filename="b.png"' in bodies[1]
    assert b"\x89PNG-file-content" in bodies[2] and b'filename="avatar.png"' in bodies[2]
    for r in server.calls("POST", "/users/u/profile_image"):
        assert r.headers["content-type"].startswith("multipart/form-data")


def test_page_iterator_walks_all_pages(server, clerk):
    server.route("GET", "/users", Reply(200, [user(i) for i in range(2)]), Reply(200, [user(i) for i in range(2, 4)]), Reply(200, [user(4)]))
    ids = [u.id for u in clerk.users.list_iter(request={"limit": 2})]
    assert ids == [f"user_{i}" for i in range(5)]
    offsets = [r.query.get("offset", ["0"])[0] for r in server.calls("GET", "/users")]
    assert offsets == ["0", "2", "4"]


def test_context_manager_and_reuse_after_close(server):
    server.route("GET", "/users/u", Reply(200, user(1)))
    c = Clerk(bearer_auth=SECRET, server_url=server.url)
    with c:
        c.users.get(user_id="u")
    c.close()
    assert c.users.get(user_id="u").id == "user_1"


def test_deprecated_operation_warns(server, clerk):
    server.route("GET", "/clients", Reply(200, []))
    with pytest.warns(DeprecationWarning):
        clerk.clients.list()


def test_unknown_enum_values_and_unexpected_nulls_never_raise(server, clerk):
    u = user(1, banned=None, has_image=None)
    u["email_addresses"][0]["verification"] = {"object": "verification_from_the_future", "status": "quantum", "strategy": "new"}
    server.route("GET", "/users/u", Reply(200, u))
    res = clerk.users.get(user_id="u")
    assert res.banned is None and res.has_image is None
    v = res.email_addresses[0].verification
    assert v.status == "quantum" and v.object == "verification_from_the_future"


def test_models_are_importable_and_constructible():
    m = models.User({"id": "user_9"}, first_name="Grace")
    assert m.id == "user_9" and m.first_name == "Grace" and m.last_name is None
    assert m.to_dict() == {"id": "user_9", "first_name": "Grace"}
    assert models.User({"id": "x"}) != models.Organization({"id": "x"})


def test_page_iterator_takes_per_call_options(server, clerk):
    server.route("GET", "/users", Reply(200, [user(0), user(1)]), Reply(200, []))
    other = Clerk(bearer_auth=SECRET, server_url="http://127.0.0.1:9/v1")
    ids = [u.id for u in other.users.list_iter(request={"limit": 2}, server_url=server.url, http_headers={"x-page": "p"})]
    assert ids == ["user_0", "user_1"]
    assert [r.headers.get("x-page") for r in server.calls("GET", "/users")] == ["p", "p"]


# --------------------------------------------------------------------------- custom httpx clients (the seed README's section)


def test_async_httpx_client_headers_and_timeouts_are_used(server):
    import asyncio
    import warnings

    import httpx

    server.route("GET", "/users/u", Reply(200, user(1)))
    server.route("GET", "/users/slow", Reply(200, user(1), delay=2.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a plain httpx client: everything it has is used, nothing to warn about
        c = Clerk(bearer_auth=SECRET, server_url=server.url, retry_config=RetryConfig("none"),
                  async_client=httpx.AsyncClient(headers={"x-custom-header": "v"}, timeout=httpx.Timeout(5, read=0.3)))

    async def run():
        await c.users.get_async(user_id="u")
        started = time.monotonic()
        with pytest.raises(models.ClerkTimeoutError):
            await c.users.get_async(user_id="slow")
        return time.monotonic() - started

    assert asyncio.run(run()) < 1.5  # the client's 0.3 s read timeout, not the server's 2 s
    assert server.calls("GET", "/users/u")[0].headers["x-custom-header"] == "v"


def test_what_a_custom_client_would_do_and_cannot_is_named_in_a_warning():
    import httpx

    class CustomClient:  # the README's wrapper: its own send() adds a header
        def __init__(self, client):
            self.client = client

        def send(self, request, **kw):
            request.headers["Client-Level-Header"] = "added by client"
            return self.client.send(request, **kw)

    with pytest.warns(RuntimeWarning, match=r"CustomClient\.send\(\)"):
        Clerk(bearer_auth=SECRET, server_url="http://127.0.0.1:9/v1", async_client=CustomClient(httpx.AsyncClient()))
    with pytest.warns(RuntimeWarning, match="event_hooks"):
        Clerk(bearer_auth=SECRET, server_url="http://127.0.0.1:9/v1",
              client=httpx.Client(event_hooks={"request": [lambda r: None]}))
    with pytest.warns(RuntimeWarning, match="proxy"):
        Clerk(bearer_auth=SECRET, server_url="http://127.0.0.1:9/v1", client=httpx.Client(proxy="http://127.0.0.1:9"))
