"""`_async` methods: awaitable from asyncio without blocking the event loop."""

from __future__ import annotations

import asyncio

import pytest

from clerk_backend import Clerk, models

from conftest import SECRET, Reply, user


def run(coro):
    return asyncio.run(coro)


def test_async_call_returns_model(server):
    server.route("GET", "/users/u", Reply(200, user(1)))

    async def main():
        async with Clerk(bearer_auth=SECRET, server_url=server.url) as c:
            return await c.users.get_async(user_id="u")

    res = run(main())
    assert isinstance(res, models.User) and res.email_addresses[0].email_address == "u1@example.com"


def test_async_errors_are_the_public_classes(server):
    server.route("GET", "/users/u", Reply(404, {"errors": [{"code": "resource_not_found", "message": "not found"}], "clerk_trace_id": "t"}))

    async def main():
        c = Clerk(bearer_auth=SECRET, server_url=server.url)
        with pytest.raises(models.ClerkErrors) as ei:
            await c.users.get_async(user_id="u")
        return ei.value

    e = run(main())
    assert e.status_code == 404 and e.data.errors[0].code == "resource_not_found" and e.data.clerk_trace_id == "t"


def test_bad_arguments_raise_before_awaiting(server):
    async def main():
        c = Clerk(bearer_auth=SECRET, server_url=server.url)
        with pytest.raises(TypeError, match="nope"):
            await c.users.get_async(user_id="u", nope=1)

    run(main())
    assert server.requests == []


def test_event_loop_keeps_ticking_during_a_slow_call(server):
    server.route("GET", "/users/slow", Reply(200, user(1), delay=0.6))

    async def main():
        c = Clerk(bearer_auth=SECRET, server_url=server.url)
        ticks = 0
        done = False

        async def ticker():
            nonlocal ticks
            while not done:
                ticks += 1
                await asyncio.sleep(0.01)

        t = asyncio.ensure_future(ticker())
        res = await c.users.get_async(user_id="slow")
        done = True
        await t
        return res, ticks

    res, ticks = run(main())
    assert res.id == "user_1"
    # a blocked loop would tick once or twice; a free one ~60 times in 0.6 s
    assert ticks >= 10


def test_concurrent_async_calls(server):
    server.route("GET", "/users", Reply(200, [user(i) for i in range(5)], delay=0.05))

    async def main():
        c = Clerk(bearer_auth=SECRET, server_url=server.url)
        return await asyncio.gather(*(c.users.list_async(request={"limit": 5}) for _ in range(32)))

    results = run(main())
    assert len(results) == 32 and all(len(r) == 5 for r in results)


def test_async_page_iterator(server):
    server.route("GET", "/users", Reply(200, [user(0), user(1)]), Reply(200, [user(2)]))

    async def main():
        c = Clerk(bearer_auth=SECRET, server_url=server.url)
        return [u.id async for u in c.users.list_iter_async(request={"limit": 2})]

    assert run(main()) == ["user_0", "user_1", "user_2"]


def test_cancelled_call_does_not_break_the_loop(server):
    server.route("GET", "/users/slow", Reply(200, user(1), delay=0.3))
    server.route("GET", "/users/fast", Reply(200, user(2)))

    async def main():
        c = Clerk(bearer_auth=SECRET, server_url=server.url)
        task = asyncio.ensure_future(c.users.get_async(user_id="slow"))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.4)  # the core finishes the request; its result is dropped
        return await c.users.get_async(user_id="fast")

    assert run(main()).id == "user_2"


def test_cancelling_an_async_call_aborts_the_request_in_the_core():
    # A server that reads the request and never answers: the only way its
    # connection ends within the wait is the client closing it, which only
    # the core's abort does (the call's own timeout is a minute away).
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    received = threading.Event()
    closed_by_client = threading.Event()

    def serve():
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            received.set()
            try:
                if conn.recv(1) == b"":
                    closed_by_client.set()
            except socket.timeout:
                pass  # still open: the request was not aborted
            except OSError:
                closed_by_client.set()  # reset by the client

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    async def main():
        c = Clerk(bearer_auth=SECRET, server_url=f"http://127.0.0.1:{port}/v1", timeout_ms=60_000)
        task = asyncio.ensure_future(c.users.get_async(user_id="slow"))
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, received.wait, 10), "the request never reached the server"
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    try:
        run(main())
        assert closed_by_client.wait(10), "the core kept the request running after the task was cancelled"
    finally:
        thread.join(15)
        listener.close()


def test_interpreter_exit_right_after_an_async_call_does_not_crash(server):
    """`asyncio.run(...)` returning and the interpreter exiting while the
    runtime thread is still inside the result's delivery crashed the process
    (SIGSEGV/SIGABRT in about one run in three); every run must exit cleanly."""
    import subprocess
    import sys
    import textwrap

    server.route("GET", "/users/u", Reply(200, user(1)))
    server.route("GET", "/users", Reply(200, [user(1)]))
    code = textwrap.dedent(f"""
        import asyncio
        from clerk_backend import Clerk

        async def main():
            async with Clerk(bearer_auth="sk_test_x", server_url="{server.url}") as clerk:
                await clerk.users.get_async(user_id="u")
                async for _ in clerk.users.list_iter_async(request={{"limit": 1}}):
                    break
        asyncio.run(main())
    """)
    codes = [subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60).returncode for _ in range(25)]
    assert codes == [0] * 25
