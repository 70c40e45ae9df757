"""The channel port is the contract: typed settings bases and declared capabilities.

A kind's settings derive from ``ports.channels.ChannelSettings`` (``TimeWindowedSettings`` when it
pulls by time); a channel's optional capabilities are protocols of their own. The registry refuses
a kind that breaks the contract, saying what to change, and the plug-in test kit reports it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from pydantic import BaseModel

from adapters.channels.registry import BUILTIN, _load, discover_kinds, kind_problems
from ports.channels import (
    CAPABILITIES,
    ChannelContext,
    ChannelSettings,
    FetchesOrders,
    PulledPage,
    PullWindow,
    PushOutcome,
    RemapsOrders,
    StatusPush,
    TimeWindowedSettings,
)
from simulators.ebay.state import EbayMarketplace
from testkit.channel_plugins import channel_capabilities, check_kind_conformance, make_context


class _Channel:
    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        yield from ()

    def acknowledge(self, receipts: list[str]) -> None:
        pass

    def push(self, change: StatusPush) -> PushOutcome:
        return PushOutcome(delivered=True)

    def close(self) -> None:
        pass


class _Refetching(_Channel):
    def fetch_orders(self, external_ids: list[str]) -> Iterator[PulledPage]:
        yield PulledPage()


class _Misspelt(_Channel):
    def fetch_order(self, external_ids: list[str]) -> Iterator[PulledPage]:
        yield PulledPage()


class _NoArgument(_Channel):
    def remap_orders(self) -> Iterator[PulledPage]:
        yield PulledPage()


class _Kind:
    def __init__(
        self, settings: type[BaseModel] = TimeWindowedSettings, channel: type = _Channel, by_time: bool = True
    ) -> None:
        self.name, self.settings_model, self.pulls_by_time, self._channel = (
            "contract",
            settings,
            by_time,
            channel,
        )

    def open(self, settings: BaseModel, context: ChannelContext) -> Any:
        return self._channel()


class _Plain(BaseModel):
    url: str = "http://shop.invalid"


class _AckBased(ChannelSettings):
    url: str = "http://shop.invalid"


def test_every_built_in_kind_keeps_the_contract_and_declares_its_capabilities() -> None:
    registry = discover_kinds(include_plugins=False)
    assert registry.failures == {}
    for name in BUILTIN:
        kind = registry.kinds[name]
        assert issubclass(kind.settings_model, ChannelSettings)
        assert issubclass(kind.settings_model, TimeWindowedSettings) == kind.pulls_by_time, name
    channels = {
        "ebay": "adapters.channels.ebay.channel:EbayChannel",
        "amazon": "adapters.channels.amazon.channel:AmazonChannel",
        "jtl-shop": "adapters.channels.jtl_shop.channel:JtlShopChannel",
        "jtl-connector": "adapters.channels.jtl_connector.channel:JtlConnectorChannel",
    }
    offered = {
        name: sorted(n for n, p in CAPABILITIES.items() if issubclass(_load(target), p))
        for name, target in channels.items()
    }
    assert offered == {
        "ebay": ["fetch_orders"],
        "amazon": ["fetch_orders"],
        "jtl-shop": ["remap_orders"],
        "jtl-connector": [],
    }


def test_an_opened_channel_tells_its_capabilities() -> None:
    market = EbayMarketplace()
    kind = discover_kinds(include_plugins=False).kinds["ebay"]
    channel = kind.open(
        kind.settings_model.model_validate(market.channel_settings("http://ebay.invalid")), make_context()
    )
    assert isinstance(channel, FetchesOrders) and not isinstance(channel, RemapsOrders)
    assert channel_capabilities(channel) == ["fetch_orders"]
    assert channel_capabilities(_Refetching()) == ["fetch_orders"] and channel_capabilities(_Channel()) == []
    channel.close()


def test_settings_not_derived_from_the_base_are_refused_saying_which_base() -> None:
    [problem] = kind_problems(_Kind(settings=_Plain))
    assert problem == "`settings_model` must derive from ports.channels.ChannelSettings (got _Plain)"
    with pytest.raises(AssertionError, match=r"must derive from ports\.channels\.ChannelSettings"):
        check_kind_conformance(_Kind(settings=_Plain))


def test_a_kind_that_pulls_by_time_needs_the_time_windowed_settings() -> None:
    [problem] = kind_problems(_Kind(settings=_AckBased, by_time=True))
    assert "TimeWindowedSettings" in problem and "overlap_minutes" in problem
    assert kind_problems(_Kind(settings=_AckBased, by_time=False)) == []
    assert kind_problems(_Kind(settings=TimeWindowedSettings, by_time=True)) == []


def test_the_time_window_settings_are_typed_with_their_limits_and_unknown_fields_are_refused() -> None:
    settings = TimeWindowedSettings()
    assert (settings.overlap_minutes, settings.initial_lookback_days) == (5, 30)
    with pytest.raises(ValueError, match="initial_lookback_days"):
        TimeWindowedSettings(initial_lookback_days=0)
    with pytest.raises(ValueError, match="overlap_minute"):
        TimeWindowedSettings.model_validate({"overlap_minute": 10})  # misspelt: not silently ignored


def test_conformance_accepts_a_declared_capability() -> None:
    check_kind_conformance(_Kind(channel=_Refetching), {})


def test_conformance_catches_a_misspelt_capability() -> None:
    with pytest.raises(
        AssertionError, match="'fetch_order' is not a capability orderhub knows: did you mean 'fetch_orders'"
    ):
        check_kind_conformance(_Kind(channel=_Misspelt), {})


def test_conformance_catches_a_capability_with_the_wrong_signature() -> None:
    with pytest.raises(AssertionError, match="remap_orders must be a method taking one list argument"):
        check_kind_conformance(_Kind(channel=_NoArgument), {})
