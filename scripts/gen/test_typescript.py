"""Unit tests of the TypeScript emitter (scripts/gen/typescript.py) on small synthetic IRs.

    python3 -m unittest discover -s scripts/gen -t scripts
"""

from __future__ import annotations

import json
import tempfile
import unittest
from pathlib import Path

from gen import typescript as ts

STR = {"kind": "string"}


def op(name: str, **kw) -> dict:
    group, method = name.split(".")
    base = {
        "name": name, "group": group, "method": method, "js_group": ts_camel(group), "js_method": ts_camel(method),
        "operation_id": kw.pop("operation_id", ts.pascal(ts_camel(method)) + ts.pascal(ts_camel(group))),
        "http_method": "GET", "path": f"/{group}", "params": [], "body": {"kind": "none"},
        "response": {"kind": "json", "status": 200, "type": {"kind": "ref", "ref": "User"}},
    }
    base.update(kw)
    return base


def ts_camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(p.capitalize() for p in rest)


USER = {"name": "User", "kind": "object", "closed": True, "fields": [
    {"name": "id", "type": STR, "required": True},
    {"name": "object", "type": STR, "required": True, "enum": ["user"]},
    {"name": "first_name", "type": {"kind": "string", "nullable": True}, "required": True, "nullable": True},
    {"name": "locale", "type": STR},
    {"name": "public_metadata", "type": {"kind": "any", "format": "object"}, "required": True},
    {"name": "status", "type": {"kind": "ref", "ref": "UserStatus"}, "required": True, "enum": ["active", "banned"]},
    {"name": "email_addresses", "type": {"kind": "array", "items": {"kind": "ref", "ref": "EmailAddress"}}, "required": True},
]}
EMAIL = {"name": "EmailAddress", "kind": "object", "fields": [
    {"name": "email_address", "type": STR, "required": True},
    {"name": "x5t#S256", "type": STR},
]}
STATUS = {"name": "UserStatus", "kind": "enum", "values": ["active", "banned"]}
PAGE = {"name": "Users", "kind": "object", "fields": [
    {"name": "data", "type": {"kind": "array", "items": {"kind": "ref", "ref": "User"}}, "required": True},
    {"name": "total_count", "type": {"kind": "integer"}, "required": True},
]}
ERRORS = {"name": "ClerkErrors", "kind": "object", "fields": [
    {"name": "errors", "type": {"kind": "array", "items": {"kind": "ref", "ref": "ClerkError"}}, "required": True}]}
ERROR = {"name": "ClerkError", "kind": "object", "fields": [{"name": "code", "type": STR, "required": True}]}
VERIFICATION = {"name": "Verification", "kind": "union", "discriminator": "object", "variants": [
    {"name": "A", "type": {"kind": "ref", "ref": "User"}}, {"name": "B", "type": {"kind": "ref", "ref": "EmailAddress"}}]}


def ir_with(*ops: dict, schemas: tuple = (USER, EMAIL, STATUS, PAGE, ERRORS, ERROR, VERIFICATION)) -> dict:
    return {"operations": list(ops), "schemas": list(schemas)}


def block(text: str, start: str) -> str:
    """The declaration that begins with `start`, to its closing line."""
    i = text.index(start)
    end = text.index("\n}\n", i) if text[i:].split("\n", 1)[0].endswith("{") else text.index("\n", i)
    return text[i:end + 2]


LIST = op("users.list", operation_id="GetUserList", response={"kind": "json", "type": {"kind": "array", "items": {"kind": "ref", "ref": "User"}}},
          pagination={"kind": "offset_limit"},
          params=[{"name": "limit", "location": "query", "type": {"kind": "integer"}},
                  {"name": "status", "location": "query", "type": {"kind": "ref", "ref": "UserStatus"}, "enum": ["active", "banned"]}])
GET = op("users.get", operation_id="GetUser", path="/users/{user_id}",
         params=[{"name": "user_id", "location": "path", "type": STR, "required": True}])
CREATE = op("users.create", operation_id="CreateUser", http_method="POST", body={
    "kind": "json_object", "required": False, "fields": [
        {"name": "email_address", "type": {"kind": "array", "items": STR}, "required": True},
        {"name": "first_name", "type": {"kind": "string", "nullable": True}, "nullable": True},
        {"name": "public_metadata", "type": {"kind": "any", "format": "object"}}]})
