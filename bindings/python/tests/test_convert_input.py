"""Caller values → JSON (issue 8, item 1): bounded depth, cycles detected,
only JSON data accepted, every refusal an invalid-argument error naming the
place, before anything is sent — and never a crash or unbounded memory."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import ipaddress
import json
import pathlib
import subprocess
import sys
import textwrap
import time
import unittest.mock
import uuid

import pytest

from clerk_backend import _native, models

from conftest import Reply, user

DEPTH = _native.JSON_MAX_DEPTH


def nested(levels: int, kind: str = "dict"):
    """`levels` containers, each inside the previous one."""
    inner = {} if kind == "dict" else []
    outer = inner
    for _ in range(levels - 1):
        inner = {"a": inner} if kind == "dict" else [inner]
    return inner if levels else outer


def refused(clerk, server, value, param="public_metadata"):
    """The InvalidArgumentError a call with `value` raises; nothing reached the server."""
    server.route("PATCH", "/users/u/metadata", Reply(200, user(1)))
    before = len(server.requests)
    with pytest.raises(models.InvalidArgumentError) as info:
        clerk.users.update_metadata(user_id="u", **{param: value})
    assert len(server.requests) == before
    err = info.value
    assert isinstance(err, TypeError) and isinstance(err, ValueError)
    assert err.parameter.startswith(param), err.parameter
    assert f"parameter `{err.parameter}`" in str(err)
    return err


def sent(clerk, server, value):
    server.route("PATCH", "/users/u/metadata", Reply(200, user(1)))
    clerk.users.update_metadata(user_id="u", public_metadata=value)
    return server.calls("PATCH", "/users/u/metadata")[-1].json()["public_metadata"]


# --------------------------------------------------------------------------- the process survives


def test_reported_reproductions_do_not_kill_the_process():
    """The issue's three: a self-containing dict (segfault), a 50,000-deep dict
    (segfault) and a Mock (memory without bound). Run in a child so a crash
    fails this test instead of ending the run; memory capped so growth shows."""
    code = textwrap.dedent("""
        import resource, sys, unittest.mock
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from clerk_backend import Clerk, models
        clerk = Clerk(bearer_auth="sk_test_x", server_url="http://127.0.0.1:9/v1")
        d = {}; d["a"] = d
        deep = x = {}
        for _ in range(50000):
            x["a"] = {}; x = x["a"]
        for value in (d, deep, unittest.mock.Mock(), unittest.mock.MagicMock(), [d], (deep,)):
            try:
                clerk.users.update_metadata(user_id="u", public_metadata=value)
            except models.InvalidArgumentError as e:
                print(type(value).__name__, e.parameter)
            else:
                sys.exit("accepted " + type(value).__name__)
        print("alive")
    """)
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, (out.returncode, out.stdout, out.stderr[-2000:])
    assert out.stdout.splitlines()[-1] == "alive"
    assert len(out.stdout.splitlines()) == 7
    assert time.monotonic() - started < 30


# --------------------------------------------------------------------------- depth


def test_depth_limit_is_the_json_decoders():
    """The most the converter sends is the most the core's JSON parser reads back."""
    for kind in ("dict", "list"):
        doc = json.dumps(nested(DEPTH, kind)).encode()
        assert _native.json_loads(doc) == nested(DEPTH, kind)
        with pytest.raises(ValueError, match="recursion limit"):
            _native.json_loads(json.dumps(nested(DEPTH + 1, kind)).encode())
        assert json.loads(_native.py_to_json(nested(DEPTH, kind))) == nested(DEPTH, kind)
        with pytest.raises(_native.NativeError, match=f"more than {DEPTH} levels"):
            _native.py_to_json(nested(DEPTH + 1, kind))


def test_deepest_allowed_value_is_sent_and_one_more_is_refused(clerk, server):
    # public_metadata is itself one level inside the body object
    assert sent(clerk, server, nested(DEPTH - 1)) == nested(DEPTH - 1)
    err = refused(clerk, server, nested(DEPTH))
    assert f"more than {DEPTH} levels" in str(err)
    assert err.parameter.startswith("public_metadata.a.a")


@pytest.mark.parametrize("levels", [DEPTH + 1, 1000, 50_000])
def test_very_deep_values_are_refused(clerk, server, levels):
    for kind in ("dict", "list"):
        refused(clerk, server, nested(levels, kind))


def test_depth_counts_values_that_stand_for_others():
    """A model or enum whose own value is again one of those would otherwise loop at one level."""
    class Loop(enum.Enum):
        X = 1

    class SelfDate(datetime.date):
        def isoformat(self):
            return self

    looping = SelfDate(2024, 1, 2)
    with pytest.raises(_native.NativeError, match="levels deep"):
        _native.py_to_json(looping)
    chain = Loop.X
    for _ in range(DEPTH + 5):
        e = enum.Enum("E", {"V": chain})
        chain = e.V
    with pytest.raises(_native.NativeError, match="levels deep"):
        _native.py_to_json(chain)


# --------------------------------------------------------------------------- cycles


def test_cycles_are_refused_naming_where(clerk, server):
    d: dict = {}
    d["a"] = d
    assert "cycle" in str(refused(clerk, server, d))
    lst: list = [1]
    lst.append(lst)
    assert refused(clerk, server, {"tags": lst}).parameter == "public_metadata.tags[1]"
    outer = {"x": [{"y": None}]}
    outer["x"][0]["y"] = outer
    assert refused(clerk, server, outer).parameter == "public_metadata.x[0].y"


def test_shared_but_acyclic_values_are_fine(clerk, server):
    shared = {"k": [1, 2]}
    assert sent(clerk, server, {"a": shared, "b": shared, "c": [shared, shared]}) == {
        "a": {"k": [1, 2]}, "b": {"k": [1, 2]}, "c": [{"k": [1, 2]}, {"k": [1, 2]}]}


