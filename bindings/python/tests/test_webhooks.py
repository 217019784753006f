"""The shared webhook vectors, through `clerk_backend.verify_webhook`."""

from __future__ import annotations

import json

import pytest

import clerk_backend
from clerk_backend.security import WebhookConfigError, WebhookVerificationError

from conftest import vector_file

FILE = vector_file("CLERK_WEBHOOK_VECTORS", "webhook-vectors.json")
with open(FILE, encoding="utf-8") as _f:
    VECTORS = json.load(_f)["vectors"]
# Ids of the vectors that passed, for the guard at the end.
_PASSED: set = set()


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_webhook_vector(vector, monkeypatch):
    monkeypatch.delenv("CLERK_WEBHOOK_SIGNING_SECRET", raising=False)
    exp = vector["expected"]
    call = lambda: clerk_backend.verify_webhook(vector["body"], vector["headers"], vector["secret"], now=vector["now"])  # noqa: E731
    if exp["ok"]:
        event = call()
        for k, v in exp["event"].items():
            assert event[k] == v, k
    else:
        with pytest.raises(WebhookVerificationError) as ei:
            call()
        assert ei.value.reason == exp["error"]
        assert exp["message_contains"] in str(ei.value)
        if exp["error"] in ("missing-signing-secret", "invalid-signing-secret"):
            assert isinstance(ei.value, WebhookConfigError)
        if vector["secret"]:
            assert vector["secret"] not in str(ei.value)
    _PASSED.add(vector["id"])


def test_secret_from_environment(monkeypatch):
    v = next(v for v in VECTORS if v["expected"]["ok"])
    monkeypatch.setenv("CLERK_WEBHOOK_SIGNING_SECRET", v["secret"])
    assert clerk_backend.verify_webhook(v["body"], v["headers"], now=v["now"])["type"] == v["expected"]["event"]["type"]


def test_vectors_were_loaded():
    """The file was read and has vectors; ids are unique, so each is a test of its own."""
    assert len(VECTORS) >= 1, FILE
    assert len({v["id"] for v in VECTORS}) == len(VECTORS)


def test_zz_every_vector_ran_and_passed(request):
    """Runs last (file order): every vector of the file passed, counted from the
    file itself, whatever file $CLERK_WEBHOOK_VECTORS names."""
    if request.config.option.keyword or request.config.option.markexpr:
        pytest.skip("a subset was selected")
    assert _PASSED == {v["id"] for v in VECTORS}
    print(f"ran {len(VECTORS)} webhook vectors from {FILE}")
