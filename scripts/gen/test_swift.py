"""Unit tests of the Swift emitter (scripts/gen/swift.py). No Swift compiler runs here, so these
check the output's structure: every operation, names, escaping, balanced code.

    python3 -m unittest discover -s scripts/gen -t scripts
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import unittest

from gen import swift, typed_surface as ts

IR = json.loads(ts.IR_PATH.read_text(encoding="utf-8"))


# A Swift parser (tree-sitter's Swift grammar), pinned, installed on first use into the
# git-ignored target/pydeps as scripts/generate.py does for PyYAML: no Swift compiler runs
# here, so this is what checks that the generated files are well-formed Swift.
SWIFT_PARSER = ("tree-sitter==0.26.1", "tree-sitter-swift==0.7.4")
PYDEPS = ts.ROOT / "target" / "pydeps"


def swift_parser():
    if str(PYDEPS) not in sys.path:
        sys.path.insert(0, str(PYDEPS))
    try:
        tree_sitter, grammar = importlib.import_module("tree_sitter"), importlib.import_module("tree_sitter_swift")
    except ImportError:
        cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", str(PYDEPS), *SWIFT_PARSER]
        if subprocess.run(cmd).returncode != 0:
            raise AssertionError(f"could not install {' '.join(SWIFT_PARSER)} into {PYDEPS}")
        importlib.invalidate_caches()
        tree_sitter, grammar = importlib.import_module("tree_sitter"), importlib.import_module("tree_sitter_swift")
    return tree_sitter.Parser(tree_sitter.Language(grammar.language()))


def syntax_errors(parser, text: str) -> list[int]:
    """1-based lines of the parse errors in `text`."""
    out, todo = [], [parser.parse(text.encode()).root_node]
    while todo:
        n = todo.pop()
        if n.type == "ERROR" or n.is_missing:
            out.append(n.start_point[0] + 1)
        else:
            todo += n.children
    return sorted(out)


def code_only(text: str) -> str:
    """The text without comments and string literals, for counting brackets."""
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)
    return re.sub(r"//[^\n]*", "", text)


class Output(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.files = swift.render_all(IR)
        cls.resources = {p.stem: t for p, t in cls.files.items() if p.parent.name == "Resources"}
        cls.models = {p.stem: t for p, t in cls.files.items() if p.parent.name == "Models"}

    def test_every_operation_is_an_async_throwing_method_on_its_resource(self):
        self.assertEqual(len(IR["operations"]), 250)
        count = 0
        for op in IR["operations"]:
            text = self.resources[swift.resource_struct(op["js_group"])]
            m = swift.param_name(op["js_method"])
            self.assertRegex(text, rf"    public func {m}\(\n(?:        [^\n]*\n)*    \) async throws( -> [^{{]+)? \{{\n", op["name"])
            self.assertIn(f'transport.invokeJSON(operation: "{op["name"]}", ', text)
            count += text.count(f'invokeJSON(operation: "{op["name"]}", ')
        self.assertEqual(count, 250)

    def test_list_operations_have_a_typed_sequence(self):
        paged = [op for op in IR["operations"] if op.get("pagination")]
        for op in paged:
            text = self.resources[swift.resource_struct(op["js_group"])]
            self.assertIn(f"    public func {op['js_method']}Sequence(\n", text)
            self.assertIn(f'transport.pageItems(operation: "{op["name"]}", ', text)
        self.assertIn(") throws -> Items<User> {", self.resources["UsersAPI"])

    def test_every_resource_is_a_property_of_the_transport(self):
        text = self.files[swift.OUT / "ClerkResources.swift"]
        groups = sorted({op["js_group"] for op in IR["operations"]})
        props = re.findall(r"    public var (\w+): (\w+) \{ \2\(transport: self\) \}", text)
        self.assertEqual([p for p, _ in props], groups)

    def test_every_schema_has_a_model_and_files_are_marked_and_balanced(self):
        types = swift.Types(IR)
        wanted = {types.ref_name(s["name"]) for s in IR["schemas"] if s["kind"] in ("object", "enum", "union")}
        self.assertEqual(set(self.models), wanted)
        for path, text in self.files.items():
            self.assertTrue(text.startswith(swift.HEADER), path)
            code = code_only(text)
            for open_, close in ("{}", "()", "[]"):
                self.assertEqual(code.count(open_), code.count(close), f"{path.name}: {open_}{close}")

    def test_model_fields_keep_wire_names_and_decode_each_field(self):
        user = self.models["User"]
        self.assertIn("public struct User: ClerkModel {", user)
        self.assertIn("    public let created_at: Int64\n", user)
        self.assertIn("    public let public_metadata: JSONObject\n", user)
        self.assertIn('        self.external_id = try json.optional("User", "external_id", Decode.string)\n', user)
        self.assertIn('        self.id = try json.required("User", "id", Decode.string)\n', user)
        key = self.models["JWKSRsaPublicKey"]
        self.assertIn("    public let x5t_S256: String?\n", key)
        for name, text in self.models.items():
            lets = re.findall(r"^    public let ([^:]+):", text, re.M)
            assigned = re.findall(r"^        self\.([^ ]+) = ", text, re.M)
            self.assertEqual(assigned, lets, name)

    def test_enums_and_unions_have_an_unknown_case(self):
        status = self.models["InvitationStatus"]
        self.assertIn("    case pending\n", status)
        self.assertIn("    case unknown(String)\n", status)
        self.assertIn("        default: self = .unknown(rawValue)\n", status)
        union = self.models["EmailAddressVerification"]
        self.assertIn("    case verificationOtp(VerificationOtp)\n", union)
        self.assertIn('        case "verification_otp": self = .verificationOtp(try VerificationOtp(json: json))\n', union)
        self.assertIn("        default: self = .unknown(json)\n", union)
        keys = self.models["JWKSKeysItem"]
        self.assertLess(keys.index(".jwksRsaPrivateKey(try"), keys.index(".jwksRsaPublicKey(try"))

    def test_parameters_use_wire_names_and_explicit_nulls(self):
        text = self.resources["UsersAPI"]
        self.assertIn('        p.required("user_id", userId)\n', text)
        self.assertIn('        try p.nullable("firstName", "first_name", firstName)\n', text)
        self.assertIn("        explicitNulls: Set<String> = [],\n        options: RequestOptions? = nil\n", text)
        self.assertIn('files: files(("file", file))', text)


    def test_models_a_caller_sends_have_an_initializer_from_their_fields(self):
        actor = self.models["CreateActorTokenBodyActor"]
        self.assertIn("    public init(\n        sub: String\n    ) throws {\n", actor)
        self.assertIn('        p.required("sub", sub)\n        try self.init(json: p.build())\n', actor)
        self.assertNotIn("public init(\n", self.models["User"])


class TopLevelNames(unittest.TestCase):
    def test_no_generated_type_shadows_uniffis_or_the_hand_written_ones(self):
        files = swift.render_all(IR)
        declared = set()
        for text in files.values():
            declared |= set(re.findall(r"^public (?:struct|enum|protocol|typealias) (\w+)", text, re.M))
        self.assertIn("ClerkErrorModel", declared)
        golden = ts.ROOT / "bindings" / "uniffi" / "swift" / "Sources" / "ClerkBackendFFI" / "ClerkBackendFFI.swift"
        ffi = set(re.findall(r"^(?:public|open)\s+(?:final\s+)?(?:struct|enum|protocol|class|typealias)\s+(\w+)", golden.read_text(), re.M))
        self.assertIn("ClerkError", ffi)
        self.assertEqual(declared & ffi, set())
        hand = ts.ROOT / "bindings" / "uniffi" / "swift" / "Sources" / "ClerkBackend" / "Clerk.swift"
        if hand.exists():
            own = set(re.findall(r"^(?:public|open)\s+(?:final\s+)?(?:struct|enum|protocol|class|typealias)\s+(\w+)", hand.read_text(), re.M))
            self.assertEqual(declared & own, set())


class WebhookEvents(unittest.TestCase):
    def test_every_event_type_is_a_payload_case_and_the_spec_models_live_in_webhooks(self):
        files = swift.render_all(IR)
        text = files[swift.OUT / "Webhooks" / "WebhookEvent.swift"]
        for e in IR["webhooks"]["events"]:
            self.assertRegex(text, rf'        case "{re.escape(e["type"])}": payload = \.\w+\(try json\.required\("{e["name"]}", "data", ')
        self.assertIn("        case userCreated(Webhooks.User)\n", text)
        self.assertIn("        default: payload = .unknown\n", text)
        user = files[swift.OUT / "Webhooks" / "User.swift"]
        self.assertIn("extension Webhooks {\n    /// ", user)
        self.assertIn("        public let id: String?\n", user)


class Syntax(unittest.TestCase):
    def test_every_generated_file_parses_as_swift(self):
        parser = swift_parser()
        self.assertTrue(syntax_errors(parser, "public struct A {\n    func f(\n    async throws {}\n}\n"), "the parser sees errors")
        files = swift.render_all(IR)
        bad = {p.name: syntax_errors(parser, text)[:3] for p, text in files.items() if syntax_errors(parser, text)}
        self.assertEqual(bad, {})
        self.assertGreater(len(files), 418)


class Names(unittest.TestCase):
    def test_keywords(self):
        self.assertEqual(swift.ident("default"), "`default`")
        self.assertEqual(swift.ident("object"), "object")
        self.assertEqual(swift.param_name("in"), "in_")
        self.assertEqual(swift.param_name("protocol"), "protocol_")
        taken: set = set()
        self.assertEqual([swift.case_name(v, taken) for v in ["default", "unknown", "sign_up", "2fa"]],
                         ["`default`", "unknownValue", "signUp", "v2fa"])

    def test_string_literals_escape_what_swift_would_read_otherwise(self):
        self.assertEqual(swift.sstr('say "hi"\\(x)\n\x01é'), '"say \\"hi\\"\\\\(x)\\n\\u{1}é"')

    def test_union_case_names(self):
        self.assertEqual(swift.lower_first("JWKSRsaPublicKey"), "jwksRsaPublicKey")
        self.assertEqual(swift.lower_first("VerificationOtp"), "verificationOtp")
        self.assertEqual(swift.lower_first("Token"), "token")

    def test_enum_case_with_a_keyword_name_is_used_without_backticks_after_a_dot(self):
        text = swift.render_enum({"name": "Mode", "kind": "enum", "values": ["default", "strict"]}, swift.Types({"schemas": []}))
        self.assertIn("    case `default`\n", text)
        self.assertIn('        case "default": self = .default\n', text)
        self.assertIn('        case .default: return "default"\n', text)


if __name__ == "__main__":
    unittest.main()
