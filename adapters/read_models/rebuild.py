"""Blue/green rebuild of one projection, safe while other processes keep serving and following it.

1. Under the tracking-row lock: claim the rebuild (one at a time per projection) and create new,
   empty tables beside the live ones (``rm_orders__rb_<token>``).
2. Fill them from the first event, page by page, each page its own short transaction: the live
   tables keep answering queries and following the log meanwhile.
3. Under the tracking-row lock again: apply the events that arrived meanwhile, rename the live
   tables away and the new ones into their place, and set the tracking position, in one
   transaction. A follower in another process sees the new position with the new tables.
4. Drop the old tables. A rebuild that fails leaves the live tables as they were.
"""

from __future__ import annotations

import gc
import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

from adapters.persistence.sql_database import SqlDatabase, Tx
from adapters.read_models import tracking
from adapters.read_models.event_pages import Row
from adapters.read_models.event_records import Unread
from adapters.read_models.projection import Projection
from adapters.read_models.runner import Progress, ProjectionRunner, failure_reason
from adapters.read_models.sql_schema import drop_table, rename_table, table_exists, tables_with_prefix
from adapters.read_models.transient import is_transient
from ports.read_models import ProjectionStoppedError, RebuildRunningError

log = logging.getLogger(__name__)

PAGE = 20_000
"""Events per transaction of the fill: larger pages write each index page fewer times (a random-id
index of a million rows is touched nearly everywhere by every page), smaller ones let writers in
sooner (a page holds the SQLite write lock for a fraction of a second)."""
CACHE_KIB = 256 * 1024
INDEXES_OF = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
STALE_AFTER = timedelta(minutes=2)
"""A rebuild whose process has not been heard of for this long is taken to have died."""


def drop_in_steps(db: SqlDatabase, table: str) -> None:
    """Drop a large table one index at a time: on SQLite each step holds the write lock, and dropping
    a million rows with all their indexes at once would keep writers waiting for seconds."""
    if db.is_postgres:
        with db.transaction() as tx:
            drop_table(tx, table)
        return
    with db.transaction(write=False) as tx:
        indexes = [r[0] for r in tx.query(INDEXES_OF, (table,))]
        secure_delete = int(tx.scalar("PRAGMA secure_delete"))
        # Builds that zero every freed page by default would write the whole table again (ten times
        # the time); a read model is derived from events kept in the same file, so the pages freed
        # need not be zeroed beyond what costs no extra writes.
        tx.execute("PRAGMA secure_delete = FAST")
    try:
        for index in indexes:
            with db.transaction() as tx:
                tx.execute(f"DROP INDEX IF EXISTS {index}")
        with db.transaction() as tx:
            drop_table(tx, table)
    finally:
        with db.transaction(write=False) as tx:
            tx.execute(f"PRAGMA secure_delete = {secure_delete}")


@contextmanager
def bulk_mode(db: SqlDatabase) -> Iterator[None]:
    """For the fill: no cyclic garbage collection (the page's many small objects made it run often,
    for nothing: event JSON has no cycles) and, on SQLite, a page cache that holds the new indexes and
    no fsync at WAL checkpoints."""
    collecting = gc.isenabled()
    gc.disable()
    previous = None
    if not db.is_postgres:
        with db.transaction(write=False) as tx:
            previous = tx.scalar("PRAGMA cache_size")
            tx.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    # Not durable while filling (no fsync at each WAL checkpoint): the new tables are swapped in
    # afterwards, durably, and a rebuild that dies is started again. Changed outside a transaction.
    synchronous = db.swap_sqlite_pragma("synchronous", "OFF")
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        if synchronous is not None:
            db.swap_sqlite_pragma("synchronous", int(synchronous))
        if previous is not None:
            with db.transaction(write=False) as tx:
                tx.execute(f"PRAGMA cache_size = {int(previous)}")


