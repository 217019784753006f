#!/usr/bin/env python3
"""Python benchmark: clerk_backend (this repository) vs the official clerk-backend-api.

Driven by scripts/bench-python.sh, which builds both venvs and runs:
    bench-python.py serve PORTFILE            mock Backend API with realistic payloads
    bench-python.py token OUTFILE             RSA key + session JWT (official venv: has cryptography/PyJWT)
    bench-python.py measure SDK URL TOKENFILE one SDK's numbers as JSON (SDK = ours | official)
    bench-python.py import SDK                import + Clerk(...) cost, as JSON
    bench-python.py report A.json B.json      the markdown table

CPU times are process CPU (`time.process_time`: every thread of the process,
so the Rust core's runtime threads count too), per operation.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time

SECRET = "sk_test_" + "b" * 40
NOW_MS = 1764115200000


_FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis", "Radia", "Linus",
          "Katherine", "John", "Sophie", "Niklaus", "Hedy", "Tim", "Annie", "Guido", "Jean", "Bjarne", "Anita", "James"]
_LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Ritchie", "Perlman",
         "Torvalds", "Johnson", "McCarthy", "Wilson", "Wirth", "Lamarr", "Berners-Lee", "Easley", "van Rossum", "Sammet"]


def realistic_user(i: int) -> dict:
    """A ~3 KB user, valid for both SDKs' models. Values vary per user the way
    real ones do (names, metadata, timestamps), so neither SDK profits from
    an unrealistically repetitive page."""
    rng = random.Random(i)
    uid = f"user_2x4Qm8ZbT1kLwP9cRfN3sV{i:05d}"
    created = NOW_MS - rng.randrange(400 * 86_400_000)
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    otp = lambda strategy: {"object": "verification_otp", "status": "verified", "strategy": strategy, "attempts": rng.randrange(1, 3),  # noqa: E731
                            "expire_at": created + rng.randrange(600_000)}
    email = lambda n, addr: {"id": f"idn_2x4Qm9aXcE5uYkH2gTn8Lp{i:04d}{n}", "object": "email_address", "email_address": addr,  # noqa: E731
                             "reserved": False, "verification": otp("email_code"), "linked_to": [], "matches_sso_connection": False,
                             "created_at": created + rng.randrange(1000), "updated_at": created + rng.randrange(10**9)}
    return {
        "id": uid, "object": "user", "username": f"{first.lower()}{i}", "first_name": first, "last_name": last,
        "locale": rng.choice(["en-GB", "en-US", "de-DE", "fr-FR", "es-ES", None]),
        "image_url": f"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCIsImlpZCI6Imluc18yeDRRbSIsInJpZCI6InVzZXJf{i:06d}In0",
        "profile_image_url": "https://www.gravatar.com/avatar?d=mp", "has_image": rng.random() < 0.3,
        "primary_email_address_id": f"idn_2x4Qm9aXcE5uYkH2gTn8Lp{i:04d}a", "primary_phone_number_id": f"idn_2x4QmPhone5uYkH2gTn8{i:04d}",
        "primary_web3_wallet_id": None, "password_enabled": rng.random() < 0.8, "two_factor_enabled": rng.random() < 0.2,
        "totp_enabled": False, "backup_code_enabled": False, "mfa_enabled_at": None, "mfa_disabled_at": None,
        "email_addresses": [email("a", f"{first.lower()}.{i}@example.com"), email("b", f"{first[0].lower()}{last.lower().replace(' ', '')}{i}@work.example.org")],
        "phone_numbers": [{"id": f"idn_2x4QmPhone5uYkH2gTn8{i:04d}", "object": "phone_number", "phone_number": f"+1555{rng.randrange(10**7):07d}",
                           "reserved_for_second_factor": False, "default_second_factor": False, "reserved": False,
                           "verification": otp("phone_code"), "linked_to": [], "backup_codes": None,
                           "created_at": created + rng.randrange(1000), "updated_at": created + rng.randrange(10**9)}],
        "web3_wallets": [], "passkeys": [], "external_accounts": [], "saml_accounts": [], "enterprise_accounts": [],
        "public_metadata": {"plan": rng.choice(["free", "pro", "business", "enterprise"]), "seats": rng.randrange(1, 200),
                            "features": rng.sample(["sso", "audit-log", "webhooks", "api", "exports", "scim"], rng.randrange(1, 5)),
                            "region": rng.choice(["eu-west-1", "us-east-1", "us-west-2", "ap-southeast-2"])},
        "private_metadata": {"stripe_customer_id": f"cus_Qx81mZk2{i:04d}", "crm_id": f"0035e00000{i:06d}",
                             "notes": rng.choice(["enterprise trial, renewal in Q3", "migrated from legacy auth", "", "VIP: route tickets to tier 2"])},
        "unsafe_metadata": {"onboarding": {"step": rng.randrange(1, 6), "completed": rng.random() < 0.7,
                                           "source": rng.choice(["landing-page-a", "landing-page-b", "referral", "ads"])},
                            "theme": rng.choice(["dark", "light", "system"])},
        "external_id": f"ext-{i:08d}", "last_sign_in_at": created + rng.randrange(10**10), "banned": False, "locked": False,
        "lockout_expires_in_seconds": None, "verification_attempts_remaining": 100, "created_at": created,
        "updated_at": created + rng.randrange(10**10), "delete_self_enabled": True, "create_organization_enabled": True,
        "create_organizations_limit": None, "last_active_at": created + rng.randrange(10**10), "legal_accepted_at": None,
        "bypass_client_trust": False,
    }


# --------------------------------------------------------------------------- mock server


def serve(portfile: str) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    users = json.dumps([realistic_user(i) for i in range(100)]).encode()
    one = json.dumps(realistic_user(1)).encode()

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # headers and body go out in two writes: without this, Nagle + delayed ACK add 40 ms
        disable_nagle_algorithm = True

        def log_message(self, *a):  # noqa: ANN002
            pass

        def _send(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            self._send(users if path == "/v1/users" else one)

        def do_POST(self) -> None:  # noqa: N802
            n = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(n)
            self._send(one)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    with open(portfile + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(portfile + ".tmp", portfile)
    srv.serve_forever()


# --------------------------------------------------------------------------- token


def make_token(out: str) -> None:
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    now = int(time.time())
    claims = {"azp": "https://app.example.com", "exp": now + 86400, "iat": now - 5, "nbf": now - 10, "iss": "https://clerk.example.com",
              "sid": "sess_2TestSessionAAAAAAAAAAAAAAA", "sub": "user_2TestUserAAAAAAAAAAAAAAAAAA", "v": 2, "fva": [3, -1]}
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "ins_bench"})
    with open(out, "w") as f:
        json.dump({"pem": pem, "token": token}, f)


# --------------------------------------------------------------------------- measurements


def cpu_per_op(fn, n: int, runs: int = 5) -> float:
    """Median over `runs` of process CPU seconds per call, after a warm-up."""
    for _ in range(max(2, n // 10)):
        fn()
    samples = []
    for _ in range(runs):
        t = time.process_time()
        for _ in range(n):
            fn()
        samples.append((time.process_time() - t) / n)
    return statistics.median(samples)


def measure(sdk: str, url: str, token_file: str) -> dict:
    import asyncio

    with open(token_file) as f:
        tok = json.load(f)
    if sdk == "ours":
        # The auth spec requires a publishable key (the official SDK does not read one).
        os.environ.setdefault("CLERK_PUBLISHABLE_KEY", "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k")
        from clerk_backend import Clerk
        from clerk_backend.jwks_helpers import AuthenticateRequestOptions, authenticate_request
        from clerk_backend.security import VerifyTokenOptions, verify_token
    else:
        from clerk_backend_api import Clerk  # type: ignore[no-redef]
        # 7.x has no `jwks_helpers` module any more; `security` has the same names.
        from clerk_backend_api.security import authenticate_request, verify_token  # type: ignore[no-redef]
        from clerk_backend_api.security.types import AuthenticateRequestOptions, VerifyTokenOptions  # type: ignore[no-redef]
    import httpx

    res: dict = {"sdk": sdk}
    clerk = Clerk(bearer_auth=SECRET, server_url=url)
    assert len(clerk.users.list(request={"limit": 100})) == 100
    res["users.list(limit=100)"] = cpu_per_op(lambda: clerk.users.list(request={"limit": 100}), 30)
    res["users.get"] = cpu_per_op(lambda: clerk.users.get(user_id="user_1"), 200)
    res["users.create"] = cpu_per_op(lambda: clerk.users.create(email_address=["a@example.com"], first_name="Ada", password="correct horse battery"), 200)

    req = httpx.Request("GET", "https://app.example.com/api", headers={"Authorization": "Bearer " + tok["token"]})
    opts = AuthenticateRequestOptions(jwt_key=tok["pem"], authorized_parties=["https://app.example.com"])
    assert authenticate_request(req, opts).is_signed_in
    res["authenticate_request (PEM)"] = cpu_per_op(lambda: authenticate_request(req, opts), 2000)
    vopts = VerifyTokenOptions(jwt_key=tok["pem"], authorized_parties=["https://app.example.com"])
    assert verify_token(tok["token"], vopts)["sub"].startswith("user_")
    res["verify_token (PEM)"] = cpu_per_op(lambda: verify_token(tok["token"], vopts), 2000)

    if sdk == "official":
        with httpx.Client(headers={"Authorization": "Bearer " + SECRET}) as h:
            res["httpx + json.loads, same list"] = cpu_per_op(lambda: json.loads(h.get(url + "/users", params={"limit": 100}).content), 30)

    async def concurrent() -> float:
        async with Clerk(bearer_auth=SECRET, server_url=url) as c:
            await asyncio.gather(*(c.users.list_async(request={"limit": 100}) for _ in range(32)))
            samples = []
            for _ in range(5):
                t = time.perf_counter()
                for _ in range(3):
                    results = await asyncio.gather(*(c.users.list_async(request={"limit": 100}) for _ in range(32)))
                    assert all(len(r) == 100 for r in results)
                samples.append(96 / (time.perf_counter() - t))
            return statistics.median(samples)

    res["32 concurrent list_async: calls/s"] = asyncio.run(concurrent())
    return res


def import_cost(sdk: str) -> dict:
    """Runs in a fresh interpreter: CPU and peak RSS of import + construction."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF)
    t = time.process_time()
    if sdk == "ours":
        from clerk_backend import Clerk
    else:
        from clerk_backend_api import Clerk  # type: ignore[no-redef]
    Clerk(bearer_auth=SECRET)
    cpu = time.process_time() - t
    after = resource.getrusage(resource.RUSAGE_SELF)
    del before
    return {"cpu_s": cpu, "peak_rss_mib": after.ru_maxrss / 1024}


