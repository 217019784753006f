"""Auth options are parsed by the core (`from_json`): wrong types and values
raise the right Python error naming the option, before any verification."""

from __future__ import annotations

import pytest

from clerk_backend.security import Authenticator, AuthenticateRequestOptions, VerifyTokenOptions


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


def test_unknown_extra_options_are_ignored():
    opts = AuthenticateRequestOptions(publishable_key="pk_test_Y2xlcmsuZXhhbXBsZS5jb20k", jwt_key="x",
                                      extra={"not_an_option": object()})
    state = Authenticator(now=0).authenticate_request({"host": "a.example"}, opts)
    assert state.status.value == "signed-out"
