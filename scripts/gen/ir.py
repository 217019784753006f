"""Intermediate description of the Backend API, built from the OpenAPI spec.

The IR is plain data (dataclasses serialised to JSON): operations with their
parameters, bodies and responses, and every schema normalised into one of
four kinds (object, enum, union, alias). Emitters for Rust, Python stubs and
TypeScript declarations read it; nothing here knows about any target language
except the Python keyword names the official SDK uses.
"""

from __future__ import annotations

import builtins
import json
import keyword
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from . import examples

SPEC_FILE = "bapi-2026-05-12.yml"
LEGACY_SPEC_FILE = "bapi-2024-10-01.yml"
# Operations only the legacy spec still describes (operation ids).
LEGACY_OPERATIONS = ("VerifySession",)
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Above this many path + query parameters the official SDK takes one request object.
REQUEST_STYLE_PARAM_LIMIT = 20


# --------------------------------------------------------------------------- data model


@dataclass
class TypeRef:
    """A type expression: a primitive, a container, or a named schema."""

    kind: str  # string | integer | number | boolean | any | file | array | map | ref
    format: Optional[str] = None  # the spec's format; "object" on an `any` marks a free-form object
    items: Optional["TypeRef"] = None  # array items, map values
    ref: Optional[str] = None  # schema name
    nullable: bool = False


@dataclass
class Field:
    name: str  # wire name
    type: TypeRef
    required: bool
    nullable: bool
    description: str = ""
    deprecated: bool = False
    enum: list = field(default_factory=list)  # literal values (also single-value "object" tags)
    read_only: bool = False


@dataclass
class Variant:
    name: str  # variant label (the schema's type name)
    type: TypeRef
    tags: list = field(default_factory=list)  # discriminator values selecting this variant


@dataclass
class Schema:
    name: str  # unique PascalCase type name
    kind: str  # object | enum | union | alias
    source: str  # "#/components/schemas/X" or the inline location it was first found at
    description: str = ""
    fields: list = field(default_factory=list)  # object
    additional: Optional[TypeRef] = None  # object: typed additionalProperties
    closed: bool = False  # object: additionalProperties false in the spec
    values: list = field(default_factory=list)  # enum
    variants: list = field(default_factory=list)  # union
    discriminator: Optional[str] = None  # union: property name
    alias: Optional[TypeRef] = None  # alias


@dataclass
class Param:
    name: str  # wire name
    python_name: str
    location: str  # path | query
    required: bool
    type: TypeRef
    enum: list = field(default_factory=list)
    example: Any = None
    description: str = ""
    deprecated: bool = False
    explode: bool = True  # query arrays: repeated keys (true) or comma-joined (false)
    minimum: Optional[float] = None  # the spec's inclusive bounds of a numeric parameter
    maximum: Optional[float] = None


@dataclass
class Body:
    kind: str  # none | json_object | json_value | multipart
    required: bool = False
    schema: Optional[TypeRef] = None  # the whole body's type (a ref when the spec names it)
    fields: list = field(default_factory=list)  # json_object / multipart: Field list
    content_type: Optional[str] = None


@dataclass
class Response:
    status: int
    kind: str  # json | empty | text
    type: Optional[TypeRef] = None


@dataclass
class PythonSignature:
    style: str  # request | kwargs | none
    kwargs: list = field(default_factory=list)  # python argument names
    request_keys: Optional[list] = None
    source: str = "rules"  # seed | rules


@dataclass
class Operation:
    name: str  # dotted: group.method
    group: str
    method: str
    operation_id: str
    http_method: str  # GET ...
    path: str
    summary: str
    description: str
    deprecated: bool
    tags: list
    spec: str  # spec file the operation comes from
    params: list
    body: Body
    response: Response
    errors: list
    pagination: Optional[dict]
    python: PythonSignature
    example: dict
    name_source: str  # speakeasy | seed | tag
    security: str = "secret_key"  # secret_key | optional_secret_key | none (see operation_security)
    js_group: str = ""  # camelCase names for JS/Kotlin/Swift (the spec's own when it has them)
    js_method: str = ""


@dataclass
class WebhookEvent:
    type: str  # "user.created"
    name: str  # PascalCase label: UserCreated
    description: str
    data: TypeRef
    examples: list  # full event payloads from the spec


@dataclass
class Webhooks:
    spec: str
    envelope: str  # schema of the fields every event carries
    events: list
    schemas: list  # this spec's own schemas (names may repeat the API's; emitted apart)


