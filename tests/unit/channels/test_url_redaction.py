"""A password inside a URL is masked wherever secrets are (ports/redaction.py, application/channels.py)."""

from __future__ import annotations

import logging

import httpx
import pytest

from adapters.channels.channel_http import channel_http_client
from adapters.channels.jtl_shop.kind import JtlShopSettings
from application.channels import masked
from ports.channels import ChannelLimits
from ports.redaction import url_without_password


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://user:pw@shop.example/x?y=1", "http://user:********@shop.example/x?y=1"),
        ("https://user:p%40ss@shop.example:8443/", "https://user:********@shop.example:8443/"),
        ("https://user@shop.example/", "https://user@shop.example/"),
        ("https://shop.example/a@b", "https://shop.example/a@b"),
        ("not a url @ all", "not a url @ all"),
    ],
)
def test_only_the_password_of_a_url_is_masked(url: str, shown: str) -> None:
    assert url_without_password(url) == shown


def test_masked_settings_show_a_url_without_its_password() -> None:
    settings = JtlShopSettings(url="https://wawi:hunter2@shop.example", username="sync", password="pw")
    assert masked(settings)["url"] == "https://wawi:********@shop.example"
    assert masked(settings)["password"] == "********"


def test_the_http_clients_log_lines_mask_the_password(caplog: pytest.LogCaptureFixture) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="0"))
    with (
        channel_http_client(ChannelLimits(), 5.0, transport=transport) as client,
        caplog.at_level(logging.INFO),
    ):
        client.get("https://wawi:hunter2@shop.example/dbeS/lastjobs")
    assert "HTTP Request" in caplog.text
    assert "hunter2" not in caplog.text and "wawi:********@shop.example" in caplog.text