UPLOAD = op("users.set_profile_image", operation_id="SetUserProfileImage", http_method="POST",
            params=[{"name": "user_id", "location": "path", "type": STR, "required": True}],
            body={"kind": "multipart", "required": True, "fields": [{"name": "file", "type": {"kind": "file"}, "required": True}]})
BULK = op("invitations.bulk_create", operation_id="CreateBulkInvitations", http_method="POST",
          body={"kind": "json_value", "required": True, "schema": {"kind": "array", "items": {"kind": "ref", "ref": "EmailAddress"}}})
ORG_LIST = op("organizations.list", operation_id="ListOrganizations", pagination={"kind": "offset_limit", "data_field": "data"},
              response={"kind": "json", "type": {"kind": "ref", "ref": "Users"}})
JWKS = op("jwks.get_jwks", operation_id="GetJWKS", response={"kind": "empty", "status": 204})


class Operations(unittest.TestCase):
    def setUp(self):
        self.out = ts.render(ir_with(LIST, GET, CREATE, UPLOAD, BULK, ORG_LIST, JWKS))

    def test_resources_and_methods_use_the_js_names(self):
        resources = block(self.out, "export interface ClerkResources {")
        self.assertIn("  users: UsersResource;", resources)
        self.assertIn("  organizations: OrganizationsResource;", resources)
        users = block(self.out, "export interface UsersResource {")
        self.assertIn("  setProfileImage(params: SetUserProfileImageParams, options?: RequestOptions): Promise<User>;", users)
        self.assertIn("  get(params: GetUserParams, options?: RequestOptions): Promise<User>;", users)

    def test_params_are_optional_only_when_no_key_is_required(self):
        self.assertIn("  list(params?: GetUserListParams, options?: RequestOptions)", self.out)
        self.assertIn("  create(params: CreateUserParams, options?: RequestOptions)", self.out)
        self.assertIn("  getJwks(params?: GetJWKSParams, options?: RequestOptions): Promise<void>;", self.out)
        self.assertIn("export type GetJWKSParams = Record<string, never>;", self.out)

    def test_list_operations_return_a_paginated_page_and_its_items(self):
        self.assertIn("Paginated<User[], User>", block(self.out, "  list(params?: GetUserListParams"))
        self.assertIn("Paginated<Users, User>", self.out)

    def test_params_interface_has_wire_names_body_fields_flattened(self):
        create = block(self.out, "export interface CreateUserParams {")
        self.assertIn("  email_address: readonly string[];", create)
        self.assertIn("  first_name?: string | null;", create)
        self.assertIn("  public_metadata?: Record<string, unknown>;", create)
        upload = block(self.out, "export interface SetUserProfileImageParams {")
        self.assertIn("  user_id: string;", upload)
        self.assertIn("  file: FileInput;", upload)
        self.assertIn("  body: readonly EmailAddress[];", block(self.out, "export interface CreateBulkInvitationsParams {"))

    def test_an_enum_parameter_takes_its_values_and_any_string(self):
        self.assertIn("  status?: UserStatus;", block(self.out, "export interface GetUserListParams {"))
        self.assertIn("export type UserStatus = 'active' | 'banned' | (string & {});", self.out)

    def test_the_hand_written_types_are_imported(self):
        self.assertTrue(self.out.startswith(ts.HEADER))
        self.assertIn("import type { FileInput, Paginated, RequestOptions } from '../types';", self.out)

    def test_a_body_field_named_like_a_parameter_is_refused(self):
        clash = op("users.update", operation_id="UpdateUser", params=[{"name": "user_id", "location": "path", "type": STR, "required": True}],
                   body={"kind": "json_object", "fields": [{"name": "user_id", "type": STR}]})
        with self.assertRaises(ts.GenError):
            ts.render(ir_with(clash))

    def test_a_page_without_an_item_array_iterates_unknown_and_says_so(self):
        odd = op("m2m.list_tokens", operation_id="GetM2MTokens", pagination={"kind": "offset_limit"},
                 response={"kind": "json", "type": {"kind": "ref", "ref": "EmailAddress"}})
        out = ts.render(ir_with(odd))
        self.assertIn("Paginated<EmailAddress, unknown>", out)
        self.assertIn("iterating it fails", out)


