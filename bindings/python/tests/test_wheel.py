"""The wheel that scripts/build.sh built installs into a brand-new venv and works there.

(`scripts/test.sh` builds the wheel right before running these tests.)"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import venv

import clerk_backend

HERE = os.path.dirname(os.path.abspath(__file__))
# scripts/build.sh records the wheel it installed here (debug wheels live under
# the cargo target dir, release wheels in dist/: the same file name, never one folder).
WHEEL_RECORD = os.path.join(sys.prefix, "clerk-backend-wheel.txt")


def test_tests_run_against_the_installed_package_not_the_source_tree():
    pkg = os.path.realpath(os.path.dirname(clerk_backend.__file__))
    source = os.path.realpath(os.path.join(HERE, "..", "python"))
    assert not pkg.startswith(source)
    assert "site-packages" in pkg


def test_wheel_installs_into_a_new_venv(tmp_path):
    assert os.path.isfile(WHEEL_RECORD), f"no {WHEEL_RECORD}: install the wheel with scripts/build.sh"
    with open(WHEEL_RECORD, encoding="utf-8") as f:
        wheel = f.read().strip()
    assert os.path.isfile(wheel), wheel
    assert glob.glob(os.path.join(os.path.dirname(wheel), "clerk_backend-*.whl")) == [wheel], "one wheel per folder"
    assert "abi3" in os.path.basename(wheel) and "cp39" in os.path.basename(wheel)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = str(env_dir / "bin" / "python")
    subprocess.run([py, "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", wheel], check=True)
    code = (
        "import clerk_backend, os, sys\n"
        "from clerk_backend import Clerk, models\n"
        "from clerk_backend.utils import RetryConfig, BackoffStrategy\n"
        "from clerk_backend.jwks_helpers import authenticate_request, AuthenticateRequestOptions\n"
        "c = Clerk(bearer_auth='sk_test_x', server_url='http://127.0.0.1:9/v1')\n"
        "assert callable(c.users.list) and callable(c.users.list_async)\n"
        "assert os.path.isfile(os.path.join(os.path.dirname(clerk_backend.__file__), 'py.typed'))\n"
        "print(clerk_backend.__file__)\n"
    )
    out = subprocess.run([py, "-c", code], check=True, capture_output=True, text=True, cwd=str(tmp_path)).stdout
    assert str(env_dir) in out
    # no third-party Python dependencies came along
    freeze = subprocess.run([py, "-m", "pip", "freeze"], check=True, capture_output=True, text=True).stdout.splitlines()
    assert [p for p in freeze if not p.lower().startswith("clerk")] == [], freeze
