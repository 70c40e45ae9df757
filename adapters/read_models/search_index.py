"""The search index: for each order and customer, the folded terms ``q=`` finds it by.

One row per (term, order) in ``rm_order_terms`` and per (term, customer) in ``rm_customer_terms``,
from the rules of ``domain/search_text.py``. A query word is a prefix range on the B-tree index of
``term`` (``term >= 'muel' AND term < 'muem'``), the same SQL on SQLite and PostgreSQL (where the
column is ``COLLATE "C"``, so that its order is the byte order the range assumes, whatever the
database's locale); the words of a query intersect. Nothing scans the order list.

Terms are derived from an order's or a customer's own columns only: the number and the channel's
ids (kinds ``NUMBER`` and ``CHANNEL_ID``) and the personal data: names, e-mail, company, addresses,
phone (kind ``PERSONAL``). ``forget_personal_terms`` removes the personal ones of a customer and of a set
of orders (erasure, restriction); rows are written again only from events recorded later.

Separate projections from the order and customer lists: their rebuild reads the addresses and
buyers that the lists never decode (``order_summary.UNREAD``), and is not the lists' to pay for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from eventsourcing.utils import get_topic

from adapters.persistence.sql_database import Tx
from adapters.read_models import order_summary
from adapters.read_models.projection import EventRecord
from adapters.read_models.sql_schema import create_table
from adapters.read_models.table_projection import TableProjection
from domain.customer import Customer
from domain.search_text import MIN_PREFIX, index_terms, number_terms

ORDER_TERMS = "rm_order_terms"
CUSTOMER_TERMS = "rm_customer_terms"
ADDRESS_FIELDS = ("name", "company", "street", "street2", "postal_code", "city", "phone")
BUYER_FIELDS = ("name", "email", "phone", "company")
CUSTOMER_CREATION = frozenset(get_topic(c) for c in (Customer.Created, Customer.ImportedFromChannel))
CONTACT_CHANGED = get_topic(Customer.ContactChanged)


def _address_texts(address: dict[str, Any] | None) -> Iterable[str | None]:
    return (address.get(f) for f in ADDRESS_FIELDS) if address else ()


def order_personal_texts(data: dict[str, Any]) -> list[str | None]:
    """An order event's personal texts: buyer and both addresses (``data``: the event, or its
    channel content)."""
    buyer = data.get("buyer") or {}
    return [
        *(buyer.get(f) for f in BUYER_FIELDS),
        *_address_texts(data.get("billing_address")),
        *_address_texts(data.get("shipping_address")),
    ]


def contact_personal_texts(contact: dict[str, Any]) -> list[str | None]:
    return [
        *(contact.get(f) for f in BUYER_FIELDS),
        *_address_texts(contact.get("billing_address")),
        *_address_texts(contact.get("shipping_address")),
    ]


NUMBER, PERSONAL, CHANNEL_ID = 0, 1, 2
"""Kinds of term: the number (from the creation, never changes), personal data, the channel's ids
(both rewritten by each report of the channel)."""

Terms = tuple[set[str] | None, set[str], set[str]]
"""An owner's (number terms, or None to keep the stored ones; channel id terms; personal terms)."""


