"""Channel secrets through the use cases: split from the other settings, and a sync that cannot open
them stops cleanly with the reason while other channels sync."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.channels import stored_form
from entrypoints.bootstrap import Services, bootstrap
from ports.secrets import UnreadableChannelSecretsError
from testkit.channel_plugins import FakeClock
from tests.support.fake_channel import FakeKind, FakeSettings, registry_with


@pytest.fixture
def services(clock: FakeClock) -> Iterator[Services]:
    built = bootstrap("memory://", clock=clock, kinds=registry_with(FakeKind()))
    yield built
    built.close()


def test_the_stored_form_keeps_secrets_apart_in_clear_for_the_store_to_seal() -> None:
    public, secrets = stored_form(FakeSettings.model_validate({"shop": "s1", "token": "t0k"}))
    assert "token" not in public and public["shop"] == "s1"
    assert secrets == {"token": "t0k"}


def copy_secrets(services: Services, source: str, target: str) -> None:
    with services.db.transaction() as tx:
        sealed = tx.scalar("SELECT secrets FROM orderhub_channel_settings WHERE name = ?", (source,))
        tx.execute("UPDATE orderhub_channel_settings SET secrets = ? WHERE name = ?", (sealed, target))


def test_a_sync_whose_secrets_do_not_open_stops_with_the_reason_and_others_go_on(services: Services) -> None:
    services.channels.register("a", "fake", {"token": "ta"}, None)
    services.channels.register("b", "fake", {"token": "tb"}, None)
    copy_secrets(services, "a", "b")
    failed = services.sync("b")
    assert not failed.complete and failed.error is not None and "cannot be read" in failed.error
    assert services.channels.get("b").last_sync is not None
    assert services.sync("a").complete


def test_a_patch_without_every_secret_is_refused_and_one_with_them_replaces_them(services: Services) -> None:
    services.channels.register("a", "fake", {"token": "ta"}, None)
    services.channels.register("b", "fake", {"token": "tb"}, None)
    copy_secrets(services, "a", "b")
    with pytest.raises(UnreadableChannelSecretsError, match="PATCH /api/v1/channels/b"):
        services.channels.update("b", {"shop": "other"}, None)
    services.channels.update("b", {"token": "new"}, None)
    settings = services.channels.settings("b")[1]
    assert isinstance(settings, FakeSettings) and settings.token.get_secret_value() == "new"
    assert services.sync("b").complete
