"""A JTL-Connector endpoint that misbehaves, through orderhub's HTTP API: errors that say what
happened (never an internal error, never the body of whatever answered), one bad order quarantined."""

from __future__ import annotations

import time

import pytest

import tests.e2e.channels.test_jtl_connector_sync as connector_sync
from ports.channels import ChannelLimits
from simulators.jtl_connector.app import ConnectorShop
from tests.e2e.channels.test_jtl_connector_sync import by_external_id
from tests.support.harness import Harness

MB = 1024 * 1024
shop = connector_sync.shop  # the fixture: an endpoint registered as channel "woo"


def test_json_nested_without_end_is_the_channels_fault(harness: Harness, shop: ConnectorShop) -> None:
    shop.add_generated_orders(2, seed=3)
    shop.inject_hostile("deep-json", "customer_order.pull", size=300_000)
    summary = harness.sync("woo")
    assert summary["complete"] is False
    assert "internal error" not in summary["error"]
    assert (
        "JTL-Connector customer_order.pull: the channel answered JSON nested more than 1024"
        in summary["error"]
    )


@pytest.mark.parametrize("kind", ["huge", "gzip-bomb"])
def test_an_answer_over_the_size_cap_is_the_syncs_error(
    harness: Harness, shop: ConnectorShop, kind: str
) -> None:
    harness.services.sync.limits = ChannelLimits(max_response_bytes=1 * MB)
    shop.add_generated_orders(2, seed=3)
    shop.inject_hostile(kind, "customer_order.pull", size=40 * MB)
    summary = harness.sync("woo")
    assert summary["complete"] is False
    assert "JTL-Connector customer_order.pull: the answer is larger than 1 MB" in summary["error"]


def test_a_dripping_endpoint_ends_at_the_call_deadline(harness: Harness, shop: ConnectorShop) -> None:
    harness.services.sync.limits = ChannelLimits(call_deadline_seconds=1.0)
    shop.inject_hostile("drip", "connector.identify", seconds=0.1)
    started = time.monotonic()
    summary = harness.sync("woo")
    assert time.monotonic() - started < 4
    assert "JTL-Connector connector.identify: no complete answer within 1 s" in summary["error"]


def test_another_services_json_is_not_quoted(harness: Harness, shop: ConnectorShop) -> None:
    shop.inject_hostile("not-envelope", "connector.identify")
    summary = harness.sync("woo")
    assert summary["complete"] is False
    assert "not a JTL-RPC envelope" in summary["error"]
    assert "s3cr3t" not in summary["error"] and "internal-inventory" not in summary["error"]


def test_one_byte_that_is_not_utf8_quarantines_its_order_only(harness: Harness, shop: ConnectorShop) -> None:
    ids = shop.add_generated_orders(4, seed=5)
    shop.spoil_text(ids[1])
    summary = harness.sync("woo")
    assert (summary["complete"], summary["imported"], summary["quarantined"]) == (True, 3, 1)
    [entry] = harness.quarantine("woo")
    assert entry["external_id"] == ids[1]
    assert "note is not valid UTF-8" in entry["reason"]
    assert entry["raw"]["note"] == "Bitte klingeln \ufffd"
    assert sorted(by_external_id(harness)) == sorted(i for i in ids if i != ids[1])
