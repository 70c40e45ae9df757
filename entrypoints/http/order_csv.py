"""GET /orders?format=csv: the order list as CSV, one line per order, written while it is read.

Comma-separated, UTF-8 without a byte order mark, CRLF line ends (RFC 4180), a header line first;
amounts as the API writes them (``64.87``), times in UTC as ISO 8601. The customer's name is the
customer list's, which erasure blanks: an erased customer's name never appears. Text that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) gets a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

COLUMNS = (
    "number", "created_at", "status", "source", "channel", "external_id", "external_number",
    "customer_number", "customer_name", "currency", "total", "updated_at", "id", "customer_id",
)  # fmt: skip


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str | None:
    """Typed or channel-sent text, never read as a formula by a spreadsheet (CSV injection)."""
    return "'" + value if value and value.startswith(FORMULA_STARTS) else value


def _line(item: dict[str, Any]) -> list[Any]:
    source, customer = item["source"], item["customer"]
    return [
        item["number"], item["created_at"], item["status"], source["kind"], source["channel"],
        _text(source["external_id"]), _text(source["external_number"]), customer["number"],
        _text(customer["name"]),
        item["currency"], item["total"], item["updated_at"], item["id"], item["customer_id"],
    ]  # fmt: skip


def order_csv(batches: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
    """The header, then one chunk of lines per batch."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield out.getvalue().encode()
    for batch in batches:
        out.seek(0)
        out.truncate()
        writer.writerows(_line(item) for item in batch)
        yield out.getvalue().encode()
