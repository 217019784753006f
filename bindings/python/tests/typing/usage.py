"""Real usage of the SDK, checked with `mypy --strict` against the stubs."""

from __future__ import annotations

import asyncio
import logging
from typing import List, Optional

import httpx

import clerk_backend
from clerk_backend import Clerk, models
from clerk_backend.jwks_helpers import AuthenticateRequestOptions, authenticate_request
from clerk_backend.utils import BackoffStrategy, RetryConfig


def list_emails(clerk: Clerk) -> List[str]:
    users: List[models.User] = clerk.users.list(request={"limit": 10, "order_by": "-created_at"})
    out: List[str] = []
    for u in users:
        for e in u.email_addresses:
            out.append(e.email_address)
    return out


def get_name(clerk: Clerk, user_id: str) -> Optional[str]:
    user = clerk.users.get(user_id=user_id, retries=RetryConfig("backoff", BackoffStrategy(1, 50, 1.1, 100), False))
    plan = user.public_metadata.get("plan") if user.public_metadata else None
    del plan
    return user.first_name


def create(clerk: Clerk) -> str:
    res = clerk.users.create(email_address=["a@example.com"], first_name="Ada", timeout_ms=5000, http_headers={"x-a": "b"})
    return res.id


def errors(clerk: Clerk) -> None:
    try:
        clerk.clients.verify(request={"token": "jwt_token_example"})
    except models.ClerkErrors as e:
        code: str = e.data.errors[0].code
        trace: Optional[str] = e.data.clerk_trace_id
        status: int = e.status_code
        del code, trace, status
    except models.SDKError as e:
        body: str = e.body
        del body


def enums(clerk: Clerk) -> None:
    clerk.m2m.create_token(token_format=clerk_backend.TokenFormat.JWT)
    clerk.m2m.create_token(token_format="opaque")


def pages(clerk: Clerk) -> int:
    return sum(1 for _ in clerk.users.list_iter(request={"limit": 100}))


def is_signed_in(request: httpx.Request) -> bool:
    sdk = Clerk(bearer_auth="sk_test_x")
    state = sdk.authenticate_request(request, AuthenticateRequestOptions(authorized_parties=["https://example.com"]))
    state2 = authenticate_request(request, AuthenticateRequestOptions())
    return state.is_signed_in and not state2.is_signed_in


async def main() -> None:
    async with Clerk(debug_logger=logging.getLogger("x"), client=httpx.Client(headers={"x": "y"})) as clerk:
        u = await clerk.users.get_async(user_id="user_1")
        print(u.id, u.to_dict())
        async for item in clerk.users.list_iter_async(request={"limit": 10}):
            print(item.id)
        await clerk.users.set_profile_image_async(user_id="u", file={"file_name": "a.png", "content": b"x", "content_type": "image/png"})


if __name__ == "__main__":
    asyncio.run(main())
