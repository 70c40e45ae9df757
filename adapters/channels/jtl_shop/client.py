"""The dbeS wire protocol as JTL-Wawi speaks it: form posts to ``{url}/dbeS/{Name}``, zips both ways.

Answers of pull handlers are text codes (``0`` OK, ``2`` zip corrupt, ``3`` not authorised,
``<code>\\n<message>`` on a sync exception); push handlers answer a zip with ``data.xml`` or ``0``.
Transport trouble is retried by ``http_retry``; what is left is classified here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from adapters.channels.bounded_transport import too_large
from adapters.channels.channel_http import channel_http_client
from adapters.channels.http_retry import send_with_retry
from adapters.channels.jtl_shop import dbes_format as fmt
from ports.channels import ChannelLimits, PermanentChannelError, RetryableChannelError
from ports.redaction import url_without_password

AUTH_HINT = (
    "the shop rejected the sync user (answer 3): check username/password in the JTL-Shop backend "
    "under Synclogin and in this channel's settings"
)
AUTH_CODES = {"3", "4", "6", "7"}


class DbesRefusedError(Exception):
    """The shop refused a file for good (bad input): pushing it again will not help."""


class DbesClient:
    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        sleep: Callable[[float], Any],
        timeout: float = 30.0,
        limits: ChannelLimits | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._base = url.rstrip("/") + "/dbeS/"
        self._credentials = {"userID": username, "userPWD": password}
        self._sleep = sleep
        self._limits = limits or ChannelLimits()
        self._http = channel_http_client(
            self._limits, timeout, transport=transport, headers={"User-Agent": fmt.WAWI_USER_AGENT}
        )

    def close(self) -> None:
        self._http.close()

    def _post(self, handler: str, files: Mapping[str, bytes] | None = None) -> httpx.Response:
        url = self._base + handler

        def send() -> httpx.Response:
            if files is None:
                return self._http.post(url, data=self._credentials)
            upload = {"data": ("data.zip", fmt.make_zip(files), "application/zip")}
            return self._http.post(url, data=self._credentials, files=upload)

        response = send_with_retry(send, sleep=self._sleep, what=f"JTL-Shop {handler}")
        if response.status_code in (401, 403):
            raise PermanentChannelError(
                f"JTL-Shop {handler}: HTTP {response.status_code}: the web server blocks /dbeS/ "
                "(password protection or firewall); allow the sync there"
            )
        if response.status_code == 404:
            raise PermanentChannelError(
                f"JTL-Shop {handler}: HTTP 404 at {url_without_password(url)}: check the channel's url"
                " (the shop's base URL)"
            )
        if response.status_code >= 400:
            raise RetryableChannelError(f"JTL-Shop {handler}: HTTP {response.status_code}")
        return response

    def fetch(self, handler: str) -> dict[str, bytes] | None:
        """A push handler (``GetBestellungen_xml``...): the zip's files, or None when there is nothing."""
        body = self._post(handler).content
        start = body.find(fmt.ZIP_MAGIC, 0, 4096)
        if start > 0:  # PHP notices printed before the zip: skip them as the Wawi does
            body = body[start:]
        if body.startswith(fmt.ZIP_MAGIC):
            try:
                return fmt.read_zip(body, self._limits.max_response_bytes)
            except fmt.ZipTooLargeError:
                limit = self._limits.max_response_bytes
                raise too_large(limit, f"JTL-Shop {handler}: the unpacked zip") from None
            except fmt.CorruptZipError as exc:
                raise RetryableChannelError(
                    f"JTL-Shop {handler}: the answer is a broken zip ({exc})"
                ) from None
        answer = body.decode("utf-8", errors="replace").strip()
        if answer == fmt.OK:
            return None
        self._raise_for_code(handler, answer)
        raise RetryableChannelError(f"JTL-Shop {handler}: expected a zip or 0, got {_unquoted(body)}")

    def send(self, handler: str, files: Mapping[str, bytes]) -> None:
        """A pull handler (``Bestellungen_xml``, ``Lieferschein_xml``) with a zip of files; raises unless ``0``."""
        body = self._post(handler, files).content
        answer = body.decode("utf-8", errors="replace").strip()
        if answer == fmt.OK or answer.startswith("0;"):
            return
        if answer == fmt.ZIP_CORRUPT:
            raise RetryableChannelError(f"JTL-Shop {handler}: the shop could not unpack our zip (answer 2)")
        self._raise_for_code(handler, answer)
        raise RetryableChannelError(f"JTL-Shop {handler}: unexpected answer, {_unquoted(body)}")

    def _raise_for_code(self, handler: str, answer: str) -> None:
        code, _, message = answer.partition("\n")
        code = code.strip()
        if code in AUTH_CODES and not message:
            raise PermanentChannelError(f"JTL-Shop {handler}: {AUTH_HINT}")
        if not (len(code) == 1 and code.isdigit() and message):
            return
        detail = f"JTL-Shop {handler}: sync error {code}: {_snippet(message)}"
        if code in AUTH_CODES:
            raise PermanentChannelError(f"{detail}; {AUTH_HINT}")
        if code == fmt.BAD_INPUT:
            raise DbesRefusedError(detail)
        raise RetryableChannelError(detail)


def _snippet(text: str) -> str:
    return repr(" ".join(text.split())[:160])


def _unquoted(body: bytes) -> str:
    """What came instead of a dbeS answer, described, not quoted: the URL may lead to another service."""
    looks = "an HTML page" if body.lstrip()[:1] == b"<" else "text"
    return f"{looks} of {len(body)} bytes (not a dbeS answer: check the channel's url)"
