#!/usr/bin/env python3
"""Generate the operation table, models and typed resources from the Backend API spec.

    python3 scripts/generate.py            # rewrite core/src/generated/
    python3 scripts/generate.py --check    # exit 1 (listing files) if that would change anything

The spec is read from ../shared/openapi (relative to the repository root),
overridable with CLERK_OPENAPI_DIR or --openapi-dir; it is never copied into
the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "core" / "src" / "generated"
# Emitters with their own command line, run after the IR is written (if present).
BINDING_EMITTERS = (
    "scripts/gen/python.py",
    "scripts/gen/node_ops.py",
    "scripts/gen/typescript.py",
    "scripts/gen/kotlin.py",
    "scripts/gen/swift.py",
)


# PyYAML goes here when the interpreter lacks it: project-local (git-ignored), so it
# works on externally managed system Pythons and changes nothing outside the repo.
PYDEPS = ROOT / "target" / "pydeps"


def ensure_yaml() -> None:
    if importlib.util.find_spec("yaml") is not None:
        return
    sys.path.insert(0, str(PYDEPS))
    if importlib.util.find_spec("yaml") is not None:
        return
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target", str(PYDEPS), "PyYAML"]
    if subprocess.run(cmd).returncode != 0:
        raise SystemExit("error: PyYAML is missing and `pip install PyYAML` failed; install it and re-run")
    importlib.invalidate_caches()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if re-generating would change committed output")
    ap.add_argument("--openapi-dir", default=os.environ.get("CLERK_OPENAPI_DIR"), help="directory of the OpenAPI specs")
    ap.add_argument("--seed-dir", default=None, help="directory of python-signatures.json (default: ../shared/seed)")
    args = ap.parse_args()

    ensure_yaml()
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen import emit  # noqa: E402 - needs PyYAML installed first

    shared = ROOT.parent / "shared"
    openapi_dir = Path(args.openapi_dir) if args.openapi_dir else shared / "openapi"
    seed_dir = Path(args.seed_dir) if args.seed_dir else shared / "seed"
    if not openapi_dir.is_dir():
        print(f"error: OpenAPI directory not found: {openapi_dir} (set CLERK_OPENAPI_DIR)", file=sys.stderr)
        return 2

    files = emit.render_all(openapi_dir, seed_dir)
    if args.check:
        changed = emit.diff(files)
        if changed:
            print("generated output is out of date; run python3 scripts/generate.py:", file=sys.stderr)
            for f in changed:
                print(f"  {f}", file=sys.stderr)
        else:
            print(f"generated output is up to date ({len(files)} files)")
        status = 1 if changed else 0
    else:
        written = emit.write(files)
        print(f"wrote {written} of {len(files)} files under {OUT_DIR.relative_to(ROOT)}")
        status = 0
    return max(status, run_binding_emitters(args.check))


def run_binding_emitters(check: bool) -> int:
    """Binding emitters that read the written ir.json (the Python surface), so one
    command regenerates, and one check covers, every generated file."""
    status = 0
    for script in BINDING_EMITTERS:
        path = ROOT / script
        if path.is_file():
            cmd = [sys.executable, str(path)] + (["--check"] if check else [])
            status = max(status, subprocess.run(cmd, cwd=ROOT).returncode)
    return status


if __name__ == "__main__":
    sys.exit(main())
