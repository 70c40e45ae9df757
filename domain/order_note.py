"""Notes staff add to an order, and corrections of its shipping address: what an order's people
say about it, as opposed to what the order is (its lines, amounts and status)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from domain.actor import Actor
from domain.address import Address
from domain.eventsourced import Immutable
from domain.text import control_character

NOTE_MAX_LENGTH = 5000


def _no_control_characters(text: str) -> str:
    # Line breaks and tabs are text in a note; anything else of category Cc never is (domain/text.py).
    if (found := control_character(text, multiline=True)) is not None:
        raise ValueError(f"control character {found} is not allowed")
    return text


NoteText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX_LENGTH),
    AfterValidator(_no_control_characters),
]
"""1 to 5000 characters once the blanks around it are trimmed; line breaks allowed."""


class OrderNote(Immutable):
    text: NoteText
    at: datetime
    actor: Actor | None = None
    """Who wrote it (the actor of its ``NoteAdded`` event); None only while it is unsaved."""


class AddressCorrection(Immutable):
    """The shipping address staff set on a channel order, and the channel's address it replaced:
    while the channel keeps reporting that one (or none), the correction stands; a different
    address from the channel is news (the buyer changed it there) and replaces the correction."""

    address: Address
    replaced: Address | None
