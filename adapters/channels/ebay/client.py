"""The eBay Sell Fulfillment API v1 over httpx: bearer auth with one renewal on 401, retries, errors.

Transport trouble (timeouts, 429/2001, 5xx, HTML or garbage instead of JSON) ends as
``RetryableChannelError`` after the shared backoff; bad credentials or settings as
``PermanentChannelError`` saying what to do; eBay's 400 answers as ``EbayRequestError`` with the
eBay error ids, so callers can react to specific ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from adapters.channels.ebay.oauth import EbayTokens
from adapters.channels.http_retry import json_body, json_or_none, send_with_retry
from ports.channels import PermanentChannelError, RetryableChannelError
from ports.redaction import url_without_password

API_PATH = "/sell/fulfillment/v1/order"


class EbayRequestError(PermanentChannelError):
    """eBay refused the request itself (HTTP 400); ``error_ids`` are eBay's errorId values."""

    def __init__(self, message: str, error_ids: frozenset[int]) -> None:
        super().__init__(message)
        self.error_ids = error_ids


@dataclass(frozen=True)
class FulfillmentAnswer:
    created: bool
    fulfillment_id: str | None = None
    refusal: str | None = None


def error_summary(response: httpx.Response) -> tuple[str, frozenset[int]]:
    """eBay's error envelope as one line, and the error ids in it."""
    body = json_or_none(response)
    if not isinstance(body, dict):
        return f"HTTP {response.status_code} without an eBay error body", frozenset()
    errors = body.get("errors") or []
    parts, ids = [], set()
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict):
            ids.add(error.get("errorId"))
            parts.append(f"{error.get('errorId')}: {error.get('longMessage') or error.get('message')}")
    text = "; ".join(parts) or f"HTTP {response.status_code}"
    return text, frozenset(i for i in ids if isinstance(i, int))


class EbayFulfillmentApi:
    def __init__(
        self, http: httpx.Client, base_url: str, tokens: EbayTokens, sleep: Callable[[float], Any]
    ) -> None:
        self._http, self._orders_url, self._tokens, self._sleep = http, base_url + API_PATH, tokens, sleep

    def get_orders(self, filter_: str, *, offset: int, limit: int) -> dict[str, Any]:
        # eBay wants [ ] { } | in the filter percent-encoded and ':' ',' as they are.
        query = f"filter={quote(filter_, safe=':,')}&limit={limit}&offset={offset}&fieldGroups=TAX_BREAKDOWN"
        response = self._send("GET", f"{self._orders_url}?{query}", what="eBay getOrders")
        if response.status_code == 400:
            text, ids = error_summary(response)
            raise EbayRequestError(f"eBay refused getOrders ({text})", ids)
        if response.status_code == 404:
            raise PermanentChannelError(
                f"eBay getOrders: HTTP 404 at {url_without_password(self._orders_url)}: check api_base_url"
            )
        body = self._json(response, "eBay getOrders")
        orders = body.get("orders", [] if body.get("total") == 0 else None)
        if not isinstance(orders, list):
            raise RetryableChannelError("eBay getOrders: answer without an orders list")
        return {**body, "orders": orders}

    def get_orders_by_id(self, order_ids: list[str]) -> list[Any]:
        """Up to 50 orders by id, whatever their dates (eBay ignores every other parameter then)."""
        query = f"orderIds={quote(','.join(order_ids), safe=',')}&fieldGroups=TAX_BREAKDOWN"
        response = self._send("GET", f"{self._orders_url}?{query}", what="eBay getOrders")
        if response.status_code == 400:
            raise EbayRequestError(
                f"eBay refused getOrders by id ({error_summary(response)[0]})", frozenset()
            )
        orders = self._json(response, "eBay getOrders").get("orders") or []
        return orders if isinstance(orders, list) else []

    def get_order(self, order_id: str) -> dict[str, Any] | None:
        response = self._send("GET", f"{self._orders_url}/{quote(order_id, safe='')}", what="eBay getOrder")
        if response.status_code in (400, 404):
            return None
        return self._json(response, "eBay getOrder")

    def get_fulfillments(self, order_id: str) -> list[dict[str, Any]]:
        url = f"{self._orders_url}/{quote(order_id, safe='')}/shipping_fulfillment"
        response = self._send("GET", url, what="eBay getShippingFulfillments")
        if response.status_code in (400, 404):
            return []
        fulfillments = self._json(response, "eBay getShippingFulfillments").get("fulfillments") or []
        return [f for f in fulfillments if isinstance(f, dict)]

    def create_fulfillment(self, order_id: str, body: dict[str, Any]) -> FulfillmentAnswer:
        url = f"{self._orders_url}/{quote(order_id, safe='')}/shipping_fulfillment"
        # One attempt only: the POST is not idempotent, and the outbox retries the push later,
        # after checking which fulfillments eBay already has.
        response = self._send("POST", url, what="eBay createShippingFulfillment", json=body, attempts=1)
        if response.status_code in (200, 201):
            location = response.headers.get("Location", "")
            return FulfillmentAnswer(
                created=True, fulfillment_id=location.rstrip("/").rsplit("/", 1)[-1] or None
            )
        if response.status_code in (400, 404, 409):
            return FulfillmentAnswer(
                created=False, refusal=f"eBay refused the shipment: {error_summary(response)[0]}"
            )
        raise RetryableChannelError(f"eBay createShippingFulfillment: unexpected HTTP {response.status_code}")

    def _send(self, method: str, url: str, *, what: str, attempts: int = 5, **kwargs: Any) -> httpx.Response:
        token = self._tokens.access_token()
        response = self._attempt(method, url, token, what, attempts, **kwargs)
        if response.status_code == 401:  # 1001: expired or revoked: one fresh token, one more try
            response = self._attempt(method, url, self._tokens.renew(token), what, attempts, **kwargs)
            if response.status_code == 401:
                raise PermanentChannelError(
                    f"{what}: eBay rejected a freshly issued access token ({error_summary(response)[0]}):"
                    " the refresh token may be for the other environment (sandbox or production) than"
                    " api_base_url; create a new one and update the channel settings"
                )
        if response.status_code == 403:
            raise PermanentChannelError(
                f"{what}: eBay denied access ({error_summary(response)[0]}): the refresh token must be a"
                " user token of the seller account with the sell.fulfillment scope; create a new one"
                " and update the channel settings"
            )
        return response

    def _attempt(
        self, method: str, url: str, token: str, what: str, attempts: int, **kwargs: Any
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        try:
            return send_with_retry(
                lambda: self._http.request(method, url, headers=headers, **kwargs),
                sleep=self._sleep,
                what=what,
                attempts=attempts,
            )
        except httpx.InvalidURL as exc:
            raise PermanentChannelError(
                f"{what}: {exc}: check api_base_url in the channel settings"
            ) from None

    @staticmethod
    def _json(response: httpx.Response, what: str) -> dict[str, Any]:
        if response.status_code != 200:
            raise RetryableChannelError(f"{what}: unexpected HTTP {response.status_code}")
        # A byte that is not UTF-8 is kept (as a lone surrogate) so that only its order is quarantined.
        body = json_body(response, what, keep_bad_bytes=True)
        if not isinstance(body, dict):
            raise RetryableChannelError(f"{what}: expected a JSON object, got {type(body).__name__}")
        return body
