"""Fixtures: a real local HTTP server (127.0.0.1, port 0) playing the Backend API."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

import pytest

SECRET = "sk_test_" + "s3cr3tvalue0123456789"


class Reply:
    def __init__(self, status: int = 200, body: Any = None, headers: Optional[Dict[str, str]] = None,
                 delay: float = 0.0, raw: Optional[bytes] = None, content_type: str = "application/json") -> None:
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.delay = delay
        self.raw = raw
        self.content_type = content_type


class Recorded:
    def __init__(self, method: str, path: str, query: Dict[str, List[str]], headers: Dict[str, str], body: bytes, peer: Tuple[str, int]) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.peer = peer

    def json(self) -> Any:
        return json.loads(self.body)


class MockServer:
    def __init__(self) -> None:
        self.routes: Dict[Tuple[str, str], List[Reply]] = {}
        self.requests: List[Recorded] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes: without this, Nagle + delayed ACK add 40 ms
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if not length and self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body = self._read_chunked()
                url = urlsplit(self.path)
                rec = Recorded(self.command, url.path, parse_qs(url.query, keep_blank_values=True),
                               {k.lower(): v for k, v in self.headers.items()}, body, self.client_address)
                reply = server._reply_for(rec)
                if reply.delay:
                    time.sleep(reply.delay)
                payload = reply.raw if reply.raw is not None else (b"" if reply.body is None else json.dumps(reply.body).encode())
                self.send_response(reply.status)
                if payload:
                    self.send_header("Content-Type", reply.content_type)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _read_chunked(self) -> bytes:
                out = b""
                while True:
                    size = int(self.rfile.readline().strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        return out
                    out += self.rfile.read(size)
                    self.rfile.readline()

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, method: str, path: str, *replies: Reply, prefix: str = "/v1") -> None:
        """Answer `method path` (path without /v1) with the replies in turn; the last one repeats."""
        with self.lock:
            self.routes[(method, prefix + path)] = list(replies)

    def _reply_for(self, rec: Recorded) -> Reply:
        with self.lock:
            self.requests.append(rec)
            replies = self.routes.get((rec.method, rec.path))
            if not replies:
                return Reply(404, {"errors": [{"code": "resource_not_found", "message": "not found"}]})
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def calls(self, method: str, path: str) -> List[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.method == method and r.path == "/v1" + path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = MockServer()
    yield s
    s.close()


@pytest.fixture
def clerk(server):
    from clerk_backend import Clerk
    from clerk_backend.utils import BackoffStrategy, RetryConfig

    # Short backoff so retry tests do not wait; behaviour is what is asserted, not timing.
    retry = RetryConfig("backoff", BackoffStrategy(1, 5, 1.5, 2000), True)
    with Clerk(bearer_auth=SECRET, server_url=server.url, retry_config=retry) as c:
        yield c


def user(i: int = 1, **extra: Any) -> Dict[str, Any]:
    u = {
        "id": f"user_{i}",
        "object": "user",
        "first_name": "Ada",
        "last_name": None,
        "email_addresses": [{"id": f"idn_{i}", "object": "email_address", "email_address": f"u{i}@example.com",
                             "verification": {"object": "verification_otp", "status": "verified", "strategy": "email_code", "attempts": 1, "expire_at": 1}}],
        "public_metadata": {"plan": "pro"},
        "created_at": 1700000000000,
        "updated_at": 1700000000000,
    }
    u.update(extra)
    return u


REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def vector_file(env: str, name: str) -> str:
    """The vector file: `$env` if set, else ../shared/testdata/<name> beside the
    repository. A missing file fails the test: vectors are never skipped silently."""
    path = os.environ.get(env) or os.path.join(REPO_ROOT, "..", "shared", "testdata", name)
    if not os.path.isfile(path):
        pytest.fail(f"test vectors not found at {path} (set {env})")
    return path
