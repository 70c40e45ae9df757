"""JSON-RPC over form-POST to a JTL-Connector endpoint: session handling and error classification.

Every call is an HTTP POST with the form field ``jtlrpc`` (the request packet) and ``jtlauth`` (the
session id). Answers are HTTP 200 envelopes ``{jtlrpc, id, result, error, warnings}``. A lost session
(789/-32000/-32001) is renewed with ``core.connector.auth`` and the call retried once; a refused token
(790) is permanent; 5xx, timeouts and garbage become RetryableChannelError via the shared retry helper.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import SecretStr

from adapters.channels.channel_http import channel_http_client
from adapters.channels.http_retry import json_body, send_with_retry
from adapters.channels.jtl_connector import protocol as p
from ports.channels import ChannelLimits, PermanentChannelError, RetryableChannelError
from ports.redaction import url_without_password

log = logging.getLogger(__name__)


class RpcFault(RetryableChannelError):
    """The endpoint answered with an error envelope (not a session or protocol problem)."""

    def __init__(self, method: str, code: int, message: str) -> None:
        self.method, self.code, self.message = method, code, message
        super().__init__(f"JTL-Connector {method} failed with error {code}: {message}")


class _SessionLost(Exception):
    pass


class JtlRpcClient:
    def __init__(
        self,
        url: str,
        token: SecretStr,
        *,
        sleep: Callable[[float], Any],
        timeout: float = 30.0,
        limits: ChannelLimits | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._address = url
        self.url = url_without_password(url)
        """The endpoint as messages and logs name it (without a password it may carry)."""
        self._token = token
        self._sleep = sleep
        self._http = channel_http_client(limits or ChannelLimits(), timeout, transport=transport)
        self._session: str | None = None
        self._ids = itertools.count(1)
        self.warnings: list[str] = []
        """The endpoint's warnings about the last call."""

    @property
    def has_session(self) -> bool:
        return self._session is not None

    def call(self, method: str, params: Any = None) -> Any:
        if self._session is None:
            self.authenticate()
        try:
            return self._call(method, params)
        except _SessionLost:
            log.info("JTL-Connector session at %s expired during %s; authenticating again", self.url, method)
            self.authenticate()
            try:
                return self._call(method, params)
            except _SessionLost:
                raise RetryableChannelError(
                    f"JTL-Connector at {self.url} dropped the new session at once ({method}); the next sync retries"
                ) from None

    def authenticate(self) -> None:
        self._session = None
        envelope = self._post("core.connector.auth", {"token": self._token.get_secret_value()}, None)
        error = envelope.get("error")
        if error:
            code, message = _fault(error)
            if code == p.AUTHENTICATION_FAILED:
                raise PermanentChannelError(
                    f"JTL-Connector at {self.url} refused the token (error 790 authentication failed): copy the "
                    "connector's sync password (Synchronisationspasswort / token) from the shop's connector "
                    "settings into this channel's `token` setting"
                )
            raise self._classify("core.connector.auth", code, message)
        result = envelope.get("result")
        session = result.get("sessionId") if isinstance(result, dict) else None
        if not isinstance(session, str) or not session:
            raise RetryableChannelError(f"JTL-Connector at {self.url} answered auth without a sessionId")
        self._session = session

    def close(self) -> None:
        self._http.close()

    def forget_session(self) -> None:
        self._session = None

    def _call(self, method: str, params: Any) -> Any:
        envelope = self._post(method, params, self._session)
        error = envelope.get("error")
        if error:
            code, message = _fault(error)
            if code in p.SESSION_CODES:
                raise _SessionLost()
            raise self._classify(method, code, message)
        return envelope.get("result")

    def _classify(self, method: str, code: int, message: str) -> Exception:
        if code in p.PROTOCOL_CODES:
            return PermanentChannelError(
                f"JTL-Connector at {self.url} does not understand {method} (error {code}: {message}): check that "
                "`url` points at the connector endpoint and that the connector plug-in is up to date"
            )
        return RpcFault(method, code, message)

    def _post(self, method: str, params: Any, session: str | None) -> dict[str, Any]:
        packet: dict[str, Any] = {
            "jtlrpc": p.RPC_VERSION,
            "method": method,
            "id": f"orderhub-{next(self._ids)}",
        }
        if params is not None:
            packet["params"] = params
        form = {"jtlrpc": json.dumps(packet, separators=(",", ":"))}
        if session is not None:
            form["jtlauth"] = session
        what = f"JTL-Connector {method}"
        response = send_with_retry(
            lambda: self._http.post(self._address, data=form), sleep=self._sleep, what=what
        )
        if response.is_redirect:  # following would turn the POST into a GET and lose the packet
            raise PermanentChannelError(
                f"{what}: {self.url} redirects to {response.headers.get('location')!r}: set `url` to that address"
            )
        if response.status_code != 200:
            raise PermanentChannelError(
                f"{what}: {self.url} answered HTTP {response.status_code}: check that `url` is the connector "
                "endpoint (e.g. https://shop.example/jtlconnector/) and that the web server lets it through"
            )
        envelope = json_body(response, what, keep_bad_bytes=True)
        if not isinstance(envelope, dict) or not ("result" in envelope or "error" in envelope):
            # Not quoted: whatever answers at the URL (maybe not a connector at all) is not ours to show.
            raise RetryableChannelError(
                f"{what}: the answer is JSON but not a JTL-RPC envelope ({type(envelope).__name__}"
                f" without result or error): check that `url` is the connector endpoint"
            )
        if envelope.get("id") not in (None, packet["id"]):
            raise RetryableChannelError(
                f"{what}: the answer belongs to another request ({envelope.get('id')!r})"
            )
        warnings = envelope.get("warnings")
        self.warnings = [str(w) for w in warnings] if isinstance(warnings, list) else []
        return envelope


def _fault(error: Any) -> tuple[int, str]:
    if not isinstance(error, dict):
        return p.SERVER_ERROR, str(error)[:300]
    code = error.get("code")
    try:
        number = int(code) if isinstance(code, int | str) else p.SERVER_ERROR
    except ValueError:
        number = p.SERVER_ERROR
    return number, str(error.get("message") or "")[:300]
