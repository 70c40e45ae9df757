"""What an operation documents: the model of its answer and the errors it can answer."""

from __future__ import annotations

from typing import Any

from entrypoints.http.errors import error_responses

Responses = dict[int | str, dict[str, Any]]

READ_MODEL_ERRORS = (503,)
"""Operations that read a projection answer 503 while it is stopped."""
BODY_ERRORS = (400, 413, 415)
"""Operations with a body: one that cannot be read (e.g. broken multipart), one too large."""


def answers(model: Any, *errors: int, status: int = 200, description: str | None = None) -> Responses:
    """``responses=`` of a route: its answer's model (for the document only: the routes return
    plain dicts, see response_models.py) and the error answers beyond 401 and 422 (every route)."""
    success = {"model": model, "description": description or "Success"}
    return {status: success, **error_responses(*errors)}
