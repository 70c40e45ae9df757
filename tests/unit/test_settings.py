"""Settings from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from entrypoints.settings import Settings


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
def test_a_blank_api_key_counts_as_no_key(monkeypatch: pytest.MonkeyPatch, blank: str) -> None:
    monkeypatch.setenv("ORDERHUB_API_KEY", blank)
    assert Settings(_env_file=None).api_key is None  # type: ignore[call-arg]


def test_an_api_key_is_taken_without_surrounding_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERHUB_API_KEY", " s3cret\n")
    key = Settings(_env_file=None).api_key  # type: ignore[call-arg]
    assert key is not None and key.get_secret_value() == "s3cret"


def test_syncs_run_four_at_once_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).sync_concurrency == 4  # type: ignore[call-arg]
    monkeypatch.setenv("ORDERHUB_SYNC_CONCURRENCY", "12")
    assert Settings(_env_file=None).sync_concurrency == 12  # type: ignore[call-arg]


@pytest.mark.parametrize("bad", ["0", "-1", "65", "many"])
def test_a_sync_concurrency_out_of_range_is_refused(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("ORDERHUB_SYNC_CONCURRENCY", bad)
    with pytest.raises(ValueError, match="sync_concurrency"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_the_first_key_file_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert Settings(_env_file=None).first_key_file is None  # type: ignore[call-arg]
    monkeypatch.setenv("ORDERHUB_FIRST_KEY_FILE", str(tmp_path / "key.txt"))
    assert Settings(_env_file=None).first_key_file == tmp_path / "key.txt"  # type: ignore[call-arg]


def test_channel_limits_default_to_what_the_readme_says() -> None:
    limits = Settings(_env_file=None).channel_limits()  # type: ignore[call-arg]
    assert (limits.call_deadline_seconds, limits.max_response_bytes) == (60.0, 50 * 1024 * 1024)
    assert (limits.allow_private_addresses, limits.allow_link_local) == (True, False)


def test_channel_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORDERHUB_CHANNEL_CALL_DEADLINE_SECONDS", "5")
    monkeypatch.setenv("ORDERHUB_CHANNEL_MAX_RESPONSE_BYTES", "1000")
    monkeypatch.setenv("ORDERHUB_CHANNEL_ALLOW_PRIVATE_ADDRESSES", "false")
    monkeypatch.setenv("ORDERHUB_CHANNEL_ALLOW_LINK_LOCAL", "true")
    limits = Settings(_env_file=None).channel_limits()  # type: ignore[call-arg]
    assert (limits.call_deadline_seconds, limits.max_response_bytes) == (5.0, 1000)
    assert (limits.allow_private_addresses, limits.allow_link_local) == (False, True)


def test_the_sync_lease_lives_30_seconds_unless_set_within_3_to_600(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(_env_file=None).sync_lease_seconds == 30  # type: ignore[call-arg]
    monkeypatch.setenv("ORDERHUB_SYNC_LEASE_SECONDS", "3")
    assert Settings(_env_file=None).sync_lease_seconds == 3  # type: ignore[call-arg]
    monkeypatch.setenv("ORDERHUB_SYNC_LEASE_SECONDS", "1")
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]
