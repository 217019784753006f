"""The shared auth and webhook vectors through the C ABI: ctypes on the real
shared library (CLERK_C_LIBRARY), so what runs is exactly what a C program
links. A Python driver rather than a C one because the vectors need a JSON
reader and a recording mock of the Backend API, both of which the Python
tests already have (bindings/python/tests/conftest.py's MockServer); each
vector's JSON goes to the C functions as text, unchanged.

CLERK_AUTH_VECTORS / CLERK_WEBHOOK_VECTORS override the shared files. The
run fails unless every vector and sequence of each file passed (counted from
the files themselves)."""

from __future__ import annotations

import ctypes
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "bindings", "python", "tests"))
from conftest import MockServer, Reply  # noqa: E402  (the one recording mock of the test suites)

OK = 0
AUTH_CONFIG = 3002

lib = ctypes.CDLL(os.environ["CLERK_C_LIBRARY"])
P = ctypes.c_void_p
lib.clerk_authenticator_new.argtypes = [ctypes.c_char_p, ctypes.POINTER(P), ctypes.POINTER(P)]
lib.clerk_authenticator_set_now_ms.argtypes = [P, ctypes.c_int64, ctypes.POINTER(P)]
lib.clerk_authenticator_free.argtypes = [P]
lib.clerk_authenticate_request.argtypes = [P, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(P), ctypes.POINTER(P)]
lib.clerk_verify_webhook.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p,
                                     ctypes.POINTER(P), ctypes.POINTER(P)]
lib.clerk_string_free.argtypes = [P]
lib.clerk_error_free.argtypes = [P]
for name in ("clerk_error_json",):
    getattr(lib, name).argtypes = [P]
    getattr(lib, name).restype = ctypes.c_char_p


def take(r: int, out: P, err: P):
    """(result, parsed output or the error record) and the C objects freed."""
    if r == OK:
        text = ctypes.string_at(out.value).decode()
        lib.clerk_string_free(out)
        return r, json.loads(text)
    record = json.loads(lib.clerk_error_json(err))
    lib.clerk_error_free(err)
    return r, record


def vector_file(env: str, name: str) -> str:
    path = os.environ.get(env) or os.path.join(REPO_ROOT, "..", "shared", "testdata", name)
    if not os.path.isfile(path):
        sys.exit(f"test vectors not found at {path} (set {env})")
    return path


class Authenticator:
    def __init__(self, now_ms: int) -> None:
        self.p, err = P(), P()
        assert lib.clerk_authenticator_new(json.dumps({"now_ms": now_ms}).encode(), ctypes.byref(self.p), ctypes.byref(err)) == OK

    def set_now_ms(self, ms: int) -> None:
        assert lib.clerk_authenticator_set_now_ms(self.p, ms, None) == OK

    def authenticate(self, request, options):
        out, err = P(), P()
        r = lib.clerk_authenticate_request(self.p, json.dumps(request).encode(), json.dumps(options).encode(),
                                           ctypes.byref(out), ctypes.byref(err))
        return take(r, out, err)

    def close(self) -> None:
        lib.clerk_authenticator_free(self.p)


def serve(backend) -> MockServer:
    server = MockServer()
    for r in (backend or {}).get("routes", []):
        server.route(r["method"], r["path"], Reply(r["status"], r.get("json")), prefix="")
    return server


