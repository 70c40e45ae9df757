"""Session fixtures: a real django-oscar shop (and a stock one) on free loopback ports.

The first run builds the shop's venv (tests/shop/.venv, ~30-60 s with PyPI) and its migrated
template database (~20 s); later runs reuse both. Without PyPI the shop tests skip with the reason,
unless ORDERHUB_REQUIRE_OSCAR=1 (CI) makes them fail.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from oscar_shop_api import ShopActions
from oscar_shop_runner import ADMIN, RunningShop, ShopUnavailableError, ensure_venv, start_shop, template_db

# The end-to-end tests drive orderhub through its own test harness (tests/support), which lives in
# the repository beside this plug-in, not in the installed orderhub package.
REPO_ROOT = Path(__file__).resolve().parents[3]
if (REPO_ROOT / "tests" / "support").is_dir() and str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

TIMINGS: dict[str, float] = {}


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("ORDERHUB_REQUIRE_OSCAR") == "1":
        pytest.fail(f"ORDERHUB_REQUIRE_OSCAR=1 but the Oscar test shop cannot be built: {reason}")
    pytest.skip(f"the Oscar test shop cannot be built here: {reason}")


@pytest.fixture(scope="session")
def oscar_template() -> Path:
    began = time.monotonic()
    try:
        ensure_venv()
        TIMINGS["venv"] = time.monotonic() - began
        template = template_db()
    except ShopUnavailableError as exc:
        _unavailable(str(exc))
    TIMINGS["venv+template"] = time.monotonic() - began
    return template


def _serve(template: Path, factory: pytest.TempPathFactory, name: str, **knobs: str) -> Iterator[RunningShop]:
    shop = start_shop(template, factory.mktemp(name), **knobs)
    TIMINGS.update({f"{name} {step}": seconds for step, seconds in shop.timings.items()})
    try:
        yield shop
    finally:
        shop.stop()


@pytest.fixture(scope="session")
def oscar_shop(oscar_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningShop]:
    """The shop with the plug-in's extension installed (PATCH works); lists are not paginated."""
    yield from _serve(oscar_template, tmp_path_factory, "oscar-shop")


@pytest.fixture(scope="session")
def oscar_stock_shop(oscar_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningShop]:
    """Stock django-oscar-api (PATCH -> 405) with LimitOffset pagination of 2 per page."""
    yield from _serve(
        oscar_template, tmp_path_factory, "oscar-stock-shop", SHOP_API_OVERRIDE="0", SHOP_PAGE_SIZE="2"
    )


@pytest.fixture(scope="session")
def shop(oscar_shop: RunningShop) -> ShopActions:
    return ShopActions(oscar_shop)


@pytest.fixture(scope="session")
def stock_shop(oscar_stock_shop: RunningShop) -> ShopActions:
    return ShopActions(oscar_stock_shop)


@pytest.fixture
def oscar_settings(oscar_shop: RunningShop) -> dict[str, object]:
    return {"url": oscar_shop.base_url, "username": ADMIN[0], "password": ADMIN[1]}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TIMINGS:
        parts = ", ".join(f"{step} {seconds:.1f}s" for step, seconds in TIMINGS.items())
        terminalreporter.write_line(f"Oscar test shop timings: {parts}")
