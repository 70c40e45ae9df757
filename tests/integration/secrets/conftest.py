"""A JTL-Connector shop (the simulator, over real HTTP) whose sync token is the secret under test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from simulators.jtl_connector.app import ConnectorShop, create_app
from simulators.server import BackgroundServer

TOKEN = "woo-sync-token-7f3a9c51e2d8"
OTHER_TOKEN = "other-shop-token-04b7e6aa19"


class Shop:
    def __init__(self, shop: ConnectorShop, url: str) -> None:
        self.shop, self.url = shop, url

    def settings(self) -> dict[str, str]:
        return {"url": f"{self.url}/jtlconnector/", "token": self.shop.token}


def _serve(token: str) -> Iterator[Shop]:
    shop = ConnectorShop(token=token)
    with BackgroundServer(create_app(shop)) as server:
        yield Shop(shop, server.url)


@pytest.fixture
def shop() -> Iterator[Shop]:
    yield from _serve(TOKEN)


@pytest.fixture
def other_shop() -> Iterator[Shop]:
    yield from _serve(OTHER_TOKEN)
