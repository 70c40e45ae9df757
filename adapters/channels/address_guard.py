"""Where a channel call may connect: never to cloud metadata or link-local services unless allowed.

A channel URL is typed in by whoever registers the channel; without this check it could point at
``http://169.254.169.254/`` (the cloud's credentials service) or any internal host, and the sync's
answer would tell what is there. The check runs on the resolved addresses at connect time, so a
name that resolves to a refused address (DNS rebinding included) is refused too.
"""

from __future__ import annotations

import ipaddress
import socket

from ports.channels import ChannelLimits, PermanentChannelError

METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.com",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
    }
)
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("100.100.100.200", "fd00:ec2::254", "fd20:ce::254")
)
"""Metadata services outside the link-local ranges (Alibaba, AWS IPv6, GCP IPv6)."""

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefusedError(PermanentChannelError):
    """The channel's URL leads to an address orderhub must not call (the message says which setting allows it)."""


def refusal(address: IpAddress, limits: ChannelLimits) -> str | None:
    """Why ``address`` may not be called under ``limits``; None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_link_local or address in METADATA_ADDRESSES:
        if limits.allow_link_local:
            return None
        return (
            f"{address} is a link-local or cloud metadata address"
            " (set ORDERHUB_CHANNEL_ALLOW_LINK_LOCAL=true if a channel really lives there)"
        )
    if address.is_unspecified or address.is_multicast:
        return f"{address} is not a host address"
    if address.is_loopback or address.is_private or address in ipaddress.ip_network("100.64.0.0/10"):
        if limits.allow_private_addresses:
            return None
        return (
            f"{address} is a loopback or private address"
            " (set ORDERHUB_CHANNEL_ALLOW_PRIVATE_ADDRESSES=true for a channel in your own network)"
        )
    return None


def vetted_addresses(host: str, port: int, limits: ChannelLimits) -> list[str]:
    """The addresses of ``host`` that may be called, in resolver order; raises when none may."""
    name = host.strip("[]").rstrip(".").lower()
    if name in METADATA_HOSTS and not limits.allow_link_local:
        raise AddressRefusedError(
            f"refused to call {host}: a cloud metadata host name"
            " (set ORDERHUB_CHANNEL_ALLOW_LINK_LOCAL=true if a channel really lives there)"
        )
    try:
        found = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"cannot resolve {host}: {exc}") from exc
    allowed: list[str] = []
    reasons: list[str] = []
    for *_, sockaddr in found:
        text = str(sockaddr[0]).split("%", 1)[0]
        reason = refusal(ipaddress.ip_address(text), limits)
        if reason is None:
            allowed.append(str(sockaddr[0]))
        else:
            reasons.append(reason)
    if not allowed:
        raise AddressRefusedError(f"refused to call {host}: {'; '.join(dict.fromkeys(reasons))}")
    return list(dict.fromkeys(allowed))
