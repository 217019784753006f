"""Ctrl-C during a sync call (issue 8): `KeyboardInterrupt` comes promptly,
not after the call's timeout, and the request is abandoned — the server sees
its connection closed.

The caller runs in a child process that is sent a real SIGINT once the server
holds its request; the server never answers.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest

CHILD = textwrap.dedent("""
    import signal, sys, time
    # A job started in the background by a non-interactive shell (`cmd &`, as a CI runner may
    # start the test command) inherits SIGINT ignored, and Python then installs no
    # KeyboardInterrupt handler: restore the one an interactive program has.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from clerk_backend import Clerk
    from clerk_backend.utils import BackoffStrategy, RetryConfig

    clerk = Clerk(bearer_auth="sk_test_x", server_url=sys.argv[1], timeout_ms=120_000,
                  retry_config=RetryConfig("none", BackoffStrategy(1, 1, 1, 1), False))
    call = {
        "call": lambda: clerk.users.get(user_id="user_1"),
        "pages": lambda: next(iter(clerk.users.list_iter(request={"limit": 10}))),
    }[sys.argv[2]]
    started = time.monotonic()
    try:
        call()
    except KeyboardInterrupt:
        print("interrupted after %.3f s" % (time.monotonic() - started), flush=True)
        time.sleep(0.5)  # stay alive a moment: the closed connection must come from the abort, not our exit
        sys.exit(0)
    print("returned", flush=True)
    sys.exit(1)
""")


class SilentServer:
    """Accepts connections, reads the request, never answers; records when a
    request arrived and when its connection was closed by the client."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.got_request = threading.Event()
        self.closed = threading.Event()
        self.requests = 0
        self.stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"

    def _serve(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:  # closed by close()
                return
            threading.Thread(target=self._hold, args=(conn,), daemon=True).start()

    def _hold(self, conn: socket.socket) -> None:
        conn.settimeout(30)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            self.requests += 1
            self.got_request.set()
            while conn.recv(4096):  # b"" once the client closes its side
                pass
            self.closed.set()
        except OSError:
            self.closed.set()
        finally:
            conn.close()

    def close(self) -> None:
        self.stop = True
        self.sock.close()


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process")
@pytest.mark.parametrize("kind", ["call", "pages"])
def test_ctrl_c_interrupts_a_blocked_sync_call_and_closes_its_connection(kind):
    server = SilentServer()
    try:
        child = subprocess.Popen([sys.executable, "-c", CHILD, server.url, kind],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert server.got_request.wait(30), "the request never reached the server"
            time.sleep(0.2)  # well inside the call's wait, far from its 120 s timeout
            sent_at = time.monotonic()
            child.send_signal(signal.SIGINT)
            assert server.closed.wait(5), "the request's connection stayed open after Ctrl-C"
            closed_after = time.monotonic() - sent_at
            out, err = child.communicate(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == 0, (out, err)
        assert out.startswith("interrupted after"), (out, err)
        assert closed_after < 2.0
        assert server.requests == 1  # not retried after the interrupt
    finally:
        server.close()


def test_a_call_that_answers_is_not_slowed_by_the_signal_checks(server, clerk):
    """The waiting slices only matter while waiting: an answer ends the wait at once."""
    from conftest import Reply, user

    server.route("GET", "/users/user_1", Reply(200, user(1)))
    clerk.users.get(user_id="user_1")
    started = time.perf_counter()
    for _ in range(20):
        clerk.users.get(user_id="user_1")
    assert (time.perf_counter() - started) / 20 < 0.045  # a 50 ms slice never has to pass
