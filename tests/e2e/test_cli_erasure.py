"""``orderhub customers erase ID --reason …`` and ``orderhub retention run`` on the stores that outlive a
process: what they print, what the API shows afterwards, and bad input that exits saying why."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from domain.retention import RETENTION_RECORD_ID
from entrypoints import cli
from tests.integration.http.conftest import place
from tests.support.harness import Harness
from tests.support.order_data import immediate_order, new_customer


def said(output: str) -> str:
    return " ".join(output.split())


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.console, "width", 200)


@pytest.fixture
def server(shared_database_url: str) -> Iterator[Harness]:
    with Harness.start(shared_database_url) as h:
        yield h


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli.app, [*args, "--database-url", url])


def shipped(h: Harness) -> dict[str, Any]:
    order = place(h, immediate_order(new_customer(email="anna@example.com")))
    h.set_status(order["id"], "shipped")
    return order


def test_erase_prints_what_it_erased_and_what_is_kept(server: Harness, shared_database_url: str) -> None:
    order = shipped(server)
    result = run(
        shared_database_url, "customers", "erase", order["customer_id"], "--reason", "letter of 1 Dec"
    )
    assert result.exit_code == 0, result.output
    out = said(result.output)
    assert f"Customer {order['customer_id']} erased at" in out
    assert "Erased: name, email" in out
    assert f"order {order['number']} ({order['id']}) until " in out
    customer = server.client.get(f"/api/v1/customers/{order['customer_id']}").json()
    assert customer["erased_at"] is not None and customer["name"] is None
    [erased] = [
        e
        for e in server.client.get(f"/api/v1/customers/{order['customer_id']}/events").json()
        if e["type"] == "Erased"
    ]
    assert erased["actor"] == {"kind": "system", "name": "command line"}
    assert erased["data"] == {"reason": "letter of 1 Dec"}
    again = run(shared_database_url, "customers", "erase", order["customer_id"], "--reason", "again")
    assert again.exit_code == 0 and said(again.output).split(" erased at ")[1] == out.split(" erased at ")[1]


def test_erase_refuses_an_open_order_an_unknown_customer_and_bad_input(
    server: Harness, shared_database_url: str
) -> None:
    order = place(server, immediate_order(new_customer(email="anna@example.com")))
    refused = run(shared_database_url, "customers", "erase", order["customer_id"], "--reason", "letter")
    assert refused.exit_code == 1 and order["number"] in said(refused.output)
    unknown = run(
        shared_database_url, "customers", "erase", "00000000-0000-0000-0000-000000000001", "--reason", "x"
    )
    assert unknown.exit_code == 1 and "not found" in unknown.output
    not_an_id = run(shared_database_url, "customers", "erase", "anna", "--reason", "x")
    assert not_an_id.exit_code == 2 and "is not a customer id" in not_an_id.output
    blank = run(shared_database_url, "customers", "erase", order["customer_id"], "--reason", " ")
    assert blank.exit_code == 2 and "reason" in blank.output
    no_reason = CliRunner().invoke(cli.app, ["customers", "erase", order["customer_id"]])
    assert no_reason.exit_code == 2
    assert server.client.get(f"/api/v1/customers/{order['customer_id']}").json()["erased_at"] is None


def test_retention_run_prints_a_summary_and_records_the_run(
    server: Harness, shared_database_url: str
) -> None:
    result = run(shared_database_url, "retention", "run")
    assert result.exit_code == 0, result.output
    out = said(result.output)
    year = datetime.now(UTC).year
    assert f"order documents of {year - 11} and earlier hold no personal data any more" in out
    assert f"Documents of {year - 10} are kept until {year}-12-31." in out
    record = server.services.book.get(RETENTION_RECORD_ID)
    assert record is not None and record.runs == 1


def test_retention_run_needs_an_existing_database(tmp_path: Any) -> None:
    result = run(f"sqlite:///{tmp_path / 'missing.db'}", "retention", "run")
    assert result.exit_code == 2 and "there is no database" in said(result.output)
