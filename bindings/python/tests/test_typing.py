"""Typing: the stubs type real usage under `mypy --strict`, and match the module."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import clerk_backend
from clerk_backend import Clerk, models
from clerk_backend._generated.operations import OPERATIONS
from clerk_backend._generated.schemas import SCHEMAS

PKG = os.path.dirname(clerk_backend.__file__)
HERE = os.path.dirname(__file__)
OPTIONS = {"retries", "server_url", "timeout_ms", "http_headers"}


def test_mypy_strict_over_real_usage():
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
                        os.path.join(HERE, "typing", "usage.py")], capture_output=True, text=True, cwd=HERE)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_rejects_a_wrong_keyword(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from clerk_backend import Clerk\nClerk().users.get(user_idd='x')\n")
    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(bad)],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "user_idd" in r.stdout


def _stub_classes(path: str):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def test_sdk_stub_matches_the_runtime_table():
    classes = _stub_classes(os.path.join(PKG, "sdk.pyi"))
    clerk_cls = classes["Clerk"]
    stub_groups = {n.target.id: n.annotation.id for n in clerk_cls.body if isinstance(n, ast.AnnAssign)}  # type: ignore[union-attr]
    assert set(stub_groups) == set(OPERATIONS)
    c = Clerk(bearer_auth="sk_test_x", server_url="http://127.0.0.1:9/v1")
    for group, cls_name in stub_groups.items():
        resource = getattr(c, group)
        for fn in classes[cls_name].body:
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            assert callable(getattr(resource, fn.name)), f"{group}.{fn.name}"
            base = fn.name
            for suffix in ("_iter_async", "_async", "_iter"):
                if base.endswith(suffix) and base[: -len(suffix)] in OPERATIONS[group]:
                    base = base[: -len(suffix)]
                    break
            row = OPERATIONS[group][base]
            runtime_kws = {kw for kw, _, _ in row[2]} | OPTIONS | {"request"}
            stub_kws = {a.arg for a in fn.args.kwonlyargs}
            assert stub_kws <= runtime_kws, f"{group}.{fn.name}: {stub_kws - runtime_kws}"
            assert {kw for kw, _, _ in row[2]} <= stub_kws | {"request"}, f"{group}.{fn.name}"
        stub_methods = {fn.name for fn in classes[cls_name].body if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))}
        assert set(dir(resource)) == stub_methods, group


def test_models_stub_matches_the_schemas():
    classes = _stub_classes(os.path.join(PKG, "models", "__init__.pyi"))
    for name, (fields, _, union) in SCHEMAS.items():
        if union is not None or name in ("ClerkErrors", "ClerkError"):
            continue
        assert name in classes, name
        cls = getattr(models, name)
        assert tuple(cls._fields) == fields
        stub_fields = {n.target.id for n in classes[name].body if isinstance(n, ast.AnnAssign)}  # type: ignore[union-attr]
        assert stub_fields <= set(fields), name


def test_py_typed_is_installed():
    assert os.path.isfile(os.path.join(PKG, "py.typed"))