@dataclass
class IR:
    api_version: str
    spec_files: list
    operations: list
    schemas: list
    collisions: list
    notes: list
    webhooks: Optional[Webhooks] = None


# --------------------------------------------------------------------------- naming


_CAMEL_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")


def snake(name: str) -> str:
    """camelCase / PascalCase / kebab to snake_case the way the official SDK does it
    (`getOAuthAccessToken` -> `get_o_auth_access_token`, `emailSMSTemplates` ->
    `email_sms_templates`)."""
    s = re.sub(r"[^A-Za-z0-9]+", "_", name)
    s = _CAMEL_1.sub(r"\1_\2", s)
    s = _CAMEL_2.sub(r"\1_\2", s)
    return re.sub(r"_+", "_", s).strip("_").lower()


def camel(name: str) -> str:
    """snake_case or already camelCase -> camelCase (`get_o_auth_access_token` -> `getOAuthAccessToken`)."""
    if "_" not in name:
        return name[:1].lower() + name[1:]
    first, *rest = name.split("_")
    return first.lower() + "".join(p[:1].upper() + p[1:] for p in rest)


def pascal(name: str) -> str:
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", name) if p]
    out = "".join(p[0].upper() + p[1:] for p in parts)
    if not out or out[0].isdigit():
        out = "T" + out
    return out


# Builtins the official SDK does not rename (it has `id`, but `type_` and `format_`).
PYTHON_UNESCAPED_BUILTINS = {"id"}


def python_name(wire: str) -> str:
    n = snake(wire)
    if keyword.iskeyword(n) or (n in dir(builtins) and n not in PYTHON_UNESCAPED_BUILTINS):
        n += "_"
    return n


# --------------------------------------------------------------------------- spec access


class Spec:
    def __init__(self, path: Path):
        self.path = path
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.load(f, Loader=loader)

    def resolve(self, obj: Any) -> Any:
        seen = 0
        while isinstance(obj, dict) and "$ref" in obj:
            obj = self.lookup(obj["$ref"])
            seen += 1
            if seen > 32:
                raise ValueError("reference cycle")
        return obj

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise ValueError(f"external reference not supported: {ref}")
        node = self.doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node


SCHEMA_PREFIX = "#/components/schemas/"


# --------------------------------------------------------------------------- schema normalisation


