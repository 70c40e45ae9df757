"""The customer list: one row per customer, found by e-mail here and by ``q`` through the search
index (search_index.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.utils import get_topic

from adapters.persistence.sql_database import Tx
from adapters.read_models.projection import EventRecord, utc_text
from adapters.read_models.table_projection import TableProjection
from domain.customer import Customer, normalise_email

CREATION = frozenset(get_topic(c) for c in (Customer.Created, Customer.ImportedFromChannel))
CONTACT_CHANGED = get_topic(Customer.ContactChanged)
COLUMNS = ("id", "number", "name", "email", "company", "city", "created_at", "version")


def city_of(contact: dict[str, Any]) -> str | None:
    """Where the customer lives as the list shows it: the billing address's city, else shipping's."""
    for name in ("billing_address", "shipping_address"):
        address = contact.get(name)
        if address and address.get("city"):
            return str(address["city"])
    return None


def contact_columns(row: list[Any], contact: dict[str, Any]) -> None:
    row[2], row[3], row[4] = contact["name"], normalise_email(contact.get("email")), contact.get("company")
    row[5] = city_of(contact)


class CustomerListProjection(TableProjection):
    name = "customer_list"
    topics = [*sorted(CREATION), CONTACT_CHANGED]
    base_table = "rm_customers"
    definition = (
        "id TEXT NOT NULL, number TEXT NOT NULL, name TEXT NOT NULL, email TEXT, company TEXT, "
        "city TEXT, created_at TEXT NOT NULL, version INTEGER NOT NULL"
    )
    indexes = (("email", "(email)"), ("number", "(number)"), ("created", "(created_at)"))

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        wanted = [e.originator_id for e in events if not (new_rows_only and e.topic in CREATION)]
        rows = self.load(tx, COLUMNS, wanted)
        changed: dict[str, list[Any]] = {}
        for event in events:
            row = rows.get(event.originator_id)
            if event.topic in CREATION:
                if row is not None:
                    continue
                row = [event.originator_id, event.data["number"], "", None, None, None, "", event.version]
                row[6] = utc_text(event.data["timestamp"])
                rows[event.originator_id] = row
            elif row is None or row[7] >= event.version:
                continue
            contact_columns(row, event.data["contact"])
            row[7] = event.version
            changed[event.originator_id] = row
        self.save(tx, COLUMNS, list(changed.values()))
