"""Parsed auth options are cached per options object; changes must still take effect."""

from __future__ import annotations

import json

import pytest

from clerk_backend.security import Authenticator, TokenVerificationError, VerifyTokenOptions

from conftest import vector_file

with open(vector_file("CLERK_AUTH_VECTORS", "auth-vectors.json"), encoding="utf-8") as _f:
    _DATA = json.load(_f)
_VECTOR = next(v for v in _DATA["vectors"] if v["id"] == "header-bearer-valid")
TOKEN = _VECTOR["request"]["headers"]["authorization"].split(" ", 1)[1]
GOOD_KEY = _VECTOR["options"]["jwt_key"]
OTHER_KEY = _DATA["keys"]["attacker"]["public_pem"]
AZP = _VECTOR["request"]["headers"].get("origin") or "https://app.example.com"


def _auth() -> Authenticator:
    return Authenticator(now=_VECTOR["now"])


def test_reassigned_key_takes_effect():
    opts = VerifyTokenOptions(jwt_key=GOOD_KEY)
    auth = _auth()
    assert auth.verify_token(TOKEN, opts)["sub"].startswith("user_")
    opts.jwt_key = OTHER_KEY
    with pytest.raises(TokenVerificationError):
        auth.verify_token(TOKEN, opts)
    opts.jwt_key = GOOD_KEY
    assert auth.verify_token(TOKEN, opts)["sub"].startswith("user_")


def test_list_changed_in_place_takes_effect():
    opts = VerifyTokenOptions(jwt_key=GOOD_KEY, authorized_parties=["https://other.example.com"])
    auth = _auth()
    with pytest.raises(TokenVerificationError) as ei:
        auth.verify_token(TOKEN, opts)
    assert "azp" in str(ei.value.reason) or "authorized" in str(ei.value.reason)
    opts.authorized_parties.append(AZP)
    assert auth.verify_token(TOKEN, opts)["azp"] == AZP


def test_environment_change_takes_effect(monkeypatch):
    opts = VerifyTokenOptions()
    auth = _auth()
    monkeypatch.setenv("CLERK_JWT_KEY", GOOD_KEY)
    monkeypatch.delenv("CLERK_SECRET_KEY", raising=False)
    assert auth.verify_token(TOKEN, opts)["sub"].startswith("user_")
    monkeypatch.setenv("CLERK_JWT_KEY", OTHER_KEY)
    with pytest.raises(TokenVerificationError):
        auth.verify_token(TOKEN, opts)
