"""Runs the demo: simulators with orders coming in, channels syncing on a schedule, the HTTP API.

Everything runs in this process (the optional Oscar shop in a child process): the simulators and
the API each in a uvicorn thread, scheduled syncs and projections as in ``orderhub serve``. It
stops cleanly on Ctrl-C, SIGTERM or after ``duration`` seconds: shoppers, scheduler, API,
simulators, in that order.
"""

from __future__ import annotations

import contextlib
import logging
import random
import secrets
import signal
import threading
import time
from dataclasses import replace
from typing import Any, cast

from adapters.secrets.master_key import SecretKeyConfigError
from application.errors import DuplicateChannelError
from application.sync import SyncChannel
from domain.staff_account import DuplicateUserError, Role
from entrypoints.background import Background
from entrypoints.bootstrap import Services, bootstrap
from entrypoints.console.demo_sign_in import OneTimeSignIn
from entrypoints.demo.options import DemoOptions, demo_api_key, fresh_sqlite_url, port_taken
from entrypoints.demo.oscar_shop import OscarSource, OscarUnavailableError, load_runner
from entrypoints.demo.reporting import ReportingSync, Say, banner, stamp, try_it
from entrypoints.demo.shops import JtlShopSource
from entrypoints.demo.sources import DemoSource, builtin_sources
from entrypoints.http.app import create_app
from entrypoints.scheduler import SyncScheduler
from ports.read_models import OrderFilter
from simulators.server import BackgroundServer

log = logging.getLogger(__name__)

INITIAL_ORDERS = 12
DEMO_USER = "demo"
TICK_SECONDS = (10.0, 20.0)
OSCAR_START_WAIT = 30.0
"""How long stopping waits for an Oscar shop that is still starting (it runs in a child process)."""