class SchemaTable:
    """Normalises spec schemas into named IR schemas, deduplicating inline ones."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.schemas: dict[str, Schema] = {}
        self.component_names: dict[str, str] = {}  # spec component name -> IR name
        self.inline_index: dict[str, str] = {}  # structural key -> IR name
        self.taken: set[str] = set()
        for comp in spec.doc.get("components", {}).get("schemas", {}):
            self.component_names[comp] = self._claim(pascal(comp))

    def _claim(self, base: str) -> str:
        name, n = base, 2
        while name in self.taken:
            name = f"{base}{n}"
            n += 1
        self.taken.add(name)
        return name

    def build_components(self) -> None:
        for comp, raw in self.spec.doc.get("components", {}).get("schemas", {}).items():
            self.component(comp, raw)

    def component(self, comp: str, raw: Any = None) -> str:
        name = self.component_names[comp]
        if name in self.schemas:
            return name
        if raw is None:
            raw = self.spec.doc["components"]["schemas"][comp]
        # Placeholder first: components may refer to themselves.
        self.schemas[name] = Schema(name=name, kind="alias", source=SCHEMA_PREFIX + comp, alias=TypeRef("any"))
        t = self.norm(raw, name, own_name=name)
        if not (t.kind == "ref" and t.ref == name):
            self.schemas[name] = Schema(
                name=name, kind="alias", source=SCHEMA_PREFIX + comp, description=raw.get("description", "") if isinstance(raw, dict) else "", alias=t
            )
        return name

    # -- helpers

    def _register_inline(self, schema: Schema, key: str, own_name: Optional[str]) -> str:
        if own_name is not None:
            schema.name = own_name
            self.schemas[own_name] = schema
            return own_name
        if key in self.inline_index:
            return self.inline_index[key]
        schema.name = self._claim(schema.name)
        self.inline_index[key] = schema.name
        self.schemas[schema.name] = schema
        return schema.name

    @staticmethod
    def _key(schema: Schema) -> str:
        d = asdict(schema)
        d.pop("name")
        d.pop("source")
        d.pop("description")
        for f in d.get("fields", []):
            f.pop("description", None)
        return json.dumps(d, sort_keys=True)

    def _merge_all_of(self, raw: dict) -> dict:
        """allOf of several object schemas -> one object schema."""
        merged: dict = {"type": "object", "properties": {}, "required": []}
        for part in raw["allOf"]:
            part = self.spec.resolve(part)
            if "allOf" in part:
                part = self._merge_all_of(part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += [r for r in part.get("required", []) if r not in merged["required"]]
            if part.get("additionalProperties") is False:
                merged["additionalProperties"] = False
        merged["properties"].update(raw.get("properties", {}))
        merged["required"] += [r for r in raw.get("required", []) if r not in merged["required"]]
        for k in ("description", "nullable"):
            if k in raw:
                merged[k] = raw[k]
        return merged

    # -- the normaliser

    def norm(self, raw: Any, ctx: str, own_name: Optional[str] = None) -> TypeRef:
        """Type of `raw`; object/enum/union schemas become named schemas
        (`own_name` for a component, else derived from `ctx` and deduplicated)."""
        if raw is None or raw is True or raw == {}:
            return TypeRef("any")
        if not isinstance(raw, dict):
            return TypeRef("any")
        nullable = bool(raw.get("nullable", False))
        if "$ref" in raw:
            ref = raw["$ref"]
            if not ref.startswith(SCHEMA_PREFIX):
                return self.norm(self.spec.lookup(ref), ctx, own_name)
            name = self.component(ref[len(SCHEMA_PREFIX):])
            # A component may itself be `nullable: true`: every use of it is then nullable.
            target = self.spec.resolve(raw)
            nullable = nullable or (isinstance(target, dict) and bool(target.get("nullable", False)))
            return TypeRef("ref", ref=name, nullable=nullable)

        # anyOf/oneOf whose alternatives only list required keys: an object constraint.
        for k in ("anyOf", "oneOf"):
            if k in raw and all(set(alt) <= {"required", "description"} for alt in raw[k]):
                raw = {kk: vv for kk, vv in raw.items() if kk != k}

        if "allOf" in raw:
            parts = raw["allOf"]
            if len(parts) == 1 and not raw.get("properties"):
                t = self.norm(parts[0], ctx, own_name)
                t.nullable = t.nullable or nullable
                return t
            return self.norm(self._merge_all_of(raw), ctx, own_name)

        for k in ("oneOf", "anyOf"):
            if k in raw:
                alts = raw[k]
                if len(alts) == 1:
                    t = self.norm(alts[0], ctx, own_name)
                    t.nullable = t.nullable or nullable
                    return t
                return self._union(raw, alts, ctx, own_name, nullable)

        typ = raw.get("type")
        if isinstance(typ, list):  # OpenAPI 3.1 style, e.g. [string, "null"]
            nullable = nullable or "null" in typ
            typ = next((t for t in typ if t != "null"), None)

        if "enum" in raw and typ in (None, "string"):
            values = [v for v in raw["enum"] if v is not None]
            nullable = nullable or None in raw["enum"]
            if len(values) <= 1:
                # Single-value enums are literal tags ("object": "user"): a plain string.
                return TypeRef("string", format=raw.get("format"), nullable=nullable)
            schema = Schema(name=ctx, kind="enum", source=ctx, description=raw.get("description", ""), values=[str(v) for v in values])
            return TypeRef("ref", ref=self._register_inline(schema, "enum:" + json.dumps(schema.values), own_name), nullable=nullable)

        if typ == "array":
            items = self.norm(raw.get("items", {}), ctx + "Item")
            return self._named_alias(TypeRef("array", items=items, nullable=nullable), own_name, raw)
        if typ == "object" or "properties" in raw or (typ is None and "additionalProperties" in raw):
            props = raw.get("properties") or {}
            addl = raw.get("additionalProperties")
            if not props:
                if isinstance(addl, dict) and addl:
                    vals = self.norm(addl, ctx + "Value")
                    return self._named_alias(TypeRef("map", items=vals, nullable=nullable), own_name, raw)
                # Free-form (metadata): any JSON in the models, but requests must send an object.
                return self._named_alias(TypeRef("any", format="object", nullable=nullable), own_name, raw)
            return TypeRef("ref", ref=self._object(raw, ctx, own_name), nullable=nullable)
        if typ in ("string", "integer", "number", "boolean"):
            if typ == "string" and raw.get("format") == "binary":
                return TypeRef("file", nullable=nullable)
            return self._named_alias(TypeRef(typ, format=raw.get("format"), nullable=nullable), own_name, raw)
        return self._named_alias(TypeRef("any", nullable=nullable), own_name, raw)

    def _named_alias(self, t: TypeRef, own_name: Optional[str], raw: dict) -> TypeRef:
        if own_name is None:
            return t
        self.schemas[own_name] = Schema(
            name=own_name, kind="alias", source=self.schemas[own_name].source, description=raw.get("description", ""), alias=t
        )
        return TypeRef("ref", ref=own_name, nullable=t.nullable)

    def _object(self, raw: dict, ctx: str, own_name: Optional[str]) -> str:
        required = set(raw.get("required", []))
        fields = []
        for pname, praw in raw.get("properties", {}).items():
            presolved = self.spec.resolve(praw) if isinstance(praw, dict) else {}
            t = self.norm(praw, (own_name or ctx) + pascal(pname))
            enum = []
            if isinstance(presolved, dict) and "enum" in presolved:
                enum = [v for v in presolved["enum"] if v is not None]
            fields.append(
                Field(
                    name=pname,
                    type=t,
                    required=pname in required,
                    nullable=t.nullable,
                    description=(praw.get("description", "") if isinstance(praw, dict) else "") or presolved.get("description", ""),
                    deprecated=bool(praw.get("deprecated", False)) if isinstance(praw, dict) else False,
                    enum=enum,
                    read_only=bool(presolved.get("readOnly", False)),
                )
            )
        addl = raw.get("additionalProperties")
        additional = self.norm(addl, (own_name or ctx) + "Value") if isinstance(addl, dict) and addl else None
        schema = Schema(
            name=own_name or ctx,
            kind="object",
            source=ctx,
            description=raw.get("description", ""),
            fields=fields,
            additional=additional,
            closed=addl is False,
        )
        return self._register_inline(schema, self._key(schema), own_name)

    def _union(self, raw: dict, alts: list, ctx: str, own_name: Optional[str], nullable: bool) -> TypeRef:
        disc = raw.get("discriminator") or {}
        prop = disc.get("propertyName")
        mapping = disc.get("mapping") or {}
        variants = []
        used: set[str] = set()
        for i, alt in enumerate(alts):
            t = self.norm(alt, f"{own_name or ctx}Variant{i + 1}")
            label = t.ref if t.kind == "ref" else t.kind
            base, n = pascal(label), 2
            label = base
            while label in used:
                label = f"{base}{n}"
                n += 1
            used.add(label)
            tags = []
            if prop:
                tags = [v for v, target in mapping.items() if isinstance(alt, dict) and alt.get("$ref") == target]
                if not tags:
                    tags = self._tag_values(alt, prop)
            variants.append(Variant(name=label, type=t, tags=tags))
        schema = Schema(
            name=own_name or ctx,
            kind="union",
            source=ctx,
            description=raw.get("description", ""),
            variants=variants,
            discriminator=prop,
        )
        return TypeRef("ref", ref=self._register_inline(schema, self._key(schema), own_name), nullable=nullable)

    def _tag_values(self, alt: Any, prop: str) -> list:
        """Discriminator values of a variant: its property's enum, else its component name."""
        resolved = self.spec.resolve(alt)
        if "allOf" in resolved:
            resolved = self._merge_all_of(resolved)
        p = self.spec.resolve(resolved.get("properties", {}).get(prop, {}))
        if isinstance(p, dict) and p.get("enum"):
            return [str(v) for v in p["enum"] if v is not None]
        if isinstance(alt, dict) and "$ref" in alt:
            return [alt["$ref"].rsplit("/", 1)[-1]]
        return []


