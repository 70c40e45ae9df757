"""What the read models forget when a customer is erased or order documents expire.

The projections follow ``Customer.Erased`` and ``RetentionRecord.Ran`` like any other event, so
a read model built incrementally and one rebuilt from the first event agree, and nothing a
projection took in before the erasure survives it (a rebuild of an erased customer's rows reads
events whose contact data no longer decrypts; the scrub covers whatever it took in anyway).

Each read model names its personal columns here: lists, searches and reports never show what
erasure or retention destroyed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from eventsourcing.utils import get_topic

from adapters.persistence.sql_database import Tx
from adapters.read_models.projection import iso
from domain.customer import Customer
from domain.retention import RetentionRecord

ERASED = get_topic(Customer.Erased)
RETENTION_RAN = get_topic(RetentionRecord.Ran)
TOPICS = [ERASED, RETENTION_RAN]

CUSTOMER_LIST_CONTACT = ("name", "email", "company", "city")
"""Columns of ``rm_customers`` holding the customer's contact data: NULL once it is erased."""
ORDER_LIST_CONTACT: tuple[str, ...] = ()
"""Columns of ``rm_orders`` holding the buyer's contact data (names, e-mails): NULL once the
customer is erased. None yet: the order list shows no personal data."""
ORDER_LIST_DOCUMENTS: tuple[str, ...] = ()
"""Columns of ``rm_orders`` holding names or addresses of the order document: NULL once the
customer is erased (restricted: never in lists or searches) and once retention destroyed them."""


def scrub_row(row: list[Any], columns: Sequence[str], personal: Sequence[str]) -> None:
    """Blank the ``personal`` columns of one row (its values in the order of ``columns``)."""
    for name in personal:
        row[columns.index(name)] = None


def scrub_orders_of_customer(tx: Tx, table: str, customer_id: str) -> None:
    """Every order row of an erased customer: no names or e-mails in lists or searches."""
    personal = (*ORDER_LIST_CONTACT, *ORDER_LIST_DOCUMENTS)
    if personal:
        blanks = ", ".join(f"{c} = NULL" for c in personal)
        tx.execute(f"UPDATE {table} SET {blanks} WHERE customer_id = ?", (customer_id,))


def scrub_orders_placed_before(tx: Tx, table: str, before: str) -> None:
    """Every order row whose documents expired (``before``: a stored ISO time of the cut-off)."""
    if ORDER_LIST_DOCUMENTS:
        blanks = ", ".join(f"{c} = NULL" for c in ORDER_LIST_DOCUMENTS)
        tx.execute(
            f"UPDATE {table} SET {blanks} WHERE created_at < ?", (iso(datetime.fromisoformat(before)),)
        )


def scrub_order_rows(tx: Tx, table: str, events: Sequence[Any]) -> None:
    """Apply the erasures and retention runs among ``events`` to the order rows, in order."""
    for event in events:
        if event.topic == ERASED:
            scrub_orders_of_customer(tx, table, event.originator_id)
        elif event.topic == RETENTION_RAN:
            scrub_orders_placed_before(tx, table, event.data["documents_before"])
