"""Unit tests of the generator on small synthetic specs.

    python3 -m unittest discover -s scripts/gen -t scripts
"""

from __future__ import annotations

import json
import re
import tempfile
import unittest
from pathlib import Path

import yaml

from gen import examples, ir, rust


def spec_from(doc: dict) -> ir.Spec:
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
        yaml.safe_dump(doc, f, sort_keys=False)
    try:
        return ir.Spec(Path(f.name))
    finally:
        Path(f.name).unlink()


def table_for(schemas: dict) -> ir.SchemaTable:
    t = ir.SchemaTable(spec_from({"openapi": "3.0.3", "paths": {}, "components": {"schemas": schemas}}))
    t.build_components()
    return t


class Naming(unittest.TestCase):
    def test_snake_case_matches_the_official_sdk(self):
        cases = {
            "getOAuthAccessToken": "get_o_auth_access_token",
            "emailSMSTemplates": "email_sms_templates",
            "generateSvixAuthURL": "generate_svix_auth_url",
            "deleteTOTP": "delete_totp",
            "deleteWeb3Wallet": "delete_web3_wallet",
            "oauthApplications": "oauth_applications",
            "adminPortalLinkTokenID": "admin_portal_link_token_id",
        }
        for given, want in cases.items():
            self.assertEqual(ir.snake(given), want)

    def test_camel_case_for_js(self):
        self.assertEqual(ir.camel("get_o_auth_access_token"), "getOAuthAccessToken")
        self.assertEqual(ir.camel("emailSMSTemplates"), "emailSMSTemplates")
        self.assertEqual(ir.camel("list"), "list")

    def test_python_names_escape_keywords_and_shadowing_builtins(self):
        self.assertEqual(ir.python_name("type"), "type_")
        self.assertEqual(ir.python_name("format"), "format_")
        self.assertEqual(ir.python_name("from"), "from_")
        self.assertEqual(ir.python_name("id"), "id")
        self.assertEqual(ir.python_name("apiKeyID"), "api_key_id")

    def test_rust_field_identifiers(self):
        self.assertEqual(rust.field_ident("type"), ("r#type", False))
        self.assertEqual(rust.field_ident("self"), ("self_", True))
        self.assertEqual(rust.field_ident("x-custom"), ("x_custom", True))
        self.assertEqual(rust.field_ident("adminPortalLinkTokenID"), ("adminPortalLinkTokenID", False))


class Patterns(unittest.TestCase):
    def test_generated_strings_match_their_patterns(self):
        for pattern in [
            r"^(ak|api_key)_[0-9A-Fa-f]{32}$",
            r"^mch_\w{27}$",
            r"^(user|org|mch|scim)_\w{27}$",
            r"^oauth_[a-z]+$",
            r"^[a-z0-9-]+\.[a-z]{2,}$",
        ]:
            value = examples.from_pattern(pattern)
            self.assertRegex(value, pattern)

    def test_string_constraints(self):
        self.assertEqual(examples.string_for({"type": "string", "minLength": 5}), "examp" + "le")
        self.assertEqual(len(examples.string_for({"type": "string", "minLength": 12})), 12)
        self.assertEqual(examples.string_for({"type": "string", "format": "email"}), "user@example.com")


class Schemas(unittest.TestCase):
    def test_all_of_with_several_parts_merges_into_one_object(self):
        t = table_for({
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
            "Child": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"extra": {"type": "integer"}}}]},
        })
        child = t.schemas["Child"]
        self.assertEqual(child.kind, "object")
        self.assertEqual([(f.name, f.required) for f in child.fields], [("id", True), ("extra", False)])

    def test_reference_to_a_nullable_component_is_nullable(self):
        t = table_for({
            "Inviter": {"type": "object", "nullable": True, "properties": {"id": {"type": "string"}}},
            "Invitation": {"type": "object", "properties": {"inviter": {"$ref": "#/components/schemas/Inviter"}}, "required": ["inviter"]},
        })
        field = t.schemas["Invitation"].fields[0]
        self.assertTrue(field.required)
        self.assertTrue(field.nullable)

    def test_discriminated_union_takes_tags_from_the_variants(self):
        t = table_for({
            "A": {"type": "object", "properties": {"object": {"type": "string", "enum": ["a_kind"]}}},
            "B": {"type": "object", "properties": {"object": {"type": "string", "enum": ["b_kind"]}}},
            "Holder": {"type": "object", "properties": {"v": {
                "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                "discriminator": {"propertyName": "object"},
            }}},
        })
        union = t.schemas[t.schemas["Holder"].fields[0].type.ref]
        self.assertEqual(union.kind, "union")
        self.assertEqual(union.discriminator, "object")
        self.assertEqual([(v.name, v.tags) for v in union.variants], [("A", ["a_kind"]), ("B", ["b_kind"])])

    def test_single_value_enum_is_a_string_and_identical_inline_schemas_are_shared(self):
        inline = {"type": "object", "properties": {"code": {"type": "string"}}}
        t = table_for({
            "X": {"type": "object", "properties": {"object": {"type": "string", "enum": ["x"]}, "err": inline}},
            "Y": {"type": "object", "properties": {"err": dict(inline)}},
        })
        self.assertEqual(t.schemas["X"].fields[0].type.kind, "string")
        self.assertEqual(t.schemas["X"].fields[1].type.ref, t.schemas["Y"].fields[0].type.ref)

    def test_required_only_any_of_is_an_object_constraint_not_a_union(self):
        t = table_for({"Conn": {
            "type": "object",
            "properties": {"domain": {"type": "string"}, "domains": {"type": "array", "items": {"type": "string"}}},
            "anyOf": [{"required": ["domain"]}, {"required": ["domains"]}],
        }})
        self.assertEqual(t.schemas["Conn"].kind, "object")


