"""What the Kotlin and Swift emitters (kotlin.py, swift.py) read from the IR the same way:
names, aliases resolved, an operation's arguments, union variants, page items, and
writing or checking a folder of generated files (stale files included)."""

from __future__ import annotations

import abc
import argparse
import json
import re
import sys
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[2]
IR_PATH = ROOT / "core" / "src" / "generated" / "ir.json"


# --------------------------------------------------------------------------- names


def camel(name: str) -> str:
    """`user_id` -> `userId`; names already camelCase stay (`adminPortalLinkTokenID`)."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", name) if p]
    if not parts:
        return "_"
    head = parts[0][0].lower() + parts[0][1:]
    return head + "".join(p[0].upper() + p[1:] for p in parts[1:])


def pascal(name: str) -> str:
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", str(name)) if p]
    return "".join(p[0].upper() + p[1:] for p in parts)


def enum_case_words(value: str) -> str:
    """An enum value as PascalCase words: `sign_up` and `signUp` -> `SignUp`, `2fa` -> `V2fa`, `` -> `Empty`."""
    n = pascal(re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", str(value)).lower()) or "Empty"
    return "V" + n if n[0].isdigit() else n


def identifier(name: str, keywords: frozenset, quote: str) -> str:
    """`name` as an identifier: `_` for what no identifier holds, keywords quoted (`` `object` ``)."""
    n = re.sub(r"[^0-9A-Za-z_]", "_", name)
    if not n or n[0].isdigit():
        n = "_" + n
    return f"{quote}{n}{quote}" if n in keywords else n


def doc_comment(text: str, indent: str, one_line: str, start: str, middle: str, end: str) -> str:
    """A KDoc or Swift doc comment (`start`/`end` lines where the style has them); `*/` inside is defused."""
    text = (text or "").strip()
    if not text:
        return ""
    lines = text.replace("*/", "*&#47;").splitlines()
    if len(lines) == 1:
        return f"{indent}{one_line.format(lines[0])}\n"
    body = "".join(f"{indent}{middle}{' ' + ln if ln.strip() else ''}\n" for ln in lines)
    return (f"{indent}{start}\n" if start else "") + body + (f"{indent}{end}\n" if end else "")


# --------------------------------------------------------------------------- types


class IrTypes(abc.ABC):
    """Schemas by name, aliases resolved, and a language's type names and decoder expressions:
    a subclass fills in the spelling (the class attributes and the `*_of` methods)."""

    SCALARS: dict[str, str] = {}        # IR kind -> type name
    INPUT_SCALARS: dict[str, str] = {}  # where a parameter takes a wider type
    FILE = ("", "")                     # (parameter type, response type) of a file field
    ANY = ("", "")                      # (type of a JSON object, type of any JSON)
    # IR kind -> decoder of a scalar (both runtimes' `Decode` spell these alike)
    DECODERS = {"string": "Decode.string", "integer": "Decode.long", "number": "Decode.number", "boolean": "Decode.boolean"}
    ANY_DECODERS = ("", "")             # (decoder of a JSON object, of any JSON)

    def __init__(self, ir: dict):
        self.schemas = {s["name"]: s for s in ir["schemas"]}

    @abc.abstractmethod
    def list_of(self, inner: str) -> str:
        """Spelled by each language's subclass."""

    @abc.abstractmethod
    def map_of(self, inner: str) -> str:
        """Spelled by each language's subclass."""

    # Both runtimes spell these alike (a `Decode` namespace in Support.kt / Support.swift).
    def list_decoder(self, inner: str) -> str:
        return f"Decode.list({inner})"

    def map_decoder(self, inner: str) -> str:
        return f"Decode.map({inner})"

    def nullable_decoder(self, inner: str) -> str:
        return f"Decode.nullable({inner})"

    @abc.abstractmethod
    def ref_decoder(self, ref: str, kind: str) -> str:
        """Spelled by each language's subclass."""

    def ref_name(self, ref: str) -> str:
        """The language's name for a schema (the schema's own name unless it would clash)."""
        return ref

    def type_of(self, t: Optional[dict], *, inp: bool = False) -> str:
        """The language's type for `t`, without the outer optional mark (callers add it)."""
        t = self.resolve(t)
        k = t.get("kind")
        if inp and k in self.INPUT_SCALARS:
            return self.INPUT_SCALARS[k]
        if k in self.SCALARS:
            return self.SCALARS[k]
        if k == "file":
            return self.FILE[0 if inp else 1]
        if k == "any":
            return self.ANY[0 if t.get("format") == "object" else 1]
        if k in ("array", "map"):
            item = self.resolve(t.get("items"))
            inner = self.type_of(item, inp=inp) + ("?" if item.get("nullable") else "")
            return self.list_of(inner) if k == "array" else self.map_of(inner)
        if k == "ref" and self.schema_kind(t) in ("object", "enum", "union"):
            return self.ref_name(t["ref"])
        return self.ANY[1]

    def decoder(self, t: Optional[dict]) -> str:
        """An expression that decodes a JSON value into the non-optional type of `t`."""
        t = self.resolve(t)
        k = t.get("kind")
        if k in self.DECODERS:
            return self.DECODERS[k]
        if k in ("array", "map"):
            item = self.resolve(t.get("items"))
            inner = self.decoder(item)
            if item.get("nullable"):
                inner = self.nullable_decoder(inner)
            return self.list_decoder(inner) if k == "array" else self.map_decoder(inner)
        if k == "ref" and self.schema_kind(t) in ("object", "enum", "union"):
            return self.ref_decoder(self.ref_name(t["ref"]), self.schema_kind(t))
        return self.ANY_DECODERS[0 if k == "any" and t.get("format") == "object" else 1]

    def resolve(self, t: Optional[dict], depth: int = 0) -> dict:
        """Follows aliases (keeping the outer `nullable`)."""
        t = t or {"kind": "any"}
        if t.get("kind") == "ref" and depth < 8:
            s = self.schemas.get(t["ref"])
            if s and s["kind"] == "alias":
                inner = dict(self.resolve(s.get("alias"), depth + 1))
                if t.get("nullable"):
                    inner["nullable"] = True
                return inner
        return t

    def schema_kind(self, t: dict) -> Optional[str]:
        s = self.schemas.get(t.get("ref", ""))
        return s["kind"] if s else None

    def page_item(self, op: dict) -> Optional[dict]:
        """The item type of a list operation's pages (the array, or its envelope's data field)."""
        t = self.resolve(op.get("response", {}).get("type"))
        if t.get("kind") == "ref":
            field = (op.get("pagination") or {}).get("data_field", "data")
            for f in self.schemas.get(t["ref"], {}).get("fields", []):
                if f["name"] == field:
                    t = self.resolve(f.get("type"))
        return self.resolve(t.get("items")) if t.get("kind") == "array" else None


