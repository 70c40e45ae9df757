"""Channel kinds are discovered from the built-ins and the ``orderhub.channels`` entry points.

The fixture distribution ``tests/fixtures/plugins/orderhub-testkind`` (one working kind, two broken
entry points) is made visible to this test process by putting its folder, which holds the package
and its ``.dist-info``, on ``sys.path``: it is not installed into the project's environment, so
``orderhub serve`` never sees it.
"""

from __future__ import annotations

import logging
import sys
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

import pytest

from adapters.channels.registry import BUILT_IN, BUILTIN, ENTRY_POINT_GROUP, discover_kinds
from testkit.channel_plugins import (
    check_kind_conformance,
    collect_pages,
    make_context,
    pulled_orders,
    window_back,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "plugins" / "orderhub-testkind"
if str(FIXTURE) not in sys.path:
    sys.path.append(str(FIXTURE))

TESTKIND_INSTALLED = any(ep.name == "testkind" for ep in entry_points(group=ENTRY_POINT_GROUP))
needs_testkind = pytest.mark.skipif(
    not TESTKIND_INSTALLED,
    reason=f"the fixture plug-in is not visible from {FIXTURE}",
)


def _ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=ENTRY_POINT_GROUP)


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_every_built_in_kind_is_listed_as_built_in(name: str) -> None:
    registry = discover_kinds(include_plugins=False)
    assert registry.failures.get(name) is None
    assert registry.origins[name] == BUILT_IN


@pytest.mark.parametrize("name", sorted(discover_kinds().kinds))
def test_every_installed_kind_passes_the_plugin_conformance_check(name: str) -> None:
    check_kind_conformance(discover_kinds().kinds[name])


@needs_testkind
def test_an_installed_plugin_kind_is_listed_with_its_distribution() -> None:
    registry = discover_kinds()
    assert registry.get("testkind") is not None
    assert registry.origins["testkind"] == "orderhub-testkind"


@needs_testkind
def test_a_plugin_whose_import_raises_is_reported_with_the_reason() -> None:
    registry = discover_kinds()
    assert "broken" not in registry.kinds
    assert (
        registry.failures["broken"]
        == "RuntimeError: orderhub-testkind: this entry point is broken on purpose"
    )


@needs_testkind
def test_a_plugin_object_that_is_not_a_kind_is_reported_with_what_is_missing() -> None:
    reason = discover_kinds().failures["notakind"]
    assert "not a ChannelKind" in reason
    assert "settings_model" in reason and "open(settings, context)" in reason


@needs_testkind
def test_broken_plugins_leave_the_working_plugin_usable() -> None:
    kind = discover_kinds().kinds["testkind"]
    check_kind_conformance(kind, {"orders": 2})
    context = make_context()
    channel = kind.open(kind.settings_model(orders=2), context)
    orders = pulled_orders(collect_pages(channel, window_back(context.clock)))
    assert [o.order.external_id for o in orders] == ["T-1", "T-2"]


@needs_testkind
def test_plugin_load_failures_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="adapters.channels.registry"):
        discover_kinds()
    assert any("broken" in r.getMessage() and "broken on purpose" in r.getMessage() for r in caplog.records)


def test_a_plugin_cannot_take_a_built_in_kind_name() -> None:
    registry = discover_kinds(plugin_entry_points=[_ep("ebay", "orderhub_testkind.kind:KIND")])
    assert "already provided by built-in" in registry.failures["ebay (orderhub_testkind.kind:KIND)"]


@needs_testkind
def test_a_kind_registered_under_another_name_is_refused() -> None:
    registry = discover_kinds(plugin_entry_points=[_ep("other", "orderhub_testkind.kind:KIND")])
    assert "other" not in registry.kinds
    assert "registered as 'other'" in registry.failures["other"]


def test_a_plugin_naming_a_missing_module_is_reported() -> None:
    registry = discover_kinds(plugin_entry_points=[_ep("ghost", "no_such_module_here:KIND")])
    assert registry.failures["ghost"].startswith("ModuleNotFoundError")


@needs_testkind
def test_the_same_entry_point_seen_twice_loads_once_without_failure() -> None:
    value = "orderhub_testkind.kind:KIND"
    registry = discover_kinds(plugin_entry_points=[_ep("testkind", value), _ep("testkind", value)])
    assert "testkind" in registry.kinds
    assert not [key for key in registry.failures if key.startswith("testkind")]
