"""Removing a channel: it stops being a source, its orders stay (docs/adr/ 'channel removal').

Its orders keep naming it (``source.channel``): they are what was sold, and the books keep them.
What belonged to the connection goes: its settings and sealed secrets, watermark, checkpoint and
quarantine. Changes made here that it had not yet confirmed cannot reach it any more: each is
recorded on its order as refused (``PushRejected``, shown in ``push_refused``), so that nobody
believes the channel was told. A channel registered later under the same name starts afresh; as
the order ids derive from the channel's name and the channel's order id (ADR 001), its orders with
an id the removed one used update those orders (the same shop connected again).
"""

from __future__ import annotations

from uuid import UUID

from application.aggregate_store import AggregateStore
from application.channels import Channels
from application.errors import SyncAlreadyRunningError
from application.sync_lease import LEASE_SECONDS, HeldLease
from application.unit_of_work import Decision, retrying
from domain.channel import Channel
from domain.order import Order
from ports.channel_settings import ChannelSettingsStore
from ports.clock import Clock
from ports.leases import SyncLeases
from ports.read_models import ReadModelQueries


def not_sent(name: str) -> str:
    return (
        f"not sent: channel {name!r} was removed before it confirmed this change; tell the channel "
        "yourself if it still needs to know"
    )


class ChannelRemoval:
    def __init__(
        self,
        book: AggregateStore,
        channels: Channels,
        settings_store: ChannelSettingsStore,
        queries: ReadModelQueries,
        leases: SyncLeases,
        clock: Clock,
    ) -> None:
        self._book, self._channels, self._store, self._queries = book, channels, settings_store, queries
        self._leases, self._clock = leases, clock

    def remove(self, name: str) -> int:
        """Remove the channel; returns how many unconfirmed changes were dropped. Holds the
        channel's sync lease meanwhile: no sync of it runs (or starts) while it is removed."""
        self._channels.get(name)  # 404 for an unknown one, before anything else
        lease = HeldLease(self._leases, self._clock, name, renew_every=LEASE_SECONDS / 3)
        if not lease.take():
            raise SyncAlreadyRunningError(name)
        try:
            lease.start()
            dropped = self._drop_pending_pushes(name)

            def decide() -> Decision[Channel]:
                channel = self._channels.get(name)
                channel.remove(self._clock.now())
                return channel, [channel]

            retrying(self._book, f"channel {name}", decide)
            self._store.delete(name)  # after the event: a removed channel's leftover settings are never read
            return dropped
        finally:
            lease.release()

    def _drop_pending_pushes(self, name: str) -> int:
        self._queries.catch_up()
        dropped = 0
        book = self._book
        for order_id in self._queries.orders_with_pending_pushes(name):

            def decide(order_id: UUID = order_id) -> Decision[int]:
                order = book.get(order_id)
                if not isinstance(order, Order) or order.channel != name:
                    return 0, []
                pending = list(order.pending_pushes)
                for push_id in pending:
                    order.reject_push(push_id, not_sent(name), self._clock.now())
                return len(pending), [order]

            dropped += retrying(book, f"order {order_id} (channel {name} removed)", decide)
        return dropped
