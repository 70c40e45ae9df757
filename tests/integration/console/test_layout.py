"""What every console page has: the navigation landmark, Sign out, the user's language."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.support.console import ConsoleBrowser

NAV = re.compile(r'<nav aria-label="[^"]+">(.*?)</nav>', re.DOTALL)


def nav_labels(html: str) -> list[str]:
    found = NAV.search(html)
    assert found, "no navigation landmark"
    return re.findall(r">([^<>]+)</(?:a|span)>", found.group(1))


def test_the_navigation_names_every_page_and_sign_out_is_a_form(
    signed_in: Callable[[str], ConsoleBrowser],
) -> None:
    page = signed_in("vera").get("/console")
    assert nav_labels(page.text) == ["Dashboard", "Orders", "Customers", "Channels", "Reports"]
    assert re.search(
        r'<form method="post" action="/console/logout"[^>]*>\s*<input type="hidden" '
        r'name="csrf_token" value="[^"]+">\s*<button type="submit">Sign out</button>',
        page.text,
    )
    assert '<html lang="en">' in page.text


def test_german_with_accept_language(signed_in: Callable[[str], ConsoleBrowser]) -> None:
    page = signed_in("bob").get("/console", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert nav_labels(page.text) == ["Übersicht", "Bestellungen", "Kunden", "Kanäle", "Berichte"]
    assert ">Abmelden</button>" in page.text
    assert '<html lang="de">' in page.text


def test_the_sign_in_page_speaks_german_too(signed_in: Callable[[str], ConsoleBrowser]) -> None:
    browser = signed_in("bob")
    browser.post("/console/logout")
    page = browser.client.get("/console/login", headers={"Accept-Language": "de"})
    assert '<label for="username">Benutzername</label>' in page.text
    assert '<label for="password">Passwort</label>' in page.text
    assert ">Anmelden</button>" in page.text


def test_a_chosen_language_beats_the_browsers_for_the_session(
    signed_in: Callable[[str], ConsoleBrowser],
) -> None:
    browser = signed_in("bob")
    back = browser.post("/console/language", {"language": "de", "back": "/console"})
    assert back.url.path == "/console"
    assert ">Abmelden</button>" in browser.get("/console", headers={"Accept-Language": "en"}).text
    browser.post("/console/language", {"language": "", "back": "https://evil.example/"})
    assert ">Sign out</button>" in browser.get("/console", headers={"Accept-Language": "en"}).text


def test_a_page_that_is_not_there_is_a_console_page_saying_so(
    signed_in: Callable[[str], ConsoleBrowser],
) -> None:
    browser = signed_in("vera")
    page = browser.get("/console/no/such/page")
    assert page.status_code == 404
    assert (
        'role="alert"' in page.text
        and "/console/no/such/page" in page.text
        and ">Sign out</button>" in page.text
    )
    assert browser.get("/console/static/console.css").status_code == 200  # the static files still win
    anonymous = ConsoleBrowser(browser.harness).client.get("/console/nothing", follow_redirects=False)
    assert anonymous.status_code == 303  # signed out, it says nothing about what exists