class Demo:
    def __init__(self, options: DemoOptions, say: Say) -> None:
        self.options, self.say = options, say
        self.api_key = options.api_key or demo_api_key(options.host)
        self.api = f"http://{options.host}:{options.port}"
        self.stop = threading.Event()
        self.sources: list[DemoSource] = []
        self._lock = threading.Lock()
        self._services: Services | None = None
        self._background: Background | None = None
        self._server: BackgroundServer | None = None
        self._threads: list[threading.Thread] = []
        self._tip_shown = False

    def run(self) -> int:
        if port_taken(self.options.host, self.options.port):
            self.say(f"port {self.options.port} on {self.options.host} is in use: pick another with --port")
            return 2
        previous = self._catch_signals()
        try:
            self._start()
            deadline = None if self.options.duration is None else time.monotonic() + self.options.duration
            while not self.stop.wait(0.5):
                if deadline is not None and time.monotonic() >= deadline:
                    break
            self.say(f"{stamp()} stopping ...")
        except SecretKeyConfigError as exc:  # PostgreSQL without ORDERHUB_SECRET_KEY, or a malformed one
            self.say(str(exc))
            return 2
        except DuplicateChannelError as exc:
            self.say(f"{exc}: the demo needs a database of its own (leave out --database-url, or memory://)")
            return 2
        finally:
            for sig, handler in previous.items():  # a second Ctrl-C while stopping interrupts for good
                signal.signal(sig, handler)
            self._shutdown()
        self.say("orderhub demo stopped.")
        return 0

    def _catch_signals(self) -> dict[int, Any]:
        if threading.current_thread() is not threading.main_thread():
            return {}

        def request_stop(_signum: int, _frame: Any) -> None:
            self.stop.set()

        return {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}

    def _start(self) -> None:
        options, say = self.options, self.say
        database_url = options.database_url or fresh_sqlite_url()
        services = self._services = bootstrap(database_url)
        for source in builtin_sources(options.seed, INITIAL_ORDERS):
            source.start()
            self.sources.append(source)
            self._register(source)
        # the scheduler only calls services.sync(name): it gets one that also prints what happened
        reporting = replace(services, sync=cast(SyncChannel, ReportingSync(services.sync, say)))
        self._background = Background(services, scheduler=SyncScheduler(reporting)).start()
        app = create_app(services, self.api_key)
        link = app.state.demo_sign_in = OneTimeSignIn(demo_user(services))
        self._server = BackgroundServer(app, options.host, options.port).start()
        console = f"{self.api}/console/login/demo?token={link.token}"
        say(banner(self.api, self.api_key, database_url, options.interval, self.sources, console))
        self._spawn(self._oscar, "demo-oscar")
        self._spawn(self._shoppers, "demo-shoppers")

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _register(self, source: DemoSource) -> None:
        assert self._services is not None
        self._services.channels.register(
            source.channel, source.kind, source.settings(), self.options.interval
        )

    def _oscar(self) -> None:
        assert self._services is not None
        if self.options.oscar is False:
            return
        label = f"  {OscarSource.channel:<19} {OscarSource.title:<14}"
        source = OscarSource(self.options.seed + 4, INITIAL_ORDERS // 3, build=bool(self.options.oscar))
        try:
            if self._services.kinds.get(OscarSource.kind) is None:
                raise OscarUnavailableError("the orderhub-oscar plug-in is not installed")
            load_runner(build=bool(self.options.oscar))
            self.say(f"{label} starting the plug-in's test shop in the background ...")
            source.start()
            with self._lock:
                if self.stop.is_set():
                    raise OscarUnavailableError("the demo is stopping")
                self.sources.append(source)
            self._register(source)
        except Exception as exc:  # optional: say why, and go on without it
            source.stop()
            with self._lock:
                if source in self.sources:
                    self.sources.remove(source)
            self.say(f"{label} skipped: {exc}")
            return
        self.say(f"{label} {source.url}  " + "; ".join(source.hints()))

    def _shoppers(self) -> None:
        rng = random.Random(self.options.seed)
        while not self.stop.wait(rng.uniform(*TICK_SECONDS)):
            with self._lock:
                sources = list(self.sources)
            parts = []
            for source in sources:
                try:
                    notes = source.tick()
                except Exception as exc:  # one source's hiccup must not end the demo
                    log.warning("demo source %s could not tick", source.channel, exc_info=True)
                    notes = [f"could not tick ({type(exc).__name__})"]
                parts.append(f"{source.title}: {', '.join(notes)}")
            self.say(f"{stamp()} shoppers  " + "; ".join(parts))
            try:
                self._tip_shown = self._tip_shown or self._show_tip(sources)
            except Exception:  # the read model may be rebuilding; try again next time
                log.warning("could not look up an order for the tip", exc_info=True)

    def _show_tip(self, sources: list[DemoSource]) -> bool:
        shop = next((s for s in sources if isinstance(s, JtlShopSource)), None)
        if shop is None or self._services is None:
            return True
        page = self._services.queries.list_orders(OrderFilter(channel=shop.channel, status="open", limit=1))
        if not page.items:
            return False
        order = page.items[0]
        self.say(try_it(self.api, self.api_key, order, shop.shopper_url(order["source"]["external_id"])))
        return True

    def _shutdown(self) -> None:
        self.stop.set()
        for thread in self._threads:
            if thread.name == "demo-oscar" and thread.is_alive():
                self.say("waiting for the Oscar shop to finish starting ...")
            thread.join(OSCAR_START_WAIT)
        steps: list[Any] = [self._background, self._server]
        with self._lock:
            steps.extend(reversed(self.sources))
        for step in steps:
            try:
                if step is not None:
                    step.stop()
            except Exception:
                log.exception("stopping %r failed", step)
        if self._services is not None:
            self._services.close()


def demo_user(services: Services) -> str:
    """The demo's console user (an admin: the demo shows every page and action); its password is
    random and never shown: the demo's one-time link signs the visitor in."""
    with contextlib.suppress(DuplicateUserError):  # a database kept from an earlier demo
        services.users.add(DEMO_USER, Role.ADMIN, secrets.token_urlsafe(24))
    return DEMO_USER


def run_demo(options: DemoOptions, say: Say) -> int:
    return Demo(options, say).run()
