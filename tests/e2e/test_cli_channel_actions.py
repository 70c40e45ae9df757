"""``orderhub channels pause|resume|remove`` and ``orderhub orders note``, on a store a server shares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest
from typer.testing import CliRunner, Result

from entrypoints import cli
from tests.integration.http.conftest import place
from tests.support.harness import Harness


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.console, "width", 200)


@pytest.fixture
def server(shared_database_url: str) -> Iterator[Harness]:
    """The CLI finds the installed kinds itself: the channel is of a built-in kind."""
    with Harness.start(shared_database_url) as h:
        h.register_channel(
            "shop", "jtl-shop", {"url": "http://127.0.0.1:9/", "username": "u", "password": "p"}
        )
        yield h


def orderhub(url: str, *args: str, **options: Any) -> Result:
    return CliRunner().invoke(cli.app, [*args, "--database-url", url], **options)


def test_a_channel_is_paused_resumed_and_removed_from_the_command_line(
    server: Harness, shared_database_url: str
) -> None:
    url = shared_database_url
    paused = orderhub(url, "channels", "pause", "shop")
    assert paused.exit_code == 0 and "channel shop paused" in paused.output
    assert server.client.get("/api/v1/channels/shop").json()["paused"] is True
    refused = orderhub(url, "sync", "shop")
    assert refused.exit_code == 2 and "is paused" in refused.output
    resumed = orderhub(url, "channels", "resume", "shop")
    assert resumed.exit_code == 0 and "channel shop resumed" in resumed.output
    assert server.client.get("/api/v1/channels/shop").json()["paused"] is False
    asked = orderhub(url, "channels", "remove", "shop", input="n\n")
    assert asked.exit_code != 0 and server.client.get("/api/v1/channels/shop").status_code == 200
    removed = orderhub(url, "channels", "remove", "shop", "--yes")
    assert removed.exit_code == 0 and "channel shop removed; its orders stay" in removed.output
    assert server.client.get("/api/v1/channels/shop").status_code == 404


def test_unknown_channels_exit_2_saying_so(server: Harness, shared_database_url: str) -> None:
    for action in ("pause", "resume"):
        result = orderhub(shared_database_url, "channels", action, "nope")
        assert result.exit_code == 2 and "channel nope not found" in result.output
    result = orderhub(shared_database_url, "channels", "remove", "nope", "--yes")
    assert result.exit_code == 2 and "channel nope not found" in result.output


def test_a_note_is_added_from_the_command_line(server: Harness, shared_database_url: str) -> None:
    order = place(server)
    result = orderhub(shared_database_url, "orders", "note", order["id"], "called the customer")
    assert result.exit_code == 0, result.output
    assert f"note added to order {order['number']}" in result.output
    [written] = server.order(order["id"])["notes"]
    assert written["text"] == "called the customer"
    assert written["actor"] == {"kind": "system", "name": "orderhub"}


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["not-a-uuid", "hello"], "is not an order id"),
        ([str(uuid4()), "hello"], "not found"),
        (["00000000-0000-0000-0000-000000000001", "x" * 5001], "at most 5000 characters"),
        (["00000000-0000-0000-0000-000000000001", " "], "at least 1 character"),
    ],
)
def test_bad_notes_exit_2_saying_why(
    server: Harness, shared_database_url: str, args: list[str], said: str
) -> None:
    result = orderhub(shared_database_url, "orders", "note", *args)
    assert result.exit_code == 2 and said in " ".join(result.output.split()), result.output