class BlueGreenRebuild:
    def __init__(self, runner: ProjectionRunner, projection: Projection) -> None:
        self.runner, self.live, self.name = runner, projection, projection.name
        self.token = uuid.uuid4().hex[:12]
        self.shadow = projection.renamed(f"__rb_{self.token}")
        self.schema = tracking.schema_hash(projection.schema())
        self.unread: Unread | None = getattr(projection, "unread", None)
        self.personal: bool = getattr(projection, "reads_personal_data", True)

    def run(self, progress: Progress | None = None) -> int:
        """Returns the position the rebuilt projection starts following from."""
        self._claim()
        try:
            with bulk_mode(self.runner.db):
                position = self._fill(progress or (lambda _position: None))
                self._add_indexes()
            self._swap(position)
        except BaseException:
            self._abandon()
            raise
        return position

    def _claim(self) -> None:
        with self.runner.db.transaction() as tx:
            row = tracking.lock(tx, self.name)
            if row.rebuild_token and row.rebuild_seen:
                seen = datetime.fromisoformat(row.rebuild_seen)
                if datetime.now(seen.tzinfo) - seen < STALE_AFTER:
                    raise RebuildRunningError(
                        f"projection {self.name} is being rebuilt by another process (last heard of at "
                        f"{row.rebuild_seen}); wait for it, or retry in {STALE_AFTER.seconds // 60} "
                        "minutes if that process has died"
                    )
            for table in self.live.tables:  # left behind by a rebuild that died
                for stale in tables_with_prefix(tx, f"{table}__rb_") + tables_with_prefix(
                    tx, f"{table}__old_"
                ):
                    drop_table(tx, stale)
            tracking.mark_rebuild(tx, self.name, self.token)
            self.shadow.create(tx, indexes=False)  # built once the rows are in: several times faster

    def _still_ours(self, tx: Tx) -> None:
        if tracking.lock(tx, self.name).rebuild_token != self.token:
            raise RebuildRunningError(f"the rebuild of {self.name} was taken over by another process")

    def _fill(self, progress: Progress) -> int:
        position, head = 0, self.runner.head()
        while position < head:
            batch, position = self._page(position, head)
            try:
                events = self.runner.decoder.decode_all(
                    batch, self.unread, self.personal
                )  # before taking the write lock
                with self.runner.db.transaction() as tx:
                    self._still_ours(tx)
                    tracking.mark_rebuild(tx, self.name, self.token)  # the heartbeat
                    self.shadow.apply(tx, events, new_rows_only=True)
            except Exception as exc:
                self._find_failure(batch, exc)
                raise
            progress(position)
        return position

    def _add_indexes(self) -> None:
        for statement in self.shadow.index_statements():  # one transaction each: writers get turns
            with self.runner.db.transaction() as tx:
                self._still_ours(tx)
                tracking.mark_rebuild(tx, self.name, self.token)
                tx.execute(statement)

    def _page(self, position: int, head: int, tx: Tx | None = None) -> tuple[Sequence[Row], int]:
        batch = self.runner.events.page(position, head, PAGE, self.live.topics, tx)
        return batch, batch[-1][0] if len(batch) == PAGE else head

    def _find_failure(self, batch: Sequence[Row], page_error: Exception) -> None:
        """Name the event a page failed on, each event in a transaction of its own (the rebuild
        stops there; nothing is skipped). Returns when the page's error was not about an event."""
        if isinstance(page_error, RebuildRunningError | ProjectionStoppedError) or is_transient(page_error):
            return
        for row in batch:
            try:
                with self.runner.db.transaction() as tx:
                    self.shadow.apply(tx, [self.runner.decoder.decode(row)], new_rows_only=True)
            except Exception as exc:
                reason = failure_reason(row, exc)
                log.error("rebuild of %s %s", self.name, reason)
                raise ProjectionStoppedError(f"rebuild of projection {self.name} {reason}") from exc

    def _swap(self, position: int) -> None:
        batch: Sequence[Row] = ()
        try:
            with self.runner.db.transaction() as tx:
                self._still_ours(tx)
                while position < (head := self.runner.head()):  # what arrived during the fill
                    batch, position = self._page(position, head, tx)
                    self.shadow.apply(
                        tx,
                        self.runner.decoder.decode_all(batch, self.unread, self.personal),
                        new_rows_only=True,
                    )
                self._replace(tx, position)
        except Exception as exc:
            self._find_failure(batch, exc)
            raise
        for live in self.live.tables:
            drop_in_steps(self.runner.db, f"{live}__old_{self.token}")

    def _replace(self, tx: Tx, position: int) -> None:
        for live, shadow in zip(self.live.tables, self.shadow.tables, strict=True):
            if table_exists(tx, live):
                rename_table(tx, live, f"{live}__old_{self.token}")
            rename_table(tx, shadow, live)
        tracking.reset(tx, self.name, position, self.schema)

    def _abandon(self) -> None:
        try:
            with self.runner.db.transaction() as tx:
                for table in self.shadow.tables:
                    drop_table(tx, table)
                if tracking.lock(tx, self.name).rebuild_token == self.token:
                    tracking.mark_rebuild(tx, self.name, None)
        except Exception:
            log.exception("cleaning up after the failed rebuild of %s", self.name)
