"""Copy an orderhub store into another (e.g. SQLite to PostgreSQL): the event log and its side tables.

Events are copied as stored (same topics, same bytes), page by page in notification order, so the
target's log has the same order; its notification ids are its own (PostgreSQL ids may have gaps).
Order and customer numbers, API key hashes, staff accounts, channel settings and the personal keys
(with the names of destroyed ones) are copied too;
sync leases and counts of failed sign-ins are not. Read models are not copied: the caller rebuilds
them on the target from its events.
"""

from __future__ import annotations

from collections.abc import Callable

from eventsourcing.persistence import ApplicationRecorder, StoredEvent

from adapters.persistence.sql_database import SqlDatabase

PAGE = 1000
SIDE_TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    # table: (columns copied, what a row already in the target does)
    "orderhub_sequences": (
        ("name", "value"),
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE orderhub_sequences.value < excluded.value",
    ),
    "orderhub_api_keys": (
        ("key_hash", "id", "label", "scopes", "created_at", "last_used_at"),
        "ON CONFLICT (key_hash) DO NOTHING",
    ),
    "orderhub_users": (
        ("name", "role", "password_hash", "created_at", "disabled_at"),
        "ON CONFLICT (name) DO NOTHING",
    ),
    "orderhub_channel_settings": (  # sealed secrets as they are: the target needs the same secret key
        ("name", "kind", "settings", "secrets", "key_id"),
        "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, settings = excluded.settings, "
        "secrets = excluded.secrets, key_id = excluded.key_id",
    ),
    "personal_keys": (  # sealed as they are: resealed with the channel secrets where the keys differ
        ("subject", "purpose", "sealed_key", "created_at"),
        "ON CONFLICT (subject, purpose) DO NOTHING",
    ),
    "personal_keys_destroyed": (
        ("subject", "purpose", "destroyed_at"),
        "ON CONFLICT (subject, purpose) DO NOTHING",
    ),
}


class TargetNotEmptyError(RuntimeError):
    def __init__(self, events: int) -> None:
        super().__init__(
            f"the target store already holds events (up to notification {events}); migrate into a new, "
            "empty database (or delete the target's file) so that no event is stored twice"
        )


def ensure_empty(target: ApplicationRecorder) -> None:
    """Raises ``TargetNotEmptyError`` when ``target`` holds events already."""
    head = target.max_notification_id()
    if head:
        raise TargetNotEmptyError(head)


def copy_events(
    source: ApplicationRecorder,
    target: ApplicationRecorder,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Copy every stored event in notification order; returns how many were copied."""
    ensure_empty(target)
    copied, position = 0, None
    while batch := source.select_notifications(start=position, limit=PAGE, inclusive_of_start=False):
        target.insert_events(
            [
                StoredEvent(
                    originator_id=n.originator_id,
                    originator_version=n.originator_version,
                    topic=n.topic,
                    state=n.state,
                )
                for n in batch
            ]
        )
        copied, position = copied + len(batch), batch[-1].id
        if progress is not None:
            progress(position)
    return copied


def copy_side_tables(source: SqlDatabase, target: SqlDatabase) -> dict[str, int]:
    """Copy numbers, API key hashes, staff accounts and channel settings; returns rows copied per table."""
    copied: dict[str, int] = {}
    for table, (columns, on_conflict) in SIDE_TABLES.items():
        names = ", ".join(columns)
        with source.transaction(write=False) as tx:
            rows = tx.query(f"SELECT {names} FROM {table} ORDER BY 1")
        marks = ", ".join("?" for _ in columns)
        with target.transaction() as tx:
            tx.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks}) {on_conflict}", rows)
        copied[table] = len(rows)
    return copied
