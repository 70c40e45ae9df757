"""The installed channel kinds: the built-in ones and plug-ins from the ``orderhub.channels`` group.

A kind that cannot be loaded (import error, not a ChannelKind, name clash) is logged and kept in
``KindRegistry.failures`` with the reason, so ``GET /channel-kinds`` can show it; it never stops the
server and never hides the other kinds.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from pydantic import BaseModel

from ports.channels import ChannelKind, ChannelSettings, TimeWindowedSettings

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "orderhub.channels"
BUILT_IN = "built-in"
KIND_NAME = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
"""Kind names appear in URLs and settings files: lowercase letters, digits and hyphens."""

BUILTIN: dict[str, str] = {
    "ebay": "adapters.channels.ebay.kind:KIND",
    "amazon": "adapters.channels.amazon.kind:KIND",
    "jtl-shop": "adapters.channels.jtl_shop.kind:KIND",
    "jtl-connector": "adapters.channels.jtl_connector.kind:KIND",
}


@dataclass
class KindRegistry:
    kinds: dict[str, ChannelKind] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    """kind name -> "built-in" or the distribution that provides it."""
    failures: dict[str, str] = field(default_factory=dict)
    """entry-point name (``"name (distribution)"`` on a name clash) -> why it could not be loaded."""

    def get(self, name: str) -> ChannelKind | None:
        return self.kinds.get(name)

    def names(self) -> list[str]:
        return sorted(self.kinds)


def kind_problems(kind: Any) -> list[str]:
    """What keeps ``kind`` from being a usable ``ports.channels.ChannelKind`` (empty: nothing)."""
    problems = []
    name = getattr(kind, "name", None)
    if not isinstance(name, str) or not KIND_NAME.match(name):
        problems.append(f"`name` must be a str of lowercase letters, digits and hyphens (got {name!r})")
    model = getattr(kind, "settings_model", None)
    pulls_by_time = getattr(kind, "pulls_by_time", None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        problems.append(f"`settings_model` must be a pydantic BaseModel subclass (got {model!r})")
    elif not issubclass(model, ChannelSettings):
        problems.append(
            f"`settings_model` must derive from ports.channels.ChannelSettings (got {model.__name__})"
        )
    elif pulls_by_time is True and not issubclass(model, TimeWindowedSettings):
        problems.append(
            "`pulls_by_time` is True, so `settings_model` must derive from "
            "ports.channels.TimeWindowedSettings (the sync reads overlap_minutes and initial_lookback_days)"
        )
    if not isinstance(pulls_by_time, bool):
        problems.append("`pulls_by_time` must be a bool")
    if not callable(getattr(kind, "open", None)):
        problems.append("`open(settings, context)` must be a method returning an OrderChannel")
    return problems


def _load(target: str) -> Any:
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _checked(kind: Any, expected_name: str) -> ChannelKind:
    problems = kind_problems(kind)
    if problems:
        raise TypeError(f"{type(kind).__name__} object is not a ChannelKind: " + "; ".join(problems))
    if kind.name != expected_name:
        raise TypeError(f"the kind's .name is {kind.name!r} but it is registered as {expected_name!r}")
    return kind  # type: ignore[no-any-return]


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _origin(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else ep.value


def _load_builtins(registry: KindRegistry) -> None:
    for name, target in BUILTIN.items():
        try:
            registry.kinds[name] = _checked(_load(target), name)
            registry.origins[name] = BUILT_IN
        except (Exception, SystemExit) as exc:  # a broken module must not stop the server
            registry.failures[name] = _reason(exc)
            log.error("built-in channel kind %s (%s) failed to load: %s", name, target, _reason(exc))


def _load_plugin(registry: KindRegistry, ep: EntryPoint, seen: set[tuple[str, str]]) -> None:
    if (ep.name, ep.value) in seen:  # the same distribution visible twice on sys.path
        return
    seen.add((ep.name, ep.value))
    origin = _origin(ep)
    key = ep.name
    try:
        if ep.name in registry.kinds or ep.name in BUILTIN:
            key = f"{ep.name} ({origin})"
            owner = registry.origins.get(ep.name, BUILT_IN)
            raise LookupError(f"kind {ep.name!r} is already provided by {owner}; rename the entry point")
        registry.kinds[ep.name] = _checked(ep.load(), ep.name)
        registry.origins[ep.name] = origin
    except (Exception, SystemExit) as exc:  # a broken plug-in must not stop the server
        registry.failures[key] = _reason(exc)
        log.error(
            "channel plug-in %s = %s (from %s) failed to load: %s", ep.name, ep.value, origin, _reason(exc)
        )


def discover_kinds(
    include_plugins: bool = True, plugin_entry_points: Iterable[EntryPoint] | None = None
) -> KindRegistry:
    """Load the built-in kinds, then the plug-ins (installed ones unless ``plugin_entry_points`` is given)."""
    registry = KindRegistry()
    _load_builtins(registry)
    if include_plugins:
        found = entry_points(group=ENTRY_POINT_GROUP) if plugin_entry_points is None else plugin_entry_points
        seen: set[tuple[str, str]] = set()
        for ep in sorted(found, key=lambda e: (e.name, e.value)):
            _load_plugin(registry, ep, seen)
    return registry
