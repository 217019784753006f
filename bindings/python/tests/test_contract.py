"""Every operation once through the Python API against Prism (the spec's mock).

`CLERK_CONTRACT_URL` (and `CLERK_CONTRACT_URL_2024` for `sessions.verify`)
point at Prism; `scripts/test.sh` starts them. Without them this test fails,
unless `CLERK_SKIP_CONTRACT=1` skips it explicitly.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict

import pytest

from clerk_backend import Clerk, models
from clerk_backend._generated.operations import OPERATIONS
from clerk_backend.utils import RetryConfig

from conftest import REPO_ROOT

IR_PATH = os.path.join(REPO_ROOT, "core", "src", "generated", "ir.json")
with open(IR_PATH, encoding="utf-8") as _f:
    IR_OPS = json.load(_f)["operations"]

FILE = {"file_name": "logo.png", "content": b"\x89PNG\r\n\x1a\nfake", "content_type": "image/png"}


def _url(env: str) -> str:
    url = os.environ.get(env)
    if not url:
        if os.environ.get("CLERK_SKIP_CONTRACT") == "1":
            pytest.skip("CLERK_SKIP_CONTRACT=1: contract test skipped on request")
        pytest.fail(f"{env} is not set: start Prism (scripts/prism.sh) or set CLERK_SKIP_CONTRACT=1")
    return url


def _call_args(op: Dict[str, Any]) -> Dict[str, Any]:
    row = OPERATIONS[op["group"]][op["method"]]
    _, style, entries, files, body_key, _, _, _ = row
    wire_to_kw = {wire: kw for kw, wire, _ in entries}
    example = dict(op.get("example") or {})
    for f in files:
        example.setdefault(f, FILE)
    if style == "request":
        if body_key and set(example) == {body_key}:
            return {"request": example[body_key]}
        return {"request": example}
    return {wire_to_kw.get(k, k): v for k, v in example.items()}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("op", IR_OPS, ids=[o["name"] for o in IR_OPS])
def test_operation_against_prism(op):
    legacy = op.get("spec", "").startswith("bapi-2024")
    url = _url("CLERK_CONTRACT_URL_2024" if legacy else "CLERK_CONTRACT_URL")
    clerk = Clerk(bearer_auth="sk_test_contract", server_url=url, retry_config=RetryConfig("none"))
    method = getattr(getattr(clerk, op["group"]), op["method"])
    try:
        method(**_call_args(op))
    except models.ClerkBaseError as e:
        pytest.fail(f"{op['name']}: {type(e).__name__}: {e}")


def test_every_generated_method_is_covered():
    names = {(o["group"], o["method"]) for o in IR_OPS}
    table = {(g, m) for g, ms in OPERATIONS.items() for m in ms}
    assert names == table
    styles = {OPERATIONS[g][m][1] for g, m in table}
    assert {"request", "kwargs"} <= styles
