"""The account deletion notifications received (ports/account_deletion.py), in a table of their own.

The primary key (channel, notification id) is what makes a replayed notification a no-op, across
processes: the second INSERT of one id changes no row. The user a notification names is kept in
the row only while it is pending; settling it overwrites those columns with NULL.
"""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.persistence.sql_database import SqlDatabase
from ports.account_deletion import AccountDeletionNotice, DeletionState, PendingDeletion

DDL = (
    "CREATE TABLE IF NOT EXISTS orderhub_account_deletions ("
    " channel TEXT NOT NULL, notification_id TEXT NOT NULL, state TEXT NOT NULL,"
    " username TEXT, user_id TEXT, received_at TEXT NOT NULL, settled_at TEXT,"
    " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
    " PRIMARY KEY (channel, notification_id))"
)


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


class SqlAccountDeletionLog:
    def __init__(self, db: SqlDatabase) -> None:
        self._db = db
        with db.transaction() as tx:
            tx.execute(DDL)

    def record(self, channel: str, notice: AccountDeletionNotice, now: datetime) -> bool:
        with self._db.transaction() as tx:
            inserted = tx.execute(
                "INSERT INTO orderhub_account_deletions"
                " (channel, notification_id, state, username, user_id, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, notification_id) DO NOTHING",
                (
                    channel,
                    notice.notification_id,
                    DeletionState.PENDING.value,
                    notice.username,
                    notice.user_id,
                    _moment(now),
                ),
            )
        return inserted == 1

    def settle(self, channel: str, notification_id: str, state: DeletionState, now: datetime) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "UPDATE orderhub_account_deletions SET state = ?, username = NULL, user_id = NULL,"
                " settled_at = ?, attempts = attempts + 1, last_error = NULL"
                " WHERE channel = ? AND notification_id = ?",
                (state.value, _moment(now), channel, notification_id),
            )

    def postpone(self, channel: str, notification_id: str, reason: str, now: datetime) -> None:
        with self._db.transaction() as tx:
            tx.execute(
                "UPDATE orderhub_account_deletions SET attempts = attempts + 1, last_error = ?"
                " WHERE channel = ? AND notification_id = ? AND state = ?",
                (reason[:500], channel, notification_id, DeletionState.PENDING.value),
            )

    def pending(self, channel: str | None = None) -> list[PendingDeletion]:
        sql = (
            "SELECT channel, notification_id, username, user_id, attempts, last_error"
            " FROM orderhub_account_deletions WHERE state = ?"
        )
        params: list[str] = [DeletionState.PENDING.value]
        if channel is not None:
            sql += " AND channel = ?"
            params.append(channel)
        with self._db.transaction(write=False) as tx:
            rows = tx.query(sql + " ORDER BY received_at, notification_id", params)
        return [PendingDeletion(r[0], r[1], r[2], r[3], int(r[4]), r[5]) for r in rows]

    def state(self, channel: str, notification_id: str) -> DeletionState | None:
        with self._db.transaction(write=False) as tx:
            found = tx.scalar(
                "SELECT state FROM orderhub_account_deletions WHERE channel = ? AND notification_id = ?",
                (channel, notification_id),
            )
        return DeletionState(found) if found is not None else None
