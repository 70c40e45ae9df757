"""Which addresses a channel call may reach (adapters/channels/address_guard.py)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from adapters.channels.address_guard import AddressRefusedError, refusal, vetted_addresses
from ports.channels import ChannelLimits

DEFAULT = ChannelLimits()


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",
        "169.254.0.1",
        "fe80::1",
        "::ffff:169.254.169.254",
        "fd00:ec2::254",
        "100.100.100.200",
    ],
)
def test_link_local_and_metadata_addresses_are_refused_by_default(address: str) -> None:
    reason = refusal(ipaddress.ip_address(address), DEFAULT)
    assert reason is not None and "ORDERHUB_CHANNEL_ALLOW_LINK_LOCAL" in reason
    assert refusal(ipaddress.ip_address(address), ChannelLimits(allow_link_local=True)) is None


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "10.1.2.3", "192.168.0.10", "172.16.5.5", "fd12::1"])
def test_loopback_and_private_addresses_are_allowed_by_default_and_refused_when_switched_off(
    address: str,
) -> None:
    assert refusal(ipaddress.ip_address(address), DEFAULT) is None
    reason = refusal(ipaddress.ip_address(address), ChannelLimits(allow_private_addresses=False))
    assert reason is not None and "ORDERHUB_CHANNEL_ALLOW_PRIVATE_ADDRESSES" in reason


@pytest.mark.parametrize("address", ["93.184.216.34", "2a00:1450:4001::200e"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(ipaddress.ip_address(address), ChannelLimits(allow_private_addresses=False)) is None


@pytest.mark.parametrize("address", ["0.0.0.0", "224.0.0.1"])
def test_addresses_that_are_no_host_are_refused(address: str) -> None:
    assert refusal(ipaddress.ip_address(address), DEFAULT) is not None


@pytest.mark.parametrize("host", ["metadata.google.internal", "METADATA.google.internal.", "instance-data"])
def test_metadata_host_names_are_refused_before_they_are_resolved(host: str) -> None:
    with pytest.raises(AddressRefusedError, match="cloud metadata host name"):
        vetted_addresses(host, 80, DEFAULT)


def test_a_name_that_resolves_to_a_metadata_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(AddressRefusedError, match=r"refused to call shop\.example: 169\.254\.169\.254"):
        vetted_addresses("shop.example", 443, DEFAULT)


def test_only_the_allowed_addresses_of_a_name_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.1.1", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert vetted_addresses("shop.example", 443, DEFAULT) == ["93.184.216.34"]
