"""What a channel's later report of an order changes: the one rule for recording channel content.

``Order.sync_from_channel`` asks ``content_to_record``; a re-sync's fast path, which reads the content
an order last recorded without rebuilding the order, asks ``reports_change``: both compare the same
way, on the content's JSON form (as events store it and as ``ChannelOrder.fingerprint`` reads it),
so that telling an unchanged order costs no validation of what was stored.

Three things a report may differ in without being a change:
- the channel's own timestamps (``ChannelOrder.UNCOMPARED``);
- fields added to ``ChannelOrder`` later (``ADDED_LATER``), against content recorded before they
  existed: upgrading orderhub must not record a change of every order; the field is recorded with
  the order's next real change;
- personal data the channel no longer sends: eBay stops returning the buyer's e-mail after 14 days,
  name, phone and addresses after 90 (reference: channels.md section 9). A report that leaves a
  personal field out, or blank, keeps what was recorded; such a report alone records nothing.
  Erasing personal data is decided here (erasure), never by a channel's silence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.channel_order import ChannelBuyer, ChannelOrder

ContentJson = Mapping[str, Any]
"""A ``ChannelOrder`` in its JSON form (``model_dump(mode="json")``), as events carry it."""

WHOLE_PERSONAL_FIELDS = ("billing_address", "shipping_address")
"""Kept whole when a report leaves them out; the buyer (``ChannelBuyer``) is kept field by field."""


ADDED_LATER = ("external_number",)
"""Compared only with content that was recorded with them."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _comparable(reported: ChannelOrder, recorded: ContentJson) -> tuple[dict[str, Any], bool]:
    """``reported`` as compared: JSON, without ``UNCOMPARED``, the personal data it leaves out taken
    from ``recorded``; and whether any was taken."""
    now = reported.model_dump(mode="json", exclude=set(ChannelOrder.UNCOMPARED))
    for name in ADDED_LATER:
        if name not in recorded:
            now.pop(name, None)
    kept = False
    for name in WHOLE_PERSONAL_FIELDS:
        if now.get(name) is None and recorded.get(name) is not None:
            now[name], kept = recorded[name], True
    buyer, buyer_then = now["buyer"], recorded.get("buyer") or {}
    for name in ChannelBuyer.model_fields:
        if _blank(buyer.get(name)) and not _blank(buyer_then.get(name)):
            buyer[name], kept = buyer_then[name], True
    return now, kept


def _as_compared(recorded: ContentJson) -> dict[str, Any]:
    return {name: value for name, value in recorded.items() if name not in ChannelOrder.UNCOMPARED}


def reports_change(recorded: ContentJson, reported: ChannelOrder) -> bool:
    """Whether ``reported`` changes the content an order last recorded (``recorded``)."""
    return _comparable(reported, recorded)[0] != _as_compared(recorded)


def content_to_record(recorded: ChannelOrder | None, reported: ChannelOrder) -> ChannelOrder | None:
    """What to record when the channel reports ``reported`` for an order whose last recorded channel
    content is ``recorded`` (None: nothing recorded yet); None when the report changes nothing."""
    if recorded is None:
        return reported
    stored = recorded.model_dump(mode="json")
    now, kept = _comparable(reported, stored)
    if now == _as_compared(stored):
        return None
    if not kept:
        return reported
    taken = (*ChannelOrder.UNCOMPARED, *ADDED_LATER)
    return ChannelOrder.model_validate(now | {n: getattr(reported, n) for n in taken})
