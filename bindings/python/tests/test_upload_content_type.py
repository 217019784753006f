"""A file's `content_type` is sent as given, well-formed MIME or not, as the
official SDK does; only what would corrupt the request is refused, before
anything is sent (issue 9, item 3)."""

from __future__ import annotations

import pytest

from clerk_backend.models import errors
from conftest import Reply


def user() -> dict:
    return {"id": "user_1", "object": "user"}


def part_head(body: bytes) -> str:
    start = body.index(b"Content-Disposition")
    return body[start:body.index(b"\r\n\r\n", start)].decode()


@pytest.mark.parametrize("ctype", ["image", "not a mime type", "image//png", "(image)/[png]", "image/png; charset=\"a b\"; ;"])
def test_a_content_type_that_is_not_well_formed_mime_is_sent_as_given(server, clerk, ctype):
    server.route("POST", "/users/u/profile_image", Reply(200, user()))
    clerk.users.set_profile_image(user_id="u", file={"file_name": "a.png", "content": b"png", "content_type": ctype})
    (call,) = server.calls("POST", "/users/u/profile_image")
    lines = [line.lower() for line in part_head(call.body).split("\r\n")]
    assert f"content-type: {ctype}".lower() in lines


@pytest.mark.parametrize("ctype", ["image/png\r\nX-Injected: 1", "image/png\nx", "image/\x00png", "imäge/png"])
def test_what_would_break_the_part_headers_is_refused_before_sending(server, clerk, ctype):
    server.route("POST", "/users/u/profile_image", Reply(200, user()))
    with pytest.raises(errors.InvalidArgumentError) as info:
        clerk.users.set_profile_image(user_id="u", file={"file_name": "a.png", "content": b"png", "content_type": ctype})
    assert "content_type" in info.value.parameter
    assert server.requests == []


def test_a_file_name_with_a_line_break_is_refused(server, clerk):
    with pytest.raises(errors.InvalidArgumentError) as info:
        clerk.users.set_profile_image(user_id="u", file={"file_name": "a\r\n.png", "content": b"png", "content_type": "image/png"})
    assert "file_name" in info.value.parameter
    assert server.requests == []
