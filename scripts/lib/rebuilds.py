#!/usr/bin/env python3
"""How many compilation units each cargo command of a sequence adds to what the
commands before it built: what it would compile after them. Nothing is built;
cargo's unit graph is read (RUSTC_BOOTSTRAP lets stable cargo print it).

    scripts/lib/rebuilds.py 'test --workspace' 'build -p clerk-backend-c' ...

A unit is the same as an earlier one when its package, target, profile, mode
and features are, and so are (recursively) its dependencies: that is when cargo
reuses it (a profile's name, `test` or `dev`, is not part of it). Build-script
runs count as units too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import subprocess
import sys


def unit_graph(args: list[str]) -> dict:
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    out = subprocess.run(
        ["cargo", *args, "--unit-graph", "-Z", "unstable-options"], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def identities(graph: dict) -> dict[str, str]:
    """Identity of every unit, keyed by the identity, valued by a readable name."""
    units = graph["units"]
    memo: dict[int, str] = {}

    def ident(i: int) -> str:
        if i not in memo:
            u = units[i]
            # Cargo hashes a profile's settings, not its name: `test` and `dev` units are shared.
            profile = {k: v for k, v in u["profile"].items() if k != "name"}
            own = [u["pkg_id"], u["target"]["name"], u["target"]["kind"], profile, u["mode"], u["features"], u["platform"]]
            deps = sorted(ident(d["index"]) for d in u["dependencies"])
            memo[i] = hashlib.sha256(json.dumps([own, deps], sort_keys=True).encode()).hexdigest()
        return memo[i]

    return {ident(i): f"{u['pkg_id'].rsplit('#', 1)[-1]} ({u['mode']} {u['target']['name']})" for i, u in enumerate(units)}


def main() -> int:
    verbose = "-v" in sys.argv[1:]
    seen: set[str] = set()
    for cmd in [a for a in sys.argv[1:] if a != "-v"]:
        units = identities(unit_graph(shlex.split(cmd)))
        new = {k: v for k, v in units.items() if k not in seen}
        print(f"{len(new):4d} of {len(units):4d} units new: cargo {cmd}")
        if verbose:
            for name in sorted(new.values()):
                print(f"       {name}")
        seen.update(units)
    return 0


if __name__ == "__main__":
    sys.exit(main())
