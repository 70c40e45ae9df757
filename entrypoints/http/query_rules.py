"""Query strings hold only what the route declares, each parameter once (unless it is a list).

A misspelt filter (``?sourc=ebay``) would otherwise be ignored and answer every order, and of a
repeated one the last value would silently win. One app-wide dependency reads each route's own
declared parameters, so a new route is covered without doing anything.
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError

LIST_TYPES = (list, tuple, set, frozenset)
_DECLARED: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
"""By the route's dependant (routes live as long as the app): reading them on every request costs."""


def _declared(dependant: Dependant) -> tuple[frozenset[str], frozenset[str]]:
    """(every query parameter the route takes, those that may repeat), through its dependencies."""
    known = _DECLARED.get(id(dependant))
    if known is not None:
        return known
    names: set[str] = set()
    repeatable: set[str] = set()
    pending = [dependant]
    while pending:
        current = pending.pop()
        for field in current.query_params:
            names.add(field.alias)
            if _is_list(field.field_info.annotation):
                repeatable.add(field.alias)
        pending.extend(current.dependencies)
    known = _DECLARED[id(dependant)] = frozenset(names), frozenset(repeatable)
    return known


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) in LIST_TYPES:
        return True
    return any(_is_list(arg) for arg in get_args(annotation))


def query_problems(request: Request) -> list[dict[str, Any]]:
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not request.query_params:
        return []
    names, repeatable = _declared(dependant)
    takes = ", ".join(sorted(names)) or "none"
    problems = []
    for name in dict.fromkeys(request.query_params.keys()):
        if name not in names:
            why = f"unknown query parameter (this endpoint takes: {takes})"
        elif name not in repeatable and len(request.query_params.getlist(name)) > 1:
            why = "given more than once; give it once"
        else:
            continue
        problems.append({"type": "query_parameter", "loc": ("query", name), "msg": why, "input": None})
    return problems


async def strict_query(request: Request) -> None:
    """An app-wide dependency: 422 naming each unknown or repeated query parameter."""
    problems = query_problems(request)
    if problems:
        raise RequestValidationError(problems)
