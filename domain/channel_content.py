"""What a channel's later report of an order changes: the one rule for recording channel content.

Both the order (``Order.sync_from_channel``) and the re-sync's fast path (which reads the content
last recorded without rebuilding the order) ask ``content_to_record``.

Two things a report may differ in without being a change:
- the channel's own timestamps (``ChannelOrder.UNCOMPARED``);
- personal data the channel no longer sends: eBay stops returning the buyer's e-mail after 14 days,
  name, phone and addresses after 90 (reference: channels.md section 9). A report that leaves a
  personal field out, or blank, keeps what was recorded; such a report alone records nothing.
  Erasing personal data is a decision made here (erasure), never one a channel makes by silence.
"""

from __future__ import annotations

from typing import Any

from domain.channel_order import ChannelBuyer, ChannelOrder

WHOLE_PERSONAL_FIELDS = ("billing_address", "shipping_address")
"""Kept whole when a report leaves them out; the buyer is kept field by field (``_buyer_kept``)."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _buyer_kept(reported: ChannelBuyer, recorded: ChannelBuyer) -> ChannelBuyer:
    kept = {
        name: getattr(recorded, name)
        for name in ChannelBuyer.model_fields
        if _blank(getattr(reported, name)) and not _blank(getattr(recorded, name))
    }
    return reported.model_copy(update=kept) if kept else reported


def keeping_personal_data(reported: ChannelOrder, recorded: ChannelOrder) -> ChannelOrder:
    """``reported`` with the personal data it leaves out (or blanks) taken from ``recorded``."""
    kept: dict[str, Any] = {
        name: getattr(recorded, name)
        for name in WHOLE_PERSONAL_FIELDS
        if getattr(reported, name) is None and getattr(recorded, name) is not None
    }
    buyer = _buyer_kept(reported.buyer, recorded.buyer)
    if buyer is not reported.buyer:
        kept["buyer"] = buyer
    return reported.model_copy(update=kept) if kept else reported


def same_content(one: ChannelOrder, other: ChannelOrder) -> bool:
    """Equal in all that a shopper would notice (all but ``ChannelOrder.UNCOMPARED``)."""
    aligned = one.model_copy(update={name: getattr(other, name) for name in ChannelOrder.UNCOMPARED})
    return aligned == other


def content_to_record(recorded: ChannelOrder | None, reported: ChannelOrder) -> ChannelOrder | None:
    """What to record when the channel reports ``reported`` for an order whose last recorded channel
    content is ``recorded`` (None: nothing recorded yet); None when the report changes nothing."""
    if recorded is None:
        return reported
    content = keeping_personal_data(reported, recorded)
    return None if same_content(content, recorded) else content
