"""The intake these tests drive, on the stores of ``database_url`` (``services``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.persistence.sequences import SqlNumberSequence
from application.customer_matching import CustomerMatcher
from application.intake import ChannelIntake
from entrypoints.bootstrap import Services, bootstrap


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    services = bootstrap(database_url)
    yield services
    services.close()


@pytest.fixture
def intake(services: Services) -> ChannelIntake:
    numbers = SqlNumberSequence(services.db)
    return ChannelIntake(services.book, numbers, CustomerMatcher(services.book, numbers))
