"""Auth options are parsed by the core (`from_json`): wrong types and values
raise the right Python error naming the option, before any verification."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from clerk_backend.security import Authenticator, AuthenticateRequestOptions, TokenVerificationError, VerifyTokenOptions

from conftest import vector_file


def _vector(vid: str):
    with open(vector_file("CLERK_AUTH_VECTORS", "auth-vectors.json"), encoding="utf-8") as f:
        return next(v for v in json.load(f)["vectors"] if v["id"] == vid)


def test_wrong_type_is_a_type_error_naming_the_option():
    with pytest.raises(TypeError, match="jwt_key"):
        Authenticator(now=0).verify_token("a.b.c", VerifyTokenOptions(jwt_key=5))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="authorized_parties"):
        Authenticator(now=0).verify_token("a.b.c", VerifyTokenOptions(authorized_parties=["ok", object()]))  # type: ignore[list-item]


def test_bad_value_is_a_value_error():
    with pytest.raises(ValueError, match="accepts_token"):
        Authenticator(now=0).authenticate_request({"authorization": "Bearer x"},
                                                  AuthenticateRequestOptions(publishable_key="pk_test_Y2xlcmsuZXhhbXBsZS5jb20k",
                                                                             accepts_token="bogus"))
    with pytest.raises(ValueError, match="max_token_length"):
        Authenticator(now=0).verify_token("a.b.c", {"max_token_length": -1})  # type: ignore[arg-type]


_PK = "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k"
_VERIFY_NAMES = [f.name for f in dataclasses.fields(VerifyTokenOptions)]
_REQUEST_NAMES = [f.name for f in dataclasses.fields(AuthenticateRequestOptions) if f.name != "extra"]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


def _variants(name: str):
    """The name misspelled and in camelCase (when that differs)."""
    return [v for v in {name + "s", name[:-1], _camel(name)} if v != name and v not in _REQUEST_NAMES]


@pytest.mark.parametrize("name", _REQUEST_NAMES)
def test_every_misspelled_or_camel_case_request_option_is_a_type_error_naming_it(name):
    for bad in _variants(name):
        for opts in (AuthenticateRequestOptions(publishable_key=_PK, jwt_key="x", extra={bad: "x"}),
                     {"publishable_key": _PK, "jwt_key": "x", bad: "x"}):
            with pytest.raises(TypeError, match=re.escape(f"`{bad}`")):
                Authenticator(now=0).authenticate_request({"host": "a.example"}, opts)


@pytest.mark.parametrize("name", _VERIFY_NAMES)
def test_every_misspelled_or_camel_case_verify_option_is_a_type_error_naming_it(name):
    for bad in _variants(name):
        with pytest.raises(TypeError, match=re.escape(f"`{bad}`")):
            Authenticator(now=0).verify_token("a.b.c", {"jwt_key": "x", bad: None})


def test_a_misspelled_authorized_parties_cannot_accept_a_foreign_azp():
    """The reproduction of issue 8 item 5: the token's azp is not allowed; the
    misspelled option used to be ignored and the token accepted."""
    v = _vector("session-azp-unauthorized")
    token = v["request"]["headers"]["authorization"].split(" ", 1)[1]
    parties = v["options"]["authorized_parties"]
    auth = Authenticator(now=v["now"])
    with pytest.raises(TokenVerificationError):
        auth.verify_token(token, {"jwt_key": v["options"]["jwt_key"], "authorized_parties": parties})
    for bad in ("authorizedParties", "authorized_partys"):
        with pytest.raises(TypeError, match="did you mean `authorized_parties`"):
            auth.verify_token(token, {"jwt_key": v["options"]["jwt_key"], bad: parties})
        with pytest.raises(TypeError, match=bad):
            auth.authenticate_request({"authorization": f"Bearer {token}"},
                                      AuthenticateRequestOptions(jwt_key=v["options"]["jwt_key"], extra={bad: parties}))


def test_request_only_options_are_named_for_verify_token():
    with pytest.raises(TypeError, match="authenticate_request"):
        Authenticator(now=0).verify_token("a.b.c", {"jwt_key": "x", "publishable_key": _PK})


def test_environment_fills_only_the_options_of_the_function(monkeypatch):
    # CLERK_PUBLISHABLE_KEY is not a verify_token option: it must not be passed to it.
    monkeypatch.setenv("CLERK_PUBLISHABLE_KEY", _PK)
    monkeypatch.setenv("CLERK_MACHINE_SECRET_KEY", "sk_test_machine")
    with pytest.raises(TokenVerificationError):
        Authenticator(now=0).verify_token("a.b.c", VerifyTokenOptions(jwt_key="x"))


def test_webhook_options_are_keywords():
    from clerk_backend.security import verify_webhook

    with pytest.raises(TypeError):
        verify_webhook(b"{}", {}, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", toleranceSeconds=5)  # type: ignore[call-arg]