def model_fields(s: dict, types: IrTypes, name_of: Callable[[str], str], reserved: frozenset) -> list[tuple[dict, str, dict, bool]]:
    """(field, unique property name, resolved type, optional?) of an object schema: optional when the
    spec lets it be absent or null."""
    out, used = [], set()
    for f in s.get("fields", []):
        n = name_of(f["name"])
        if n in reserved:
            n += "_"
        while n in used:
            n += "_"
        used.add(n)
        t = types.resolve(f.get("type"))
        out.append((f, n, t, bool(not f.get("required") or f.get("nullable") or t.get("nullable"))))
    return out


def union_doc(s: dict, variants: list[str], unknown: str) -> str:
    disc = s.get("discriminator")
    rule = (f"chosen by its `{disc}` tag" if disc else
            "the most specific variant (most required fields) whose required fields are present and whose one-value enum fields match")
    return ((s.get("description") or f"`{s['name']}`: one of {', '.join(variants)}.") +
            f"\n\nThe variant is {rule}; anything else is `{unknown}`, which keeps the JSON.")


def field_doc(f: dict) -> str:
    """A field's or parameter's description, with the values the spec allows for an inline enum."""
    text = (f.get("description") or "").strip()
    values = [v for v in f.get("enum") or [] if v is not None]
    if len(values) > 1:
        text += ("\n" if text else "") + "One of: " + ", ".join(f"`{v}`" for v in values) + "."
    return text


def union_variants(s: dict, schemas: dict) -> list[str]:
    """The union's variants that are object models (other JSON is read as the union's unknown case)."""
    out = []
    for v in s.get("variants", []):
        t = v.get("type") or {}
        if t.get("kind") == "ref" and schemas.get(t["ref"], {}).get("kind") == "object" and t["ref"] not in out:
            out.append(t["ref"])
    return out


