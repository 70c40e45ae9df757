"""The console's guards: sign-in redirects, CSRF, security headers, cookie flags."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.support.console import ConsoleBrowser
from tests.support.harness import Harness


def test_the_root_redirects_to_the_console(memory_console: Harness) -> None:
    response = TestClient(memory_console.app).get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/console"


@pytest.mark.parametrize("path", ["/console", "/console/orders?status=paid&source=immediate"])
def test_without_a_session_a_page_sends_to_the_sign_in_and_back(memory_console: Harness, path: str) -> None:
    browser = ConsoleBrowser(memory_console)
    first = browser.client.get(path, follow_redirects=False)
    assert first.status_code in (303, 307)
    response = browser.client.get(path)  # the redirect(s) to the sign-in page
    assert response.url.path == "/console/login"
    wanted = response.url.params["next"]
    assert wanted.startswith("/console")
    landed = browser.sign_in("bob", next_path=wanted)
    assert landed.status_code == 200
    assert str(landed.url).endswith(wanted)


def test_htmx_requests_without_a_session_are_told_where_to_go(memory_console: Harness) -> None:
    response = TestClient(memory_console.app).get(
        "/console", headers={"HX-Request": "true"}, follow_redirects=False
    )
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/console/login?next=%2Fconsole"


@pytest.mark.parametrize(
    "wanted",
    [
        "https://evil.example/console",
        "//evil.example/console",
        "/\\evil.example",
        "\\\\evil.example",
        "/api/v1/orders",
        "javascript:alert(1)",
        "/console/logout",
        "/console\n/x",
    ],
)
def test_signing_in_never_leaves_the_console(memory_console: Harness, wanted: str) -> None:
    landed = ConsoleBrowser(memory_console).sign_in("bob", next_path=wanted)
    assert landed.history[-1].headers["location"] == "/console"


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    signed_in: Callable[[str], ConsoleBrowser],
) -> None:
    browser = signed_in("bob")
    for form in ({"csrf_token": ""}, {"csrf_token": "forged"}, {"csrf_token": browser.csrf[:-1]}):
        refused = browser.client.post("/console/logout", data=form, follow_redirects=False)
        assert refused.status_code == 403
        assert 'role="alert"' in refused.text
    assert browser.get("/console", follow_redirects=False).status_code == 200  # still signed in
    by_header = browser.client.post(
        "/console/logout", headers={"X-CSRF-Token": browser.csrf}, follow_redirects=False
    )
    assert by_header.status_code == 303


def test_another_sessions_token_does_not_pass(signed_in: Callable[[str], ConsoleBrowser]) -> None:
    bob, vera = signed_in("bob"), signed_in("vera")
    assert bob.csrf != vera.csrf
    response = bob.client.post("/console/logout", data={"csrf_token": vera.csrf}, follow_redirects=False)
    assert response.status_code == 403


def test_the_sign_in_form_needs_its_token_too(memory_console: Harness) -> None:
    client = TestClient(memory_console.app)
    form = {"username": "bob", "password": "correct horse battery"}
    assert client.post("/console/login", data=form, follow_redirects=False).status_code == 403
    client.get("/console/login")
    response = client.post("/console/login", data={**form, "csrf_token": "guessed"}, follow_redirects=False)
    assert response.status_code == 403
    assert "orderhub_session" not in client.cookies


def test_pages_send_a_strict_content_security_policy_and_refuse_framing(
    signed_in: Callable[[str], ConsoleBrowser],
) -> None:
    browser = signed_in("bob")
    for response in (browser.get("/console"), browser.client.get("/console/login")):
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert "<script>" not in response.text  # every script is a file: the policy allows no other


def test_the_session_cookie_is_secure_over_https_and_when_configured(memory_console: Harness) -> None:
    over_https = ConsoleBrowser(memory_console, base_url="https://testserver").sign_in("bob")
    assert "Secure" in over_https.history[0].headers["set-cookie"]
    behind_a_proxy = create_app(memory_console.services, None, Settings.model_construct(secure_cookies=True))
    page = TestClient(behind_a_proxy).get("/console/login")  # plain HTTP here, HTTPS at the browser
    assert "; Secure" in page.headers["set-cookie"]


def test_repeated_wrong_passwords_are_slowed_down(memory_console: Harness) -> None:
    browser = ConsoleBrowser(memory_console)
    statuses = [browser.sign_in("bob", "wrong password!").status_code for _ in range(6)]
    assert statuses[-1] == 429
    response = browser.sign_in("bob")  # even the right password waits
    assert response.status_code == 429
    assert 'role="alert"' in response.text and "Retry-After" in response.headers
    memory_console.clock.advance(seconds=int(response.headers["Retry-After"]))
    assert browser.sign_in("bob").url.path == "/console"
