"""The one composition root: builds orderhub from settings. Nothing is built at import time."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from eventsourcing.utils import get_topic

from adapters.argon2_passwords import Argon2PasswordHasher
from adapters.channels.registry import KindRegistry, discover_kinds
from adapters.persistence.api_keys import SqlApiKeyStore
from adapters.persistence.bulk_reads import SqlStoredEventsReader
from adapters.persistence.channel_secrets import seal_clear_rows
from adapters.persistence.channel_settings import SqlChannelSettingsStore
from adapters.persistence.console_sessions import SqlConsoleSessionStore
from adapters.persistence.database_url import DatabaseUrl, redact
from adapters.persistence.mapper import OrjsonTranscoder, PydanticMapper
from adapters.persistence.recorder_reads import RecorderStoredEventsReader
from adapters.persistence.schema_lock import schema_lock
from adapters.persistence.sequences import SqlNumberSequence
from adapters.persistence.sql_database import SqlDatabase
from adapters.persistence.sync_leases import SqlSyncLeases
from adapters.persistence.users import SqlUserStore
from adapters.read_models.customer_list import CustomerListProjection
from adapters.read_models.order_list import OrderListProjection
from adapters.read_models.queries import SqlOrderQueries
from adapters.read_models.runner import ProjectionRunner
from adapters.read_models.sales_queries import SqlSalesReport
from adapters.read_models.sales_report import SalesReportProjection
from adapters.read_models.search_index import CustomerSearchProjection, OrderSearchProjection
from adapters.read_models.sync_log import SqlSyncLog, SyncLogProjection
from adapters.secrets.sealing import SecretBox
from adapters.system_clock import SystemClock
from application.aggregate_store import AggregateStore
from application.api_keys import ApiKeys
from application.channel_removal import ChannelRemoval
from application.channels import Channels
from application.console_sessions import ConsoleSessions
from application.customer_matching import CustomerMatcher
from application.customers import Customers
from application.intake import ChannelIntake
from application.ordering import Ordering
from application.outbox import Outbox
from application.queries import OrderQueries
from application.sign_in import SignIn
from application.staff_accounts import StaffAccounts
from application.sync import SyncChannel
from application.sync_lease import LEASE_SECONDS
from entrypoints.runtime import tune_garbage_collector
from entrypoints.secret_key import check_secret_key, secret_box
from ports.api_keys import ApiKeyStore
from ports.channel_kinds import InstalledKinds
from ports.channels import ChannelLimits
from ports.clock import Clock
from ports.password_hashing import PasswordHasher
from ports.read_models import Projections, ReadModelQueries, SalesReport, SyncLog


@dataclass
class Services:
    """Everything the entrypoints use: use cases, and query ports typed by their protocols.

    ``book`` and ``db`` are the stores themselves, for the runtime that owns them (closing them,
    waking the background on new events) and for tests; routes never touch them (test_layering.py).
    """

    book: AggregateStore
    db: SqlDatabase
    clock: Clock
    ordering: Ordering
    customers: Customers
    channels: Channels
    sync: SyncChannel
    order_queries: OrderQueries
    queries: ReadModelQueries
    projections: Projections
    api_keys: ApiKeyStore
    access: ApiKeys
    kinds: InstalledKinds
    sales_report: SalesReport
    sync_log: SyncLog
    users: StaffAccounts
    sign_in: SignIn
    console_sessions: ConsoleSessions
    channel_removal: ChannelRemoval

    def close(self) -> None:
        self.book.close()
        self.db.close()


def event_store_env(url: DatabaseUrl) -> dict[str, str]:
    env = url.event_store_env()
    env.update(TRANSCODER_TOPIC=get_topic(OrjsonTranscoder), MAPPER_TOPIC=get_topic(PydanticMapper))
    return env


DEFAULT_TIMEZONE = "Europe/Berlin"


class DatabaseMissingError(LookupError):
    """A command that works on existing data was pointed at a database that is not there."""


def bootstrap(
    database_url: str,
    *,
    clock: Clock | None = None,
    sleep: Callable[[float], Any] = time.sleep,
    kinds: KindRegistry | None = None,
    must_exist: bool = False,
    channel_limits: ChannelLimits | None = None,
    password_hasher: PasswordHasher | None = None,
    lease_seconds: float = LEASE_SECONDS,
    timezone: str = DEFAULT_TIMEZONE,
) -> Services:
    """``timezone``: the merchant's (``Settings.timezone``), whose days the date filters and the
    sales report's days are.

    ``must_exist``: refuse a SQLite file that is not there instead of creating an empty one
    (a PostgreSQL database is never created here: connecting to one that is missing fails)."""
    tune_garbage_collector()
    url = DatabaseUrl.parse(database_url)
    if must_exist and url.path is not None and not url.path.is_file():
        raise DatabaseMissingError(
            f"there is no database at {url.path} (from {redact(database_url)}): check --database-url "
            "or ORDERHUB_DATABASE_URL; `orderhub serve` creates a new one at its first start"
        )
    check_secret_key(url)  # a missing or malformed key stops the start before anything is opened
    if url.path is not None:
        url.path.parent.mkdir(parents=True, exist_ok=True)
    clock = clock or SystemClock()
    zone = ZoneInfo(timezone)
    kinds = kinds if kinds is not None else discover_kinds()
    with schema_lock(url):  # several processes may start at once on one new PostgreSQL database
        book = AggregateStore(env=event_store_env(url))
        snapshots = book.snapshots.recorder if book.snapshots else None
        book.bulk_reader = SqlStoredEventsReader.for_recorders(
            book.recorder, snapshots, book.mapper
        ) or RecorderStoredEventsReader(book.recorder, snapshots, book.mapper)
        db = SqlDatabase(url)
        numbers = SqlNumberSequence(db)
        box: SecretBox = secret_box(url, db)
        settings_store = SqlChannelSettingsStore(db, box)
        leases = SqlSyncLeases(db)
        runner = ProjectionRunner(
            book,
            db,
            [
                OrderListProjection(),
                CustomerListProjection(),
                SalesReportProjection(zone=zone),
                SyncLogProjection(),
                OrderSearchProjection(),
                CustomerSearchProjection(),
            ],
        )
        api_keys = SqlApiKeyStore(db)
        channels = Channels(book, kinds, settings_store, clock)
        seal_clear_rows(db, box, channels.secret_names)  # settings stored before secrets were sealed
        users = SqlUserStore(db)
        console_sessions = SqlConsoleSessionStore(db)
    queries = SqlOrderQueries(db, runner)
    matcher = CustomerMatcher(book, numbers)
    hasher = password_hasher or Argon2PasswordHasher()
    sync = SyncChannel(
        book,
        channels,
        ChannelIntake(book, numbers, matcher),
        Outbox(book, queries, clock),
        leases,
        clock,
        sleep,
        channel_limits,
        lease_seconds,
    )
    sign_in = SignIn(users, hasher, clock)
    return Services(
        book=book,
        db=db,
        clock=clock,
        ordering=Ordering(book, numbers, matcher, clock),
        customers=Customers(book, matcher, clock),
        channels=channels,
        sync=sync,
        order_queries=OrderQueries(book, queries, zone),
        queries=queries,
        projections=runner,
        api_keys=api_keys,
        access=ApiKeys(api_keys, clock),
        kinds=kinds,
        sales_report=SqlSalesReport(db, runner),
        sync_log=SqlSyncLog(db, runner),
        users=StaffAccounts(users, hasher, clock),
        sign_in=sign_in,
        console_sessions=ConsoleSessions(console_sessions, users, sign_in, clock),
        channel_removal=ChannelRemoval(book, channels, settings_store, queries, leases, clock),
    )
