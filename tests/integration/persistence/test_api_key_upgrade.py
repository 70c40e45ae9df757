"""A store whose API keys were stored before keys had ids and scopes: every such key becomes an
admin key with an id, on SQLite and PostgreSQL, and starting again changes nothing more."""

from __future__ import annotations

from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from application.api_keys import key_hash
from tests.support.harness import Harness

# What orderhub wrote before this change (adapters/persistence/api_keys.py at d67b304), as it was.
OLD_DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_api_keys "
    "(key_hash TEXT PRIMARY KEY, label TEXT NOT NULL, created_at TEXT NOT NULL)"
)
OLD_INSERT = (
    "INSERT INTO orderhub_api_keys (key_hash, label, created_at) VALUES (?, ?, ?) "
    "ON CONFLICT (key_hash) DO NOTHING"
)


def write_old_keys(url: str, *keys: str) -> None:
    db = SqlDatabase(DatabaseUrl.parse(url))
    try:
        with db.transaction() as tx:
            tx.execute(OLD_DDL)
            for n, key in enumerate(keys):
                tx.execute(OLD_INSERT, (key_hash(key), f"old key {n}", f"2026-01-0{n + 1}T10:00:00+00:00"))
    finally:
        db.close()


def test_keys_stored_before_scopes_become_admin_keys_with_ids(shared_database_url: str) -> None:
    write_old_keys(shared_database_url, "oh_first-start-key", "oh_second-key")
    with Harness.start(shared_database_url) as h:
        old = {"Authorization": "Bearer oh_first-start-key"}
        listed = h.client.get("/api/v1/api-keys", headers=old)  # admin: it may even list the keys
        assert listed.status_code == 200, listed.text
        items = listed.json()["items"]
        assert [(k["name"], k["scopes"], k["created_at"]) for k in items] == [
            ("old key 0", ["admin"], "2026-01-01T10:00:00+00:00"),
            ("old key 1", ["admin"], "2026-01-02T10:00:00+00:00"),
        ]
        ids = [k["id"] for k in items]
        assert all(ids) and len(set(ids)) == 2
        assert (
            h.client.post("/api/v1/orders", headers=old, json={}).status_code == 422
        )  # past the scope check
        assert h.client.delete(f"/api/v1/api-keys/{ids[1]}", headers=old).status_code == 204
        assert (
            h.client.get("/api/v1/orders", headers={"Authorization": "Bearer oh_second-key"}).status_code
            == 401
        )
    with Harness.start(shared_database_url) as again:  # the upgrade is done once: same ids, nothing lost
        [kept] = again.client.get("/api/v1/api-keys").json()["items"]
        assert kept["id"] == ids[0] and kept["scopes"] == ["admin"]
