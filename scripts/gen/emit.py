"""Runs the IR builder and the emitters; formats, compares and writes their files."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import ir as ir_mod
from . import rust

ROOT = Path(__file__).resolve().parents[2]
GENERATED = "core/src/generated"


def render_all(openapi_dir: Path, seed_dir: Path) -> dict[str, str]:
    """Every generated file, keyed by path relative to the repository root."""
    ir = ir_mod.build(openapi_dir, seed_dir)
    ir_json = ir_mod.to_json(ir)
    data = json.loads(ir_json)
    files = {f"{GENERATED}/ir.json": ir_json}
    files.update({f"{GENERATED}/{k}": v for k, v in rust.render(data).items()})
    return rustfmt(files)


def rustfmt(files: dict[str, str]) -> dict[str, str]:
    """Format the Rust files in one rustfmt run, so the output is stable."""
    rs = [p for p in files if p.endswith(".rs")]
    if not rs:
        return files
    exe = shutil.which("rustfmt")
    if exe is None:
        raise SystemExit("rustfmt not found: install it with `rustup component add rustfmt`")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for p in rs:
            dst = Path(tmp) / p
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(files[p], encoding="utf-8")
            paths.append(str(dst))
        # Fixed options so the output never depends on a user's rustfmt.toml.
        subprocess.run([exe, "--edition", "2021", "--config", "max_width=110"] + paths, check=True)
        out = dict(files)
        for p in rs:
            out[p] = (Path(tmp) / p).read_text(encoding="utf-8")
    return out


def _stale(files: dict[str, str]) -> list[str]:
    """Files under the generated folder that the generator no longer writes."""
    base = ROOT / GENERATED
    if not base.is_dir():
        return []
    have = {str(p.relative_to(ROOT)) for p in base.rglob("*") if p.is_file()}
    return sorted(have - set(files))


def diff(files: dict[str, str]) -> list[str]:
    changed = []
    for p, text in sorted(files.items()):
        dst = ROOT / p
        if not dst.is_file() or dst.read_text(encoding="utf-8") != text:
            changed.append(p)
    return changed + [f"{p} (stale)" for p in _stale(files)]


def write(files: dict[str, str]) -> int:
    n = 0
    for p, text in sorted(files.items()):
        dst = ROOT / p
        if dst.is_file() and dst.read_text(encoding="utf-8") == text:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(text, encoding="utf-8")
        n += 1
    for p in _stale(files):
        (ROOT / p).unlink()
    return n
