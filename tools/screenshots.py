"""``make screenshots``: PNGs of the console's main pages, in English and German, into docs/screenshots/.

A server like ``orderhub demo``'s (the demo's eBay, Amazon, JTL-Shop and JTL-Connector simulators,
each channel synced once, and a few immediate orders: one shipped with tracking, one cancelled) is
started on a new SQLite file, and Debian's Chromium (``/usr/bin/chromium``, or ``ORDERHUB_CHROMIUM``)
photographs each page signed in as ``admin``. A page the server does not have yet is left out and
named. ``python -m tools.screenshots [--out DIR]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, ViewportSize, sync_playwright

from entrypoints.demo.sources import builtin_sources
from tools.live_console import CHROMIUM_ARGS, PASSWORD, LiveServer, chromium_path, place_sample_orders

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = {"en": "en-GB", "de": "de-DE"}
LONG_LISTS = {"orders", "customers"}
"""Photographed as far as the window shows (the first rows), not to their end."""
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}


def pages(orders: list[dict[str, Any]]) -> dict[str, str]:
    """Name → path of each page photographed (the shipped order; its customer)."""
    shipped = orders[0]
    return {
        "dashboard": "/console",
        "orders": "/console/orders",
        "order": f"/console/orders/{shipped['id']}",
        "new-order": "/console/orders/new",
        "customers": "/console/customers",
        "customer": f"/console/customers/{shipped['customer_id']}",
        "channels": "/console/channels",
        "reports": "/console/reports",
    }


def sign_in(page: Page) -> None:
    page.goto("/console/login")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def shoot(server: LiveServer, orders: list[dict[str, Any]], out: Path, chromium: str) -> list[str]:
    """Saves ``<page>-<language>.png`` for every page and language; returns the pages missing."""
    missing: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        signed_in = browser.new_context(base_url=server.url, locale="en-GB")
        sign_in(signed_in.new_page())
        cookies = signed_in.storage_state()  # the language follows each browser's, not the cookie
        signed_in.close()
        for language, locale in LANGUAGES.items():
            options: dict[str, Any] = {
                "base_url": server.url,
                "locale": locale,
                "timezone_id": "Europe/Berlin",
            }
            anonymous = browser.new_context(viewport=VIEWPORT, **options)
            page = anonymous.new_page()
            page.goto("/console/login")
            page.screenshot(path=out / f"login-{language}.png")
            anonymous.close()
            context = browser.new_context(viewport=VIEWPORT, storage_state=cookies, **options)
            page = context.new_page()
            for name, path in pages(orders).items():
                answer = page.goto(path)
                if answer is None or answer.status >= 400:
                    missing.append(f"{path} ({answer.status if answer else 'no answer'})")
                    continue
                page.wait_for_load_state("networkidle")
                page.screenshot(path=out / f"{name}-{language}.png", full_page=name not in LONG_LISTS)
            context.close()
        browser.close()
    return sorted(set(missing))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    chromium = str(chromium_path())
    if not Path(chromium).is_file():
        print(f"screenshots: no Chromium at {chromium} (apt-get install -y chromium)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="orderhub-screenshots-") as folder:
        server = LiveServer(Path(folder)).start()
        sources = builtin_sources(seed=4, initial_orders=12)
        try:
            for source in sources:
                source.start()
                server.services.channels.register(source.channel, source.kind, source.settings(), 3600)
                server.services.sync(source.channel)
            orders = place_sample_orders(server)
            missing = shoot(server, orders, args.out, chromium)
        finally:
            for source in sources:
                source.stop()
            server.stop()
    print(f"screenshots in {args.out}")
    if missing:
        print("pages not there yet: " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
