"""Request authentication hardening through the Python API: the verification
deadline, one meaning of CLERK_API_URL, no publishable key needed, and the
JWKS cache of an `Authenticator()`."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any, Dict, List

import pytest

from clerk_backend import Clerk
from clerk_backend.security import (
    AuthenticateRequestOptions,
    Authenticator,
    TokenVerificationError,
    VerifyTokenOptions,
    verify_token,
)

from conftest import MockServer, Reply, vector_file

_ENV_VARS = ("CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY", "CLERK_JWT_KEY", "CLERK_MACHINE_SECRET_KEY", "CLERK_API_URL",
             "CLERK_API_VERSION")

with open(vector_file("CLERK_AUTH_VECTORS", "auth-vectors.json"), encoding="utf-8") as _f:
    _JWKS = next(v for v in json.load(_f)["vectors"] if v["id"] == "jwks-valid")
_TOKEN = _JWKS["request"]["headers"]["authorization"].split(" ", 1)[1]
_KEYS = _JWKS["backend_api"]["routes"][0]["json"]
_SECRET = _JWKS["options"]["secret_key"]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for k in _ENV_VARS:
        monkeypatch.delenv(k, raising=False)


class SilentServer:
    """Accepts connections and never answers (closed at the end of the test)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.05)
        self.held: List[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _run(self) -> None:
        deadline = time.monotonic() + 60
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for c in self.held:
            c.close()
        self.sock.close()


@pytest.fixture
def silent():
    s = SilentServer()
    yield s
    s.close()


class _Req:
    def __init__(self, headers: Dict[str, str]) -> None:
        self.method = "GET"
        self.url = "https://app.example.com/api"
        self.headers = headers


def _bearer() -> _Req:
    return _Req({"authorization": f"Bearer {_TOKEN}"})


def test_verify_token_fails_at_the_deadline_with_the_jwks_reason(silent):
    started = time.monotonic()
    with pytest.raises(TokenVerificationError) as ei:
        Authenticator().verify_token(_TOKEN, VerifyTokenOptions(secret_key=_SECRET, api_url=silent.url, network_timeout_ms=400))
    took = time.monotonic() - started
    assert ei.value.reason == "jwk-remote-failed-to-load"
    assert 0.4 <= took < 3, took
    assert silent.held, "the server was reached"


def test_authenticate_request_is_signed_out_at_the_deadline(silent):
    started = time.monotonic()
    state = Authenticator().authenticate_request(
        _bearer(), AuthenticateRequestOptions(secret_key=_SECRET, api_url=silent.url, extra={"network_timeout_ms": 300}))
    took = time.monotonic() - started
    assert not state.is_signed_in and str(state.reason) == "jwk-remote-failed-to-load"
    assert 0.3 <= took < 3, took


def test_deadline_option_is_range_checked():
    with pytest.raises(ValueError, match="network_timeout_ms"):
        Authenticator().verify_token(_TOKEN, VerifyTokenOptions(jwt_key="x", network_timeout_ms=0))


def _jwks_server() -> MockServer:
    s = MockServer()
    s.route("GET", "/jwks", Reply(200, _KEYS))
    s.route("GET", "/users/user_1", Reply(200, {"id": "user_1", "object": "user"}))
    return s


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
def test_clerk_api_url_means_the_same_for_api_calls_and_jwks(monkeypatch, suffix):
    server = _jwks_server()
    try:
        monkeypatch.setenv("CLERK_SECRET_KEY", _SECRET)
        monkeypatch.setenv("CLERK_API_URL", server.root + suffix)
        with Clerk() as clerk:
            assert clerk.users.get(user_id="user_1").id == "user_1"
            # Fixed clock: the vector's token is valid then, and the JWKS comes from CLERK_API_URL.
            state = Authenticator(now=_JWKS["now"]).authenticate_request(_bearer(), AuthenticateRequestOptions())
            assert state.is_signed_in, state.message
            # The client's method (process-wide cache, system clock: the token has expired by now).
            state = clerk.authenticate_request(_bearer(), AuthenticateRequestOptions())
            assert str(state.reason).startswith("session-token-expired"), state.message
        assert [r.path for r in server.requests] == ["/v1/users/user_1", "/v1/jwks", "/v1/jwks"]
    finally:
        server.close()


def test_readme_example_without_publishable_key():
    """The seed README's request-authentication example: only authorized_parties."""
    server = _jwks_server()
    try:
        with Clerk(bearer_auth=_SECRET, server_url=server.url) as clerk:
            state = clerk.authenticate_request(_bearer(), AuthenticateRequestOptions(authorized_parties=["https://app.example.com"]))
        assert not state.is_signed_in and str(state.reason).startswith("session-token-expired"), state.message
        state = Authenticator(now=_JWKS["now"]).authenticate_request(
            _bearer(), AuthenticateRequestOptions(secret_key=_SECRET, api_url=server.root,
                                                  authorized_parties=["https://app.example.com"]))
        assert state.is_signed_in, state.message
        with pytest.raises(ValueError, match="[Pp]ublishable key"):
            Authenticator().authenticate_request(_bearer(), AuthenticateRequestOptions(secret_key=_SECRET,
                                                                                     publishable_key="pk_live_bm90"))
    finally:
        server.close()


def test_each_authenticator_has_its_own_jwks_cache():
    server = _jwks_server()
    try:
        opts = VerifyTokenOptions(secret_key=_SECRET, api_url=server.root)
        first, second = Authenticator(now=_JWKS["now"]), Authenticator(now=_JWKS["now"])
        first.verify_token(_TOKEN, opts)
        first.verify_token(_TOKEN, opts)
        assert first.jwks_fetch_count == 1 and second.jwks_fetch_count == 0
        second.verify_token(_TOKEN, opts)
        assert second.jwks_fetch_count == 1
        # The module functions share one process-wide cache, apart from both.
        for _ in range(2):
            with pytest.raises(TokenVerificationError):  # system clock: expired, after the key was found
                verify_token(_TOKEN, opts)
        own = Authenticator()
        with pytest.raises(TokenVerificationError):
            own.verify_token(_TOKEN, opts)
        assert own.jwks_fetch_count == 1
        assert [r.path for r in server.requests] == ["/v1/jwks"] * 4
    finally:
        server.close()
