"""The JTL-Connector order channel: orderhub plays the Wawi against a shop's connector endpoint.

Sequence: auth → ``connector.identify`` (protocol 7) → ``core.connector.features`` →
``customer_order.pull`` pages (only orders the shop has not seen acknowledged) → ``core.connector.ack``
after each saved page → ``status_change.push`` / ``delivery_note.push`` → ``connector.finish``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

from adapters.channels.jtl_connector import protocol as p
from adapters.channels.jtl_connector.client import JtlRpcClient, RpcFault
from adapters.channels.jtl_connector.mapping import external_id_of, map_customer_order
from adapters.channels.jtl_connector.push_mapping import delivery_note, status_change
from adapters.channels.raw_payloads import bad_bytes_reason, stand_in_id, storable, undecodable_text
from domain.status import OrderStatus
from ports.channels import (
    ChannelContext,
    ChannelError,
    PermanentChannelError,
    PulledOrder,
    PulledPage,
    PullFailure,
    PullWindow,
    PushOutcome,
    RetryableChannelError,
    StatusPush,
)

log = logging.getLogger(__name__)

_SHIPMENTS = (OrderStatus.SHIPPED, OrderStatus.PARTIALLY_SHIPPED)


class JtlConnectorChannel:
    def __init__(self, client: JtlRpcClient, context: ChannelContext) -> None:
        self._client = client
        self._context = context
        self._features: p.Features | None = None
        self._unacknowledged: set[str] = set()
        """Orders pulled in this run that were not acknowledged: the endpoint keeps returning them."""

    def _ready(self) -> p.Features:
        if self._features is None:
            info = self._client.call("connector.identify")
            version = info.get("protocolVersion") if isinstance(info, dict) else None
            if version != p.PROTOCOL_VERSION:
                raise PermanentChannelError(
                    f"JTL-Connector at {self._client.url} speaks protocol version {version!r}; orderhub speaks "
                    f"{p.PROTOCOL_VERSION}: update the connector plug-in in the shop"
                )
            self._features = p.Features.from_result(self._client.call("core.connector.features"))
        return self._features

    def pull(self, window: PullWindow, checkpoint: Mapping[str, Any] | None) -> Iterator[PulledPage]:
        """Pages of not-yet-acknowledged orders; the window is irrelevant (the shop tracks what we have)."""
        if not self._ready().can("CustomerOrder", "pull"):
            raise PermanentChannelError(
                f"JTL-Connector at {self._client.url} does not offer customer orders (features: CustomerOrder "
                "pull=false): enable the order export in the connector's settings"
            )
        while True:
            # Orders we could not map stay unacknowledged and keep coming back: ask for that many more.
            limit = p.PULL_LIMIT + len(self._unacknowledged)
            batch = self._client.call("customer_order.pull", {"limit": limit, "filters": {}})
            if not isinstance(batch, list):
                raise RetryableChannelError(
                    f"JTL-Connector customer_order.pull answered {type(batch).__name__}, not a list of orders"
                )
            page = self._page(batch)
            if page is None:
                return
            yield page

    def _page(self, batch: list[Any]) -> PulledPage | None:
        orders: list[PulledOrder] = []
        failures: list[PullFailure] = []
        for payload in batch:
            external_id = external_id_of(payload)
            if external_id is None or undecodable_text(external_id) is not None:
                external_id = stand_in_id(payload)
            if external_id in self._unacknowledged:
                continue
            self._unacknowledged.add(external_id)
            if (where := undecodable_text(payload)) is not None:
                failures.append(
                    PullFailure(
                        external_id=external_id, reason=bad_bytes_reason(where), raw=storable(payload)
                    )
                )
                continue
            try:
                order = map_customer_order(payload)
            except ValueError as exc:
                failures.append(PullFailure(external_id=external_id, reason=str(exc), raw=payload))
            else:
                orders.append(PulledOrder(order=order, receipt=external_id, raw=payload))
        if not orders and not failures:
            return None
        return PulledPage(orders=orders, failures=failures)

    def acknowledge(self, receipts: list[str]) -> None:
        endpoint_ids = list(dict.fromkeys(r for r in receipts if r))
        if not endpoint_ids:
            return
        pairs = [p.identity(ep, p.host_id_for(ep)) for ep in endpoint_ids]
        self._client.call("core.connector.ack", {"identities": {"customerOrder": pairs}, "checksums": []})
        self._unacknowledged.difference_update(endpoint_ids)

    def push(self, change: StatusPush) -> PushOutcome:
        model = status_change(change.external_id, change.status, paid=change.paid_at is not None)
        # A change the endpoint cannot take is refused for good (PushRejected: not counted as pushed,
        # not retried), saying where to make it instead.
        if model is None:
            return PushOutcome(
                delivered=False,
                detail=f"JTL-Connector has no status for {change.status}: change the order in the shop's admin",
            )
        features = self._ready()
        if not features.can("StatusChange", "push"):
            return PushOutcome(
                delivered=False,
                detail=(
                    "the shop's connector does not accept status changes (StatusChange push=false):"
                    f" set the order {change.status} in the shop's admin"
                ),
            )
        notes: list[str] = []
        references: list[str] = []
        if change.tracking is not None and change.status in _SHIPMENTS:
            if not features.can("DeliveryNote", "push"):
                notes.append("tracking not sent: the endpoint does not accept delivery notes")
            else:
                note = delivery_note(
                    change.external_id,
                    change.push_id,
                    change.tracking,
                    self._context.clock.now(),
                    partial=change.status is OrderStatus.PARTIALLY_SHIPPED,
                )
                refused = self._refusal("delivery_note.push", note, notes)
                if refused is None:
                    references.append(f"deliveryNote:{note['id'][1]}")
                else:  # the status still matters to the shopper: send it without the tracking
                    notes.append(refused)
        refused = self._refusal("status_change.push", model, notes)
        if refused is not None:
            return PushOutcome(delivered=False, detail="; ".join([refused, *notes]))
        references.insert(0, f"statusChange:{change.external_id}:{model['orderStatus']}")
        return PushOutcome(delivered=True, reference=" ".join(references), detail="; ".join(notes) or None)

    def _refusal(self, method: str, model: dict[str, Any], notes: list[str]) -> str | None:
        """Push one model; the endpoint's reason when it refuses it for good (error 400), else None."""
        try:
            self._client.call(method, [model])
        except RpcFault as fault:
            if fault.code != p.REQUEST_ERROR:
                raise
            return f"{method} refused: {fault.message}"
        notes.extend(f"{method}: {w}" for w in self._client.warnings)
        return None

    def close(self) -> None:
        try:
            if (
                self._features is not None
                and self._features.flag("needs_finish_call")
                and self._client.has_session
            ):
                self._client.call("connector.finish")
        except ChannelError as exc:
            log.warning("JTL-Connector finish at %s failed: %s", self._client.url, exc)
        finally:
            self._client.forget_session()
            self._client.close()
