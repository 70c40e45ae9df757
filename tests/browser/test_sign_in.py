"""Signing in to the console in Chromium (CONSOLE.md "Signing in")."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import Browsing, LiveServer, assert_accessible, main_navigation, sign_in
from tools.live_console import PASSWORD


def test_a_wrong_password_shows_one_alert_that_does_not_say_which_part_was_wrong(browsing: Browsing) -> None:
    page = browsing.page()
    page.goto("/console/login")
    assert_accessible(page)
    sign_in(page, "staff", password="not-the-password")
    expect(page.get_by_role("alert")).to_have_text(re.compile("Wrong username or password"))
    expect(page).to_have_url(re.compile(r"/console/login"))
    sign_in(page, "nobody-of-that-name", password="not-the-password")
    expect(page.get_by_role("alert")).to_have_text(re.compile("Wrong username or password"))


def test_a_page_asked_for_without_a_session_opens_after_signing_in(browsing: Browsing) -> None:
    page = browsing.page()
    page.goto("/console/orders?status=paid")
    expect(page).to_have_url(re.compile(r"/console/login"))
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/console/orders\?status=paid$"))


def test_the_root_leads_to_the_console_and_sign_out_ends_the_session(
    browsing: Browsing, server: LiveServer
) -> None:
    page = browsing.page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/console/login"))
    sign_in(page, "viewer")
    expect(page).to_have_url(re.compile(r"/console/?$"))
    nav = main_navigation(page)
    for link in ("Dashboard", "Orders", "Customers", "Channels", "Reports"):
        expect(nav.get_by_role("link", name=link, exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/console/login"))
    page.goto("/console/orders")
    expect(page).to_have_url(re.compile(r"/console/login"))


def test_the_session_cookie_is_http_only_and_same_site_lax(browsing: Browsing) -> None:
    page = browsing.page("staff")
    page.goto("/console")
    cookies = page.context.cookies()
    assert cookies, "no session cookie after signing in"
    for cookie in cookies:
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax", cookie
    assert page.evaluate("document.cookie") == ""


def test_pages_refuse_framing_and_send_a_content_security_policy(browsing: Browsing) -> None:
    page = browsing.page()
    answer = page.goto("/console/login")
    assert answer is not None
    headers = answer.headers
    assert "content-security-policy" in headers
    framing = headers.get("x-frame-options", "").upper() in ("DENY", "SAMEORIGIN")
    assert framing or "frame-ancestors" in headers["content-security-policy"]


def test_signing_in_in_german(browsing: Browsing) -> None:
    page = browsing.page(locale="de-DE")
    page.goto("/console/login")
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_label("Benutzername").fill("staff")
    page.get_by_label("Passwort").fill("not-the-password")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_have_text(re.compile("Falscher Benutzername oder falsches Passwort"))
    page.get_by_label("Benutzername").fill("staff")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    nav = main_navigation(page)
    for link in ("Übersicht", "Bestellungen", "Kunden", "Kanäle", "Berichte"):
        expect(nav.get_by_role("link", name=link, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    assert_accessible(page)
