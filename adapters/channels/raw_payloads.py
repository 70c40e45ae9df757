"""What adapters do with an order payload they cannot trust, the same way for every channel.

* ``stand_in_id``: an order whose own id is missing or unreadable still needs a quarantine key of
  its own; one shared key ("?") would fold every such order into one entry and lose their payloads.
  The key is a digest of the payload, so the same broken order keeps its entry from sync to sync.
* ``undecodable_text`` / ``storable``: a byte that is not UTF-8 (kept as a lone surrogate by
  ``http_retry.json_body(keep_bad_bytes=True)``) spoils its order, not the page; the order is
  quarantined with a copy of its payload that can be stored (U+FFFD in place of the byte).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import orjson

STAND_IN_PREFIX = "unidentified-"


def stand_in_id(raw: Any) -> str:
    """A stable id for an order payload without a usable id of its own."""
    text = json.dumps(raw, sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{STAND_IN_PREFIX}{digest}"


def is_stand_in(external_id: str) -> bool:
    """True for an id made by ``stand_in_id``: the channel cannot be asked for such an order by id."""
    return external_id.startswith(STAND_IN_PREFIX)


def _has_bad_bytes(text: str) -> bool:
    return not text.isascii() and any("\udc80" <= char <= "\udcff" for char in text)


def _all_utf8(raw: Any) -> bool:
    """True when every text of ``raw`` is valid UTF-8: orjson refuses lone surrogates, in C (a scan
    of every character in Python cost a third of a sync)."""
    try:
        orjson.dumps(raw)
    except (orjson.JSONEncodeError, TypeError):
        return False  # a lone surrogate, or something else orjson cannot write: look closer
    return True


def undecodable_text(raw: Any, path: str = "") -> str | None:
    """Where in ``raw`` the first text with bytes that are not UTF-8 is (``lineItems[0].title``), or None."""
    if not path and _all_utf8(raw):
        return None
    if isinstance(raw, str):
        return (path or "the order") if _has_bad_bytes(raw) else None
    if isinstance(raw, dict):
        for key, value in raw.items():
            where = f"{path}.{key}" if path else str(key)
            if _has_bad_bytes(str(key)):
                return where
            if (found := undecodable_text(value, where)) is not None:
                return found
    if isinstance(raw, list):
        for index, value in enumerate(raw):
            if (found := undecodable_text(value, f"{path}[{index}]")) is not None:
                return found
    return None


def storable(raw: Any) -> Any:
    """``raw`` with every byte that was not UTF-8 replaced by U+FFFD (the event store takes UTF-8 only)."""
    if isinstance(raw, str):
        return (
            raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if _has_bad_bytes(raw) else raw
        )
    if isinstance(raw, dict):
        return {storable(k): storable(v) for k, v in raw.items()}
    if isinstance(raw, list):
        return [storable(v) for v in raw]
    return raw


def bad_bytes_reason(where: str) -> str:
    return f"the order's text at {where} is not valid UTF-8 (the channel sent a broken byte)"