# --------------------------------------------------------------------------- operations


def _content(obj: dict) -> tuple[Optional[str], Any]:
    content = obj.get("content") or {}
    for ct in ("application/json", "multipart/form-data"):
        if ct in content:
            return ct, content[ct]
    for ct, c in content.items():
        return ct, c
    return None, None


def operation_security(spec: Spec, op: dict) -> str:
    """What the operation needs from the client's secret key, from its own `security`
    or the spec's global default: OpenAPI lists alternatives, `{}` being "no auth".
    `secret_key` when every alternative needs the bearer key, `none` when none does
    (`security: []`), `optional_secret_key` when `{}` is one alternative among others.
    Any scheme other than an HTTP bearer one is refused: the core could not honour it."""
    reqs = op.get("security", spec.doc.get("security"))
    if reqs is None:
        return "none"
    if not isinstance(reqs, list):
        raise ValueError(f"{op.get('operationId')}: `security` must be a list, got {reqs!r}")
    schemes = (spec.doc.get("components") or {}).get("securitySchemes") or {}
    anonymous = needs_key = False
    for req in reqs:
        if not req:
            anonymous = True
            continue
        for name in req:
            scheme = spec.resolve(schemes.get(name) or {})
            if (scheme.get("type"), str(scheme.get("scheme", "")).lower()) != ("http", "bearer"):
                raise ValueError(f"{op.get('operationId')}: unsupported security scheme `{name}` ({scheme or 'undefined'})")
        needs_key = True
    if not needs_key:
        return "none"
    return "optional_secret_key" if anonymous else "secret_key"