def openssl_verify_us() -> float:
    """OpenSSL's raw RSA-2048 verify, CPU per operation (openssl speed, one core)."""
    import subprocess

    out = subprocess.run(["openssl", "speed", "-seconds", "3", "rsa2048"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if parts[:2] == ["rsa", "2048"] or (parts and parts[0] == "rsa" and "2048" in line and "bits" in line):
            nums = [float(p) for p in parts if p.replace(".", "", 1).isdigit()]
            verifies_per_s = nums[-1]
            return 1e6 / verifies_per_s
    raise RuntimeError("could not parse openssl speed output:\n" + out)


def report(files: list) -> str:
    runs = [json.load(open(f)) for f in files]
    ours = [r for r in runs if r["sdk"] == "ours"]
    off = [r for r in runs if r["sdk"] == "official"]
    meta = [r for r in runs if r["sdk"] == "meta"][0]

    def med(rs, k):
        vals = [r[k] for r in rs if k in r]
        return statistics.median(vals) if vals else float("nan")

    lines = ["| measure | official clerk-backend-api | clerk_backend | ratio (official / ours) | target |", "|---|---|---|---|---|"]
    imp_o, imp_u = meta["import_official"], meta["import_ours"]
    lines.append(f"| import + `Clerk(...)`, CPU | {imp_o['cpu_s'] * 1000:.0f} ms | {imp_u['cpu_s'] * 1000:.1f} ms | {imp_o['cpu_s'] / imp_u['cpu_s']:.1f}× | ≥ 15× |")
    lines.append(f"| import + `Clerk(...)`, peak RSS | {imp_o['peak_rss_mib']:.0f} MiB | {imp_u['peak_rss_mib']:.1f} MiB | | ≤ 20 MiB |")
    targets = {"users.list(limit=100)": "≥ 15×", "users.get": "≥ 10×", "users.create": "≥ 10×"}
    for k in ("users.list(limit=100)", "users.get", "users.create"):
        o, u = med(off, k), med(ours, k)
        lines.append(f"| `{k}`, CPU per call | {o * 1e3:.2f} ms | {u * 1e3:.3f} ms | {o / u:.1f}× | {targets[k]} |")
    hx = med(off, "httpx + json.loads, same list")
    lines.append(f"| plain `httpx` + `json.loads`, same list | {hx * 1e3:.2f} ms | (ours: {med(ours, 'users.list(limit=100)') * 1e3:.3f} ms) | {hx / med(ours, 'users.list(limit=100)'):.1f}× | ours faster |")
    ossl = meta["openssl_verify_us"]
    for k, tgt in (("authenticate_request (PEM)", 1.5), ("verify_token (PEM)", 1.3)):
        o, u = med(off, k), med(ours, k)
        lines.append(f"| `{k}`, CPU per call | {o * 1e6:.0f} µs | {u * 1e6:.1f} µs ({u * 1e6 / ossl:.2f}× OpenSSL) | {o / u:.1f}× | ≤ {tgt}× OpenSSL ({ossl:.1f} µs) |")
    k = "32 concurrent list_async: calls/s"
    o, u = med(off, k), med(ours, k)
    lines.append(f"| 32 concurrent `list_async` (limit=100), throughput | {o:.0f} calls/s | {u:.0f} calls/s | {u / o:.1f}× (ours / official) | ≥ 5× |")
    return "\n".join(lines)


def main() -> None:
    cmd = sys.argv[1]
    if cmd == "serve":
        serve(sys.argv[2])
    elif cmd == "token":
        make_token(sys.argv[2])
    elif cmd == "measure":
        print(json.dumps(measure(sys.argv[2], sys.argv[3], sys.argv[4])))
    elif cmd == "import":
        print(json.dumps(import_cost(sys.argv[2])))
    elif cmd == "openssl":
        print(json.dumps(openssl_verify_us()))
    elif cmd == "report":
        print(report(sys.argv[2:]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
