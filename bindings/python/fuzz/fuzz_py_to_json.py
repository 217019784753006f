"""Fuzz target: Python values → JSON (the binding's `py_to_value`, issue 8).

Run against the installed wheel (not in CI; see README.md here):

    python fuzz_py_to_json.py -max_total_time=600

Builds arbitrary Python values from the fuzzer's bytes — nested dicts, lists,
tuples, sets, strings with lone surrogates, huge ints, NaN, bytes, enums,
datetimes, models, objects that are not JSON data, values nested hundreds deep
and values that contain themselves — and checks that the converter
* never crashes, hangs or raises anything but its invalid-argument error,
* only produces JSON that both `json.loads` and the core's own decoder
  (`_native.json_loads`) read back to the same value,
* accepts every plain value `json.dumps(..., allow_nan=False)` accepts (when
  it is within the depth limit and 64-bit ints) and sends it unchanged.
"""

from __future__ import annotations

import datetime
import enum
import json
import sys

import atheris

with atheris.instrument_imports():
    from clerk_backend import _native, models

LIMIT = _native.JSON_MAX_DEPTH


class Color(enum.Enum):
    RED = "red"
    ONE = 1


class NotData:
    pass


def build(fdp: atheris.FuzzedDataProvider, depth: int, ancestors: list, budget: list):
    """A value, and whether it is plain JSON data a reference encoder must accept."""
    budget[0] -= 1
    kind = fdp.ConsumeIntInRange(0, 15) if budget[0] > 0 else fdp.ConsumeIntInRange(0, 5)
    if kind == 0:
        return None, True
    if kind == 1:
        return fdp.ConsumeBool(), True
    if kind == 2:
        return fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 12)), None  # may exceed 64 bits
    if kind == 3:
        return fdp.ConsumeFloat(), None  # may be NaN / inf
    if kind == 4:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 16)), None  # may hold surrogates
    if kind == 5:
        return fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 8)), False
    if kind in (6, 7, 8, 9):  # containers
        if fdp.ConsumeIntInRange(0, 20) == 0 and ancestors:
            return ancestors[fdp.ConsumeIntInRange(0, len(ancestors) - 1)], False  # a cycle
        n = fdp.ConsumeIntInRange(0, 4)
        container: object = {} if kind == 6 else []
        ancestors.append(container)
        plain = True
        items = []
        for _ in range(n):
            v, p = build(fdp, depth + 1, ancestors, budget)
            items.append(v)
            plain = plain and p is not False
        ancestors.pop()
        if kind == 6:
            for i, v in enumerate(items):
                key = fdp.ConsumeUnicode(4) if fdp.ConsumeBool() else i
                container[key] = v  # type: ignore[index]
            return container, plain
        container.extend(items)  # type: ignore[attr-defined]
        if kind == 8:
            return tuple(container), plain  # type: ignore[arg-type]
        if kind == 9:
            try:
                return set(container), False  # type: ignore[arg-type]
            except TypeError:  # unhashable items
                return container, plain
        return container, plain
    if kind == 10:  # deep nesting, around the limit or far past it
        levels = fdp.ConsumeIntInRange(LIMIT - 3, LIMIT + 3) if fdp.ConsumeBool() else fdp.ConsumeIntInRange(0, 3000)
        v: object = fdp.ConsumeInt(2)
        for _ in range(levels):
            v = [v] if fdp.ConsumeBool() else {"a": v}
        return v, True
    if kind == 11:
        return Color.RED if fdp.ConsumeBool() else Color.ONE, False
    if kind == 12:
        return datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=fdp.ConsumeIntInRange(0, 10**9)), False
    if kind == 13:
        inner, _ = build(fdp, depth + 1, ancestors, budget)
        return models.User({"id": "u", "nested": inner}), False
    if kind == 14:
        return NotData(), False
    return frozenset([fdp.ConsumeIntInRange(0, 5)]), False


def depth_of(v, d=0) -> int:
    if isinstance(v, dict):
        return max([depth_of(x, d + 1) for x in v.values()] or [d + 1])
    if isinstance(v, (list, tuple)):
        return max([depth_of(x, d + 1) for x in v] or [d + 1])
    return d


def reference(v):
    """What the converter must send for a plain value, or None if it may refuse it."""
    try:
        text = json.dumps(v, allow_nan=False, ensure_ascii=True)
    except (ValueError, TypeError, RecursionError):
        return None
    try:
        text.encode("utf-8")
        json.dumps(v, ensure_ascii=False).encode("utf-8")  # a lone surrogate fails here
    except UnicodeEncodeError:
        return None
    if depth_of(v) > LIMIT or _has_big_int(v) or _has_non_str_keys(v):
        return None
    return json.loads(text)


def _has_big_int(v) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return not (-(2**63) <= v < 2**64)
    if isinstance(v, dict):
        return any(_has_big_int(x) for x in v.values())
    if isinstance(v, (list, tuple)):
        return any(_has_big_int(x) for x in v)
    return False


def _has_non_str_keys(v) -> bool:
    if isinstance(v, dict):
        return any(not isinstance(k, str) for k in v) or any(_has_non_str_keys(x) for x in v.values())
    if isinstance(v, (list, tuple)):
        return any(_has_non_str_keys(x) for x in v)
    return False


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    value, plain = build(fdp, 0, [], [200])
    try:
        out = _native.py_to_json(value)
    except _native.NativeError as e:
        if e.args[0] != "invalid_argument":
            raise
        if plain:
            want = reference(value)
            if want is not None:
                raise AssertionError(f"refused a plain JSON value: {e.args[1]}") from None
        return
    parsed = json.loads(out)
    if _native.json_loads(out.encode("utf-8")) != parsed:
        raise AssertionError("the core's decoder reads the output differently from json.loads")
    if plain:
        want = reference(value)
        if want is not None and parsed != want:
            raise AssertionError(f"sent {out[:200]!r}, expected {json.dumps(want)[:200]!r}")


def main() -> None:
    sys.setrecursionlimit(20000)  # the reference checks recurse over values up to 3000 deep
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