class Examples(unittest.TestCase):
    def test_only_required_values_and_the_first_required_alternative(self):
        spec = spec_from({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {}}})
        op = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "example": "Acme"},
                "domain": {"type": "string", "format": "hostname"},
                "domains": {"type": "array", "items": {"type": "string"}},
                "note": {"type": "string"},
            },
            "required": ["name"],
            "anyOf": [{"required": ["domain"]}, {"required": ["domains"]}],
        }}}}}
        params = [{"name": "org_id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^org_[a-z]{3}$"}}]
        got = examples.operation_example(spec, params, op)
        self.assertEqual(got, {"org_id": "org_aaa", "name": "Acme", "domain": "example.com"})

    def test_array_body_goes_under_body(self):
        spec = spec_from({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {}}})
        op = {"requestBody": {"content": {"application/json": {"schema": {
            "type": "array", "minItems": 1, "items": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}, "required": ["email"]},
        }}}}}
        self.assertEqual(examples.operation_example(spec, [], op), {"body": [{"email": "user@example.com"}]})


class ParamBounds(unittest.TestCase):
    def test_only_numeric_minimum_and_maximum_become_bounds(self):
        self.assertEqual([ir._bound(v) for v in (1, 0, 500.5, True, "5", None)], [1.0, 0.0, 500.5, None, None, None])
        self.assertEqual([rust.rust_bound(v) for v in (None, 1.0, 500, 0.5)], ["None", "Some(1.0)", "Some(500.0)", "Some(0.5)"])


class IrJson(unittest.TestCase):
    def test_empty_values_are_left_out_but_examples_are_kept_whole(self):
        data = {"a": [], "b": "", "deprecated": False, "required": False, "example": {"x": False, "y": []}, "collisions": []}
        self.assertEqual(ir._strip(data), {"required": False, "example": {"x": False, "y": []}, "collisions": []})

    def test_dump_is_valid_sorted_json(self):
        value = {"b": [1, 2], "a": {"long": "x" * 120, "k": None}}
        text = ir._dump(value, 0)
        self.assertEqual(json.loads(text), value)
        self.assertLess(text.index('"a"'), text.index('"b"'))


class FreeFormObjects(unittest.TestCase):
    def test_free_form_object_is_any_json_but_checked_as_an_object(self):
        t = table_for({})
        meta = t.norm({"type": "object", "additionalProperties": True}, "Meta")
        self.assertEqual((meta.kind, meta.format), ("any", "object"))
        self.assertEqual(t.norm({}, "Anything").format, None)
        types = rust.Types([])
        self.assertEqual(types.value_type({"kind": "any", "format": "object"}), "ValueType::Object")
        self.assertEqual(types.value_type({"kind": "any"}), "ValueType::Any")
        self.assertEqual(types.rust({"kind": "any", "format": "object"}, ""), types.rust({"kind": "any"}, ""))


