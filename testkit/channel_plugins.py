"""Test helpers for channel plug-in authors (a public, stable module; no pytest needed).

from testkit.channel_plugins import (
    FakeClock, make_context, check_kind_conformance, channel_capabilities, collect_pages, window_back)

clock = FakeClock()
context = make_context(clock=clock)            # context.sleep records waits, never sleeps
check_kind_conformance(KIND, {"url": shop_url, "password": "..."}, context)
channel = KIND.open(KIND.settings_model(url=shop_url, password="..."), context)
assert channel_capabilities(channel) == ["fetch_orders"]   # the optional protocols it offers
pages = collect_pages(channel, window_back(clock, days=30))
assert [o.order.external_id for o in pulled_orders(pages)] == ["1001"]
assert context.sleep.waits == []               # no retries were needed
"""

from __future__ import annotations

import difflib
import inspect
import json
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, SecretStr

from adapters.channels.registry import kind_problems
from ports.channels import (
    CAPABILITIES,
    ChannelContext,
    OrderChannel,
    PulledOrder,
    PulledPage,
    PullFailure,
    PullWindow,
)
from testkit.clock import FakeClock

SECRET_NAMES = ("password", "secret", "token", "api_key", "private_key")
"""A settings field named so, or ending in ``_<one of these>``, must be a SecretStr marked secret."""


class RecordingSleep:
    """``sleep(seconds)`` that returns at once, records the wait and moves the clock it was given."""

    def __init__(self, clock: FakeClock | None = None) -> None:
        self.waits: list[float] = []
        self._clock = clock

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self._clock is not None:
            self._clock.advance(seconds)


def make_context(
    channel_name: str = "test-channel", clock: FakeClock | None = None, timeout_seconds: float = 5.0
) -> ChannelContext:
    """A ChannelContext with a fake clock and a ``RecordingSleep`` (read ``context.sleep.waits``)."""
    clock = clock or FakeClock()
    return ChannelContext(
        channel_name=channel_name, clock=clock, sleep=RecordingSleep(clock), timeout_seconds=timeout_seconds
    )


def window_back(clock: Any, days: float = 30, first_sync: bool = True) -> PullWindow:
    """The window the application hands a first sync: the last ``days`` up to ``clock.now()``."""
    end = clock.now()
    return PullWindow(start=end - timedelta(days=days), end=end, first_sync=first_sync)


def _settings_problems(model: type[BaseModel]) -> list[str]:
    problems = []
    for field_name, info in model.model_fields.items():
        name = field_name.lower()
        if not any(name == word or name.endswith("_" + word) for word in SECRET_NAMES):
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        annotation = str(info.annotation)
        if "SecretStr" not in annotation or extra.get("secret") is not True:
            problems.append(
                f"settings field {field_name!r} looks secret: make it SecretStr with "
                'Field(json_schema_extra={"secret": True})'
            )
    return problems


def channel_capabilities(channel: Any) -> list[str]:
    """The optional capabilities (``ports.channels.CAPABILITIES``) that ``channel`` offers."""
    return sorted(name for name, protocol in CAPABILITIES.items() if isinstance(channel, protocol))


def _capability_problems(channel: Any) -> list[str]:
    problems = []
    for name in CAPABILITIES:
        method = getattr(channel, name, None)
        if method is None:
            near = difflib.get_close_matches(name, [a for a in dir(channel) if not a.startswith("_")], 1, 0.8)
            if near:
                problems.append(f"{near[0]!r} is not a capability orderhub knows: did you mean {name!r}?")
            continue
        try:
            inspect.signature(method).bind(["id"])
        except TypeError:
            problems.append(f"{name} must be a method taking one list argument (ports.channels.{name})")
        except ValueError:
            pass  # no signature to inspect (a builtin): trust it
    return problems


def check_kind_conformance(
    kind: Any, settings: Mapping[str, Any] | None = None, context: ChannelContext | None = None
) -> None:
    """Raise AssertionError listing everything that keeps ``kind`` from working in orderhub.

    The declared contract (ports/channels.py): ``name``, a ``settings_model`` deriving from
    ``ChannelSettings`` (``TimeWindowedSettings`` when ``pulls_by_time``) with its secrets marked,
    and ``open``. With ``settings`` (a plain dict, as a user would POST it) the kind is also opened
    and the channel checked for the OrderChannel methods and for the optional capabilities it offers
    (``FetchesOrders``, ``RemapsOrders``: right signature, no misspelt name), then closed; opening
    must not do network I/O.
    """
    problems = kind_problems(kind)
    model = getattr(kind, "settings_model", None)
    if isinstance(model, type) and issubclass(model, BaseModel):  # report everything at once
        problems += _settings_problems(model)
        try:
            json.dumps(model.model_json_schema())
        except Exception as exc:  # the schema is served by GET /channel-kinds
            problems.append(f"settings_model has no JSON schema: {exc}")
    if not problems and settings is not None and model is not None:
        channel = kind.open(model.model_validate(dict(settings)), context or make_context())
        if not isinstance(channel, OrderChannel):
            problems.append("open() must return an object with pull, acknowledge, push and close")
        else:
            problems += _capability_problems(channel)
            channel.close()
    if problems:
        raise AssertionError(
            f"{getattr(kind, 'name', kind)!r} is not a conforming ChannelKind:\n- " + "\n- ".join(problems)
        )


def _check_page(page: Any, number: int) -> None:
    if not isinstance(page, PulledPage):
        raise AssertionError(f"page {number} is a {type(page).__name__}, not a PulledPage")
    try:
        json.dumps(page.checkpoint)
    except TypeError as exc:  # the application stores checkpoints as JSON
        raise AssertionError(f"page {number}: checkpoint is not JSON-serialisable: {exc}") from None
    if page.watermark is not None and page.watermark.tzinfo is None:
        raise AssertionError(f"page {number}: watermark must be timezone-aware")


def collect_pages(
    channel: OrderChannel, window: PullWindow, checkpoint: Mapping[str, Any] | None = None
) -> list[PulledPage]:
    """Drain ``channel.pull(window, checkpoint)``, checking each page as the application would."""
    pages = []
    for number, page in enumerate(channel.pull(window, checkpoint), start=1):
        _check_page(page, number)
        pages.append(page)
    return pages


def pulled_orders(pages: Iterable[PulledPage]) -> list[PulledOrder]:
    return [order for page in pages for order in page.orders]


def pull_failures(pages: Iterable[PulledPage]) -> list[PullFailure]:
    return [failure for page in pages for failure in page.failures]


def secret_values(settings: BaseModel) -> list[str]:
    """The clear-text secrets of ``settings``: assert none of them shows up in logs or error messages."""
    return [
        value.get_secret_value()
        for value in (getattr(settings, name) for name in type(settings).model_fields)
        if isinstance(value, SecretStr) and value.get_secret_value()
    ]
