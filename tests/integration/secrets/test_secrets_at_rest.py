"""Channel secrets at rest, through the HTTP API on every store: sealed, bound to their channel, and a
wrong or lost key is a clear error for the channels it affects (never a crash, never an empty secret)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from adapters.persistence.database_url import DatabaseUrl
from tests.integration.secrets.conftest import TOKEN, Shop
from tests.integration.secrets.stored import holds, raw_bytes, settings_row
from tests.support.harness import Harness

KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()


def test_no_channel_secret_is_in_the_stored_bytes_after_register_and_sync(
    database_url: str, shop: Shop
) -> None:
    shop.shop.add_generated_orders(12, seed=5)
    with Harness.start(database_url) as h:
        registered = h.register_channel("woo", "jtl-connector", shop.settings())
        summary = h.sync("woo")
        assert summary["complete"] and summary["imported"] == 12, summary
        assert registered["settings"]["token"] == "********"
        raw = raw_bytes(database_url, h.services)
        assert holds(raw, "jtlconnector")  # the scan sees what is stored: the channel's URL is there
        assert not holds(raw, TOKEN)
        row = settings_row(h.services, "woo")
        assert "token" not in json.loads(row["settings"])
        assert json.loads(row["secrets"])["token"].startswith(f"ohs1.{row['key_id']}.")


def test_a_wrong_secret_key_fails_only_the_channels_it_sealed(
    shared_database_url: str, shop: Shop, other_shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_A)
    with Harness.start(shared_database_url) as h:
        h.register_channel("woo", "jtl-connector", shop.settings())
        assert h.sync("woo")["complete"]
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_B)
    with Harness.start(shared_database_url) as h:
        h.register_channel("other", "jtl-connector", other_shop.settings())
        other_shop.shop.add_generated_orders(3, seed=6)
        shop.shop.add_generated_orders(3, seed=7)
        failed = h.sync("woo")
        assert not failed["complete"] and failed["imported"] == 0
        assert "the secret key does not match" in failed["error"]
        assert "ORDERHUB_SECRET_KEY" in failed["error"] and TOKEN not in failed["error"]
        assert h.sync("other")["complete"] and h.sync("other")["imported"] == 0  # imported just before
        assert len(h.orders(channel="other")) == 3
        listed = h.client.get("/api/v1/channels")
        assert listed.status_code == 200 and {c["name"] for c in listed.json()["items"]} == {"woo", "other"}
        assert h.client.get("/api/v1/channels/woo").json()["last_sync"]["error"] == failed["error"]
        patch = h.client.patch("/api/v1/channels/woo", json={"settings": {"url": shop.settings()["url"]}})
        assert patch.status_code == 503 and "the secret key does not match" in patch.json()["detail"]
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_A)
    with Harness.start(shared_database_url) as h:
        summary = h.sync("woo")
        assert summary["complete"] and summary["imported"] == 3


def test_a_lost_key_file_is_a_clear_error_and_the_api_keeps_serving(
    tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ORDERHUB_SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path / 'orderhub.db'}"
    shop.shop.add_generated_orders(4, seed=8)
    with Harness.start(url) as h:
        h.register_channel("woo", "jtl-connector", shop.settings())
        assert h.sync("woo")["imported"] == 4
    key_file = tmp_path / "orderhub.db.key"
    backup = key_file.read_bytes()
    key_file.unlink()
    with Harness.start(url) as h:
        failed = h.sync("woo")
        assert not failed["complete"] and "the secret key does not match" in failed["error"]
        assert "restore the key file" in failed["error"]
        # What needs no personal data still answers; lists that show buyers' names say why they
        # cannot (the customer list's read model stops on data it cannot open, rather than
        # recording it as erased).
        assert h.client.get("/api/v1/channels").status_code == 200
        listed = h.client.get("/api/v1/orders")
        assert listed.status_code == 503 and "secret key does not match" in listed.json()["detail"]
    # The way out: the key from the backup. Without it the buyers' personal data sealed so far is lost
    # (the personal keys are sealed under it): re-entering the channel's secrets is not enough.
    key_file.write_bytes(backup)
    with Harness.start(url) as h:
        shop.shop.add_generated_orders(2, seed=9)
        summary = h.sync("woo")
        assert summary["complete"] and summary["imported"] == 2


def test_a_secret_copied_to_another_channel_does_not_open(
    shared_database_url: str, shop: Shop, other_shop: Shop
) -> None:
    with Harness.start(shared_database_url) as h:
        h.register_channel("woo", "jtl-connector", shop.settings())
        h.register_channel("other", "jtl-connector", other_shop.settings())
        woo = settings_row(h.services, "woo")
        with h.services.db.transaction() as tx:
            tx.execute(
                "UPDATE orderhub_channel_settings SET secrets = ? WHERE name = 'other'", (woo["secrets"],)
            )
        failed = h.sync("other")
        assert not failed["complete"] and "altered, or copied from another place" in failed["error"]
        assert h.sync("woo")["complete"]


def test_settings_stored_in_clear_before_are_sealed_at_the_next_start(
    shared_database_url: str, shop: Shop
) -> None:
    shop.shop.add_generated_orders(5, seed=10)
    with Harness.start(shared_database_url) as h:
        h.register_channel("woo", "jtl-connector", shop.settings())
        h.register_channel("gone", "jtl-connector", shop.settings())
    # The table as the code before sealing wrote it: no secrets columns, secrets in clear, and
    # "gone" of a kind no longer installed (so which fields are secret is unknown).
    _downgrade(shared_database_url, {"woo": "jtl-connector", "gone": "uninstalled-kind"}, shop)
    with Harness.start(shared_database_url) as h:
        assert not holds(raw_bytes(shared_database_url, h.services), TOKEN)
        woo, gone = settings_row(h.services, "woo"), settings_row(h.services, "gone")
        assert woo["key_id"] and json.loads(woo["settings"])["url"] == shop.settings()["url"]
        assert set(json.loads(woo["secrets"])) == {"token"}
        assert json.loads(gone["settings"]) == {} and set(json.loads(gone["secrets"])) >= {"url", "token"}
        summary = h.sync("woo")
        assert summary["complete"] and summary["imported"] == 5


def _downgrade(database_url: str, kinds: dict[str, str], shop: Shop) -> None:
    from adapters.persistence.sql_database import SqlDatabase

    db = SqlDatabase(DatabaseUrl.parse(database_url))
    try:
        with db.transaction() as tx:
            for name, kind in kinds.items():
                clear = shop.settings()
                tx.execute(
                    "UPDATE orderhub_channel_settings SET kind = ?, settings = ? WHERE name = ?",
                    (kind, json.dumps(clear), name),
                )
            tx.execute("ALTER TABLE orderhub_channel_settings DROP COLUMN secrets")
            tx.execute("ALTER TABLE orderhub_channel_settings DROP COLUMN key_id")
        with db.transaction(write=False) as tx:
            assert TOKEN in repr(tx.query("SELECT settings FROM orderhub_channel_settings"))
    finally:
        db.close()


def test_a_store_whose_secrets_no_key_opens_is_not_migrated(
    tmp_path: Path, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from entrypoints.cli import app

    source, target = f"sqlite:///{tmp_path / 'old.db'}", f"sqlite:///{tmp_path / 'new.db'}"
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_A)
    with Harness.start(source) as h:
        h.register_channel("woo", "jtl-connector", shop.settings())
    monkeypatch.setenv("ORDERHUB_SECRET_KEY", KEY_B)
    result = CliRunner().invoke(app, ["migrate-store", source, target])
    assert result.exit_code == 2 and "set ORDERHUB_SECRET_KEY to FROM's key" in " ".join(
        result.output.split()
    )
    with Harness.start(target) as h:
        assert h.services.book.recorder.max_notification_id() in (None, 0)
