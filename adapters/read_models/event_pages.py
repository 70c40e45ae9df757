"""Read the event log in pages of plain rows ``(position, originator id, version, topic, state)``.

On SQLite the rows come straight from the event store's table (the library's notification objects
cost three times the reading itself, which matters for a rebuild); elsewhere through the library's
``select_notifications``.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.sqlite import SQLiteApplicationRecorder

from adapters.persistence.sql_database import SqlDatabase, Tx

Row = tuple[int, str, int, str, bytes]


def dashed(rows: list[tuple[int, str, int, str, bytes]]) -> list[Row]:
    """The SQLite recorder stores ids as ``uuid.hex``; read models (and the API) use the dashed form.
    Done here: in SQL it cost twice as much."""
    return [
        (p, f"{o[:8]}-{o[8:12]}-{o[12:16]}-{o[16:20]}-{o[20:]}".lower() if len(o) == 32 else o, v, t, s)
        for p, o, v, t, s in rows
    ]


class EventPages:
    def __init__(self, book: Application[UUID], db: SqlDatabase) -> None:
        self._book, self._db = book, db
        recorder = book.recorder
        self._table = (
            recorder.events_table_name
            if isinstance(recorder, SQLiteApplicationRecorder) and db.url.scheme == "sqlite"
            else None
        )

    def head(self) -> int:
        return self._book.recorder.max_notification_id() or 0

    def page(
        self, after: int, upto: int, limit: int, topics: Sequence[str], tx: Tx | None = None
    ) -> list[Row]:
        """Events with ``after < position <= upto`` of the given topics (all when none), oldest first.

        ``tx``: the caller's open transaction, to read in (SQLite has one per connection).
        """
        if self._table is None:
            return [
                (n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
                for n in self._book.recorder.select_notifications(
                    start=after, limit=limit, stop=upto, topics=topics, inclusive_of_start=False
                )
            ]
        of_topics = f" AND topic IN ({', '.join('?' * len(topics))})" if topics else ""
        sql = (
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self._table} WHERE rowid > ? AND rowid <= ?{of_topics} ORDER BY rowid LIMIT ?"
        )
        params = (after, upto, *topics, limit)
        if tx is not None:
            return dashed(tx.query(sql, params))  # type: ignore[arg-type]
        with self._db.transaction(write=False) as own:
            return dashed(own.query(sql, params))  # type: ignore[arg-type]