class Builder:
    def __init__(self, openapi_dir: Path, seed_dir: Path):
        self.spec = Spec(openapi_dir / SPEC_FILE)
        self.legacy = Spec(openapi_dir / LEGACY_SPEC_FILE)
        self.table = SchemaTable(self.spec)
        self.seed = {}
        sig_path = seed_dir / "python-signatures.json"
        if sig_path.exists():
            with open(sig_path, encoding="utf-8") as f:
                self.seed = {s["operation_id"]: s for s in json.load(f)}
        self.notes: list[str] = []

    def build(self) -> IR:
        self.table.build_components()
        ops = []
        for spec, file in ((self.spec, SPEC_FILE), (self.legacy, LEGACY_SPEC_FILE)):
            for path, item in spec.doc["paths"].items():
                for m in HTTP_METHODS:
                    op = item.get(m)
                    if op is None:
                        continue
                    if spec is self.legacy and op.get("operationId") not in LEGACY_OPERATIONS:
                        continue
                    ops.append(self.operation(spec, file, path, m, op, item.get("parameters", [])))
        names = [o.name for o in ops]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate operation names: {dupes}")
        ops.sort(key=lambda o: o.name)
        collisions = []
        for o in ops:
            pnames = {p.name for p in o.params}
            for f in o.body.fields:
                if f.name in pnames:
                    collisions.append({"operation": o.name, "field": f.name})
        schemas = sorted(self.table.schemas.values(), key=lambda s: s.name)
        return IR(
            api_version=self.spec.doc["info"].get("version", ""),
            spec_files=[SPEC_FILE, LEGACY_SPEC_FILE],
            operations=ops,
            schemas=schemas,
            collisions=collisions,
            notes=self.notes,
        )

    def _names(self, op: dict) -> tuple[str, str, str]:
        oid = op["operationId"]
        if op.get("x-speakeasy-group") and op.get("x-speakeasy-name-override"):
            return snake(op["x-speakeasy-group"]), snake(op["x-speakeasy-name-override"]), "speakeasy"
        if oid in self.seed:
            return self.seed[oid]["group"], self.seed[oid]["name"], "seed"
        tag = (op.get("tags") or ["misc"])[0]
        return snake(tag), snake(oid), "tag"

    def operation(self, spec: Spec, file: str, path: str, method: str, op: dict, shared_params: list) -> Operation:
        oid = op["operationId"]
        group, mname, name_source = self._names(op)
        seed = self.seed.get(oid)
        if seed and (seed["group"], seed["name"]) != (group, mname):
            self.notes.append(f"{oid}: spec names {group}.{mname}, the official SDK {seed['group']}.{seed['name']}")
        ctx = pascal(oid)
        # Schemas of the legacy spec are looked up by component name in the current one.
        table = self.table
        params = []
        raw_params = [spec.resolve(p) for p in list(shared_params) + list(op.get("parameters", []))]
        for p in raw_params:
            if p.get("in") not in ("path", "query"):
                self.notes.append(f"{oid}: {p.get('in')} parameter {p.get('name')} ignored")
                continue
            schema = spec.resolve(p.get("schema", {}))
            t = table.norm(p.get("schema", {}), ctx + pascal(p["name"]))
            enum = schema.get("enum") or (spec.resolve(schema.get("items", {})).get("enum") if schema.get("type") == "array" else None) or []
            params.append(
                Param(
                    name=p["name"],
                    python_name=python_name(p["name"]),
                    location=p["in"],
                    required=bool(p.get("required", p["in"] == "path")),
                    type=t,
                    enum=[v for v in enum if v is not None],
                    example=p.get("example", schema.get("example")),
                    description=p.get("description", ""),
                    deprecated=bool(p.get("deprecated", False)),
                    explode=p.get("explode", True) if p["in"] == "query" else True,
                    minimum=_bound(schema.get("minimum")),
                    maximum=_bound(schema.get("maximum")),
                )
            )
        # Wire names with one snake_case form (`frontendApi`, `frontend_api`) are all
        # renamed the way the official SDK does it: `_query_parameter`, `_query_parameter1`, ...
        counts: dict[str, int] = {}
        for p in params:
            counts[p.python_name] = counts.get(p.python_name, 0) + 1
        used: dict[str, int] = {}
        for p in params:
            base = p.python_name
            if counts[base] > 1:
                n = used.get(base, 0)
                used[base] = n + 1
                p.python_name = f"{base}_{p.location}_parameter{n or ''}"
                self.notes.append(f"{oid}: python name of `{p.name}` is `{p.python_name}` (several parameters are `{base}`)")
        body = self.body(spec, op, ctx)
        response, errors = self.responses(spec, op, ctx)
        pagination = None
        qnames = {p.name for p in params if p.location == "query"}
        if {"limit", "offset"} <= qnames:
            data_field = None
            rt = response.type
            if rt is not None and rt.kind == "ref":
                s = self.table.schemas[rt.ref]
                fnames = {f.name for f in s.fields}
                # The envelope is `{data, total_count}` almost everywhere; a few
                # list operations name their one array otherwise (`m2m_tokens`).
                arrays = [f.name for f in s.fields if f.type.kind == "array"]
                if {"data", "total_count"} <= fnames:
                    data_field = "data"
                elif "total_count" in fnames and len(arrays) == 1:
                    data_field = arrays[0]
            pagination = {"kind": "offset_limit", "data_field": data_field}
        op_ir = Operation(
            name=f"{group}.{mname}",
            group=group,
            method=mname,
            operation_id=oid,
            http_method=method.upper(),
            path=path,
            summary=(op.get("summary") or "").strip(),
            description=(op.get("description") or "").strip(),
            deprecated=bool(op.get("deprecated", False)),
            tags=list(op.get("tags", [])),
            spec=file,
            params=params,
            body=body,
            response=response,
            errors=errors,
            pagination=pagination,
            python=self.python_signature(oid, params, body),
            example={},
            name_source=name_source,
            security=operation_security(spec, op),
        )
        op_ir.example = examples.operation_example(spec, raw_params, op)
        op_ir.js_group = camel(op.get("x-speakeasy-group") or group)
        op_ir.js_method = camel(op.get("x-speakeasy-name-override") or mname)
        return op_ir

    def body(self, spec: Spec, op: dict, ctx: str) -> Body:
        rb = op.get("requestBody")
        if not rb:
            return Body("none")
        rb = spec.resolve(rb)
        ct, content = _content(rb)
        required = bool(rb.get("required", False))
        if content is None:
            return Body("none")
        raw = content.get("schema", {})
        t = self.table.norm(raw, ctx + "Body")
        resolved = spec.resolve(raw)
        is_object = t.kind == "ref" and self.table.schemas[t.ref].kind == "object"
        if ct == "multipart/form-data" or is_object:
            fields = list(self.table.schemas[t.ref].fields) if is_object else []
            return Body("multipart" if ct == "multipart/form-data" else "json_object", required, t, fields, ct)
        if resolved.get("type") == "object" and t.kind == "any":
            # An object body without declared fields: free-form, flattened.
            return Body("json_object", required, t, [], ct)
        return Body("json_value", required, t, [], ct)

    def responses(self, spec: Spec, op: dict, ctx: str) -> tuple[Response, list]:
        success = None
        errors = []
        for code in sorted(op.get("responses", {}), key=str):
            r = spec.resolve(op["responses"][code])
            ct, content = _content(r)
            status = int(code) if str(code).isdigit() else 0
            if content is None:
                resp = Response(status, "empty")
            elif ct and ct.startswith("application/json"):
                suffix = "Response" if 200 <= status < 300 else f"Error{status}"
                resp = Response(status, "json", self.table.norm(content.get("schema", {}), ctx + suffix))
            else:
                resp = Response(status, "text")
            if 200 <= status < 300:
                if success is None:
                    success = resp
            else:
                errors.append(resp)
        return success or Response(200, "empty"), errors

    def python_signature(self, oid: str, params: list, body: Body) -> PythonSignature:
        seed = self.seed.get(oid)
        if seed:
            return PythonSignature(seed["style"], list(seed.get("kwargs") or []), seed.get("request_keys"), "seed")
        if len(params) > REQUEST_STYLE_PARAM_LIMIT or (not params and body.kind != "none" and not body.required):
            keys = [p.name for p in params] + [f.name for f in body.fields]
            return PythonSignature("request", ["request"], keys or None, "rules")
        # Required arguments first, each group in spec order, as the official SDK does.
        args = [(p.python_name, p.required) for p in params] + [(python_name(f.name), f.required) for f in body.fields]
        if body.kind == "json_value":
            args.append(("request_body", body.required))
        kwargs = [n for n, req in args if req] + [n for n, req in args if not req]
        return PythonSignature("kwargs" if kwargs else "none", kwargs, None, "rules")


