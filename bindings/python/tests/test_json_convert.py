"""The native response converter gives what `json.loads` gives, on small
bodies and on large ones (where keys and short values are shared)."""

from __future__ import annotations

import json
import random

import pytest

from clerk_backend import _native


def _doc(rng: random.Random, n: int) -> list:
    """n user-like objects: repeated keys and short values, unique ids, and
    strings that share length, first and last 8 bytes but differ inside."""
    items = []
    for i in range(n):
        mid = rng.choice("abcdefgh")
        items.append({
            "id": f"user_{i:08d}", "object": "user", "status": rng.choice(["verified", "unverified", "expired"]),
            f"key_{i % 7}": i, "same_edges_long": f"prefix__{mid * (i % 5 + 1)}__suffix", f"prefix__{mid}{mid}__suffix": mid,
            "short": f"{mid}{i % 3}", "unicode": "Zoë ☃ 𝄞" * (i % 2), "escaped": 'a"b\\c\n\u0000', "empty": "",
            "n": [None, True, False, 0, -1, 2**62, 2**64 - 1, -(2**63), 1.5, -0.0, 1e300],
            "nested": {"list": [{"k": "v"}, []], "obj": {}},
        })
    return items


@pytest.mark.parametrize("n", [1, 3, 40, 400])  # from under to well over the large-body threshold
def test_same_as_json_loads(n):
    body = json.dumps(_doc(random.Random(n), n)).encode()
    assert _native.json_loads(body) == json.loads(body)


def test_large_body_strings_are_correct_not_just_equal_length():
    """Strings with the same signature (length, first and last 8 bytes) must not be confused."""
    values = [f"abcdefgh{c}{c}ijklmnop" for c in "qrstuvwxyz"]  # 18 bytes: longer than the signature covers
    shorts = [f"abcdefgh{c}jklmnop" for c in "qrstuvwxyz"]  # 16 bytes: covered exactly
    keys = {v: i for i, v in enumerate(values + shorts)}
    body = json.dumps([{"v": v, "s": s, **keys} for v, s in zip(values * 50, shorts * 50)]).encode()
    assert len(body) > 64 * 1024
    assert _native.json_loads(body) == json.loads(body)


def test_big_integers_and_floats_keep_their_type():
    out = _native.json_loads(b'[18446744073709551615, -9223372036854775808, 1.0, 10]')
    assert out == [2**64 - 1, -(2**63), 1.0, 10]
    assert [type(x) for x in out] == [int, int, float, int]


def test_invalid_json_raises_value_error():
    for bad in (b"", b"{", b'{"a": 1} x', b"\xff"):
        with pytest.raises(ValueError):
            _native.json_loads(bad)


def test_gc_state_is_restored():
    import gc

    body = json.dumps(_doc(random.Random(1), 400)).encode()
    assert gc.isenabled()
    _native.json_loads(body)
    assert gc.isenabled()
    gc.disable()
    try:
        _native.json_loads(body)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_floats_decode_exactly_as_json_loads_does():
    """serde_json's default float parser can be 1 ULP off; the response decoder must not be
    (3.898125604559999e+289 came out as 3.8981256045599988e+289: found by the fuzz target)."""
    rng = random.Random(7)
    values = [3.898125604559999e+289, 0.1, 1e-300, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308]
    values += [rng.uniform(-1, 1) * 10 ** rng.randint(-300, 300) for _ in range(2000)]
    body = json.dumps(values).encode()
    assert _native.json_loads(body) == json.loads(body)
