"""Text that people typed or programs sent: no control characters, in any field.

A control character in a title or a name is never meant (it comes from a broken export or an
attack on whatever prints the text later); free-text fields keep line breaks and tabs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

MULTILINE_FIELDS = frozenset({"note", "text", "reason", "settings"})
"""Fields (and everything below them) where line breaks and tabs are text."""

LINE_BREAKS = frozenset("\n\r\t")


def control_character(text: str, multiline: bool = False) -> str | None:
    """The first control character in ``text`` (as ``U+0007``), or None."""
    for char in text:
        if unicodedata.category(char) == "Cc" and not (multiline and char in LINE_BREAKS):
            return f"U+{ord(char):04X}"
    return None


def control_character_field(value: Any, path: str = "", multiline: bool = False) -> str | None:
    """``field: why`` for the first text inside ``value`` (a model, mapping, list or string) that
    holds a control character, or None."""
    if isinstance(value, str):
        found = control_character(value, multiline)
        return None if found is None else f"{path or 'value'}: control character {found} is not allowed"
    if isinstance(value, BaseModel):
        items: Any = ((name, getattr(value, name)) for name in type(value).model_fields)
    elif isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        name = str(key)
        inner = multiline or name in MULTILINE_FIELDS
        if isinstance(value, Mapping) and (why := control_character_field(name, path, inner)) is not None:
            return why  # a mapping's keys are text too
        if (why := control_character_field(item, f"{path}.{name}" if path else name, inner)) is not None:
            return why
    return None
