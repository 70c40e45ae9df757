"""What every request body must be, whatever the route: JSON, with no control characters in text.

One dependency of every API route (after the key check, so that a caller without a key learns
only that), so that no endpoint can forget it.
"""

from __future__ import annotations

import json

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError

from domain.text import control_character_field

JSON_TYPES = ("application/json",)


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in JSON_TYPES or (media.startswith("application/") and media.endswith("+json"))


def content_type_problem(content_type: str | None) -> str | None:
    """Why a (non-empty) body cannot be taken, by its Content-Type; None for JSON."""
    if content_type is not None and is_json(content_type):
        return None
    got = f"got {content_type!r}" if content_type else "no Content-Type was sent"
    return f"the body must be JSON sent with 'Content-Type: application/json' ({got})"


def _may_hold_control_characters(body: bytes) -> bool:
    # Raw C0 characters make the JSON itself invalid (reported by the route); what can smuggle a
    # control character into a string is an escape, a raw DEL or a C1 character (UTF-8 C2 80-9F).
    return b"\\u" in body or b"\x7f" in body or b"\xc2" in body


def control_character_problem(body: bytes) -> str | None:
    """``field: why`` for the first text field of a JSON body holding a control character."""
    if not _may_hold_control_characters(body):
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None  # not JSON: the route answers why
    return control_character_field(document)


async def strict_body(request: Request) -> None:
    """415 for a body that is not JSON; 422 naming the field for a control character in text."""
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    body = await request.body()  # read once by FastAPI already: this is its cached copy
    if not body.strip():
        return
    if (wrong_type := content_type_problem(request.headers.get("content-type"))) is not None:
        raise HTTPException(415, wrong_type)
    if (why := control_character_problem(body)) is not None:
        field, _, message = why.partition(": ")
        raise RequestValidationError(
            [{"type": "control_character", "loc": ("body", field), "msg": message, "input": None}]
        )