def check_state(expected, result, requests, vid):
    r, state = result
    if "error" in expected:
        assert r == AUTH_CONFIG and state["reason"] == expected["error"], f"{vid}: {r} {state}"
        return
    assert r == OK, f"{vid}: {state}"
    exp = dict(expected)
    if "without_handshake_support" in exp and state["status"] != "handshake":
        exp.update(exp["without_handshake_support"])
    assert state["status"] == exp["status"], f"{vid}: status {state['status']} ({state.get('message')})"
    for key in ("reason", "token_type", "token_error"):
        if key in exp:
            assert state[key] == exp[key], f"{vid}: {key} {state[key]!r} != {exp[key]!r}"
    if "message_contains" in exp:
        assert exp["message_contains"] in (state["message"] or ""), vid
    if "auth" in exp:
        assert state["auth"] is not None, vid
        for k, v in exp["auth"].items():
            assert state["auth"].get(k) == v, f"{vid}: auth.{k} {state['auth'].get(k)!r} != {v!r}"
    if state["status"] == "signed-out":
        headers = [tuple(h) for h in state["headers"]]
        assert ("x-clerk-auth-status", "signed-out") in headers, f"{vid}: {headers}"
    if "backend_api_calls" in exp:
        want = exp["backend_api_calls"]
        assert len(requests) == len(want), f"{vid}: calls {[(q.method, q.path) for q in requests]}"
        for w, q in zip(want, requests):
            assert (q.method, q.path) == (w["method"], w["path"]), vid
            for h, v in (w.get("headers") or {}).items():
                assert q.headers.get(h) == v, f"{vid}: header {h}"
            if "json" in w:
                assert q.json() == w["json"], vid


def run_auth(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    vectors, sequences = doc["vectors"], doc.get("sequences", [])
    passed = set()
    for v in vectors:
        server, auth = serve(v.get("backend_api")), Authenticator(v["now"] * 1000)
        try:
            result = auth.authenticate(v["request"], {**v["options"], "api_url": server.root})
            check_state(v["expected"], result, server.requests, v["id"])
            passed.add(v["id"])
        finally:
            auth.close()
            server.close()
    for s in sequences:
        server, auth = serve(s.get("backend_api")), Authenticator(0)
        try:
            for i, step in enumerate(s["steps"]):
                auth.set_now_ms(step["now"] * 1000)
                before = len(server.requests)
                opts = {**s["options"], **step.get("options", {}), "api_url": server.root}
                result = auth.authenticate(step["request"], opts)
                check_state(step["expected"], result, server.requests[before:], f"{s['id']}[{i}]")
            passed.add(s["id"])
        finally:
            auth.close()
            server.close()
    wanted = {v["id"] for v in vectors} | {s["id"] for s in sequences}
    assert passed == wanted and len(vectors) > 0, sorted(wanted - passed)
    print(f"auth: {len(vectors)} vectors and {len(sequences)} sequences from {path} passed through the C ABI")
    return len(wanted)


def run_webhooks(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    passed = 0
    for v in doc["vectors"]:
        opts = {"now_ms": v["now"] * 1000, "tolerance_seconds": doc.get("tolerance_seconds")}
        if v["secret"] is not None:
            opts["signing_secret"] = v["secret"]
        body = v["body"].encode()
        out, err = P(), P()
        r = lib.clerk_verify_webhook(body, len(body), json.dumps(v["headers"]).encode(), json.dumps(opts).encode(),
                                     ctypes.byref(out), ctypes.byref(err))
        r, got = take(r, out, err)
        exp = v["expected"]
        if exp["ok"]:
            assert r == OK, f"{v['id']}: {got}"
            for k, w in exp["event"].items():
                assert got.get(k) == w, f"{v['id']}: event.{k} {got.get(k)!r} != {w!r}"
        else:
            assert r != OK and got["reason"] == exp["error"], f"{v['id']}: {r} {got}"
            assert exp["message_contains"] in got["message"], f"{v['id']}: {got['message']}"
        passed += 1
    assert passed == len(doc["vectors"]) > 0
    print(f"webhooks: {passed} vectors from {path} passed through the C ABI")
    return passed


if __name__ == "__main__":
    for var in ("CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY", "CLERK_JWT_KEY", "CLERK_MACHINE_SECRET_KEY",
                "CLERK_WEBHOOK_SIGNING_SECRET"):
        os.environ.pop(var, None)
    run_auth(vector_file("CLERK_AUTH_VECTORS", "auth-vectors.json"))
    run_auth(os.path.join(REPO_ROOT, "tests", "fixtures", "auth-vectors-extra.json"))
    run_webhooks(vector_file("CLERK_WEBHOOK_VECTORS", "webhook-vectors.json"))
