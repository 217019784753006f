"""The shared auth vectors, through the Python API (`clerk_backend.security`)."""

from __future__ import annotations

import json
import os
from typing import Any, Dict

import pytest

from clerk_backend.security import AuthConfigError, AuthenticateRequestOptions, Authenticator

from conftest import REPO_ROOT, MockServer, Reply, vector_file

_ENV_VARS = ("CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY", "CLERK_JWT_KEY", "CLERK_MACHINE_SECRET_KEY", "CLERK_API_URL", "CLERK_API_VERSION")


def _load(path: str) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# The shared file (or $CLERK_AUTH_VECTORS), then the project's own vectors.
FILES = [vector_file("CLERK_AUTH_VECTORS", "auth-vectors.json"),
         os.path.join(REPO_ROOT, "tests", "fixtures", "auth-vectors-extra.json")]
DOCS = [_load(p) for p in FILES]
VECTORS = [v for d in DOCS for v in d["vectors"]]
SEQUENCES = [s for d in DOCS for s in d.get("sequences", [])]
# Ids of the vectors and sequences that passed, for the guard at the end.
_PASSED: set = set()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for k in _ENV_VARS:
        monkeypatch.delenv(k, raising=False)


class FakeRequest:
    """Any object with `method`, `url` and a `headers` mapping will do."""

    def __init__(self, req: Dict[str, Any]) -> None:
        self.method = req["method"]
        self.url = req["url"]
        self.headers = dict(req["headers"])


def _serve(backend: Any) -> MockServer:
    server = MockServer()
    for r in (backend or {}).get("routes", []):
        server.route(r["method"], r["path"], Reply(r["status"], r.get("json")), prefix="")
    return server


def _options(opts: Dict[str, Any], server: MockServer) -> AuthenticateRequestOptions:
    o = dict(opts)
    o["api_url"] = server.root  # the vectors' host is ignored; paths are kept
    known = AuthenticateRequestOptions.__dataclass_fields__
    extra = {k: v for k, v in o.items() if k not in known}
    o = {k: v for k, v in o.items() if k in known}
    return AuthenticateRequestOptions(**o, extra=extra)


def _check(expected: Dict[str, Any], state: Any, server: MockServer, vid: str) -> None:
    exp = dict(expected)
    if "without_handshake_support" in exp and state.status.value != "handshake":
        exp.update(exp["without_handshake_support"])
        exp.pop("headers", None)
    assert state.status.value == exp["status"], vid
    if "reason" in exp:
        assert (None if state.reason is None else str(state.reason)) == exp["reason"], vid
    if "token_type" in exp:
        assert state.token_type == exp["token_type"], vid
    if "token_error" in exp:
        assert (None if state.token_error is None else str(state.token_error)) == exp["token_error"], vid
    if "message_contains" in exp:
        assert exp["message_contains"] in (state.message or ""), vid
    if "auth" in exp:
        auth = state.to_auth()
        assert auth is not None, vid
        for k, v in exp["auth"].items():
            assert getattr(auth, k) == v, f"{vid}: auth.{k}"
    if "backend_api_calls" in exp:
        got = []
        for r in server.requests:
            call: Dict[str, Any] = {"method": r.method, "path": r.path}
            got.append((call, r))
        assert len(got) == len(exp["backend_api_calls"]), f"{vid}: {[c for c, _ in got]}"
        for want, (call, r) in zip(exp["backend_api_calls"], got):
            assert call == {"method": want["method"], "path": want["path"]}, vid
            for h, v in (want.get("headers") or {}).items():
                assert r.headers.get(h) == v, f"{vid}: header {h}"
            if "json" in want:
                assert r.json() == want["json"], vid


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_auth_vector(vector):
    server = _serve(vector.get("backend_api"))
    try:
        auth = Authenticator(now=vector["now"])
        opts = _options(vector["options"], server)
        if "error" in vector["expected"]:
            with pytest.raises(AuthConfigError) as ei:
                auth.authenticate_request(FakeRequest(vector["request"]), opts)
            assert ei.value.reason == vector["expected"]["error"]
        else:
            state = auth.authenticate_request(FakeRequest(vector["request"]), opts)
            _check(vector["expected"], state, server, vector["id"])
        _PASSED.add(vector["id"])
    finally:
        server.close()


@pytest.mark.parametrize("seq", SEQUENCES, ids=[s["id"] for s in SEQUENCES])
def test_auth_sequence(seq):
    server = _serve(seq.get("backend_api"))
    try:
        auth = Authenticator(now=seq["steps"][0]["now"])
        for i, step in enumerate(seq["steps"]):
            auth.set_now(step["now"])
            opts = _options({**seq["options"], **step.get("options", {})}, server)
            before = len(server.requests)
            state = auth.authenticate_request(FakeRequest(step["request"]), opts)
            step_server_view = _StepView(server, before)
            _check(step["expected"], state, step_server_view, f"{seq['id']}[{i}]")
        _PASSED.add(seq["id"])
    finally:
        server.close()


class _StepView:
    def __init__(self, server: MockServer, start: int) -> None:
        self.requests = server.requests[start:]


def test_vectors_were_loaded():
    """Each file was read and has vectors; ids are unique, so each is a test of its own."""
    for path, doc in zip(FILES, DOCS):
        assert len(doc["vectors"]) >= 1, path
    ids = [v["id"] for v in VECTORS] + [s["id"] for s in SEQUENCES]
    assert len(ids) == len(set(ids))


def test_zz_every_vector_ran_and_passed(request):
    """Runs last (file order): every vector and sequence of the files above
    passed, counted from the files themselves, whatever file $CLERK_AUTH_VECTORS names."""
    wanted = {v["id"] for v in VECTORS} | {s["id"] for s in SEQUENCES}
    if request.config.option.keyword or request.config.option.markexpr:
        pytest.skip("a subset was selected")
    assert _PASSED == wanted, sorted(wanted - _PASSED)
    print(f"ran {len(VECTORS)} vectors and {len(SEQUENCES)} sequences from {FILES}")
