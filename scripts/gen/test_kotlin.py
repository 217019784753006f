"""Unit tests of the Kotlin emitter (scripts/gen/kotlin.py), on the real IR and on small synthetic ones.

    python3 -m unittest discover -s scripts/gen -t scripts
"""

from __future__ import annotations

import json
import re
import tempfile
import unittest
from pathlib import Path

from gen import kotlin, typed_surface as ts

IR = json.loads(kotlin.IR_PATH.read_text(encoding="utf-8"))


def synthetic_ir(op: dict, schemas: list | None = None) -> dict:
    base = {"name": "things.update", "group": "things", "method": "update", "js_group": "things", "js_method": "update",
            "http_method": "PATCH", "path": "/things/{thing_id}", "params": [], "body": {"kind": "none"},
            "response": {"kind": "json", "status": 200, "type": {"kind": "ref", "ref": "Thing"}}}
    base.update(op)
    thing = {"kind": "object", "name": "Thing", "fields": [{"name": "id", "required": True, "type": {"kind": "string"}}]}
    return {"operations": [base], "schemas": [thing] + (schemas or [])}


def resource_text(ir: dict, group: str = "things") -> str:
    files = kotlin.render_all(ir)
    return files[kotlin.OUT / "resources" / f"{kotlin.resource_class(group)}.kt"]


class Names(unittest.TestCase):
    def test_keywords_get_backticks_and_other_characters_underscores(self):
        self.assertEqual(kotlin.ident("object"), "`object`")
        self.assertEqual(kotlin.ident("x5t#S256"), "x5t_S256")
        self.assertEqual(kotlin.ident("2fa"), "_2fa")
        self.assertEqual(kotlin.ident("user_id"), "user_id")

    def test_parameters_are_camel_case_and_keep_camel_wire_names(self):
        self.assertEqual(ts.camel("user_id"), "userId")
        self.assertEqual(ts.camel("adminPortalLinkTokenID"), "adminPortalLinkTokenID")
        self.assertEqual(ts.camel("redirect-url"), "redirectUrl")

    def test_enum_members_are_unique_and_never_unknown(self):
        taken: set = set()
        got = [kotlin.enum_member(v, taken, "Status") for v in ["active", "unknown", "sign_up", "signUp", "2fa", ""]]
        self.assertEqual(got, ["Active", "UnknownValue", "SignUp", "SignUp_", "V2fa", "Empty"])


class EveryOperation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.files = kotlin.render_all(IR)
        cls.resources = {p.stem: t for p, t in cls.files.items() if p.parent.name == "resources"}

    def test_each_operation_has_a_suspend_fun_and_a_blocking_twin(self):
        self.assertEqual(len(IR["operations"]), 250)
        for op in IR["operations"]:
            text = self.resources[kotlin.resource_class(op["js_group"])]
            m = kotlin.ident(op["js_method"])
            self.assertIn(f"    suspend fun {m}(\n", text, op["name"])
            self.assertIn(f"    fun {m.strip('`')}Blocking(\n", text, op["name"])
            self.assertIn(f'clerk.invokeJson("{op["name"]}", ', text)
            self.assertIn(f'clerk.invokeJsonBlocking("{op["name"]}", ', text)

    def test_list_operations_have_a_flow_and_a_sequence_of_items(self):
        paged = [op for op in IR["operations"] if op.get("pagination")]
        self.assertEqual(len(paged), 37)
        text = self.resources["UsersApi"]
        self.assertIn("    ): Flow<User> =\n        clerk.pageFlow(\"users.list\"", text)
        self.assertIn("    ): Sequence<User> =\n        clerk.pageSequenceBlocking(\"users.list\"", text)
        for op in paged:
            text = self.resources[kotlin.resource_class(op["js_group"])]
            self.assertIn(f"    fun {op['js_method']}Flow(\n", text)
            self.assertIn(f"    fun {op['js_method']}Sequence(\n", text)

    def test_clerk_resources_has_one_lazy_property_per_group(self):
        text = self.files[kotlin.OUT / "ClerkResources.kt"]
        groups = sorted({op["js_group"] for op in IR["operations"]})
        props = re.findall(r"    val (\w+): (\w+) by lazy \{ \2\(this as Clerk\) \}", text)
        self.assertEqual([p for p, _ in props], groups)
        self.assertIn("package com.clerk.backend\n", text)
        self.assertIn("abstract class ClerkResources internal constructor()", text)

    def test_every_model_has_a_file_and_every_file_is_marked_generated(self):
        models = {p.stem for p in self.files if p.parent.name == "models"}
        wanted = {s["name"] for s in IR["schemas"] if s["kind"] in ("object", "enum", "union")}
        self.assertEqual(models - {"Support"}, wanted)
        for path, text in self.files.items():
            self.assertTrue(text.startswith(kotlin.HEADER), path)

    def test_wire_names_that_are_no_identifier_are_renamed(self):
        text = self.files[kotlin.OUT / "models" / "JWKSRsaPublicKey.kt"]
        self.assertIn('    val x5t_S256: String?\n        get() = json.optional("JWKSRsaPublicKey", "x5t#S256", Decode.string)', text)
        user = self.files[kotlin.OUT / "models" / "User.kt"]
        self.assertIn('    val `object`: String\n', user)
        self.assertIn('    val created_at: Long\n', user)
        self.assertIn('    val public_metadata: JsonObject\n', user)