class TermTable(TableProjection):
    """A projection whose one table holds (term, owner id, kind) rows, rewritten per owner.

    Its indexes exist from the start, also in a rebuild: a later report of an order replaces its
    terms, found through the owner index (a deferred index would make that a scan)."""

    keyed = False
    owner: str

    def __init_subclass__(cls) -> None:
        cls.definition = f"term TEXT NOT NULL, {cls.owner} TEXT NOT NULL, kind SMALLINT NOT NULL"
        cls.indexes = (("term", f"(term, {cls.owner})"), ("owner", f"({cls.owner}, kind)"))

    def create(self, tx: Tx, indexes: bool = True) -> None:
        definition = self.definition
        if tx.is_postgres:
            definition = definition.replace("term TEXT", 'term TEXT COLLATE "C"')
        create_table(tx, self.table, definition, self.index_statements())

    def rewrite(self, tx: Tx, owners: dict[str, Terms], new_rows_only: bool) -> None:
        if not owners:
            return
        renewed = [(o,) for o, (number, _, _) in owners.items() if number is not None]
        reported = [(o,) for o, (number, _, _) in owners.items() if number is None]
        if not new_rows_only:
            tx.executemany(f"DELETE FROM {self.table} WHERE {self.owner} = ?", renewed)
        tx.executemany(f"DELETE FROM {self.table} WHERE {self.owner} = ? AND kind <> {NUMBER}", reported)
        rows: list[tuple[str, str, int]] = []
        for owner, (number, ids, personal) in owners.items():
            if number:
                rows += [(t, owner, NUMBER) for t in number]
            ids = ids - (number or set())
            rows += [(t, owner, CHANNEL_ID) for t in ids]
            rows += [(t, owner, PERSONAL) for t in personal - ids - (number or set())]
        tx.executemany(f"INSERT INTO {self.table} (term, {self.owner}, kind) VALUES (?, ?, ?)", rows)


class OrderSearchProjection(TermTable):
    name = "order_search"
    topics = [order_summary.CREATED, order_summary.IMPORTED, order_summary.SYNCED, order_summary.DETAILS]
    base_table = ORDER_TERMS
    owner = "order_id"

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        owners: dict[str, Terms] = {}
        for event in events:
            data, key = event.data, event.originator_id
            if event.topic == order_summary.CREATED:
                owners[key] = (number_terms(data["number"]), set(), index_terms(order_personal_texts(data)))
                continue
            content = data["order"]
            ids = index_terms((content["external_id"], content.get("external_number")))
            personal = index_terms(order_personal_texts(content))
            if event.topic == order_summary.IMPORTED:
                owners[key] = (number_terms(data["number"]), ids, personal)
            else:  # a later report: the number stays, the channel's ids and personal data are new
                seen = owners.get(key)
                owners[key] = (seen[0] if seen else None, ids, personal)
        self.rewrite(tx, owners, new_rows_only)


class CustomerSearchProjection(TermTable):
    name = "customer_search"
    topics = [*sorted(CUSTOMER_CREATION), CONTACT_CHANGED]
    base_table = CUSTOMER_TERMS
    owner = "customer_id"

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        owners: dict[str, Terms] = {}
        for event in events:
            personal = index_terms(contact_personal_texts(event.data["contact"]))
            if event.topic in CUSTOMER_CREATION:
                owners[event.originator_id] = (number_terms(event.data["number"]), set(), personal)
            else:
                seen = owners.get(event.originator_id)
                owners[event.originator_id] = (seen[0] if seen else None, set(), personal)
        self.rewrite(tx, owners, new_rows_only)


def term_range(word: str) -> tuple[str, str]:
    """[low, high) of the terms ``word`` is a prefix of (byte order: UTF-8 keeps code point order)."""
    return word, word[:-1] + chr(ord(word[-1]) + 1)


def matching(table: str, owner: str, word: str) -> tuple[str, list[str]]:
    """A subquery of the owners that have a term ``word`` is a prefix of (a one-letter word: the
    whole term)."""
    if len(word) < MIN_PREFIX:
        return f"SELECT {owner} FROM {table} WHERE term = ?", [word]
    return f"SELECT {owner} FROM {table} WHERE term >= ? AND term < ?", list(term_range(word))


def forget_personal_terms(tx: Tx, customer_id: str, order_ids: Iterable[str]) -> None:
    """Remove the personal search terms of a customer and of orders (erasure; restricted orders):
    they are found by their number and channel ids only from then on. In the caller's transaction.

    A rebuild derives terms from the events again: what erasure destroyed there (crypto-shredded
    contact data) is not found again; what it must keep unsearchable must be blank in the events
    the rebuild reads, or this be called again after it.
    """
    tx.execute(f"DELETE FROM {CUSTOMER_TERMS} WHERE customer_id = ? AND kind = {PERSONAL}", (customer_id,))
    tx.executemany(
        f"DELETE FROM {ORDER_TERMS} WHERE order_id = ? AND kind = {PERSONAL}", [(o,) for o in order_ids]
    )