class GeneratorCheck(unittest.TestCase):
    """`generate.py --check` fails exactly when `emit.diff` lists a file."""

    def test_diff_lists_changed_missing_and_stale_files(self):
        from gen import emit

        with tempfile.TemporaryDirectory() as tmp:
            saved = emit.ROOT
            emit.ROOT = Path(tmp)
            try:
                files = {f"{emit.GENERATED}/a.rs": "fn a() {}\n", f"{emit.GENERATED}/ir.json": "{}\n"}
                self.assertEqual(emit.diff(files), sorted(files))
                self.assertEqual(emit.write(files), 2)
                self.assertEqual(emit.diff(files), [])
                (Path(tmp) / emit.GENERATED / "a.rs").write_text("fn a() { edited() }\n", encoding="utf-8")
                (Path(tmp) / emit.GENERATED / "old.rs").write_text("", encoding="utf-8")
                self.assertEqual(emit.diff(files), [f"{emit.GENERATED}/a.rs", f"{emit.GENERATED}/old.rs (stale)"])
                emit.write(files)
                self.assertEqual(emit.diff(files), [])
            finally:
                emit.ROOT = saved


class Security(unittest.TestCase):
    BEARER = {"bearerAuth": {"type": "http", "scheme": "bearer"}}

    def spec(self, global_security, schemes=None) -> ir.Spec:
        doc = {"openapi": "3.0.3", "paths": {}, "components": {"securitySchemes": schemes or self.BEARER}}
        if global_security is not None:
            doc["security"] = global_security
        return spec_from(doc)

    def test_operation_security_overrides_the_global_default(self):
        spec = self.spec([{"bearerAuth": []}])
        self.assertEqual(ir.operation_security(spec, {"operationId": "a"}), "secret_key")
        self.assertEqual(ir.operation_security(spec, {"operationId": "b", "security": []}), "none")
        self.assertEqual(ir.operation_security(spec, {"operationId": "c", "security": [{}]}), "none")
        either = {"operationId": "d", "security": [{}, {"bearerAuth": []}]}
        self.assertEqual(ir.operation_security(spec, either), "optional_secret_key")
        self.assertEqual(ir.operation_security(self.spec(None), {"operationId": "e"}), "none")
        self.assertEqual(ir.operation_security(self.spec([]), {"operationId": "f", "security": [{"bearerAuth": []}]}), "secret_key")

    def test_a_scheme_the_core_cannot_send_is_refused(self):
        spec = self.spec([{"apiKey": []}], {"apiKey": {"type": "apiKey", "in": "header", "name": "X-Key"}})
        with self.assertRaises(ValueError):
            ir.operation_security(spec, {"operationId": "a"})
        with self.assertRaises(ValueError):
            ir.operation_security(self.spec([{"missing": []}]), {"operationId": "b"})

    def test_the_operation_table_carries_it(self):
        op = {"name": "misc.get", "group": "misc", "method": "get", "operation_id": "Get", "http_method": "GET",
              "path": "/x", "body": {"kind": "none"}, "response": {"kind": "empty"}, "security": "none"}
        self.assertIn("security: Security::None,", rust.operation_spec(rust.Types([]), op))
        op["security"] = "optional_secret_key"
        self.assertIn("security: Security::OptionalSecretKey,", rust.operation_spec(rust.Types([]), op))


class RustDocs(unittest.TestCase):
    def test_descriptions_never_become_doctests(self):
        text = "Intro [link] <b>\n```js\ncode()\n```\n    indented code"
        out = rust.doc(text)
        self.assertIn("/// ```text", out)
        self.assertNotRegex(out, re.compile(r"^///     ", re.M))
        self.assertIn("\\[link\\]", out)


if __name__ == "__main__":
    unittest.main()


class Pagination(unittest.TestCase):
    """Over the committed IR: a pager that finds no items array fails at run time
    (`m2m.list_tokens` did, with `{m2m_tokens, total_count}`)."""

    def test_every_paginated_object_response_names_its_items_array(self):
        root = Path(__file__).resolve().parents[2]
        doc = json.loads((root / "core" / "src" / "generated" / "ir.json").read_text())
        schemas = {s["name"]: s for s in doc["schemas"]}
        checked = 0
        for op in doc["operations"]:
            pagination = op.get("pagination")
            rtype = op.get("response", {}).get("type") or {}
            if not pagination or rtype.get("kind") != "ref":
                continue
            schema = schemas[rtype["ref"]]
            if schema["kind"] == "alias":
                self.assertEqual(schema["alias"]["kind"], "array", op["name"])
                continue
            field = pagination.get("data_field")
            self.assertIsNotNone(field, f"{op['name']}: object response without a data_field")
            types = {f["name"]: f["type"] for f in schema["fields"]}
            t = types.get(field) or {}
            while t.get("kind") == "ref" and schemas[t["ref"]]["kind"] == "alias":
                t = schemas[t["ref"]]["alias"]
            self.assertEqual(t.get("kind"), "array", op["name"])
            checked += 1
        self.assertGreater(checked, 20)
