"""The personal key store on every database: made once, sealed at rest, destroyed for good."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase
from adapters.privacy.keys import SqlPersonalKeys, reseal
from adapters.secrets.master_key import new_key
from adapters.secrets.sealing import SealedValueError, SecretBox
from ports.personal_keys import CONTACT, KeyDestroyedError, KeyRef, documents

ANNA, BERT = UUID(int=1), UUID(int=2)


@pytest.fixture
def db(database_url: str) -> Iterator[SqlDatabase]:
    from entrypoints.bootstrap import bootstrap

    services = bootstrap(database_url)  # the database as orderhub sets it up
    services.book.close()
    yield services.db
    services.db.close()


@pytest.fixture
def box() -> SecretBox:
    return SecretBox(new_key("a test key"))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_made_once_and_found_by_every_process(db: SqlDatabase, box: SecretBox) -> None:
    keys, other = SqlPersonalKeys(db, box), SqlPersonalKeys(db, box)
    ref = KeyRef(ANNA, CONTACT)
    assert keys.existing([ref]) == {}
    key = keys.key_for(ref)
    assert len(key) == 32 and keys.key_for(ref) == key
    assert other.existing([ref]) == {ref: key}
    made = other.keys_for([ref, KeyRef(ANNA, documents(2026)), KeyRef(BERT, CONTACT)])
    assert made[ref] == key and len(set(made.values())) == 3
    assert keys.existing(list(made)) == made


def test_destroy_removes_the_keys_and_no_key_is_made_again_under_their_names(
    db: SqlDatabase, box: SecretBox
) -> None:
    keys = SqlPersonalKeys(db, box)
    refs = [KeyRef(ANNA, CONTACT), KeyRef(ANNA, documents(2025)), KeyRef(BERT, CONTACT)]
    keys.keys_for(refs)
    assert keys.destroy(ANNA, [CONTACT]) == 1
    assert keys.existing(refs) == {r: keys.key_for(r) for r in refs[1:]}
    with pytest.raises(KeyDestroyedError):
        keys.key_for(KeyRef(ANNA, CONTACT))
    assert KeyRef(ANNA, CONTACT) not in keys.keys_for(refs)
    assert SqlPersonalKeys(db, box).existing(refs[:1]) == {}  # gone for other processes too
    assert keys.destroy(ANNA, [CONTACT]) == 0  # twice is harmless
    assert keys.destroy(ANNA) == 1  # all that is left: the documents key
    assert keys.existing(refs) == {refs[2]: keys.key_for(refs[2])}


def test_a_purpose_destroyed_before_any_key_was_made_is_never_made(db: SqlDatabase, box: SecretBox) -> None:
    keys = SqlPersonalKeys(db, box)
    assert keys.destroy(ANNA, [CONTACT]) == 0
    with pytest.raises(KeyDestroyedError):
        keys.key_for(KeyRef(ANNA, CONTACT))


def test_destroy_documents_until_destroys_every_subjects_years_up_to_that_one(
    db: SqlDatabase, box: SecretBox
) -> None:
    keys = SqlPersonalKeys(db, box)
    refs = [
        KeyRef(ANNA, documents(2014)),
        KeyRef(ANNA, documents(2015)),
        KeyRef(BERT, documents(2015)),
        KeyRef(BERT, documents(2016)),
        KeyRef(BERT, CONTACT),
    ]
    keys.keys_for(refs)
    assert keys.destroy_documents_until(2015) == 3
    assert set(keys.existing(refs)) == {refs[3], refs[4]}
    with pytest.raises(KeyDestroyedError):
        keys.key_for(refs[1])
    assert keys.destroy_documents_until(2015) == 0


def test_another_processs_destruction_takes_effect_when_the_cache_expires(
    db: SqlDatabase, box: SecretBox
) -> None:
    clock = Clock()
    reader, eraser = SqlPersonalKeys(db, box, cache_seconds=30, monotonic=clock), SqlPersonalKeys(db, box)
    ref = KeyRef(ANNA, CONTACT)
    key = eraser.key_for(ref)
    assert reader.existing([ref]) == {ref: key}
    eraser.destroy(ANNA)
    clock.now = 29
    assert reader.existing([ref]) == {ref: key}  # cached, for at most the cache's seconds
    clock.now = 31
    assert reader.existing([ref]) == {}


def test_keys_are_sealed_under_the_secret_key(db: SqlDatabase, box: SecretBox) -> None:
    keys = SqlPersonalKeys(db, box)
    key = keys.key_for(KeyRef(ANNA, CONTACT))
    with db.transaction(write=False) as tx:
        rows = tx.query("SELECT subject, purpose, sealed_key FROM personal_keys")
    assert len(rows) == 1 and rows[0][2].startswith("ohs1.")
    assert key.hex() not in rows[0][2] and key not in rows[0][2].encode("latin-1")
    with pytest.raises(SealedValueError):  # bound to its name: copied to Bert it does not open
        box.open(rows[0][2], b"orderhub personal key " + BERT.hex.encode() + b"/contact")
    with pytest.raises(Exception, match="does not match"):
        SqlPersonalKeys(db, SecretBox(new_key("another key")), cache_seconds=0).existing(
            [KeyRef(ANNA, CONTACT)]
        )


def test_rotation_reseals_every_key(db: SqlDatabase, box: SecretBox) -> None:
    keys = SqlPersonalKeys(db, box)
    refs = [KeyRef(ANNA, CONTACT), KeyRef(BERT, documents(2026))]
    made = keys.keys_for(refs)
    new = SecretBox(new_key("the new key"))
    with db.transaction() as tx:
        assert reseal(tx, box, new) == 2
    assert SqlPersonalKeys(db, new).existing(refs) == made


def test_a_destroyed_key_leaves_no_trace_in_the_sqlite_file(tmp_path: Path, box: SecretBox) -> None:
    path = tmp_path / "keys.db"
    db = SqlDatabase(DatabaseUrl.parse(f"sqlite:///{path}"))
    keys = SqlPersonalKeys(db, box)
    ref = KeyRef(ANNA, CONTACT)
    keys.key_for(ref)
    with db.transaction(write=False) as tx:
        sealed = str(tx.scalar("SELECT sealed_key FROM personal_keys"))
    assert keys.destroy(ANNA) == 1
    db.close()
    for file in tmp_path.iterdir():
        assert sealed.encode() not in file.read_bytes(), file
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM personal_keys").fetchone() == (0,)
