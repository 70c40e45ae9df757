"""Getting a running process going again after its database lost its tables.

A PostgreSQL database dropped and created again empty (or an SQLite file replaced) under a running
server used to fail every request until a restart. Whoever meets a missing table (a request, the
scheduler, the projections) calls ``recreate_schema``: it creates every table where missing, the
way the composition root does at start, and forgets the aggregates read before. The next requests
work. The data that was lost is not brought back: that is the backup's job.
"""

from __future__ import annotations

import logging
import threading

from adapters.persistence.api_keys import SqlApiKeyStore
from adapters.persistence.channel_settings import SqlChannelSettingsStore
from adapters.persistence.postgres_store import forget_database_types
from adapters.persistence.schema_lock import schema_lock
from adapters.persistence.sequences import SqlNumberSequence
from adapters.persistence.store_errors import store_unavailable
from adapters.persistence.sync_leases import SqlSyncLeases
from adapters.persistence.users import SqlUserStore
from adapters.privacy.keys import SqlPersonalKeys, create_tables
from entrypoints.bootstrap import Services
from entrypoints.secret_key import secret_box

log = logging.getLogger(__name__)

_one_at_a_time = threading.Lock()


def recreate_schema(services: Services) -> bool:
    """Create the missing tables; False when the database cannot be reached for it right now."""
    with _one_at_a_time:
        try:
            with schema_lock(services.db.url, timeout_seconds=10):
                forget_database_types(getattr(services.book.recorder, "datastore", None))
                services.book.recorder.create_table()  # type: ignore[attr-defined]
                if services.book.snapshots is not None:
                    services.book.snapshots.recorder.create_table()  # type: ignore[attr-defined]
                # Their constructors create their tables where missing.
                SqlNumberSequence(services.db)
                SqlChannelSettingsStore(services.db, secret_box(services.db.url, services.db))
                SqlUserStore(services.db)
                SqlSyncLeases(services.db)
                SqlApiKeyStore(services.db)
                create_tables(services.db)
                services.projections.create_tables()
        except Exception as exc:
            problem = store_unavailable(exc)
            if problem is None:
                raise
            log.warning("the database's tables could not be created again yet: %s", problem.reason)
            return False
    services.book.forget_reads()
    if isinstance(services.personal_keys, SqlPersonalKeys):
        services.personal_keys.forget()  # keys of a lost database: nothing may be sealed under them
    log.warning("the database had lost its tables: they were created again (empty)")
    return True


def recover_from(services: Services, exc: BaseException) -> str | None:
    """What keeps the store from working when ``exc`` says so (None otherwise); recreates the
    tables when they are missing."""
    problem = store_unavailable(exc)
    if problem is None:
        return None
    if problem.missing_schema:
        recreate_schema(services)
    return problem.reason
