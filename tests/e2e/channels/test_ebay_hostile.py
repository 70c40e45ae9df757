"""An eBay that misbehaves, through orderhub's HTTP API: every misbehaviour ends as the sync's error
(or one quarantine entry), never as a hang, a gigabyte in memory or an internal error."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterator

import pytest

from ports.channels import ChannelLimits
from simulators.ebay.app import create_app
from simulators.ebay.state import EbayMarketplace
from simulators.server import BackgroundServer
from tests.support.harness import Harness

CHANNEL = "ebay-de"
MB = 1024 * 1024


@pytest.fixture
def running(harness: Harness) -> Iterator[tuple[EbayMarketplace, str]]:
    market = EbayMarketplace(harness.clock, seed=3)
    with BackgroundServer(create_app(market)) as server:
        yield market, server.url


@pytest.fixture
def ebay(harness: Harness, running: tuple[EbayMarketplace, str]) -> EbayMarketplace:
    market, url = running
    harness.register_channel(CHANNEL, "ebay", market.channel_settings(url))
    return market


def limit(harness: Harness, **limits: float | int | bool) -> None:
    harness.services.sync.limits = ChannelLimits(**limits)  # type: ignore[arg-type]


def test_an_answer_that_drips_ends_at_the_call_deadline(harness: Harness, ebay: EbayMarketplace) -> None:
    limit(harness, call_deadline_seconds=1.0)
    ebay.faults.inject("drip", seconds=0.25)  # an empty page, one byte every 0.25 s: about 7 s
    started = time.monotonic()
    summary = harness.sync(CHANNEL)
    assert time.monotonic() - started < 4
    assert summary["complete"] is False
    assert "eBay getOrders: no complete answer within 1 s" in summary["error"]
    assert "ORDERHUB_CHANNEL_CALL_DEADLINE_SECONDS" in summary["error"]


@pytest.mark.parametrize("fault", ["huge", "gzip-bomb"])
def test_an_answer_over_the_size_cap_is_the_syncs_error(
    harness: Harness, ebay: EbayMarketplace, fault: str
) -> None:
    limit(harness, max_response_bytes=1 * MB)
    ebay.faults.inject(fault, size=40 * MB)  # a valid empty page behind 40 MB of padding
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert "eBay getOrders: the answer is larger than 1 MB" in summary["error"]


def test_json_nested_without_end_is_the_channels_fault(harness: Harness, ebay: EbayMarketplace) -> None:
    ebay.faults.inject("deep-json", size=300_000)
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert "internal error" not in summary["error"]
    assert "eBay getOrders: the channel answered JSON nested more than 1024 levels deep" in summary["error"]


def test_one_byte_that_is_not_utf8_quarantines_its_order_only(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    moment = harness.clock.now()
    ids = ebay.generate(5, start=moment.replace(hour=1), end=moment.replace(hour=2))
    ebay.spoil_text(ids[2])
    summary = harness.sync(CHANNEL)
    assert (summary["complete"], summary["imported"], summary["quarantined"]) == (True, 4, 1)
    [entry] = harness.quarantine(CHANNEL)
    assert entry["external_id"] == ids[2]
    assert "lineItems[0].title is not valid UTF-8" in entry["reason"]
    assert entry["raw"]["orderId"] == ids[2]
    assert entry["raw"]["lineItems"][0]["title"] == "Uhr \ufffd"


def test_orders_without_an_id_are_one_quarantine_entry_each(harness: Harness, ebay: EbayMarketplace) -> None:
    moment = harness.clock.now()
    [template] = ebay.generate(1, start=moment.replace(hour=1), end=moment.replace(hour=2))
    for n in range(5):
        payload = copy.deepcopy(ebay.order(template))
        del payload["orderId"]
        payload["buyer"]["username"] = f"buyer-{n}"
        ebay.add_order(payload, at=moment.replace(hour=3))
    summary = harness.sync(CHANNEL)
    assert (summary["imported"], summary["quarantined"]) == (1, 5)
    entries = harness.quarantine(CHANNEL)
    assert len(entries) == 5
    assert all(e["external_id"].startswith("unidentified-") and e["attempts"] == 1 for e in entries)
    assert sorted(e["raw"]["buyer"]["username"] for e in entries) == [f"buyer-{n}" for n in range(5)]
    calls = len(ebay.calls)
    harness.sync(CHANNEL)
    assert len(harness.quarantine(CHANNEL)) == 5
    assert not any("unidentified-" in call for call in ebay.calls[calls:])  # ids eBay never gave


def test_a_wrong_secret_never_borrows_another_channels_token(
    harness: Harness, ebay: EbayMarketplace, running: tuple[EbayMarketplace, str]
) -> None:
    moment = harness.clock.now()
    ebay.generate(3, start=moment.replace(hour=1), end=moment.replace(hour=2))
    assert harness.sync(CHANNEL)["imported"] == 3  # its access token is cached now
    _, url = running
    borrowed = ebay.channel_settings(url) | {"client_secret": "not-the-secret"}
    harness.register_channel("ebay-impostor", "ebay", borrowed)
    summary = harness.sync("ebay-impostor")
    assert (summary["complete"], summary["imported"]) == (False, 0)
    assert "invalid_client" in summary["error"]


def test_an_answer_that_is_not_ebays_is_not_quoted(harness: Harness, ebay: EbayMarketplace) -> None:
    ebay.faults.inject("html", times=None)  # whatever answers at the URL: an intranet page, say
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert "expected JSON, got text/html" in summary["error"]
    assert "Wartungsarbeiten" not in summary["error"] and "<html>" not in summary["error"]


@pytest.mark.parametrize(
    "url", ["http://169.254.169.254", "http://[fe80::1]:8080", "http://metadata.google.internal"]
)
def test_link_local_and_metadata_addresses_are_refused(
    harness: Harness, ebay: EbayMarketplace, running: tuple[EbayMarketplace, str], url: str
) -> None:
    market, _ = running
    settings = market.channel_settings(url)
    harness.register_channel("ebay-probe", "ebay", settings)
    started = time.monotonic()
    summary = harness.sync("ebay-probe")
    assert time.monotonic() - started < 5
    assert summary["complete"] is False
    assert "eBay token endpoint: refused to call" in summary["error"]
    assert "ORDERHUB_CHANNEL_ALLOW_LINK_LOCAL" in summary["error"]
    assert harness.sleep.waits == []  # refused for good: no retries


def test_loopback_is_refused_when_private_addresses_are_not_allowed(
    harness: Harness, ebay: EbayMarketplace
) -> None:
    limit(harness, allow_private_addresses=False)
    summary = harness.sync(CHANNEL)
    assert summary["complete"] is False
    assert "is a loopback or private address" in summary["error"]
