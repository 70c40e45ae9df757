"""The browser harness itself: Chromium runs by its path, the origin guard and axe catch what they must."""

from __future__ import annotations

import pytest

from tests.browser.support import Browsing, LiveServer, OriginGuard, serious_violations


def test_chromium_is_the_distributions_and_serves_orderhub_pages(
    browsing: Browsing, server: LiveServer
) -> None:
    page = browsing.page()
    answer = page.goto("/health/live")
    assert answer is not None and answer.ok
    assert page.context.browser is not None and page.context.browser.version.split(".")[0].isdigit()


def test_a_request_to_another_origin_is_stopped_and_reported(browsing: Browsing, server: LiveServer) -> None:
    context = browsing.browser.new_context(base_url=server.url)
    guard = OriginGuard(server.url)
    guard.install(context)
    try:
        page = context.new_page()
        page.goto("/health/live")
        page.set_content('<img alt="" src="https://cdn.example.com/logo.png"><p>offline</p>')
        page.wait_for_load_state("networkidle")
        assert guard.left == ["https://cdn.example.com/logo.png"]
        with pytest.raises(AssertionError, match=r"cdn\.example\.com"):
            guard.check()
    finally:
        context.close()


def test_axe_reports_a_serious_violation_and_passes_a_clean_page(browsing: Browsing) -> None:
    page = browsing.page()
    page.set_content('<html lang="en"><title>t</title><main><h1>Orders</h1><img src="x.png"></main></html>')
    assert any(v.startswith("image-alt (critical)") for v in serious_violations(page))
    page.set_content(
        '<html lang="en"><title>t</title><main><h1>Orders</h1><img src="x.png" alt="Logo"></main></html>'
    )
    assert serious_violations(page) == []
