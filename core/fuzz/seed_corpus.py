#!/usr/bin/env python3
"""Seeds corpus/<target>/ from the shared test vectors (tokens, cookie
headers, webhook headers and bodies). Run from core/fuzz; the corpus is
generated, not committed."""
import hashlib, json, os, pathlib, sys

here = pathlib.Path(__file__).resolve().parent
testdata = pathlib.Path(os.environ.get("CLERK_TESTDATA", here / "../../../shared/testdata")).resolve()

def put(target, data: bytes):
    d = here / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

auth = json.loads((testdata / "auth-vectors.json").read_text())
steps = list(auth["vectors"]) + [s for seq in auth.get("sequences", []) for s in seq["steps"]]
n = 0
for v in steps:
    h = v["request"]["headers"]
    if "authorization" in h:
        value = h["authorization"]
        put("token_parse", value.encode()); n += 1
        put("token_parse", value.split(" ", 1)[-1].encode()); n += 1
    if "cookie" in h:
        put("token_parse", h["cookie"].encode()); n += 1
k = 0
for v in steps:
    if "options" in v:
        put("auth_options", json.dumps(v["options"]).encode()); k += 1
hooks = json.loads((testdata / "webhook-vectors.json").read_text())
m = 0
for v in hooks["vectors"]:
    h = v["headers"]
    get = lambda k: h.get(k) or h.get(k.replace("svix-", "webhook-"), "")
    put("webhook_headers", "\n".join([get("svix-id"), get("svix-timestamp"), get("svix-signature"), v["body"]]).encode()); m += 1
print(f"seeded {n} token inputs, {k} option sets and {m} webhook inputs from {testdata}", file=sys.stderr)
