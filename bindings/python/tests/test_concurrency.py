"""One client shared by threads, and used again after fork."""

from __future__ import annotations

import multiprocessing
import sys
import threading

import pytest

from clerk_backend import Clerk

from conftest import SECRET, Reply, user


def test_sixteen_threads_two_hundred_calls_each(server):
    server.route("GET", "/users/u", Reply(200, user(1)))
    c = Clerk(bearer_auth=SECRET, server_url=server.url)
    errors = []

    def worker():
        try:
            for _ in range(200):
                assert c.users.get(user_id="u").id == "user_1"
        except BaseException as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    calls = server.calls("GET", "/users/u")
    assert len(calls) == 3200
    # keep-alive: connections are pooled and reused, not one per call
    peers = {r.peer for r in calls}
    assert len(peers) <= 64, f"{len(peers)} connections for 3200 calls"


def _child(url: str, q) -> None:
    try:
        c = Clerk(bearer_auth=SECRET, server_url=url)
        q.put(c.users.get(user_id="u").id)
    except BaseException as e:  # noqa: BLE001
        q.put(f"error: {e!r}")


def _child_shared(c, q) -> None:
    try:
        q.put(c.users.get(user_id="u").id)
    except BaseException as e:  # noqa: BLE001
        q.put(f"error: {e!r}")


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_calls_work_after_fork(server):
    server.route("GET", "/users/u", Reply(200, user(1)))
    parent = Clerk(bearer_auth=SECRET, server_url=server.url)
    assert parent.users.get(user_id="u").id == "user_1"  # runtime and pool exist before the fork
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    procs = [ctx.Process(target=_child, args=(server.url, q)), ctx.Process(target=_child_shared, args=(parent, q))]
    for p in procs:
        p.start()
    results = [q.get(timeout=30) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert results == ["user_1", "user_1"]
    assert parent.users.get(user_id="u").id == "user_1"  # the parent is unaffected
