"""The words of the HTTP error messages (entrypoints/http/errors.py and auth.py), without a server."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from entrypoints.http.auth import _refuse_another_scheme
from entrypoints.http.errors import validation_message

WHOLE_BODY = {"type": "model_attributes_type", "loc": ("body",), "msg": "Input should be a valid dictionary"}


@pytest.mark.parametrize(
    ("content_type", "said"),
    [
        (
            "application/x-www-form-urlencoded",
            "body: must be JSON (Content-Type: application/json), not application/x-www-form-urlencoded",
        ),
        ("text/plain; charset=utf-8", "body: must be JSON (Content-Type: application/json), not text/plain"),
        ("application/json", "body: must be a JSON object ({...}), not an array or a single value"),
        (
            "application/merge-patch+json",
            "body: must be a JSON object ({...}), not an array or a single value",
        ),
    ],
)
def test_a_body_that_is_not_an_object_is_told_what_to_send(content_type: str, said: str) -> None:
    message, details = validation_message([WHOLE_BODY], content_type)
    assert message == said and "dictionary" not in message
    assert details == [{"field": "body", "message": said.removeprefix("body: ")}]


def test_errors_inside_the_body_keep_their_own_message() -> None:
    inner = {"type": "missing", "loc": ("body", "currency"), "msg": "Field required"}
    assert validation_message([inner], "text/plain")[0] == "currency: Field required"
    missing = {"type": "missing", "loc": ("body",), "msg": "Field required"}
    assert (
        validation_message([missing], "")[0]
        == "body: required: a JSON object (Content-Type: application/json)"
    )


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        ("oh_secret-key", "has no 'Bearer ' before the key"),
        ("Token oh_secret-key", "uses the scheme 'Token'"),
        ("Basic dXNlcjpwdw==", "uses the scheme 'Basic'"),
    ],
)
def test_a_header_without_bearer_is_named_for_what_it_is(sent: str, said: str) -> None:
    with pytest.raises(HTTPException) as refused:
        _refuse_another_scheme(sent)
    assert refused.value.status_code == 401
    assert said in refused.value.detail and "missing" not in refused.value.detail
    assert "secret" not in refused.value.detail and "dXNlcjpwdw" not in refused.value.detail


@pytest.mark.parametrize("sent", ["", "Bearer", "bearer x", "Bearer "])
def test_no_header_or_a_bearer_one_is_left_to_the_key_check(sent: str) -> None:
    _refuse_another_scheme(sent)
