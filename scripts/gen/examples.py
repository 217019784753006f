"""Example parameter objects for every operation, from the spec's examples or
built from its schemas, in the parameter convention of docs/DESIGN.md:
path/query parameters by wire name, object-body fields flattened beside them,
any other body under `body`. Only required values are filled in, so that a
contract test can call each operation and pass the mock server's request
validation. Multipart file fields are left out: the caller attaches bytes."""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+ keeps the regex parser here
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse  # type: ignore[no-redef]

MAX_DEPTH = 8

FORMAT_EXAMPLES = {
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "date-time": "2025-01-01T00:00:00Z",
    "date": "2025-01-01",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
}


def from_pattern(pattern: str) -> str:
    """A short string matching a regular expression (first alternatives, minimum repeats, at least once)."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - an exotic pattern just gets no example
        return "x"
    return _gen(parsed)


def _gen(items: Any) -> str:
    out = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "IN":
            out.append(_class_char(av))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, _hi, sub = av
            out.append(_gen(sub) * max(lo, 1))
        elif name == "SUBPATTERN":
            out.append(_gen(av[-1]))
        elif name == "BRANCH":
            out.append(_gen(av[1][0]))
        elif name == "CATEGORY":
            out.append(_category_char(av))
        elif name == "ANY":
            out.append("a")
        # AT (anchors) and the rest add nothing
    return "".join(out)


def _category_char(cat: Any) -> str:
    c = str(cat)
    if "DIGIT" in c and "NOT" not in c:
        return "1"
    if "SPACE" in c and "NOT" not in c:
        return " "
    return "a"


def _class_char(av: list) -> str:
    for op, v in av:
        name = str(op)
        if name == "LITERAL":
            return chr(v)
        if name == "RANGE":
            return chr(v[0])
        if name == "CATEGORY":
            return _category_char(v)
    return "a"


def _fits(value: Any, schema: dict) -> bool:
    """Whether a spec example satisfies the schema's simple constraints."""
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, str):
        if "pattern" in schema:
            try:
                if not re.search(schema["pattern"], value):
                    return False
            except re.error:
                return False
        if len(value) < schema.get("minLength", 0):
            return False
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return False
    t = schema.get("type")
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
    }
    if t in checks and not checks[t](value):
        return False
    return True


def _merge_all_of(spec: Any, schema: dict) -> dict:
    merged: dict = {"type": "object", "properties": {}, "required": []}
    for part in schema["allOf"]:
        part = spec.resolve(part)
        if "allOf" in part:
            part = _merge_all_of(spec, part)
        for k, v in part.items():
            if k == "properties":
                merged["properties"].update(v)
            elif k == "required":
                merged["required"] += v
            elif k != "type":
                merged.setdefault(k, v)
        if part.get("type") and part.get("type") != "object":
            merged["type"] = part["type"]
    for k, v in schema.items():
        if k == "properties":
            merged["properties"].update(v)
        elif k == "required":
            merged["required"] += v
        elif k != "allOf":
            merged[k] = v
    return merged


def value_for(spec: Any, schema: Any, depth: int = 0) -> Any:
    """An example value satisfying `schema` (required parts only)."""
    schema = spec.resolve(schema) if isinstance(schema, dict) else {}
    if depth > MAX_DEPTH:
        return None
    if "allOf" in schema:
        schema = _merge_all_of(spec, schema)
    if "example" in schema and schema["example"] is not None and _fits(schema["example"], schema):
        return schema["example"]
    alts = schema.get("oneOf") or schema.get("anyOf")
    if alts and not all(set(a) <= {"required", "description"} for a in alts):
        return value_for(spec, alts[0], depth + 1)
    if "default" in schema and schema["default"] is not None and _fits(schema["default"], schema):
        return schema["default"]
    enum = [v for v in schema.get("enum", []) if v is not None]
    if enum:
        return enum[0]
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), None)
    if t == "object" or "properties" in schema:
        return object_for(spec, schema, depth)
    if t == "array":
        n = max(1, schema.get("minItems", 1))
        if "maxItems" in schema:
            n = min(n, schema["maxItems"])
        item = value_for(spec, schema.get("items", {}), depth + 1)
        if schema.get("uniqueItems") and n > 1:
            return [item] + [f"{item}{i}" if isinstance(item, str) else item for i in range(1, n)]
        return [item] * n
    if t == "integer":
        return int(schema.get("minimum", 1))
    if t == "number":
        return schema.get("minimum", 1)
    if t == "boolean":
        return True
    if t == "string":
        return string_for(schema)
    return {}


def string_for(schema: dict) -> str:
    fmt = schema.get("format")
    if fmt == "binary":
        return ""
    if "pattern" in schema:
        s = from_pattern(schema["pattern"])
    elif fmt in FORMAT_EXAMPLES:
        s = FORMAT_EXAMPLES[fmt]
    else:
        s = "example"
    lo = schema.get("minLength", 0)
    if len(s) < lo:
        s = s + "x" * (lo - len(s))
    if "maxLength" in schema:
        s = s[: schema["maxLength"]]
    return s


def object_for(spec: Any, schema: dict, depth: int) -> dict:
    props = schema.get("properties", {})
    required = list(schema.get("required", []))
    # anyOf/oneOf of required lists: satisfy the first alternative.
    for k in ("anyOf", "oneOf"):
        alts = schema.get(k)
        if alts and all(set(a) <= {"required", "description"} for a in alts):
            required += [r for r in alts[0].get("required", []) if r not in required]
    out = {}
    for name in required:
        p = spec.resolve(props.get(name, {}))
        if p.get("format") == "binary":
            continue
        out[name] = value_for(spec, p, depth + 1)
    return out


def operation_example(spec: Any, params: list, op: dict) -> dict:
    """The example parameter object of one operation."""
    out: dict = {}
    for p in params:
        if p.get("in") not in ("path", "query") or not p.get("required", p.get("in") == "path"):
            continue
        schema = spec.resolve(p.get("schema", {}))
        ex = p.get("example")
        if ex is None or not _fits(ex, schema):
            ex = value_for(spec, schema)
        if p["in"] == "path" and ex in ("", None):
            ex = "example"
        out[p["name"]] = ex
    rb = op.get("requestBody")
    if not rb:
        return out
    rb = spec.resolve(rb)
    content = rb.get("content") or {}
    ct = next((c for c in ("application/json", "multipart/form-data") if c in content), None)
    if ct is None:
        return out
    media = content[ct]
    schema = spec.resolve(media.get("schema", {}))
    if "allOf" in schema:
        schema = _merge_all_of(spec, schema)
    is_object = schema.get("type") == "object" or "properties" in schema
    if is_object:
        body = object_for(spec, schema, 0)
        if ct == "application/json" and not rb.get("required") and not body:
            return out
        for k, v in body.items():
            out.setdefault(k, v)
    elif rb.get("required") or ct == "application/json":
        out["body"] = value_for(spec, schema)
    return out