class Parameters(unittest.TestCase):
    def test_required_first_optional_defaults_and_wire_names_in_the_builder(self):
        ir = synthetic_ir({
            "params": [{"name": "thing_id", "location": "path", "required": True, "type": {"kind": "string"}},
                       {"name": "in", "location": "query", "type": {"kind": "integer"}},
                       {"name": "options", "location": "query", "type": {"kind": "boolean"}}],
            "body": {"kind": "json_object", "fields": [
                {"name": "nick_name", "nullable": True, "type": {"kind": "string", "nullable": True}},
                {"name": "size", "required": True, "nullable": True, "type": {"kind": "number", "nullable": True}},
                {"name": "tags", "type": {"kind": "array", "items": {"kind": "string"}}}]},
        })
        text = resource_text(ir)
        self.assertIn("    suspend fun update(\n        thingId: String,\n        size: Number?,\n        `in`: Long? = null,\n"
                      "        options_: Boolean? = null,\n        nickName: String? = null,\n        tags: List<String>? = null,\n"
                      "        explicitNulls: Set<String> = emptySet(),\n        options: RequestOptions? = null,\n    ): Thing =", text)
        self.assertIn('        params(explicitNulls) {\n'
                      '            required("thing_id", thingId)\n            required("size", size)\n            optional("in", `in`)\n'
                      '            optional("options", options_)\n            nullable("nickName", "nick_name", nickName)\n'
                      '            optional("tags", tags)\n        }\n', text)
        self.assertIn("Name parameters in `explicitNulls` to send them as JSON null: nickName.", text)

    def test_files_go_in_the_files_map_and_array_bodies_under_body(self):
        upload = synthetic_ir({"body": {"kind": "multipart", "fields": [
            {"name": "file", "required": True, "type": {"kind": "file"}},
            {"name": "uploader_user_id", "type": {"kind": "string"}}]}})
        text = resource_text(upload)
        self.assertIn("        file: FileUpload,\n", text)
        self.assertIn('files("file" to file), options, ThingsParams.updateNames)', text)
        # Errors name the Kotlin argument: the renamed ones are passed along (wire → Kotlin).
        self.assertIn('val updateNames = mapOf("uploader_user_id" to "uploaderUserId")', text)
        self.assertNotIn('required("file"', text)
        bulk = synthetic_ir({"body": {"kind": "json_value", "required": True,
                                      "schema": {"kind": "array", "items": {"kind": "ref", "ref": "Thing"}}}})
        text = resource_text(bulk)
        self.assertIn("        body: List<Thing>,\n", text)
        self.assertIn('            required("body", body)\n', text)

    def test_a_name_generated_twice_is_an_error(self):
        ir = synthetic_ir({})
        twin = dict(ir["operations"][0], name="things.update_blocking", js_method="updateBlocking")
        ir["operations"].append(twin)
        with self.assertRaises(SystemExit):
            kotlin.render_all(ir)

    def test_empty_and_text_responses(self):
        self.assertIn("    ): Unit =", resource_text(synthetic_ir({"response": {"kind": "empty"}})))
        self.assertIn("    ): String =", resource_text(synthetic_ir({"response": {"kind": "text"}})))


class Models(unittest.TestCase):
    def test_enum_has_every_value_and_an_unknown_case(self):
        text = kotlin.render_enum({"name": "Status", "kind": "enum", "values": ["active", "on$hold"]})
        self.assertIn('    object Active : Status("active")\n', text)
        self.assertIn('    object OnHold : Status("on\\$hold")\n', text)
        self.assertIn("    class Unknown(value: String) : Status(value)\n", text)
        self.assertIn('            else -> Unknown(value)\n', text)

    def test_untagged_union_tries_the_most_specific_variant_first(self):
        schemas = {
            "Pub": {"name": "Pub", "kind": "object", "fields": [{"name": "kty", "required": True, "enum": ["RSA"], "type": {"kind": "string"}},
                                                               {"name": "n", "required": True, "type": {"kind": "string"}}]},
            "Priv": {"name": "Priv", "kind": "object", "fields": [{"name": "kty", "required": True, "enum": ["RSA"], "type": {"kind": "string"}},
                                                                 {"name": "n", "required": True, "type": {"kind": "string"}},
                                                                 {"name": "d", "required": True, "type": {"kind": "string"}}]},
        }
        union = {"name": "Key", "kind": "union", "variants": [{"name": "Pub", "type": {"kind": "ref", "ref": "Pub"}},
                                                             {"name": "Priv", "type": {"kind": "ref", "ref": "Priv"}}]}
        text = kotlin.render_union(union, schemas)
        self.assertLess(text.index("-> Priv(json)"), text.index("-> Pub(json)"))
        self.assertIn('json.fits(setOf("kty", "n"), mapOf("kty" to JsonPrimitive("RSA"))) -> Pub(json)', text)
        self.assertIn("import kotlinx.serialization.json.JsonPrimitive\n", text)

    def test_variants_implement_every_union_they_belong_to(self):
        files = kotlin.render_all(IR)
        text = files[kotlin.OUT / "models" / "VerificationAdmin.kt"]
        header = re.search(r"class VerificationAdmin\(json: JsonObject\) : ([^{]+) \{", text).group(1)
        self.assertEqual(header, "JsonModel(json), EmailAddressVerification, PhoneNumberVerification, Web3WalletVerification")


