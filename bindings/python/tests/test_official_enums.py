"""Every enum class the official SDK exports exists here, with every member
name and value it has (ours may have more): code written against
`clerk_backend_api.models.CreateAgentTaskPermissions.WILDCARD_` keeps working.

The official SDK is a test-only dependency (tests/requirements.txt). Run as a
script with `--snapshot` to print the generator's snapshot of it
(scripts/gen/official_enums.json) from the installed version.
"""

from __future__ import annotations

import enum
import importlib
import json
import sys
from typing import Dict


def official_enums() -> Dict[str, Dict[str, str]]:
    """Class name → {member name: value} of every Enum the official SDK exports
    at its top level or from `models` (both modules load their names lazily,
    so `dir()` is what lists them)."""
    import clerk_backend_api

    out: Dict[str, Dict[str, str]] = {}
    for mod in (clerk_backend_api, importlib.import_module("clerk_backend_api.models")):
        for name in dir(mod):
            value = getattr(mod, name, None)
            if isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__.startswith("clerk_backend_api"):
                out[name] = {m.name: m.value for m in value}
    return out


def test_official_sdk_exports_enums():
    # A guard against comparing with nothing (a broken install, a renamed module).
    enums = official_enums()
    assert len(enums) > 200
    assert enums["CreateAgentTaskPermissions"]["WILDCARD_"] == "*"


def test_every_official_enum_class_member_and_value_exists():
    import clerk_backend
    from clerk_backend import models

    missing = []
    for cls_name, members in sorted(official_enums().items()):
        for where, mod in (("clerk_backend", clerk_backend), ("clerk_backend.models", models)):
            ours = getattr(mod, cls_name, None)
            if not (isinstance(ours, type) and issubclass(ours, enum.Enum)):
                missing.append(f"{where}.{cls_name}")
                continue
            for member, value in members.items():
                got = getattr(ours, member, None)
                if not isinstance(got, ours) or got.value != value:
                    missing.append(f"{where}.{cls_name}.{member} = {value!r} (ours: {getattr(got, 'value', None)!r})")
            # the official member is the canonical name for its value, as it is there
            for member, value in members.items():
                if isinstance(getattr(ours, member, None), ours) and ours(value).name != member:
                    missing.append(f"{where}.{cls_name}({value!r}).name is {ours(value).name!r}, not {member!r}")
    assert missing == []


def test_reported_case():
    from clerk_backend import CreateAgentTaskPermissions, models

    assert CreateAgentTaskPermissions.WILDCARD_ == "*"
    assert models.CreateAgentTaskPermissions.WILDCARD_.value == "*"


if __name__ == "__main__" and sys.argv[1:] == ["--snapshot"]:
    import clerk_backend_api

    version = getattr(clerk_backend_api, "__version__", None) or importlib.metadata.version("clerk-backend-api")
    print(json.dumps({
        "_source": f"clerk-backend-api {version} (PyPI): every Enum class it exports from clerk_backend_api / "
                   "clerk_backend_api.models, member name -> value. Refresh: bindings/python/tests/"
                   "test_official_enums.py --snapshot (with the official SDK installed).",
        "enums": dict(sorted(official_enums().items())),
    }, indent=1))
