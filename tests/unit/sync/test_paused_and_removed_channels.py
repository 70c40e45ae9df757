"""The scheduler leaves paused channels alone; a channel is not removed under a running sync; a
dismissed order is acknowledged to an ack-based channel instead of being quarantined again."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

import pytest

from application.errors import ChannelPausedError, SyncAlreadyRunningError
from entrypoints.scheduler import SyncScheduler
from ports.channels import PulledPage, PullWindow
from tests.support.fake_channel import FakeChannel, FakeKind, channel_order
from tests.support.harness import Harness


def test_the_scheduler_does_not_sync_a_paused_channel_until_it_is_resumed(h: Harness) -> None:
    h.services.channels.update("shop", None, 60)
    scheduler = SyncScheduler(h.services)
    assert scheduler.due() == ["shop"]
    h.services.channels.update("shop", None, 60, paused=True)
    assert scheduler.due() == [] and scheduler.run_due() == []
    with pytest.raises(ChannelPausedError):
        h.services.sync("shop")  # the CLI's `orderhub sync` asks the same use case
    h.services.channels.update("shop", None, 60, paused=False)
    assert scheduler.due() == ["shop"]


def test_a_channel_paused_after_it_was_found_due_is_skipped_without_a_failure(h: Harness) -> None:
    h.services.channels.update("shop", None, 60, paused=True)
    scheduler = SyncScheduler(h.services)
    scheduler._sync("shop")  # what a thread started just before the pause runs
    assert scheduler.backoff("shop") == 0.0


def test_a_channel_is_not_removed_while_its_sync_runs(h: Harness, kind: FakeKind) -> None:
    kind.shop().put(channel_order("A1"), h.clock.now() - timedelta(hours=1))
    refused: list[Exception] = []

    def remove_meanwhile(_page: int) -> None:
        try:
            h.services.channel_removal.remove("shop")
        except SyncAlreadyRunningError as exc:
            refused.append(exc)

    kind.shop().before_page = remove_meanwhile
    assert h.services.sync("shop").imported == 1
    assert len(refused) == 1 and "already running" in str(refused[0])
    assert h.services.channels.get("shop").name == "shop"  # still there
    kind.shop().before_page = None
    assert h.services.channel_removal.remove("shop") == 0


class AckBased(FakeChannel):
    """Failures carry a receipt, as JTL-Shop's do: acknowledged, they are not delivered again."""

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        for page in super().pull(window, checkpoint):
            failures = [f.model_copy(update={"receipt": f"r-{f.external_id}"}) for f in page.failures]
            yield page.model_copy(update={"failures": failures})


def test_a_dismissed_order_is_acknowledged_to_an_ack_based_channel(h: Harness, kind: FakeKind) -> None:
    kind.channel = AckBased
    kind.shop().broken["B1"] = "unknown country QQ"
    assert h.services.sync("shop").quarantined == 1
    assert "r-B1" not in kind.shop().acked
    h.services.channels.dismiss_quarantined("shop", "B1", "sold in the shop's test mode")
    summary = h.services.sync("shop")
    assert summary.quarantined == 0 and h.services.channels.get("shop").quarantine == {}
    assert "r-B1" in kind.shop().acked
