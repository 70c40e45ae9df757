"""The sync baseline: the eBay simulator's order pages fetched and parsed by a bare client.

One OAuth refresh, then getOrders over the same ``lastmodifieddate`` window orderhub asks for, in
pages of eBay's size (200), each parsed with orjson, as orderhub parses them: the cost of the wire
and of the simulator, which no client can go below. Nothing else is done with the orders (no
overlap between pages, no mapping, no store), so the ratio of a sync to this measures orderhub's
own cost per order.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import orjson

ORDERS_PATH = "/sell/fulfillment/v1/order"
SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment"
PAGE = 200  # eBay's largest page, the one orderhub asks for
LOOK_BACK = timedelta(days=30)  # a first sync's default look-back; the simulator's orders are younger


def _ebay_time(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def fetch_all(settings: dict[str, Any], expected: int) -> float:
    """Orders fetched per second; fewer than ``expected`` stops the benchmark (the baseline missed some)."""
    started = time.perf_counter()
    with httpx.Client(timeout=60) as http:
        answer = http.post(
            settings["token_url"],
            auth=(settings["client_id"], settings["client_secret"]),
            data={"grant_type": "refresh_token", "refresh_token": settings["refresh_token"], "scope": SCOPE},
        )
        answer.raise_for_status()
        headers = {"Authorization": f"Bearer {answer.json()['access_token']}", "Accept": "application/json"}
        now = datetime.now(UTC)
        window = quote(f"lastmodifieddate:[{_ebay_time(now - LOOK_BACK)}..{_ebay_time(now)}]", safe=":,")
        url = settings["api_base_url"] + ORDERS_PATH
        fetched, offset = 0, 0
        while True:
            query = f"filter={window}&limit={PAGE}&offset={offset}&fieldGroups=TAX_BREAKDOWN"
            response = http.get(f"{url}?{query}", headers=headers)
            response.raise_for_status()
            body = orjson.loads(response.content)
            fetched += len(body["orders"])
            if not body.get("next") or not body["orders"]:
                break
            offset += PAGE
    seconds = time.perf_counter() - started
    if fetched != expected:
        raise RuntimeError(f"the bare eBay client fetched {fetched} orders, not {expected}")
    return fetched / seconds
