"""The HTTP transport every channel client uses: a total deadline, a size cap and the address guard.

httpx bounds each read, not a call: an answer that drips a byte every few seconds never ends, and
an 800 MB body (or a small gzip answer inflating to it) is read into memory whole. Here each socket
operation gets at most what is left of the call's deadline, the body is inflated by us with a cap
(``Accept-Encoding`` is limited to what we inflate), and connections go only to vetted addresses
(adapters/channels/address_guard.py). The transport is built on httpcore's public API because httpx
has no hook for the network layer.
"""

from __future__ import annotations

import contextvars
import ssl
import time
import typing
import zlib
from collections.abc import Iterable, Iterator

import httpcore
import httpx

from adapters.channels.address_guard import AddressRefusedError, vetted_addresses
from ports.channels import ChannelLimits, RetryableChannelError

ACCEPTED_ENCODINGS = "gzip, deflate"
_MIB = 1024 * 1024
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "channel_call_deadline", default=None
)


class DeadlineExceededError(RetryableChannelError):
    """The channel did not finish answering within the call's deadline."""


class ResponseTooLargeError(RetryableChannelError):
    """The answer holds (or inflates to) more than a call may read."""


class BrokenEncodingError(RetryableChannelError):
    """The answer says it is gzip or deflate but does not inflate."""


def size_text(limit: int) -> str:
    return f"{limit / _MIB:g} MB" if limit >= _MIB else f"{limit} bytes"


def too_large(limit: int, what: str = "the answer") -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"{what} is larger than {size_text(limit)} (ORDERHUB_CHANNEL_MAX_RESPONSE_BYTES); the next sync retries"
    )


def _left(timeout: float | None, limit: float) -> float | None:
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceededError(
            f"no complete answer within {limit:g} s (ORDERHUB_CHANNEL_CALL_DEADLINE_SECONDS); the next sync retries"
        )
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every operation waits at most until the current call's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, limit: float) -> None:
        self._inner, self._limit = inner, limit

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self._inner.read(max_bytes, _left(timeout, self._limit))
        except httpcore.ReadTimeout:
            _left(None, self._limit)  # raises when it was the deadline that ran out
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, self._limit))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        upgraded = self._inner.start_tls(ssl_context, server_hostname, _left(timeout, self._limit))
        return _DeadlineStream(upgraded, self._limit)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to vetted addresses, and hands out deadline-bound sockets."""

    def __init__(self, limits: ChannelLimits) -> None:
        self._limits, self._inner = limits, httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        limit = self._limits.call_deadline_seconds
        try:
            addresses = vetted_addresses(host, port, self._limits)
        except AddressRefusedError:
            raise
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        failure: Exception | None = None
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    address, port, _left(timeout, limit), local_address, socket_options
                )
            except httpcore.ConnectError as exc:  # try the host's next address, as the resolver would
                failure = exc
                continue
            return _DeadlineStream(stream, limit)
        raise failure or httpcore.ConnectError(f"cannot connect to {host}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore.NetworkStream:
        raise AddressRefusedError("channel calls go over TCP only")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _CappedBody(httpx.SyncByteStream):
    """The body as it arrives, inflated here (gzip, deflate) and cut off past the cap."""

    def __init__(self, inner: Iterable[bytes], encoding: str, limit: int, close: typing.Callable[[], None]):
        self._inner, self._encoding, self._limit, self._close = inner, encoding, limit, close

    def __iter__(self) -> Iterator[bytes]:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32) if self._encoding else None  # gzip or zlib
        taken = 0
        for chunk in self._inner:
            for piece in self._inflated(inflater, chunk) if inflater else (chunk,):
                taken += len(piece)
                if taken > self._limit:
                    raise too_large(self._limit)
                if piece:
                    yield piece
        rest = inflater.flush() if inflater is not None else b""
        if taken + len(rest) > self._limit:
            raise too_large(self._limit)
        if rest:
            yield rest

    def _inflated(self, inflater: typing.Any, data: bytes) -> Iterator[bytes]:
        """What ``data`` inflates to, at most 1 MB at a time (a bomb never inflates at once)."""
        while data:
            try:
                yield inflater.decompress(data, _MIB)
            except zlib.error as exc:
                raise BrokenEncodingError(
                    f"the answer's {self._encoding} data is broken ({exc}); the next sync retries"
                ) from None
            data = inflater.unconsumed_tail

    def close(self) -> None:
        self._close()


def _httpx_error(
    exc: httpcore.TimeoutException | httpcore.NetworkError | httpcore.ProtocolError,
) -> Exception:
    # httpcore and httpx name their transport errors alike (ReadTimeout, ConnectError, ...)
    kind = getattr(httpx, type(exc).__name__, None)
    if isinstance(kind, type) and issubclass(kind, httpx.TransportError):
        return kind(str(exc))
    return httpx.TransportError(str(exc))


class BoundedTransport(httpx.BaseTransport):
    def __init__(self, limits: ChannelLimits) -> None:
        self._limits = limits
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=True),
            network_backend=_GuardedBackend(limits),
            max_connections=10,
            keepalive_expiry=5.0,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _deadline.set(time.monotonic() + self._limits.call_deadline_seconds)
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=typing.cast(Iterable[bytes], request.stream),
            extensions=request.extensions,
        )
        try:
            answer = self._pool.handle_request(core_request)
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _httpx_error(exc) from None
        headers = httpx.Headers(answer.headers)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._limits.max_response_bytes:
            answer.close()
            raise too_large(self._limits.max_response_bytes)
        encoding = headers.get("content-encoding", "").strip().lower()
        if encoding in ("gzip", "x-gzip", "deflate"):
            headers.pop("content-encoding")  # inflated below, so httpx must not inflate it again
            headers.pop("content-length", None)
        else:
            encoding = ""
        body = _CappedBody(self._raw(answer), encoding, self._limits.max_response_bytes, answer.close)
        return httpx.Response(answer.status, headers=headers, stream=body, extensions=answer.extensions)

    @staticmethod
    def _raw(answer: httpcore.Response) -> Iterator[bytes]:
        try:
            yield from typing.cast(Iterable[bytes], answer.stream)
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _httpx_error(exc) from None

    def close(self) -> None:
        self._pool.close()