WEBHOOKS_SPEC_FILE = "webhooks-2025-04-15.yml"
WEBHOOK_ENVELOPE = "WebhookEventPayload"


def build_webhooks(openapi_dir: Path) -> Optional[Webhooks]:
    """Event types of the webhooks spec (`x-webhooks`), each with its `data` type."""
    path = openapi_dir / WEBHOOKS_SPEC_FILE
    if not path.exists():
        return None
    spec = Spec(path)
    table = SchemaTable(spec)
    table.build_components()
    envelope = table.component_names[WEBHOOK_ENVELOPE]
    events = []
    for etype, item in spec.doc.get("x-webhooks", {}).items():
        op = item.get("post", {})
        _, media = _content(spec.resolve(op.get("requestBody", {})))
        if media is None:
            continue
        schema = spec.resolve(media.get("schema", {}))
        parts = schema.get("allOf", [schema])
        data_raw = next((spec.resolve(p)["properties"]["data"] for p in parts if "data" in spec.resolve(p).get("properties", {})), {})
        label = pascal(etype)
        data = table.norm(data_raw, label + "Data")
        examples = [media["example"]] if "example" in media else [spec.resolve(e).get("value") for e in (media.get("examples") or {}).values()]
        events.append(WebhookEvent(etype, label, (op.get("description") or "").strip(), data, [e for e in examples if e is not None]))
    schemas = sorted(table.schemas.values(), key=lambda s: s.name)
    return Webhooks(WEBHOOKS_SPEC_FILE, envelope, events, schemas)