def union_memberships(ir: dict) -> dict[str, list[str]]:
    """Object schema -> the unions it is a variant of."""
    schemas = {s["name"]: s for s in ir["schemas"]}
    out: dict[str, list[str]] = {}
    for s in ir["schemas"]:
        if s["kind"] == "union":
            for v in union_variants(s, schemas):
                out.setdefault(v, []).append(s["name"])
    return out


def union_tags(s: dict, variants: list[str]) -> list[tuple[str, str]]:
    """(tag, variant) of a discriminated union, in spec order."""
    out = []
    for v in s.get("variants", []):
        ref = (v.get("type") or {}).get("ref")
        if ref in variants:
            out += [(str(tag), ref) for tag in v.get("tags", [])]
    return out


def required_keys(s: dict) -> list[str]:
    return [f["name"] for f in s.get("fields", []) if f.get("required") and not f.get("nullable")]


def constants(s: dict) -> list[tuple[str, object]]:
    """Required fields with a one-value enum (`"kty": "RSA"`): what tells untagged variants apart."""
    return [(f["name"], f["enum"][0]) for f in s.get("fields", []) if f.get("required") and len(f.get("enum") or []) == 1]


def most_specific_first(variants: list[str], schemas: dict) -> list[str]:
    """How an untagged union tries its variants: most required fields first (a private key before its public half)."""
    return sorted(variants, key=lambda r: -len(required_keys(schemas[r])))


def literal(v: object, string: Callable[[str], str]) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return string(str(v))


# --------------------------------------------------------------------------- operations


class Arg:
    """One parameter of a generated method: `t` is its resolved IR type, `name` the language's."""

    def __init__(self, wire: str, t: dict, required: bool, mode: str, doc: str = ""):
        self.name, self.wire, self.t, self.required, self.doc = wire, wire, t, required, (doc or "").strip()
        # required | required_nullable | optional | nullable (optional, may be sent as null) | file
        self.mode = mode


def op_args(op: dict, types: IrTypes, name_of: Callable[[str], str], reserved: frozenset) -> list[Arg]:
    """The operation's parameters, required first (spec order within each half), named by `name_of`."""
    args: list[Arg] = []
    for p in op.get("params", []):
        req = bool(p.get("required"))
        args.append(Arg(p["name"], types.resolve(p.get("type")), req, "required" if req else "optional", field_doc(p)))
    body = op.get("body", {})
    if body.get("kind") in ("json_object", "multipart"):
        args += [field_arg(f, types) for f in body.get("fields", [])]
    elif body.get("kind") == "json_value":
        req = bool(body.get("required"))
        args.append(Arg("body", types.resolve(body.get("schema")), req, "required" if req else "optional"))
    return named(args, name_of, reserved)


def field_args(fields: list, types: IrTypes, name_of: Callable[[str], str], reserved: frozenset) -> list[Arg]:
    """An input model's fields as the parameters of the function that builds one."""
    return named([field_arg(f, types) for f in fields], name_of, reserved)


def field_arg(f: dict, types: IrTypes) -> Arg:
    t = types.resolve(f.get("type"))
    req = bool(f.get("required"))
    null = bool(f.get("nullable") or t.get("nullable"))
    if t.get("kind") == "file":
        mode = "file"
    elif req:
        mode = "required_nullable" if null else "required"
    else:
        mode = "nullable" if null else "optional"
    return Arg(f["name"], t, req, mode, field_doc(f))


def named(args: list[Arg], name_of: Callable[[str], str], reserved: frozenset) -> list[Arg]:
    used: set = set()
    for a in args:
        n = name_of(camel(a.wire))
        while n in used or n.strip("`") in reserved:
            n = n.strip("`") + "_"
        used.add(n)
        a.name = n
    return sorted(args, key=lambda a: not a.required)


def reachable(types: IrTypes, roots: list[Optional[dict]]) -> set[str]:
    """Schemas the types in `roots` use, directly or nested."""
    out: set[str] = set()
    todo = list(roots)
    while todo:
        t = todo.pop() or {}
        if t.get("kind") in ("array", "map"):
            todo.append(t.get("items"))
        elif t.get("kind") == "ref" and t["ref"] not in out and t["ref"] in types.schemas:
            out.add(t["ref"])
            s = types.schemas[t["ref"]]
            todo += [f.get("type") for f in s.get("fields", [])] + [v.get("type") for v in s.get("variants", [])] + [s.get("alias")]
    return out


