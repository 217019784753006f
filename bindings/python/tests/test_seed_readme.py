"""The official SDK's README examples run against this SDK (issue 9).

Every ```python block of `../shared/seed/clerk-sdk-python-README.md` (read
here, at test time; never copied into the repository) runs in its own
process, against Prism, with `clerk_backend_api` → `clerk_backend` and only
the mechanical changes listed in SUBSTITUTIONS and REPAIRS; each must run to
its last line.

The server: every block reaches "the Backend API" at a local front
(`FRONT`, started here) that serves the spec's operations from Prism
(`CLERK_CONTRACT_URL`, which serves them at its root) under `/v1`, and the
JWKS of the test key in tests/fixtures/ at `…/jwks`, so a session token
signed with that key verifies. Blocks without a `server_url` find it through
`CLERK_API_URL`, as they would find the real API by default.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Tuple
from urllib.parse import urlsplit

import pytest

from conftest import REPO_ROOT, SECRET

SEED = os.path.join(REPO_ROOT, "..", "shared", "seed", "clerk-sdk-python-README.md")
FIXTURES = os.path.join(REPO_ROOT, "tests", "fixtures")
AUTHORIZED_PARTY = "https://example.com"  # the one the request-authentication block allows

# Placeholders filled in, as a user following the README would: (block heading, text, replacement).
SUBSTITUTIONS: List[Tuple[str, str, str]] = [
    ("*", '"<YOUR_BEARER_TOKEN_HERE>"', "SECRET_KEY"),  # a Python name the runner defines
    ("Override Server URL Per-Client", '"https://api.clerk.com/v1"', "FRONT_URL"),
]

# Blocks that are not valid Python as published, for the official SDK either
# (each is checked to still fail as published, so the repair goes when the
# README is fixed): (heading, what is wrong, how it fails, text, replacement).
REPAIRS: List[Tuple[str, str, str, str, str]] = [
    ("Retries", "a positional RetryConfig after keyword arguments", "SyntaxError",
     "\n        RetryConfig(", "\n        retries=RetryConfig("),
    ("Custom HTTP Client", "annotations use Union, Optional, Any without importing them", "NameError",
     "from clerk_backend_api import Clerk\nfrom clerk_backend_api.httpclient import AsyncHttpClient\n",
     "from typing import Any, Optional, Union\nfrom clerk_backend_api import Clerk\nfrom clerk_backend_api.httpclient import AsyncHttpClient\n"),
    ("Resource Management", "`with` and `def` bodies that are only a comment", "IndentationError",
     "        # Rest of application here...\n", "        # Rest of application here...\n        pass\n"),
]

# Blocks that only define functions: the runner calls them (heading → names).
CALLS: Dict[str, List[str]] = {"Resource Management": ["main", "amain"]}

def blocks() -> List[Tuple[str, int, str]]:
    """(nearest heading, index among the file's python blocks, source) of every python block."""
    if not os.path.isfile(SEED):
        pytest.fail(f"seed README not found at {SEED}")
    with open(SEED, encoding="utf-8") as f:
        text = f.read()
    out = []
    heading = ""
    for m in re.finditer(r"^(#{1,4}) ([^\n]+)$|^```python\n(.*?)^```", text, re.S | re.M):
        if m.group(2):
            heading = m.group(2).strip()
        else:
            out.append((heading, len(out), m.group(3)))
    return out


BLOCKS = blocks()


def adapted(heading: str, source: str) -> str:
    for where, old, new in SUBSTITUTIONS:
        if where in ("*", heading):
            source = source.replace(old, new)
    for where, _, _, old, new in REPAIRS:
        if where == heading and old in source:  # each repair's text is in one block (checked below)
            source = source.replace(old, new)
    return source.replace("clerk_backend_api", "clerk_backend")


# --------------------------------------------------------------------------- the local front


class Front:
    """`/v1/<path>` → Prism `/<path>`; `…/jwks` → the test key's JWKS."""

    def __init__(self, prism: str) -> None:
        target = urlsplit(prism)
        with open(os.path.join(FIXTURES, "mock-jwks.json"), "rb") as f:
            jwks = f.read()
        self.seen: List[Tuple[str, str, int, str]] = []
        front = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.path.split("?")[0].endswith("/jwks"):
                    status, headers, payload = 200, [("Content-Type", "application/json")], jwks
                else:
                    path = self.path[3:] if self.path.startswith("/v1/") else self.path
                    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                    fwd = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                    conn.request(self.command, path, body=body or None, headers=fwd)
                    resp = conn.getresponse()
                    payload = resp.read()
                    status = resp.status
                    headers = [(k, v) for k, v in resp.getheaders()
                               if k.lower() not in ("transfer-encoding", "connection", "content-length")]
                    conn.close()
                front.seen.append((self.command, self.path, status, dict(headers).get("sl-violations", "")))
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def front():
    prism = os.environ.get("CLERK_CONTRACT_URL")
    if not prism:
        if os.environ.get("CLERK_SKIP_CONTRACT") == "1":
            pytest.skip("CLERK_SKIP_CONTRACT=1: Prism-backed tests skipped on request")
        pytest.fail("CLERK_CONTRACT_URL is not set: start Prism (scripts/prism.sh) or set CLERK_SKIP_CONTRACT=1")
    f = Front(prism)
    yield f
    f.close()


def session_token() -> str:
    """A session token from the test key (tests/fixtures/mock-signing-key.pem)."""
    import jwt

    with open(os.path.join(FIXTURES, "mock-signing-key.pem"), encoding="utf-8") as f:
        key = f.read()
    with open(os.path.join(FIXTURES, "mock-jwks.json"), encoding="utf-8") as f:
        kid = json.load(f)["keys"][0]["kid"]
    now = int(time.time())
    claims = {"sub": "user_1", "sid": "sess_1", "iss": "https://clerk.example.com", "azp": AUTHORIZED_PARTY,
              "iat": now - 10, "nbf": now - 10, "exp": now + 300}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


# The runner: defines the substituted names, runs the block as __main__, then
# (for a block that only defines a function, as the request-authentication
# one does) calls what it defined, and says it got to the end.
RUNNER = textwrap.dedent("""
    import asyncio, os, sys
    SECRET_KEY = os.environ.get("SEED_SECRET_KEY")
    FRONT_URL = os.environ["SEED_FRONT_URL"]
    source = open(sys.argv[1], encoding="utf-8").read()
    scope = {"__name__": "__main__", "SECRET_KEY": SECRET_KEY, "FRONT_URL": FRONT_URL}
    exec(compile(source, "readme-block", "exec"), scope)
    for name in filter(None, os.environ.get("SEED_CALL", "").split(",")):
        result = scope[name]()
        if asyncio.iscoroutine(result):
            asyncio.run(result)
    if "is_signed_in" in scope:
        import httpx
        request = httpx.Request("GET", "https://example.com/dashboard",
                                headers={"Authorization": "Bearer " + os.environ["SEED_TOKEN"]})
        assert scope["is_signed_in"](request) is True, "is_signed_in(request) is not True"
    print("RAN TO THE END")
""")


def run_block(source: str, tmp_path, front: Front, with_key: bool, call: List[str]) -> subprocess.CompletedProcess:
    block = tmp_path / "block.py"
    block.write_text(source, encoding="utf-8")
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER, encoding="utf-8")
    (tmp_path / "example.file").write_bytes(b"\x89PNG\r\n\x1a\nnot really an image")  # the upload block opens it
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLERK_")}
    env.update(SEED_FRONT_URL=front.url, SEED_TOKEN=session_token(), CLERK_API_URL=front.url, SEED_CALL=",".join(call))
    if with_key:
        env.update(SEED_SECRET_KEY=SECRET, CLERK_SECRET_KEY=SECRET)
    return subprocess.run([sys.executable, str(runner), str(block)], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=120)