class ContractTest(unittest.TestCase):
    def test_every_operation_is_called_through_its_typed_method_on_the_right_mock(self):
        text = kotlin.render_all(IR)[kotlin.TEST_OUT / "TypedOperationsTest.kt"]
        calls = re.findall(r'typed\("([^"]+)", (true|false)\) \{ (\w+)\.(\w+)\(', text)
        self.assertEqual(len(calls), 250)
        by_name = {op["name"]: op for op in IR["operations"]}
        for name, legacy, group, method in calls:
            op = by_name[name]
            self.assertEqual((group, method), (op["js_group"], op["js_method"]))
            self.assertEqual(legacy == "true", op["spec"].startswith("bapi-2024"))
        self.assertIn('users.setProfileImage(userId = "example", file = file())', text)

    def test_example_values_become_typed_kotlin(self):
        types = kotlin.Types(IR)
        self.assertEqual(kotlin.kt_value(5, {"kind": "integer"}, types), "5L")
        self.assertEqual(kotlin.kt_value(["a"], {"kind": "array", "items": {"kind": "string"}}, types), 'listOf("a")')
        self.assertEqual(kotlin.kt_value("pending", {"kind": "ref", "ref": "InvitationStatus"}, types), 'InvitationStatus.of("pending")')
        self.assertEqual(kotlin.kt_value({"a$": 1}, {"kind": "any", "format": "object"}, types),
                         'Json.parseToJsonElement("{\\"a\\$\\": 1}").jsonObject')


class WebhookEvents(unittest.TestCase):
    def test_every_event_type_has_a_class_and_a_case_and_the_spec_models_stay_apart(self):
        files = kotlin.render_all(IR)
        text = files[kotlin.OUT / "webhooks" / "WebhookEvent.kt"]
        for e in IR["webhooks"]["events"]:
            self.assertIn(f"    class {e['name']}(json: JsonObject) : WebhookEvent(json) {{\n", text)
            self.assertIn(f'            "{e["type"]}" -> {e["name"]}(json)\n', text)
        self.assertIn("            else -> Unknown(json)\n", text)
        # The webhook spec's User is its own class, every field nullable.
        user = files[kotlin.OUT / "webhooks" / "User.kt"]
        self.assertIn("package com.clerk.backend.generated.webhooks\n", user)
        self.assertIn("    val id: String?\n", user)
        self.assertIn("import com.clerk.backend.generated.models.JsonModel\n", user)


class InputModels(unittest.TestCase):
    def test_models_a_caller_sends_get_a_builder_and_response_models_do_not(self):
        files = kotlin.render_all(IR)
        actor = files[kotlin.OUT / "models" / "CreateActorTokenBodyActor.kt"]
        self.assertIn("        fun of(\n            sub: String,\n        ): CreateActorTokenBodyActor =\n", actor)
        self.assertIn('                    required("sub", sub)\n', actor)
        self.assertNotIn("companion object", files[kotlin.OUT / "models" / "User.kt"])
        types = kotlin.Types(IR)
        inputs = kotlin.ts.input_models(IR, types)
        # Nested: an array body's items and the enterprise connection's nested objects.
        self.assertLessEqual({"CreateBulkInvitationsBodyItem", "CreateEnterpriseConnectionBodyOidc"}, inputs)
        self.assertNotIn("User", inputs)


class Check(unittest.TestCase):
    def test_stale_files_are_found(self):
        with tempfile.TemporaryDirectory() as d:
            out = Path(d)
            (out / "models").mkdir()
            (out / "models" / "Gone.kt").write_text("x")
            (out / "models" / "Kept.kt").write_text("x")
            self.assertEqual(ts.stale_files(out, {out / "models" / "Kept.kt": "x"}), [out / "models" / "Gone.kt"])


if __name__ == "__main__":
    unittest.main()
