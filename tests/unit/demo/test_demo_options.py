"""The demo's defaults: its well-known API key only on loopback, a fresh database each run."""

from __future__ import annotations

from pathlib import Path

import pytest

from entrypoints.demo.options import DEMO_API_KEY, demo_api_key, fresh_sqlite_url


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_the_demo_key_is_the_well_known_one_on_loopback(host: str) -> None:
    assert demo_api_key(host) == DEMO_API_KEY


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "demo.example"])
def test_the_demo_key_is_random_where_others_can_reach_the_api(host: str) -> None:
    assert demo_api_key(host) not in (DEMO_API_KEY, demo_api_key(host))


def test_every_run_gets_a_database_of_its_own(tmp_path: Path) -> None:
    first = fresh_sqlite_url(tmp_path)
    Path(first.removeprefix("sqlite:///")).touch()
    assert fresh_sqlite_url(tmp_path) != first
