"""Options go to the core's one parser; its errors name Python's spelling of
the option. Environment defaults are applied by the core."""

import pytest

from clerk_backend import Clerk
from clerk_backend import security


def test_call_option_errors_name_the_python_keyword():
    clerk = Clerk(bearer_auth="sk_test_x", server_url="http://127.0.0.1:9/v1")
    with pytest.raises(TypeError, match="http_headers"):
        clerk.users.get(user_id="u", http_headers={"x-a": 1})
    with pytest.raises(TypeError, match="server_url"):
        clerk.users.get(user_id="u", server_url=5)
    with pytest.raises(ValueError, match="timeout_ms"):
        clerk.users.get(user_id="u", timeout_ms=float("nan"))


def test_client_option_errors_name_the_python_argument():
    with pytest.raises(TypeError, match="bearer_auth"):
        Clerk(bearer_auth=["sk_test_x"], server_url="http://127.0.0.1:9/v1")


def test_webhook_secret_comes_from_the_core_reading_the_environment(monkeypatch):
    monkeypatch.setenv("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_bm90LWEtcmVhbC1zZWNyZXQ=")
    with pytest.raises(security.WebhookVerificationError) as ei:
        security.verify_webhook(b"{}", {"svix-id": "msg_1", "svix-timestamp": "1", "svix-signature": "v1,AAAA"})
    # The secret was found (no config error); the signature is what fails.
    assert not isinstance(ei.value, security.WebhookConfigError), ei.value
    monkeypatch.delenv("CLERK_WEBHOOK_SIGNING_SECRET")
    with pytest.raises(security.WebhookConfigError):
        security.verify_webhook(b"{}", {"svix-id": "msg_1", "svix-timestamp": "1", "svix-signature": "v1,AAAA"})
