"""The personal keys, one row each, sealed under the secret key; destroying one deletes its row.

``personal_keys`` holds the keys (sealed with ``SecretBox``, the key's name as associated data, so a
row copied to another name does not open); ``personal_keys_destroyed`` remembers which names were
destroyed, so that nothing is sealed under such a name again. Keys are made and committed in their
own transaction before the events that use them are written: a key without events is harmless, an
event without its key would be unreadable.

Unsealed keys are kept in this process for ``CACHE_SECONDS``: a key destroyed by another process
stops opening here within that time; one destroyed here, at once. On SQLite every connection has
``secure_delete`` on and a destruction truncates the WAL after its commit, so a deleted key's bytes
are overwritten in the file; PostgreSQL keeps the old row version until VACUUM (docs/adr/013).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from uuid import UUID

from adapters.persistence.sql_database import IN_CHUNK, SqlDatabase, Tx
from adapters.secrets.sealing import SecretBox, SecretKeyMismatchError
from ports.personal_keys import KeyDestroyedError, KeyRef
from ports.secrets import SecretKeyError

KEY_BYTES = 32
CACHE_SECONDS = 30.0
TABLE = "personal_keys"
DESTROYED = "personal_keys_destroyed"
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (subject TEXT NOT NULL, purpose TEXT NOT NULL, "
    "sealed_key TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (subject, purpose))",
    f"CREATE TABLE IF NOT EXISTS {DESTROYED} (subject TEXT NOT NULL, purpose TEXT NOT NULL, "
    "destroyed_at TEXT NOT NULL, PRIMARY KEY (subject, purpose))",
)
DOCUMENTS_PREFIX = "documents:"


class UnreadablePersonalKeysError(SecretKeyError):
    """The personal keys are sealed under another secret key than the one in use."""


def associated_data(subject: str, purpose: str) -> bytes:
    return f"orderhub personal key {subject}/{purpose}".encode()


def create_tables(db: SqlDatabase) -> None:
    with db.transaction() as tx:
        for statement in DDL:
            tx.execute(statement)


class SqlPersonalKeys:
    """``PersonalKeys`` on orderhub's SQL database (an SQLite file, PostgreSQL, or ``memory://``'s)."""

    def __init__(
        self,
        db: SqlDatabase,
        box: SecretBox,
        cache_seconds: float = CACHE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db, self._box = db, box
        self._ttl, self._now = cache_seconds, monotonic
        self._cache: dict[KeyRef, tuple[bytes | None, float]] = {}
        """Key, or None when there is none (destroyed or never made), and until when it holds."""
        self._lock = threading.Lock()
        create_tables(db)

    def forget(self) -> None:
        """Drop every key kept in this process (the database was recreated: they are not in it)."""
        with self._lock:
            self._cache.clear()

    # ---- reading ------------------------------------------------------------------------

    def existing(self, refs: list[KeyRef]) -> dict[KeyRef, bytes]:
        found: dict[KeyRef, bytes] = {}
        missing: list[KeyRef] = []
        now = self._now()
        cache = self._cache
        for ref in refs:
            entry = cache.get(ref)
            if entry is not None and entry[1] > now:
                if entry[0] is not None:
                    found[ref] = entry[0]
            else:
                missing.append(ref)
        if missing:
            wanted = list(dict.fromkeys(missing))
            with self._db.transaction(write=False) as tx:
                stored, _ = self._select(tx, wanted)
            self._remember(wanted, stored)
            found.update(stored)
        return found

    def _select(
        self, tx: Tx, refs: list[KeyRef], with_destroyed: bool = False
    ) -> tuple[dict[KeyRef, bytes], set[KeyRef]]:
        """The stored keys of ``refs`` and (``with_destroyed``) which of them were destroyed: one
        query per chunk of subjects for both."""
        wanted = {(ref.subject.hex, ref.purpose): ref for ref in refs}  # rows matched by name, no UUIDs
        subjects = list(dict.fromkeys(subject for subject, _ in wanted))
        found: dict[KeyRef, bytes] = {}
        destroyed: set[KeyRef] = set()
        for start in range(0, len(subjects), IN_CHUNK):
            chunk = subjects[start : start + IN_CHUNK]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT subject, purpose, sealed_key FROM {TABLE} WHERE subject IN ({marks})"
            if with_destroyed:
                sql += f" UNION ALL SELECT subject, purpose, NULL FROM {DESTROYED} WHERE subject IN ({marks})"
            for subject, purpose, sealed in tx.query(sql, chunk * 2 if with_destroyed else chunk):
                ref = wanted.get((subject, purpose))
                if ref is None:
                    continue
                if sealed is None:
                    destroyed.add(ref)
                else:
                    found[ref] = self._open(sealed, subject, purpose)
        for ref in destroyed:  # a name destroyed is never opened again, whatever its row says
            found.pop(ref, None)
        return found, destroyed

    def _open(self, sealed: str, subject: str, purpose: str) -> bytes:
        try:
            return self._box.open(sealed, associated_data(subject, purpose))
        except SecretKeyMismatchError as exc:
            raise UnreadablePersonalKeysError(
                f"buyers' personal data cannot be read, {exc}. Set ORDERHUB_SECRET_KEY to the key it was "
                "sealed under (or restore the key file from your backup) and restart orderhub: without that "
                "key the personal data stored so far cannot be read by anyone"
            ) from None

    def _remember(self, refs: Iterable[KeyRef], found: dict[KeyRef, bytes]) -> None:
        until = self._now() + self._ttl
        with self._lock:
            if len(self._cache) > 200_000:  # a long rebuild's worth; dropped whole, refilled as needed
                self._cache.clear()
            for ref in refs:
                self._cache[ref] = (found.get(ref), until)

    # ---- making -------------------------------------------------------------------------

    def key_for(self, ref: KeyRef) -> bytes:
        key = self.keys_for([ref]).get(ref)
        if key is None:
            raise KeyDestroyedError(f"the {ref.purpose} key of {ref.subject} was destroyed")
        return key

    def keys_for(self, refs: list[KeyRef]) -> dict[KeyRef, bytes]:
        found, unknown = self._cached(refs)
        if not unknown:
            return found
        with self._db.transaction() as tx:  # one transaction: look up, and make what is missing
            stored, destroyed = self._select(tx, unknown, with_destroyed=True)
            missing = [ref for ref in unknown if ref not in stored and ref not in destroyed]
            if missing:
                stored.update(self._make(tx, missing))
        self._remember(unknown, stored)
        found.update(stored)
        return found

    def _cached(self, refs: list[KeyRef]) -> tuple[dict[KeyRef, bytes], list[KeyRef]]:
        """The keys of ``refs`` kept in this process, and the refs (once each) to look up."""
        found: dict[KeyRef, bytes] = {}
        unknown: dict[KeyRef, None] = {}
        now, cache = self._now(), self._cache
        for ref in refs:
            entry = cache.get(ref)
            if entry is not None and entry[1] > now and entry[0] is not None:
                found[ref] = entry[0]
            else:
                unknown[ref] = None
        return found, list(unknown)

    def _make(self, tx: Tx, missing: list[KeyRef]) -> dict[KeyRef, bytes]:
        """New keys for ``missing`` (names neither stored nor destroyed); where another process made
        one first, its key (and none where it was destroyed meanwhile)."""
        randomness = os.urandom(KEY_BYTES * len(missing))  # one system call for the page's keys
        made = {ref: randomness[n * KEY_BYTES : (n + 1) * KEY_BYTES] for n, ref in enumerate(missing)}
        created_at = datetime.now(UTC).isoformat()
        names = [(ref.subject.hex, ref.purpose) for ref in made]
        sealed = self._box.seal_many(
            [(key, associated_data(s, p)) for (s, p), key in zip(names, made.values(), strict=True)]
        )
        inserted = tx.executemany(
            f"INSERT INTO {TABLE} (subject, purpose, sealed_key, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (subject, purpose) DO NOTHING",
            [(s, p, box, created_at) for (s, p), box in zip(names, sealed, strict=True)],
        )
        return made if inserted == len(names) else self._select(tx, missing, with_destroyed=True)[0]

    # ---- destroying ---------------------------------------------------------------------

    def destroy(self, subject: UUID, purposes: list[str] | None = None) -> int:
        """The named purposes are remembered as destroyed even where no key was made yet."""
        with self._db.transaction() as tx:
            stored = [
                str(p) for (p,) in tx.query(f"SELECT purpose FROM {TABLE} WHERE subject = ?", [subject.hex])
            ]
            chosen = stored if purposes is None else list(dict.fromkeys(purposes))
            count = self._delete(tx, [(subject.hex, p) for p in chosen if p in stored])
            self._remember_destroyed(tx, [(subject.hex, p) for p in chosen])
        self._forget([KeyRef(subject, p) for p in chosen])
        self._db.checkpoint_sqlite()
        return count

    def destroy_documents_until(self, year: int) -> int:
        with self._db.transaction() as tx:
            rows = tx.query(
                f"SELECT subject, purpose FROM {TABLE} WHERE purpose LIKE ?", [DOCUMENTS_PREFIX + "%"]
            )
            chosen = [(str(s), str(p)) for s, p in rows if _documents_year(str(p)) <= year]
            count = self._delete(tx, chosen)
            self._remember_destroyed(tx, chosen)
        self._forget([KeyRef(UUID(s), p) for s, p in chosen])
        self._db.checkpoint_sqlite()
        return count

    @staticmethod
    def _delete(tx: Tx, names: list[tuple[str, str]]) -> int:
        return sum(
            tx.execute(f"DELETE FROM {TABLE} WHERE subject = ? AND purpose = ?", name) for name in names
        )

    @staticmethod
    def _remember_destroyed(tx: Tx, names: list[tuple[str, str]]) -> None:
        at = datetime.now(UTC).isoformat()
        tx.executemany(
            f"INSERT INTO {DESTROYED} (subject, purpose, destroyed_at) VALUES (?, ?, ?) "
            "ON CONFLICT (subject, purpose) DO NOTHING",
            [(s, p, at) for s, p in names],
        )

    def _forget(self, refs: list[KeyRef]) -> None:
        until = self._now() + self._ttl
        with self._lock:
            for ref in refs:
                self._cache[ref] = (None, until)


def sealed_key_ids(db: SqlDatabase) -> set[str]:
    """The secret keys the personal keys are sealed under (none before the table exists)."""
    with db.transaction(write=False) as tx:
        if not tx.is_postgres and not tx.query("SELECT 1 FROM sqlite_master WHERE name = ?", [TABLE]):
            return set()
        return {str(row[0]) for row in tx.query(f"SELECT DISTINCT substr(sealed_key, 6, 16) FROM {TABLE}")}


def _documents_year(purpose: str) -> int:
    tail = purpose.removeprefix(DOCUMENTS_PREFIX)
    return int(tail) if tail.isdigit() else 10**9


def reseal(tx: Tx, old: SecretBox, new: SecretBox) -> int:
    """Inside the caller's transaction (``orderhub secrets rotate``): every key opened with ``old``
    and sealed with ``new``; raises, so the caller rolls back, when one does not open."""
    rows = tx.query(f"SELECT subject, purpose, sealed_key FROM {TABLE}")
    tx.executemany(
        f"UPDATE {TABLE} SET sealed_key = ? WHERE subject = ? AND purpose = ?",
        [
            (new.seal(old.open(sealed, associated_data(s, p)), associated_data(s, p)), s, p)
            for s, p, sealed in rows
        ],
    )
    return len(rows)