def webhook_models(hooks: dict, types: IrTypes) -> list[dict]:
    """The webhook spec's schemas its envelope and event payloads use (the envelope itself left out:
    its fields are the event's own)."""
    roots = [{"kind": "ref", "ref": hooks["envelope"]}] + [e["data"] for e in hooks["events"]]
    used = reachable(types, roots) - {hooks["envelope"]}
    return [s for s in hooks["schemas"] if s["name"] in used]


def input_models(ir: dict, types: IrTypes) -> set[str]:
    """Object schemas a caller sends (in parameters or bodies, directly or nested): they get a builder."""
    out: set[str] = set()
    todo: list[Optional[dict]] = []
    for op in ir["operations"]:
        todo += [p.get("type") for p in op.get("params", [])]
        body = op.get("body", {})
        todo += [f.get("type") for f in body.get("fields", [])] + [body.get("schema") if body.get("kind") == "json_value" else None]
    while todo:
        t = types.resolve(todo.pop())
        if t.get("kind") in ("array", "map"):
            todo.append(t.get("items"))
        elif t.get("kind") == "ref" and t["ref"] not in out:
            s = types.schemas.get(t["ref"], {})
            if s.get("kind") == "object":
                out.add(t["ref"])
                todo += [f.get("type") for f in s.get("fields", [])]
            elif s.get("kind") == "union":
                todo += [v.get("type") for v in s.get("variants", [])]
    return out


def groups_of(ir: dict) -> dict[str, list[dict]]:
    """Operations by `js_group`, each group's by `js_method`."""
    groups: dict[str, list[dict]] = {}
    for op in ir["operations"]:
        groups.setdefault(op["js_group"], []).append(op)
    return {g: sorted(ops, key=lambda o: o["js_method"]) for g, ops in sorted(groups.items())}


def method_doc(op: dict, args: list[Arg], null_hint: str, param_doc: Callable[[Arg], list[str]]) -> str:
    """Summary, description, the HTTP route, which parameters take explicit nulls, and each parameter's doc."""
    lines = [op.get("summary") or op["name"], ""]
    desc = (op.get("description") or "").strip()
    if desc and desc != op.get("summary"):
        lines += [desc, ""]
    lines.append(f"`{op['http_method']} {op['path']}` (operation `{op['name']}`).")
    nulls = [a.name.strip("`") for a in args if a.mode == "nullable"]
    if nulls:
        lines.append(f"{null_hint}: {', '.join(nulls)}.")
    documented = [a for a in args if a.doc]
    if documented:
        lines.append("")
        for a in documented:
            lines += param_doc(a)
    return "\n".join(lines)


# --------------------------------------------------------------------------- output


def stale_files(out: Path, files: dict[Path, str]) -> list[Path]:
    """Files under the output folder the generator no longer writes."""
    if not out.is_dir():
        return []
    return sorted(p for p in out.rglob("*") if p.is_file() and p not in files)


def run(doc: str, label: str, out: Callable[[], list[Path]], render: Callable[[dict], dict[Path, str]], argv: Optional[list] = None) -> int:
    """The emitter's command line: write the files (deleting stale ones) or, with --check, list what differs."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if re-generating would change committed output")
    ap.add_argument("--ir", default=str(IR_PATH), help="path of ir.json")
    args = ap.parse_args(argv)
    files = render(json.loads(Path(args.ir).read_text(encoding="utf-8")))
    changed = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    stale = [p for d in out() for p in stale_files(d, files)]
    if args.check:
        if changed or stale:
            print(f"generated {label} surface is out of date; run python3 scripts/generate.py:", file=sys.stderr)
            for p in changed + stale:
                print(f"  {p.relative_to(ROOT)}", file=sys.stderr)
            return 1
        print(f"generated {label} surface is up to date ({len(files)} files)")
        return 0
    for p in changed:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(files[p], encoding="utf-8")
    for p in stale:
        p.unlink()
    print(f"wrote {len(changed)} of {len(files)} {label} files, removed {len(stale)}")
    return 0