class Models(unittest.TestCase):
    def setUp(self):
        self.out = ts.render(ir_with(GET))

    def test_fields_keep_wire_names_nullability_and_optionality(self):
        user = block(self.out, "export interface User {")
        self.assertIn("  id: string;", user)
        self.assertIn("  first_name: string | null;", user)
        self.assertIn("  locale?: string;", user)
        self.assertIn("  public_metadata: Record<string, unknown>;", user)
        self.assertIn("  email_addresses: EmailAddress[];", user)
        self.assertIn("  status: UserStatus;", user)

    def test_a_single_value_tag_is_a_closed_literal(self):
        self.assertIn("  object: 'user';", block(self.out, "export interface User {"))

    def test_open_models_take_unknown_fields_closed_ones_do_not(self):
        self.assertNotIn("[key: string]: unknown;", block(self.out, "export interface User {"))
        email = block(self.out, "export interface EmailAddress {")
        self.assertIn("[key: string]: unknown;", email)
        self.assertIn("  'x5t#S256'?: string;", email)

    def test_unions_and_names_the_hand_written_layer_owns(self):
        self.assertIn("export type Verification = User | EmailAddress;", self.out)
        self.assertIn("export interface ClerkErrorsJson {", self.out)
        self.assertIn("  errors: ClerkErrorJson[];", self.out)
        self.assertNotIn("interface ClerkError ", self.out)

    def test_two_types_of_one_name_are_refused(self):
        with self.assertRaises(ts.GenError):
            ts.render(ir_with(GET, schemas=(USER, EMAIL, STATUS, {"name": "GetUserParams", "kind": "object", "fields": []})))
        with self.assertRaises(ts.GenError):
            ts.render(ir_with(GET, schemas=(USER, EMAIL, STATUS, {"name": "UsersResource", "kind": "object", "fields": []})))

    def test_prose_cannot_end_a_doc_comment(self):
        lines = ts.doc("a */ b\nsecond line")
        self.assertEqual(lines, ["/**", " * a *\\/ b", " * second line", " */"])
        self.assertEqual(ts.doc(""), [])


class Webhooks(unittest.TestCase):
    HOOKS = {
        "envelope": "Envelope",
        "schemas": [
            {"name": "Envelope", "kind": "object", "fields": [{"name": "type", "type": STR, "required": True}]},
            {"name": "User", "kind": "object", "closed": True, "fields": [{"name": "id", "type": STR, "required": True}]},
        ],
        "events": [{"type": "user.created", "name": "UserCreated", "description": "User created", "data": {"kind": "ref", "ref": "User"}},
                   {"type": "user.deleted", "name": "UserDeleted", "data": {"kind": "ref", "ref": "User"}}],
    }

    def test_events_are_a_union_narrowed_by_type_with_their_own_models(self):
        out = ts.render({**ir_with(GET), "webhooks": self.HOOKS})
        hooks = out[out.index("export declare namespace Webhooks {"):]
        self.assertIn("  export interface User {\n    id: string;\n  }", hooks)
        self.assertIn("  export interface UserCreatedEvent extends Envelope {\n    type: 'user.created';\n    data: User;\n  }", hooks)
        self.assertIn("  export type Event = UserCreatedEvent | UserDeletedEvent;", hooks)
        # The API's User stays apart from the webhook spec's.
        self.assertIn("export interface User {\n  id: string;", out[:out.index("namespace Webhooks")])

    def test_an_event_named_like_a_webhook_model_is_refused(self):
        hooks = {**self.HOOKS, "schemas": self.HOOKS["schemas"] + [{"name": "UserCreatedEvent", "kind": "object", "fields": []}]}
        with self.assertRaises(ts.GenError):
            ts.render({**ir_with(GET), "webhooks": hooks})

    def test_no_events_no_namespace(self):
        self.assertNotIn("namespace Webhooks", ts.render(ir_with(GET)))


class CommandLine(unittest.TestCase):
    def test_check_fails_until_written_then_passes(self):
        with tempfile.TemporaryDirectory() as tmp:
            irp, out = Path(tmp) / "ir.json", Path(tmp) / "api.d.ts"
            irp.write_text(json.dumps(ir_with(GET)), encoding="utf-8")
            args = ["--ir", str(irp), "--out", str(out)]
            self.assertEqual(ts.main(args + ["--check"]), 1)
            self.assertEqual(ts.main(args), 0)
            self.assertEqual(ts.main(args + ["--check"]), 0)
            out.write_text(out.read_text(encoding="utf-8") + "// edited\n", encoding="utf-8")
            self.assertEqual(ts.main(args + ["--check"]), 1)


if __name__ == "__main__":
    unittest.main()
