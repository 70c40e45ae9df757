"""SP-API Orders v0 over httpx: LWA auth, per-operation pacing, retries and error classification.

Only the wire protocol lives here; ``pull.py`` decides what to ask for and ``mapping.py`` what it means.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from adapters.channels.amazon.lwa import LwaTokens
from adapters.channels.amazon.pacing import RatePacer
from adapters.channels.amazon.settings import AmazonSettings
from adapters.channels.channel_http import channel_http_client
from adapters.channels.http_retry import json_body, send_with_retry
from ports.channels import ChannelLimits, PermanentChannelError, RetryableChannelError

ORDERS_PATH = "/orders/v0/orders"
USER_AGENT = "orderhub/0.1 (Language=Python)"


class AmazonApiError(Exception):
    """Amazon refused one request for good (400/404): the caller decides what that means."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def error_message(body: Any, status: int) -> str:
    """Amazon's ``errors[]`` envelope as one line (code: message (details))."""
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors:
        parts = []
        for error in errors[:3]:
            if isinstance(error, dict):
                text = f"{error.get('code', 'Error')}: {error.get('message', '')}".strip()
                details = error.get("details")
                parts.append(f"{text} ({details})" if details else text)
        if parts:
            return "; ".join(parts)
    return f"HTTP {status}"


class OrdersV0Client:
    def __init__(self, settings: AmazonSettings, clock: Any, sleep: Callable[[float], Any], timeout: float):
        self._settings = settings
        self._http = channel_http_client(ChannelLimits(), timeout, headers={"User-Agent": USER_AGENT})
        self.pacer = RatePacer(clock, sleep, settings.max_wait_seconds)
        self._tokens = LwaTokens(
            self._http,
            settings.token_url,
            lambda: {
                "refresh_token": settings.refresh_token.get_secret_value(),
                "client_id": settings.client_id,
                "client_secret": settings.client_secret.get_secret_value(),
            },
            clock,
            sleep,
        )

    def close(self) -> None:
        self._http.close()

    def get_orders(self, params: Mapping[str, str]) -> dict[str, Any]:
        """One getOrders page: its ``payload`` (Orders, NextToken, LastUpdatedBefore, ...)."""
        return self._payload("getOrders", ORDERS_PATH, params)

    def get_order(self, order_id: str) -> dict[str, Any]:
        """One order (getOrder), as getOrders would list it."""
        return self._payload("getOrder", f"{ORDERS_PATH}/{order_id}", {})

    def get_order_items(self, order_id: str) -> list[dict[str, Any]]:
        """Every item of one order, following the items' own NextToken."""
        items: list[dict[str, Any]] = []
        params: dict[str, str] = {}
        for _ in range(1000):  # a guard against a channel that never stops paging
            payload = self._payload("getOrderItems", f"{ORDERS_PATH}/{order_id}/orderItems", params)
            page = payload.get("OrderItems")
            if not isinstance(page, list):
                raise AmazonApiError(200, f"order {order_id}: getOrderItems returned no OrderItems list")
            items.extend(page)
            token = payload.get("NextToken")
            if not token:
                return items
            params = {"NextToken": str(token)}
        raise AmazonApiError(200, f"order {order_id}: getOrderItems kept paging past 1000 pages")

    def confirm_shipment(self, order_id: str, body: dict[str, Any]) -> None:
        """204 or ``AmazonApiError`` with Amazon's message."""
        path = f"{ORDERS_PATH}/{order_id}/shipmentConfirmation"
        response = self._call("confirmShipment", "POST", path, json=body)
        if response.status_code not in (200, 204):
            raise AmazonApiError(
                response.status_code, error_message(_maybe_json(response), response.status_code)
            )

    def _payload(self, operation: str, path: str, params: Mapping[str, str]) -> dict[str, Any]:
        response = self._call(operation, "GET", path, params=params)
        if response.status_code != 200:
            raise AmazonApiError(
                response.status_code, error_message(_maybe_json(response), response.status_code)
            )
        body = json_body(response, f"Amazon {operation}")
        payload = body.get("payload") if isinstance(body, dict) else None
        if not isinstance(payload, dict):
            raise RetryableChannelError(f"Amazon {operation}: response without a payload object")
        return payload

    def _call(self, operation: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send with pacing and retries; an expired/unknown token is refreshed once."""
        url = self._settings.api_base_url + path
        for attempt in range(2):
            token = self._tokens.access_token()

            def send(token: str = token) -> httpx.Response:
                self.pacer.acquire(operation)
                response = self._http.request(method, url, headers={"x-amz-access-token": token}, **kwargs)
                if response.status_code == 429:
                    self.pacer.refused(operation)
                else:
                    self.pacer.adapt(operation, response.headers.get("x-amzn-RateLimit-Limit"))
                return response

            response = send_with_retry(
                send, sleep=lambda s: self.pacer.wait(s, f"{operation} backoff"), what=f"Amazon {operation}"
            )
            if response.status_code not in (401, 403):
                return response
            if attempt == 0:
                self._tokens.invalidate()
        raise PermanentChannelError(
            f"Amazon denied {operation} with a fresh access token "
            f"({error_message(_maybe_json(response), response.status_code)}): check that the app has the "
            "Orders role and that the seller authorised it for these marketplace_ids"
        )


def _maybe_json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
