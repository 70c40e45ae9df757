"""The demo's optional django-oscar shop: the orderhub-oscar plug-in's real test shop, when it can run.

That shop (``plugins/orderhub-oscar/tests/shop``) exists only in a source checkout with the plug-in
installed, and runs in its own virtualenv. Building that venv needs PyPI (1-2 minutes), so the demo
builds it only when asked (``--oscar``); by default it uses the shop when the venv exists and says
why not otherwise. Oscar orders have no "modified" date: the plug-in re-reads recent orders at every
sync, so status changes made in the shop show up too.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from entrypoints.demo.sources import DemoSource

RUNNER = "oscar_shop_runner"
NEXT_STATUS = {
    "new": ("processing", "cancelled"),
    "processing": ("shipped", "cancelled"),
    "shipped": ("completed",),
}
CITIES = [("10115", "Berlin"), ("20095", "Hamburg"), ("80331", "München"), ("50667", "Köln")]
NAMES = [("Erika", "Mustermann"), ("Jürgen", "Groß"), ("Özlem", "Şahin"), ("Lena", "Weiß")]


class OscarUnavailableError(RuntimeError):
    """Why the Oscar shop cannot run here (said to the user, then the demo goes on without it)."""


def load_runner(build: bool) -> ModuleType:
    """The plug-in's shop runner module; ``build``: allow creating the shop's venv (needs PyPI)."""
    spec = importlib.util.find_spec("orderhub_oscar")
    if spec is None or spec.origin is None:
        raise OscarUnavailableError(
            "the orderhub-oscar plug-in is not installed (pip install -e plugins/orderhub-oscar)"
        )
    path = Path(spec.origin).resolve().parents[1] / "tests" / f"{RUNNER}.py"
    if not path.is_file():
        raise OscarUnavailableError(
            f"the plug-in's test shop is not here ({path}): it needs a source checkout"
        )
    module = sys.modules.get(RUNNER)
    if module is None:
        loaded = importlib.util.spec_from_file_location(RUNNER, path)
        if loaded is None or loaded.loader is None:
            raise OscarUnavailableError(f"cannot load {path}")
        module = importlib.util.module_from_spec(loaded)
        sys.modules[RUNNER] = module
        loaded.loader.exec_module(module)
    if not build and not Path(module.PYTHON).exists():
        raise OscarUnavailableError(
            "its virtualenv is not built yet; `orderhub demo --oscar` builds it once (needs PyPI, 1-2 min)"
        )
    return module


class OscarSource(DemoSource):
    channel, kind, title = "oscar-demo", "oscar", "django-oscar"

    def __init__(self, seed: int, initial_orders: int, build: bool) -> None:
        super().__init__(seed)
        self._initial, self._build = initial_orders, build
        self._runner: ModuleType | None = None
        self._shop: Any = None
        self._workdir: Path | None = None

    @property
    def url(self) -> str:
        return str(self._shop.base_url) if self._shop is not None else ""

    def start(self) -> None:
        runner = self._runner = load_runner(self._build)
        try:
            runner.ensure_venv()
            template = runner.template_db()
        except runner.ShopUnavailableError as exc:
            raise OscarUnavailableError(str(exc).splitlines()[0]) from None
        self._workdir = Path(tempfile.mkdtemp(prefix="orderhub-demo-oscar-"))
        self._shop = runner.start_shop(template, self._workdir)
        for _ in range(self._initial):
            self._place_order()

    def settings(self) -> dict[str, Any]:
        assert self._runner is not None
        user, password = self._runner.ADMIN
        return {"url": self.url, "username": user, "password": password}

    def hints(self) -> list[str]:
        assert self._runner is not None
        user, password = self._runner.ADMIN
        return [f"dashboard: {self.url}/dashboard/orders/ (log in as {user} / {password})"]

    def tick(self) -> list[str]:
        changeable = {
            str(o["id"]): o for o in self._admin("GET", "admin/orders/") if o.get("status") in NEXT_STATUS
        }
        count = self.arrivals()
        for _ in range(count):
            self._place_order()
        notes = [f"+{count} new"]
        for order_id in self.to_change(list(changeable)):
            order = changeable[order_id]
            choices = NEXT_STATUS[order["status"]]
            status = self.rng.choices(choices, weights=[85, 15][: len(choices)])[0]
            self._admin("PATCH", f"admin/orders/{order_id}/", {"status": status})
            notes.append(f"{order['number']} {status}")
        return notes

    def stop(self) -> None:
        if self._shop is not None:
            self._shop.stop()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)

    # -- the shop's API, as its shoppers and staff use it ---------------------------------------------
    def _call(self, method: str, path: str, headers: dict[str, str], body: Any = None) -> Any:
        url = path if path.startswith("http") else self._shop.api + path
        response = httpx.request(method, url, json=body, headers=headers, timeout=30)
        response.raise_for_status()
        return response.json()

    def _admin(self, method: str, path: str, body: Any = None) -> Any:
        assert self._runner is not None
        found = self._call(method, path, self._runner.basic_auth(self._runner.ADMIN), body)
        return found["results"] if isinstance(found, dict) and "results" in found else found

    def _place_order(self) -> None:
        """A checkout through the shop's API, by the registered customer or by a guest."""
        assert self._runner is not None
        guest = self.rng.random() < 0.4
        if guest:
            headers = {"Session-Id": f"SID:ANON:127.0.0.1:{uuid.uuid4().hex}"}
        else:
            headers = self._runner.basic_auth(self._runner.CUSTOMER)
        products = self._call("GET", "products/", headers)
        product = self.rng.choice(products["results"] if isinstance(products, dict) else products)
        quantity = self.rng.choice([1, 1, 2, 3])
        self._call("POST", "basket/add-product/", headers, {"url": product["url"], "quantity": quantity})
        basket = self._call("GET", "basket/", headers)
        (postcode, city), (first, last) = self.rng.choice(CITIES), self.rng.choice(NAMES)
        address = {"first_name": first, "last_name": last, "line1": f"Lindenallee {self.rng.randint(1, 99)}",
                   "line4": city, "postcode": postcode, "country": self._shop.api + "countries/DE/"}  # fmt: skip
        checkout: dict[str, Any] = {"basket": basket["url"], "shipping_address": address}
        if guest:
            checkout["guest_email"] = f"guest.{self.rng.randint(1, 99999)}@example.org"
        self._call("POST", "checkout/", headers, checkout)
