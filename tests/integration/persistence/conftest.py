"""The side tables' tests work on a bare SQL database of each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.sql_database import SqlDatabase


@pytest.fixture
def db(database_url: str) -> Iterator[SqlDatabase]:
    url = DatabaseUrl.parse(database_url)
    if url.path is not None:
        url.path.parent.mkdir(parents=True, exist_ok=True)
    database = SqlDatabase(url)
    yield database
    database.close()
