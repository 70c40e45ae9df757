"""django-oscar-api's admin order endpoints over HTTP Basic auth (httpx + the shared retry policy).

``GET {api}/admin/orders/`` lists every order, newest first, with no server-side filters; it is
a plain JSON list unless the shop turned on DRF pagination, whose ``next`` links are followed
(LimitOffset gets ``?limit=page_size``). Lines come from ``{api}/admin/orders/<id>/lines/``.
``PATCH {api}/admin/orders/<id>/`` needs the shop extension; stock django-oscar-api answers 405.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from adapters.channels.channel_http import channel_http_client
from adapters.channels.http_retry import json_body, send_with_retry
from orderhub_oscar.settings import OscarSettings
from ports.channels import ChannelContext, PermanentChannelError, RetryableChannelError
from ports.redaction import url_without_password

MAX_PAGES = 100_000  # a shop whose `next` links loop must not keep a sync busy for ever


@dataclass(frozen=True)
class PatchResult:
    outcome: Literal["changed", "refused", "unsupported"]
    detail: str = ""


def order_pk(summary: Mapping[str, Any]) -> int | None:
    """The database id in the admin URLs: ``id`` when the shop lists it, else the end of ``url``."""
    value = summary.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    url = summary.get("url")
    tail = str(url).rstrip("/").rsplit("/", 1)[-1] if isinstance(url, str) else ""
    return int(tail) if tail.isdigit() else None


class OscarApiClient:
    def __init__(
        self, settings: OscarSettings, context: ChannelContext, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings, self.context = settings, context
        self._http = channel_http_client(
            context.limits,
            context.timeout_seconds,
            transport=transport,
            headers={"Accept": "application/json"},
            auth=(settings.username, settings.password.get_secret_value()),
        )

    def close(self) -> None:
        self._http.close()

    def _send(self, method: str, url: str, what: str, **kwargs: Any) -> httpx.Response:
        return send_with_retry(
            lambda: self._http.request(method, url, **kwargs), sleep=self.context.sleep, what=what
        )

    def _refused(self, response: httpx.Response, what: str) -> PermanentChannelError:
        user = self.settings.username
        if response.status_code == 401:
            return PermanentChannelError(
                f"{what}: Oscar refused the login of {user!r} (HTTP 401): check username and password"
            )
        if response.status_code == 403:
            return PermanentChannelError(
                f"{what}: {user!r} may not use Oscar's admin API (HTTP 403): make the user staff with the "
                "order.view_order and order.change_order permissions"
            )
        if response.status_code == 404:
            return PermanentChannelError(
                f"{what}: no admin order API at {response.request.url} (HTTP 404): check `url` and `api_path`, "
                "and that the shop sets OSCARAPI_BLOCK_ADMIN_API_ACCESS = False"
            )
        # Not quoted: whatever answers at the URL may not be Oscar, and its page is not ours to show.
        kind = response.headers.get("content-type", "no content type")
        return PermanentChannelError(
            f"{what}: HTTP {response.status_code} ({kind}, {len(response.content)} bytes) from {url_without_password(str(self.settings.url))}"
        )

    def _get_json(self, url: str, what: str, params: dict[str, Any] | None = None) -> Any:
        response = self._send("GET", url, what, params=params)
        if response.status_code != 200:
            raise self._refused(response, what)
        return json_body(response, what)

    def _all(self, url: str, what: str) -> Iterator[Any]:
        """Every item of a list endpoint, paginated or not."""
        params: dict[str, Any] | None = {"limit": self.settings.page_size}
        for _ in range(MAX_PAGES):
            body = self._get_json(url, what, params)
            if isinstance(body, list):
                yield from body
                return
            if not isinstance(body, dict) or not isinstance(body.get("results"), list):
                raise RetryableChannelError(
                    f"{what}: expected a list or a page with 'results', got a JSON {type(body).__name__}"
                )
            yield from body["results"]
            if not body.get("next"):
                return
            # follow the page's query on OUR base URL: behind a proxy `next` may name another host
            params = dict(httpx.URL(str(body["next"])).params)
        raise RetryableChannelError(f"{what}: more than {MAX_PAGES} pages; is the shop's pagination looping?")

    def orders(self) -> Iterator[Any]:
        """Order summaries, newest first."""
        return self._all(self.settings.api_url("admin/orders/"), "listing Oscar orders")

    def lines(self, order_pk: int) -> list[Any] | None:
        """The order's lines, or None when the order is gone."""
        url = self.settings.api_url(f"admin/orders/{order_pk}/lines/")
        what = f"reading the lines of Oscar order id {order_pk}"
        try:
            return list(self._all(url, what))
        except PermanentChannelError:
            if self.order(order_pk) is None:
                return None
            raise

    def order(self, order_pk: int) -> dict[str, Any] | None:
        what = f"reading Oscar order id {order_pk}"
        response = self._send("GET", self.settings.api_url(f"admin/orders/{order_pk}/"), what)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise self._refused(response, what)
        body = json_body(response, what)
        if not isinstance(body, dict):
            raise RetryableChannelError(f"{what}: expected an object, got a JSON {type(body).__name__}")
        return body

    def patch_status(self, order_pk: int, status: str, note: str | None) -> PatchResult:
        what = f"setting Oscar order id {order_pk} to {status!r}"
        payload: dict[str, str] = {"status": status} | ({"note": note} if note else {})
        url = self.settings.api_url(f"admin/orders/{order_pk}/")
        response = self._send("PATCH", url, what, json=payload)
        if response.status_code == 200:
            return PatchResult("changed")
        if response.status_code == 405:
            return PatchResult("unsupported")
        if response.status_code in (400, 404, 409):
            return PatchResult(
                "refused", f"Oscar refused {status!r} (HTTP {response.status_code}): {response.text[:300]}"
            )
        raise self._refused(response, what)
