"""The secret key is sent as each operation's `security` in the spec says, and a
missing one is reported with this binding's own option name (issue 9, item 1)."""

from __future__ import annotations

import pytest

from clerk_backend import Clerk
from clerk_backend.models import errors
from conftest import SECRET, Reply


@pytest.fixture
def no_env_key(monkeypatch):
    # The Python layer and the core both fall back to CLERK_SECRET_KEY.
    monkeypatch.delenv("CLERK_SECRET_KEY", raising=False)


def test_public_interstitial_needs_no_key_and_sends_none(server, no_env_key):
    server.route("GET", "/public/interstitial", Reply(200, raw=b"<html>ok</html>", content_type="text/html"))
    with Clerk(server_url=server.url) as clerk:
        clerk.miscellaneous.get_public_interstitial(frontend_api_query_parameter="clerk.example.com")
    with Clerk(bearer_auth=SECRET, server_url=server.url) as clerk:
        clerk.miscellaneous.get_public_interstitial(frontend_api_query_parameter="clerk.example.com")
    calls = server.calls("GET", "/public/interstitial")
    assert len(calls) == 2
    assert [c.headers.get("authorization") for c in calls] == [None, None]


def test_an_operation_that_needs_the_key_says_how_to_pass_it_in_python(server, no_env_key):
    with Clerk(server_url=server.url) as clerk:
        with pytest.raises(errors.ClerkConfigError) as info:
            clerk.users.list()
    message = str(info.value)
    assert "bearer_auth=" in message and "CLERK_SECRET_KEY" in message and "users.list" in message
    assert "ClientOptions" not in message and "::" not in message
    assert server.requests == []


def test_the_key_is_sent_where_the_spec_requires_it(server, no_env_key):
    server.route("GET", "/users", Reply(200, []))
    with Clerk(bearer_auth=SECRET, server_url=server.url) as clerk:
        clerk.users.list()
    assert [c.headers.get("authorization") for c in server.calls("GET", "/users")] == [f"Bearer {SECRET}"]
