"""The customer list: one row per customer, searchable by e-mail, name, number or company."""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from adapters.persistence.sql_database import Tx
from adapters.read_models.projection import iso
from domain.customer import Contact, Customer, normalise_email


def search_text(number: str, contact: Contact) -> str:
    parts = [number, contact.name, contact.email or "", contact.company or ""]
    return " ".join(parts).lower()


class CustomerListProjection:
    name = "customer_list"
    topics = [
        get_topic(cls) for cls in (Customer.Created, Customer.ImportedFromChannel, Customer.ContactChanged)
    ]

    def create(self, tx: Tx) -> None:
        tx.execute(
            "CREATE TABLE IF NOT EXISTS rm_customers (id TEXT PRIMARY KEY, number TEXT NOT NULL, "
            "name TEXT NOT NULL, email TEXT, company TEXT, search TEXT NOT NULL, created_at TEXT NOT NULL, "
            "version INTEGER NOT NULL)"
        )
        tx.execute("CREATE INDEX IF NOT EXISTS rm_customers_email ON rm_customers (email)")
        tx.execute("CREATE INDEX IF NOT EXISTS rm_customers_number ON rm_customers (number)")
        tx.execute("CREATE INDEX IF NOT EXISTS rm_customers_created ON rm_customers (created_at)")

    def clear(self, tx: Tx) -> None:
        tx.execute("DELETE FROM rm_customers")

    def apply(self, tx: Tx, event: Any, position: int) -> None:
        contact: Contact = event.contact
        row_id, version = str(event.originator_id), event.originator_version
        if isinstance(event, Customer.Created | Customer.ImportedFromChannel):
            tx.execute(
                "INSERT INTO rm_customers (id, number, name, email, company, search, created_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (
                    row_id,
                    event.number,
                    contact.name,
                    normalise_email(contact.email),
                    contact.company,
                    search_text(event.number, contact),
                    iso(event.timestamp),
                    version,
                ),
            )
            return
        number = tx.scalar("SELECT number FROM rm_customers WHERE id = ?", (row_id,)) or ""
        tx.execute(
            "UPDATE rm_customers SET name = ?, email = ?, company = ?, search = ?, version = ? "
            "WHERE id = ? AND version < ?",
            (
                contact.name,
                normalise_email(contact.email),
                contact.company,
                search_text(number, contact),
                version,
                row_id,
                version,
            ),
        )
