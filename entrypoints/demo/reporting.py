"""What the demo prints: where to look, what each sync did, what the simulators did, what to try."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from domain.channel import SyncSummary
from entrypoints.demo.sources import DemoSource

Say = Callable[[str], None]


def console() -> Say:
    """``print`` for several threads, flushed at once (the output may be a pipe)."""
    lock = threading.Lock()

    def say(text: str) -> None:
        with lock:
            print(text, flush=True)

    return say


def stamp() -> str:
    return datetime.now().strftime("%H:%M:%S")


class ReportingSync:
    """Stands in for ``services.sync``: runs the sync, then prints one line when it did something."""

    def __init__(self, sync: Callable[..., SyncSummary], say: Say) -> None:
        self._sync, self._say = sync, say

    def __call__(self, name: str, progress: Any = None) -> SyncSummary:
        summary = self._sync(name, progress=progress)
        if summary.imported or summary.updated or summary.quarantined or summary.pushed or summary.error:
            text = (
                f"{stamp()} sync {name:<19} fetched {summary.fetched}: {summary.imported} new, "
                f"{summary.updated} updated, {summary.unchanged} unchanged, {summary.quarantined} quarantined; "
                f"pushed {summary.pushed}"
            )
            self._say(text + (f"; stopped: {summary.error}" if summary.error else ""))
        return summary


def curl(api_key: str, url: str, *, data: str | None = None) -> str:
    head = f"curl -s -H 'Authorization: Bearer {api_key}'"
    if data is None:
        return f"{head} '{url}'"
    return f"{head} -H 'Content-Type: application/json' -X POST '{url}' -d '{data}'"


def banner(
    api: str,
    api_key: str,
    database_url: str,
    interval: int,
    sources: list[DemoSource],
    console: str | None = None,
) -> str:
    """``console``: the one-time sign-in link of the console (valid once, from this machine)."""
    lines = [
        "",
        "orderhub demo is running; stop it with Ctrl-C.",
        *(
            [f"  console      {console}", "               (signs you in once as 'demo', from this machine)"]
            if console
            else []
        ),
        f"  API docs     {api}/docs",
        f"  API key      {api_key}",
        f"  orders       {curl(api_key, api + '/api/v1/orders?limit=20')}",
        f"  from eBay    {curl(api_key, api + '/api/v1/orders?source=ebay')}",
        f"  channels     {curl(api_key, api + '/api/v1/channels')}",
        f"  database     {database_url}",
        f"Order sources (simulated; each channel syncs every {interval} s, the first sync starts now):",
    ]
    for source in sources:
        lines.append(f"  {source.channel:<19} {source.title:<14} {source.url}")
        lines.extend(f"  {'':<19} {hint}" for hint in source.hints())
    lines.append("New orders arrive every 10-20 s; eBay and Amazon orders also get paid, shipped, cancelled.")
    return "\n".join(lines)


def try_it(api: str, api_key: str, order: dict[str, Any], shopper_url: str | None) -> str:
    """Ready commands: ship one open JTL-Shop order here and watch the shop learn it at the next sync."""
    status = '{"status": "shipped", "tracking": {"carrier": "DHL", "number": "00340434161094042557"}}'
    url = f"{api}/api/v1/orders/{order['id']}"
    lines = [
        "",
        f"Try it: ship JTL-Shop order {order['number']} in orderhub; the next sync pushes it to the shop.",
        f"  {curl(api_key, url + '/status', data=status)}",
    ]
    if shopper_url:
        lines.append(f"  then see what the shopper sees:  curl -s '{shopper_url}'")
    lines.append(f"  its history:  {curl(api_key, url + '/events')}")
    return "\n".join(lines) + "\n"