def test_every_block_is_listed():
    """Run below, block by block: a README change shows up here first."""
    assert [h for h, _, _ in BLOCKS] == [
        "Shell and script usage with `uv`", "Example", "Example", "Per-Client Security Schemes",
        "Request Authentication", "File uploads", "Retries", "Retries", "Example", "Override Server URL Per-Client",
        "Custom HTTP Client", "Custom HTTP Client", "Resource Management", "Debugging",
    ]


@pytest.mark.parametrize("heading, index, source", BLOCKS, ids=[f"{i:02d}-{h}" for h, i, _ in BLOCKS])
def test_readme_block_runs_to_the_end(heading, index, source, tmp_path, front):
    # The no-key examples (`Clerk()`) run with no secret key anywhere, as their
    # point is that those operations need none; the others get the test key.
    with_key = "<YOUR_BEARER_TOKEN_HERE>" in source or "CLERK_SECRET_KEY" in source
    before = len(front.seen)
    out = run_block(adapted(heading, source), tmp_path, front, with_key, CALLS.get(heading, []))
    assert out.returncode == 0 and out.stdout.rstrip().endswith("RAN TO THE END"), (
        f"block {index} ({heading}) did not run to the end:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    # Prism names what breaks the spec in `sl-violations`; warnings (a deprecated parameter) do not.
    violations = [(method, path, v) for method, path, _, header in front.seen[before:] if header
                  for v in json.loads(header) if v.get("severity") != "Warning"]
    assert violations == [], f"Prism says these requests break the spec: {violations}"


@pytest.mark.parametrize("heading, why, how, old, new", REPAIRS, ids=[r[0] for r in REPAIRS])
def test_repaired_blocks_still_fail_as_published_with_the_official_sdk(heading, why, how, old, new, tmp_path):
    """Each repair is of the README, not of this SDK: as published, the block
    fails the same way with the official SDK (installed as a test dependency)."""
    sources = [s for h, _, s in BLOCKS if h == heading and old in s]
    assert len(sources) == 1, f"{heading}: the repaired text is not in exactly one block"
    script = tmp_path / "published.py"
    script.write_text(sources[0].replace('"<YOUR_BEARER_TOKEN_HERE>"', '"sk_test_x"'), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], cwd=str(tmp_path), capture_output=True, text=True, timeout=60,
                         env={k: v for k, v in os.environ.items() if not k.startswith("CLERK_")})
    assert out.returncode != 0 and f"{how}:" in out.stderr, (why, out.stderr[-2000:])
