"""SP-API Orders over httpx: LWA auth, per-operation pacing, retries and error classification.

Orders are read with v2026-01-01 (searchOrders, getOrder); shipments are confirmed with v0's
confirmShipment, the one v0 operation Amazon keeps. Only the wire protocol lives here; ``pull.py``
decides what to ask for and ``mapping.py`` what it means.
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

ORDERS_PATH = "/orders/2026-01-01/orders"
SHIPMENTS_PATH = "/orders/v0/orders"
INCLUDED_DATA = "BUYER,RECIPIENT,PROCEEDS,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES"
"""The blocks an import needs; the status itself lives in FULFILLMENT."""
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


class OrdersClient:
    def __init__(
        self,
        settings: AmazonSettings,
        clock: Any,
        sleep: Callable[[float], Any],
        timeout: float,
        limits: ChannelLimits | None = None,
    ):
        self._settings = settings
        self._http = channel_http_client(
            limits or ChannelLimits(), timeout, headers={"User-Agent": USER_AGENT}
        )
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

    def search_orders(self, params: Mapping[str, str]) -> dict[str, Any]:
        """One searchOrders page: ``{orders, pagination?, lastUpdatedBefore?}``."""
        body = self._get("searchOrders", ORDERS_PATH, params)
        if not isinstance(body.get("orders"), list):
            raise RetryableChannelError("Amazon searchOrders answered without an orders list")
        return body

    def get_order(self, order_id: str) -> dict[str, Any]:
        """One order (getOrder) with the same blocks as searchOrders lists."""
        body = self._get("getOrder", f"{ORDERS_PATH}/{order_id}", {"includedData": INCLUDED_DATA})
        order = body.get("order")
        if not isinstance(order, dict):
            raise AmazonApiError(200, f"order {order_id}: getOrder answered without an order object")
        return order

    def confirm_shipment(self, order_id: str, body: dict[str, Any]) -> None:
        """204 or ``AmazonApiError`` with Amazon's message."""
        path = f"{SHIPMENTS_PATH}/{order_id}/shipmentConfirmation"
        response = self._call("confirmShipment", "POST", path, json=body)
        if response.status_code not in (200, 204):
            raise AmazonApiError(
                response.status_code, error_message(_maybe_json(response), response.status_code)
            )

    def _get(self, operation: str, path: str, params: Mapping[str, str]) -> dict[str, Any]:
        response = self._call(operation, "GET", path, params=params)
        if response.status_code != 200:
            raise AmazonApiError(
                response.status_code, error_message(_maybe_json(response), response.status_code)
            )
        body = json_body(response, f"Amazon {operation}")
        if not isinstance(body, dict):
            raise RetryableChannelError(f"Amazon {operation}: the answer is not a JSON object")
        return body

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
