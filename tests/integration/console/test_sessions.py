"""Signing in and out of the console, on every store: the session is a row, and ends everywhere."""

from __future__ import annotations

from fastapi.testclient import TestClient

from entrypoints.http.app import create_app
from tests.support.console import PASSWORD, ConsoleBrowser
from tests.support.harness import Harness


def test_signing_in_lands_on_the_dashboard_with_a_session_cookie(console: Harness) -> None:
    browser = ConsoleBrowser(console)
    response = browser.sign_in("bob")
    assert response.status_code == 200
    assert response.url.path == "/console"
    assert "bob" in response.text
    cookie = response.history[0].headers["set-cookie"]
    assert "orderhub_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP, secure_cookies off


def test_a_wrong_password_shows_one_alert_and_starts_no_session(console: Harness) -> None:
    browser = ConsoleBrowser(console)
    for name, password in (("bob", "not his password"), ("nobody", PASSWORD)):
        response = browser.sign_in(name, password)
        assert response.status_code == 400
        assert '<p role="alert" class="alert">Wrong username or password</p>' in response.text
        assert "orderhub_session" not in browser.client.cookies
    assert browser.client.get("/console", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(console: Harness) -> None:
    browser = ConsoleBrowser.signed_in(console, "bob")
    token = browser.client.cookies["orderhub_session"]
    stolen = TestClient(console.app, cookies={"orderhub_session": token})
    assert stolen.get("/console", follow_redirects=False).status_code == 200
    response = browser.post("/console/logout")
    assert response.url.path == "/console/login"
    assert "orderhub_session" not in browser.client.cookies
    assert stolen.get("/console", follow_redirects=False).status_code == 303


def test_a_session_ends_after_the_idle_time_and_lives_while_used(console: Harness) -> None:
    browser = ConsoleBrowser.signed_in(console, "bob")
    for _ in range(3):  # 3 x 7 hours, each within 8 idle hours of the one before
        console.clock.advance(hours=7)
        assert browser.get("/console", follow_redirects=False).status_code == 200
    console.clock.advance(hours=8, seconds=1)
    response = browser.get("/console", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=%2Fconsole"


def test_a_disabled_user_loses_their_session_at_the_next_request(console: Harness) -> None:
    browser = ConsoleBrowser.signed_in(console, "bob")
    console.services.users.disable("bob")
    assert browser.get("/console", follow_redirects=False).status_code == 303


def test_a_session_is_shared_by_every_process_on_the_store(console: Harness) -> None:
    """Another application on the same services (as another worker would be) knows the session."""
    browser = ConsoleBrowser.signed_in(console, "bob")
    other = TestClient(create_app(console.services, admin_key=None))
    other.cookies.set("orderhub_session", browser.client.cookies["orderhub_session"], path="/console")
    assert other.get("/console", follow_redirects=False).status_code == 200
