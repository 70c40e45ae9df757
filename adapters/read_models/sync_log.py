"""The channel sync log: every sync's summary and error, from ``Channel.Synced`` events.

Rows are keyed by (channel id, event version): a repeated event changes nothing. A channel's id
is derived from its name, so the log is read by name without following registrations; a channel
registered under the name of a removed one (``RegisteredAgain``) starts with an empty log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from eventsourcing.utils import get_topic

from adapters.persistence.sql_database import SqlDatabase, Tx
from adapters.read_models.projection import EventRecord, from_utc_text, utc_text
from adapters.read_models.runner import ProjectionRunner
from adapters.read_models.table_projection import TableProjection
from domain.channel import Channel

TABLE = "rm_sync_log"
AGAIN = get_topic(Channel.RegisteredAgain)


class SyncLogProjection(TableProjection):
    name = "sync_log"
    topics = [get_topic(Channel.Synced), get_topic(Channel.RegisteredAgain)]
    base_table = TABLE
    keyed = False  # (channel id, version) is the primary key; rows only ever come in that order
    definition = (
        "channel_id TEXT NOT NULL, version INTEGER NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, "
        "complete INTEGER NOT NULL, error TEXT, summary TEXT NOT NULL, PRIMARY KEY (channel_id, version)"
    )

    def apply(self, tx: Tx, events: Sequence[EventRecord], new_rows_only: bool = False) -> None:
        rows: list[tuple[Any, ...]] = []
        for event in events:
            if event.topic == AGAIN:  # a new channel under a removed one's name: its log starts empty
                self._insert(tx, rows)
                rows = []
                tx.execute(
                    f"DELETE FROM {self.table} WHERE channel_id = ? AND version < ?",
                    (event.originator_id, event.version),
                )
                continue
            summary = event.data["summary"]
            rows.append(
                (
                    event.originator_id,
                    event.version,
                    utc_text(event.data["started_at"]),
                    utc_text(event.data["timestamp"]),
                    1 if summary.get("complete", True) else 0,
                    summary.get("error"),
                    orjson.dumps(summary).decode(),
                )
            )
        self._insert(tx, rows)

    def _insert(self, tx: Tx, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            tx.executemany(
                f"INSERT INTO {self.table} (channel_id, version, started_at, finished_at, complete, error, "
                "summary) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, version) DO NOTHING",
                rows,
            )


class SqlSyncLog:
    """``GET /channels/{name}`` shows this as ``sync_log``."""

    def __init__(self, db: SqlDatabase, runner: ProjectionRunner) -> None:
        self._db, self._runner = db, runner

    def for_channel(self, name: str, limit: int = 20) -> list[dict[str, Any]]:
        """The newest ``limit`` syncs of the channel, newest first."""
        self._runner.catch_up(SyncLogProjection.name)
        with self._db.transaction(write=False) as tx:
            rows = tx.query(
                f"SELECT started_at, finished_at, summary FROM {TABLE} WHERE channel_id = ? "
                "ORDER BY version DESC LIMIT ?",
                (str(Channel.id_for(name)), limit),
            )
        return [
            {"started_at": from_utc_text(r[0]), "finished_at": from_utc_text(r[1]), **orjson.loads(r[2])}
            for r in rows
        ]
