"""The one composition root: builds orderhub from settings. Nothing is built at import time."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventsourcing.utils import get_topic

from adapters.channels.registry import KindRegistry, discover_kinds
from adapters.persistence.api_keys import SqlApiKeyStore
from adapters.persistence.bulk_reads import SqlStoredEventsReader
from adapters.persistence.channel_settings import SqlChannelSettingsStore
from adapters.persistence.database_url import DatabaseUrl
from adapters.persistence.mapper import OrjsonTranscoder, PydanticMapper
from adapters.persistence.schema_lock import schema_lock
from adapters.persistence.sequences import SqlNumberSequence
from adapters.persistence.sql_database import SqlDatabase
from adapters.persistence.sync_leases import SqlSyncLeases
from adapters.read_models.customer_list import CustomerListProjection
from adapters.read_models.order_list import OrderListProjection
from adapters.read_models.queries import SqlOrderQueries
from adapters.read_models.runner import ProjectionRunner
from adapters.read_models.sales_queries import SqlSalesReport
from adapters.read_models.sales_report import SalesReportProjection
from adapters.read_models.sync_log import SqlSyncLog, SyncLogProjection
from adapters.system_clock import SystemClock
from application.aggregate_store import AggregateStore
from application.channels import Channels
from application.customer_matching import CustomerMatcher
from application.customers import Customers
from application.intake import ChannelIntake
from application.ordering import Ordering
from application.outbox import Outbox
from application.sync import SyncChannel
from application.sync_lease import LEASE_SECONDS
from entrypoints.runtime import tune_garbage_collector
from ports.clock import Clock


@dataclass
class Services:
    """Everything the entrypoints use."""

    book: AggregateStore
    db: SqlDatabase
    clock: Clock
    ordering: Ordering
    customers: Customers
    channels: Channels
    sync: SyncChannel
    queries: SqlOrderQueries
    projections: ProjectionRunner
    api_keys: SqlApiKeyStore
    kinds: KindRegistry
    sales_report: SqlSalesReport
    sync_log: SqlSyncLog

    def close(self) -> None:
        self.book.close()
        self.db.close()


def event_store_env(url: DatabaseUrl) -> dict[str, str]:
    env = url.event_store_env()
    env.update(TRANSCODER_TOPIC=get_topic(OrjsonTranscoder), MAPPER_TOPIC=get_topic(PydanticMapper))
    return env


def bootstrap(
    database_url: str,
    *,
    clock: Clock | None = None,
    sleep: Callable[[float], Any] = time.sleep,
    kinds: KindRegistry | None = None,
    lease_seconds: float = LEASE_SECONDS,
) -> Services:
    tune_garbage_collector()
    url = DatabaseUrl.parse(database_url)
    if url.path is not None:
        url.path.parent.mkdir(parents=True, exist_ok=True)
    clock = clock or SystemClock()
    with schema_lock(url):  # several processes may start at once on one new PostgreSQL database
        book = AggregateStore(env=event_store_env(url))
        book.bulk_reader = SqlStoredEventsReader.for_recorders(
            book.recorder, book.snapshots.recorder if book.snapshots else None
        )
        db = SqlDatabase(url)
        numbers = SqlNumberSequence(db)
        settings_store = SqlChannelSettingsStore(db)
        leases = SqlSyncLeases(db)
        runner = ProjectionRunner(
            book,
            db,
            [OrderListProjection(), CustomerListProjection(), SalesReportProjection(), SyncLogProjection()],
        )
        api_keys = SqlApiKeyStore(db)
    queries = SqlOrderQueries(db, runner)
    kinds = kinds if kinds is not None else discover_kinds()
    channels = Channels(book, kinds, settings_store, clock)
    matcher = CustomerMatcher(book, numbers)
    sync = SyncChannel(
        book,
        channels,
        ChannelIntake(book, numbers, matcher),
        Outbox(book, queries, clock),
        leases,
        clock,
        sleep,
        lease_seconds,
    )
    return Services(
        book=book,
        db=db,
        clock=clock,
        ordering=Ordering(book, numbers, matcher, clock),
        customers=Customers(book, matcher, clock),
        channels=channels,
        sync=sync,
        queries=queries,
        projections=runner,
        api_keys=api_keys,
        kinds=kinds,
        sales_report=SqlSalesReport(db, runner),
        sync_log=SqlSyncLog(db, runner),
    )