def build(openapi_dir: Path, seed_dir: Path) -> IR:
    ir = Builder(openapi_dir, seed_dir).build()
    ir.webhooks = build_webhooks(openapi_dir)
    return ir


# Flags whose `false` is the default and is left out of the JSON.
_DEFAULT_FALSE = {"deprecated", "nullable", "read_only", "closed"}
# Kept even when empty: an empty list here is a finding ("no collisions").
_KEEP_EMPTY = {"collisions"}


def _strip(obj: Any) -> Any:
    """JSON form of the IR: drop empty and default values to keep it compact
    (never inside examples, whose empty values are meaningful)."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k == "example":
                if v is not None:
                    out[k] = v
                continue
            v = _strip(v)
            if k in _KEEP_EMPTY:
                out[k] = v
                continue
            if v is None or (isinstance(v, (list, dict, str)) and not v) or (v is False and k in _DEFAULT_FALSE):
                continue
            if k == "explode" and v is True:
                continue
            out[k] = v
        return out
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


def _bound(v: Any) -> Optional[float]:
    """A numeric `minimum`/`maximum` as a float (booleans are not bounds)."""
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


INLINE_WIDTH = 100


def _dump(v: Any, indent: int) -> str:
    """Pretty JSON that keeps short values on one line (stable: sorted keys)."""
    flat = json.dumps(v, sort_keys=True, ensure_ascii=False)
    if len(flat) + indent <= INLINE_WIDTH or not isinstance(v, (dict, list)) or not v:
        return flat
    pad = " " * (indent + 1)
    if isinstance(v, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dump(v[k], indent + 1)}" for k in sorted(v)]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + _dump(x, indent + 1) for x in v]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def to_json(ir: IR) -> str:
    return _dump(_strip(asdict(ir)), 0) + "\n"