# --------------------------------------------------------------------------- what is JSON data


class Color(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 2


@dataclasses.dataclass
class Point:
    x: int
    tags: list


def test_values_the_official_sdk_serialises_are_sent_as_it_sends_them(clerk, server):
    """Each pair as the official SDK (pydantic, json mode) puts it in the body,
    checked against clerk-backend-api 7.0.0 with a capturing server."""
    cases = {
        "datetime": (datetime.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02T03:04:05"),
        "date": (datetime.date(2024, 1, 2), "2024-01-02"),
        "time": (datetime.time(1, 2), "01:02:00"),
        "uuid": (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        "decimal": (decimal.Decimal("1.5"), "1.5"),
        "enum": (Color.RED, "red"),
        "intenum": (Level.HIGH, 2),
        "set": ({1}, [1]),
        "frozenset": (frozenset([1]), [1]),
        "tuple": ((1, "a"), [1, "a"]),
        "bytes": (b"ab", "ab"),
        "bytearray": (bytearray(b"ab"), "ab"),
        "path": (pathlib.PurePosixPath("/x"), "/x"),
        "ip": (ipaddress.ip_address("1.2.3.4"), "1.2.3.4"),
        "dataclass": (Point(1, [Color.RED]), {"x": 1, "tags": ["red"]}),
        "int_keys": ({1: "a"}, {"1": "a"}),
        "model": (models.User({"id": "user_1", "public_metadata": {"p": 1}}), {"id": "user_1", "public_metadata": {"p": 1}}),
        "bigint": (2**64 - 1, 2**64 - 1),
        "unicode": ("Zoë ☃ 𝄞", "Zoë ☃ 𝄞"),
    }
    got = sent(clerk, server, {k: v for k, (v, _) in cases.items()})
    assert got == {k: want for k, (_, want) in cases.items()}


def test_pydantic_models_when_the_application_uses_pydantic(clerk, server):
    pydantic = pytest.importorskip("pydantic")

    class Prefs(pydantic.BaseModel):
        theme: str
        when: datetime.date

    assert sent(clerk, server, {"prefs": Prefs(theme="dark", when=datetime.date(2024, 1, 2))}) == {
        "prefs": {"theme": "dark", "when": "2024-01-02"}}


class Opaque:
    def to_dict(self):  # duck-typed look-alikes are not models: this is never called
        raise AssertionError("called")


@pytest.mark.parametrize("value", [
    unittest.mock.Mock(), unittest.mock.MagicMock(), object(), Opaque(), range(3), (x for x in [1]),
    memoryview(b"a"), 1j, datetime.timedelta(seconds=1), Point, Color, int,
], ids=lambda v: type(v).__name__)
def test_other_objects_are_refused_by_type(clerk, server, value):
    err = refused(clerk, server, {"v": value})
    assert err.parameter == "public_metadata.v"
    assert "unsupported type" in str(err)


@pytest.mark.parametrize("value, message", [
    (float("nan"), "not a JSON number"), (float("inf"), "not a JSON number"), (2**64, "64-bit"), (-(2**63) - 1, "64-bit"),
    (b"\xff", "UTF-8"), ({(1, 2): 1}, "keys must be str"), ({True: 1}, "keys must be str"), ({None: 1}, "keys must be str"),
])
def test_values_json_cannot_hold_faithfully_are_refused(clerk, server, value, message):
    assert message in str(refused(clerk, server, {"v": value}))


def test_an_exception_in_a_conversion_is_reported_at_its_place(clerk, server):
    class Broken(models.User):
        def to_dict(self):
            raise RuntimeError("boom")

    err = refused(clerk, server, {"u": Broken({})})
    assert err.parameter == "public_metadata.u" and "RuntimeError: boom" in str(err)


# --------------------------------------------------------------------------- strings


@pytest.mark.parametrize("surrogate", ["\ud800", "\udfff", "a\udc00b"])
def test_lone_surrogates_are_invalid_arguments_before_sending(clerk, server, surrogate):
    err = refused(clerk, server, {"k": surrogate})
    assert err.parameter == "public_metadata.k" and "surrogate" in str(err)
    refused(clerk, server, {surrogate: 1})  # in a key
    server.route("GET", "/users", Reply(200, []))
    for call in (lambda: clerk.users.get(user_id=surrogate),
                 lambda: clerk.users.list(request={"email_address": ["a@x.io", surrogate]})):
        with pytest.raises(models.InvalidArgumentError) as info:
            call()
        assert "surrogate" in str(info.value)
    assert info.value.parameter == "email_address[1]"
    assert server.requests == []


def test_parameter_names_are_the_callers_keywords(clerk, server):
    """A refused nested value is named from the keyword the caller wrote (`type_`, not `type`)."""
    server.route("POST", "/api_keys", Reply(200, {"id": "ak_1"}))
    with pytest.raises(models.InvalidArgumentError) as info:
        clerk.api_keys.create_api_key(name="n", subject="user_1", type_="api_key", claims={"x": object()})
    assert info.value.parameter == "claims.x"
    assert server.requests == []


@pytest.mark.parametrize("key", ["file_name", "content_type"])
def test_lone_surrogates_in_a_file_part_are_invalid_arguments(clerk, server, key):
    part = {"file_name": "a.png", "content": b"\x89PNG", "content_type": "image/png"}
    part[key] = "x\ud800"
    with pytest.raises(models.InvalidArgumentError) as info:
        clerk.users.set_profile_image(user_id="u", file=part)
    assert info.value.parameter == f"file.{key}" and "surrogate" in str(info.value)
    assert server.requests == []
