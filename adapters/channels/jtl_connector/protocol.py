"""JTL-Connector wire facts shared by the client and the simulator: error codes, identities, features.

Every model id on the wire is a two-element array ``["<endpointId>", <hostId>]``: the shop's key
and the Wawi's (here: orderhub's) key, 0 when unknown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

PROTOCOL_VERSION = 7
RPC_VERSION = "2.0"
PULL_LIMIT = 100

# connector-core ErrorCode
NO_SESSION = 789
AUTHENTICATION_FAILED = 790
INVALID_SESSION = -32000
UNINITIALIZED_SESSION = -32001
INVALID_REQUEST = -32600
PARSE_ERROR = -32700
INVALID_METHOD = -32701
UNKNOWN_CONTROLLER = 33000
UNKNOWN_ACTION = 33001
REQUEST_ERROR = 400
SERVER_ERROR = 500

SESSION_CODES = frozenset({NO_SESSION, INVALID_SESSION, UNINITIALIZED_SESSION})
"""Codes after which a fresh ``core.connector.auth`` makes the same call work."""
PROTOCOL_CODES = frozenset({INVALID_REQUEST, PARSE_ERROR, INVALID_METHOD, UNKNOWN_CONTROLLER, UNKNOWN_ACTION})
"""Codes saying the endpoint does not understand what we sent: retrying will not help."""

_HOST_ID_SPACE = 2**31 - 1  # the Wawi's keys are signed 32-bit integers


def host_id_for(endpoint_id: str) -> int:
    """A stable positive hostId for a shop key: the key itself when it is a small number, else a hash.

    Numeric shop keys (WooCommerce, Shopware 5, Gambio) map one-to-one; other keys (UUIDs) are hashed
    into the same 31-bit space. The endpoint identifies our pushes by the endpointId we send along, so a
    rare hash collision only makes two mapping rows share a hostId.
    """
    text = endpoint_id.strip()
    if text.isascii() and text.isdigit() and 0 < int(text) <= _HOST_ID_SPACE:  # "²".isdigit() too
        return int(text)
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "big") % _HOST_ID_SPACE + 1


def identity(endpoint_id: str, host_id: int = 0) -> list[Any]:
    return [endpoint_id, host_id]


def endpoint_id_of(value: Any) -> str | None:
    """The endpointId of a wire identity, or None when the value is not ``[ep, host]`` or ep is empty."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    ep = value[0]
    if isinstance(ep, bool) or not isinstance(ep, str | int):
        return None
    text = str(ep).strip()
    return text or None


@dataclass(frozen=True)
class Features:
    """``core.connector.features``: what the endpoint pulls and accepts, and its behaviour flags."""

    entities: dict[str, dict[str, bool]] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def from_result(cls, result: Any) -> Features:
        if not isinstance(result, dict):
            return cls()
        entities = result.get("entities") if isinstance(result.get("entities"), dict) else {}
        flags = result.get("flags") if isinstance(result.get("flags"), dict) else {}
        return cls(
            entities={str(k): dict(v) for k, v in (entities or {}).items() if isinstance(v, dict)},
            flags={str(k): bool(v) for k, v in (flags or {}).items()},
        )

    def can(self, entity: str, action: str) -> bool:
        return bool(self.entities.get(entity, {}).get(action, False))

    def flag(self, name: str) -> bool:
        return self.flags.get(name, False)
