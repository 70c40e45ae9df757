"""The shared channel HTTP layer against a misbehaving server over real HTTP: deadline, size cap,
gzip inflation, JSON that is too deep or not UTF-8, answers that are never quoted."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from starlette.responses import Response

from adapters.channels.bounded_transport import DeadlineExceededError, ResponseTooLargeError
from adapters.channels.channel_http import channel_http_client
from adapters.channels.http_retry import json_body, send_with_retry
from ports.channels import ChannelLimits, RetryableChannelError
from simulators import hostile
from simulators.server import BackgroundServer

MB = 1024 * 1024
PAGE = b'{"orders": []}'


def hostile_app() -> FastAPI:
    app = FastAPI()
    app.get("/drip")(lambda: hostile.drip(PAGE, 0.2))
    app.get("/padded")(lambda: hostile.padded(8 * MB, PAGE))
    app.get("/declared")(lambda: hostile.padded(8 * MB, PAGE, declare_length=True))
    app.get("/bomb")(lambda: hostile.gzip_bomb(64 * MB, PAGE))
    app.get("/gzip")(
        lambda: Response(
            gzip.compress(b'{"ok": "' + b"x" * 500_000 + b'"}'), headers={"Content-Encoding": "gzip"}
        )
    )
    app.get("/broken-gzip")(lambda: Response(b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    app.get("/deep")(lambda: hostile.deep_json(200_000))
    app.get("/latin1")(
        lambda: Response('{"title": "Uhr \xe4"}'.encode("latin-1"), media_type="application/json")
    )
    app.get("/html")(lambda: Response("<html>payroll of the whole company</html>", media_type="text/html"))
    return app


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with BackgroundServer(hostile_app()) as server:
        yield server.url


def get(url: str, path: str, limits: ChannelLimits, sleeps: list[float] | None = None) -> httpx.Response:
    with channel_http_client(limits, timeout=5.0) as client:
        waits = sleeps if sleeps is not None else []
        return send_with_retry(lambda: client.get(url + path), sleep=waits.append, what="test call")


def test_a_drip_ends_at_the_deadline_and_is_not_retried(url: str) -> None:
    started, sleeps = time.monotonic(), []
    with pytest.raises(DeadlineExceededError, match=r"test call: no complete answer within 0\.5 s"):
        get(url, "/drip", ChannelLimits(call_deadline_seconds=0.5), sleeps)
    assert time.monotonic() - started < 2
    assert sleeps == []


def test_an_answer_within_the_deadline_arrives_whole(url: str) -> None:
    assert get(url, "/drip", ChannelLimits(call_deadline_seconds=10)).content == PAGE


@pytest.mark.parametrize("path", ["/padded", "/declared", "/bomb"])
def test_answers_over_the_cap_are_refused(url: str, path: str) -> None:
    with pytest.raises(ResponseTooLargeError, match=r"test call: the answer is larger than 1 MB"):
        get(url, path, ChannelLimits(max_response_bytes=1 * MB))


@pytest.mark.parametrize("path", ["/padded", "/bomb"])
def test_answers_under_the_cap_arrive_inflated(url: str, path: str) -> None:
    assert get(url, path, ChannelLimits(max_response_bytes=100 * MB)).json() == {"orders": []}


def test_a_gzip_answer_is_inflated_once(url: str) -> None:
    response = get(url, "/gzip", ChannelLimits())
    assert response.json() == {"ok": "x" * 500_000}
    assert "content-encoding" not in response.headers


def test_a_gzip_answer_that_does_not_inflate_is_a_channel_error(url: str) -> None:
    with pytest.raises(RetryableChannelError, match=r"test call: the answer's gzip data is broken"):
        get(url, "/broken-gzip", ChannelLimits())


def test_json_nested_too_deeply_is_a_channel_error(url: str) -> None:
    with pytest.raises(RetryableChannelError, match="nested more than 1024 levels deep"):
        json_body(get(url, "/deep", ChannelLimits()), "test call")


def test_a_byte_that_is_not_utf8_spoils_only_its_text(url: str) -> None:
    response = get(url, "/latin1", ChannelLimits())
    assert json_body(response, "test call") == {"title": "Uhr \ufffd"}
    assert json_body(response, "test call", keep_bad_bytes=True) == {"title": "Uhr \udce4"}


def test_an_answer_that_is_not_json_is_described_not_quoted(url: str) -> None:
    with pytest.raises(RetryableChannelError) as raised:
        json_body(get(url, "/html", ChannelLimits()), "test call")
    assert "expected JSON, got text/html" in str(raised.value)
    assert "payroll" not in str(raised.value)
