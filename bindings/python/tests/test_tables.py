"""The Python layer's hand-written copies of the core's lists (reason enums,
statuses, token types, the error codes it maps) equal the core's tables."""

import json

from clerk_backend import _native
from clerk_backend.models import errors as model_errors
from clerk_backend import security
from clerk_backend.security.types import AuthErrorReason, AuthStatus, TokenType, TokenVerificationErrorReason

TABLES = json.loads(_native.tables_json())


def values(enum):
    return sorted(m.value for m in enum)


def test_token_verification_reasons_equal_the_core():
    assert values(TokenVerificationErrorReason) == sorted(TABLES["token_verification_reasons"])


def test_auth_error_reasons_equal_the_core():
    assert values(AuthErrorReason) == sorted(TABLES["auth_error_reasons"])


def test_statuses_and_token_types_equal_the_core():
    assert values(AuthStatus) == sorted(TABLES["auth_statuses"])
    assert values(TokenType) == sorted(TABLES["token_types"])


def test_mapped_error_codes_are_the_cores():
    core = {c["code"] for c in TABLES["error_codes"]}
    mapped = set(model_errors._MAPPED_CODES) | set(security._MAPPED_CODES)
    assert mapped <= core, mapped - core
    # Every code a client call or a verification can raise has a mapping: only
    # the boundary's own codes (C's cancelled / internal) are left to SDKError.
    assert core - mapped <= {"cancelled", "internal"}, core - mapped


def test_native_errors_carry_named_fields():
    client = _native.NativeClient({"server_url": "http://127.0.0.1:9/v1"})
    try:
        client.call("users.nope", {})
    except _native.NativeError as e:
        assert e.code == "invalid_argument" and e.parameter and e.detail
        assert isinstance(e.headers, list) and e.status is None
    else:
        raise AssertionError("an unknown operation is refused")
