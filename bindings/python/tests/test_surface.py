"""The official SDK's module-level and submodule names all exist (python-api-surface.md)."""

from __future__ import annotations

import importlib
import json
import os

import clerk_backend
from clerk_backend import models

from conftest import REPO_ROOT

SURFACE = os.path.join(REPO_ROOT, "..", "shared", "seed", "python-api-surface.md")
SIGNATURES = os.path.join(REPO_ROOT, "..", "shared", "seed", "python-signatures.json")


def _module_level_names() -> list:
    with open(SURFACE, encoding="utf-8") as f:
        text = f.read()
    section = text.split("## Module-level names", 1)[1].split("##", 1)[0]
    return [n.strip("` ,\n") for n in section.split("`") if n.strip("` ,\n") and not n.strip().startswith(",")]


def test_every_official_module_level_name_is_importable():
    names = [n for n in _module_level_names() if n.isidentifier()]
    assert len(names) > 30, names
    missing = [n for n in names if not hasattr(clerk_backend, n)]
    assert missing == []


def test_official_request_models_accept_the_official_fields():
    body = clerk_backend.CreateActorTokenRequestBody(
        user_id="user_1", actor=clerk_backend.CreateActorTokenActor(sub="user_2"), expires_in_seconds=60
    )
    assert body.to_dict() == {"user_id": "user_1", "actor": {"sub": "user_2"}, "expires_in_seconds": 60}
    assert models.CreateActorTokenRequestBody is clerk_backend.CreateActorTokenRequestBody
    assert clerk_backend.CreateAgentTaskPermissions("*") == "*"


def test_every_official_method_exists_sync_and_async():
    with open(SIGNATURES, encoding="utf-8") as f:
        sigs = json.load(f)
    clerk = clerk_backend.Clerk(bearer_auth="sk_test_x", server_url="http://127.0.0.1:9/v1")
    missing = []
    for s in sigs:
        group = getattr(clerk, s["group"], None)
        # A few official names already end in `_async` (`jwks.get_jwks_async`): those have no further twin.
        twins = (s["name"],) if s["name"].endswith("_async") else (s["name"], s["name"] + "_async")
        for name in twins:
            if group is None or not callable(getattr(group, name, None)):
                missing.append(f"{s['group']}.{name}")
    assert missing == []
    assert len(sigs) == 244


def test_official_submodule_names():
    for dotted in ("httpclient.AsyncHttpClient", "jwks_helpers.AuthenticateRequestOptions",
                   "jwks_helpers.authenticate_request", "security.authenticate_request",
                   "security.types.AuthenticateRequestOptions", "utils.BackoffStrategy",
                   "utils.RetryConfig", "utils.parse_datetime"):
        mod, attr = dotted.rsplit(".", 1)
        assert hasattr(importlib.import_module(f"clerk_backend.{mod}"), attr), dotted
